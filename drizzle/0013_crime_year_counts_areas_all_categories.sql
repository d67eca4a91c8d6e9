-- crime_year_counts keeps areas only for all categories together (category ''); the backfill of 0011 also wrote them per category.
DELETE FROM "crime_year_counts" WHERE "category" <> '' AND "area_id" <> '00000000-0000-0000-0000-000000000000'::uuid;
