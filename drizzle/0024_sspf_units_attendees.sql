ALTER TABLE "sspf_case_team" ADD COLUMN "unit" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sspf_meetings" ADD COLUMN "attendees" jsonb DEFAULT '[]'::jsonb NOT NULL;