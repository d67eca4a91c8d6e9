CREATE TABLE "est_report_client_ids" (
	"municipality_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"report_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "est_report_client_ids_municipality_id_client_id_pk" PRIMARY KEY("municipality_id","client_id")
);
--> statement-breakpoint
ALTER TABLE "est_report_client_ids" ADD CONSTRAINT "est_report_client_ids_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "est_report_client_ids" ADD CONSTRAINT "est_report_client_ids_report_id_est_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."est_reports"("id") ON DELETE cascade ON UPDATE no action;