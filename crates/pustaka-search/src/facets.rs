//! Facet counting over fast (columnar) string fields: per segment, one counter per
//! dictionary ordinal, bumped for each value of each matching document; at the end of the
//! segment the best ordinals become strings, and segments are summed by value.
//!
//! The columns are read once per segment into plain arrays ([`SegmentValues`], each
//! document's ordinals side by side), kept for as long as the segment lives: counting a
//! match is then two array reads, where the columnar format decodes bit-packed blocks and
//! ranks an optional index on every lookup. The counters are kept too, and only those a
//! query touched are read and reset, so a query pays for its matches, not for the number
//! of distinct authors in the catalogue.
//!
//! Each segment hands on its best `keep` values per facet (more than the answer needs), so
//! counts are exact for an index in one segment and for any value within each segment's
//! best `keep`; that is the usual shard-size trade of search engines.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The facet values of the segments searched so far, by segment.
#[derive(Default)]
pub(crate) struct FacetCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentValues>>>,
}

impl FacetCache {
    /// Forgets the segments not in `live` (merged away or deleted).
    pub fn retain(&self, live: &[SegmentId]) {
        let mut segments = self.segments.lock().unwrap_or_else(|e| e.into_inner());
        segments.retain(|id, _| live.contains(id));
    }

    fn get(
        &self,
        segment: &SegmentReader,
        fields: &[String],
    ) -> tantivy::Result<Arc<SegmentValues>> {
        let id = segment.segment_id();
        if let Some(v) = self
            .segments
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
        {
            return Ok(Arc::clone(v));
        }
        // Loaded outside the lock: two threads may both load a new segment, and one copy
        // wins; no search waits on another's load.
        let values = Arc::new(SegmentValues::load(segment, fields)?);
        let mut segments = self.segments.lock().unwrap_or_else(|e| e.into_inner());
        Ok(Arc::clone(segments.entry(id).or_insert(values)))
    }
}

/// The words of one facet column of a segment: `text[ends[ord - 1]..ends[ord]]` is the text
/// of ordinal `ord`.
struct Words {
    text: String,
    ends: Vec<u32>,
}

impl Words {
    fn term(&self, ord: u32) -> &str {
        let ord = ord as usize;
        let start = if ord == 0 {
            0
        } else {
            self.ends.get(ord - 1).copied().unwrap_or(0) as usize
        };
        let end = self.ends.get(ord).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }
}

/// Bits of a packed value that hold the ordinal; the bits above hold the facet's index.
const ORD_BITS: u32 = 29;
const ORD_MASK: u32 = (1 << ORD_BITS) - 1;

/// The facet columns of one segment, in [`FastFacets::fields`] order, with counters to
/// lend to queries.
///
/// The values are stored document by document: `packed[starts[doc]..starts[doc + 1]]` are
/// all of `doc`'s values, every facet's, each a facet index (high 3 bits) and an ordinal
/// (low 29 bits). Counting a match then reads two neighbouring places in memory rather
/// than two per facet, which matters on large result sets, where the walk is bound by
/// memory, not arithmetic.
pub(crate) struct SegmentValues {
    starts: Vec<u32>,
    packed: Vec<u32>,
    /// The words of each facet (`None`: the segment has no such column).
    words: Vec<Option<Words>>,
    /// Zeroed counters (one vector per facet), returned by each harvest.
    spare: Mutex<Vec<Vec<Vec<u32>>>>,
}

impl SegmentValues {
    fn load(segment: &SegmentReader, fields: &[String]) -> tantivy::Result<SegmentValues> {
        if fields.len() > 1 << (32 - ORD_BITS) {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "{} facets: at most {} can be counted",
                fields.len(),
                1 << (32 - ORD_BITS)
            )));
        }
        let fast = segment.fast_fields();
        let max_doc = segment.max_doc();
        let mut columns = Vec::with_capacity(fields.len());
        let mut words = Vec::with_capacity(fields.len());
        for name in fields {
            let Some(column) = fast.str(name)? else {
                columns.push(None);
                words.push(None);
                continue;
            };
            if column.num_terms() > ORD_MASK as usize {
                return Err(tantivy::TantivyError::InvalidArgument(format!(
                    "facet {name}: {} distinct values in one segment, more than the {} \
                     that can be counted",
                    column.num_terms(),
                    ORD_MASK
                )));
            }
            let mut text = String::new();
            let mut ends = Vec::with_capacity(column.num_terms());
            let mut terms = column.dictionary().stream()?;
            while terms.advance() {
                text.push_str(&String::from_utf8_lossy(terms.key()));
                ends.push(text.len() as u32);
            }
            words.push(Some(Words { text, ends }));
            columns.push(Some(column));
        }
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut packed = Vec::with_capacity(max_doc as usize * columns.len());
        starts.push(0);
        for doc in 0..max_doc {
            for (i, column) in columns.iter().enumerate() {
                if let Some(column) = column {
                    let tag = (i as u32) << ORD_BITS;
                    packed.extend(column.term_ords(doc).map(|o| tag | (o as u32 & ORD_MASK)));
                }
            }
            let end = u32::try_from(packed.len()).map_err(|_| {
                tantivy::TantivyError::InvalidArgument(format!(
                    "more than {} facet values in one segment (at document {doc})",
                    u32::MAX
                ))
            })?;
            starts.push(end);
        }
        packed.shrink_to_fit();
        Ok(SegmentValues {
            starts,
            packed,
            words,
            spare: Mutex::new(Vec::new()),
        })
    }

    /// Takes back counters lent by [`counters`](Self::counters), zeroed by the borrower.
    fn give_back(&self, counts: Vec<Vec<u32>>) {
        self.spare
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(counts);
    }

    fn counters(&self) -> Vec<Vec<u32>> {
        let spare = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        spare.unwrap_or_else(|| {
            self.words
                .iter()
                .map(|w| vec![0; w.as_ref().map_or(0, |w| w.ends.len())])
                .collect()
        })
    }
}

/// Counts the values of several fast string fields over the matching documents.
pub(crate) struct FastFacets<'a> {
    /// The fast field names, in answer order.
    pub fields: Vec<String>,
    /// Values kept per facet and segment.
    pub keep: usize,
    /// Where the segments' columns are kept between queries.
    pub cache: &'a FacetCache,
}

impl FastFacets<'_> {
    /// Counters for the facets of one segment, for a search that walks the matches itself
    /// (see [`crate::collect`]).
    pub fn segment(&self, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        self.for_segment(0, segment)
    }

    /// Sums the segments' best values (from [`SegmentFacets::harvest_counts`]) by value.
    pub fn merge(
        &self,
        fruits: Vec<Vec<Vec<(String, u64)>>>,
    ) -> tantivy::Result<Vec<Vec<(String, u64)>>> {
        self.merge_fruits(fruits)
    }
}

/// The per-segment part of [`FastFacets`].
pub(crate) struct SegmentFacets {
    values: Arc<SegmentValues>,
    counts: Vec<Vec<u32>>,
    /// Per facet, the ordinals counted at least once: the harvest looks at them alone.
    touched: Vec<Vec<u32>>,
    /// The values of the block being counted (kept to spare an allocation per block).
    gathered: Vec<u32>,
    keep: usize,
}

impl Collector for FastFacets<'_> {
    type Fruit = Vec<Vec<(String, u64)>>;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let values = self.cache.get(segment, &self.fields)?;
        let counts = values.counters();
        Ok(SegmentFacets {
            touched: vec![Vec::new(); counts.len()],
            gathered: Vec::new(),
            counts,
            values,
            keep: self.keep,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<Vec<Vec<(String, u64)>>>,
    ) -> tantivy::Result<Vec<Vec<(String, u64)>>> {
        let mut merged: Vec<HashMap<String, u64>> = vec![HashMap::new(); self.fields.len()];
        for fruit in segment_fruits {
            for (i, values) in fruit.into_iter().enumerate() {
                if let Some(m) = merged.get_mut(i) {
                    for (value, count) in values {
                        *m.entry(value).or_insert(0) += count;
                    }
                }
            }
        }
        Ok(merged
            .into_iter()
            .map(|m| {
                let mut v: Vec<(String, u64)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                v
            })
            .collect())
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Vec<Vec<(String, u64)>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.count_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.count_block(docs);
    }

    fn harvest(self) -> Self::Fruit {
        self.harvest_counts()
    }
}

impl SegmentFacets {
    /// Counts the facet values of `docs`.
    pub fn count_block(&mut self, docs: &[DocId]) {
        let values = &*self.values;
        // First every document's values side by side, then the counters: the reads of one
        // step do not wait on each other, so the memory system serves many at once (on a
        // large result set, counting is a walk of memory, not of arithmetic).
        self.gathered.clear();
        for &doc in docs {
            let doc = doc as usize;
            if let (Some(&start), Some(&end)) = (values.starts.get(doc), values.starts.get(doc + 1))
            {
                if let Some(v) = values.packed.get(start as usize..end as usize) {
                    self.gathered.extend_from_slice(v);
                }
            }
        }
        for &v in &self.gathered {
            let (facet, ord) = ((v >> ORD_BITS) as usize, v & ORD_MASK);
            let (Some(counts), Some(touched)) =
                (self.counts.get_mut(facet), self.touched.get_mut(facet))
            else {
                continue;
            };
            if let Some(c) = counts.get_mut(ord as usize) {
                let before = *c;
                *c = before + 1;
                // Kept only when new, without a branch the processor would mispredict.
                let len = touched.len();
                touched.push(ord);
                touched.truncate(len + usize::from(before == 0));
            }
        }
    }

    /// Adds the counts of `other`, made for the same segment, to these, and gives its
    /// counters back to the segment zeroed.
    pub fn absorb(&mut self, mut other: SegmentFacets) {
        let facets = self
            .counts
            .iter_mut()
            .zip(self.touched.iter_mut())
            .zip(other.counts.iter_mut().zip(&other.touched));
        for ((counts, touched), (theirs, their_touched)) in facets {
            for &ord in their_touched {
                let add = theirs
                    .get_mut(ord as usize)
                    .map(std::mem::take)
                    .unwrap_or(0);
                if let Some(c) = counts.get_mut(ord as usize) {
                    if *c == 0 {
                        touched.push(ord);
                    }
                    *c += add;
                }
            }
        }
        other.values.give_back(std::mem::take(&mut other.counts));
    }

    /// The best `keep` values of each facet with their counts; the counters go back to
    /// the segment zeroed.
    pub fn harvest_counts(mut self) -> Vec<Vec<(String, u64)>> {
        let keep = self.keep;
        let fruit = self
            .values
            .words
            .iter()
            .zip(self.counts.iter_mut())
            .zip(&self.touched)
            .map(|((values, counts), touched)| {
                let mut best: Vec<(u32, u64)> = touched
                    .iter()
                    .map(|&ord| {
                        let slot = counts.get_mut(ord as usize);
                        // Read and reset: the counters go back to the segment zeroed.
                        (slot.map(std::mem::take).unwrap_or(0), u64::from(ord))
                    })
                    .collect();
                let Some(words) = values else {
                    return Vec::new();
                };
                if best.len() > keep {
                    best.select_nth_unstable_by(keep - 1, |a, b| b.0.cmp(&a.0));
                    best.truncate(keep);
                }
                best.into_iter()
                    .map(|(count, ord)| (words.term(ord as u32).to_string(), u64::from(count)))
                    .collect::<Vec<_>>()
            })
            .collect();
        self.values.give_back(std::mem::take(&mut self.counts));
        fruit
    }
}
