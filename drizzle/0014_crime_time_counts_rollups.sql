-- crime_time_counts also keeps each year (month 0) and all categories together (category ''):
-- added here for the counts written before; the upkeep writes them from now on.
INSERT INTO "crime_time_counts" ("municipality_id", "year", "month", "category", "weekday", "hour", "count")
SELECT "municipality_id", "year", coalesce("month", 0), coalesce("category", ''), "weekday", "hour", sum("count")::int
FROM "crime_time_counts"
WHERE "month" > 0 AND "category" <> ''
GROUP BY GROUPING SETS (("municipality_id", "year", "month", "weekday", "hour"), ("municipality_id", "year", "category", "weekday", "hour"), ("municipality_id", "year", "weekday", "hour"));
