CREATE TABLE "walk_resident_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"place" text NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"photo" "bytea",
	"photo_width" integer,
	"photo_height" integer,
	"status" text DEFAULT 'vantar' NOT NULL,
	"finding_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"moderated_at" timestamp with time zone,
	"moderated_by" uuid,
	CONSTRAINT "walk_resident_reports_status" CHECK (status in ('vantar', 'godkand', 'avvisad'))
);
--> statement-breakpoint
ALTER TABLE "walk_resident_reports" ADD CONSTRAINT "walk_resident_reports_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_resident_reports" ADD CONSTRAINT "walk_resident_reports_finding_id_walk_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."walk_findings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_resident_reports" ADD CONSTRAINT "walk_resident_reports_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "walk_resident_reports_queue_idx" ON "walk_resident_reports" USING btree ("municipality_id","status","received_at");