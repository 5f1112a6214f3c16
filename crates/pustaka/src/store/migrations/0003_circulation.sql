-- Migration 0003: circulation.
--
-- The core tables (collectionloans, collectionloanitems, collectionloanextends, pelanggaran,
-- holidays, peraturan_peminjaman_*, settingparameters, bookinglogs, bacaditempat) come from
-- 0001. This adds what circulation needs on top:
-- * a guarantee that an item is never on loan twice: at most one collectionloanitems row per
--   item with LoanStatus = 'Loan' (INLISLite has no such constraint; a second process
--   checking out the same item fails here even if it passed the status check);
-- * indexes for the lookups circulation makes;
-- * the lookup rows circulation writes ids of (INLISLite's known names; ids as in the
--   INLISLite demo data): collectionrules 1 "Dapat dipinjam" (the loanable rule),
--   jenis_pelanggaran 1 "Terlambat", jenis_denda 1 "Denda Uang".

CREATE UNIQUE INDEX "collectionloanitems_one_open_loan_per_item"
    ON "collectionloanitems" ("Collection_id") WHERE "LoanStatus" = 'Loan';
CREATE INDEX "collectionloanextends_CollectionLoanItem_id"
    ON "collectionloanextends" ("CollectionLoanItem_id");
CREATE INDEX "pelanggaran_CollectionLoanItem_id" ON "pelanggaran" ("CollectionLoanItem_id");

INSERT OR IGNORE INTO "collectionrules" ("ID", "Name")
VALUES (1, 'Dapat dipinjam'), (2, 'Baca ditempat'), (3, 'Tandon'), (5, 'Cadangan');
INSERT OR IGNORE INTO "jenis_pelanggaran" ("ID", "JenisPelanggaran", "Keterangan")
VALUES (1, 'Terlambat', 'Terlambat mengembalikan koleksi');
INSERT OR IGNORE INTO "jenis_denda" ("ID", "Code", "Name") VALUES (1, 'UANG', 'Denda Uang');
