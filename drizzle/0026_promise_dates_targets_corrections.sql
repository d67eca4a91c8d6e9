CREATE TABLE "promise_follow_up_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"follow_up_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"changes" jsonb NOT NULL,
	"corrected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"corrected_by" uuid
);
--> statement-breakpoint
ALTER TABLE "promise_activities" ADD COLUMN "target_kind" text;--> statement-breakpoint
ALTER TABLE "promise_follow_ups" ADD COLUMN "held_on_precision" text;--> statement-breakpoint
ALTER TABLE "promise_outcomes" ADD COLUMN "target_kind" text;--> statement-breakpoint
ALTER TABLE "promise_signatories" ADD COLUMN "signed_on_precision" text;--> statement-breakpoint
ALTER TABLE "promises" ADD COLUMN "next_follow_up_precision" text;--> statement-breakpoint
ALTER TABLE "promises" ADD COLUMN "signed_on_precision" text;--> statement-breakpoint
ALTER TABLE "promise_follow_up_corrections" ADD CONSTRAINT "promise_follow_up_corrections_follow_up_id_promise_follow_ups_id_fk" FOREIGN KEY ("follow_up_id") REFERENCES "public"."promise_follow_ups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_follow_up_corrections" ADD CONSTRAINT "promise_follow_up_corrections_corrected_by_users_id_fk" FOREIGN KEY ("corrected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promise_follow_up_corrections_idx" ON "promise_follow_up_corrections" USING btree ("follow_up_id","corrected_at");