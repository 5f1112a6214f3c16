//! Writing a library as an INLISLite v3 `mysqldump` file.
//!
//! [`export_dump`] writes what `mysql inlislite_v3 < OUT.sql` loads: for each of
//! INLISLite's 37 core tables, `CREATE TABLE IF NOT EXISTS` with INLISLite's column
//! definitions (from `schema/inlislite-v3-core.sql`, the schema the library's tables were
//! made from) and the library's rows as extended `INSERT`s with a column list, utf8mb4,
//! MySQL escaping; then every table kept verbatim in `inlislite_extra` with its own
//! `CREATE TABLE`. Ids are INLISLite's, `catalog_ruas`/`catalog_subruas` are written as
//! they are stored, `bit` columns as `b'0'`/`b'1'`, zero dates verbatim (the header clears
//! the SQL mode, as mysqldump does, so MySQL accepts them).

use std::io::Write;
use std::sync::Arc;

use pustaka::raw::SqlValue;
use pustaka::{Library, LibraryError};

use crate::dump::{escape_into, tokenize, ColumnKind, Event, TableDef};

/// INLISLite v3's core tables, as `CREATE TABLE` statements.
pub const CORE_SCHEMA: &str = include_str!("../schema/inlislite-v3-core.sql");

/// Rows per extended INSERT, and the byte size after which a statement is closed early.
const ROWS_PER_INSERT: usize = 1000;
const BYTES_PER_INSERT: usize = 1 << 20;

/// The core tables' definitions, in the schema's order.
pub fn core_tables() -> Vec<Arc<TableDef>> {
    tokenize(CORE_SCHEMA.as_bytes())
        .expect("the bundled schema parses")
        .into_iter()
        .filter_map(|e| match e {
            Event::CreateTable(def) => Some(def),
            _ => None,
        })
        .collect()
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExportReport {
    /// Rows written per table, in the order written.
    pub tables: Vec<(String, u64)>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the output failed.
    #[error("writing the dump: {0}")]
    Io(#[from] std::io::Error),
    /// The library failed.
    #[error(transparent)]
    Library(#[from] LibraryError),
}

fn if_not_exists(create_sql: &str) -> String {
    let trimmed = create_sql.trim_start();
    match trimmed.get(..12) {
        Some(head) if head.eq_ignore_ascii_case("CREATE TABLE") => {
            let rest = trimmed[12..].trim_start();
            if rest
                .get(..13)
                .is_some_and(|h| h.eq_ignore_ascii_case("IF NOT EXISTS"))
            {
                trimmed.to_string()
            } else {
                format!("CREATE TABLE IF NOT EXISTS {rest}")
            }
        }
        _ => trimmed.to_string(),
    }
}

fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Writes one SQL literal for a value of a column of `kind`.
fn literal(out: &mut Vec<u8>, v: &SqlValue<'_>, kind: ColumnKind) {
    match *v {
        SqlValue::Null => out.extend_from_slice(b"NULL"),
        SqlValue::Integer(i) if kind == ColumnKind::Bit => {
            let _ = write!(out, "b'{i:b}'");
        }
        SqlValue::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        SqlValue::Real(f) if f.is_finite() => {
            let _ = write!(out, "{f:?}");
        }
        SqlValue::Real(_) => out.extend_from_slice(b"NULL"),
        SqlValue::Text(t) => {
            out.push(b'\'');
            escape_into(t.as_bytes(), b'\'', out);
            out.push(b'\'');
        }
        SqlValue::Blob([]) => out.extend_from_slice(b"''"),
        SqlValue::Blob(b) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend_from_slice(b"0x");
            for &x in b {
                out.push(HEX[usize::from(x >> 4)]);
                out.push(HEX[usize::from(x & 15)]);
            }
        }
    }
}

/// Writes one table's rows as extended INSERTs, a row at a time (nothing but the row being
/// written is held): `LOCK TABLES`, `INSERT INTO t (cols) VALUES` and up to
/// [`ROWS_PER_INSERT`] rows (or [`BYTES_PER_INSERT`] bytes) per statement.
struct InsertWriter {
    lock: String,
    head: String,
    in_statement: usize,
    bytes: usize,
    rows: u64,
}

impl InsertWriter {
    fn new(table: &str, columns: &[String]) -> Self {
        InsertWriter {
            lock: format!("LOCK TABLES {} WRITE;\n", ident(table)),
            head: format!(
                "INSERT INTO {} ({}) VALUES\n",
                ident(table),
                columns
                    .iter()
                    .map(|c| ident(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            in_statement: 0,
            bytes: 0,
            rows: 0,
        }
    }

    /// Writes one row, `(...)` as SQL.
    fn row(&mut self, w: &mut dyn Write, row: &[u8]) -> std::io::Result<()> {
        if self.in_statement == 0 {
            w.write_all(self.lock.as_bytes())?;
            w.write_all(self.head.as_bytes())?;
        } else {
            w.write_all(b",\n")?;
        }
        w.write_all(row)?;
        self.in_statement += 1;
        self.bytes += row.len();
        self.rows += 1;
        if self.in_statement >= ROWS_PER_INSERT || self.bytes >= BYTES_PER_INSERT {
            self.close(w)?;
        }
        Ok(())
    }

    /// Ends the statement being written, if any.
    fn close(&mut self, w: &mut dyn Write) -> std::io::Result<()> {
        if self.in_statement > 0 {
            w.write_all(b";\nUNLOCK TABLES;\n")?;
        }
        self.in_statement = 0;
        self.bytes = 0;
        Ok(())
    }
}

/// Runs `session.for_each_row` with a callback that writes: an I/O error stops the scan
/// and is returned as itself.
fn scan_rows(
    session: &pustaka::raw::RawSession<'_>,
    table: &str,
    mut f: impl FnMut(&[String], &[SqlValue<'_>]) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    let mut failed: Option<std::io::Error> = None;
    let scanned = session.for_each_row(table, |names, values| {
        f(names, values).map_err(|source| {
            failed = Some(source);
            LibraryError::Io {
                path: table.into(),
                source: std::io::Error::other("the export stopped"),
            }
        })
    });
    match (failed, scanned) {
        (Some(io), _) => Err(ExportError::Io(io)),
        (None, r) => Ok(r?),
    }
}

/// Writes the library as an INLISLite v3 dump; see the [module docs](self). Rows are
/// read and written one at a time, so memory stays flat however large the library.
pub fn export_dump(library: &Library, w: &mut dyn Write) -> Result<ExportReport, ExportError> {
    let mut report = ExportReport::default();
    w.write_all(
        b"-- pustaka export of an INLISLite v3 database (load with: mysql inlislite_v3 < FILE)\n\
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n\
/*!40101 SET NAMES utf8mb4 */;\n\
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n\
/*!40103 SET TIME_ZONE='+00:00' */;\n\
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n\
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n\
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\n",
    )?;
    library.raw_transaction(|session| -> Result<(), ExportError> {
        let mut row = Vec::with_capacity(4096);
        for def in core_tables() {
            writeln!(
                w,
                "--\n-- Table structure for table {}\n--\n",
                ident(&def.name)
            )?;
            writeln!(w, "{};\n", if_not_exists(&def.create_sql))?;
            let Some(lib_cols) = session.columns(&def.name)? else {
                report.tables.push((def.name.clone(), 0));
                continue;
            };
            // INLISLite's columns the library holds, in INLISLite's order.
            let cols: Vec<(String, ColumnKind)> = def
                .columns
                .iter()
                .filter(|c| {
                    lib_cols
                        .iter()
                        .any(|l| l.name.eq_ignore_ascii_case(&c.name))
                })
                .map(|c| (c.name.clone(), c.kind))
                .collect();
            let names: Vec<String> = cols.iter().map(|c| c.0.clone()).collect();
            let mut insert = InsertWriter::new(&def.name, &names);
            // Where each of `cols` is in the library's row, found on the first row.
            let mut at: Option<Vec<Option<usize>>> = None;
            scan_rows(session, &def.name, |lib_names, values| {
                let at = at.get_or_insert_with(|| {
                    cols.iter()
                        .map(|(name, _)| {
                            lib_names.iter().position(|n| n.eq_ignore_ascii_case(name))
                        })
                        .collect()
                });
                row.clear();
                row.push(b'(');
                for (i, ((_, kind), k)) in cols.iter().zip(at.iter()).enumerate() {
                    if i > 0 {
                        row.push(b',');
                    }
                    let v = k.map(|k| values[k]).unwrap_or(SqlValue::Null);
                    literal(&mut row, &v, *kind);
                }
                row.push(b')');
                insert.row(w, &row)
            })?;
            insert.close(w)?;
            w.write_all(b"\n")?;
            report.tables.push((def.name.clone(), insert.rows));
        }
        for (table, create_sql) in session.extra_tables()? {
            writeln!(w, "--\n-- Table kept verbatim: {}\n--\n", ident(&table))?;
            writeln!(w, "{};\n", if_not_exists(&create_sql))?;
            // The kept rows of this table, in the order kept; a new INSERT whenever the
            // column list changes.
            let mut insert: Option<(String, InsertWriter)> = None;
            let mut rows = 0u64;
            scan_rows(session, "inlislite_extra", |names, values| {
                let get = |name: &str| {
                    names
                        .iter()
                        .position(|n| n == name)
                        .and_then(|k| match values[k] {
                            SqlValue::Text(t) => Some(t),
                            _ => None,
                        })
                };
                if get("table_name") != Some(table.as_str()) {
                    return Ok(());
                }
                let cols_json = get("columns").unwrap_or("[]");
                if insert.as_ref().is_none_or(|(c, _)| c != cols_json) {
                    if let Some((_, mut done)) = insert.take() {
                        done.close(w)?;
                        rows += done.rows;
                    }
                    let cols: Vec<String> = serde_json::from_str(cols_json).unwrap_or_default();
                    insert = Some((cols_json.to_string(), InsertWriter::new(&table, &cols)));
                }
                let vals: Vec<serde_json::Value> =
                    serde_json::from_str(get("row_values").unwrap_or("[]")).unwrap_or_default();
                row.clear();
                row.push(b'(');
                for (i, v) in vals.iter().enumerate() {
                    if i > 0 {
                        row.push(b',');
                    }
                    json_literal(&mut row, v);
                }
                row.push(b')');
                let (_, writer) = insert.as_mut().expect("set above");
                writer.row(w, &row)
            })?;
            if let Some((_, mut done)) = insert.take() {
                done.close(w)?;
                rows += done.rows;
            }
            report.tables.push((table.clone(), rows));
            w.write_all(b"\n")?;
        }
        Ok(())
    })?;
    w.write_all(
        b"/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n\
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n\
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n\
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n\
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n",
    )?;
    w.flush()?;
    Ok(report)
}

/// A value kept in `inlislite_extra` (see [`crate::import::value_json`]) as SQL.
fn json_literal(out: &mut Vec<u8>, v: &serde_json::Value) {
    match v {
        serde_json::Value::Null => out.extend_from_slice(b"NULL"),
        serde_json::Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        serde_json::Value::String(s) => {
            out.push(b'\'');
            escape_into(s.as_bytes(), b'\'', out);
            out.push(b'\'');
        }
        serde_json::Value::Object(o) => {
            if let Some(serde_json::Value::String(num)) = o.get("num") {
                out.extend_from_slice(num.as_bytes());
            } else if let Some(serde_json::Value::String(hex)) = o.get("hex") {
                if hex.is_empty() {
                    out.extend_from_slice(b"''");
                } else {
                    out.extend_from_slice(b"0x");
                    out.extend_from_slice(hex.as_bytes());
                }
            } else {
                out.extend_from_slice(b"NULL");
            }
        }
        serde_json::Value::Bool(b) => out.push(if *b { b'1' } else { b'0' }),
        serde_json::Value::Array(_) => out.extend_from_slice(b"NULL"),
    }
}
