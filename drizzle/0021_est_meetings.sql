CREATE TABLE "est_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"participant_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "est_priorities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"place" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"meeting_id" uuid NOT NULL,
	"released_meeting_id" uuid
);
--> statement-breakpoint
CREATE TABLE "est_task_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"status" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "est_task_checks_once" UNIQUE("task_id","meeting_id"),
	CONSTRAINT "est_task_checks_status" CHECK (status in ('pagar', 'klar', 'inte_klar'))
);
--> statement-breakpoint
CREATE TABLE "est_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"what" text NOT NULL,
	"place" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'oppen' NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "est_tasks_status" CHECK (status in ('oppen', 'pagar', 'klar', 'inte_klar'))
);
--> statement-breakpoint
ALTER TABLE "est_meetings" ADD CONSTRAINT "est_meetings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_meetings" ADD CONSTRAINT "est_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_priorities" ADD CONSTRAINT "est_priorities_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_priorities" ADD CONSTRAINT "est_priorities_meeting_id_est_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."est_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_priorities" ADD CONSTRAINT "est_priorities_released_meeting_id_est_meetings_id_fk" FOREIGN KEY ("released_meeting_id") REFERENCES "public"."est_meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_task_checks" ADD CONSTRAINT "est_task_checks_task_id_est_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."est_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_task_checks" ADD CONSTRAINT "est_task_checks_meeting_id_est_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."est_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_tasks" ADD CONSTRAINT "est_tasks_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_tasks" ADD CONSTRAINT "est_tasks_meeting_id_est_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."est_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_tasks" ADD CONSTRAINT "est_tasks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "est_meetings_municipality_idx" ON "est_meetings" USING btree ("municipality_id","held_on");--> statement-breakpoint
CREATE INDEX "est_priorities_municipality_idx" ON "est_priorities" USING btree ("municipality_id");--> statement-breakpoint
CREATE INDEX "est_tasks_municipality_idx" ON "est_tasks" USING btree ("municipality_id","status");