//! The search query parser, and the whole search (parse, and -> or -> fuzzy ladder,
//! facets, sort, snippets) on a small index, on arbitrary text.
//!
//! Besides "no panic": a malformed query's position lies inside the text on a character
//! boundary; a parsed clause's position is the byte where it starts; and a search never
//! returns more hits than asked for nor a total smaller than its hits, with highlights
//! inside their snippet.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pustaka_marc::{DataField, Record, Tag};
use pustaka_search::query::Clause;
use pustaka_search::{parse, Extra, Query, SearchError, SearchIndex, Sort};

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("pustaka-fuzz-query-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let index = SearchIndex::create(&dir).expect("index creates");
        let books: [(&str, &str, &str, &str); 5] = [
            (
                "Laskar pelangi /",
                "Hirata, Andrea",
                "2005",
                "9789793062792",
            ),
            (
                "Di bawah bendera revolusi /",
                "Soekarno",
                "1963",
                "979-8062-79-2",
            ),
            ("Petani dan pertanian di Djawa", "Tjokroaminoto", "1931", ""),
            (
                "Économie politique :",
                "Ḥadīth, Muḥammad",
                "1899",
                "0-8369-3272-2 (pbk.)",
            ),
            (
                "The sky pilot; a tale of the foothills",
                "Connor, Ralph",
                "1899",
                "",
            ),
        ];
        for (i, &(title, author, year, isbn)) in books.iter().enumerate() {
            let mut r = Record::new();
            r.push(DataField::new(Tag::parse("100").unwrap(), '1', ' ').with('a', author));
            r.push(DataField::new(Tag::parse("245").unwrap(), '1', '4').with('a', title));
            r.push(DataField::new(Tag::parse("260").unwrap(), ' ', ' ').with('c', year));
            r.push(DataField::new(Tag::parse("650").unwrap(), ' ', '4').with('a', "Novel"));
            r.push(
                DataField::new(Tag::parse("500").unwrap(), ' ', ' ')
                    .with('a', format!("{title} {author} catatan panjang ").repeat(8)),
            );
            if !isbn.is_empty() {
                r.push(DataField::new(Tag::parse("020").unwrap(), ' ', ' ').with('a', isbn));
            }
            let extra = Extra {
                bibid: format!("B{i}"),
                locations: vec!["Ruang Referensi".into()],
                availability: vec![if i % 2 == 0 { "available" } else { "on loan" }.into()],
                ..Extra::default()
            };
            index.add(i as i64 + 1, &r, &extra).expect("adds");
        }
        index.commit(Some(5)).expect("commits");
        index
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Err(e) => {
            assert!(e.position <= text.len(), "{e} in {text:?}");
            assert!(text.is_char_boundary(e.position), "{e} in {text:?}");
        }
        Ok(parsed) => {
            for c in &parsed.clauses {
                let p = match c {
                    Clause::Word { position, .. }
                    | Clause::Phrase { position, .. }
                    | Clause::Field { position, .. } => *position,
                };
                assert!(
                    p < text.len() && text.is_char_boundary(p),
                    "{c:?} in {text:?}"
                );
                if let Clause::Word { text: w, position } = c {
                    assert!(
                        text[*position..].starts_with(w.as_str()),
                        "{c:?} in {text:?}"
                    );
                }
            }
        }
    }
    if text.len() > 300 {
        return;
    }
    let sort = [Sort::Relevance, Sort::YearAsc, Sort::YearDesc, Sort::Title][data.len() % 4];
    let limit = data.len() % 7;
    let query = Query::new(text)
        .limit(limit)
        .offset(data.len() % 3)
        .sort(sort)
        .with_facets();
    match index().search(&query) {
        Ok(r) => {
            assert!(r.hits.len() <= limit);
            assert!(r.total >= r.hits.len());
            for hit in &r.hits {
                let n = hit.snippet.chars().count();
                for (a, b) in &hit.highlights {
                    assert!(a < b && *b <= n, "{hit:?}");
                }
            }
        }
        Err(SearchError::Query(_)) => {}
        Err(e) => panic!("{text:?}: {e}"),
    }
});
