CREATE TABLE "est_categories" (
	"municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "est_categories_municipality_id_name_pk" PRIMARY KEY("municipality_id","name")
);
--> statement-breakpoint
CREATE TABLE "est_participants" (
	"municipality_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "est_participants_municipality_id_organisation_id_pk" PRIMARY KEY("municipality_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "sspf_case_team" (
	"case_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sspf_case_team_case_id_user_id_pk" PRIMARY KEY("case_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "sspf_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"status" text DEFAULT 'aktuell' NOT NULL,
	"coordinator_id" uuid,
	"referral_source" text NOT NULL,
	"referred_on" date NOT NULL,
	"closed_on" date,
	"plan_lead_organisation_id" uuid,
	"wrapped_key" text,
	"personnummer_index" text,
	"sealed" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"erased_at" timestamp with time zone,
	"erasure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sspf_cases_reference" UNIQUE("municipality_id","reference"),
	CONSTRAINT "sspf_cases_status" CHECK (status in ('aktuell', 'vilande', 'avslutad', 'raderad'))
);
--> statement-breakpoint
CREATE TABLE "sspf_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"categories" jsonb NOT NULL,
	"recipients" jsonb NOT NULL,
	"signatories_sealed" text NOT NULL,
	"document_sealed" text,
	"document_type" text,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"withdrawn_recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"renews_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sspf_consents_period" CHECK (valid_to >= valid_from)
);
--> statement-breakpoint
CREATE TABLE "sspf_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"sealed" text NOT NULL,
	"occurred_on" date NOT NULL,
	"due_on" date,
	"done_on" date,
	"owner_organisation_id" uuid,
	"owner_user_id" uuid,
	"meeting_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sspf_entries_kind" CHECK (kind in ('assessment', 'instrument', 'goal', 'action', 'follow_up', 'meeting_note'))
);
--> statement-breakpoint
CREATE TABLE "sspf_field_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"field" text NOT NULL,
	"sealed_before" text NOT NULL,
	"reason_sealed" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "sspf_group_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"group_kind" text NOT NULL,
	"coordinator" boolean DEFAULT false NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sspf_group_members_unique" UNIQUE("municipality_id","user_id","group_kind"),
	CONSTRAINT "sspf_group_members_kind" CHECK (group_kind in ('styrgrupp', 'beredningsgrupp'))
);
--> statement-breakpoint
CREATE TABLE "sspf_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"meets_on" date NOT NULL,
	"case_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"general_minutes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sspf_settings" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"retention_months" integer DEFAULT 24 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "walk_checklist_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"label" text NOT NULL,
	"position" smallint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "walk_checklist_categories_label" UNIQUE("municipality_id","label")
);
--> statement-breakpoint
CREATE TABLE "walk_finding_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" text NOT NULL,
	"user_id" uuid,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "walk_finding_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"kind" text DEFAULT 'fore' NOT NULL,
	"bytes" "bytea" NOT NULL,
	"mime" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"publishable" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "walk_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"walk_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"number" integer NOT NULL,
	"stop_id" uuid,
	"lat" double precision,
	"lon" double precision,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"proposed_measure" text DEFAULT '' NOT NULL,
	"noted_by" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'ny' NOT NULL,
	"planned_on" date,
	"reject_reason" text DEFAULT '' NOT NULL,
	"owner_organisation_id" uuid,
	"owner_name" text DEFAULT '' NOT NULL,
	"owner_email" text DEFAULT '' NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"previous_finding_id" uuid,
	"from_resident_report" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "walk_findings_client" UNIQUE("walk_id","client_id"),
	CONSTRAINT "walk_findings_number" UNIQUE("walk_id","number"),
	CONSTRAINT "walk_findings_state" CHECK (state in ('ny', 'tilldelad', 'planerad', 'atgardad', 'delvis_atgardad', 'inte_vart_ansvar', 'avvisad', 'kvarstar'))
);
--> statement-breakpoint
CREATE TABLE "walk_owner_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"walk_id" uuid NOT NULL,
	"owner_email" text NOT NULL,
	"owner_name" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "walk_owner_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "walk_stop_scores" (
	"stop_id" uuid NOT NULL,
	"category" text NOT NULL,
	"score" smallint NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	"scored_by" uuid,
	CONSTRAINT "walk_stop_scores_stop_id_category_pk" PRIMARY KEY("stop_id","category"),
	CONSTRAINT "walk_stop_scores_range" CHECK (score between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "walk_stops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"walk_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"lat" double precision,
	"lon" double precision,
	CONSTRAINT "walk_stops_position" UNIQUE("walk_id","position")
);
--> statement-breakpoint
CREATE TABLE "walks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"title" text NOT NULL,
	"area_id" uuid,
	"area_name" text DEFAULT '' NOT NULL,
	"drawn_area" jsonb,
	"route" jsonb,
	"meeting_place" text DEFAULT '' NOT NULL,
	"organiser" text NOT NULL,
	"invited_organisation_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"residents_expected" integer DEFAULT 0 NOT NULL,
	"pre_meeting_at" timestamp with time zone,
	"walk_at" timestamp with time zone NOT NULL,
	"follow_up_at" timestamp with time zone,
	"checklist" jsonb NOT NULL,
	"previous_walk_id" uuid,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "walks_residents" CHECK (residents_expected >= 0)
);
--> statement-breakpoint
ALTER TABLE "est_cycle_settings" ADD COLUMN "retention_months" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "area_id" uuid;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "time_of_day" text DEFAULT 'dag' NOT NULL;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "photo" "bytea";--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "photo_width" integer;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "photo_height" integer;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "content_removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "status" text DEFAULT 'mottagen' NOT NULL;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "notify_reporter" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "channel" text DEFAULT 'formular' NOT NULL;--> statement-breakpoint
ALTER TABLE "est_reports" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "est_categories" ADD CONSTRAINT "est_categories_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_participants" ADD CONSTRAINT "est_participants_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_participants" ADD CONSTRAINT "est_participants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_case_team" ADD CONSTRAINT "sspf_case_team_case_id_sspf_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."sspf_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_case_team" ADD CONSTRAINT "sspf_case_team_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_case_team" ADD CONSTRAINT "sspf_case_team_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_cases" ADD CONSTRAINT "sspf_cases_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_cases" ADD CONSTRAINT "sspf_cases_coordinator_id_users_id_fk" FOREIGN KEY ("coordinator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_cases" ADD CONSTRAINT "sspf_cases_plan_lead_organisation_id_organisations_id_fk" FOREIGN KEY ("plan_lead_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_consents" ADD CONSTRAINT "sspf_consents_case_id_sspf_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."sspf_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_consents" ADD CONSTRAINT "sspf_consents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_entries" ADD CONSTRAINT "sspf_entries_case_id_sspf_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."sspf_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_entries" ADD CONSTRAINT "sspf_entries_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_entries" ADD CONSTRAINT "sspf_entries_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_entries" ADD CONSTRAINT "sspf_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_field_history" ADD CONSTRAINT "sspf_field_history_case_id_sspf_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."sspf_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_field_history" ADD CONSTRAINT "sspf_field_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_group_members" ADD CONSTRAINT "sspf_group_members_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_group_members" ADD CONSTRAINT "sspf_group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_meetings" ADD CONSTRAINT "sspf_meetings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_meetings" ADD CONSTRAINT "sspf_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sspf_settings" ADD CONSTRAINT "sspf_settings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_checklist_categories" ADD CONSTRAINT "walk_checklist_categories_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_finding_events" ADD CONSTRAINT "walk_finding_events_finding_id_walk_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."walk_findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_finding_events" ADD CONSTRAINT "walk_finding_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_finding_photos" ADD CONSTRAINT "walk_finding_photos_finding_id_walk_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."walk_findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD CONSTRAINT "walk_findings_walk_id_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD CONSTRAINT "walk_findings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD CONSTRAINT "walk_findings_stop_id_walk_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."walk_stops"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD CONSTRAINT "walk_findings_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_findings" ADD CONSTRAINT "walk_findings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_owner_links" ADD CONSTRAINT "walk_owner_links_walk_id_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_stop_scores" ADD CONSTRAINT "walk_stop_scores_stop_id_walk_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."walk_stops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_stop_scores" ADD CONSTRAINT "walk_stop_scores_scored_by_users_id_fk" FOREIGN KEY ("scored_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_stops" ADD CONSTRAINT "walk_stops_walk_id_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walks" ADD CONSTRAINT "walks_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walks" ADD CONSTRAINT "walks_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walks" ADD CONSTRAINT "walks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sspf_cases_personnummer_idx" ON "sspf_cases" USING btree ("municipality_id","personnummer_index");--> statement-breakpoint
CREATE INDEX "sspf_consents_case_idx" ON "sspf_consents" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "sspf_entries_case_idx" ON "sspf_entries" USING btree ("case_id","kind");--> statement-breakpoint
CREATE INDEX "walk_finding_events_finding_idx" ON "walk_finding_events" USING btree ("finding_id","at");--> statement-breakpoint
CREATE INDEX "walk_findings_municipality_idx" ON "walk_findings" USING btree ("municipality_id","state");--> statement-breakpoint
CREATE INDEX "walks_municipality_idx" ON "walks" USING btree ("municipality_id","walk_at");--> statement-breakpoint
ALTER TABLE "est_reports" ADD CONSTRAINT "est_reports_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_reports" ADD CONSTRAINT "est_reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "est_reports_reporter_idx" ON "est_reports" USING btree ("reported_by");--> statement-breakpoint
ALTER TABLE "est_cycle_settings" ADD CONSTRAINT "est_cycle_settings_retention" CHECK (retention_months between 1 and 120);--> statement-breakpoint
ALTER TABLE "est_reports" ADD CONSTRAINT "est_reports_time_of_day" CHECK (time_of_day in ('natt', 'morgon', 'dag', 'kvall'));--> statement-breakpoint
ALTER TABLE "est_reports" ADD CONSTRAINT "est_reports_status" CHECK (status in ('mottagen', 'behandlad', 'atgard_beslutad', 'atgardad'));--> statement-breakpoint
ALTER TABLE "est_reports" ADD CONSTRAINT "est_reports_point" CHECK ((latitude is null) = (longitude is null));