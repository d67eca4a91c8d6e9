CREATE TABLE "crime_area_month_counts" (
	"municipality_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"month" smallint NOT NULL,
	"area_id" uuid NOT NULL,
	"category" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "crime_area_month_counts_municipality_id_year_month_area_id_category_pk" PRIMARY KEY("municipality_id","year","month","area_id","category")
);
--> statement-breakpoint
CREATE TABLE "crime_time_counts" (
	"municipality_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"month" smallint NOT NULL,
	"category" text NOT NULL,
	"weekday" smallint NOT NULL,
	"hour" smallint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "crime_time_counts_municipality_id_year_month_category_weekday_hour_pk" PRIMARY KEY("municipality_id","year","month","category","weekday","hour")
);
--> statement-breakpoint
CREATE TABLE "crime_year_counts" (
	"municipality_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"category" text NOT NULL,
	"area_id" uuid NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "crime_year_counts_municipality_id_year_category_area_id_pk" PRIMARY KEY("municipality_id","year","category","area_id")
);
--> statement-breakpoint
DROP INDEX "crime_events_municipality_year_idx";--> statement-breakpoint
ALTER TABLE "crime_area_month_counts" ADD CONSTRAINT "crime_area_month_counts_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_time_counts" ADD CONSTRAINT "crime_time_counts_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_year_counts" ADD CONSTRAINT "crime_year_counts_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crime_events_municipality_occurred_idx" ON "crime_events" USING btree ("municipality_id","occurred_on");