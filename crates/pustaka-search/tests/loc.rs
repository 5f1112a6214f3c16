//! Known-item searches over the bundled 1,000 LoC records.

mod common;

use pustaka_search::{Query, Rung, SearchError, Sort};

fn top(q: &str) -> (i64, Rung) {
    let r = common::loc_index()
        .search(&Query::new(q))
        .unwrap_or_else(|e| panic!("{q}: {e}"));
    let first = r.hits.first().unwrap_or_else(|| panic!("{q}: no hit"));
    (first.catalog_id, r.rung)
}

#[test]
fn known_items_come_first() {
    let cases: &[(&str, i64)] = &[
        // Exact titles.
        ("The sky pilot", 3),
        ("Their silver wedding journey", 5),
        ("Lessons on morals", 38),
        ("Lessons on manners", 37),
        ("Through unexplored Asia", 24),
        ("The loom of destiny", 25),
        ("buying time", 216),
        // Titles with a typo.
        ("Thier silver weding journey", 5),
        ("orthopedc surgery", 32),
        // Surname plus a title word.
        ("howells wedding", 5),
        ("tarbell geography", 7),
        ("jewett twin", 19),
        // ISBN typed with hyphens, and its ISBN-13 form.
        ("0-8369-3272-2", 25),
        ("978-0-8369-3272-3", 25),
        ("isbn:0836932722", 25),
        // Field prefixes.
        ("ti:pilot au:connor", 3),
        ("au:dewey ti:morals", 38),
    ];
    let mut failures = Vec::new();
    for (q, want) in cases {
        let (got, _) = top(q);
        if got != *want {
            failures.push(format!("{q:?}: want {want}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn fallback_rungs_are_reported() {
    assert_eq!(top("sky pilot"), (3, Rung::And));
    // "zebra" is in no record: AND fails, OR answers.
    assert_eq!(top("sky pilot zebra"), (3, Rung::Or));
    // A typo no record carries: typo-tolerant matching answers, with a suggestion.
    let r = common::loc_index()
        .search(&Query::new("orthopedc surgery"))
        .unwrap();
    assert_eq!(r.rung, Rung::Fuzzy);
    assert_eq!(r.suggestion.as_deref(), Some("orthopedic surgery"));
    assert_eq!(r.hits[0].catalog_id, 32);
    // A typo in the first letter: no word sharing it is near, so every word is tried.
    let r = common::loc_index()
        .search(&Query::new("rthopedic surgery"))
        .unwrap();
    assert_eq!(r.rung, Rung::Fuzzy);
    assert_eq!(r.suggestion.as_deref(), Some("orthopedic surgery"));
    assert_eq!(r.hits[0].catalog_id, 32);
}

#[test]
fn an_index_of_the_right_layout_but_missing_a_field_is_stale_not_a_panic() {
    use tantivy::schema::{Schema, STORED};
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("layout-missing-field");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut schema = Schema::builder();
    schema.add_u64_field("id", STORED);
    let index = tantivy::Index::create_in_dir(&dir, schema.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(&format!("layout={}", pustaka_search::SCHEMA_VERSION));
    commit.commit().unwrap();
    drop(writer);
    match pustaka_search::SearchIndex::open(&dir) {
        Err(pustaka_search::SearchError::Stale { found, .. }) => {
            assert_eq!(
                found,
                format!("{} without field bibid", pustaka_search::SCHEMA_VERSION)
            );
        }
        other => panic!("expected Stale, got {other:?}"),
    }
}

#[test]
fn facets_count_matching_records() {
    let r = common::loc_index()
        .search(&Query::new("").limit(0).with_facets())
        .unwrap();
    assert_eq!(r.total, 1000);
    let lang = &r.facets["language"];
    assert_eq!(lang[0].value, "eng");
    assert_eq!(lang[0].count, 964);
    let decades = &r.facets["decade"];
    assert_eq!(decades[0].value, "1900s");
    assert_eq!(decades[0].count, 708);
    let material = &r.facets["material_type"];
    assert_eq!(material[0].value, "Buku");
    // A facet filter narrows the search.
    let ger = common::loc_index()
        .search(&Query::new("").limit(0).filter("language", "ger"))
        .unwrap();
    assert_eq!(ger.total, 10);
    let ln = common::loc_index().search(&Query::new("ln:ger")).unwrap();
    assert_eq!(ln.total, 10);
}

#[test]
fn far_offsets_and_huge_limits_give_empty_or_whole_pages() {
    let index = common::loc_index();
    let all = index.search(&Query::new("history").limit(0)).unwrap().total;
    assert!(all > 10, "{all}");
    for sort in [Sort::Relevance, Sort::YearDesc, Sort::Title] {
        let far = index
            .search(&Query::new("history").offset(usize::MAX).sort(sort))
            .unwrap();
        assert_eq!((far.total, far.hits.len()), (all, 0), "{sort:?}");
        let whole = index
            .search(
                &Query::new("history")
                    .limit(usize::MAX)
                    .sort(sort)
                    .with_facets(),
            )
            .unwrap();
        assert_eq!((whole.total, whole.hits.len()), (all, all), "{sort:?}");
    }
}

#[test]
fn year_ranges_and_phrases() {
    let r = common::loc_index()
        .search(&Query::new("tahun:2000..2010").limit(0))
        .unwrap();
    assert!(r.total > 0 && r.total < 100, "{}", r.total);
    let r = common::loc_index()
        .search(&Query::new("\"silver wedding\""))
        .unwrap();
    assert_eq!(r.hits[0].catalog_id, 5);
    assert_eq!(r.hits[0].title, "Their silver wedding journey");
    assert_eq!(r.hits[0].bibid, "LOC-5");
}

#[test]
fn malformed_query_is_an_error_with_a_position() {
    match common::loc_index().search(&Query::new("judul:\"sky pilot")) {
        Err(SearchError::Query(e)) => assert_eq!(e.position, 6),
        other => panic!("expected a query error, got {other:?}"),
    }
}
