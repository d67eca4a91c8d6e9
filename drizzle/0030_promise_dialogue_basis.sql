ALTER TABLE "promise_activities" ADD COLUMN "answers" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "promise_dialogues" ADD COLUMN "kind" text DEFAULT 'dialog' NOT NULL;--> statement-breakpoint
ALTER TABLE "promise_dialogues" ADD COLUMN "respondents_approx" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "promise_dialogues" ADD COLUMN "share" integer;