-- Custom SQL migration file, put your code below! ---- crime_year_counts keeps areas only for all categories together (category \x27\x27); the backfill of 0011 also wrote them per category.
DELETE FROM "crime_year_counts" WHERE "category" <> \x27\x27 AND "area_id" <> \x2700000000-0000-0000-0000-000000000000\x27::uuid;
