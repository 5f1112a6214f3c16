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
    let r = library
        .search_text(q, 10)
        .unwrap_or_else(|e| panic!("{q}: {e}"));
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
    let r = library.search_text("poems", 5).unwrap();
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

    let err = library.search_text("ti:\"sky pilot", 10).unwrap_err();
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
    let r = library.search_text("laskar pelangi", 10).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].catalog_id, c.id);
    assert_eq!(r.hits[0].bibid, c.bibid);

    library
        .catalog()
        .update(c.id, &titled("Sang pemimpi /"), at("2024-01-16 09:30:00"))
        .unwrap();
    assert_eq!(library.search_text("laskar", 10).unwrap().total, 0);
    assert_eq!(
        library.search_text("pemimpi", 10).unwrap().hits[0].catalog_id,
        c.id
    );

    library
        .catalog()
        .delete(c.id, at("2024-01-17 09:30:00"))
        .unwrap();
    assert_eq!(library.search_text("pemimpi", 10).unwrap().total, 0);
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
    assert_eq!(library.search_text("pelangi", 10).unwrap().total, 1);
}

#[test]
fn a_library_with_its_index_can_move_between_threads() {
    // The Python binding keeps a Library behind a mutex: it must stay Send.
    fn send<T: Send>() {}
    send::<Library>();
    send::<pustaka_search::SearchIndex>();
}

fn facet(r: &pustaka::search::SearchResults, name: &str) -> Vec<(String, u64)> {
    r.facets[name]
        .iter()
        .map(|v| (v.value.clone(), v.count))
        .collect()
}

fn pairs(values: &[(&str, u64)]) -> Vec<(String, u64)> {
    values.iter().map(|(v, c)| (v.to_string(), *c)).collect()
}

#[test]
fn items_give_location_and_availability_and_a_checkout_reaches_the_index() {
    use pustaka::{NewItem, NewMember, NewMemberType};
    use rusqlite::Connection;

    let (_dir, library) = new_library("search-items");
    let db = Connection::open(library.database_path()).unwrap();
    let setup = at("2024-12-01 08:00:00");
    db.execute_batch(
        "INSERT INTO location_library (ID, Code, Name) VALUES (1, 'PUSDA', 'Perpustakaan Daerah');
         INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Ruang Sirkulasi'),
             (2, 'REF', 'Ruang Referensi');
         INSERT INTO collectioncategorys (ID, Code, Name) VALUES (1, 'UM', 'Koleksi Umum');",
    )
    .unwrap();
    let umum = library
        .members()
        .add_type(&NewMemberType::new("Umum"), setup)
        .unwrap();
    db.execute(
        "UPDATE jenis_anggota SET MaxLoanDays = 7, MaxPinjamKoleksi = 3 WHERE id = ?1",
        [umum],
    )
    .unwrap();
    let mut m = NewMember::new("A001", "Siti Aminah", umum);
    m.status_anggota_id = 3;
    m.register_date = Some(pustaka::Date::parse("2024-01-02").unwrap());
    m.end_date = Some(pustaka::Date::parse("2026-12-31").unwrap());
    let member = library.members().add(&m, setup).unwrap();
    db.execute(
        "INSERT INTO memberloanauthorizecategory (Member_id, CategoryLoan_id) VALUES (?1, 1)",
        [member.id],
    )
    .unwrap();
    db.execute(
        "INSERT INTO memberloanauthorizelocation (Member_id, LocationLoan_id) VALUES (?1, 1)",
        [member.id],
    )
    .unwrap();

    let laskar = library.catalog().add(&laskar_pelangi(), 1, setup).unwrap();
    let pemimpi = library
        .catalog()
        .add(&titled("Sang pemimpi /"), 1, setup)
        .unwrap();
    // No items yet: no location, no availability.
    let r = library.search_text("hirata", 10).unwrap();
    assert_eq!(r.total, 2);
    assert!(facet(&r, "location").is_empty());
    assert!(facet(&r, "availability").is_empty());

    let item = |barcode: &str, location: Option<i64>, status: i64| {
        let mut it = NewItem::new(barcode);
        it.rule_id = Some(1);
        it.category_id = Some(1);
        it.location_id = location;
        it.location_library_id = Some(1);
        it.status_id = Some(status);
        it.call_number = Some("899.221 HIR l".into());
        it
    };
    library
        .items()
        .add(laskar.id, &item("B001", Some(1), 1), setup)
        .unwrap();
    library
        .items()
        .add(laskar.id, &item("B002", Some(2), 11), setup)
        .unwrap();
    // No room recorded: the library's name is the location.
    library
        .items()
        .add(pemimpi.id, &item("B003", None, 9), setup)
        .unwrap();

    let r = library.search_text("hirata", 10).unwrap();
    assert_eq!(
        facet(&r, "location"),
        pairs(&[
            ("Perpustakaan Daerah", 1),
            ("Ruang Referensi", 1),
            ("Ruang Sirkulasi", 1)
        ])
    );
    assert_eq!(
        facet(&r, "availability"),
        pairs(&[("available", 1), ("other", 1), ("read in place", 1)])
    );
    // The record's own call number wins over its items'.
    assert_eq!(r.hits[0].call_number, "899.221 3");

    // A facet filter on availability.
    let q = pustaka::search::Query::new("hirata")
        .with_facets()
        .filter("availability", "available");
    let r = library.search(&q).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].catalog_id, laskar.id);

    // A checkout changes only collections.Status_id; the index follows.
    library
        .circulation()
        .checkout("A001", &["B001"], at("2024-12-02 10:00:00"))
        .unwrap();
    let r = library.search_text("laskar", 10).unwrap();
    assert_eq!(
        facet(&r, "availability"),
        pairs(&[("on loan", 1), ("read in place", 1)])
    );
    assert_eq!(library.search(&q).unwrap().total, 0);

    library
        .circulation()
        .return_item("B001", at("2024-12-03 10:00:00"))
        .unwrap();
    let r = library.search_text("laskar", 10).unwrap();
    assert_eq!(
        facet(&r, "availability"),
        pairs(&[("available", 1), ("read in place", 1)])
    );

    // Moving, renaming and deleting reach it too.
    db.execute(
        "UPDATE collections SET Location_id = 1 WHERE NomorBarcode = 'B002'",
        [],
    )
    .unwrap();
    let r = library.search_text("laskar", 10).unwrap();
    assert_eq!(facet(&r, "location"), pairs(&[("Ruang Sirkulasi", 1)]));
    db.execute(
        "UPDATE locations SET Name = 'Ruang Dewasa' WHERE ID = 1",
        [],
    )
    .unwrap();
    let r = library.search_text("laskar", 10).unwrap();
    assert_eq!(facet(&r, "location"), pairs(&[("Ruang Dewasa", 1)]));
    db.execute("DELETE FROM collections WHERE Catalog_id = ?1", [laskar.id])
        .unwrap();
    let r = library.search_text("laskar", 10).unwrap();
    assert!(facet(&r, "location").is_empty());

    // A rebuild computes the same facets.
    library.reindex().unwrap();
    let r = library.search_text("hirata", 10).unwrap();
    assert_eq!(facet(&r, "location"), pairs(&[("Perpustakaan Daerah", 1)]));
    assert_eq!(facet(&r, "availability"), pairs(&[("other", 1)]));
}

#[test]
fn sorting_paging_and_snippets() {
    use pustaka::search::{Query, Sort};

    let (_dir, library) = new_library("search-sort");
    import_loc(&library);
    let q = |sort: Sort| Query::new("poems").limit(200).sort(sort);
    let by_relevance = library.search(&q(Sort::Relevance)).unwrap();
    let total = by_relevance.total;
    assert!(total > 20, "{total}");
    let scores: Vec<f32> = by_relevance.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));

    let years = |sort: Sort| -> Vec<Option<i64>> {
        let r = library.search(&q(sort)).unwrap();
        assert_eq!(r.total, total);
        assert_eq!(r.hits.len(), total.min(200));
        r.hits.iter().map(|h| h.year).collect()
    };
    let up = years(Sort::YearAsc);
    let known: Vec<i64> = up.iter().flatten().copied().collect();
    assert!(known.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    // Records without a year come last, both ways.
    assert!(up.iter().skip_while(|y| y.is_some()).all(|y| y.is_none()));
    let down = years(Sort::YearDesc);
    let known_down: Vec<i64> = down.iter().flatten().copied().collect();
    assert!(known_down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
    assert_eq!(known_down.first(), known.last());

    let r = library.search(&q(Sort::Title)).unwrap();
    let keys: Vec<String> = r
        .hits
        .iter()
        .map(|h| {
            h.title
                .to_lowercase()
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .trim_start_matches("the ")
                .trim_start_matches("a ")
                .to_string()
        })
        .collect();
    // Titles run A to Z by their first filing letter ("[Waiting ..." files under W).
    let firsts: Vec<char> = keys.iter().filter_map(|k| k.chars().next()).collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");

    // Paging: pages of 7 with offsets tile the first 21 hits of one order.
    let all: Vec<i64> = library
        .search(&Query::new("poems").limit(21).sort(Sort::YearDesc))
        .unwrap()
        .hits
        .iter()
        .map(|h| h.catalog_id)
        .collect();
    let mut paged = Vec::new();
    for page in 0..3 {
        let r = library
            .search(
                &Query::new("poems")
                    .limit(7)
                    .offset(page * 7)
                    .sort(Sort::YearDesc),
            )
            .unwrap();
        assert_eq!(r.total, total);
        paged.extend(r.hits.iter().map(|h| h.catalog_id));
    }
    assert_eq!(paged, all);
    let r = library.search(&Query::new("poems").offset(total)).unwrap();
    assert_eq!(r.total, total);
    assert!(r.hits.is_empty());

    // Snippets: the field that matched, the matching words marked (character offsets).
    let r = library.search_text("The sky pilot", 1).unwrap();
    let hit = &r.hits[0];
    assert_eq!(hit.snippet, "The sky pilot; a tale of the foothills");
    assert_eq!(hit.highlights, vec![(0, 3), (4, 7), (8, 13), (25, 28)]);
    let r = library.search_text("au:howells", 1).unwrap();
    assert_eq!(r.hits[0].snippet, r.hits[0].author);
    let marked: Vec<String> = r.hits[0]
        .highlights
        .iter()
        .map(|(a, b)| r.hits[0].snippet.chars().skip(*a).take(b - a).collect())
        .collect();
    assert_eq!(marked, ["Howells"]);
    // A typo is marked where the corrected word stands.
    let r = library.search_text("orthopedc", 1).unwrap();
    assert_eq!(r.rung, Rung::Fuzzy);
    assert_eq!(r.hits[0].snippet, "Treatise on orthopedic surgery");
    assert_eq!(r.hits[0].highlights, vec![(12, 22)]);
}
