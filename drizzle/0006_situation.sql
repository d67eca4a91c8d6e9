CREATE TABLE "area_populations" (
	"area_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"sex" text DEFAULT 'T' NOT NULL,
	"age_group" text DEFAULT 'totalt' NOT NULL,
	"population" integer NOT NULL,
	CONSTRAINT "area_populations_area_id_year_sex_age_group_pk" PRIMARY KEY("area_id","year","sex","age_group")
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"source_epsg" integer NOT NULL,
	"source_geometry" jsonb NOT NULL,
	"geometry" jsonb NOT NULL,
	"bbox" jsonb NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"approximate" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "areas_municipality_kind_code" UNIQUE("municipality_id","kind","code")
);
--> statement-breakpoint
CREATE TABLE "crime_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "crime_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"municipality_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"hash_key" text NOT NULL,
	"category" text NOT NULL,
	"crime_code" text,
	"occurred_on" text NOT NULL,
	"year" smallint NOT NULL,
	"month" smallint NOT NULL,
	"weekday" smallint NOT NULL,
	"hour" smallint,
	"easting" double precision,
	"northing" double precision,
	"latitude" double precision,
	"longitude" double precision,
	"area_ids" uuid[] NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "crime_events_municipality_hash" UNIQUE("municipality_id","hash_key")
);
--> statement-breakpoint
CREATE TABLE "crime_import_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"source_name" text NOT NULL,
	"table" jsonb NOT NULL,
	"mapping" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crime_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"source_id" uuid,
	"file_name" text NOT NULL,
	"rows_read" integer NOT NULL,
	"rows_imported" integer NOT NULL,
	"rows_duplicate" integer NOT NULL,
	"rows_rejected" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crime_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crime_sources_municipality_name" UNIQUE("municipality_id","name")
);
--> statement-breakpoint
CREATE TABLE "focus_area_evidence" (
	"focus_area_id" uuid PRIMARY KEY NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"area_ids" uuid[] DEFAULT '{}' NOT NULL,
	"categories" text[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"area_id" uuid,
	"region_code" text,
	"indicator" text NOT NULL,
	"name" text NOT NULL,
	"period" text NOT NULL,
	"sex" text DEFAULT 'T' NOT NULL,
	"age_group" text DEFAULT 'totalt' NOT NULL,
	"value" double precision,
	"unit" text DEFAULT '' NOT NULL,
	"respondents" integer,
	"source" text NOT NULL,
	"licence" text DEFAULT '' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "indicator_values_identity" UNIQUE NULLS NOT DISTINCT("municipality_id","indicator","region_code","area_id","period","sex","age_group")
);
--> statement-breakpoint
ALTER TABLE "area_populations" ADD CONSTRAINT "area_populations_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_events" ADD CONSTRAINT "crime_events_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_events" ADD CONSTRAINT "crime_events_import_id_crime_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."crime_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_import_drafts" ADD CONSTRAINT "crime_import_drafts_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_import_drafts" ADD CONSTRAINT "crime_import_drafts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_imports" ADD CONSTRAINT "crime_imports_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_imports" ADD CONSTRAINT "crime_imports_source_id_crime_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."crime_sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_imports" ADD CONSTRAINT "crime_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_sources" ADD CONSTRAINT "crime_sources_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_area_evidence" ADD CONSTRAINT "focus_area_evidence_focus_area_id_focus_areas_id_fk" FOREIGN KEY ("focus_area_id") REFERENCES "public"."focus_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crime_events_municipality_year_idx" ON "crime_events" USING btree ("municipality_id","year");--> statement-breakpoint
CREATE INDEX "indicator_values_municipality_idx" ON "indicator_values" USING btree ("municipality_id","indicator");