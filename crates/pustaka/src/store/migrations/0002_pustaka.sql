-- Migration 0002: pustaka's own tables and INLISLite's quarantine copies.
--
-- marc_records holds each catalogue record as ISO 2709 bytes, the fast read path; it is
-- written in the same transaction as catalogs/catalog_ruas/catalog_subruas.
-- quarantined_* tables: INLISLite moves deleted catalogue rows to quarantined_* copies with
-- QUARANTINEDBY/DATE/TERMINAL columns; their ids keep the original row's id.

CREATE TABLE "marc_records" (
    "Catalog_id" INTEGER PRIMARY KEY REFERENCES "catalogs" ("ID") ON DELETE CASCADE,
    "Iso2709" BLOB NOT NULL
);

CREATE TABLE "quarantined_catalogs" (
    "ID" INTEGER PRIMARY KEY,
    "ControlNumber" TEXT NOT NULL,
    "BIBID" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Author" TEXT,
    "Edition" TEXT,
    "Publisher" TEXT,
    "PublishLocation" TEXT,
    "PublishYear" TEXT,
    "Publikasi" TEXT,
    "Subject" TEXT,
    "PhysicalDescription" TEXT,
    "ISBN" TEXT,
    "CallNumber" TEXT,
    "Note" TEXT,
    "Languages" TEXT,
    "DeweyNo" TEXT,
    "ApproveDateOPAC" TEXT,
    "IsOPAC" INTEGER NOT NULL DEFAULT 1,
    "IsBNI" INTEGER DEFAULT 1,
    "IsKIN" INTEGER DEFAULT 1,
    "IsRDA" INTEGER DEFAULT 0,
    "CoverURL" TEXT,
    "Branch_id" INTEGER,
    "Worksheet_id" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "MARC_LOC" TEXT,
    "PRESERVASI_ID" TEXT,
    "QUARANTINEDBY" INTEGER,
    "QUARANTINEDDATE" TEXT,
    "QUARANTINEDTERMINAL" TEXT,
    "Member_id" INTEGER,
    "KIILastUploadDate" TEXT
);
CREATE TABLE "quarantined_catalog_ruas" (
    "ID" INTEGER PRIMARY KEY,
    "CatalogId" INTEGER NOT NULL,
    "Tag" TEXT NOT NULL,
    "Indicator1" TEXT,
    "Indicator2" TEXT,
    "Value" TEXT,
    "Sequence" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "QUARANTINEDBY" INTEGER,
    "QUARANTINEDDATE" TEXT,
    "QUARANTINEDTERMINAL" TEXT
);
CREATE TABLE "quarantined_catalog_subruas" (
    "ID" INTEGER PRIMARY KEY,
    "RuasID" INTEGER NOT NULL,
    "SubRuas" TEXT,
    "Value" TEXT,
    "Sequence" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "QUARANTINEDBY" INTEGER,
    "QUARANTINEDDATE" TEXT,
    "QUARANTINEDTERMINAL" TEXT
);
CREATE INDEX "quarantined_catalogs_BIBID" ON "quarantined_catalogs" ("BIBID");
CREATE INDEX "quarantined_catalog_ruas_CatalogId" ON "quarantined_catalog_ruas" ("CatalogId");
CREATE INDEX "quarantined_catalog_subruas_RuasID" ON "quarantined_catalog_subruas" ("RuasID");

CREATE TABLE "quarantined_marc_records" (
    "Catalog_id" INTEGER PRIMARY KEY,
    "Iso2709" BLOB NOT NULL
);

-- Master data INLISLite is known to ship (INLISLITE.md sections 4 and 5). Names marked
-- "chosen" are not documented anywhere public; see the crate's notes.
INSERT INTO "worksheets" ("ID", "Name", "Format_id", "NoUrut", "ISSERIAL", "CODE")
VALUES (1, 'Buku', 1, 1, 0, 'BK'),
       (4, 'Terbitan Berkala', 1, 4, 1, 'TB');
INSERT INTO "collectionstatus" ("ID", "Name")
VALUES (1, 'Tersedia'), (5, 'Dipinjam'), (9, 'Tandon'), (11, 'Dibaca');
INSERT INTO "status_anggota" ("id", "Nama") VALUES (3, 'Aktif'), (5, 'Ditangguhkan');
