//! Reads a mysqldump file and prints rows per table and the reading speed:
//! `cargo run --release -p pustaka-inlislite --example read_dump -- DUMP.sql`.

use std::collections::BTreeMap;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: read_dump DUMP.sql")?;
    let started = Instant::now();
    let mut per_table = BTreeMap::<String, u64>::new();
    for item in pustaka_inlislite::read_dump(&path)? {
        let (table, _row) = item?;
        *per_table.entry(table).or_default() += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    let rows: u64 = per_table.values().sum();
    for (table, n) in &per_table {
        println!("{table:<32} {n:>9}");
    }
    println!(
        "{rows} rows in {seconds:.3} s: {:.0} rows/s",
        rows as f64 / seconds
    );
    Ok(())
}
