//! Shared helpers: the bundled 1,000 LoC records, indexed once per test binary.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use pustaka_marc::{ReadOptions, Record};
use pustaka_search::{Extra, SearchIndex};

pub fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000")
}

pub fn records() -> Vec<Record> {
    pustaka_marc::read_path(fixture(), None, ReadOptions::default())
        .expect("fixture opens")
        .map(|r| r.expect("fixture record reads"))
        .collect()
}

/// The LoC index, built once (catalog ids 1..=1000, BIBID `LOC-<n>`).
pub fn loc_index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        // Under the build's own scratch directory, wiped by `cargo clean`, not /tmp.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(concat!("loc-index-", env!("CARGO_CRATE_NAME")));
        let _ = std::fs::remove_dir_all(&dir);
        let index = SearchIndex::create(&dir).expect("index creates");
        for (i, record) in records().iter().enumerate() {
            let id = i as i64 + 1;
            let extra = Extra {
                bibid: format!("LOC-{id}"),
                ..Extra::default()
            };
            index.add(id, record, &extra).expect("adds");
        }
        index.commit(Some(1000)).expect("commits");
        index
    })
}
