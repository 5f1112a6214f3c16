//! A crash in the middle of an import leaves a consistent library: the test kills a child
//! process (SIGKILL) while it imports, then opens the library and checks every row.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{at, loc_records, TempDir};
use pustaka::catalog::ruas;
use pustaka::{ImportOptions, Library};
use pustaka_marc::Field;
use rusqlite::Connection;

const CHILD_ENV: &str = "PUSTAKA_CRASH_TEST_LIBRARY";
const BATCH: i64 = 100;

/// The child's side: imports the LoC sample over and over until it is killed. Does nothing
/// when run as an ordinary test.
#[test]
fn child_imports_until_killed() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let library = Library::open(&dir).unwrap();
    let records = loc_records(1000);
    let mut options = ImportOptions::new(at("2024-07-01 08:00:00"));
    options.batch_size = BATCH as usize;
    loop {
        library
            .import_records(records.iter().cloned().map(Ok::<_, String>), &options)
            .unwrap();
    }
}

#[test]
fn killing_an_import_midway_leaves_whole_batches_and_whole_records() {
    let dir = TempDir::new("crash");
    drop(Library::create(dir.path()).unwrap());
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_imports_until_killed", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // Let a few batches commit, then kill the child mid-way through a later one.
    let db = Connection::open(dir.path().join("library.sqlite")).unwrap();
    let started = Instant::now();
    loop {
        let n: i64 = db
            .query_row("SELECT count(*) FROM catalogs", [], |r| r.get(0))
            .unwrap_or(0);
        if n >= 3 * BATCH {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the child imported only {n} records in two minutes"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(37));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(db);

    let library = Library::open(dir.path()).unwrap();
    let db = Connection::open(library.database_path()).unwrap();
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let scalar = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    let catalogs = scalar("SELECT count(*) FROM catalogs");
    assert!(catalogs >= 3 * BATCH);
    assert_eq!(catalogs % BATCH, 0, "only whole batches are committed");
    assert_eq!(scalar("SELECT count(*) FROM marc_records"), catalogs);
    assert_eq!(
        scalar(
            "SELECT count(*) FROM catalog_ruas WHERE CatalogId NOT IN (SELECT ID FROM catalogs)"
        ),
        0
    );
    assert_eq!(
        scalar(
            "SELECT count(*) FROM catalog_subruas WHERE RuasID NOT IN (SELECT ID FROM catalog_ruas)"
        ),
        0
    );
    assert_eq!(
        scalar(
            "SELECT count(*) FROM catalogs WHERE ID NOT IN (SELECT CatalogId FROM catalog_ruas)"
        ),
        0
    );

    // Every committed record is whole: its rows decode to its MARC, which holds the
    // fields of the record it was imported from.
    let originals = loc_records(1000);
    let catalog = library.catalog();
    for stored in catalog.iter() {
        let stored = stored.unwrap();
        let decoded = ruas::decode(
            stored.record.leader.clone(),
            &catalog.ruas(stored.id).unwrap(),
        );
        assert_eq!(decoded, stored.record, "catalog {}", stored.id);
        let original = &originals[((stored.id - 1) % 1000) as usize];
        let kept = |f: &&Field| !matches!(f.tag().as_str(), "001" | "003" | "005" | "035");
        assert_eq!(
            stored.record.fields.iter().filter(kept).collect::<Vec<_>>(),
            original.fields.iter().filter(kept).collect::<Vec<_>>(),
            "catalog {}",
            stored.id
        );
    }

    // The library goes on: the next record takes the next BIBID.
    let next = catalog
        .add(&originals[0], 1, at("2024-07-02 08:00:00"))
        .unwrap();
    assert_eq!(next.bibid, format!("0010-0724{:06}", catalogs + 1));
}
