-- Migration 0007: community activities of the social-inclusion library programme (TPBIS).
--
-- INLISLite has no such tables, so they get pustaka's own English names. Breakdowns are
-- stored as tallies (counts hold no personal data); a roster of named participants is
-- optional and carries consent. Attachments are references (path or URL plus sha256),
-- never blobs. Categories are code lists the library can extend, seeded with the
-- programme's known values (see INCLUSION.md §8).

CREATE TABLE "activity_codes" (
    "list" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    PRIMARY KEY ("list", "code")
);

INSERT INTO "activity_codes" ("list", "code", "label") VALUES
    ('strategy', 'layanan_informasi', 'Peningkatan Layanan Informasi'),
    ('strategy', 'pelibatan_masyarakat', 'Pelibatan Masyarakat'),
    ('strategy', 'advokasi', 'Advokasi'),
    ('strategy', 'replikasi', 'Replikasi Mandiri'),
    ('activity_type', 'pelatihan', 'Pelatihan'),
    ('activity_type', 'sosialisasi', 'Sosialisasi'),
    ('activity_type', 'bimtek', 'Bimbingan Teknis'),
    ('activity_type', 'lomba', 'Lomba'),
    ('activity_type', 'diskusi', 'Diskusi'),
    ('activity_type', 'bercerita', 'Bercerita / Mendongeng'),
    ('activity_type', 'pameran', 'Pameran'),
    ('activity_type', 'literasi_digital', 'Literasi Digital'),
    ('activity_type', 'stakeholder_meeting', 'Stakeholder Meeting'),
    ('activity_type', 'peer_learning', 'Peer Learning Meeting'),
    ('impact_area', 'pendidikan', 'Pendidikan'),
    ('impact_area', 'kesehatan', 'Kesehatan'),
    ('impact_area', 'ekonomi_digital', 'Ekonomi Digital'),
    ('impact_area', 'pengembangan_usaha', 'Pengembangan Usaha'),
    ('impact_area', 'sosial_budaya', 'Sosial dan Budaya'),
    ('impact_area', 'lainnya', 'Lainnya'),
    ('stakeholder_sector', 'pemerintah', 'Pemerintah'),
    ('stakeholder_sector', 'dprd', 'DPRD'),
    ('stakeholder_sector', 'swasta', 'Swasta'),
    ('stakeholder_sector', 'bumn_bumd', 'BUMN / BUMD'),
    ('stakeholder_sector', 'lsm', 'LSM'),
    ('stakeholder_sector', 'komunitas', 'Komunitas'),
    ('stakeholder_sector', 'akademisi', 'Akademisi'),
    ('stakeholder_sector', 'media', 'Media'),
    ('stakeholder_sector', 'lainnya', 'Lainnya'),
    ('stakeholder_role', 'mitra', 'Mitra'),
    ('stakeholder_role', 'narasumber', 'Narasumber'),
    ('stakeholder_role', 'penyandang_dana', 'Penyandang Dana'),
    ('stakeholder_role', 'peserta', 'Peserta'),
    ('attachment_kind', 'foto', 'Foto'),
    ('attachment_kind', 'daftar_hadir', 'Daftar Hadir'),
    ('attachment_kind', 'video', 'Video'),
    ('attachment_kind', 'dokumen', 'Dokumen'),
    ('attachment_kind', 'tautan_berita', 'Tautan Berita');

CREATE TABLE "activities" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "location_library_id" INTEGER,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "strategy" TEXT NOT NULL,
    "activity_type" TEXT NOT NULL,
    "start_date" TEXT NOT NULL,
    "end_date" TEXT NOT NULL,
    "venue" TEXT,
    "outside_library" INTEGER NOT NULL DEFAULT 0,
    "funding_source" TEXT,
    "participants_total" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CHECK ("end_date" >= "start_date"),
    CHECK ("participants_total" >= 0)
);
CREATE INDEX "activities_start_date" ON "activities" ("start_date");

CREATE TABLE "activity_impact_areas" (
    "activity_id" INTEGER NOT NULL REFERENCES "activities" ("id") ON DELETE CASCADE,
    "impact_area" TEXT NOT NULL,
    PRIMARY KEY ("activity_id", "impact_area")
);

-- One row per (dimension, bucket); for each dimension present the counts add up to
-- activities.participants_total (checked on write).
CREATE TABLE "activity_participant_tallies" (
    "activity_id" INTEGER NOT NULL REFERENCES "activities" ("id") ON DELETE CASCADE,
    "dimension" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "count" INTEGER NOT NULL CHECK ("count" >= 0),
    PRIMARY KEY ("activity_id", "dimension", "bucket")
);

CREATE TABLE "activity_participants" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "activity_id" INTEGER NOT NULL REFERENCES "activities" ("id") ON DELETE CASCADE,
    "member_no" TEXT,
    "name" TEXT,
    "gender" TEXT,
    "age_group" TEXT,
    "disability" TEXT,
    "occupation" TEXT,
    "education" TEXT,
    "consent" INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX "activity_participants_activity_id" ON "activity_participants" ("activity_id");

CREATE TABLE "stakeholders" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL UNIQUE,
    "sector" TEXT NOT NULL
);

CREATE TABLE "activity_stakeholders" (
    "activity_id" INTEGER NOT NULL REFERENCES "activities" ("id") ON DELETE CASCADE,
    "stakeholder_id" INTEGER NOT NULL REFERENCES "stakeholders" ("id"),
    "role" TEXT NOT NULL,
    "representatives" INTEGER NOT NULL DEFAULT 0 CHECK ("representatives" >= 0),
    "commitment" TEXT,
    "mou_ref" TEXT,
    "regulation_ref" TEXT,
    PRIMARY KEY ("activity_id", "stakeholder_id", "role")
);

CREATE TABLE "impact_stories" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "activity_id" INTEGER REFERENCES "activities" ("id") ON DELETE SET NULL,
    "impact_area" TEXT NOT NULL,
    "beneficiary_alias" TEXT NOT NULL,
    "benefit" TEXT NOT NULL,
    "evidence" TEXT,
    "outcome_description" TEXT,
    "outcome_before" REAL,
    "outcome_after" REAL,
    "outcome_unit" TEXT,
    "consent" INTEGER NOT NULL DEFAULT 0,
    "recorded_at" TEXT NOT NULL
);
CREATE INDEX "impact_stories_activity_id" ON "impact_stories" ("activity_id");

CREATE TABLE "publications" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "story_id" INTEGER NOT NULL REFERENCES "impact_stories" ("id") ON DELETE CASCADE,
    "url" TEXT NOT NULL,
    "outlet" TEXT,
    "published_on" TEXT
);

-- A file or link about an activity or a story, by reference only.
CREATE TABLE "attachments" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "owner_kind" TEXT NOT NULL CHECK ("owner_kind" IN ('activity', 'story')),
    "owner_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "sha256" TEXT,
    "caption" TEXT,
    "taken_at" TEXT
);
CREATE INDEX "attachments_owner" ON "attachments" ("owner_kind", "owner_id");
