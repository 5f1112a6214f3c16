//! Import a MARC file into a new library and show what INLISLite's tables now hold.
//!
//! ```text
//! cargo run --release -p pustaka --example import_marc -- RECORDS.mrc /tmp/my-library
//! ```
//!
//! A migration script does the same three steps: create (or open) the library, stream the
//! records in with [`pustaka::Library::import_records`], and read the report.

use std::time::Instant;

use pustaka::{ImportOptions, Library, Timestamp};
use pustaka_marc::ReadOptions;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: import_marc RECORDS LIBRARY_DIR");
        std::process::exit(2);
    };

    // A library is a directory; `create` refuses one that already holds a library.
    let library = Library::create(&dir)?;

    // The core never reads the clock: the caller says when the import happens. BIBIDs
    // (0010-MMYY...), CreateDate and field 005 all come from this timestamp.
    let at = Timestamp::parse("2024-01-15 09:00:00")?;
    let options = ImportOptions::new(at);

    // Records stream from the file; read errors become rejections with their number.
    let reader = pustaka_marc::read_path(&input, None, ReadOptions::lenient())?;
    let started = Instant::now();
    let report = library.import_records(reader, &options)?;
    let seconds = started.elapsed().as_secs_f64();

    println!(
        "imported {} records in {seconds:.2} s ({:.0} records/s), rejected {}",
        report.imported,
        report.imported as f64 / seconds.max(1e-9),
        report.rejected.len()
    );
    for rejection in &report.rejected {
        println!("  record {}: {}", rejection.record, rejection.reason);
    }
    if let Some(first) = library.catalog().iter().next() {
        let first = first?;
        println!(
            "first record: {} {} {:?}",
            first.bibid, first.control_number, first.display.title
        );
    }
    Ok(())
}
