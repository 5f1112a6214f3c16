//! Verbatim rows by table and column name, for interchange with INLISLite.
//!
//! The library's tables carry INLISLite's names, so a row from an INLISLite database can be
//! written as it is, keeping its ids. [`Library::raw_transaction`] runs a closure inside one
//! write transaction with a [`RawSession`]: the session upserts rows by primary key, keeps
//! rows of tables pustaka does not model in `inlislite_extra`, and rebuilds a catalogue
//! record's `marc_records` bytes from its `catalog_ruas`/`catalog_subruas` rows. Everything
//! the closure wrote is committed when it returns `Ok`, and rolled back otherwise.

use std::cell::RefCell;
use std::collections::HashMap;

use pustaka_marc::{ControlField, DataField, Leader, Record, Subfield, Tag};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, ToSql};

use crate::catalog::read_ruas;
use crate::error::{LibraryError, Result, SqlContext};
use crate::Library;

/// One SQL value, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SqlValue<'a> {
    /// SQL NULL.
    Null,
    /// A whole number.
    Integer(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(&'a str),
    /// Bytes.
    Blob(&'a [u8]),
}

impl ToSql for SqlValue<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            SqlValue::Null => ValueRef::Null,
            SqlValue::Integer(i) => ValueRef::Integer(i),
            SqlValue::Real(f) => ValueRef::Real(f),
            SqlValue::Text(t) => ValueRef::Text(t.as_bytes()),
            SqlValue::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

impl<'a> From<ValueRef<'a>> for SqlValue<'a> {
    fn from(v: ValueRef<'a>) -> Self {
        match v {
            ValueRef::Null => SqlValue::Null,
            ValueRef::Integer(i) => SqlValue::Integer(i),
            ValueRef::Real(f) => SqlValue::Real(f),
            // Text that is not UTF-8 cannot come from pustaka; keep it as bytes.
            ValueRef::Text(t) => match std::str::from_utf8(t) {
                Ok(s) => SqlValue::Text(s),
                Err(_) => SqlValue::Blob(t),
            },
            ValueRef::Blob(b) => SqlValue::Blob(b),
        }
    }
}

/// A column of a library table, from SQLite's `table_info`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    /// The column name (INLISLite's spelling).
    pub name: String,
    /// The declared SQLite type (`INTEGER`, `TEXT`, `REAL`, ...).
    pub decl_type: String,
    /// Whether the column is `NOT NULL`.
    pub not_null: bool,
    /// Whether the column has a default value.
    pub has_default: bool,
    /// Whether the column is (part of) the primary key.
    pub primary_key: bool,
}

/// Why one row could not be written; the import goes on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRejected(pub String);

impl std::fmt::Display for RowRejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Tables of pustaka's own that rows from outside must never be written to.
const INTERNAL_TABLES: &[&str] = &[
    "schema_migrations",
    "marc_records",
    "quarantined_marc_records",
    "inlislite_extra",
    "inlislite_extra_tables",
];

/// Row access inside one write transaction; see the [module docs](self).
pub struct RawSession<'c> {
    conn: &'c Connection,
    columns: RefCell<HashMap<String, Option<Vec<ColumnInfo>>>>,
    sql: RefCell<HashMap<(String, Vec<String>), String>>,
    /// Indexes dropped by [`RawSession::defer_indexes`], as `(name, CREATE INDEX)`.
    deferred: RefCell<Vec<(String, String)>>,
}

impl std::fmt::Debug for RawSession<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawSession").finish_non_exhaustive()
    }
}

/// An upsert prepared by [`RawSession::prepare_upsert`] for one table and column list.
pub struct Upsert<'c> {
    conn: &'c Connection,
    table: String,
    columns: Vec<String>,
    key: Vec<String>,
    stmt: rusqlite::Statement<'c>,
    /// Rows [`Upsert::execute_many`] takes at most (1: the table's rows go one by one).
    max_rows: usize,
    /// The statements writing several rows, by row count, prepared on first use.
    many: Vec<Option<rusqlite::Statement<'c>>>,
}

/// Rows one statement of [`Upsert::execute_many`] writes at most: enough to share a
/// statement's fixed cost (its start and end, the `AUTOINCREMENT` bookkeeping) among many
/// rows, few enough that a refused row costs little to find.
const MANY_ROWS: usize = 32;

impl std::fmt::Debug for Upsert<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upsert")
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}

impl Upsert<'_> {
    /// Writes one row (values in the prepared column order); the outcome is as for
    /// [`RawSession::upsert`].
    pub fn execute(
        &mut self,
        values: &[SqlValue<'_>],
    ) -> Result<std::result::Result<(), RowRejected>> {
        run_upsert(
            &mut self.stmt,
            &self.table,
            rusqlite::params_from_iter(values.iter()),
        )
    }

    /// [`execute`](Self::execute) with the values from an iterator, for a caller that
    /// picks them from a longer row (no vector to gather them in).
    pub fn execute_iter<'v>(
        &mut self,
        values: impl IntoIterator<Item = SqlValue<'v>>,
    ) -> Result<std::result::Result<(), RowRejected>> {
        run_upsert(
            &mut self.stmt,
            &self.table,
            rusqlite::params_from_iter(values),
        )
    }

    /// How many rows [`execute_many`](Self::execute_many) takes at once: 1 for a table
    /// whose rows must go one by one (one without a primary key, where a row is skipped
    /// when an equal one is there already).
    pub fn max_rows(&self) -> usize {
        self.max_rows
    }

    /// Writes `rows` rows (2 to [`max_rows`](Self::max_rows)) in one statement, `values`
    /// giving them row after row, each as for [`execute`](Self::execute). The rows go in
    /// in order, as if written one by one. When the table's constraints refuse any of
    /// them, the outcome is `Ok(Err(reason))` and none is written: the caller writes them
    /// one by one to learn which.
    pub fn execute_many<'v>(
        &mut self,
        rows: usize,
        values: impl IntoIterator<Item = SqlValue<'v>>,
    ) -> Result<std::result::Result<(), RowRejected>> {
        if rows < 2 || rows > self.max_rows {
            return Err(LibraryError::Validation {
                field: "rows".into(),
                message: format!(
                    "{rows} rows at once into {}: from 2 to {} can be written together",
                    self.table, self.max_rows
                ),
            });
        }
        if self.many.len() <= rows {
            self.many.resize_with(rows + 1, || None);
        }
        if self.many[rows].is_none() {
            let names: Vec<&str> = self.columns.iter().map(String::as_str).collect();
            let sql = upsert_sql_for(&self.table, &names, &self.key, rows);
            let stmt = self
                .conn
                .prepare(&sql)
                .ctx(|| format!("preparing the insert of {rows} rows into {}", self.table))?;
            self.many[rows] = Some(stmt);
        }
        let stmt = self.many[rows].as_mut().expect("prepared above");
        run_upsert(stmt, &self.table, rusqlite::params_from_iter(values))
    }
}

fn run_upsert(
    stmt: &mut rusqlite::Statement<'_>,
    table: &str,
    params: impl rusqlite::Params,
) -> Result<std::result::Result<(), RowRejected>> {
    match stmt.execute(params) {
        Ok(_) => Ok(Ok(())),
        Err(rusqlite::Error::SqliteFailure(e, message))
            if matches!(
                e.code,
                rusqlite::ErrorCode::ConstraintViolation | rusqlite::ErrorCode::TypeMismatch
            ) =>
        {
            Ok(Err(RowRejected(message.unwrap_or_else(|| e.to_string()))))
        }
        Err(source) => Err(LibraryError::Sqlite {
            context: format!("writing a row into {table}"),
            source,
        }),
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Whether an upsert of `columns` into a table keyed by `key` is an `INSERT ... ON CONFLICT`
/// (every key column given), which can write several rows in one statement.
fn keyed(columns: &[&str], key: &[String]) -> bool {
    !key.is_empty() && key.iter().all(|k| columns.contains(&k.as_str()))
}

/// The SQL of an upsert of `rows` rows of `columns` into `table`, whose primary key is
/// `key` (see [`RawSession::upsert`]); `rows` above 1 only for a [`keyed`] one.
fn upsert_sql_for(table: &str, columns: &[&str], key: &[String], rows: usize) -> String {
    let names: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let n = columns.len();
    let marks = |row: usize| -> String {
        let marks: Vec<String> = (1..=n).map(|i| format!("?{}", row * n + i)).collect();
        format!("({})", marks.join(", "))
    };
    let values: Vec<String> = (0..rows).map(marks).collect();
    if keyed(columns, key) {
        let updates: Vec<String> = columns
            .iter()
            .filter(|c| !key.iter().any(|k| k == *c))
            .map(|c| format!("{0} = excluded.{0}", quote(c)))
            .collect();
        let action = if updates.is_empty() {
            "NOTHING".to_string()
        } else {
            format!("UPDATE SET {}", updates.join(", "))
        };
        format!(
            "INSERT INTO {} ({}) VALUES {} ON CONFLICT ({}) DO {}",
            quote(table),
            names.join(", "),
            values.join(", "),
            key.iter().map(|p| quote(p)).collect::<Vec<_>>().join(", "),
            action
        )
    } else if key.is_empty() {
        let same: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{name} IS ?{}", i + 1))
            .collect();
        let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO {t} ({}) SELECT {} WHERE NOT EXISTS (SELECT 1 FROM {t} WHERE {})",
            names.join(", "),
            marks.join(", "),
            if same.is_empty() {
                "1".to_string()
            } else {
                same.join(" AND ")
            },
            t = quote(table),
        )
    } else {
        format!(
            "INSERT INTO {} ({}) VALUES {}",
            quote(table),
            names.join(", "),
            values.join(", ")
        )
    }
}

impl<'c> RawSession<'c> {
    /// The columns of a library table that takes rows from outside, in order; `None` when
    /// the library has no such table (or it is one of pustaka's own).
    pub fn columns(&self, table: &str) -> Result<Option<Vec<ColumnInfo>>> {
        if let Some(c) = self.columns.borrow().get(table) {
            return Ok(c.clone());
        }
        let found = if INTERNAL_TABLES.contains(&table) || table.starts_with("sqlite_") {
            None
        } else {
            let mut stmt = self
                .conn
                .prepare(&format!("PRAGMA table_info({})", quote(table)))
                .ctx(|| format!("reading the columns of {table}"))?;
            let cols = stmt
                .query_map([], |r| {
                    Ok(ColumnInfo {
                        name: r.get(1)?,
                        decl_type: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        not_null: r.get::<_, i64>(3)? != 0,
                        has_default: r.get::<_, Option<String>>(4)?.is_some(),
                        primary_key: r.get::<_, i64>(5)? != 0,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .ctx(|| format!("reading the columns of {table}"))?;
            (!cols.is_empty()).then_some(cols)
        };
        self.columns
            .borrow_mut()
            .insert(table.to_string(), found.clone());
        Ok(found)
    }

    /// The number of rows in a library table.
    pub fn count(&self, table: &str) -> Result<i64> {
        self.conn
            .query_row(&format!("SELECT count(*) FROM {}", quote(table)), [], |r| {
                r.get(0)
            })
            .ctx(|| format!("counting the rows of {table}"))
    }

    /// Writes one row into `table` (which [`columns`](Self::columns) must know), keeping
    /// the values given, ids included. A row whose primary key is already there is updated
    /// in place (so writing the same row twice leaves one row); in a table without a
    /// primary key, a row equal in every given column to one already there is not written
    /// again. A row the table's constraints refuse is `Ok(Err(reason))`; only a failure of
    /// the store itself is an `Err`.
    pub fn upsert(
        &self,
        table: &str,
        columns: &[&str],
        values: &[SqlValue<'_>],
    ) -> Result<std::result::Result<(), RowRejected>> {
        let key = (
            table.to_string(),
            columns.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        );
        let sql = {
            let cached = self.sql.borrow().get(&key).cloned();
            match cached {
                Some(sql) => sql,
                None => {
                    let sql = self.upsert_sql(table, columns)?;
                    self.sql.borrow_mut().insert(key, sql.clone());
                    sql
                }
            }
        };
        self.execute_upsert(table, &sql, values)
    }

    /// The statement [`upsert`](Self::upsert) runs for `columns` of `table`, prepared once
    /// to be run row after row: a bulk load skips the statement cache's lookup (hashing
    /// and comparing the SQL text) on every row.
    pub fn prepare_upsert(&self, table: &str, columns: &[&str]) -> Result<Upsert<'c>> {
        let key = self.key_columns(table)?;
        let sql = upsert_sql_for(table, columns, &key, 1);
        let stmt = self
            .conn
            .prepare(&sql)
            .ctx(|| format!("preparing the insert into {table}"))?;
        // SQLite takes at most 32,766 values in one statement.
        let max_rows = if keyed(columns, &key) {
            MANY_ROWS.min(32_766 / columns.len().max(1))
        } else {
            1
        };
        Ok(Upsert {
            conn: self.conn,
            table: table.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            key,
            stmt,
            max_rows,
            many: Vec::new(),
        })
    }

    fn execute_upsert(
        &self,
        table: &str,
        sql: &str,
        values: &[SqlValue<'_>],
    ) -> Result<std::result::Result<(), RowRejected>> {
        let mut stmt = self
            .conn
            .prepare_cached(sql)
            .ctx(|| format!("preparing the insert into {table}"))?;
        run_upsert(&mut stmt, table, rusqlite::params_from_iter(values.iter()))
    }

    /// The primary key columns of `table` (which [`columns`](Self::columns) must know).
    fn key_columns(&self, table: &str) -> Result<Vec<String>> {
        let info = self.columns(table)?.ok_or_else(|| LibraryError::NotFound {
            what: "library table",
            key: table.to_string(),
        })?;
        Ok(info
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.name.clone())
            .collect())
    }

    fn upsert_sql(&self, table: &str, columns: &[&str]) -> Result<String> {
        Ok(upsert_sql_for(table, columns, &self.key_columns(table)?, 1))
    }

    /// Drops the non-unique secondary indexes of `table` when it is empty and has a primary
    /// key, until [`restore_indexes`](Self::restore_indexes) builds them again: one sort
    /// after a bulk load instead of millions of scattered inserts (`catalog_ruas` by
    /// `Tag`, for instance). Unique indexes stay, so a duplicate is still refused row by
    /// row, and so do the indexes of tables whose upsert needs them (no primary key).
    pub fn defer_indexes(&self, table: &str) -> Result<()> {
        if self.count_pk(table)? == 0 {
            return Ok(());
        }
        let context = || format!("deferring the indexes of {table}");
        let empty = self
            .conn
            .query_row(
                &format!("SELECT 1 FROM {} LIMIT 1", quote(table)),
                [],
                |_| Ok(()),
            )
            .optional()
            .ctx(context)?
            .is_none();
        if !empty {
            return Ok(());
        }
        let indexes: Vec<(String, String)> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT m.name, m.sql FROM sqlite_master m
                     JOIN pragma_index_list(?1) l ON l.name = m.name
                     WHERE m.type = 'index' AND m.sql IS NOT NULL AND l.\"unique\" = 0",
                )
                .ctx(context)?;
            let rows = stmt
                .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .ctx(context)?;
            rows
        };
        for (name, sql) in indexes {
            self.conn
                .execute_batch(&format!("DROP INDEX {}", quote(&name)))
                .ctx(context)?;
            self.deferred.borrow_mut().push((name, sql));
        }
        Ok(())
    }

    /// Builds again every index [`defer_indexes`](Self::defer_indexes) dropped; the
    /// transaction runs it before it commits in any case.
    pub fn restore_indexes(&self) -> Result<()> {
        let deferred = std::mem::take(&mut *self.deferred.borrow_mut());
        if deferred.is_empty() {
            return Ok(());
        }
        // The sort that builds an index spills to temporary files beyond the page cache;
        // with temporary storage in memory it would hold the whole table.
        let temp_store: i64 = self
            .conn
            .query_row("PRAGMA temp_store", [], |r| r.get(0))
            .ctx(|| "reading temp_store".into())?;
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .ctx(|| "reading cache_size".into())?;
        // The sort keeps as much in memory as the page cache holds: a quarter of the
        // import's cache keeps the two together near where the import alone peaks.
        self.conn
            .pragma_update(None, "cache_size", -16384)
            .and_then(|()| self.conn.pragma_update(None, "temp_store", "FILE"))
            .ctx(|| "setting temp_store and cache_size to build indexes".into())?;
        // A large sort may hand runs to helper threads, one per spare core.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let _ = self
            .conn
            .pragma_update(None, "threads", cores.min(4) as i64 - 1);
        let mut built = Ok(());
        for (name, sql) in deferred {
            built = self
                .conn
                .execute_batch(&sql)
                .ctx(|| format!("building index {name} again"));
            if built.is_err() {
                break;
            }
        }
        let _ = self.conn.pragma_update(None, "threads", 0);
        self.conn
            .pragma_update(None, "temp_store", temp_store)
            .and_then(|()| self.conn.pragma_update(None, "cache_size", cache))
            .ctx(|| "setting temp_store and cache_size back".into())?;
        built
    }

    /// Keeps one row of a table pustaka does not model: its column list and values as JSON
    /// arrays (the caller's encoding). A row already kept for that table is not kept twice.
    pub fn insert_extra(&self, table: &str, columns_json: &str, values_json: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO inlislite_extra (table_name, columns, row_values) VALUES (?1, ?2, ?3)
                 ON CONFLICT (table_name, row_values) DO UPDATE SET columns = excluded.columns",
            )
            .and_then(|mut s| s.execute(params![table, columns_json, values_json]))
            .ctx(|| format!("keeping a row of {table} in inlislite_extra"))?;
        Ok(())
    }

    /// Keeps the `CREATE TABLE` statement of a table pustaka does not model.
    pub fn insert_extra_table(&self, table: &str, create_sql: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO inlislite_extra_tables (table_name, create_sql) VALUES (?1, ?2)
                 ON CONFLICT (table_name) DO UPDATE SET create_sql = excluded.create_sql",
            )
            .and_then(|mut s| s.execute(params![table, create_sql]))
            .ctx(|| format!("keeping the definition of {table} in inlislite_extra_tables"))?;
        Ok(())
    }

    /// Rebuilds `marc_records` for catalogue record `catalog_id` from its `catalog_ruas` and
    /// `catalog_subruas` rows, as INLISLite's export reads them: fields in `Sequence` order,
    /// `#` indicators and `#`/`*` in control data as blanks, subfield values verbatim, and
    /// the leader INLISLite's export writes (blanks, `22`, `4500`; lengths filled in). A
    /// record without any field row gets no `marc_records` row (ISO 2709 has no record
    /// without fields): it reads as an empty record, rebuilt from its rows.
    pub fn rebuild_marc(&self, catalog_id: i64) -> Result<()> {
        self.write_marc(
            catalog_id,
            &record_from_ruas(read_ruas(self.conn, catalog_id)?),
        )
    }

    /// [`rebuild_marc`](Self::rebuild_marc) for every record of `ids`, in ordered scans of
    /// `catalog_ruas` and `catalog_subruas` instead of one query per record: the same
    /// records, at a fraction of the cost for a whole library. Returns how many records
    /// were rebuilt.
    ///
    /// When `ids` are most of the library's records and both tables are stored in the
    /// order INLISLite writes them (a record's field rows together, in record id order; a
    /// field's subfield rows in field id order), the two tables are read side by side,
    /// each in its own storage order, and merged: no index lookup per row. Otherwise (or
    /// when the merge meets rows out of that order) one join over the ids' range does it.
    pub fn rebuild_marc_all(&self, ids: &std::collections::BTreeSet<i64>) -> Result<u64> {
        if ids.len() < 256 {
            for &id in ids {
                self.rebuild_marc(id)?;
            }
            return Ok(ids.len() as u64);
        }
        let catalogs: i64 = self
            .conn
            .query_row("SELECT count(*) FROM catalogs", [], |r| r.get(0))
            .ctx(|| "counting the catalogue records".into())?;
        if (ids.len() as i64) * 2 < catalogs || !self.rebuild_marc_merged(ids)? {
            self.rebuild_marc_joined(ids)?;
        }
        Ok(ids.len() as u64)
    }

    /// The merge of [`rebuild_marc_all`](Self::rebuild_marc_all); `Ok(false)` (with some
    /// records possibly written, which the join writes again) when the tables are not in
    /// the order it needs.
    fn rebuild_marc_merged(&self, ids: &std::collections::BTreeSet<i64>) -> Result<bool> {
        let context = || "reading catalog_ruas and catalog_subruas in storage order".to_string();
        let mut ruas_stmt = self
            .conn
            .prepare(&format!(
                "SELECT CatalogId, {BULK_FIELD_COLUMNS} FROM catalog_ruas ORDER BY ID"
            ))
            .ctx(context)?;
        let mut sub_stmt = self
            .conn
            .prepare(&format!(
                "SELECT RuasID, {BULK_SUBFIELD_COLUMNS} FROM catalog_subruas ORDER BY ID"
            ))
            .ctx(context)?;
        let mut ruas_rows = ruas_stmt.query([]).ctx(context)?;
        let mut sub_rows = sub_stmt.query([]).ctx(context)?;
        // The next subfield row: its field's id, and the subfield.
        let mut next_sub = || -> Result<Option<(i64, BulkSubfield)>> {
            let Some(row) = sub_rows.next().ctx(context)? else {
                return Ok(None);
            };
            let read = || Ok((row.get(0)?, bulk_subfield(row, 1)?));
            read().ctx(context).map(Some)
        };
        let mut sub = next_sub()?;
        let mut last_sub_field = i64::MIN;
        let mut walk = RecordWalk::new(ids);
        while let Some(row) = ruas_rows.next().ctx(context)? {
            let read = || -> rusqlite::Result<(i64, i64)> { Ok((row.get(0)?, row.get(1)?)) };
            let (catalog, ruas_id) = read().ctx(context)?;
            // A record's field rows apart from each other: not the order merged here.
            if walk.current.is_some_and(|(c, _)| c > catalog) {
                return Ok(false);
            }
            let wanted = walk.enter(self, catalog)?;
            // Whether this field goes into a record being rebuilt (a field whose tag
            // is not one is left out, as `record_from_ruas` leaves it out).
            let mut keep = false;
            if wanted {
                if let Some(field) = bulk_field(row, 1).ctx(context)? {
                    walk.fields.push(field);
                    keep = true;
                }
            }
            // This field's subfield rows, and before them any whose field row does not
            // exist (the join finds no field for those either).
            while let Some((field, _)) = &sub {
                let field = *field;
                if field > ruas_id {
                    break;
                }
                if field < last_sub_field {
                    return Ok(false);
                }
                last_sub_field = field;
                let (_, subfield) = sub.take().expect("matched above");
                if field == ruas_id && keep {
                    walk.fields
                        .last_mut()
                        .expect("pushed above")
                        .subfields
                        .push(subfield);
                }
                sub = next_sub()?;
            }
        }
        walk.end(self)?;
        Ok(true)
    }

    /// The join of [`rebuild_marc_all`](Self::rebuild_marc_all): one query over the ids'
    /// range, ordered by record, through the tables' indexes.
    fn rebuild_marc_joined(&self, ids: &std::collections::BTreeSet<i64>) -> Result<()> {
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return Ok(());
        };
        let context = || format!("reading catalog_ruas for catalogs {first} to {last}");
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT r.CatalogId, {}, {}
                 FROM catalog_ruas r LEFT JOIN catalog_subruas s ON s.RuasID = r.ID
                 WHERE r.CatalogId BETWEEN ?1 AND ?2
                 ORDER BY r.CatalogId, r.ID",
                prefixed(BULK_FIELD_COLUMNS, "r."),
                prefixed(BULK_SUBFIELD_COLUMNS, "s.")
            ))
            .ctx(context)?;
        let mut rows = stmt.query([first, last]).ctx(context)?;
        let mut walk = RecordWalk::new(ids);
        // The last field row met, and whether it was kept.
        let mut last_field: Option<(i64, bool)> = None;
        while let Some(row) = rows.next().ctx(context)? {
            let catalog: i64 = row.get(0).ctx(context)?;
            if !walk.enter(self, catalog)? {
                continue;
            }
            let ruas_id: i64 = row.get(1).ctx(context)?;
            if last_field.map(|(id, _)| id) != Some(ruas_id) {
                let field = bulk_field(row, 1).ctx(context)?;
                last_field = Some((ruas_id, field.is_some()));
                walk.fields.extend(field);
            }
            let has_sub = row.get_ref(1 + BULK_FIELD_WIDTH).ctx(context)? != ValueRef::Null;
            if has_sub && last_field == Some((ruas_id, true)) {
                let subfield = bulk_subfield(row, 1 + BULK_FIELD_WIDTH).ctx(context)?;
                walk.fields
                    .last_mut()
                    .expect("kept above")
                    .subfields
                    .push(subfield);
            }
        }
        walk.end(self)
    }

    fn write_marc(&self, catalog_id: i64, record: &Record) -> Result<()> {
        if record.fields.is_empty() {
            self.conn
                .prepare_cached("DELETE FROM marc_records WHERE Catalog_id = ?1")
                .and_then(|mut s| s.execute([catalog_id]))
                .ctx(|| format!("removing the marc_records row of catalog {catalog_id}"))?;
            return Ok(());
        }
        let mut bytes = Vec::new();
        pustaka_marc::iso2709::write_record(record, &mut bytes).map_err(|source| {
            LibraryError::Marc {
                context: format!("catalog {catalog_id} rebuilt from catalog_ruas"),
                source,
            }
        })?;
        self.conn
            .prepare_cached(
                "INSERT INTO marc_records (Catalog_id, Iso2709) VALUES (?1, ?2)
                 ON CONFLICT (Catalog_id) DO UPDATE SET Iso2709 = excluded.Iso2709",
            )
            .and_then(|mut s| s.execute(params![catalog_id, bytes]))
            .ctx(|| format!("writing the marc_records row of catalog {catalog_id}"))?;
        Ok(())
    }

    /// Calls `f` with every row of `table` (column names, values) in primary-key (or
    /// rowid) order.
    pub fn for_each_row(
        &self,
        table: &str,
        mut f: impl FnMut(&[String], &[SqlValue<'_>]) -> Result<()>,
    ) -> Result<()> {
        let order = if self.count_pk(table)? > 0 {
            self.columns(table)?
                .unwrap_or_default()
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| quote(&c.name))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            "rowid".to_string()
        };
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT * FROM {} ORDER BY {order}", quote(table)))
            .ctx(|| format!("reading {table}"))?;
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let mut rows = stmt.query([]).ctx(|| format!("reading {table}"))?;
        while let Some(row) = rows.next().ctx(|| format!("reading {table}"))? {
            let mut values = Vec::with_capacity(names.len());
            for i in 0..names.len() {
                values.push(SqlValue::from(
                    row.get_ref(i).ctx(|| format!("reading {table}"))?,
                ));
            }
            f(&names, &values)?;
        }
        Ok(())
    }

    fn count_pk(&self, table: &str) -> Result<usize> {
        Ok(self
            .columns(table)?
            .map(|c| c.iter().filter(|c| c.primary_key).count())
            .unwrap_or(0))
    }

    /// Every kept row of tables pustaka does not model, as `(table, columns JSON, values
    /// JSON)` in the order they were kept.
    pub fn extra_rows(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT table_name, columns, row_values FROM inlislite_extra ORDER BY id")
            .ctx(|| "reading inlislite_extra".into())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx(|| "reading inlislite_extra".into())?;
        Ok(rows)
    }

    /// Every kept `CREATE TABLE` statement, as `(table, statement)` by table name.
    pub fn extra_tables(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT table_name, create_sql FROM inlislite_extra_tables ORDER BY table_name",
            )
            .ctx(|| "reading inlislite_extra_tables".into())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx(|| "reading inlislite_extra_tables".into())?;
        Ok(rows)
    }
}

/// A bulk rebuild's walk through records in id order, in step with the ids to rebuild.
struct RecordWalk<'i> {
    /// The ids not reached yet.
    pending: std::iter::Peekable<std::iter::Copied<std::collections::btree_set::Iter<'i, i64>>>,
    /// The record being read, and whether it is one of the ids.
    current: Option<(i64, bool)>,
    /// Its fields read so far (when it is one of the ids).
    fields: Vec<BulkField>,
}

impl<'i> RecordWalk<'i> {
    fn new(ids: &'i std::collections::BTreeSet<i64>) -> Self {
        RecordWalk {
            pending: ids.iter().copied().peekable(),
            current: None,
            fields: Vec::new(),
        }
    }

    /// Moves on to record `catalog` (when it is not the current one): writes the current
    /// one, and rebuilds the ids passed over (records without field rows). Returns whether
    /// `catalog` is one of the ids.
    fn enter(&mut self, session: &RawSession<'_>, catalog: i64) -> Result<bool> {
        if let Some((c, wanted)) = self.current {
            if c == catalog {
                return Ok(wanted);
            }
        }
        self.finish(session)?;
        while let Some(id) = self.pending.next_if(|&id| id < catalog) {
            session.rebuild_marc(id)?;
        }
        let wanted = self.pending.next_if_eq(&catalog).is_some();
        self.current = Some((catalog, wanted));
        Ok(wanted)
    }

    /// Writes the current record when it is one of the ids.
    fn finish(&mut self, session: &RawSession<'_>) -> Result<()> {
        if let Some((catalog, true)) = self.current.take() {
            session.write_marc(catalog, &record_from_fields(&mut self.fields))?;
        }
        self.fields.clear();
        Ok(())
    }

    /// Writes the last record, and rebuilds the ids never reached.
    fn end(mut self, session: &RawSession<'_>) -> Result<()> {
        self.finish(session)?;
        for id in self.pending {
            session.rebuild_marc(id)?;
        }
        Ok(())
    }
}

/// The `catalog_ruas` columns [`bulk_field`] reads, in order, and how many.
const BULK_FIELD_COLUMNS: &str = "ID, Tag, Indicator1, Indicator2, Value, Sequence";
const BULK_FIELD_WIDTH: usize = 6;
/// The `catalog_subruas` columns [`bulk_subfield`] reads, in order.
const BULK_SUBFIELD_COLUMNS: &str = "ID, SubRuas, Value, Sequence";

/// `columns` (a comma-separated list) with each name prefixed, e.g. by a table alias.
fn prefixed(columns: &str, prefix: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{prefix}{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `catalog_ruas` row read by a bulk rebuild, already in the form its field takes (as
/// `record_from_ruas` makes it): the tag and indicators parsed, and text kept only for a
/// control field (a data field's `Value` is not part of the record: its subfields are).
struct BulkField {
    id: i64,
    sequence: i64,
    tag: Tag,
    ind1: pustaka_marc::Indicator,
    ind2: pustaka_marc::Indicator,
    /// A control field's data, `#` and `*` as blanks.
    value: String,
    subfields: Vec<BulkSubfield>,
}

/// A `catalog_subruas` row read by a bulk rebuild: `(Sequence, ID, subfield)`.
type BulkSubfield = (i64, i64, Subfield);

impl BulkField {
    /// The field of a `catalog_ruas` row as INLISLite's export reads it: `#` (or no)
    /// indicator a blank, `#` and `*` in control data blanks. `None` when `tag` is not a
    /// MARC tag (the row is left out of the record).
    fn new(
        id: i64,
        sequence: i64,
        tag: &str,
        indicators: [Option<&str>; 2],
        value: Option<&str>,
    ) -> Option<BulkField> {
        let tag = Tag::parse(tag)?;
        let control = tag.is_control();
        let [ind1, ind2] = indicators.map(|i| match i {
            Some(t) if !control && !t.is_empty() && t != "#" => {
                pustaka_marc::Indicator::from_text(t)
            }
            _ => pustaka_marc::Indicator::BLANK,
        });
        let value = match value {
            Some(v) if control => v.replace(['#', '*'], " "),
            _ => String::new(),
        };
        Some(BulkField {
            id,
            sequence,
            tag,
            ind1,
            ind2,
            value,
            subfields: Vec::new(),
        })
    }
}

/// The record of `fields` (taken): fields by `(Sequence, ID)`, subfields likewise, under
/// the leader INLISLite's export writes (blanks, `22`, `4500`; lengths filled in when
/// written).
fn record_from_fields(fields: &mut Vec<BulkField>) -> Record {
    fields.sort_by_key(|f| (f.sequence, f.id));
    let mut record = Record {
        leader: Leader::new("00000     2200000   4500"),
        fields: Vec::with_capacity(fields.len()),
    };
    for mut f in fields.drain(..) {
        if f.tag.is_control() {
            record.push(ControlField {
                tag: f.tag,
                value: f.value,
            });
        } else {
            f.subfields
                .sort_by_key(|(sequence, id, _)| (*sequence, *id));
            record.push(DataField {
                tag: f.tag,
                ind1: f.ind1,
                ind2: f.ind2,
                subfields: f.subfields.into_iter().map(|(_, _, s)| s).collect(),
            });
        }
    }
    record
}

/// The text of column `i` (`None` for NULL).
fn text_at<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    row.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads [`BULK_FIELD_COLUMNS`] starting at column `at`; `None` for a row whose tag is not
/// a MARC tag (left out of the record).
fn bulk_field(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<BulkField>> {
    Ok(BulkField::new(
        row.get(at)?,
        row.get(at + 5)?,
        text_at(row, at + 1)?.unwrap_or_default(),
        [text_at(row, at + 2)?, text_at(row, at + 3)?],
        text_at(row, at + 4)?,
    ))
}

/// Reads [`BULK_SUBFIELD_COLUMNS`] starting at column `at`: `(Sequence, ID, subfield)`.
fn bulk_subfield(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<BulkSubfield> {
    let code = text_at(row, at + 1)?
        .and_then(|c| c.chars().next())
        .unwrap_or(' ');
    let value = text_at(row, at + 2)?.unwrap_or_default().to_string();
    Ok((row.get(at + 3)?, row.get(at)?, Subfield::new(code, value)))
}

/// The record INLISLite's export builds from a catalogue record's field rows (taken, so
/// that subfield text moves into the record instead of being copied): rows and subfield
/// rows in `Sequence` order (ties in the order given).
pub fn record_from_ruas(rows: Vec<crate::catalog::Ruas>) -> Record {
    let mut fields: Vec<BulkField> = rows
        .into_iter()
        .zip(0..)
        .filter_map(|(row, at)| {
            let indicators = [row.indicator1.as_deref(), row.indicator2.as_deref()];
            let mut field =
                BulkField::new(at, row.sequence, &row.tag, indicators, Some(&row.value))?;
            field.subfields = row
                .subruas
                .into_iter()
                .zip(0..)
                .map(|(s, at)| {
                    let code = s.code.chars().next().unwrap_or(' ');
                    (s.sequence, at, Subfield::new(code, s.value))
                })
                .collect();
            Some(field)
        })
        .collect();
    record_from_fields(&mut fields)
}

impl Library {
    /// Runs `f` with a [`RawSession`] inside one write transaction: committed when `f`
    /// returns `Ok`, rolled back (the library left as it was) otherwise.
    pub fn raw_transaction<T, E>(
        &self,
        f: impl FnOnce(&RawSession<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<LibraryError>,
    {
        // A bulk load touches the same index pages over and over: a 64 MiB page cache (a
        // fixed bound, not growing with the dump) keeps them in memory instead of
        // spilling and rereading them.
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .ctx(|| "reading cache_size".into())?;
        let temp_store: i64 = self
            .conn
            .query_row("PRAGMA temp_store", [], |r| r.get(0))
            .ctx(|| "reading temp_store".into())?;
        self.conn
            .pragma_update(None, "cache_size", -65536)
            .ctx(|| "setting cache_size for the import".into())?;
        // Each upsert keeps the pages it changes in a statement journal until it completes;
        // in memory that costs a copy, in a temporary file a write and a read.
        self.conn
            .pragma_update(None, "temp_store", "MEMORY")
            .ctx(|| "setting temp_store for the import".into())?;
        // In WAL mode every page of a bulk load is written twice, to the log and then by
        // the checkpoint into the database. A rollback journal writes it once, and for the
        // pages a load adds (most of them) journals nothing. Switching needs the database
        // to itself: when another connection has it open, the load stays in WAL mode.
        // Asked without waiting: a busy database answers at once and the load goes on in WAL.
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let rollback_journal = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "TRUNCATE", |r| r.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("truncate"));
        let _ = self.conn.busy_timeout(crate::store::BUSY_TIMEOUT);
        let out = self.raw_transaction_inner(f);
        if rollback_journal {
            let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
        }
        let _ = self.conn.pragma_update(None, "cache_size", cache);
        let _ = self.conn.pragma_update(None, "temp_store", temp_store);
        out
    }

    fn raw_transaction_inner<T, E>(
        &self,
        f: impl FnOnce(&RawSession<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<LibraryError>,
    {
        let tx = crate::store::write_tx(&self.conn, || "starting a raw import transaction".into())?;
        let session = RawSession {
            conn: &tx,
            columns: RefCell::new(HashMap::new()),
            sql: RefCell::new(HashMap::new()),
            deferred: RefCell::new(Vec::new()),
        };
        let out = f(&session)?;
        session.restore_indexes()?;
        drop(session);
        tx.commit()
            .ctx(|| "committing the raw import transaction".into())?;
        Ok(out)
    }
}
