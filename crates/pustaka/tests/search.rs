//! Search through the library: the 1,000 bundled LoC records imported, known items found
//! first, facets, fallback rungs, malformed queries, and the index following every write
//! (crash included).

mod common;

use common::{at, laskar_pelangi, new_library, TempDir};
use pustaka::{ImportOptions, Library};
use pustaka_marc::{ReadOptions, Record};
use pustaka_search::Rung;

fn loc_fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000")
}

fn import_loc(library: &Library) {
    let records = pustaka_marc::read_path(loc_fixture(), None, ReadOptions::default()).unwrap();
    let report = library
        .import_records(records, &ImportOptions::new(at("2024-03-01 10:00:00")))
        .unwrap();
    assert_eq!(report.imported, 1000);
}

fn top(library: &Library, q: &str) -> (String, Rung) {
    let r = library.search(q, 10).unwrap_or_else(|e| panic!("{q}: {e}"));
    let hit = r.hits.first().unwrap_or_else(|| panic!("{q}: no hit"));
    (hit.title.clone(), r.rung)
}

#[test]
fn imported_loc_records_are_found_by_known_item_queries() {
    let (_dir, library) = new_library("search-loc");
    import_loc(&library);
    let cases: &[(&str, &str)] = &[
        ("The sky pilot", "The sky pilot; a tale of the foothills"),
        (
            "Their silver wedding journey",
            "Their silver wedding journey",
        ),
        (
            "Thier silver weding journey",
            "Their silver wedding journey",
        ),
        (
            "Lessons on morals",
            "Lessons on morals; arranged for grammar schools, high schools, and academies",
        ),
        ("howells wedding", "Their silver wedding journey"),
        ("tarbell geography", "The complete geography"),
        ("jewett twin", "The queen's twin, and other stories"),
        ("0-8369-3272-2", "The loom of destiny"),
        ("orthopedc surgery", "Treatise on orthopedic surgery"),
        ("through unexplored asia", "Through unexplored Asia"),
        (
            "buying time",
            "Buying time : television advertising in the 1998 congressional elections",
        ),
        (
            "au:dewey ti:manners",
            "Lessons on manners; arranged for grammar schools, high schools, and academies",
        ),
    ];
    for (q, want) in cases {
        assert_eq!(top(&library, q).0, *want, "query {q:?}");
    }
    let r = library.search("poems", 5).unwrap();
    assert_eq!(r.rung, Rung::And);
    assert!(r.total > 5);
    assert_eq!(r.hits.len(), 5);
    assert_eq!(r.facets["language"][0].value, "eng");
    assert_eq!(r.facets["material_type"][0].value, "Buku");
    assert_eq!(
        r.facets["material_type"][0].count as usize, r.total,
        "every imported record is a Buku"
    );
    assert_eq!(top(&library, "sky pilot zebra").1, Rung::Or);
    assert_eq!(top(&library, "orthopedc").1, Rung::Fuzzy);

    let err = library.search("ti:\"sky pilot", 10).unwrap_err();
    assert_eq!(err.query_error().map(|q| q.position), Some(3));
    assert!(err.to_string().contains("byte 3"), "{err}");

    // A rebuild gives the same answers.
    assert_eq!(library.reindex().unwrap(), 1000);
    assert_eq!(
        top(&library, "The sky pilot").0,
        "The sky pilot; a tale of the foothills"
    );
}

fn titled(title: &str) -> Record {
    let mut r = laskar_pelangi();
    for f in &mut r.fields {
        if let pustaka_marc::Field::Data(d) = f {
            if d.tag.as_str() == "245" {
                d.subfields.retain(|s| s.code != 'a');
                d.subfields
                    .insert(0, pustaka_marc::Subfield::new('a', title));
            }
        }
    }
    r
}

#[test]
fn the_index_follows_adds_updates_and_deletes() {
    let (_dir, library) = new_library("search-sync");
    let c = library
        .catalog()
        .add(&laskar_pelangi(), 1, at("2024-01-15 09:30:00"))
        .unwrap();
    let r = library.search("laskar pelangi", 10).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].catalog_id, c.id);
    assert_eq!(r.hits[0].bibid, c.bibid);

    library
        .catalog()
        .update(c.id, &titled("Sang pemimpi /"), at("2024-01-16 09:30:00"))
        .unwrap();
    assert_eq!(library.search("laskar", 10).unwrap().total, 0);
    assert_eq!(
        library.search("pemimpi", 10).unwrap().hits[0].catalog_id,
        c.id
    );

    library
        .catalog()
        .delete(c.id, at("2024-01-17 09:30:00"))
        .unwrap();
    assert_eq!(library.search("pemimpi", 10).unwrap().total, 0);
}

#[test]
fn a_write_the_index_never_saw_is_applied_on_reopen() {
    let dir = TempDir::new("search-crash");
    {
        let library = Library::create(dir.path()).unwrap();
        library
            .catalog()
            .add(&laskar_pelangi(), 1, at("2024-01-15 09:30:00"))
            .unwrap();
        // The process ends here, before anything reaches the index.
        std::mem::forget(library);
    }
    {
        // Catch-up happens on open: look at the index directly, without searching.
        let library = Library::open(dir.path()).unwrap();
        drop(library);
        let index = pustaka_search::SearchIndex::open(dir.path().join("index")).unwrap();
        assert_eq!(index.len(), 1);
        assert!(index.applied_change().unwrap().is_some());
    }
    // A lost index is rebuilt from SQLite.
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let library = Library::open(dir.path()).unwrap();
    assert_eq!(library.search("pelangi", 10).unwrap().total, 1);
}

#[test]
fn a_library_with_its_index_can_move_between_threads() {
    // The Python binding keeps a Library behind a mutex: it must stay Send.
    fn send<T: Send>() {}
    send::<Library>();
    send::<pustaka_search::SearchIndex>();
}
