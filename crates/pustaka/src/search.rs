//! Search sync: the tantivy index in `index/` kept in step with the catalogue.
//!
//! Every committed change to a catalogue record appends the record's id to the
//! `search_changes` table by trigger, in the writer's own transaction (migration 0005). The
//! index records, in its own commit, the last `search_changes.ID` it applied. Catching up
//! ([`Library::sync_search`], run by [`Library::open`] and before every
//! [`Library::search`]) re-reads each changed record from SQLite and replaces or deletes its
//! document, then prunes the applied rows. A crash between a catalogue commit and the index
//! commit therefore loses nothing: the next open applies the change. An index that is
//! missing, unreadable or of another layout is rebuilt from SQLite ([`Library::reindex`]).
//!
//! Items count too (migration 0006): adding, checking out, returning, moving or removing an
//! item enqueues its record, whose document then carries its items' locations and
//! availability ([`availability`]) as the `location` and `availability` facets.

use std::collections::HashMap;

use pustaka_search::{Extra, SearchError, SearchIndex};

pub use pustaka_search::{
    FacetValue, Hit, Query, QueryError, Rung, SearchResults, Sort, UnknownSort, FACETS,
};
use rusqlite::{params, OptionalExtension};

use crate::error::{LibraryError, Result};
use crate::items::{STATUS_AVAILABLE, STATUS_ON_LOAN, STATUS_READ_IN_PLACE};
use crate::Library;

/// The name of the index directory inside a library directory.
pub const INDEX_DIR: &str = "index";

/// How many changed records are applied per index commit while catching up.
const BATCH: i64 = 10_000;

/// The `availability` facet value of an item status (`collections.Status_id`): 1
/// `"available"`, 5 `"on loan"`, 11 `"read in place"`, anything else (in processing,
/// damaged, lost, ...) `"other"`.
pub fn availability(status_id: Option<i64>) -> &'static str {
    match status_id {
        Some(STATUS_AVAILABLE) => "available",
        Some(STATUS_ON_LOAN) => "on loan",
        Some(STATUS_READ_IN_PLACE) => "read in place",
        _ => "other",
    }
}

/// The item-derived part of a record's document.
#[derive(Default)]
struct Holdings {
    locations: Vec<String>,
    availability: Vec<String>,
    call_number: Option<String>,
}

impl Holdings {
    fn push(&mut self, status: Option<i64>, location: Option<String>, call_number: Option<String>) {
        let a = availability(status).to_string();
        if !self.availability.contains(&a) {
            self.availability.push(a);
        }
        if let Some(l) = location
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
        {
            if !self.locations.contains(&l) {
                self.locations.push(l);
            }
        }
        if self.call_number.is_none() {
            self.call_number = call_number
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty());
        }
    }

    fn extra(self, bibid: String, material_type: Option<String>) -> Extra {
        Extra {
            bibid,
            material_type,
            call_number: self.call_number,
            locations: self.locations,
            availability: self.availability,
        }
    }
}

/// Items with their location name (the room, else the library) and status.
const HOLDINGS: &str = "SELECT c.Catalog_id, c.Status_id,
        COALESCE(NULLIF(TRIM(l.Name), ''), ll.Name), c.CallNumber
     FROM collections c
     LEFT JOIN locations l ON l.ID = c.Location_id
     LEFT JOIN location_library ll ON ll.ID = c.Location_Library_id";

type HoldingRow = (i64, Option<i64>, Option<String>, Option<String>);

fn holding_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HoldingRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn sql<T>(r: rusqlite::Result<T>, context: &str) -> Result<T> {
    r.map_err(|source| LibraryError::Sqlite {
        context: context.to_string(),
        source,
    })
}

impl Library {
    /// The search index directory (`dir/index`).
    pub fn index_dir(&self) -> std::path::PathBuf {
        self.dir.join(INDEX_DIR)
    }

    /// Searches the catalogue for `query_text` (see [`pustaka_search::query`] for the
    /// language), returning the best `limit` hits with facet counts: the short form of
    /// [`search`](Self::search).
    pub fn search_text(&self, query_text: &str, limit: usize) -> Result<SearchResults> {
        self.search(&Query::new(query_text).limit(limit).with_facets())
    }

    /// Searches with a full [`Query`] (text, paging, sort, facets, facet filters), after
    /// catching the index up with any committed change.
    pub fn search(&self, query: &Query) -> Result<SearchResults> {
        self.sync_search()?;
        let guard = self.search.borrow();
        let index = guard.as_ref().ok_or_else(|| LibraryError::NotFound {
            what: "search index",
            key: self.index_dir().display().to_string(),
        })?;
        Ok(index.search(query)?)
    }

    /// The last committed `search_changes.ID` (0 when nothing was ever written).
    fn last_change(&self) -> Result<i64> {
        let seq: Option<i64> = sql(
            self.conn
                .query_row(
                    "SELECT seq FROM sqlite_sequence WHERE name = 'search_changes'",
                    [],
                    |r| r.get(0),
                )
                .optional(),
            "reading the last search change from sqlite_sequence",
        )?;
        Ok(seq.unwrap_or(0))
    }

    /// Opens the index, creating or rebuilding it when missing, unreadable or stale.
    fn ensure_index(&self) -> Result<()> {
        if self.search.borrow().is_some() {
            return Ok(());
        }
        let dir = self.index_dir();
        let opened = if dir.join("meta.json").is_file() {
            SearchIndex::open(&dir)
        } else {
            Err(SearchError::Stale {
                path: dir.clone(),
                found: "none".into(),
            })
        };
        let index = match opened {
            Ok(index) => index,
            Err(SearchError::Locked { path }) => return Err(SearchError::Locked { path }.into()),
            Err(_) => {
                // Missing, stale or damaged: the index is derived, so start it afresh.
                if dir.exists() {
                    std::fs::remove_dir_all(&dir).map_err(|source| LibraryError::Io {
                        path: dir.clone(),
                        source,
                    })?;
                }
                SearchIndex::create(&dir)?
            }
        };
        *self.search.borrow_mut() = Some(index);
        self.search_applied.set(None);
        Ok(())
    }

    /// Brings the index up to date with every committed catalogue change and returns how
    /// many records it re-read. Another process holding the index writer is not an error:
    /// the index is left as it is (that process is catching it up).
    pub fn sync_search(&self) -> Result<usize> {
        match self.sync_search_inner() {
            Err(LibraryError::Search {
                source: SearchError::Locked { .. },
            }) => Ok(0),
            other => other,
        }
    }

    fn sync_search_inner(&self) -> Result<usize> {
        self.ensure_index()?;
        let last = self.last_change()?;
        if self.search_applied.get() == Some(last) {
            return Ok(0);
        }
        let guard = self.search.borrow();
        let index = guard.as_ref().expect("ensure_index opened it");
        let Some(mut applied) = index.applied_change()? else {
            drop(guard);
            return self.reindex();
        };
        if applied > last {
            // The index is ahead of this database (restored from a backup, recreated):
            // it belongs to another history.
            drop(guard);
            return self.reindex();
        }
        if applied == last {
            // Someone else caught the index up: see their commit.
            index.reload()?;
            self.search_applied.set(Some(applied));
            return Ok(0);
        }
        let worksheets = self.worksheet_names()?;
        let mut total = 0;
        while applied < last {
            let (ids, upto) = self.changes_after(applied)?;
            for id in &ids {
                match self.catalog().get(*id) {
                    Ok(catalog) => match self.holdings(*id) {
                        Ok(holdings) => {
                            let extra = holdings.extra(
                                catalog.bibid.clone(),
                                worksheets.get(&catalog.worksheet_id).cloned(),
                            );
                            index.update(*id, &catalog.record, &extra)
                        }
                        Err(e) => {
                            index.rollback();
                            return Err(e);
                        }
                    },
                    Err(LibraryError::NotFound { .. }) => index.delete(*id),
                    Err(e) => {
                        index.rollback();
                        return Err(e);
                    }
                }
                .inspect_err(|_| index.rollback())?;
            }
            let upto = upto.unwrap_or(last);
            index.commit(Some(upto))?;
            total += ids.len();
            applied = upto;
        }
        sql(
            self.conn.execute(
                "DELETE FROM search_changes WHERE ID <= ?1",
                params![applied],
            ),
            "pruning applied rows of search_changes",
        )?;
        self.search_applied.set(Some(applied));
        Ok(total)
    }

    /// The distinct catalog ids changed after `applied` (one batch), and the last change id
    /// the batch covers.
    fn changes_after(&self, applied: i64) -> Result<(Vec<i64>, Option<i64>)> {
        let upto: Option<i64> = sql(
            self.conn.query_row(
                "SELECT max(ID) FROM (SELECT ID FROM search_changes WHERE ID > ?1
                 ORDER BY ID LIMIT ?2)",
                params![applied, BATCH],
                |r| r.get(0),
            ),
            "reading search_changes",
        )?;
        let Some(upto) = upto else {
            return Ok((Vec::new(), None));
        };
        let ids = sql(
            self.conn
                .prepare_cached(
                    "SELECT DISTINCT Catalog_id FROM search_changes
                     WHERE ID > ?1 AND ID <= ?2 ORDER BY Catalog_id",
                )
                .and_then(|mut s| {
                    s.query_map(params![applied, upto], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()
                }),
            "reading search_changes",
        )?;
        Ok((ids, Some(upto)))
    }

    /// The item-derived values of one record.
    fn holdings(&self, catalog_id: i64) -> Result<Holdings> {
        let rows = sql(
            self.conn
                .prepare_cached(&format!("{HOLDINGS} WHERE c.Catalog_id = ?1 ORDER BY c.ID"))
                .and_then(|mut s| {
                    s.query_map([catalog_id], holding_row)?
                        .collect::<rusqlite::Result<Vec<HoldingRow>>>()
                }),
            "reading the items of a record for the search index",
        )?;
        let mut h = Holdings::default();
        for (_, status, location, call_number) in rows {
            h.push(status, location, call_number);
        }
        Ok(h)
    }

    /// The item-derived values of every record with items.
    fn all_holdings(&self) -> Result<HashMap<i64, Holdings>> {
        let rows = sql(
            self.conn
                .prepare(&format!(
                    "{HOLDINGS} WHERE c.Catalog_id IS NOT NULL ORDER BY c.Catalog_id, c.ID"
                ))
                .and_then(|mut s| {
                    s.query_map([], holding_row)?
                        .collect::<rusqlite::Result<Vec<HoldingRow>>>()
                }),
            "reading the items for the search index",
        )?;
        let mut out: HashMap<i64, Holdings> = HashMap::new();
        for (id, status, location, call_number) in rows {
            out.entry(id)
                .or_default()
                .push(status, location, call_number);
        }
        Ok(out)
    }

    fn worksheet_names(&self) -> Result<HashMap<i64, String>> {
        sql(
            self.conn
                .prepare_cached("SELECT ID, Name FROM worksheets")
                .and_then(|mut s| {
                    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<rusqlite::Result<HashMap<i64, String>>>()
                }),
            "reading worksheets",
        )
    }

    /// Rebuilds the search index from SQLite (every record in `marc_records`) and returns
    /// how many records it indexed.
    pub fn reindex(&self) -> Result<usize> {
        self.reindex_with_progress(|_, _| {})
    }

    /// [`reindex`](Self::reindex), calling `progress(done, total)` every 1,000 records
    /// and at the end, so a caller can show how far the rebuild is.
    pub fn reindex_with_progress(&self, mut progress: impl FnMut(usize, usize)) -> Result<usize> {
        self.ensure_index()?;
        let total: i64 = sql(
            self.conn
                .query_row("SELECT count(*) FROM marc_records", [], |r| r.get(0)),
            "counting marc_records",
        )?;
        let total = usize::try_from(total).unwrap_or(0);
        progress(0, total);
        let last = self.last_change()?;
        let worksheets = self.worksheet_names()?;
        let kinds: HashMap<i64, i64> = sql(
            self.conn
                .prepare("SELECT ID, Worksheet_id FROM catalogs")
                .and_then(|mut s| {
                    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<rusqlite::Result<HashMap<i64, i64>>>()
                }),
            "reading catalogs worksheets",
        )?;
        let mut holdings = self.all_holdings()?;
        let guard = self.search.borrow();
        let index = guard.as_ref().expect("ensure_index opened it");
        let mut count = 0;
        let result = (|| -> Result<()> {
            index.clear()?;
            for stored in self.catalog().marc_records() {
                let stored = stored?;
                let extra = holdings.remove(&stored.id).unwrap_or_default().extra(
                    stored.bibid,
                    kinds
                        .get(&stored.id)
                        .and_then(|w| worksheets.get(w))
                        .cloned(),
                );
                index.add(stored.id, &stored.record, &extra)?;
                count += 1;
                if count % 1000 == 0 {
                    progress(count, total.max(count));
                }
            }
            index.commit(Some(last))?;
            index.merge_segments()?;
            progress(count, total.max(count));
            Ok(())
        })();
        if let Err(e) = result {
            index.rollback();
            return Err(e);
        }
        sql(
            self.conn
                .execute("DELETE FROM search_changes WHERE ID <= ?1", params![last]),
            "pruning applied rows of search_changes",
        )?;
        self.search_applied.set(Some(last));
        Ok(count)
    }
}

impl From<pustaka_search::QueryError> for LibraryError {
    fn from(e: pustaka_search::QueryError) -> Self {
        LibraryError::Search {
            source: SearchError::Query(e),
        }
    }
}
