ALTER TABLE "mail_outbox" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD COLUMN "plan_measure_id" uuid;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD COLUMN "est_report_id" uuid;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD CONSTRAINT "walk_findings_plan_measure_id_measures_id_fk" FOREIGN KEY ("plan_measure_id") REFERENCES "public"."measures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD CONSTRAINT "walk_findings_est_report_id_est_reports_id_fk" FOREIGN KEY ("est_report_id") REFERENCES "public"."est_reports"("id") ON DELETE set null ON UPDATE no action;