-- Custom SQL migration file, put your code below! ---- Counts for the events that exist already (the upkeep in situation.repository keeps them from now on).
INSERT INTO "crime_area_month_counts" ("municipality_id", "year", "month", "area_id", "category", "count")
SELECT e."municipality_id", e."year", e."month", a.area_id, e."category", count(*)::int
FROM "crime_events" e JOIN "municipalities" m ON m."id" = e."municipality_id" CROSS JOIN LATERAL unnest(e."area_ids") AS a(area_id)
GROUP BY e."municipality_id", e."year", e."month", a.area_id, e."category";
--> statement-breakpoint
INSERT INTO "crime_year_counts" ("municipality_id", "year", "category", "area_id", "count")
SELECT e."municipality_id", e."year", coalesce(e."category", ''), a.area_id, count(*)::int
FROM "crime_events" e JOIN "municipalities" m ON m."id" = e."municipality_id" CROSS JOIN LATERAL unnest(e."area_ids" || '00000000-0000-0000-0000-000000000000'::uuid) AS a(area_id)
GROUP BY GROUPING SETS ((e."municipality_id", e."year", e."category", a.area_id), (e."municipality_id", e."year", a.area_id));
--> statement-breakpoint
INSERT INTO "crime_time_counts" ("municipality_id", "year", "month", "category", "weekday", "hour", "count")
SELECT e."municipality_id", e."year", e."month", e."category", e."weekday", coalesce(e."hour", -1), count(*)::int
FROM "crime_events" e JOIN "municipalities" m ON m."id" = e."municipality_id"
GROUP BY e."municipality_id", e."year", e."month", e."category", e."weekday", coalesce(e."hour", -1);
