-- Migration 0005: search sync.
--
-- Every committed change to a catalogue record (its catalogs row or its MARC) appends the
-- record's id to search_changes in the same transaction, by trigger, so no writer can forget.
-- The tantivy index in index/ records in its own commit the last search_changes.ID it
-- applied; Library::open and Library::search catch up from there (after a crash too), and
-- applied rows are pruned. AUTOINCREMENT keeps ids rising after pruning.

CREATE TABLE "search_changes" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Catalog_id" INTEGER NOT NULL
);

CREATE TRIGGER "search_changes_catalogs_insert" AFTER INSERT ON "catalogs"
BEGIN
    INSERT INTO "search_changes" ("Catalog_id") VALUES (NEW."ID");
END;

CREATE TRIGGER "search_changes_catalogs_update" AFTER UPDATE ON "catalogs"
BEGIN
    INSERT INTO "search_changes" ("Catalog_id") VALUES (NEW."ID");
END;

CREATE TRIGGER "search_changes_catalogs_delete" AFTER DELETE ON "catalogs"
BEGIN
    INSERT INTO "search_changes" ("Catalog_id") VALUES (OLD."ID");
END;

CREATE TRIGGER "search_changes_marc_insert" AFTER INSERT ON "marc_records"
BEGIN
    INSERT INTO "search_changes" ("Catalog_id") VALUES (NEW."Catalog_id");
END;

CREATE TRIGGER "search_changes_marc_update" AFTER UPDATE ON "marc_records"
BEGIN
    INSERT INTO "search_changes" ("Catalog_id") VALUES (NEW."Catalog_id");
END;
