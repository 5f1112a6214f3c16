//! A crash leaves a consistent library. The tests kill a child process (SIGKILL): while it
//! imports (then every row is checked); after a catalogue write committed but before the
//! search index did (then reopening catches the index up and a search finds the record);
//! and at an arbitrary point of a loop of writes and index commits (then every record
//! committed is found).

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{at, laskar_pelangi, loc_records, TempDir};
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
    let mut child = spawn_child("child_imports_until_killed", CHILD_ENV, dir.path());
    // Let a few batches commit, then kill the child mid-way through a later one.
    kill_once_written(&mut child, dir.path(), 3 * BATCH, 10, 37);

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

const SEARCH_CHILD_ENV: &str = "PUSTAKA_SEARCH_CRASH_LIBRARY";
const SEARCH_LOOP_ENV: &str = "PUSTAKA_SEARCH_LOOP_LIBRARY";

/// The child's side of the search crash test: adds a record (committed to SQLite, never
/// applied to the index, since nothing searches), says so with a marker file, and waits
/// to be killed. Does nothing when run as an ordinary test.
#[test]
fn child_writes_then_waits_to_be_killed() {
    let Ok(dir) = std::env::var(SEARCH_CHILD_ENV) else {
        return;
    };
    let library = Library::open(&dir).unwrap();
    library
        .catalog()
        .add(&laskar_pelangi(), 1, at("2024-07-01 08:00:00"))
        .unwrap();
    std::fs::write(std::path::Path::new(&dir).join("written"), b"1").unwrap();
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// The child's side of the search loop test: adds records and commits the index after
/// each, until killed. Does nothing when run as an ordinary test.
#[test]
fn child_writes_and_indexes_until_killed() {
    let Ok(dir) = std::env::var(SEARCH_LOOP_ENV) else {
        return;
    };
    let library = Library::open(&dir).unwrap();
    let records = loc_records(200);
    for (i, record) in records.iter().cycle().enumerate() {
        library
            .catalog()
            .add(record, 1, at("2024-07-01 08:00:00"))
            .unwrap();
        if i % 2 == 0 {
            library.sync_search().unwrap();
        }
    }
}

/// Waits until the child in `dir` has committed at least `records` catalogue records
/// (looking every `poll_ms`), lets it run `then_ms` more, and kills it (SIGKILL).
fn kill_once_written(
    child: &mut std::process::Child,
    dir: &std::path::Path,
    records: i64,
    poll_ms: u64,
    then_ms: u64,
) {
    let db = Connection::open(dir.join("library.sqlite")).unwrap();
    let started = Instant::now();
    loop {
        let n: i64 = db
            .query_row("SELECT count(*) FROM catalogs", [], |r| r.get(0))
            .unwrap_or(0);
        if n >= records {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the child wrote only {n} records in two minutes"
        );
        std::thread::sleep(Duration::from_millis(poll_ms));
    }
    std::thread::sleep(Duration::from_millis(then_ms));
    child.kill().unwrap();
    child.wait().unwrap();
}

fn spawn_child(test: &str, env: &str, dir: &std::path::Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--test-threads=1"])
        .env(env, dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_write_killed_before_the_index_commits_is_found_after_reopening() {
    let dir = TempDir::new("search-crash");
    drop(Library::create(dir.path()).unwrap());
    let mut child = spawn_child(
        "child_writes_then_waits_to_be_killed",
        SEARCH_CHILD_ENV,
        dir.path(),
    );
    let started = Instant::now();
    while !dir.path().join("written").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the child did not write in two minutes"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // The record is committed in SQLite; the index on disk has not seen it.
    let index = pustaka_search::SearchIndex::open(dir.path().join("index")).unwrap();
    assert_eq!(index.len(), 0);
    drop(index);
    child.kill().unwrap();
    child.wait().unwrap();

    let library = Library::open(dir.path()).unwrap();
    let r = library.search_text("laskar pelangi", 10).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].title, "Laskar pelangi : novel");
    assert_eq!(r.hits[0].bibid, "0010-0724000001");
}

#[test]
fn killing_writes_and_index_commits_at_any_point_loses_no_record() {
    let dir = TempDir::new("search-loop-crash");
    drop(Library::create(dir.path()).unwrap());
    let mut child = spawn_child(
        "child_writes_and_indexes_until_killed",
        SEARCH_LOOP_ENV,
        dir.path(),
    );
    kill_once_written(&mut child, dir.path(), 40, 5, 23);

    let library = Library::open(dir.path()).unwrap();
    let db = Connection::open(library.database_path()).unwrap();
    let ids: Vec<i64> = db
        .prepare("SELECT ID FROM catalogs ORDER BY ID")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(ids.len() >= 40);
    // Every committed record is in the index exactly once: the empty query matches every
    // document, and they are exactly the catalogue.
    let all = library
        .search(&pustaka::search::Query::new("").limit(ids.len() + 10))
        .unwrap();
    assert_eq!(all.total, ids.len());
    let mut found: Vec<i64> = all.hits.iter().map(|h| h.catalog_id).collect();
    found.sort_unstable();
    assert_eq!(found, ids);
    // And the index is current: its last applied change is the database's last.
    let last: i64 = db
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'search_changes'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(library);
    let index = pustaka_search::SearchIndex::open(dir.path().join("index")).unwrap();
    assert_eq!(index.applied_change().unwrap(), Some(last));
}
