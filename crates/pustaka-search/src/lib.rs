//! An embedded tantivy index of MARC 21 catalogue records: one document per record, built to
//! put the right book first for the queries readers actually type, in milliseconds, with
//! facets, and no server.
//!
//! - **Fields** come from MARC as INLISLite's OPAC groups them: title (240/245/246/440/490/
//!   740/830), author (100/110/111/700/710/711/800-811 and 245 $c), subject (600-651),
//!   publisher (260/264), notes (500/505/520), call number (084/090/082/050), ISBN and ISSN
//!   (normalised: ISBN-13 and ISBN-10 forms, no hyphens or qualifiers), year (008/07-10, else
//!   260/264 $c), language (008/35-37) and material type (leader/06-07 or the worksheet).
//! - **Analysis**: words, lower case, ASCII folding ("economie" finds "Économie"); twin
//!   fields fold the pre-1972 Indonesian spelling ("Sukarno" finds "Soekarno"); an
//!   exact-title keyword twin gives known-item boosting; records in Indonesian (or Malay,
//!   or of unknown language) also get an Indonesian-stemmed twin ([`stem`]) of title and
//!   subject, weighted below the exact words, so "pertanian" meets "petani" and "bertani".
//! - **Queries** ([`query`]): plain words (AND, then OR, then typo-tolerant), `"phrases"`,
//!   field prefixes (`judul:`, `au:`, `tahun:2000..2010`, ...). The answer says which
//!   [`Rung`] answered and may carry a "did you mean" suggestion.
//! - **Facets** with counts: author, subject, year, decade, language, material type, and,
//!   from the library's items ([`Extra`]), location and availability.
//! - **Order and paging**: by relevance (default), year either way, or title ([`Sort`]);
//!   any page (`offset`, `limit`). Each hit carries a snippet: an excerpt of the field that
//!   matched, with the matching words' positions.
//!
//! ```
//! use pustaka_marc::{DataField, Record, Tag};
//! use pustaka_search::{Extra, Query, Rung, SearchIndex};
//!
//! let dir = std::env::temp_dir().join(format!("pustaka-search-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir);
//! let index = SearchIndex::create(&dir)?;
//!
//! let mut record = Record::new();
//! record.push(DataField::new(Tag::parse("245").unwrap(), '1', '0')
//!     .with('a', "Di bawah bendera revolusi /")
//!     .with('c', "Soekarno."));
//! record.push(DataField::new(Tag::parse("020").unwrap(), ' ', ' ')
//!     .with('a', "9789793062798 (jil. 1)"));
//! let extra = Extra { bibid: "0010-0124000001".into(), ..Extra::default() };
//! index.add(1, &record, &extra)?;
//! index.commit(Some(1))?;
//!
//! // The modern spelling finds the old one.
//! let results = index.search(&Query::new("sukarno bendera"))?;
//! assert_eq!(results.rung, Rung::And);
//! assert_eq!(results.hits[0].bibid, "0010-0124000001");
//!
//! // A typo falls back to typo-tolerant matching, with a suggestion.
//! let results = index.search(&Query::new("revolsui"))?;
//! assert_eq!(results.rung, Rung::Fuzzy);
//! assert_eq!(results.suggestion.as_deref(), Some("revolusi"));
//!
//! // A malformed query names its position.
//! let err = index.search(&Query::new("judul:\"bendera")).unwrap_err();
//! assert!(err.to_string().contains("byte 6"));
//! # drop(index);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), pustaka_search::SearchError>(())
//! ```

pub mod analysis;
mod collect;
pub mod document;
mod facets;
mod index;
pub mod query;
mod snippet;
pub mod stem;

pub use document::Extra;
pub use index::{
    FacetValue, Hit, Rung, SearchError, SearchIndex, SearchResults, FACETS, SCHEMA_VERSION,
};
pub use query::{parse, ParsedQuery, QueryError};

/// A search request: the query text and how to page and facet the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query text (see [`query`] for the language).
    pub text: String,
    /// How many hits to return (default 10; 0 returns only the total and facets).
    pub limit: usize,
    /// How many of the best hits to skip.
    pub offset: usize,
    /// Whether to compute facet counts.
    pub facets: bool,
    /// How many values to return per facet (default 10).
    pub facet_limit: usize,
    /// Facet filters `(facet name, value)`, each required (facet names: [`FACETS`]).
    pub filters: Vec<(String, String)>,
    /// The order of the hits.
    pub sort: Sort,
    /// Whether to make each hit's snippet (default true; without, `snippet` is empty).
    pub snippets: bool,
}

/// The order of the hits of a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (the default).
    #[default]
    Relevance,
    /// Oldest first; records without a year last; ties by relevance.
    YearAsc,
    /// Newest first; records without a year last; ties by relevance.
    YearDesc,
    /// By title, A to Z, ignoring case, accents and leading articles the record marks as
    /// non-filing; ties by relevance.
    Title,
}

impl Sort {
    /// The name as written in a request: `relevance`, `year`, `-year` or `title`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::YearAsc => "year",
            Sort::YearDesc => "-year",
            Sort::Title => "title",
        }
    }
}

/// A sort name that is not one of `relevance`, `year`, `-year`, `title`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown sort `{0}`: expected relevance, year, -year or title")]
pub struct UnknownSort(pub String);

impl std::str::FromStr for Sort {
    type Err = UnknownSort;

    /// Parses `relevance`, `year` (oldest first), `-year` (newest first) or `title`.
    fn from_str(s: &str) -> Result<Sort, UnknownSort> {
        match s.trim().to_ascii_lowercase().as_str() {
            "relevance" | "" => Ok(Sort::Relevance),
            "year" | "+year" => Ok(Sort::YearAsc),
            "-year" => Ok(Sort::YearDesc),
            "title" => Ok(Sort::Title),
            _ => Err(UnknownSort(s.to_string())),
        }
    }
}

impl Query {
    /// A query for `text`, 10 hits, no facets, no filters.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            limit: 10,
            offset: 0,
            facets: false,
            facet_limit: 10,
            filters: Vec::new(),
            sort: Sort::Relevance,
            snippets: true,
        }
    }

    /// Sets the number of hits.
    pub fn limit(mut self, limit: usize) -> Query {
        self.limit = limit;
        self
    }

    /// Sets the number of hits skipped.
    pub fn offset(mut self, offset: usize) -> Query {
        self.offset = offset;
        self
    }

    /// Asks for facet counts.
    pub fn with_facets(mut self) -> Query {
        self.facets = true;
        self
    }

    /// Sets how many values each facet returns.
    pub fn facet_limit(mut self, n: usize) -> Query {
        self.facet_limit = n;
        self
    }

    /// Sets the order of the hits.
    pub fn sort(mut self, sort: Sort) -> Query {
        self.sort = sort;
        self
    }

    /// Adds a facet filter.
    pub fn filter(mut self, facet: impl Into<String>, value: impl Into<String>) -> Query {
        self.filters.push((facet.into(), value.into()));
        self
    }
}
