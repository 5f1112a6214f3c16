//! `import_mysql` against a real MariaDB (cargo feature `mysql`): the demo dump loaded into
//! a private server, imported from it through a `mysql://...?socket=` URL, gives the same
//! report and the same library, table by table and row by row, as importing the dump
//! file, and every value of `perpus-demo.expected.json`.
#![cfg(feature = "mysql")]

#[path = "support/mariadb.rs"]
mod mariadb;

use std::path::PathBuf;

use pustaka::Library;
use pustaka_inlislite::import::{import_dump, ImportError, ImportOptions, Tables};
use pustaka_inlislite::import_mysql;
use rusqlite::Connection;
use serde_json::Value as Json;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/inlislite")
        .join(name)
}

/// Every row of `table`, in rowid order, as text.
fn rows(library: &Library, table: &str) -> Vec<String> {
    let conn = Connection::open(library.database_path()).unwrap();
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn importing_from_the_server_is_importing_its_dump() {
    let Some(server) = mariadb::start("mysql-import") else {
        return;
    };
    server.sql(None, None, Some("CREATE DATABASE inlislite_v3"));
    server.sql(
        Some("inlislite_v3"),
        Some(&fixture("perpus-demo.sql")),
        None,
    );
    let url = format!(
        "mysql://root@localhost/inlislite_v3?socket={}",
        server.socket().display()
    );
    let expected: Json =
        serde_json::from_slice(&std::fs::read(fixture("perpus-demo.expected.json")).unwrap())
            .unwrap();

    let from_server = Library::create(server.dir.join("from-server")).unwrap();
    let mut progress = Vec::new();
    let mut note = |b: u64| progress.push(b);
    let report = import_mysql(
        &from_server,
        &url,
        ImportOptions {
            tables: Tables::All,
            progress: Some(&mut note),
        },
    )
    .unwrap();
    assert!(progress.last().is_some_and(|&b| b == report.bytes && b > 0));
    let from_dump = Library::create(server.dir.join("from-dump")).unwrap();
    let dumped = import_dump(
        &from_dump,
        fixture("perpus-demo.sql"),
        ImportOptions {
            tables: Tables::All,
            progress: None,
        },
    )
    .unwrap();

    // The same report: per table read/imported/rejected, warnings, MARC rebuilt.
    assert_eq!(report.tables, dumped.tables);
    assert!(report.rejections.is_empty(), "{:?}", report.rejections);
    assert_eq!(report.marc_rebuilt, 153);
    let messages = |r: &pustaka_inlislite::ImportReport| {
        r.warnings
            .iter()
            .map(|w| (w.table.clone(), w.message.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(messages(&report), messages(&dumped));
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0]
        .message
        .contains("zero date 0000-00-00 00:00:00"));
    for (table, n) in expected["row_counts"].as_object().unwrap() {
        let t = &report.tables[table];
        let n = n.as_u64().unwrap();
        assert_eq!(
            (t.read, t.imported, t.rejected, t.destination),
            (n, n, 0, "core")
        );
    }

    // The same library: every table, row by row, value by value.
    for table in expected["row_counts"].as_object().unwrap().keys() {
        assert_eq!(
            rows(&from_server, table),
            rows(&from_dump, table),
            "{table}"
        );
    }
    assert_eq!(
        rows(&from_server, "marc_records"),
        rows(&from_dump, "marc_records")
    );
    // And the manifest's MARC for every record.
    let all = expected["all_marc_by_bibid"].as_object().unwrap();
    let mut n = 0;
    for stored in from_server.catalog().marc_records() {
        let stored = stored.unwrap();
        let mut json = pustaka_marc::json::to_value(&stored.record);
        let leader = json["leader"].as_str().unwrap().to_string();
        json["leader"] = Json::from(format!("{} {}", &leader[..9], &leader[10..]));
        assert_eq!(json, all[&stored.bibid], "{}", stored.bibid);
        n += 1;
    }
    assert_eq!(n, 153);
    let total: i64 = Connection::open(from_server.database_path())
        .unwrap()
        .query_row(
            "SELECT sum(JumlahDenda) FROM pelanggaran WHERE Paid = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(total, expected["total_unpaid_fines"].as_i64().unwrap());

    // Importing again from the server changes nothing.
    let again = import_mysql(&from_server, &url, ImportOptions::default()).unwrap();
    assert!(again.rejections.is_empty());
    assert_eq!(rows(&from_server, "catalogs"), rows(&from_dump, "catalogs"));

    // A database that is not there: a server error naming it, the library unchanged.
    let missing = format!(
        "mysql://root@localhost/no_such_db?socket={}",
        server.socket().display()
    );
    match import_mysql(&from_server, &missing, ImportOptions::default()) {
        Err(ImportError::Server { message }) => {
            assert!(message.contains("no_such_db"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(rows(&from_server, "catalogs"), rows(&from_dump, "catalogs"));
}
