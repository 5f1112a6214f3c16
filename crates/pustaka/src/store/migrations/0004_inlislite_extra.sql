-- Migration 0004: INLISLite tables pustaka does not model, kept verbatim so an export can
-- give them back. One row per dump row: its table, its column list and its values, both as
-- JSON arrays (written and read by pustaka-inlislite). A row already held (same table and
-- values) is not stored twice, so importing a dump again does not duplicate it.

CREATE TABLE "inlislite_extra" (
    "id" INTEGER PRIMARY KEY,
    "table_name" TEXT NOT NULL,
    "columns" TEXT NOT NULL,
    "row_values" TEXT NOT NULL
);
CREATE UNIQUE INDEX "inlislite_extra_row" ON "inlislite_extra" ("table_name", "row_values");

-- The CREATE TABLE statement of each such table, as the dump gave it.
CREATE TABLE "inlislite_extra_tables" (
    "table_name" TEXT PRIMARY KEY,
    "create_sql" TEXT NOT NULL
);
