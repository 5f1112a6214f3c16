//! ISO 2709 parsing throughput on the Library of Congress "Books All 2016" file.
//!
//! Target: the whole 250,000-record file (241,731,867 bytes) at 1 GB/s or more on one core,
//! with every field and subfield reached. The file is looked for at `$PUSTAKA_LOC_FILE`,
//! then `benches/data/BooksAll.2016.part01.utf8` (`benches/marc_peers.py` downloads it
//! there); without it the bench runs on the bundled 1,000-record sample repeated to 50 MB,
//! and says so.
//!
//! Run: `cargo bench -p pustaka-benches --bench marc_parse`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pustaka_marc::iso2709::raw::{split_records, RawRecord};
use pustaka_marc::{ReadOptions, Record};

fn load() -> (Vec<u8>, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("PUSTAKA_LOC_FILE").map(PathBuf::from),
        Some(root.join("data/BooksAll.2016.part01.utf8")),
    ];
    for path in candidates.into_iter().flatten() {
        if let Ok(bytes) = std::fs::read(&path) {
            return (bytes, path.display().to_string());
        }
    }
    let sample = std::fs::read(
        root.join("../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000"),
    )
    .expect("bundled LoC sample");
    let mut bytes = Vec::with_capacity(50 << 20);
    while bytes.len() < 50 << 20 {
        bytes.extend_from_slice(&sample);
    }
    (
        bytes,
        "bundled 1,000-record sample repeated to 50 MB".into(),
    )
}

/// Visits every field and subfield through the zero-copy view; returns a checksum so the
/// work cannot be optimised away.
fn scan_raw(bytes: &[u8]) -> usize {
    let mut sum = 0usize;
    for chunk in split_records(bytes) {
        let Ok(record) = RawRecord::new(chunk) else {
            continue;
        };
        for field in record.fields() {
            if field.is_control() {
                sum += field.data.len();
            } else {
                sum += field.indicators().len();
                for (code, value) in field.subfields() {
                    sum += code as usize + value.len();
                }
            }
        }
    }
    sum
}

/// Decodes every record into the owned model (UTF-8 checked, strings allocated).
fn decode_all(bytes: &[u8]) -> usize {
    let reader = pustaka_marc::iso2709::Iso2709Reader::new(bytes, ReadOptions::default());
    reader
        .filter_map(Result::ok)
        .map(|r: Record| r.fields.len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let (bytes, what) = load();
    eprintln!("marc_parse: {} bytes from {what}", bytes.len());
    let mut group = c.benchmark_group("iso2709");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("raw_scan_every_subfield", |b| b.iter(|| scan_raw(&bytes)));
    group.bench_function("decode_to_records", |b| b.iter(|| decode_all(&bytes)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
