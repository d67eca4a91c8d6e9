CREATE TABLE "follow_up_answer_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"done" text DEFAULT '' NOT NULL,
	"next_steps" text DEFAULT '' NOT NULL,
	"indicator_values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "follow_up_answer_parts_round_measure_organisation" UNIQUE("round_id","measure_id","organisation_id")
);
--> statement-breakpoint
ALTER TABLE "follow_up_answer_parts" ADD CONSTRAINT "follow_up_answer_parts_round_id_follow_up_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."follow_up_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_answer_parts" ADD CONSTRAINT "follow_up_answer_parts_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_answer_parts" ADD CONSTRAINT "follow_up_answer_parts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_answer_parts" ADD CONSTRAINT "follow_up_answer_parts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;