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

use pustaka::raw::{ColumnInfo, RawSession, SqlValue, Upsert};
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

/// Imports from a [`DumpReader`] over any [`BufRead`].
pub fn import_reader<R: BufRead>(
    library: &Library,
    mut reader: DumpReader<R>,
    options: ImportOptions<'_>,
) -> Result<ImportReport, ImportError> {
    import_source(library, &mut reader, options)
}

/// Where an import's events come from: a dump, or a server (feature `mysql`). Both feed
/// the same [`import_source`], so the mapping is the same.
pub(crate) trait Source {
    /// The next event, `Ok(None)` at the end.
    fn next_event(&mut self) -> Result<Option<Event>, ImportError>;
    /// Bytes read so far.
    fn bytes_read(&self) -> u64;
}

impl<R: BufRead> Source for DumpReader<R> {
    fn next_event(&mut self) -> Result<Option<Event>, ImportError> {
        Ok(DumpReader::next_event(self)?)
    }

    fn bytes_read(&self) -> u64 {
        DumpReader::bytes_read(self)
    }
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
            targets: BTreeMap::new(),
            catalogs: BTreeSet::new(),
        };
        let mut since_progress = 0u32;
        while let Some(event) = reader.next_event()? {
            match event {
                Event::CreateTable(def) => state.create_table(&def)?,
                Event::Row(row) => state.row(row)?,
                Event::Warning(w) => state.report.warnings.push(w),
            }
            since_progress += 1;
            if since_progress >= 4096 {
                since_progress = 0;
                if let Some(p) = options.progress.as_deref_mut() {
                    p(reader.bytes_read());
                }
            }
        }
        session.restore_indexes()?;
        state.report.marc_rebuilt = session.rebuild_marc_all(&state.catalogs)?;
        Ok(state.report)
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
        map: Option<ColumnMap<'c>>,
        /// The dump column list the map was made for.
        for_columns: Option<std::sync::Arc<[String]>>,
    },
    Extra,
    Skipped,
}

struct State<'s, 'c> {
    session: &'s RawSession<'c>,
    tables: Tables,
    report: ImportReport,
    targets: BTreeMap<String, Target<'c>>,
    catalogs: BTreeSet<i64>,
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
        self.targets.remove(&def.name);
        let target = self.target(&def.name)?;
        if matches!(target, Target::Extra) {
            self.session
                .insert_extra_table(&def.name, &def.create_sql)?;
        }
        Ok(())
    }

    fn target(&mut self, table: &str) -> Result<&mut Target<'c>, ImportError> {
        if !self.targets.contains_key(table) {
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
            self.report
                .tables
                .entry(table.to_string())
                .or_default()
                .destination = destination;
            self.targets.insert(table.to_string(), target);
        }
        Ok(self.targets.get_mut(table).expect("just inserted"))
    }

    /// The report's counts for `table` (made on first use).
    fn counts(&mut self, table: &str) -> &mut TableReport {
        if !self.report.tables.contains_key(table) {
            self.report
                .tables
                .insert(table.to_string(), TableReport::default());
        }
        self.report.tables.get_mut(table).expect("inserted above")
    }

    fn row(&mut self, row: Row) -> Result<(), ImportError> {
        // The row's table, borrowed: most rows need no copy of its name.
        let row_table = row.table.clone();
        let table: &str = &row_table;
        if table.eq_ignore_ascii_case("collections") {
            for bib in ["Title", "Author"] {
                if row.columns.iter().any(|c| c.eq_ignore_ascii_case(bib)) {
                    return Err(ImportError::V2Dump {
                        table: table.to_string(),
                        at: row.at,
                        evidence: format!("a {bib} column in its INSERT"),
                    });
                }
            }
        }
        let session = self.session;
        let mut warnings = Vec::new();
        let target = self.target(table)?;
        let outcome: Result<(), String> = match target {
            Target::Skipped => {
                self.counts(table).read += 1;
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
            Target::Core { map, for_columns } => {
                let same = for_columns.as_ref().is_some_and(|f| {
                    std::sync::Arc::ptr_eq(f, &row.columns) || **f == *row.columns
                });
                if map.is_none() || !same {
                    let info = session.columns(table)?.unwrap_or_default();
                    let mut cols = Vec::with_capacity(row.columns.len());
                    let mut names = Vec::new();
                    // An INSERT without a column list and without a CREATE TABLE before it
                    // (`mysqldump --no-create-info`): INLISLite's column order, which the
                    // library's tables keep, when the counts agree.
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
                                    "column {c} is not in the library's {table} table: its \
                                     values are dropped"
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
                    let catalog_at = id_column
                        .and_then(|c| dump_columns.iter().position(|d| d.eq_ignore_ascii_case(c)));
                    *map = Some(ColumnMap {
                        columns: cols,
                        upsert,
                        catalog_at,
                    });
                    *for_columns = Some(row.columns.clone());
                }
                let map = map.as_mut().expect("map built above");
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
                        let mut values: Vec<SqlValue<'_>> = Vec::with_capacity(row.values.len());
                        for (v, c) in row.values.iter().zip(&map.columns) {
                            if c.is_some() {
                                values.push(sql_value(v));
                            }
                        }
                        match upsert.execute(&values)? {
                            Ok(()) => {
                                let id = map.catalog_at.and_then(|i| row.values.get(i)?.as_i64());
                                if let Some(id) = id {
                                    self.catalogs.insert(id);
                                }
                                Ok(())
                            }
                            Err(reason) => Err(reason.0),
                        }
                    }
                }
            }
        };
        self.report.warnings.extend(warnings);
        let t = self.counts(table);
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
