//! Facet counting over fast (columnar) string fields: per segment, one counter per
//! dictionary ordinal, bumped for each value of each matching document; at the end of the
//! segment the best ordinals become strings, and segments are summed by value.
//!
//! Each segment hands on its best `keep` values per facet (more than the answer needs), so
//! counts are exact for an index in one segment and for any value within each segment's
//! best `keep`; that is the usual shard-size trade of search engines.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts the values of several fast string fields over the matching documents.
pub(crate) struct FastFacets {
    /// The fast field names, in answer order.
    pub fields: Vec<String>,
    /// Values kept per facet and segment.
    pub keep: usize,
}

/// The per-segment part of [`FastFacets`].
pub(crate) struct SegmentFacets {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u32>>,
    /// Per facet, the ordinals counted at least once, so that the harvest looks at them
    /// alone rather than at every value of the segment (authors run to the hundred
    /// thousand).
    touched: Vec<Vec<u32>>,
    keep: usize,
    /// Scratch space for a block's single values.
    firsts: Vec<Option<u64>>,
}

impl Collector for FastFacets {
    type Fruit = Vec<Vec<(String, u64)>>;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = segment.fast_fields();
        let mut columns = Vec::with_capacity(self.fields.len());
        let mut counts = Vec::with_capacity(self.fields.len());
        for name in &self.fields {
            let column = fast.str(name)?;
            counts.push(vec![0u32; column.as_ref().map_or(0, |c| c.num_terms())]);
            columns.push(column);
        }
        Ok(SegmentFacets {
            columns,
            touched: vec![Vec::new(); counts.len()],
            counts,
            keep: self.keep,
            firsts: Vec::new(),
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
            .columns
            .iter()
            .zip(self.counts.iter_mut())
            .zip(self.touched.iter_mut());
        for ((column, counts), touched) in facets {
            let Some(column) = column else { continue };
            let mut bump = |ord: u64| {
                if let Some(c) = counts.get_mut(ord as usize) {
                    if *c == 0 {
                        touched.push(ord as u32);
                    }
                    *c += 1;
                }
            };
            let ords = column.ords();
            if ords.get_cardinality().is_multivalue() {
                for &doc in docs {
                    column.term_ords(doc).for_each(&mut bump);
                }
            } else {
                // At most one value per record (year, language, ...): fetched a block at a
                // time.
                self.firsts.clear();
                self.firsts.resize(docs.len(), None);
                ords.first_vals(docs, &mut self.firsts);
                self.firsts.iter().flatten().for_each(|ord| bump(*ord));
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let keep = self.keep;
        self.columns
            .iter()
            .zip(self.counts)
            .zip(self.touched)
            .map(|((column, counts), touched)| {
                let Some(column) = column else {
                    return Vec::new();
                };
                let mut best: Vec<(u32, u64)> = touched
                    .iter()
                    .map(|&ord| (counts[ord as usize], u64::from(ord)))
                    .collect();
                if best.len() > keep {
                    best.select_nth_unstable_by(keep - 1, |a, b| b.0.cmp(&a.0));
                    best.truncate(keep);
                }
                // One pass over the dictionary for the sorted ordinals.
                best.sort_unstable_by_key(|(_, ord)| *ord);
                let ords: Vec<u64> = best.iter().map(|(_, ord)| *ord).collect();
                let mut out = Vec::with_capacity(best.len());
                let mut counts = best.iter().map(|(count, _)| *count);
                let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    let count = counts.next().unwrap_or(0);
                    out.push((
                        String::from_utf8_lossy(bytes).into_owned(),
                        u64::from(count),
                    ));
                });
                out
            })
            .collect()
    }
}
