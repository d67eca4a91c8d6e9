CREATE TABLE "est_escalation_settings" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"repeat_cycles" integer DEFAULT 3 NOT NULL,
	"recipient_group" text DEFAULT 'bra' NOT NULL,
	"recipient_emails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "est_escalation_settings_cycles" CHECK (repeat_cycles between 2 and 26),
	CONSTRAINT "est_escalation_settings_group" CHECK (recipient_group in ('bra', 'kommunledning'))
);
--> statement-breakpoint
CREATE TABLE "est_escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"place" text NOT NULL,
	"reason" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"priority_id" uuid,
	"meeting_id" uuid,
	"cycles" integer,
	"recipient_group" text NOT NULL,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notified_at" timestamp with time zone,
	"status" text DEFAULT 'oppen' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"outcome_on" date,
	"plan_id" uuid,
	"measure_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "est_escalations_priority_once" UNIQUE("priority_id"),
	CONSTRAINT "est_escalations_reason" CHECK (reason in ('upprepad_prioritering', 'motesbeslut')),
	CONSTRAINT "est_escalations_group" CHECK (recipient_group in ('bra', 'kommunledning')),
	CONSTRAINT "est_escalations_status" CHECK (status in ('oppen', 'avgjord'))
);
--> statement-breakpoint
ALTER TABLE "est_escalation_settings" ADD CONSTRAINT "est_escalation_settings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_escalation_settings" ADD CONSTRAINT "est_escalation_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_escalations" ADD CONSTRAINT "est_escalations_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_escalations" ADD CONSTRAINT "est_escalations_priority_id_est_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."est_priorities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_escalations" ADD CONSTRAINT "est_escalations_meeting_id_est_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."est_meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_escalations" ADD CONSTRAINT "est_escalations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "est_escalations_municipality_idx" ON "est_escalations" USING btree ("municipality_id","created_at");