-- Migration 0001: INLISLite v3 core tables, converted from
-- ../shared/fixtures/inlislite/schema-core.sql (37 tables) by type:
-- int/bigint/smallint/tinyint/bit and decimal(p,0) -> INTEGER; double -> INTEGER for keys and
-- ids (INLISLite's double ids are whole numbers; INTEGER affinity still keeps a fraction
-- exactly as REAL), REAL otherwise; varchar/char/text/enum -> TEXT; date/datetime -> TEXT
-- ('YYYY-MM-DD[ HH:MM:SS]', so MySQL zero dates survive). AUTO_INCREMENT keys become
-- INTEGER PRIMARY KEY AUTOINCREMENT so an id is never reused (a quarantined row can come back
-- under its own id). MySQL KEYs become indexes named <table>_<key>.

CREATE TABLE "catalogs" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE UNIQUE INDEX "catalogs_BIBID" ON "catalogs" ("BIBID");
CREATE INDEX "catalogs_ControlNumber" ON "catalogs" ("ControlNumber");
CREATE INDEX "catalogs_Worksheet_id" ON "catalogs" ("Worksheet_id");

CREATE TABLE "catalog_ruas" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
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
    "UpdateTerminal" TEXT
);
CREATE INDEX "catalog_ruas_CatalogId" ON "catalog_ruas" ("CatalogId");
CREATE INDEX "catalog_ruas_Tag" ON "catalog_ruas" ("Tag");

CREATE TABLE "catalog_subruas" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "RuasID" INTEGER NOT NULL,
    "SubRuas" TEXT,
    "Value" TEXT,
    "Sequence" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);
CREATE INDEX "catalog_subruas_RuasID" ON "catalog_subruas" ("RuasID", "SubRuas");

CREATE TABLE "worksheets" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Format_id" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "NoUrut" INTEGER DEFAULT 99,
    "DEPOSITFORMAT_CODE" TEXT,
    "ISSERIAL" INTEGER NOT NULL DEFAULT 0,
    "ISMUSIK" INTEGER DEFAULT 0,
    "ISKARTOGRAFI" INTEGER DEFAULT 0,
    "CODE" TEXT NOT NULL,
    "Keterangan" TEXT,
    "MaxPinjamKoleksi" INTEGER DEFAULT 0,
    "MaxLoanDays" INTEGER DEFAULT 0,
    "DendaType" TEXT DEFAULT 'Konstan',
    "DendaTenorJumlah" INTEGER DEFAULT 0,
    "DendaTenorSatuan" TEXT DEFAULT 'Hari',
    "DendaPerTenor" INTEGER DEFAULT 0,
    "DendaTenorMultiply" INTEGER DEFAULT 1,
    "SuspendMember" INTEGER DEFAULT 0,
    "WarningLoanDueDay" INTEGER DEFAULT 0,
    "SuspendType" TEXT DEFAULT 'Konstan',
    "SuspendTenorJumlah" REAL DEFAULT 0,
    "SuspendTenorSatuan" TEXT DEFAULT 'Hari',
    "DaySuspend" INTEGER DEFAULT 0,
    "SuspendTenorMultiply" INTEGER DEFAULT 1,
    "DayPerpanjang" INTEGER DEFAULT 0,
    "CountPerpanjang" INTEGER DEFAULT 0
);

CREATE TABLE "collections" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "NomorBarcode" TEXT NOT NULL,
    "NoInduk" TEXT,
    "Currency" TEXT,
    "RFID" TEXT,
    "Price" INTEGER,
    "PriceType" TEXT,
    "TanggalPengadaan" TEXT,
    "CallNumber" TEXT,
    "Branch_id" INTEGER,
    "Catalog_id" INTEGER,
    "Partner_id" INTEGER,
    "Location_id" INTEGER,
    "Rule_id" INTEGER,
    "Category_id" INTEGER,
    "Media_id" INTEGER,
    "Source_id" INTEGER,
    "Status_id" INTEGER DEFAULT 9,
    "Location_Library_id" INTEGER,
    "Keterangan_Sumber" TEXT,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "IsVerified" INTEGER DEFAULT 0,
    "QUARANTINEDBY" INTEGER,
    "QUARANTINEDDATE" TEXT,
    "QUARANTINEDTERMINAL" TEXT,
    "ISREFERENSI" INTEGER DEFAULT 0,
    "EDISISERIAL" TEXT,
    "NOJILID" INTEGER,
    "TANGGAL_TERBIT_EDISI_SERIAL" TEXT,
    "BAHAN_SERTAAN" TEXT,
    "KETERANGAN_LAIN" TEXT,
    "TGLENTRYJILID" TEXT,
    "IDJILID" TEXT,
    "NOMORPANGGILJILID" TEXT,
    "ISOPAC" INTEGER NOT NULL DEFAULT 1,
    "JILIDCREATEBY" INTEGER,
    "KIILastUploadDate" TEXT,
    "BookingMemberID" TEXT,
    "BookingExpiredDate" TEXT
);
CREATE UNIQUE INDEX "collections_NomorBarcode" ON "collections" ("NomorBarcode");
CREATE INDEX "collections_NoInduk" ON "collections" ("NoInduk");
CREATE INDEX "collections_Catalog_id" ON "collections" ("Catalog_id");

CREATE TABLE "collectioncategorys" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "collectionmedias" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Worksheet_id" INTEGER,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "collectionsources" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "collectionstatus" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "collectionrules" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "locations" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT,
    "ISPUSTELING" INTEGER DEFAULT 0,
    "UrlLogo" TEXT,
    "IsPrintBarcode" INTEGER DEFAULT 0,
    "IsGenerateVisitorNumber" INTEGER DEFAULT 0,
    "IsInformationSought" INTEGER DEFAULT 0,
    "IsVisitsDestination" INTEGER DEFAULT 0,
    "LocationLibrary_id" INTEGER,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "location_library" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Address" TEXT,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "members" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "MemberNo" TEXT NOT NULL,
    "Fullname" TEXT NOT NULL,
    "PlaceOfBirth" TEXT,
    "DateOfBirth" TEXT,
    "Address" TEXT,
    "AddressNow" TEXT,
    "Phone" TEXT,
    "InstitutionName" TEXT,
    "InstitutionAddress" TEXT,
    "InstitutionPhone" TEXT,
    "IdentityType_id" INTEGER,
    "IdentityNo" TEXT,
    "EducationLevel_id" INTEGER,
    "Sex_id" INTEGER,
    "MaritalStatus_id" INTEGER,
    "Job_id" INTEGER,
    "RegisterDate" TEXT,
    "EndDate" TEXT,
    "MotherMaidenName" TEXT,
    "Email" TEXT,
    "JenisPermohonan_id" INTEGER,
    "JenisAnggota_id" INTEGER,
    "StatusAnggota_id" INTEGER,
    "LoanReturnLateCount" INTEGER DEFAULT 0,
    "Branch_id" INTEGER,
    "PhotoUrl" TEXT,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "NoHp" TEXT,
    "NamaDarurat" TEXT,
    "TelpDarurat" TEXT,
    "AlamatDarurat" TEXT,
    "StatusHubunganDarurat" TEXT,
    "City" TEXT,
    "Province" TEXT,
    "CityNow" TEXT,
    "ProvinceNow" TEXT,
    "Kecamatan" TEXT,
    "Kelurahan" TEXT,
    "RT" TEXT,
    "RW" TEXT,
    "KecamatanNow" TEXT,
    "KelurahanNow" TEXT,
    "RTNow" TEXT,
    "RWNow" TEXT,
    "Kelas_id" INTEGER,
    "TahunAjaran" TEXT,
    "Agama_id" INTEGER,
    "Fakultas_id" INTEGER,
    "Jurusan_id" INTEGER,
    "ProgramStudi_id" INTEGER,
    "JenjangPendidikan_id" INTEGER,
    "UnitKerja_id" INTEGER,
    "KeteranganLain" TEXT,
    "IsLunasBiayaPendaftaran" INTEGER DEFAULT 0,
    "BiayaPendaftaran" INTEGER DEFAULT 0,
    "TanggalBebasPustaka" TEXT,
    "KIILastUploadDate" TEXT
);
CREATE INDEX "members_MemberNo" ON "members" ("MemberNo");

CREATE TABLE "jenis_anggota" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "jenisanggota" TEXT NOT NULL,
    "MasaBerlakuAnggota" INTEGER DEFAULT 365,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "BiayaPendaftaran" INTEGER DEFAULT 0,
    "BiayaPerpanjangan" INTEGER DEFAULT 0,
    "UploadDokumenKeanggotaanOnline" INTEGER DEFAULT 0,
    "MaxPinjamKoleksi" INTEGER DEFAULT 1000,
    "MaxLoanDays" INTEGER DEFAULT 0,
    "DendaType" TEXT DEFAULT 'Konstan',
    "DendaTenorJumlah" REAL DEFAULT 0,
    "DendaTenorSatuan" TEXT DEFAULT 'Hari',
    "DendaPerTenor" INTEGER DEFAULT 0,
    "DendaTenorMultiply" INTEGER DEFAULT 1,
    "SuspendMember" INTEGER DEFAULT 0,
    "WarningLoanDueDay" INTEGER DEFAULT 0,
    "SuspendType" TEXT DEFAULT 'Konstan',
    "SuspendTenorJumlah" REAL DEFAULT 0,
    "SuspendTenorSatuan" TEXT DEFAULT 'Hari',
    "DaySuspend" INTEGER DEFAULT 0,
    "SuspendTenorMultiply" INTEGER DEFAULT 1,
    "DayPerpanjang" INTEGER DEFAULT 0,
    "CountPerpanjang" INTEGER DEFAULT 0,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "status_anggota" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Nama" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);

CREATE TABLE "jenis_kelamin" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);

CREATE TABLE "master_pekerjaan" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Pekerjaan" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "master_pendidikan" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Nama" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);

CREATE TABLE "memberloanauthorizecategory" (
    "DataID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Member_id" INTEGER NOT NULL,
    "CategoryLoan_id" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);
CREATE INDEX "memberloanauthorizecategory_Member_id" ON "memberloanauthorizecategory" ("Member_id");

CREATE TABLE "memberloanauthorizelocation" (
    "DataID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Member_id" INTEGER NOT NULL,
    "LocationLoan_id" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);
CREATE INDEX "memberloanauthorizelocation_Member_id" ON "memberloanauthorizelocation" ("Member_id");

CREATE TABLE "collectionloans" (
    "ID" TEXT NOT NULL,
    "CollectionCount" INTEGER DEFAULT 0,
    "LateCount" INTEGER DEFAULT 0,
    "ExtendCount" INTEGER DEFAULT 0,
    "LoanCount" INTEGER DEFAULT 0,
    "ReturnCount" INTEGER DEFAULT 0,
    "Member_id" INTEGER NOT NULL,
    "Branch_id" INTEGER,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT,
    "LocationLibrary_id" INTEGER,
    PRIMARY KEY ("ID")
);

CREATE TABLE "collectionloanitems" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "CollectionLoan_id" TEXT NOT NULL,
    "LoanDate" TEXT,
    "DueDate" TEXT,
    "ActualReturn" TEXT,
    "LateDays" INTEGER,
    "LoanStatus" TEXT,
    "Collection_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "KIILastUploadDate" TEXT
);
CREATE INDEX "collectionloanitems_CollectionLoan_id" ON "collectionloanitems" ("CollectionLoan_id");
CREATE INDEX "collectionloanitems_Collection_id" ON "collectionloanitems" ("Collection_id");
CREATE INDEX "collectionloanitems_member_id" ON "collectionloanitems" ("member_id");

CREATE TABLE "collectionloanextends" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "CollectionLoan_id" TEXT NOT NULL,
    "CollectionLoanItem_id" INTEGER NOT NULL,
    "Collection_id" INTEGER NOT NULL,
    "Member_id" INTEGER NOT NULL,
    "DateExtend" TEXT NOT NULL,
    "DueDateExtend" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);

CREATE TABLE "pelanggaran" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "CollectionLoan_id" TEXT,
    "CollectionLoanItem_id" INTEGER,
    "JenisPelanggaran_id" INTEGER,
    "JenisDenda_id" INTEGER,
    "JumlahDenda" INTEGER DEFAULT 0,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "JumlahSuspend" INTEGER DEFAULT 0,
    "Paid" INTEGER DEFAULT 0,
    "Member_id" INTEGER,
    "Collection_id" INTEGER
);
CREATE INDEX "pelanggaran_Member_id" ON "pelanggaran" ("Member_id");

CREATE TABLE "jenis_pelanggaran" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "JenisPelanggaran" TEXT NOT NULL,
    "Keterangan" TEXT,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);

CREATE TABLE "jenis_denda" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);

CREATE TABLE "holidays" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Dates" TEXT NOT NULL,
    "Names" TEXT NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);

CREATE TABLE "peraturan_peminjaman_hari" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "DayIndex" INTEGER DEFAULT 0,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "MaxPinjamKoleksi" INTEGER DEFAULT 0,
    "MaxLoanDays" INTEGER DEFAULT 0,
    "DendaType" TEXT DEFAULT 'Konstan',
    "DendaTenorJumlah" REAL DEFAULT 0,
    "DendaTenorSatuan" TEXT DEFAULT 'Hari',
    "DendaPerTenor" INTEGER,
    "DendaTenorMultiply" INTEGER,
    "SuspendMember" INTEGER DEFAULT 0,
    "WarningLoanDueDay" INTEGER DEFAULT 0,
    "SuspendType" TEXT DEFAULT 'Konstan',
    "SuspendTenorJumlah" REAL DEFAULT 0,
    "SuspendTenorSatuan" TEXT DEFAULT 'Hari',
    "DaySuspend" INTEGER DEFAULT 0,
    "SuspendTenorMultiply" INTEGER DEFAULT 1,
    "DayPerpanjang" INTEGER DEFAULT 0,
    "CountPerpanjang" INTEGER DEFAULT 0
);

CREATE TABLE "peraturan_peminjaman_tanggal" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "TanggalAwal" TEXT,
    "TanggalAkhir" TEXT,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "MaxPinjamKoleksi" INTEGER DEFAULT 0,
    "MaxLoanDays" INTEGER DEFAULT 0,
    "DendaType" TEXT DEFAULT 'Konstan',
    "DendaTenorJumlah" REAL DEFAULT 0,
    "DendaTenorSatuan" TEXT DEFAULT 'Hari',
    "DendaPerTenor" INTEGER,
    "DendaTenorMultiply" INTEGER,
    "SuspendMember" INTEGER DEFAULT 0,
    "WarningLoanDueDay" INTEGER DEFAULT 0,
    "SuspendType" TEXT DEFAULT 'Konstan',
    "SuspendTenorJumlah" REAL DEFAULT 0,
    "SuspendTenorSatuan" TEXT DEFAULT 'Hari',
    "DaySuspend" INTEGER DEFAULT 0,
    "SuspendTenorMultiply" INTEGER DEFAULT 1,
    "DayPerpanjang" INTEGER DEFAULT 0,
    "CountPerpanjang" INTEGER DEFAULT 0
);

CREATE TABLE "settingparameters" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Value" TEXT,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);

CREATE TABLE "memberguesses" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "NoAnggota" TEXT,
    "Nama" TEXT NOT NULL,
    "Status_id" INTEGER,
    "MasaBerlaku_id" INTEGER,
    "Profesi_id" INTEGER,
    "PendidikanTerakhir_id" INTEGER,
    "JenisKelamin_id" INTEGER,
    "Alamat" TEXT,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "Deskripsi" TEXT,
    "LOCATIONLOANS_ID" INTEGER,
    "Location_Id" INTEGER,
    "TujuanKunjungan_Id" INTEGER,
    "Information" TEXT,
    "NoPengunjung" TEXT
);

CREATE TABLE "groupguesses" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "NamaKetua" TEXT NOT NULL,
    "NomerTelponKetua" TEXT,
    "AsalInstansi" TEXT NOT NULL,
    "AlamatInstansi" TEXT NOT NULL,
    "CountPersonel" INTEGER,
    "CountPNS" INTEGER,
    "CountPSwasta" INTEGER,
    "CountPeneliti" INTEGER,
    "CountGuru" INTEGER,
    "CountDosen" INTEGER,
    "CountPensiunan" INTEGER,
    "CountTNI" INTEGER,
    "CountWiraswasta" INTEGER,
    "CountPelajar" INTEGER,
    "CountMahasiswa" INTEGER,
    "CountLainnya" INTEGER,
    "CountSD" INTEGER,
    "CountSMP" INTEGER,
    "CountSMA" INTEGER,
    "CountD1" INTEGER,
    "CountD2" INTEGER,
    "CountD3" INTEGER,
    "CountS1" INTEGER,
    "CountS2" INTEGER,
    "CountS3" INTEGER,
    "CountLaki" INTEGER,
    "CountPerempuan" INTEGER,
    "TujuanKunjungan_ID" INTEGER,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "LocationLoans_ID" INTEGER,
    "Location_ID" INTEGER,
    "TeleponInstansi" TEXT,
    "EmailInstansi" TEXT,
    "Information" TEXT,
    "NoPengunjung" TEXT
);

CREATE TABLE "tujuan_kunjungan" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "TujuanKunjungan" TEXT NOT NULL,
    "Member" INTEGER NOT NULL,
    "NonMember" INTEGER NOT NULL,
    "Rombongan" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT
);

CREATE TABLE "bacaditempat" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "NoPengunjung" TEXT,
    "collection_id" INTEGER NOT NULL,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "Member_id" INTEGER,
    "Location_Id" INTEGER,
    "Is_return" TEXT DEFAULT '0'
);

CREATE TABLE "bookinglogs" (
    "memberId" TEXT,
    "collectionId" INTEGER,
    "bookingDate" TEXT,
    "bookingExpired" TEXT
);

CREATE TABLE "catalogfiles" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "Catalog_id" INTEGER NOT NULL,
    "FileURL" TEXT,
    "FileFlash" TEXT,
    "IsPublish" INTEGER NOT NULL DEFAULT 1,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "IsFromMember" INTEGER DEFAULT 0,
    "Member_id" INTEGER
);

CREATE TABLE "users" (
    "ID" INTEGER PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "password" TEXT NOT NULL,
    "auth_key" TEXT,
    "password_hash" TEXT,
    "password_reset_token" TEXT,
    "status" INTEGER,
    "PhotoUrl" TEXT,
    "Fullname" TEXT NOT NULL,
    "EmailAddress" TEXT,
    "IsActive" INTEGER DEFAULT 1,
    "SesID" TEXT,
    "MaxDateSesID" TEXT,
    "ActivationCode" TEXT,
    "LoginAttemp" INTEGER,
    "LastSubmtLogin" TEXT,
    "LastSuccess" TEXT,
    "Department_id" INTEGER,
    "Branch_id" INTEGER,
    "Role_id" INTEGER NOT NULL,
    "IsCanResetUserPassword" INTEGER DEFAULT 0,
    "IsCanResetMemberPassword" INTEGER DEFAULT 0,
    "IsAdvanceEntryCatalog" INTEGER DEFAULT 0,
    "IsAdvanceEntryCollection" INTEGER DEFAULT 0,
    "CreateBy" INTEGER,
    "CreateDate" TEXT,
    "CreateTerminal" TEXT,
    "UpdateBy" INTEGER,
    "UpdateDate" TEXT,
    "UpdateTerminal" TEXT,
    "created_at" INTEGER,
    "updated_at" INTEGER,
    "KIILastUploadDate" TEXT
);
