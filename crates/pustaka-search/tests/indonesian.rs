//! Indonesian records: the old spelling, stems below exact words, ASCII folding.

use pustaka_marc::{ControlField, DataField, Record, Tag};
use pustaka_search::{Extra, Query, Rung, SearchIndex};

fn record(title: &str, author: &str, language: &str) -> Record {
    let mut r = Record::new();
    let f008 = format!("240101s2020    io            000 0 {language} d");
    r.push(ControlField {
        tag: Tag::parse("008").unwrap(),
        value: f008,
    });
    r.push(DataField::new(Tag::parse("100").unwrap(), '1', ' ').with('a', author));
    r.push(DataField::new(Tag::parse("245").unwrap(), '1', '0').with('a', title));
    r
}

fn index(name: &str, records: &[Record]) -> SearchIndex {
    let dir =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("indonesian-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let index = SearchIndex::create(&dir).unwrap();
    for (i, r) in records.iter().enumerate() {
        let extra = Extra {
            bibid: format!("B{}", i + 1),
            ..Extra::default()
        };
        index.add(i as i64 + 1, r, &extra).unwrap();
    }
    index.commit(Some(records.len() as i64)).unwrap();
    index
}

fn ids(index: &SearchIndex, q: &str) -> Vec<i64> {
    index
        .search(&Query::new(q))
        .unwrap()
        .hits
        .iter()
        .map(|h| h.catalog_id)
        .collect()
}

#[test]
fn old_spelling_and_folding_meet_the_modern_query() {
    let idx = index(
        "old",
        &[
            record("Dibawah bendera revolusi", "Soekarno", "ind"),
            record("Djakarta tempo doeloe", "Abdul Hakim", "ind"),
            record("Tjokroaminoto: hidup dan perdjuangannja", "Amelz", "ind"),
            record("Économie politique", "Gide, Charles", "fre"),
            record("Ḥadīth literature", "Siddiqi", "eng"),
        ],
    );
    assert_eq!(ids(&idx, "sukarno"), [1]);
    assert_eq!(ids(&idx, "Soekarno"), [1]);
    assert_eq!(ids(&idx, "jakarta dulu"), [2]);
    assert_eq!(ids(&idx, "cokroaminoto perjuangannya"), [3]);
    assert_eq!(ids(&idx, "economie"), [4]);
    assert_eq!(ids(&idx, "hadith"), [5]);
}

#[test]
fn inflections_meet_through_stems_and_the_exact_word_ranks_first() {
    let idx = index(
        "stem",
        &[
            record("Petani dan kehidupannya", "Ahmad", "ind"),
            record("Pengantar ilmu pertanian", "Budi", "ind"),
            record("Bertani di lahan kering", "Citra", "ind"),
            record("Farming in the tropics", "Dale", "eng"),
        ],
    );
    let r = idx.search(&Query::new("pertanian")).unwrap();
    assert_eq!(r.rung, Rung::And);
    let found: Vec<i64> = r.hits.iter().map(|h| h.catalog_id).collect();
    assert_eq!(found[0], 2, "the exact word first: {found:?}");
    let mut all = found.clone();
    all.sort();
    assert_eq!(all, [1, 2, 3]);
    assert_eq!(ids(&idx, "petani")[0], 1);
    assert_eq!(ids(&idx, "bertani")[0], 3);
}
