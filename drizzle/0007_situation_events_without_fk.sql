ALTER TABLE "crime_events" DROP CONSTRAINT "crime_events_municipality_id_municipalities_id_fk";
--> statement-breakpoint
ALTER TABLE "crime_events" DROP CONSTRAINT "crime_events_import_id_crime_imports_id_fk";
