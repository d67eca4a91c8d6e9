CREATE TABLE "promise_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"promise_id" uuid NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"activity" text NOT NULL,
	"group_text" text,
	"scope" text DEFAULT '' NOT NULL,
	"time_text" text DEFAULT '' NOT NULL,
	"responsible" text DEFAULT '' NOT NULL,
	"follow_up" text DEFAULT '' NOT NULL,
	"target_value" integer,
	"target_unit" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_activity_measures" (
	"activity_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	CONSTRAINT "promise_activity_measures_activity_id_measure_id_pk" PRIMARY KEY("activity_id","measure_id")
);
--> statement-breakpoint
CREATE TABLE "promise_dialogues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"promise_id" uuid NOT NULL,
	"text" text NOT NULL,
	"count" integer,
	"respondents" integer,
	"held" text,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"promise_id" uuid NOT NULL,
	"from_year" integer,
	"to_year" integer NOT NULL,
	"decided_on" date,
	"text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"promise_id" uuid NOT NULL,
	"message" text NOT NULL,
	"name" text,
	"email" text,
	"status" text DEFAULT 'ny' NOT NULL,
	"answer" text,
	"answer_published" boolean DEFAULT false NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_focus_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"promise_id" uuid NOT NULL,
	"title" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"promise_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"forum" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "promise_import_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"parsed" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_id" uuid NOT NULL,
	"text" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"follow_up_id" uuid NOT NULL,
	"activity_id" uuid,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"activity_text" text NOT NULL,
	"target_value" integer,
	"target_unit" text,
	"achieved" integer,
	"status" text,
	"done" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"promise_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promise_signatories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"promise_id" uuid NOT NULL,
	"party_key" text,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"signed_on" date,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"period_start" integer,
	"period_end" integer,
	"status" text DEFAULT 'utkast' NOT NULL,
	"introduction" text DEFAULT '' NOT NULL,
	"problem_picture" text DEFAULT '' NOT NULL,
	"commitment" text DEFAULT '' NOT NULL,
	"timeframe" text DEFAULT '' NOT NULL,
	"follow_up_forum" text DEFAULT '' NOT NULL,
	"next_follow_up_on" date,
	"internal_notes" text DEFAULT '' NOT NULL,
	"licence" text DEFAULT 'CC0-1.0' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"signed_on" date,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promises_municipality_slug" UNIQUE("municipality_id","slug")
);
--> statement-breakpoint
ALTER TABLE "promise_activities" ADD CONSTRAINT "promise_activities_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_activity_measures" ADD CONSTRAINT "promise_activity_measures_activity_id_promise_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."promise_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_activity_measures" ADD CONSTRAINT "promise_activity_measures_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_dialogues" ADD CONSTRAINT "promise_dialogues_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_extensions" ADD CONSTRAINT "promise_extensions_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_feedback" ADD CONSTRAINT "promise_feedback_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_feedback" ADD CONSTRAINT "promise_feedback_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_focus_areas" ADD CONSTRAINT "promise_focus_areas_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_follow_ups" ADD CONSTRAINT "promise_follow_ups_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_follow_ups" ADD CONSTRAINT "promise_follow_ups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_import_drafts" ADD CONSTRAINT "promise_import_drafts_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_import_drafts" ADD CONSTRAINT "promise_import_drafts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_lines" ADD CONSTRAINT "promise_lines_party_id_promise_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."promise_parties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_outcomes" ADD CONSTRAINT "promise_outcomes_follow_up_id_promise_follow_ups_id_fk" FOREIGN KEY ("follow_up_id") REFERENCES "public"."promise_follow_ups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_outcomes" ADD CONSTRAINT "promise_outcomes_activity_id_promise_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."promise_activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_parties" ADD CONSTRAINT "promise_parties_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_signatories" ADD CONSTRAINT "promise_signatories_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promise_activities_promise_idx" ON "promise_activities" USING btree ("promise_id","sort_order");--> statement-breakpoint
CREATE INDEX "promise_feedback_promise_idx" ON "promise_feedback" USING btree ("promise_id","created_at");--> statement-breakpoint
CREATE INDEX "promise_follow_ups_promise_idx" ON "promise_follow_ups" USING btree ("promise_id","held_on");--> statement-breakpoint
CREATE INDEX "promise_lines_party_idx" ON "promise_lines" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "promises_municipality_idx" ON "promises" USING btree ("municipality_id");