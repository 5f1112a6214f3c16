//! The query parser and the whole search never panic, whatever the text.

mod common;

use proptest::prelude::*;
use pustaka_search::{parse, Query, SearchError};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics(text in ".{0,60}") {
        if let Err(e) = parse(&text) {
            prop_assert!(e.position <= text.len());
        }
    }

    #[test]
    fn query_language_fragments_never_panic(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("\"".to_string()), Just(":".to_string()), Just("..".to_string()),
                Just("judul:".to_string()), Just("tahun:".to_string()), Just("isbn:".to_string()),
                Just("ln:".to_string()), Just(" ".to_string()), "[a-zé0-9ḤĀ-]{0,6}",
            ],
            0..8,
        )
    ) {
        let text: String = parts.concat();
        if let Err(e) = parse(&text) {
            prop_assert!(e.position <= text.len());
            prop_assert!(text.is_char_boundary(e.position));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn search_never_panics(text in "[a-zA-Z0-9 \":.\\-é]{0,30}") {
        match common::loc_index().search(&Query::new(text.clone()).with_facets()) {
            Ok(_) | Err(SearchError::Query(_)) => {}
            Err(e) => prop_assert!(false, "{text:?}: {e}"),
        }
    }
}
