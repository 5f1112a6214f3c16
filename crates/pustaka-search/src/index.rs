//! The index itself: schema, writing, and the search ladder (and -> or -> fuzzy).

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use pustaka_marc::Record;
use serde::Serialize;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Collector, Count, MultiCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query as TQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, Index, IndexReader, IndexSettings, IndexWriter, Order, ReloadPolicy, Searcher,
    TantivyDocument, TantivyError, Term,
};

use crate::analysis::{self, FOLD, FOLD_OLD, FOLD_STEM};
use crate::collect;
use crate::document::{self, Extra};
use crate::facets::{FacetCache, FastFacets};
use crate::query::{self, Clause, FieldName, FieldValue, ParsedQuery};
use crate::snippet::{Highlighter, Source};
use crate::{Query, QueryError, Sort};

/// Version of the index layout; an index written with another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 7;

/// The facets computed on request, by name.
pub const FACETS: [&str; 8] = [
    "author",
    "subject",
    "year",
    "decade",
    "language",
    "material_type",
    "location",
    "availability",
];

/// Bytes of stored fields compressed together. A result line reads one document, and the
/// whole block around it is decompressed: small blocks (a handful of records each) keep a
/// page of ten hits to a few microseconds, where tantivy's default of 16 KiB cost a
/// tenth of a typical query; the index grows by a few percent.
const DOCSTORE_BLOCK: usize = 2048;

const WRITER_HEAP: usize = 64_000_000;

/// An error of the search index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The query text is malformed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// Another process holds the index writer lock.
    #[error("search index {path}: another writer holds the lock")]
    Locked {
        /// The index directory.
        path: PathBuf,
    },
    /// The index was written by another layout version (rebuild it).
    #[error("search index {path}: written with layout {found}, this code uses {SCHEMA_VERSION}; rebuild it")]
    Stale {
        /// The index directory.
        path: PathBuf,
        /// The layout version found.
        found: String,
    },
    /// tantivy failed.
    #[error("search index {path}: {context}: {source}")]
    Index {
        /// The index directory.
        path: PathBuf,
        /// What was being done.
        context: &'static str,
        /// The tantivy error.
        source: TantivyError,
    },
    /// A file-system operation failed.
    #[error("search index {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Which rung of the fallback ladder answered a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rung {
    /// Every word matched exactly (after folding).
    And,
    /// No record had every word; records with some of them.
    Or,
    /// Typo-tolerant matching (edit distance 1 for words of 5+ letters, 2 for 8+).
    Fuzzy,
}

impl Rung {
    /// `"and"`, `"or"` or `"fuzzy"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rung::And => "and",
            Rung::Or => "or",
            Rung::Fuzzy => "fuzzy",
        }
    }
}

/// One result line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// `catalogs.ID`.
    pub catalog_id: i64,
    /// BIBID.
    pub bibid: String,
    /// Title (245 $a $b $n $p, ISBD punctuation trimmed).
    pub title: String,
    /// Main author, or the statement of responsibility.
    pub author: String,
    /// Publisher.
    pub publisher: String,
    /// Publication year.
    pub year: Option<i64>,
    /// Call number.
    pub call_number: String,
    /// Relevance score (higher is better; comparable within one search only).
    pub score: f32,
    /// A short excerpt of the field where the query matched (title, author, subject or
    /// notes; at most 160 characters, "…" where cut).
    pub snippet: String,
    /// The matching words in [`snippet`](Self::snippet), as `(start, end)` character (not
    /// byte) offsets, end exclusive, so they index Python strings directly.
    pub highlights: Vec<(usize, usize)>,
}

/// One facet value and how many matching records carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// The value.
    pub value: String,
    /// Matching records with it.
    pub count: u64,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// How many records match.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching records, by facet name (see [`FACETS`]); empty unless
    /// [`Query::facets`] was set.
    pub facets: BTreeMap<String, Vec<FacetValue>>,
    /// The rung that answered.
    pub rung: Rung,
    /// A "did you mean" rewrite of the query from the index's own words, when a typo-tolerant
    /// match answered.
    pub suggestion: Option<String>,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    bibid: Field,
    title: Field,
    title_old: Field,
    title_exact: Field,
    title_prefix: Field,
    title_stem: Field,
    subject_stem: Field,
    author: Field,
    author_old: Field,
    subject: Field,
    subject_old: Field,
    publisher: Field,
    notes: Field,
    call_number: Field,
    isbn: Field,
    issn: Field,
    year: Field,
    language: Field,
    d_title: Field,
    d_author: Field,
    d_publisher: Field,
    d_call_number: Field,
    d_subject: Field,
    d_notes: Field,
    sort_title: Field,
    facets: [Field; 8],
}

fn build_schema() -> Schema {
    let mut b = Schema::builder();
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    b.add_u64_field("id", INDEXED | STORED | FAST);
    b.add_text_field("bibid", STRING | STORED);
    b.add_text_field("title", text(FOLD));
    b.add_text_field("title_old", text(FOLD_OLD));
    b.add_text_field("title_exact", STRING);
    b.add_text_field("title_prefix", STRING);
    b.add_text_field("title_stem", text(FOLD_STEM));
    b.add_text_field("subject_stem", text(FOLD_STEM));
    b.add_text_field("author", text(FOLD));
    b.add_text_field("author_old", text(FOLD_OLD));
    b.add_text_field("subject", text(FOLD));
    b.add_text_field("subject_old", text(FOLD_OLD));
    b.add_text_field("publisher", text(FOLD));
    b.add_text_field("notes", text(FOLD));
    b.add_text_field("call_number", text(FOLD));
    b.add_text_field("isbn", STRING);
    b.add_text_field("issn", STRING);
    b.add_i64_field("year", INDEXED | STORED | FAST);
    b.add_text_field("language", STRING);
    b.add_text_field("d_title", STORED);
    b.add_text_field("d_author", STORED);
    b.add_text_field("d_publisher", STORED);
    b.add_text_field("d_call_number", STORED);
    b.add_text_field("d_subject", STORED);
    b.add_text_field("d_notes", STORED);
    b.add_text_field("sort_title", STRING | FAST);
    for name in FACETS {
        b.add_text_field(&format!("f_{name}"), STRING | FAST);
    }
    b.build()
}

/// The layout version and the last applied change recorded in a commit payload.
fn parse_payload(payload: Option<&str>) -> (Option<u32>, Option<i64>) {
    let mut version = None;
    let mut applied = None;
    for part in payload.unwrap_or("").split(';') {
        if let Some(v) = part.strip_prefix("layout=") {
            version = v.parse().ok();
        } else if let Some(v) = part.strip_prefix("applied=") {
            applied = v.parse().ok();
        }
    }
    (version, applied)
}

/// The fields of `schema` by name; `Err` names the first one missing.
fn fields(schema: &Schema) -> Result<Fields, String> {
    let missing = std::cell::RefCell::new(None::<String>);
    let f = |name: &str| {
        schema.get_field(name).unwrap_or_else(|_| {
            missing.borrow_mut().get_or_insert_with(|| name.to_string());
            Field::from_field_id(0)
        })
    };
    let out = Fields {
        id: f("id"),
        bibid: f("bibid"),
        title: f("title"),
        title_old: f("title_old"),
        title_exact: f("title_exact"),
        title_prefix: f("title_prefix"),
        title_stem: f("title_stem"),
        subject_stem: f("subject_stem"),
        author: f("author"),
        author_old: f("author_old"),
        subject: f("subject"),
        subject_old: f("subject_old"),
        publisher: f("publisher"),
        notes: f("notes"),
        call_number: f("call_number"),
        isbn: f("isbn"),
        issn: f("issn"),
        year: f("year"),
        language: f("language"),
        d_title: f("d_title"),
        d_author: f("d_author"),
        d_publisher: f("d_publisher"),
        d_call_number: f("d_call_number"),
        d_subject: f("d_subject"),
        d_notes: f("d_notes"),
        sort_title: f("sort_title"),
        facets: FACETS.map(|n| f(&format!("f_{n}"))),
    };
    match missing.into_inner() {
        Some(name) => Err(name),
        None => Ok(out),
    }
}

/// An embedded tantivy index of catalogue records, one document per record.
///
/// Writes ([`add`](Self::add), [`update`](Self::update), [`delete`](Self::delete)) take the
/// writer lock on first use and keep it until [`commit`](Self::commit), which records the
/// caller's last applied change id in the commit itself (see
/// [`applied_change`](Self::applied_change)) and releases the lock.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    f: Fields,
    writer: Mutex<Option<IndexWriter>>,
    /// The facet columns of the live segments, in memory.
    facet_cache: FacetCache,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

impl SearchIndex {
    /// Creates an empty index in `dir` (created if missing; it must not already hold an
    /// index).
    pub fn create(dir: impl AsRef<Path>) -> Result<SearchIndex, SearchError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let settings = IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK,
            ..IndexSettings::default()
        };
        let index = Index::builder()
            .schema(build_schema())
            .settings(settings)
            .create_in_dir(dir)
            .map_err(|source| SearchError::Index {
                path: dir.to_path_buf(),
                context: "creating the index",
                source,
            })?;
        let this = SearchIndex::wrap(dir, index)?;
        // An initial commit stamps the layout version.
        this.commit(None)?;
        Ok(this)
    }

    /// Opens the index in `dir`. An index of another layout version is
    /// [`SearchError::Stale`].
    pub fn open(dir: impl AsRef<Path>) -> Result<SearchIndex, SearchError> {
        let dir = dir.as_ref();
        let index = Index::open_in_dir(dir).map_err(|source| SearchError::Index {
            path: dir.to_path_buf(),
            context: "opening the index",
            source,
        })?;
        // The layout comes first: an index of another layout may lack fields this code
        // reads.
        let metas = index.load_metas().map_err(|source| SearchError::Index {
            path: dir.to_path_buf(),
            context: "reading the index metadata",
            source,
        })?;
        let (version, _) = parse_payload(metas.payload.as_deref());
        if version != Some(SCHEMA_VERSION) {
            return Err(SearchError::Stale {
                path: dir.to_path_buf(),
                found: version.map_or_else(|| "none".into(), |v| v.to_string()),
            });
        }
        SearchIndex::wrap(dir, index)
    }

    fn wrap(dir: &Path, index: Index) -> Result<SearchIndex, SearchError> {
        let tm = index.tokenizers();
        tm.register(FOLD, analysis::fold_analyzer());
        tm.register(FOLD_OLD, analysis::fold_old_analyzer());
        tm.register(FOLD_STEM, analysis::fold_stem_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|source| SearchError::Index {
                path: dir.to_path_buf(),
                context: "opening a reader",
                source,
            })?;
        let f = fields(&index.schema()).map_err(|missing| SearchError::Stale {
            path: dir.to_path_buf(),
            found: format!("{SCHEMA_VERSION} without field {missing}"),
        })?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            f,
            writer: Mutex::new(None),
            facet_cache: FacetCache::default(),
        })
    }

    fn err(&self, context: &'static str) -> impl FnOnce(TantivyError) -> SearchError + '_ {
        move |source| SearchError::Index {
            path: self.dir.clone(),
            context,
            source,
        }
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn payload(&self) -> Result<(Option<u32>, Option<i64>), SearchError> {
        let metas = self
            .index
            .load_metas()
            .map_err(self.err("reading the index metadata"))?;
        Ok(parse_payload(metas.payload.as_deref()))
    }

    /// The last change id recorded by [`commit`](Self::commit), if any.
    pub fn applied_change(&self) -> Result<Option<i64>, SearchError> {
        Ok(self.payload()?.1)
    }

    /// How many records the committed index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the committed index holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn with_writer<T>(
        &self,
        f: impl FnOnce(&mut IndexWriter, &Fields) -> Result<T, SearchError>,
    ) -> Result<T, SearchError> {
        let mut guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            let writer = self
                .index
                .writer(WRITER_HEAP)
                .map_err(|source| match source {
                    TantivyError::LockFailure(LockError::LockBusy, _) => SearchError::Locked {
                        path: self.dir.clone(),
                    },
                    source => SearchError::Index {
                        path: self.dir.clone(),
                        context: "taking the index writer",
                        source,
                    },
                })?;
            *guard = Some(writer);
        }
        let writer = guard.as_mut().expect("writer just set");
        f(writer, &self.f)
    }

    /// Adds a record (uncommitted until [`commit`](Self::commit)).
    pub fn add(&self, catalog_id: i64, record: &Record, extra: &Extra) -> Result<(), SearchError> {
        let doc = self.document(catalog_id, record, extra);
        self.with_writer(|w, _| {
            w.add_document(doc)
                .map(|_| ())
                .map_err(self.err("adding a document"))
        })
    }

    /// Replaces the record `catalog_id` (uncommitted until [`commit`](Self::commit)).
    pub fn update(
        &self,
        catalog_id: i64,
        record: &Record,
        extra: &Extra,
    ) -> Result<(), SearchError> {
        self.delete(catalog_id)?;
        self.add(catalog_id, record, extra)
    }

    /// Removes the record `catalog_id` (uncommitted until [`commit`](Self::commit)).
    pub fn delete(&self, catalog_id: i64) -> Result<(), SearchError> {
        self.with_writer(|w, f| {
            w.delete_term(Term::from_field_u64(f.id, catalog_id as u64));
            Ok(())
        })
    }

    /// Removes every record (uncommitted until [`commit`](Self::commit)).
    pub fn clear(&self) -> Result<(), SearchError> {
        self.with_writer(|w, _| {
            w.delete_all_documents()
                .map(|_| ())
                .map_err(self.err("clearing the index"))
        })
    }

    /// Commits pending writes, recording `applied` (the caller's last applied change id;
    /// `None` keeps the previous one), releases the writer lock and makes the writes
    /// visible to [`search`](Self::search).
    pub fn commit(&self, applied: Option<i64>) -> Result<(), SearchError> {
        let applied = match applied {
            Some(a) => Some(a),
            None => self.payload()?.1,
        };
        let payload = match applied {
            Some(a) => format!("layout={SCHEMA_VERSION};applied={a}"),
            None => format!("layout={SCHEMA_VERSION}"),
        };
        self.with_writer(|w, _| {
            let mut prepared = w.prepare_commit().map_err(self.err("preparing a commit"))?;
            prepared.set_payload(&payload);
            prepared
                .commit()
                .map(|_| ())
                .map_err(self.err("committing"))
        })?;
        self.release_writer()
    }

    /// Merges the committed segments into one: every query then walks one term dictionary
    /// and one set of facet columns instead of several, and facet counts are exact. Worth
    /// its seconds after a rebuild; later changes add small segments again, which the
    /// merge policy folds in as they grow.
    pub fn merge_segments(&self) -> Result<(), SearchError> {
        let ids = self
            .index
            .searchable_segment_ids()
            .map_err(self.err("listing segments"))?;
        if ids.len() > 1 {
            self.with_writer(|w, _| {
                w.merge(&ids)
                    .wait()
                    .map(|_| ())
                    .map_err(self.err("merging segments"))
            })?;
        }
        self.release_writer()
    }

    /// Lets go of the writer (and its lock) once its merges are done, and shows the
    /// committed segments to the searches that follow.
    fn release_writer(&self) -> Result<(), SearchError> {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(w) = writer {
            w.wait_merging_threads()
                .map_err(self.err("finishing merges"))?;
        }
        self.reload_reader()
    }

    fn reload_reader(&self) -> Result<(), SearchError> {
        self.reader
            .reload()
            .map_err(self.err("reloading the reader"))?;
        let live: Vec<_> = self
            .reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        self.facet_cache.retain(&live);
        Ok(())
    }

    /// Makes commits by other handles or processes visible to [`search`](Self::search).
    pub fn reload(&self) -> Result<(), SearchError> {
        self.reload_reader()
    }

    /// Drops uncommitted writes and releases the writer lock.
    pub fn rollback(&self) {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        drop(writer);
    }

    fn document(&self, catalog_id: i64, record: &Record, extra: &Extra) -> TantivyDocument {
        let f = &self.f;
        let mut fold = analysis::fold_analyzer();
        let x = document::extract(record, extra, &mut fold);
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, catalog_id as u64);
        doc.add_text(f.bibid, &extra.bibid);
        for (values, main, old) in [
            (&x.title, f.title, Some(f.title_old)),
            (&x.author, f.author, Some(f.author_old)),
            (&x.subject, f.subject, Some(f.subject_old)),
            (&x.publisher, f.publisher, None),
            (&x.notes, f.notes, None),
            (&x.call_number, f.call_number, None),
        ] {
            for v in values {
                doc.add_text(main, v);
                if let Some(old) = old {
                    doc.add_text(old, v);
                }
            }
        }
        if stemmed_language(x.language.as_deref()) {
            for v in &x.title {
                doc.add_text(f.title_stem, v);
            }
            for v in &x.subject {
                doc.add_text(f.subject_stem, v);
            }
        }
        for v in &x.title_exact {
            doc.add_text(f.title_exact, v);
            // Each proper prefix of whole words, so "a title that begins with these words"
            // is one term to look up rather than a range of titles to gather.
            for (i, _) in v.match_indices(' ').take(MAX_PREFIX_WORDS) {
                doc.add_text(f.title_prefix, &v[..i]);
            }
        }
        for v in &x.isbn {
            doc.add_text(f.isbn, v);
        }
        for v in &x.issn {
            doc.add_text(f.issn, v);
        }
        if let Some(y) = x.year {
            doc.add_i64(f.year, y);
            doc.add_text(f.facets[2], y.to_string());
            doc.add_text(f.facets[3], format!("{}s", y - y % 10));
        }
        if let Some(l) = &x.language {
            doc.add_text(f.language, l);
            doc.add_text(f.facets[4], l);
        }
        for a in x.author_facets.iter().take(20) {
            doc.add_text(f.facets[0], a);
        }
        for s in x.subject_facets.iter().take(20) {
            doc.add_text(f.facets[1], s);
        }
        doc.add_text(f.facets[5], &x.material_type);
        doc.add_text(f.d_title, &x.display_title);
        doc.add_text(f.d_author, &x.display_author);
        doc.add_text(f.d_publisher, &x.display_publisher);
        doc.add_text(f.d_call_number, &x.display_call_number);
        for s in x.subject.iter().take(10) {
            doc.add_text(f.d_subject, s);
        }
        // Notes only as a snippet source: the first few, each cut to a few hundred bytes.
        for n in x.notes.iter().take(3) {
            doc.add_text(f.d_notes, cut(n, NOTE_BYTES));
        }
        doc.add_text(f.sort_title, &x.sort_title);
        let mut seen: Vec<&str> = Vec::new();
        for l in extra.locations.iter().filter(|l| !l.trim().is_empty()) {
            if !seen.contains(&l.as_str()) {
                seen.push(l);
                doc.add_text(f.facets[6], l);
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for a in extra.availability.iter().filter(|a| !a.trim().is_empty()) {
            if !seen.contains(&a.as_str()) {
                seen.push(a);
                doc.add_text(f.facets[7], a);
            }
        }
        doc
    }

    /// Searches: parses [`Query::text`], runs the and -> or -> fuzzy ladder, and returns a
    /// page of hits in the requested [`Sort`] order, with snippets and facets.
    pub fn search(&self, query: &Query) -> Result<SearchResults, SearchError> {
        let parsed = query::parse(&query.text)?;
        let searcher = self.reader.searcher();
        let mut b = Builder {
            f: self.f,
            fold: analysis::fold_analyzer(),
            old: analysis::fold_old_analyzer(),
            stem: analysis::fold_stem_analyzer(),
            corrections: HashMap::new(),
        };
        let words = b.plain_tokens(&parsed);
        let filters = b.filters(query);

        let run = |q: &dyn TQuery| self.collect(&searcher, q, query);
        let and = b.build(&parsed, &filters, Mode::And);
        let (mut results, mut rung) = (run(&and)?, Rung::And);
        let mut suggestion = None;
        if results.0 == 0 && !words.is_empty() {
            let unknown: Vec<&String> = words
                .iter()
                .filter(|w| b.is_unknown(&searcher, w))
                .collect();
            for word in &unknown {
                let near = self.corrections(&searcher, word)?;
                if !near.is_empty() {
                    b.corrections.insert(word.to_string(), near);
                }
            }
            let fuzzy = !b.corrections.is_empty();
            let mut answered = false;
            if fuzzy {
                let q = b.build(&parsed, &filters, Mode::FuzzyAnd);
                let r = run(&q)?;
                if r.0 > 0 {
                    (results, rung, answered) = (r, Rung::Fuzzy, true);
                }
            }
            if !answered && words.len() > 1 {
                let q = b.build(&parsed, &filters, Mode::Or);
                let r = run(&q)?;
                if r.0 > 0 {
                    (results, rung, answered) = (r, Rung::Or, true);
                }
            }
            if !answered && fuzzy {
                let q = b.build(&parsed, &filters, Mode::FuzzyOr);
                let r = run(&q)?;
                if r.0 > 0 {
                    (results, rung) = (r, Rung::Fuzzy);
                }
            }
            if !unknown.is_empty() {
                if let Some(best) = results.3 {
                    let doc: TantivyDocument =
                        searcher.doc(best).map_err(self.err("reading a hit"))?;
                    let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str());
                    let words = format!(
                        "{} {}",
                        text(self.f.d_title).unwrap_or(""),
                        text(self.f.d_author).unwrap_or("")
                    );
                    suggestion = suggest(&query.text, &unknown, &words);
                }
            }
        }
        let (total, top, facets, _) = results;
        let highlighter = query
            .snippets
            .then(|| Highlighter::new(&parsed, rung == Rung::Fuzzy));
        let hits = if query.limit > 0 {
            self.hits(&searcher, top, highlighter)?
        } else {
            Vec::new()
        };
        Ok(SearchResults {
            total,
            hits,
            facets,
            rung,
            suggestion,
        })
    }

    /// The words of the title and author dictionaries within [`fuzzy_distance`] of `word`
    /// (edits counted with transpositions as one), nearest first and, at one distance, the
    /// most frequent first; at most [`MAX_CORRECTIONS`]. A Levenshtein automaton walks each
    /// dictionary once per query (first the words that share the typed first letter, all
    /// words only when none does), where typo-tolerant term queries would walk them again
    /// for every field, rung and pass.
    fn corrections(
        &self,
        searcher: &Searcher,
        word: &str,
    ) -> Result<Vec<(String, usize)>, SearchError> {
        let distance = fuzzy_distance(word);
        if distance == 0 {
            return Ok(Vec::new());
        }
        // Typos mostly spare the first letter: words that share it are looked for first (a
        // walk of one branch of each dictionary), all words only when none comes up.
        let first = word.chars().next().map(String::from).unwrap_or_default();
        let mut past_first = first.clone().into_bytes();
        if let Some(last) = past_first.last_mut() {
            // The last byte of a UTF-8 character is at most 0xBF (or 0x7F): no overflow.
            *last += 1;
        }
        let mut found: HashMap<String, u64> = HashMap::new();
        // Nearest first as well: a walk at distance 1 visits a small part of what a walk at
        // distance 2 does, and when it finds words those are the ones kept first anyway.
        let tiers = [(true, 1), (true, 2), (false, 1), (false, 2)];
        for (same_first, within) in tiers.into_iter().filter(|&(_, d)| d <= distance) {
            // The automaton does not depend on the field: one for both dictionaries.
            let automaton =
                FuzzyTermQuery::new(Term::from_field_text(self.f.title, word), within, true)
                    .automaton()
                    .map_err(self.err("building a typo automaton"))?;
            for segment in searcher.segment_readers() {
                for field in [self.f.title, self.f.author] {
                    let inverted = segment
                        .inverted_index(field)
                        .map_err(self.err("reading a term dictionary"))?;
                    let mut range = inverted.terms().search(&automaton);
                    if same_first {
                        range = range.ge(first.as_bytes()).lt(&past_first);
                    }
                    let mut terms = range
                        .into_stream()
                        .map_err(|e| self.err("reading a term dictionary")(e.into()))?;
                    while terms.advance() {
                        if let Ok(term) = std::str::from_utf8(terms.key()) {
                            if term != word {
                                *found.entry(term.to_string()).or_insert(0) +=
                                    u64::from(terms.value().doc_freq);
                            }
                        }
                    }
                }
            }
            if !found.is_empty() {
                break;
            }
        }
        let mut near: Vec<(String, usize, u64)> = found
            .into_iter()
            .map(|(term, freq)| (levenshtein(word, &term), term, freq))
            .map(|(d, term, freq)| (term, d, freq))
            .collect();
        near.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        near.truncate(MAX_CORRECTIONS);
        Ok(near.into_iter().map(|(term, d, _)| (term, d)).collect())
    }

    /// Runs `q` once: the page of hits in the query's sort order, the total, the facets, and
    /// the most relevant hit (for the "did you mean" suggestion).
    #[allow(clippy::type_complexity)]
    fn collect(
        &self,
        searcher: &Searcher,
        q: &dyn TQuery,
        query: &Query,
    ) -> Result<
        (
            usize,
            Vec<(f32, DocAddress)>,
            BTreeMap<String, Vec<FacetValue>>,
            Option<DocAddress>,
        ),
        SearchError,
    > {
        // A page holds at most every document: a far offset or a huge limit asks no more
        // of the collector than that.
        let most = (searcher.num_docs() as usize).max(1);
        let page =
            TopDocs::with_limit(query.limit.clamp(1, most)).and_offset(query.offset.min(most));
        let by_score = || (SortBySimilarityScore, Order::Desc);
        match query.sort {
            Sort::Relevance => self.collect_relevance(searcher, q, query),
            Sort::YearAsc | Sort::YearDesc => {
                let order = if query.sort == Sort::YearAsc {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let year = (SortByStaticFastValue::<i64>::for_field("year"), order);
                self.collect_with(searcher, q, query, page.order_by((year, by_score())), |k| {
                    k.1
                })
            }
            Sort::Title => {
                let title = (SortByString::for_field("sort_title"), Order::Asc);
                self.collect_with(
                    searcher,
                    q,
                    query,
                    page.order_by((title, by_score())),
                    |k| k.1,
                )
            }
        }
    }

    /// [`collect`](Self::collect) by relevance: one scoring pass that also counts and
    /// facets every match (see [`crate::collect`]).
    #[allow(clippy::type_complexity)]
    fn collect_relevance(
        &self,
        searcher: &Searcher,
        q: &dyn TQuery,
        query: &Query,
    ) -> Result<
        (
            usize,
            Vec<(f32, DocAddress)>,
            BTreeMap<String, Vec<FacetValue>>,
            Option<DocAddress>,
        ),
        SearchError,
    > {
        let facets = query.facets.then(|| self.facet_collector(searcher, query));
        let k = query.offset.saturating_add(query.limit.max(1));
        let gathered =
            collect::gather(searcher, q, k, facets.as_ref()).map_err(self.err("searching"))?;
        let best = gathered.top.first().map(|(_, addr)| *addr);
        let top = gathered.top.into_iter().skip(query.offset).collect();
        let facets = match gathered.facets {
            Some(values) => self.facet_map(query, values),
            None => BTreeMap::new(),
        };
        Ok((gathered.total, top, facets, best))
    }

    fn facet_collector(&self, searcher: &Searcher, query: &Query) -> FastFacets<'_> {
        FastFacets {
            cache: &self.facet_cache,
            fields: FACETS.iter().map(|n| format!("f_{n}")).collect(),
            // One segment: its best values are the answer; several: keep a margin.
            keep: if searcher.segment_readers().len() == 1 {
                query.facet_limit.max(1)
            } else {
                (query.facet_limit.max(1) * 5).max(50)
            },
        }
    }

    fn facet_map(
        &self,
        query: &Query,
        values: Vec<Vec<(String, u64)>>,
    ) -> BTreeMap<String, Vec<FacetValue>> {
        FACETS
            .iter()
            .zip(values)
            .map(|(name, values)| {
                let values = values
                    .into_iter()
                    .take(query.facet_limit.max(1))
                    .map(|(value, count)| FacetValue { value, count })
                    .collect();
                (name.to_string(), values)
            })
            .collect()
    }

    #[allow(clippy::type_complexity)]
    fn collect_with<C, K>(
        &self,
        searcher: &Searcher,
        q: &dyn TQuery,
        query: &Query,
        top: C,
        score: fn(&K) -> f32,
    ) -> Result<
        (
            usize,
            Vec<(f32, DocAddress)>,
            BTreeMap<String, Vec<FacetValue>>,
            Option<DocAddress>,
        ),
        SearchError,
    >
    where
        C: Collector<Fruit = Vec<(K, DocAddress)>>,
        K: 'static + Send,
    {
        let mut multi = MultiCollector::new();
        let top = multi.add_collector(top);
        let count = multi.add_collector(Count);
        // Sorted by other than relevance, or paged past the first hit: find the best hit
        // separately (the suggestion is made from it).
        let best_handle = (query.sort != Sort::Relevance || query.offset > 0)
            .then(|| multi.add_collector(TopDocs::with_limit(1).order_by_score()));
        let facet_handle = query
            .facets
            .then(|| multi.add_collector(self.facet_collector(searcher, query)));
        let mut fruits = searcher.search(q, &multi).map_err(self.err("searching"))?;
        let top: Vec<(f32, DocAddress)> = top
            .extract(&mut fruits)
            .into_iter()
            .map(|(k, addr)| (score(&k), addr))
            .collect();
        let total = count.extract(&mut fruits);
        let best = match best_handle {
            Some(h) => h.extract(&mut fruits).first().map(|(_, addr)| *addr),
            None => top.first().map(|(_, addr)| *addr),
        };
        let facets = match facet_handle {
            Some(handle) => self.facet_map(query, handle.extract(&mut fruits)),
            None => BTreeMap::new(),
        };
        Ok((total, top, facets, best))
    }

    /// Reads the result lines of a page of hits and makes their snippets.
    fn hits(
        &self,
        searcher: &Searcher,
        top: Vec<(f32, DocAddress)>,
        mut highlighter: Option<Highlighter>,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).map_err(self.err("reading a hit"))?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let title = text(self.f.d_title);
            let author = text(self.f.d_author);
            let mut sources = vec![
                Source {
                    text: &title,
                    stemmed: true,
                    late: false,
                },
                Source {
                    text: &author,
                    stemmed: false,
                    late: false,
                },
            ];
            for (field, stemmed, late) in [
                (self.f.d_subject, true, false),
                (self.f.d_notes, false, true),
            ] {
                for v in doc.get_all(field).filter_map(|v| v.as_str()) {
                    sources.push(Source {
                        text: v,
                        stemmed,
                        late,
                    });
                }
            }
            let (snippet, highlights) = match highlighter.as_mut() {
                Some(h) => h.snippet(&sources),
                None => (String::new(), Vec::new()),
            };
            hits.push(Hit {
                catalog_id: doc
                    .get_first(self.f.id)
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0) as i64,
                bibid: text(self.f.bibid),
                publisher: text(self.f.d_publisher),
                year: doc.get_first(self.f.year).and_then(|v| v.as_i64()),
                call_number: text(self.f.d_call_number),
                score,
                snippet,
                highlights,
                title,
                author,
            });
        }
        Ok(hits)
    }
}

/// Bytes of each note kept as a snippet source.
const NOTE_BYTES: usize = 400;

/// `s` cut to at most `max` bytes, at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// "Did you mean": each unknown word replaced by the closest word (edit distance <= 2) of the
/// most relevant hit's title or author.
fn suggest(text: &str, unknown: &[&String], top_words: &str) -> Option<String> {
    let mut fold = analysis::fold_analyzer();
    let candidates = analysis::tokens(&mut fold, top_words);
    let mut out = text.to_string();
    let mut changed = false;
    for word in unknown {
        let best = candidates
            .iter()
            .map(|c| (levenshtein(word, c), c))
            .filter(|(d, _)| *d > 0 && *d <= 2)
            .min_by_key(|(d, _)| *d);
        if let Some((_, c)) = best {
            // Replace the word case-insensitively where it appears as typed.
            let lower = out.to_lowercase();
            let w: &str = word;
            if let Some(pos) = lower.find(w) {
                if out.is_char_boundary(pos) && out.is_char_boundary(pos + word.len()) {
                    out.replace_range(pos..pos + word.len(), c);
                    changed = true;
                }
            }
        }
    }
    changed.then_some(out)
}

/// Edit distance with an adjacent transposition as one edit ("optimal string alignment"),
/// as the typo automaton counts.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            let mut best = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                best = best.min(before[j - 1] + 1);
            }
            cur[j + 1] = best;
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    And,
    Or,
    FuzzyAnd,
    FuzzyOr,
}

impl Mode {
    fn fuzzy(self) -> bool {
        matches!(self, Mode::FuzzyAnd | Mode::FuzzyOr)
    }
    fn all_required(self) -> bool {
        matches!(self, Mode::And | Mode::FuzzyAnd)
    }
}

/// Field weights: title above author above subject above the rest.
const W_TITLE: f32 = 4.0;
const W_AUTHOR: f32 = 2.5;
const W_SUBJECT: f32 = 1.5;
const W_PUBLISHER: f32 = 0.5;
const W_NOTES: f32 = 0.3;
const W_CALLNUM: f32 = 1.0;
/// Old-spelling twins score a little below the field itself, so the exact spelling wins.
const OLD_FACTOR: f32 = 0.8;
/// Stem twins score well below the exact word.
const STEM_FACTOR: f32 = 0.3;
/// Title prefixes indexed per title, in words: a query longer than this is rarely the
/// beginning of a title without being most of it.
const MAX_PREFIX_WORDS: usize = 16;
/// A correction of a typo scores half of what the word would, typed right.
const TYPO_FACTOR: f32 = 0.5;
/// Corrections searched per mistyped word.
const MAX_CORRECTIONS: usize = 5;
/// Constant scores of known-item evidence.
const EXACT_TITLE: f32 = 1000.0;
const PREFIX_TITLE: f32 = 200.0;
const TITLE_PHRASE: f32 = 20.0;
const ISBN_HIT: f32 = 2000.0;

struct Builder {
    f: Fields,
    fold: TextAnalyzer,
    old: TextAnalyzer,
    stem: TextAnalyzer,
    /// For each word no record carries, the index's own words within its edit distance,
    /// nearest first (see [`SearchIndex::corrections`]); the fuzzy rungs search them.
    corrections: HashMap<String, Vec<(String, usize)>>,
}

type Boxed = Box<dyn TQuery>;

fn boost(q: Boxed, w: f32) -> Boxed {
    if (w - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, w))
    }
}

fn any(qs: Vec<Boxed>) -> Option<Boxed> {
    match qs.len() {
        0 => None,
        1 => qs.into_iter().next(),
        _ => Some(Box::new(BooleanQuery::union(qs))),
    }
}

impl Builder {
    fn text_fields(&self, which: Option<FieldName>) -> Vec<(Field, Option<Field>, f32)> {
        let f = &self.f;
        let title = (f.title, Some(f.title_old), W_TITLE);
        let author = (f.author, Some(f.author_old), W_AUTHOR);
        let subject = (f.subject, Some(f.subject_old), W_SUBJECT);
        let publisher = (f.publisher, None, W_PUBLISHER);
        let callnum = (f.call_number, None, W_CALLNUM);
        match which {
            None => vec![
                title,
                author,
                subject,
                publisher,
                (f.notes, None, W_NOTES),
                callnum,
            ],
            Some(FieldName::Title) => vec![title],
            Some(FieldName::Author) => vec![author],
            Some(FieldName::Subject) => vec![subject],
            Some(FieldName::Publisher) => vec![publisher],
            Some(FieldName::CallNumber) => vec![callnum],
            Some(_) => vec![],
        }
    }

    /// Term or phrase of `tokens` on `field`.
    fn term_or_phrase(field: Field, tokens: &[String]) -> Option<Boxed> {
        match tokens {
            [] => None,
            [t] => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::WithFreqs,
            ))),
            ts => Some(Box::new(PhraseQuery::new(
                ts.iter().map(|t| Term::from_field_text(field, t)).collect(),
            ))),
        }
    }

    /// A word or phrase matched in the given text fields (with old-spelling twins).
    fn text_clause(&mut self, text: &str, which: Option<FieldName>, fuzzy: bool) -> Option<Boxed> {
        let toks = analysis::tokens(&mut self.fold, text);
        let old = analysis::tokens(&mut self.old, text);
        if toks.is_empty() {
            return None;
        }
        if fuzzy && toks.len() == 1 {
            if let Some(near) = self.corrections.get(&toks[0]).cloned() {
                // The word as typed, or one of the index's words next to it, each searched
                // as if typed, below the exact form.
                let mut qs: Vec<Boxed> = self.text_clause(text, which, false).into_iter().collect();
                for (word, d) in near {
                    if let Some(q) = self.text_clause(&word, which, false) {
                        qs.push(boost(
                            q,
                            if d <= 1 {
                                TYPO_FACTOR
                            } else {
                                TYPO_FACTOR * 0.7
                            },
                        ));
                    }
                }
                return any(qs);
            }
        }
        let mut qs: Vec<Boxed> = Vec::new();
        for (main, twin, w) in self.text_fields(which) {
            if let Some(q) = Self::term_or_phrase(main, &toks) {
                qs.push(boost(q, w));
            }
            if let Some(twin) = twin {
                if let Some(q) = Self::term_or_phrase(twin, &old) {
                    qs.push(boost(q, w * OLD_FACTOR));
                }
            }
        }
        // Stem twins: below the exact word, so an exact match outranks a stem match.
        let stems = analysis::tokens(&mut self.stem, text);
        for (field, w) in [
            (self.f.title_stem, W_TITLE),
            (self.f.subject_stem, W_SUBJECT),
        ] {
            let wanted = match which {
                None => true,
                Some(FieldName::Title) => field == self.f.title_stem,
                Some(FieldName::Subject) => field == self.f.subject_stem,
                Some(_) => false,
            };
            if wanted {
                if let Some(q) = Self::term_or_phrase(field, &stems) {
                    qs.push(boost(q, w * STEM_FACTOR));
                }
            }
        }
        if which.is_none() {
            if let Some(forms) = analysis::isbn_forms(text).filter(|_| isbn_shaped(text)) {
                for form in forms {
                    qs.push(Box::new(ConstScoreQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.f.isbn, &form),
                            IndexRecordOption::Basic,
                        )),
                        ISBN_HIT,
                    )));
                }
            }
            if let Some(issn) = analysis::issn_form(text).filter(|_| text.len() <= 9) {
                qs.push(Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.f.issn, &issn),
                        IndexRecordOption::Basic,
                    )),
                    ISBN_HIT,
                )));
            }
            if toks.len() == 1 {
                if let Ok(y) = toks[0].parse::<i64>() {
                    if (1000..=2100).contains(&y) && toks[0].len() == 4 {
                        qs.push(boost(
                            Box::new(TermQuery::new(
                                Term::from_field_i64(self.f.year, y),
                                IndexRecordOption::Basic,
                            )),
                            0.5,
                        ));
                    }
                }
            }
        }
        any(qs)
    }

    fn field_clause(&mut self, field: FieldName, value: &FieldValue, fuzzy: bool) -> Boxed {
        let f = self.f;
        let nothing = || -> Boxed { Box::new(tantivy::query::EmptyQuery) };
        match (field, value) {
            (FieldName::Year, FieldValue::Range(lo, hi)) => {
                let bound = |b: Option<i64>| match b {
                    Some(y) => Bound::Included(Term::from_field_i64(f.year, y)),
                    None => Bound::Unbounded,
                };
                Box::new(RangeQuery::new(bound(*lo), bound(*hi)))
            }
            (FieldName::Isbn, FieldValue::Word(v) | FieldValue::Phrase(v)) => {
                match analysis::isbn_forms(v) {
                    Some(forms) => any(forms
                        .iter()
                        .map(|form| -> Boxed {
                            Box::new(ConstScoreQuery::new(
                                Box::new(TermQuery::new(
                                    Term::from_field_text(f.isbn, form),
                                    IndexRecordOption::Basic,
                                )),
                                ISBN_HIT,
                            ))
                        })
                        .collect())
                    .unwrap_or_else(nothing),
                    None => nothing(),
                }
            }
            (FieldName::Issn, FieldValue::Word(v) | FieldValue::Phrase(v)) => {
                match analysis::issn_form(v) {
                    Some(issn) => Box::new(ConstScoreQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.issn, &issn),
                            IndexRecordOption::Basic,
                        )),
                        ISBN_HIT,
                    )),
                    None => nothing(),
                }
            }
            (FieldName::Language, FieldValue::Word(v) | FieldValue::Phrase(v)) => {
                Box::new(TermQuery::new(
                    Term::from_field_text(f.language, &v.trim().to_ascii_lowercase()),
                    IndexRecordOption::Basic,
                ))
            }
            (_, FieldValue::Word(v) | FieldValue::Phrase(v)) => self
                .text_clause(v, Some(field), fuzzy)
                .unwrap_or_else(nothing),
            // A range on a text field cannot come from the parser; match nothing.
            (_, FieldValue::Range(..)) => nothing(),
        }
    }

    /// The folded single tokens of plain words (what the fallback rungs work on).
    fn plain_tokens(&mut self, parsed: &ParsedQuery) -> Vec<String> {
        parsed
            .clauses
            .iter()
            .filter_map(|c| match c {
                Clause::Word { text, .. } => Some(analysis::tokens(&mut self.fold, text)),
                _ => None,
            })
            .filter(|t| t.len() == 1)
            .flatten()
            .collect()
    }

    /// Whether a plain word of 5+ letters occurs nowhere in the text fields.
    fn is_unknown(&mut self, searcher: &Searcher, word: &str) -> bool {
        if fuzzy_distance(word) == 0 {
            return false;
        }
        let old = analysis::old_spelling(word);
        let f = self.f;
        let fields = [
            (f.title, word),
            (f.author, word),
            (f.subject, word),
            (f.publisher, word),
            (f.notes, word),
            (f.title_old, old.as_str()),
            (f.author_old, old.as_str()),
            (f.subject_old, old.as_str()),
        ];
        fields.iter().all(|(field, w)| {
            searcher
                .doc_freq(&Term::from_field_text(*field, w))
                .map_or(true, |n| n == 0)
        })
    }

    fn filters(&mut self, query: &Query) -> Vec<Boxed> {
        query
            .filters
            .iter()
            .map(|(name, value)| -> Boxed {
                match FACETS.iter().position(|n| n == name) {
                    Some(i) => Box::new(TermQuery::new(
                        Term::from_field_text(self.f.facets[i], value),
                        IndexRecordOption::Basic,
                    )),
                    None => Box::new(tantivy::query::EmptyQuery),
                }
            })
            .collect()
    }

    fn build(&mut self, parsed: &ParsedQuery, filters: &[Boxed], mode: Mode) -> BooleanQuery {
        let mut musts: Vec<Boxed> = Vec::new();
        let mut words: Vec<Boxed> = Vec::new();
        let mut shoulds: Vec<Boxed> = Vec::new();
        for clause in &parsed.clauses {
            match clause {
                Clause::Word { text, .. } => {
                    if let Some(q) = self.text_clause(text, None, mode.fuzzy()) {
                        words.push(q);
                    }
                }
                Clause::Phrase { text, .. } => {
                    if let Some(q) = self.text_clause(text, None, false) {
                        musts.push(q);
                    }
                }
                Clause::Field { field, value, .. } => {
                    let q = self.field_clause(*field, value, mode.fuzzy());
                    musts.push(q);
                }
            }
        }
        // Known-item evidence: the plain text as a whole title, a title prefix, a phrase.
        let key = analysis::exact_key(&mut self.fold, &parsed.plain_text());
        if !key.is_empty() {
            shoulds.push(Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.f.title_exact, &key),
                    IndexRecordOption::Basic,
                )),
                EXACT_TITLE,
            )));
            if key.chars().count() >= 4 {
                // Titles that begin with the query's words.
                shoulds.push(Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.f.title_prefix, &key),
                        IndexRecordOption::Basic,
                    )),
                    PREFIX_TITLE,
                )));
            }
            let toks = analysis::tokens(&mut self.fold, &key);
            if toks.len() > 1 {
                if let Some(q) = Self::term_or_phrase(self.f.title, &toks) {
                    shoulds.push(boost(q, TITLE_PHRASE));
                }
            }
        }
        let mut clauses: Vec<(Occur, Boxed)> = Vec::new();
        if mode.all_required() {
            clauses.extend(words.into_iter().map(|q| (Occur::Must, q)));
        } else if let Some(q) = any(words) {
            clauses.push((Occur::Must, q));
        }
        clauses.extend(musts.into_iter().map(|q| (Occur::Must, q)));
        if clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        clauses.extend(shoulds.into_iter().map(|q| (Occur::Should, q)));
        clauses.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
        BooleanQuery::new(clauses)
    }
}

/// Whether a record in this language gets the Indonesian stem twin: Indonesian, Malay,
/// Javanese, Sundanese, Minangkabau, or no language recorded.
fn stemmed_language(language: Option<&str>) -> bool {
    matches!(
        language,
        None | Some("ind" | "may" | "msa" | "jav" | "sun" | "min")
    )
}

fn isbn_shaped(text: &str) -> bool {
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    digits >= 9
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'x' | b'X'))
}

/// Edit distance allowed for a word: 0 under 5 letters (or numbers), 1 for 5-7, 2 for 8+.
pub(crate) fn fuzzy_distance(word: &str) -> u8 {
    let n = word.chars().count();
    if word.chars().any(|c| c.is_ascii_digit()) {
        0
    } else if n >= 8 {
        2
    } else if n >= 5 {
        1
    } else {
        0
    }
}
