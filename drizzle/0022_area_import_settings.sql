CREATE TABLE "area_import_settings" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"name_property" text NOT NULL,
	"code_property" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "area_import_settings" ADD CONSTRAINT "area_import_settings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;