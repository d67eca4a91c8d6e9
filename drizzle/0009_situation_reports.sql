CREATE TABLE "plan_situation_reports" (
	"plan_id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "situation_report_focus_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"title" text NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"area_ids" uuid[] DEFAULT '{}' NOT NULL,
	"categories" text[] DEFAULT '{}' NOT NULL,
	"focus_area_id" uuid
);
--> statement-breakpoint
CREATE TABLE "situation_report_problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_focus_area_id" uuid NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"text" text NOT NULL,
	"problem_id" uuid
);
--> statement-breakpoint
CREATE TABLE "situation_report_reminders" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"due_on" date NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "situation_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"title" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" text DEFAULT 'utkast' NOT NULL,
	"adopted_body" text,
	"adopted_on" date,
	"adopted_paragraph" text,
	"summary" text DEFAULT '' NOT NULL,
	"sources_used" text DEFAULT '' NOT NULL,
	"sources_left_out" text DEFAULT '' NOT NULL,
	"crime_text" text DEFAULT '' NOT NULL,
	"unsafety_text" text DEFAULT '' NOT NULL,
	"socioeconomic_text" text DEFAULT '' NOT NULL,
	"analysis_text" text DEFAULT '' NOT NULL,
	"snapshot" jsonb,
	"published" boolean DEFAULT false NOT NULL,
	"based_on_id" uuid,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan_situation_reports" ADD CONSTRAINT "plan_situation_reports_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_situation_reports" ADD CONSTRAINT "plan_situation_reports_report_id_situation_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."situation_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_report_focus_areas" ADD CONSTRAINT "situation_report_focus_areas_report_id_situation_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."situation_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_report_focus_areas" ADD CONSTRAINT "situation_report_focus_areas_focus_area_id_focus_areas_id_fk" FOREIGN KEY ("focus_area_id") REFERENCES "public"."focus_areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_report_problems" ADD CONSTRAINT "situation_report_problems_report_focus_area_id_situation_report_focus_areas_id_fk" FOREIGN KEY ("report_focus_area_id") REFERENCES "public"."situation_report_focus_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_report_problems" ADD CONSTRAINT "situation_report_problems_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_report_reminders" ADD CONSTRAINT "situation_report_reminders_report_id_situation_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."situation_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_reports" ADD CONSTRAINT "situation_reports_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_reports" ADD CONSTRAINT "situation_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "situation_report_focus_areas_report_idx" ON "situation_report_focus_areas" USING btree ("report_id","sort_order");--> statement-breakpoint
CREATE INDEX "situation_report_focus_areas_focus_area_idx" ON "situation_report_focus_areas" USING btree ("focus_area_id");--> statement-breakpoint
CREATE INDEX "situation_reports_municipality_idx" ON "situation_reports" USING btree ("municipality_id");