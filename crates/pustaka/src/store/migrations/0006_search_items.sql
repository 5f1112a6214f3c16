-- Migration 0006: items reach the search index.
--
-- The index carries each record's item locations and availability (facets `location` and
-- `availability`), so a change to an item (added, checked out, returned, moved, removed)
-- enqueues its catalogue record in search_changes, in the writer's own transaction, like a
-- catalogue change (migration 0005). Only the columns the index reads fire the update
-- trigger. Renaming a location or a library re-indexes the records with items there.

CREATE TRIGGER "search_changes_collections_insert" AFTER INSERT ON "collections"
WHEN NEW."Catalog_id" IS NOT NULL
BEGIN
    INSERT INTO "search_changes" ("Catalog_id") VALUES (NEW."Catalog_id");
END;

CREATE TRIGGER "search_changes_collections_update"
AFTER UPDATE OF "Catalog_id", "Status_id", "Location_id", "Location_Library_id", "CallNumber"
ON "collections"
BEGIN
    INSERT INTO "search_changes" ("Catalog_id")
    SELECT NEW."Catalog_id" WHERE NEW."Catalog_id" IS NOT NULL;
    INSERT INTO "search_changes" ("Catalog_id")
    SELECT OLD."Catalog_id" WHERE OLD."Catalog_id" IS NOT NULL
        AND OLD."Catalog_id" IS NOT NEW."Catalog_id";
END;

CREATE TRIGGER "search_changes_collections_delete" AFTER DELETE ON "collections"
WHEN OLD."Catalog_id" IS NOT NULL
BEGIN
    INSERT INTO "search_changes" ("Catalog_id") VALUES (OLD."Catalog_id");
END;

CREATE TRIGGER "search_changes_locations_rename" AFTER UPDATE OF "Name" ON "locations"
BEGIN
    INSERT INTO "search_changes" ("Catalog_id")
    SELECT DISTINCT "Catalog_id" FROM "collections"
    WHERE "Location_id" = NEW."ID" AND "Catalog_id" IS NOT NULL;
END;

CREATE TRIGGER "search_changes_location_library_rename" AFTER UPDATE OF "Name"
ON "location_library"
BEGIN
    INSERT INTO "search_changes" ("Catalog_id")
    SELECT DISTINCT "Catalog_id" FROM "collections"
    WHERE "Location_Library_id" = NEW."ID" AND "Catalog_id" IS NOT NULL;
END;
