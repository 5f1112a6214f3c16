//! Query latency on the bundled 1,000 LoC records: known-item queries on each rung, with
//! and without the six facets, and the time to build the index.
//!
//! `cargo bench -p pustaka-search --bench query_latency`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use pustaka_marc::{ReadOptions, Record};
use pustaka_search::{Extra, Query, SearchIndex};

fn records() -> Vec<Record> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000");
    pustaka_marc::read_path(path, None, ReadOptions::default())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn build(records: &[Record]) -> SearchIndex {
    let dir = std::env::temp_dir().join(format!("pustaka-search-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let index = SearchIndex::create(&dir).unwrap();
    for (i, r) in records.iter().enumerate() {
        let extra = Extra {
            bibid: format!("LOC-{}", i + 1),
            ..Extra::default()
        };
        index.add(i as i64 + 1, r, &extra).unwrap();
    }
    index.commit(Some(records.len() as i64)).unwrap();
    index
}

fn bench(c: &mut Criterion) {
    let records = records();
    let started = Instant::now();
    let index = build(&records);
    eprintln!(
        "built the index of {} records in {:.3} s",
        records.len(),
        started.elapsed().as_secs_f64()
    );
    let queries = [
        ("and_exact_title", "Their silver wedding journey"),
        ("and_surname_word", "tarbell geography"),
        ("and_single_word", "poems"),
        ("isbn_hyphenated", "0-8369-3272-2"),
        ("or_fallback", "sky pilot zebra"),
        ("fuzzy_typo", "Thier silver weding journey"),
        ("field_range", "ti:history tahun:1890..1900"),
    ];
    let mut group = c.benchmark_group("search_top10");
    for (name, q) in queries {
        let plain = Query::new(q);
        group.bench_function(name, |b| {
            b.iter(|| index.search(black_box(&plain)).unwrap())
        });
        let faceted = Query::new(q).with_facets();
        group.bench_function(format!("{name}_facets"), |b| {
            b.iter(|| index.search(black_box(&faceted)).unwrap())
        });
        // The same without snippets: what making the ten snippets costs.
        let mut bare = Query::new(q);
        bare.snippets = false;
        group.bench_function(format!("{name}_no_snippets"), |b| {
            b.iter(|| index.search(black_box(&bare)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
