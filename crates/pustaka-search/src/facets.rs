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

/// One facet column of a segment in memory: `ords[starts[doc]..starts[doc + 1]]` are the
/// value ordinals of `doc`, and `text[ends[ord - 1]..ends[ord]]` the text of ordinal `ord`.
struct Values {
    starts: Vec<u32>,
    ords: Vec<u32>,
    text: String,
    ends: Vec<u32>,
}

impl Values {
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

/// The facet columns of one segment, in [`FastFacets::fields`] order, with counters to
/// lend to queries.
pub(crate) struct SegmentValues {
    columns: Vec<Option<Values>>,
    /// Zeroed counters (one vector per facet), returned by each harvest.
    spare: Mutex<Vec<Vec<Vec<u32>>>>,
}

impl SegmentValues {
    fn load(segment: &SegmentReader, fields: &[String]) -> tantivy::Result<SegmentValues> {
        let fast = segment.fast_fields();
        let max_doc = segment.max_doc();
        let mut columns = Vec::with_capacity(fields.len());
        for name in fields {
            let Some(column) = fast.str(name)? else {
                columns.push(None);
                continue;
            };
            let mut starts = Vec::with_capacity(max_doc as usize + 1);
            let mut ords = Vec::with_capacity(max_doc as usize);
            starts.push(0);
            for doc in 0..max_doc {
                ords.extend(column.term_ords(doc).map(|o| o as u32));
                starts.push(ords.len() as u32);
            }
            ords.shrink_to_fit();
            let mut text = String::new();
            let mut ends = Vec::with_capacity(column.num_terms());
            let mut terms = column.dictionary().stream()?;
            while terms.advance() {
                text.push_str(&String::from_utf8_lossy(terms.key()));
                ends.push(text.len() as u32);
            }
            columns.push(Some(Values {
                starts,
                ords,
                text,
                ends,
            }));
        }
        Ok(SegmentValues {
            columns,
            spare: Mutex::new(Vec::new()),
        })
    }

    fn counters(&self) -> Vec<Vec<u32>> {
        let spare = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        spare.unwrap_or_else(|| {
            self.columns
                .iter()
                .map(|c| vec![0; c.as_ref().map_or(0, |v| v.ends.len())])
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

/// The per-segment part of [`FastFacets`].
pub(crate) struct SegmentFacets {
    values: Arc<SegmentValues>,
    counts: Vec<Vec<u32>>,
    /// Per facet, the ordinals counted at least once: the harvest looks at them alone.
    touched: Vec<Vec<u32>>,
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
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let facets = self
            .values
            .columns
            .iter()
            .zip(self.counts.iter_mut())
            .zip(self.touched.iter_mut());
        for ((values, counts), touched) in facets {
            let Some(values) = values else { continue };
            for &doc in docs {
                let doc = doc as usize;
                let (Some(&start), Some(&end)) =
                    (values.starts.get(doc), values.starts.get(doc + 1))
                else {
                    continue;
                };
                for &ord in values.ords.get(start as usize..end as usize).unwrap_or(&[]) {
                    if let Some(c) = counts.get_mut(ord as usize) {
                        if *c == 0 {
                            touched.push(ord);
                        }
                        *c += 1;
                    }
                }
            }
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        let keep = self.keep;
        let fruit = self
            .values
            .columns
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
                let Some(values) = values else {
                    return Vec::new();
                };
                if best.len() > keep {
                    best.select_nth_unstable_by(keep - 1, |a, b| b.0.cmp(&a.0));
                    best.truncate(keep);
                }
                best.into_iter()
                    .map(|(count, ord)| (values.term(ord as u32).to_string(), u64::from(count)))
                    .collect::<Vec<_>>()
            })
            .collect();
        self.values
            .spare
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(std::mem::take(&mut self.counts));
        fruit
    }
}
