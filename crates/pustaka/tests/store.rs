//! Scenarios for the library directory and its database schema.

mod common;

use common::{at, laskar_pelangi, new_library, TempDir};
use pustaka::{Library, LibraryError};
use rusqlite::Connection;

#[test]
fn a_new_library_records_its_migrations_and_runs_in_wal_mode() {
    let (dir, library) = new_library("create");
    assert_eq!(
        library.migrations().unwrap(),
        [
            (1, "core".to_string()),
            (2, "pustaka".to_string()),
            (3, "circulation".to_string()),
            (4, "inlislite_extra".to_string()),
            (5, "search_sync".to_string()),
            (6, "search_items".to_string()),
            (7, "activities".to_string())
        ]
    );
    assert!(dir.path().join("library.sqlite").is_file());
    let db = Connection::open(library.database_path()).unwrap();
    let mode: String = db
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn the_core_tables_carry_inlislite_names_and_master_data() {
    let (_dir, library) = new_library("tables");
    let db = Connection::open(library.database_path()).unwrap();
    for table in [
        "catalogs",
        "catalog_ruas",
        "catalog_subruas",
        "worksheets",
        "collections",
        "collectioncategorys",
        "collectionmedias",
        "collectionsources",
        "collectionstatus",
        "collectionrules",
        "locations",
        "location_library",
        "members",
        "jenis_anggota",
        "status_anggota",
        "memberloanauthorizecategory",
        "memberloanauthorizelocation",
        "settingparameters",
        "holidays",
        "collectionloans",
        "collectionloanitems",
        "pelanggaran",
        "marc_records",
        "quarantined_catalogs",
        "quarantined_catalog_ruas",
        "quarantined_catalog_subruas",
    ] {
        let n: i64 = db
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "table {table}");
    }
    let columns: Vec<String> = db
        .prepare("SELECT name FROM pragma_table_info('catalog_subruas')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        columns,
        [
            "ID",
            "RuasID",
            "SubRuas",
            "Value",
            "Sequence",
            "CreateBy",
            "CreateDate",
            "CreateTerminal",
            "UpdateBy",
            "UpdateDate",
            "UpdateTerminal"
        ]
    );
    let statuses: Vec<(i64, String)> = db
        .prepare("SELECT ID, Name FROM collectionstatus ORDER BY ID")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        statuses,
        [
            (1, "Tersedia".to_string()),
            (5, "Dipinjam".to_string()),
            (9, "Tandon".to_string()),
            (11, "Dibaca".to_string())
        ]
    );
    let buku: String = db
        .query_row("SELECT Name FROM worksheets WHERE ID = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(buku, "Buku");
    let default_status: i64 = db
        .query_row(
            "SELECT dflt_value FROM pragma_table_info('collections') WHERE name = 'Status_id'",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(default_status, 9);
}

#[test]
fn a_library_reopens_with_its_records() {
    let dir = TempDir::new("reopen");
    {
        let library = Library::create(dir.path()).unwrap();
        library
            .catalog()
            .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
            .unwrap();
    }
    let library = Library::open(dir.path()).unwrap();
    assert_eq!(
        library.migrations().unwrap().len(),
        pustaka::store::SCHEMA_VERSION as usize
    );
    let c = library.catalog().get_by_bibid("0010-0124000001").unwrap();
    assert_eq!(c.display.title, "Laskar pelangi : novel / Andrea Hirata.");
}

#[test]
fn creating_over_a_library_or_opening_nothing_is_refused() {
    let (dir, library) = new_library("twice");
    drop(library);
    let err = Library::create(dir.path()).unwrap_err();
    assert!(matches!(
        err,
        LibraryError::Conflict {
            table: "library",
            ..
        }
    ));
    assert!(
        err.to_string().ends_with("already holds a library"),
        "{err}"
    );

    let missing = TempDir::new("missing");
    let err = Library::open(missing.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "library database {} not found",
            missing.path().join("library.sqlite").display()
        )
    );
}

#[test]
fn a_library_from_a_newer_pustaka_is_refused_and_left_untouched() {
    let (dir, library) = new_library("newer");
    drop(library);
    let db_path = dir.path().join("library.sqlite");
    {
        let db = Connection::open(&db_path).unwrap();
        db.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)
             VALUES (?1, 'from the future', '2030-01-01 00:00:00')",
            [pustaka::store::SCHEMA_VERSION + 1],
        )
        .unwrap();
    }
    let err = Library::open(dir.path()).unwrap_err();
    assert!(matches!(err, LibraryError::Schema { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "library database {}: schema version {} is newer than this pustaka, which knows \
             up to version {}; open it with a newer pustaka",
            db_path.display(),
            pustaka::store::SCHEMA_VERSION + 1,
            pustaka::store::SCHEMA_VERSION
        )
    );
    let db = Connection::open(&db_path).unwrap();
    let versions: i64 = db
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, pustaka::store::SCHEMA_VERSION + 1);
}

#[test]
fn an_older_library_is_migrated_on_open() {
    let (dir, library) = new_library("older");
    drop(library);
    let db_path = dir.path().join("library.sqlite");
    {
        // Turn the library back into one that only had migration 1.
        let db = Connection::open(&db_path).unwrap();
        db.execute_batch(
            "DROP TABLE marc_records; DROP TABLE quarantined_marc_records;
             DROP TABLE quarantined_catalogs; DROP TABLE quarantined_catalog_ruas;
             DROP TABLE quarantined_catalog_subruas;
             DELETE FROM worksheets; DELETE FROM collectionstatus; DELETE FROM status_anggota;
             DELETE FROM schema_migrations WHERE version = 2;
             DROP INDEX collectionloanitems_one_open_loan_per_item;
             DROP INDEX collectionloanextends_CollectionLoanItem_id;
             DROP INDEX pelanggaran_CollectionLoanItem_id;
             DELETE FROM collectionrules; DELETE FROM jenis_pelanggaran; DELETE FROM jenis_denda;
             DELETE FROM schema_migrations WHERE version = 3;
             DROP TABLE inlislite_extra; DROP TABLE inlislite_extra_tables;
             DELETE FROM schema_migrations WHERE version = 4;
             DROP TRIGGER search_changes_catalogs_insert;
             DROP TRIGGER search_changes_catalogs_update;
             DROP TRIGGER search_changes_catalogs_delete;
             DROP TABLE search_changes;
             DELETE FROM schema_migrations WHERE version = 5;
             DROP TRIGGER search_changes_collections_insert;
             DROP TRIGGER search_changes_collections_update;
             DROP TRIGGER search_changes_collections_delete;
             DROP TRIGGER search_changes_locations_rename;
             DROP TRIGGER search_changes_location_library_rename;
             DELETE FROM schema_migrations WHERE version = 6;
             DROP TABLE attachments; DROP TABLE publications; DROP TABLE impact_stories;
             DROP TABLE activity_stakeholders; DROP TABLE stakeholders;
             DROP TABLE activity_participants; DROP TABLE activity_participant_tallies;
             DROP TABLE activity_impact_areas; DROP TABLE activities; DROP TABLE activity_codes;
             DELETE FROM schema_migrations WHERE version = 7;",
        )
        .unwrap();
    }
    let library = Library::open(dir.path()).unwrap();
    assert_eq!(
        library.migrations().unwrap().len(),
        pustaka::store::SCHEMA_VERSION as usize
    );
    library
        .catalog()
        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
        .unwrap();
}

#[test]
fn two_handles_on_one_library_adding_at_once_never_share_a_bibid() {
    let (dir, library) = new_library("two-writers");
    drop(library);
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let library = Library::open(&path).unwrap();
                for _ in 0..40 {
                    library
                        .catalog()
                        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let library = Library::open(dir.path()).unwrap();
    let mut bibids: Vec<String> = library.catalog().iter().map(|c| c.unwrap().bibid).collect();
    bibids.sort();
    bibids.dedup();
    assert_eq!(bibids.len(), 80);
    assert_eq!(bibids.last().unwrap(), "0010-0124000080");
}
