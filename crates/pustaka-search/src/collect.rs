//! Relevance-ordered search in one pass over the matches: each matching document is scored,
//! offered to the page, counted and faceted as the scorer reaches it.
//!
//! tantivy's own collectors would take two passes here: block-max WAND, which lets a
//! top-k pass skip postings, only drives a query that is a bare union or intersection of
//! terms, and the catalogue's queries (each word a union of weighted fields, plus the
//! known-item clauses) are never that shape, so a scoring pass visits every match anyway;
//! counting and faceting in that same pass spares a second walk of the postings and a
//! second lookup of every term.
//!
//! A segment with many matches is split in two ranges of documents, each walked by its own
//! scorer on its own thread, and the two halves' pages, counts and facet counters are
//! merged, so a single common word (tens of thousands of matches) keeps both cores busy.

use std::ops::Range;

use tantivy::query::{EnableScoring, Query as TQuery, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED};

use crate::facets::{FastFacets, SegmentFacets};

/// A segment whose scorer expects at least this many matches is split over two threads
/// (when the machine has two cores): below it, starting a thread costs more than it saves.
const SPLIT_MIN_MATCHES: u32 = 6_000;

/// Facet counting is fed in blocks of this many documents.
const BLOCK: usize = 64;

/// What one query gathered: the total, the best `k` hits in relevance order (score
/// descending, then document address ascending, as tantivy's `TopDocs` orders them), and
/// the facet counts when they were asked for.
pub(crate) struct Gathered {
    pub total: usize,
    pub top: Vec<(Score, DocAddress)>,
    pub facets: Option<Vec<Vec<(String, u64)>>>,
}

/// The best `k` of the (score, document) pairs offered, kept the way tantivy's top-n
/// computer keeps them: a buffer of up to 2k, cut back to the best k (and a threshold
/// raised) when full, so most offers are one comparison.
struct TopK {
    k: usize,
    buffer: Vec<(Score, DocAddress)>,
    threshold: Option<Score>,
}

fn better(a: &(Score, DocAddress), b: &(Score, DocAddress)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
}

impl TopK {
    /// `k` must be at least 1 and at most `usize::MAX / 2`; the buffer grows as needed.
    fn new(k: usize) -> TopK {
        TopK {
            k,
            buffer: Vec::with_capacity(2 * k.min(1024)),
            threshold: None,
        }
    }

    /// Offers a document; documents come in ascending order within a range, so a score
    /// equal to the threshold never displaces one already kept (the earlier document
    /// wins a tie).
    #[inline]
    fn offer(&mut self, score: Score, doc: DocAddress) {
        if self.threshold.is_some_and(|t| score <= t) {
            return;
        }
        if self.buffer.len() == 2 * self.k {
            self.cut();
        }
        self.buffer.push((score, doc));
    }

    fn cut(&mut self) {
        if self.buffer.len() > self.k {
            self.buffer.select_nth_unstable_by(self.k - 1, better);
            self.buffer.truncate(self.k);
            self.threshold = self
                .buffer
                .iter()
                .map(|h| h.0)
                .min_by(|a, b| a.total_cmp(b));
        }
    }

    fn absorb(&mut self, other: TopK) {
        for (score, doc) in other.buffer {
            // The other range's documents may precede ours: ties are settled by the final
            // sort, so equal scores are kept rather than dropped here.
            if self.threshold.is_some_and(|t| score < t) {
                continue;
            }
            if self.buffer.len() == 2 * self.k {
                self.cut();
            }
            self.buffer.push((score, doc));
        }
    }

    fn into_sorted(mut self) -> Vec<(Score, DocAddress)> {
        self.buffer.sort_unstable_by(better);
        self.buffer.truncate(self.k);
        self.buffer
    }
}

/// One range of one segment, walked.
struct RangeFruit {
    count: usize,
    top: TopK,
    facets: Option<SegmentFacets>,
}

impl RangeFruit {
    /// Adds what the walk of another range of the same segment gathered.
    fn absorb(&mut self, other: RangeFruit) {
        self.count += other.count;
        self.top.absorb(other.top);
        if let (Some(a), Some(b)) = (self.facets.as_mut(), other.facets) {
            a.absorb(b);
        }
    }
}

fn walk(
    weight: &dyn Weight,
    scorer: Option<Box<dyn tantivy::query::Scorer>>,
    segment_ord: u32,
    reader: &SegmentReader,
    range: Range<DocId>,
    k: usize,
    mut facets: Option<SegmentFacets>,
) -> tantivy::Result<RangeFruit> {
    let mut scorer = match scorer {
        Some(s) => s,
        None => weight.scorer(reader, 1.0)?,
    };
    let mut doc = scorer.doc();
    if doc < range.start {
        doc = scorer.seek(range.start);
    }
    let alive = reader.alive_bitset();
    let mut top = TopK::new(k);
    let mut count = 0usize;
    let mut block = [0 as DocId; BLOCK];
    let mut filled = 0;
    while doc < range.end && doc != TERMINATED {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            count += 1;
            top.offer(scorer.score(), DocAddress::new(segment_ord, doc));
            if let Some(f) = facets.as_mut() {
                block[filled] = doc;
                filled += 1;
                if filled == BLOCK {
                    f.count_block(&block);
                    filled = 0;
                }
            }
        }
        doc = scorer.advance();
    }
    if let Some(f) = facets.as_mut() {
        f.count_block(&block[..filled]);
    }
    Ok(RangeFruit { count, top, facets })
}

/// Runs `query` over every segment of `searcher` in one scoring pass: the best `k` hits,
/// the total, and (with `facets`) the facet counts.
pub(crate) fn gather(
    searcher: &Searcher,
    query: &dyn TQuery,
    k: usize,
    facets: Option<&FastFacets<'_>>,
) -> tantivy::Result<Gathered> {
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let split_min = if two_cores {
        SPLIT_MIN_MATCHES
    } else {
        u32::MAX
    };
    gather_with(searcher, query, k, facets, split_min)
}

/// [`gather`], splitting a segment whose scorer expects at least `split_min` matches.
fn gather_with(
    searcher: &Searcher,
    query: &dyn TQuery,
    k: usize,
    facets: Option<&FastFacets<'_>>,
    split_min: u32,
) -> tantivy::Result<Gathered> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let weight: &dyn Weight = weight.as_ref();
    // No page can hold more than every document: a far offset keeps them all, no more.
    let k = k.clamp(1, (searcher.num_docs() as usize).max(1));
    let mut total = 0usize;
    let mut top = TopK::new(k);
    let mut fruits = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let ord = ord as u32;
        let scorer = weight.scorer(reader, 1.0)?;
        let max_doc = reader.max_doc();
        let segment_facets = facets.map(|f| f.segment(reader)).transpose()?;
        let split = scorer.size_hint() >= split_min && max_doc >= 2;
        let merged = if split {
            let mid = max_doc / 2;
            let other_facets = facets.map(|f| f.segment(reader)).transpose()?;
            let (first, second) = std::thread::scope(|s| {
                let second =
                    s.spawn(|| walk(weight, None, ord, reader, mid..max_doc, k, other_facets));
                let first = walk(weight, Some(scorer), ord, reader, 0..mid, k, segment_facets);
                (first, second.join())
            });
            let second = second.map_err(|_| {
                tantivy::TantivyError::InternalError("a search thread panicked".to_string())
            })??;
            let mut first = first?;
            first.absorb(second);
            first
        } else {
            let all = 0..max_doc;
            walk(weight, Some(scorer), ord, reader, all, k, segment_facets)?
        };
        total += merged.count;
        top.absorb(merged.top);
        if let Some(f) = merged.facets {
            fruits.push(f.harvest_counts());
        }
    }
    Ok(Gathered {
        total,
        top: top.into_sorted(),
        facets: facets.map(|f| f.merge(fruits)).transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::collector::{Count, DocSetCollector, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Query as TQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, Value, FAST, INDEXED, STORED, STRING, TEXT};
    use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

    use super::*;
    use crate::facets::FacetCache;

    const WORDS: [&str; 6] = ["sejarah", "pertanian", "laut", "kota", "anak", "bahasa"];

    /// The facet values given to one test document: `f_a` (0 to 2 authors) and `f_b`.
    type DocValues = (Vec<String>, Vec<String>);

    /// Three segments of 1,500 documents; every seventh document deleted.
    fn index() -> (Index, Vec<DocValues>) {
        let mut b = Schema::builder();
        let id = b.add_u64_field("id", INDEXED | STORED | FAST);
        let text = b.add_text_field("t", TEXT);
        let fa = b.add_text_field("f_a", STRING | FAST);
        let fb = b.add_text_field("f_b", STRING | FAST);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut values = Vec::new();
        for n in 0u64..4500 {
            let mut words = Vec::new();
            for (i, word) in WORDS.iter().enumerate() {
                if (n * 7 + i as u64 * 3) % (i as u64 + 2) == 0 {
                    words.push(*word);
                }
            }
            if n % 5 == 0 {
                words.push("sejarah");
            }
            let a: Vec<String> = (0..n % 3)
                .map(|j| format!("author {}", (n + j) % 40))
                .collect();
            let bv = vec![format!("{}s", 1900 + (n % 12) * 10)];
            let mut d = doc!(id => n, text => words.join(" "));
            for v in &a {
                d.add_text(fa, v);
            }
            for v in &bv {
                d.add_text(fb, v);
            }
            w.add_document(d).unwrap();
            values.push((a, bv));
            if n % 1500 == 1499 {
                w.commit().unwrap();
            }
        }
        for n in (0u64..4500).step_by(7) {
            w.delete_term(Term::from_field_u64(id, n));
        }
        w.commit().unwrap();
        (index, values)
    }

    fn queries(index: &Index) -> Vec<Box<dyn TQuery>> {
        let t = index.schema().get_field("t").unwrap();
        let term = |w: &str| -> Box<dyn TQuery> {
            Box::new(TermQuery::new(
                Term::from_field_text(t, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        vec![
            term("sejarah"),
            term("laut"),
            Box::new(BooleanQuery::union(vec![
                Box::new(BoostQuery::new(term("kota"), 2.0)),
                term("anak"),
                term("bahasa"),
            ])),
            Box::new(BooleanQuery::intersection(vec![
                term("sejarah"),
                term("pertanian"),
            ])),
            term("nothing"),
        ]
    }

    #[test]
    fn one_pass_matches_tantivys_collectors_split_or_not() {
        let (index, values) = index();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let id = index.schema().get_field("id").unwrap();
        let cache = FacetCache::default();
        let facets = FastFacets {
            fields: vec!["f_a".to_string(), "f_b".to_string()],
            keep: 1000,
            cache: &cache,
        };
        for (qi, q) in queries(&index).iter().enumerate() {
            for k in [1, 10, 35] {
                let want_top = searcher
                    .search(q.as_ref(), &TopDocs::with_limit(k).order_by_score())
                    .unwrap();
                let want_total = searcher.search(q.as_ref(), &Count).unwrap();
                // The facet counts, counted here from the values each document was given.
                let mut want_facets: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); 2];
                for addr in searcher.search(q.as_ref(), &DocSetCollector).unwrap() {
                    let doc: TantivyDocument = searcher.doc(addr).unwrap();
                    let n = doc.get_first(id).and_then(|v| v.as_u64()).unwrap() as usize;
                    for v in &values[n].0 {
                        *want_facets[0].entry(v.clone()).or_insert(0) += 1;
                    }
                    for v in &values[n].1 {
                        *want_facets[1].entry(v.clone()).or_insert(0) += 1;
                    }
                }
                let want_facets: Vec<Vec<(String, u64)>> = want_facets
                    .into_iter()
                    .map(|m| {
                        let mut v: Vec<(String, u64)> = m.into_iter().collect();
                        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                        v
                    })
                    .collect();
                for split_min in [u32::MAX, 0] {
                    let got =
                        gather_with(&searcher, q.as_ref(), k, Some(&facets), split_min).unwrap();
                    let what = format!("query {qi}, k {k}, split_min {split_min}");
                    assert_eq!(got.total, want_total, "{what}");
                    assert_eq!(got.top, want_top, "{what}");
                    assert_eq!(got.facets.as_ref(), Some(&want_facets), "{what}");
                    let bare = gather_with(&searcher, q.as_ref(), k, None, split_min).unwrap();
                    assert_eq!((bare.total, &bare.top), (want_total, &want_top), "{what}");
                    assert!(bare.facets.is_none());
                }
            }
        }
        // The counters lent to queries came back zeroed: the same query counts the same.
        let q = &queries(&index)[0];
        let a = gather_with(&searcher, q.as_ref(), 10, Some(&facets), 0).unwrap();
        let b = gather_with(&searcher, q.as_ref(), 10, Some(&facets), u32::MAX).unwrap();
        assert_eq!(a.facets, b.facets);
    }

    #[test]
    fn top_k_keeps_the_best_and_breaks_ties_by_address() {
        let mut top = TopK::new(3);
        let at = |d| DocAddress::new(0, d);
        for (score, doc) in [
            (1.0, 0),
            (5.0, 1),
            (5.0, 2),
            (2.0, 3),
            (5.0, 4),
            (9.0, 5),
            (5.0, 6),
        ] {
            top.offer(score, at(doc));
        }
        assert_eq!(
            top.into_sorted(),
            vec![(9.0, at(5)), (5.0, at(1)), (5.0, at(2))]
        );
    }
}
