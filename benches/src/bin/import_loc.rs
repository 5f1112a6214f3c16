//! Imports the full Library of Congress "Books All 2016" part 1 file (250,000 records) into a
//! fresh library in a temporary directory and prints records per second, total seconds and
//! peak memory (`VmHWM`).
//!
//! ```text
//! cargo run --release -p pustaka-benches --bin import_loc [-- FILE]
//! ```
//!
//! The file is the first argument, else `$PUSTAKA_LOC_FILE`, else
//! `benches/data/BooksAll.2016.part01.utf8`.

use std::path::PathBuf;
use std::time::Instant;

use pustaka::{ImportOptions, Library, Timestamp};
use pustaka_marc::ReadOptions;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn main() {
    let file = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("PUSTAKA_LOC_FILE").map(PathBuf::from))
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/BooksAll.2016.part01.utf8")
        });
    let dir = std::env::temp_dir().join(format!("pustaka-bench-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let library = Library::create(&dir).expect("create the library");
    let reader = pustaka_marc::read_path(&file, None, ReadOptions::default())
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let at = Timestamp::parse("2024-06-01 10:00:00").expect("valid timestamp");
    let start = Instant::now();
    let report = library
        .import_records(reader, &ImportOptions::new(at))
        .expect("import");
    let seconds = start.elapsed().as_secs_f64();
    let count = |table: &str| -> i64 {
        rusqlite::Connection::open(library.database_path())
            .and_then(|c| c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)))
            .expect("count rows")
    };
    println!("file: {}", file.display());
    println!(
        "imported {} records ({} rejected) in {seconds:.1} s: {:.0} records/s",
        report.imported,
        report.rejected.len(),
        report.imported as f64 / seconds
    );
    println!(
        "rows: catalogs {}, catalog_ruas {}, catalog_subruas {}, marc_records {}",
        count("catalogs"),
        count("catalog_ruas"),
        count("catalog_subruas"),
        count("marc_records")
    );
    match peak_rss_kib() {
        Some(kib) => println!("peak RSS (VmHWM): {:.1} MB", kib as f64 / 1024.0),
        None => println!("peak RSS: unavailable (no /proc/self/status)"),
    }
    drop(library);
    let _ = std::fs::remove_dir_all(&dir);
}
