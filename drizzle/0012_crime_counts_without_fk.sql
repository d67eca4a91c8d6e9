ALTER TABLE "crime_area_month_counts" DROP CONSTRAINT "crime_area_month_counts_municipality_id_municipalities_id_fk";
--> statement-breakpoint
ALTER TABLE "crime_time_counts" DROP CONSTRAINT "crime_time_counts_municipality_id_municipalities_id_fk";
--> statement-breakpoint
ALTER TABLE "crime_year_counts" DROP CONSTRAINT "crime_year_counts_municipality_id_municipalities_id_fk";
