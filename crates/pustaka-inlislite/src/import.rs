//! Importing an INLISLite v3 dump into a pustaka library.
//!
//! Every row goes in as it is, keeping INLISLite's ids, by table and column name (the
//! library's tables carry INLISLite's names; see `pustaka::raw`). Choices:
//!
//! - **Idempotent by upsert**: a row whose primary key the library already holds replaces
//!   that row's values (a table without a primary key, `bookinglogs`, skips a row equal to
//!   one already there), so importing the same dump twice leaves the same library. The
//!   library need not be empty: a dump can also be imported over a library built by hand,
//!   whose rows with the same ids it then overwrites.
//! - **All or nothing**: the whole import is one write transaction; a dump that cannot be
//!   read to its end, or a failure of the store, leaves the library as it was. Rows the
//!   library's constraints refuse (a duplicate barcode, a missing NOT NULL value) are
//!   rejected one by one, with the reason and the dump line, and the rest goes in.
//! - **v2-era dumps are refused** (a `collections` table with bibliographic columns such
//!   as `Title`, or a `Status` text column instead of `Status_id`), with a message saying
//!   so, before anything is written.
//! - Catalogue records get their `marc_records` bytes rebuilt from `catalog_ruas` and
//!   `catalog_subruas`, as INLISLite's export reads them.
//! - Tables the library does not model are kept verbatim in `inlislite_extra` (with
//!   [`Tables::All`]) or skipped (with [`Tables::Core`], the default).
//! - Dump columns the library table lacks are dropped with a warning.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::Path;
use std::time::Instant;

use pustaka::raw::{ColumnInfo, RawSession, RowRejected, SqlValue, Upsert};
use pustaka::{Library, LibraryError};

use crate::dump::{DumpError, DumpReader, Event, Position, Row, TableDef, Value, Warning};

/// Which tables an import writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tables {
    /// Only the tables the library models (INLISLite's core tables).
    #[default]
    Core,
    /// Those, and every other table kept verbatim in `inlislite_extra`.
    All,
}

impl std::str::FromStr for Tables {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "core" => Ok(Tables::Core),
            "all" => Ok(Tables::All),
            other => Err(format!("unknown table selection {other:?}: core or all")),
        }
    }
}

/// How to import; [`Default`] imports the core tables without progress reports.
#[derive(Default)]
pub struct ImportOptions<'p> {
    /// Which tables to write.
    pub tables: Tables,
    /// Called now and then with the number of bytes of the dump read so far.
    pub progress: Option<&'p mut dyn FnMut(u64)>,
}

impl std::fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("tables", &self.tables)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Rows read, imported and rejected for one table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TableReport {
    /// Rows read from the dump.
    pub read: u64,
    /// Rows written (into the library table, or kept in `inlislite_extra`).
    pub imported: u64,
    /// Rows refused.
    pub rejected: u64,
    /// Where the rows went: `"core"`, `"extra"` (kept verbatim) or `"skipped"`.
    pub destination: &'static str,
}

/// One refused row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowRejection {
    /// The table.
    pub table: String,
    /// The dump line of the row.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    /// Per table, by name.
    pub tables: BTreeMap<String, TableReport>,
    /// Every refused row.
    pub rejections: Vec<RowRejection>,
    /// Every warning (zero dates kept, text repaired, columns dropped).
    pub warnings: Vec<Warning>,
    /// Catalogue records whose MARC was rebuilt into `marc_records`.
    pub marc_rebuilt: u64,
    /// Bytes of the dump read.
    pub bytes: u64,
    /// Seconds the import took.
    pub seconds: f64,
}

impl ImportReport {
    /// Rows read in all tables.
    pub fn rows_read(&self) -> u64 {
        self.tables.values().map(|t| t.read).sum()
    }

    /// Rows imported in all tables.
    pub fn rows_imported(&self) -> u64 {
        self.tables.values().map(|t| t.imported).sum()
    }

    /// The report as the CLI's `--json` prints it: `{"tables": {name: {"read",
    /// "imported", "rejected"}}, "rejections": [...], "warnings": n, "seconds": s}`.
    pub fn to_json(&self) -> serde_json::Value {
        let tables: serde_json::Map<String, serde_json::Value> = self
            .tables
            .iter()
            .map(|(name, t)| {
                (
                    name.clone(),
                    serde_json::json!({
                        "read": t.read,
                        "imported": t.imported,
                        "rejected": t.rejected,
                        "destination": t.destination,
                    }),
                )
            })
            .collect();
        serde_json::json!({
            "tables": tables,
            "rejections": self.rejections,
            "warnings": self.warnings.len(),
            "marc_rebuilt": self.marc_rebuilt,
            "bytes": self.bytes,
            "seconds": self.seconds,
        })
    }
}

/// Why an import did not happen; the library is as it was.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The dump file cannot be opened.
    #[error("cannot open the dump {path}: {source}")]
    Open {
        /// The file.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The dump cannot be read (syntax, I/O), with line and column.
    #[error(transparent)]
    Dump(#[from] DumpError),
    /// The dump is from INLISLite v2 (or an older v3 with v2's item columns).
    #[error(
        "this is an INLISLite v2-era dump (table {table} at {at} has {evidence}); pustaka \
         imports INLISLite v3 only: upgrade the database with INLISLite v3's migration first"
    )]
    V2Dump {
        /// The table that shows it.
        table: String,
        /// Its `CREATE TABLE` (or `INSERT`).
        at: Position,
        /// What shows it, e.g. "a Title column".
        evidence: String,
    },
    /// The INLISLite server (an import `--from mysql://...`) cannot be reached or read.
    #[error("the INLISLite server: {message}")]
    Server {
        /// What failed (never the password).
        message: String,
    },
    /// The library failed.
    #[error(transparent)]
    Library(#[from] LibraryError),
}

/// Imports the dump at `path` into `library`; see the [module docs](self).
pub fn import_dump(
    library: &Library,
    path: impl AsRef<Path>,
    options: ImportOptions<'_>,
) -> Result<ImportReport, ImportError> {
    let path = path.as_ref();
    let reader = DumpReader::open(path).map_err(|source| ImportError::Open {
        path: path.display().to_string(),
        source,
    })?;
    import_reader(library, reader, options)
}

/// Imports from a [`DumpReader`] over any [`BufRead`]. The dump is read on a second thread,
/// a few thousand rows ahead of the writing (a bounded queue: memory stays flat), so that
/// parsing the dump and writing the library overlap.
pub fn import_reader<R: BufRead + Send>(
    library: &Library,
    mut reader: DumpReader<R>,
    options: ImportOptions<'_>,
) -> Result<ImportReport, ImportError> {
    std::thread::scope(|scope| {
        let (mut feed, mut source) = read_ahead();
        let read = move || loop {
            match reader.next_event() {
                Ok(Some(event)) => {
                    if !feed.push(event, reader.bytes_read()) {
                        return;
                    }
                }
                Ok(None) => return feed.finish(reader.bytes_read()),
                Err(e) => return feed.fail(e.into()),
            }
        };
        let reading = std::thread::Builder::new()
            .name("pustaka-dump-reader".into())
            .spawn_scoped(scope, read)
            .map_err(|e| {
                ImportError::Dump(DumpError::Io {
                    at: Position { line: 0, column: 0 },
                    source: e,
                })
            })?;
        let imported = import_source(library, &mut source, options);
        // Closing the queue stops a reader that is still reading.
        drop(source);
        let joined = reading.join();
        match (imported, joined) {
            (Err(e), _) => Err(e),
            (Ok(report), Ok(())) => Ok(report),
            // Not reached: the reader answers every failure with an error. Were it to
            // panic, its queue would close without an end, and the import fail above.
            (Ok(_), Err(_)) => Err(reader_stopped()),
        }
    })
}

/// Events per batch handed from the reading thread to the import, and batches in flight.
const BATCH: usize = 512;
const IN_FLIGHT: usize = 8;

/// What the reading thread hands over: a batch of events (empty at the end of the
/// source), with the bytes read when it was full; or why reading stopped.
type Message = Result<(Vec<Event>, u64), ImportError>;

/// The error of a reading thread that stopped without saying why.
fn reader_stopped() -> ImportError {
    ImportError::Dump(DumpError::Io {
        at: Position { line: 0, column: 0 },
        source: std::io::Error::other("the dump reader stopped before the end of the dump"),
    })
}

/// The two ends of a read-ahead queue: a [`Feed`] for the reading thread, a [`ReadAhead`]
/// source for the import.
pub(crate) fn read_ahead() -> (Feed, ReadAhead) {
    let (tx, rx) = std::sync::mpsc::sync_channel(IN_FLIGHT);
    let (back_tx, back_rx) = std::sync::mpsc::channel();
    let feed = Feed {
        tx,
        back: back_rx,
        batch: Vec::with_capacity(BATCH),
    };
    let source = ReadAhead {
        rx,
        back: back_tx,
        bytes: 0,
    };
    (feed, source)
}

/// The reading thread's end of the queue. Batches the import has done with come back to
/// it, so that their events are freed (and their vectors reused) off the writing thread.
pub(crate) struct Feed {
    tx: std::sync::mpsc::SyncSender<Message>,
    back: std::sync::mpsc::Receiver<Vec<Event>>,
    batch: Vec<Event>,
}

impl Feed {
    /// Queues `event`, `bytes` having been read; `false` once the import has stopped
    /// listening (the reader should stop).
    pub(crate) fn push(&mut self, event: Event, bytes: u64) -> bool {
        self.batch.push(event);
        self.batch.len() < BATCH || self.send(bytes)
    }

    fn send(&mut self, bytes: u64) -> bool {
        let mut next = self.back.try_recv().unwrap_or_default();
        next.clear();
        let full = std::mem::replace(&mut self.batch, next);
        self.tx.send(Ok((full, bytes))).is_ok()
    }

    /// Hands over what is queued and marks the end of the source.
    pub(crate) fn finish(mut self, bytes: u64) {
        if !self.batch.is_empty() && !self.send(bytes) {
            return;
        }
        let _ = self.tx.send(Ok((Vec::new(), bytes)));
    }

    /// Stops the source with `error` (what is queued is not handed over: the import fails).
    pub(crate) fn fail(self, error: ImportError) {
        let _ = self.tx.send(Err(error));
    }
}

/// The import's end of a read-ahead queue.
pub(crate) struct ReadAhead {
    rx: std::sync::mpsc::Receiver<Message>,
    back: std::sync::mpsc::Sender<Vec<Event>>,
    bytes: u64,
}

impl Source for ReadAhead {
    fn next_batch(&mut self, batch: &mut Vec<Event>) -> Result<(), ImportError> {
        let done = std::mem::take(batch);
        if done.capacity() > 0 {
            let _ = self.back.send(done);
        }
        match self.rx.recv() {
            Ok(Ok((events, bytes))) => {
                *batch = events;
                self.bytes = bytes;
                Ok(())
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Err(reader_stopped()),
        }
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

/// Where an import's events come from: a dump, or a server (feature `mysql`). Both feed
/// the same [`import_source`], so the mapping is the same.
pub(crate) trait Source {
    /// Replaces `batch` (the events of the last call, done with) by the next events; an
    /// empty batch is the end.
    fn next_batch(&mut self, batch: &mut Vec<Event>) -> Result<(), ImportError>;
    /// Bytes read so far.
    fn bytes_read(&self) -> u64;
}

/// The import itself, over any [`Source`]; see the [module docs](self).
pub(crate) fn import_source(
    library: &Library,
    reader: &mut dyn Source,
    mut options: ImportOptions<'_>,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let mut report = library.raw_transaction(|session| -> Result<ImportReport, ImportError> {
        let mut state = State {
            session,
            tables: options.tables,
            report: ImportReport::default(),
            slots: Vec::new(),
            by_name: BTreeMap::new(),
            current: None,
            catalogs: BTreeSet::new(),
            last_catalog: None,
        };
        let mut batch = Vec::new();
        loop {
            reader.next_batch(&mut batch)?;
            if batch.is_empty() {
                break;
            }
            // Rows of one table and column list that follow each other go in together.
            let mut run: Vec<&Row> = Vec::new();
            for event in &batch {
                match event {
                    Event::Row(row) => {
                        if run.first().is_some_and(|first| !same_run(first, row)) {
                            state.rows(&mut run)?;
                        }
                        match state.joinable(row)? {
                            Some(max) => {
                                run.push(row);
                                if run.len() >= max {
                                    state.rows(&mut run)?;
                                }
                            }
                            None => {
                                state.rows(&mut run)?;
                                state.row(row)?;
                            }
                        }
                    }
                    Event::CreateTable(def) => {
                        state.rows(&mut run)?;
                        state.create_table(def)?;
                    }
                    Event::Warning(w) => state.report.warnings.push(w.clone()),
                }
            }
            state.rows(&mut run)?;
            if let Some(p) = options.progress.as_deref_mut() {
                p(reader.bytes_read());
            }
        }
        session.restore_indexes()?;
        state.report.marc_rebuilt = session.rebuild_marc_all(&state.catalogs)?;
        let mut report = state.report;
        for slot in state.slots {
            report.tables.insert(slot.name, slot.counts);
        }
        Ok(report)
    })?;
    if let Some(p) = options.progress.as_deref_mut() {
        p(reader.bytes_read());
    }
    report.bytes = reader.bytes_read();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// How the rows of one dump column list go into a library table.
struct ColumnMap<'c> {
    /// The library's column for each dump column (`None`: dropped).
    columns: Vec<Option<ColumnInfo>>,
    /// The upsert for the kept columns (`None`: no column is kept).
    upsert: Option<Upsert<'c>>,
    /// Where the row's catalogue id is (`catalogs.ID`, `catalog_ruas.CatalogId`): the
    /// records whose MARC is rebuilt at the end.
    catalog_at: Option<usize>,
}

/// Where a table's rows go.
enum Target<'c> {
    Core {
        /// The mapping for the dump's column list, made at its first row.
        map: Option<Box<ColumnMap<'c>>>,
        /// The dump column list the map was made for.
        for_columns: Option<std::sync::Arc<[String]>>,
    },
    Extra,
    Skipped,
}

/// One table of the dump: where its rows go, and their counts so far.
struct Slot<'c> {
    name: String,
    target: Target<'c>,
    counts: TableReport,
}

struct State<'s, 'c> {
    session: &'s RawSession<'c>,
    tables: Tables,
    report: ImportReport,
    /// Every table met, in order of appearance; `by_name` finds one by name.
    slots: Vec<Slot<'c>>,
    by_name: BTreeMap<String, usize>,
    /// The slot of the last row's table (rows of one INSERT share its name): most rows
    /// need no lookup by name.
    current: Option<(std::sync::Arc<str>, usize)>,
    catalogs: BTreeSet<i64>,
    /// The catalogue id last added to `catalogs` (a record's field rows come together).
    last_catalog: Option<i64>,
}

fn v2_evidence(def: &TableDef) -> Option<String> {
    if !def.name.eq_ignore_ascii_case("collections") {
        return None;
    }
    for bib in [
        "Title",
        "Author",
        "Publisher",
        "ISBN",
        "SENAYAN_ID",
        "NCIBookMan_ID",
    ] {
        if def.column(bib).is_some() {
            return Some(format!("a {bib} column"));
        }
    }
    if def.column("Status").is_some() && def.column("Status_id").is_none() {
        return Some("a Status column and no Status_id".into());
    }
    None
}

impl<'c> State<'_, 'c> {
    fn create_table(&mut self, def: &TableDef) -> Result<(), ImportError> {
        if let Some(evidence) = v2_evidence(def) {
            return Err(ImportError::V2Dump {
                table: def.name.clone(),
                at: def.at,
                evidence,
            });
        }
        // A table's definition met again: its rows are mapped afresh (counts go on).
        let slot = self.slot(&def.name)?;
        if let Target::Core { map, for_columns } = &mut self.slots[slot].target {
            *map = None;
            *for_columns = None;
        }
        if matches!(self.slots[slot].target, Target::Extra) {
            self.session
                .insert_extra_table(&def.name, &def.create_sql)?;
        }
        Ok(())
    }

    /// The slot of `table`, made (with its target) on first use.
    fn slot(&mut self, table: &str) -> Result<usize, ImportError> {
        if let Some(&i) = self.by_name.get(table) {
            return Ok(i);
        }
        let target = if self.session.columns(table)?.is_some() {
            self.session.defer_indexes(table)?;
            Target::Core {
                map: None,
                for_columns: None,
            }
        } else if self.tables == Tables::All {
            Target::Extra
        } else {
            Target::Skipped
        };
        let destination = match target {
            Target::Core { .. } => "core",
            Target::Extra => "extra",
            Target::Skipped => "skipped",
        };
        self.slots.push(Slot {
            name: table.to_string(),
            target,
            counts: TableReport {
                destination,
                ..TableReport::default()
            },
        });
        self.by_name.insert(table.to_string(), self.slots.len() - 1);
        Ok(self.slots.len() - 1)
    }

    /// The slot of `row`'s table.
    fn row_slot(&mut self, row: &Row) -> Result<usize, ImportError> {
        if let Some((name, i)) = &self.current {
            if std::sync::Arc::ptr_eq(name, &row.table) || **name == *row.table {
                return Ok(*i);
            }
        }
        let i = self.slot(&row.table)?;
        self.current = Some((row.table.clone(), i));
        Ok(i)
    }

    /// Refuses a row of a v2-era `collections` table.
    fn check_v2_row(row: &Row) -> Result<(), ImportError> {
        if row.table.eq_ignore_ascii_case("collections") {
            for bib in ["Title", "Author"] {
                if row.columns.iter().any(|c| c.eq_ignore_ascii_case(bib)) {
                    return Err(ImportError::V2Dump {
                        table: row.table.to_string(),
                        at: row.at,
                        evidence: format!("a {bib} column in its INSERT"),
                    });
                }
            }
        }
        Ok(())
    }

    /// The column map of `row`'s columns in core table `slot`, made afresh when the
    /// table's last rows had other columns.
    fn ensure_map(&mut self, slot: usize, row: &Row) -> Result<(), ImportError> {
        let session = self.session;
        if let Target::Core { map, for_columns } = &mut self.slots[slot].target {
            let same = for_columns
                .as_ref()
                .is_some_and(|f| std::sync::Arc::ptr_eq(f, &row.columns) || **f == *row.columns);
            if map.is_none() || !same {
                *map = Some(Box::new(column_map(
                    session,
                    row,
                    &mut self.report.warnings,
                )?));
                *for_columns = Some(row.columns.clone());
            }
        }
        Ok(())
    }

    /// How many rows the run `row` can join holds at most, when it can join one: a row of a
    /// core table whose rows can be written several at once, with a value for each column.
    fn joinable(&mut self, row: &Row) -> Result<Option<usize>, ImportError> {
        Self::check_v2_row(row)?;
        let slot = self.row_slot(row)?;
        self.ensure_map(slot, row)?;
        Ok(match &self.slots[slot].target {
            Target::Core { map: Some(map), .. } if row.values.len() == row.columns.len() => map
                .upsert
                .as_ref()
                .map(|u| u.max_rows())
                .filter(|&max| max > 1),
            _ => None,
        })
    }

    /// Writes a run of rows [`joinable`](Self::joinable) found (one table, one column
    /// list) in one statement, and empties it; when the library refuses any of them, they
    /// go one by one, so that each refused row is reported and the others written.
    fn rows(&mut self, run: &mut Vec<&Row>) -> Result<(), ImportError> {
        if run.len() < 2 {
            if let Some(row) = run.pop() {
                self.row(row)?;
            }
            return Ok(());
        }
        let slot = self.row_slot(run[0])?;
        let map = match &mut self.slots[slot].target {
            Target::Core { map: Some(map), .. } => Some(&mut **map),
            _ => None,
        };
        let (outcome, catalog_at) = match map {
            Some(ColumnMap {
                columns,
                upsert: Some(upsert),
                catalog_at,
            }) => {
                let values = run.iter().flat_map(|row| {
                    row.values
                        .iter()
                        .zip(columns.iter())
                        .filter(|(_, c)| c.is_some())
                        .map(|(v, _)| sql_value(v))
                });
                (upsert.execute_many(run.len(), values)?, *catalog_at)
            }
            // Not reached (a run is made of rows of a mapped core table); one by one, then.
            _ => (Err(RowRejected(String::new())), None),
        };
        match outcome {
            Ok(()) => {
                if let Some(at) = catalog_at {
                    for row in run.iter() {
                        if let Some(id) = row.values.get(at).and_then(Value::as_i64) {
                            self.catalog(id);
                        }
                    }
                }
                let t = &mut self.slots[slot].counts;
                t.read += run.len() as u64;
                t.imported += run.len() as u64;
            }
            Err(_) => {
                for row in run.iter() {
                    self.row(row)?;
                }
            }
        }
        run.clear();
        Ok(())
    }

    /// Notes catalogue record `id` as one whose MARC is rebuilt.
    fn catalog(&mut self, id: i64) {
        if self.last_catalog != Some(id) {
            self.catalogs.insert(id);
            self.last_catalog = Some(id);
        }
    }

    fn row(&mut self, row: &Row) -> Result<(), ImportError> {
        let table: &str = &row.table;
        Self::check_v2_row(row)?;
        let session = self.session;
        let slot = self.row_slot(row)?;
        self.ensure_map(slot, row)?;
        let mut catalog = None;
        let outcome: Result<(), String> = match &mut self.slots[slot].target {
            Target::Skipped => {
                self.slots[slot].counts.read += 1;
                return Ok(());
            }
            Target::Extra => {
                let columns = serde_json::to_string(&*row.columns).unwrap_or_default();
                let values =
                    serde_json::to_string(&row.values.iter().map(value_json).collect::<Vec<_>>())
                        .unwrap_or_default();
                session.insert_extra(table, &columns, &values)?;
                Ok(())
            }
            Target::Core { map, .. } => {
                let map = map.as_mut().expect("map made by ensure_map");
                match map.upsert.as_mut() {
                    None => Err(format!(
                        "none of the row's columns is in the library's {table} table (an \
                         INSERT without a column list needs its CREATE TABLE, or the table's \
                         {} columns)",
                        session.columns(table)?.map(|c| c.len()).unwrap_or(0)
                    )),
                    Some(_) if row.values.len() != row.columns.len() => Err(format!(
                        "the row has {} values for {} columns",
                        row.values.len(),
                        row.columns.len()
                    )),
                    Some(upsert) => {
                        let kept = row
                            .values
                            .iter()
                            .zip(&map.columns)
                            .filter(|(_, c)| c.is_some())
                            .map(|(v, _)| sql_value(v));
                        match upsert.execute_iter(kept)? {
                            Ok(()) => {
                                catalog = map.catalog_at.and_then(|i| row.values.get(i)?.as_i64());
                                Ok(())
                            }
                            Err(reason) => Err(reason.0),
                        }
                    }
                }
            }
        };
        if let Some(id) = catalog {
            self.catalog(id);
        }
        let t = &mut self.slots[slot].counts;
        t.read += 1;
        match outcome {
            Ok(()) => t.imported += 1,
            Err(reason) => {
                t.rejected += 1;
                self.report.rejections.push(RowRejection {
                    table: table.to_string(),
                    line: row.at.line,
                    reason,
                });
            }
        }
        Ok(())
    }
}

/// Whether two rows are of one table and one column list (and so can go in together).
fn same_run(a: &Row, b: &Row) -> bool {
    (std::sync::Arc::ptr_eq(&a.table, &b.table) || a.table == b.table)
        && (std::sync::Arc::ptr_eq(&a.columns, &b.columns) || a.columns == b.columns)
}

/// How the rows of `row`'s column list go into its library table (which exists); a dump
/// column the table lacks is dropped, with a warning pushed to `warnings`.
fn column_map<'c>(
    session: &RawSession<'c>,
    row: &Row,
    warnings: &mut Vec<Warning>,
) -> Result<ColumnMap<'c>, ImportError> {
    let table: &str = &row.table;
    let info = session.columns(table)?.unwrap_or_default();
    let mut cols = Vec::with_capacity(row.columns.len());
    let mut names = Vec::new();
    // An INSERT without a column list and without a CREATE TABLE before it (`mysqldump
    // --no-create-info`): INLISLite's column order, which the library's tables keep, when
    // the counts agree.
    let positional: Vec<String>;
    let dump_columns: &[String] = if !row.named && info.len() == row.columns.len() {
        positional = info.iter().map(|i| i.name.clone()).collect();
        &positional
    } else {
        &row.columns
    };
    for c in dump_columns.iter() {
        let found = info.iter().find(|i| i.name.eq_ignore_ascii_case(c));
        match found {
            Some(i) => names.push(i.name.clone()),
            None => warnings.push(Warning {
                at: row.at,
                table: Some(table.to_string()),
                message: format!(
                    "column {c} is not in the library's {table} table: its values are dropped"
                ),
            }),
        }
        cols.push(found.cloned());
    }
    let upsert = if names.is_empty() {
        None
    } else {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        Some(session.prepare_upsert(table, &refs)?)
    };
    let id_column = match table {
        "catalogs" => Some("ID"),
        "catalog_ruas" => Some("CatalogId"),
        _ => None,
    };
    let catalog_at =
        id_column.and_then(|c| dump_columns.iter().position(|d| d.eq_ignore_ascii_case(c)));
    Ok(ColumnMap {
        columns: cols,
        upsert,
        catalog_at,
    })
}

/// A dump value as SQLite takes it.
fn sql_value(v: &Value) -> SqlValue<'_> {
    match v {
        Value::Null => SqlValue::Null,
        Value::Int(i) => SqlValue::Integer(*i),
        Value::Number(s) => match s.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => SqlValue::Integer(f as i64),
            Ok(f) if f.is_finite() => SqlValue::Real(f),
            _ => SqlValue::Text(s),
        },
        Value::Text(s) | Value::ZeroDate(s) => SqlValue::Text(s),
        Value::Bytes(b) => SqlValue::Blob(b),
    }
}

/// A dump value as `inlislite_extra` keeps it: JSON null, numbers, strings; numbers that
/// do not fit a JSON number exactly as `{"num": "text"}`, bytes as `{"hex": "..."}`.
pub fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Number(s) => serde_json::json!({ "num": s }),
        Value::Text(s) | Value::ZeroDate(s) => serde_json::Value::from(s.as_str()),
        Value::Bytes(b) => serde_json::json!({
            "hex": b.iter().map(|x| format!("{x:02X}")).collect::<String>()
        }),
    }
}
