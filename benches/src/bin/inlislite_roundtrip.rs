//! INLISLite round trip at scale: a library holding the 250,000 Library of Congress records
//! exported to an INLISLite v3 dump, and that dump imported into a fresh library. Prints the
//! export's time, size and rows, the import's rows per second (all rows of all tables) and
//! the peak memory (`VmHWM`) of each phase, each phase run as its own process.
//!
//! ```text
//! cargo run --release -p pustaka-benches --bin inlislite_roundtrip -- [LIBRARY_DIR] [MARC_FILE]
//! ```
//!
//! `LIBRARY_DIR` (default `$TMPDIR/pustaka-bench-loc-library`) is kept between runs: when it
//! holds no library yet, the first phase builds it from `MARC_FILE` (default
//! `benches/data/BooksAll.2016.part01.utf8`) the way `import_loc` does. The dump and the
//! second library go to a temporary directory that is removed at the end.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use pustaka::{ImportOptions, Library, Timestamp};
use pustaka_marc::ReadOptions;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(f64::NAN)
}

/// Phase `build`: the LoC library in `dir` from `file`.
fn build(dir: &Path, file: &Path) {
    let library = Library::create(dir).expect("create the library");
    let reader = pustaka_marc::read_path(file, None, ReadOptions::default())
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let at = Timestamp::parse("2024-06-01 10:00:00").expect("valid timestamp");
    let start = Instant::now();
    let report = library
        .import_records(reader, &ImportOptions::new(at))
        .expect("import");
    println!(
        "build: {} records from {} in {:.1} s, peak RSS {:.0} MiB",
        report.imported,
        file.display(),
        start.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
}

/// Phase `export`: the library in `dir` to the dump `out`.
fn export(dir: &Path, out: &Path) {
    let library = Library::open(dir).expect("open the library");
    let start = Instant::now();
    let file = std::fs::File::create(out).expect("create the dump");
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let report = pustaka_inlislite::export_dump(&library, &mut w).expect("export");
    drop(w);
    let seconds = start.elapsed().as_secs_f64();
    let rows: u64 = report.tables.iter().map(|t| t.1).sum();
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "export: {rows} rows in {seconds:.1} s ({:.0} rows/s), {:.1} MiB written ({:.1} MiB/s), peak RSS {:.0} MiB",
        rows as f64 / seconds,
        bytes as f64 / (1 << 20) as f64,
        bytes as f64 / (1 << 20) as f64 / seconds,
        peak_rss_mib()
    );
    for (table, n) in report.tables.iter().filter(|t| t.1 > 0) {
        println!("  {table}: {n}");
    }
}

/// Phase `import`: the dump `dump` into a new library in `dir`.
fn import(dump: &Path, dir: &Path) {
    let library = Library::create(dir).expect("create the library");
    // The progress callback runs every few thousand rows while the dump is read, and once
    // more after the commit: the gap before that last call is the MARC rebuild and commit.
    let start = Instant::now();
    let mut calls: Vec<f64> = Vec::new();
    let mut note = |_bytes: u64| calls.push(start.elapsed().as_secs_f64());
    let report = pustaka_inlislite::import_dump(
        &library,
        dump,
        pustaka_inlislite::ImportOptions {
            tables: pustaka_inlislite::Tables::Core,
            progress: Some(&mut note),
        },
    )
    .expect("import");
    if let [.., rows_done, end] = calls[..] {
        println!(
            "import: rows read and written in {rows_done:.1} s, MARC rebuilt and committed in {:.1} s",
            end - rows_done
        );
    }
    let rows = report.rows_read();
    println!(
        "import: {} of {rows} rows ({} rejected, {} MARC records rebuilt) in {:.1} s: {:.0} rows/s, {:.1} MiB/s, peak RSS {:.0} MiB",
        report.rows_imported(),
        report.rejections.len(),
        report.marc_rebuilt,
        report.seconds,
        rows as f64 / report.seconds,
        report.bytes as f64 / (1 << 20) as f64 / report.seconds,
        peak_rss_mib()
    );
}

fn run_phase(args: &[&std::ffi::OsStr]) {
    let me = std::env::current_exe().expect("the benchmark's own path");
    let status = Command::new(me)
        .arg("--phase")
        .args(args)
        .status()
        .expect("run a phase");
    assert!(status.success(), "phase {args:?} failed");
}

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if args.first().is_some_and(|a| a == "--phase") {
        let p = |i: usize| PathBuf::from(&args[i]);
        match args[1].to_str() {
            Some("build") => build(&p(2), &p(3)),
            Some("export") => export(&p(2), &p(3)),
            Some("import") => import(&p(2), &p(3)),
            other => panic!("unknown phase {other:?}"),
        }
        return;
    }
    let library = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("pustaka-bench-loc-library"));
    let marc = args.get(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/BooksAll.2016.part01.utf8")
    });
    if !library.join(pustaka::DATABASE_FILE).is_file() {
        run_phase(&["build".as_ref(), library.as_os_str(), marc.as_os_str()]);
    }
    let work = std::env::temp_dir().join(format!("pustaka-bench-inlislite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("create the work directory");
    let dump = work.join("inlislite.sql");
    println!("library: {}", library.display());
    run_phase(&["export".as_ref(), library.as_os_str(), dump.as_os_str()]);
    run_phase(&[
        "import".as_ref(),
        dump.as_os_str(),
        work.join("imported").as_os_str(),
    ]);
    let _ = std::fs::remove_dir_all(&work);
}
