CREATE TABLE "est_cycle_settings" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"cadence" text NOT NULL,
	"first_cycle_start" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "est_cycle_settings_cadence" CHECK (cadence in ('vecka', '14dagar', 'manad'))
);
--> statement-breakpoint
CREATE TABLE "est_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"category" text NOT NULL,
	"place" text NOT NULL,
	"occurred_on" date NOT NULL,
	"effect" smallint NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reported_by" uuid,
	CONSTRAINT "est_reports_effect" CHECK (effect between 1 and 4)
);
--> statement-breakpoint
ALTER TABLE "est_cycle_settings" ADD CONSTRAINT "est_cycle_settings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_cycle_settings" ADD CONSTRAINT "est_cycle_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_reports" ADD CONSTRAINT "est_reports_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_reports" ADD CONSTRAINT "est_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "est_reports_municipality_idx" ON "est_reports" USING btree ("municipality_id","occurred_on");