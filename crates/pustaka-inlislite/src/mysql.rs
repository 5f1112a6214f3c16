//! Importing straight from a running INLISLite MySQL/MariaDB server (cargo feature `mysql`).
//!
//! [`import_mysql`] connects to `mysql://user:pass@host[:port]/db` (or, through a Unix
//! socket, `mysql://user@localhost/db?socket=/path/to/mysqld.sock`), reads every base
//! table's `SHOW CREATE TABLE` and then its rows with `SELECT *`, and feeds them to the
//! same import as a dump (see [`crate::import`]): the connection is set up as `mysqldump`
//! sets up its own (`SET NAMES utf8mb4`, `time_zone = '+00:00'`), and each value is typed
//! by the dump reader's own rules from the text the server sends, so a server and a
//! `mysqldump` of it import to the same library, warnings and rejections included.
//!
//! Rows stream: a reader thread holds the connection and hands rows over a bounded channel
//! (a few thousand rows in flight), so memory stays flat and reading the server overlaps
//! writing the library. For a row from a server, a rejection's or warning's `line` is the
//! row's number in its table (from 1) and `column` is 0.

use std::sync::Arc;

use mysql::prelude::Queryable;
use mysql::{Conn, Opts};
use pustaka::Library;

use crate::dump::{tokenize, typed_server_row, Event, Position};
use crate::import::{import_source, read_ahead, Feed, ImportError, ImportOptions, ImportReport};

/// Imports the INLISLite v3 database at `url` into `library`; see the [module docs](self).
/// Everything else (one transaction, upserts by id, the report) is as for
/// [`import_dump`](crate::import::import_dump).
pub fn import_mysql(
    library: &Library,
    url: &str,
    options: ImportOptions<'_>,
) -> Result<ImportReport, ImportError> {
    let opts = Opts::from_url(url).map_err(|e| ImportError::Server {
        message: format!("{}: {e}", without_password(url)),
    })?;
    let conn = Conn::new(opts).map_err(|e| ImportError::Server {
        message: format!("connecting to {}: {e}", without_password(url)),
    })?;
    let (feed, mut source) = read_ahead();
    let reader = std::thread::spawn(move || read_server(conn, feed));
    let result = import_source(library, &mut source, options);
    // Closing the queue stops a reader thread that is still sending.
    drop(source);
    let _ = reader.join();
    result
}

/// `url` with its password replaced by `***`, for messages.
fn without_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let auth_end = rest.find('/').unwrap_or(rest.len());
    match rest[..auth_end].rfind('@') {
        Some(at) => match rest[..at].find(':') {
            Some(colon) => format!(
                "{}{}:***{}",
                &url[..scheme_end],
                &rest[..colon],
                &rest[at..]
            ),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

fn value_len(v: &crate::dump::Value) -> u64 {
    use crate::dump::Value;
    match v {
        Value::Null => 4,
        Value::Int(_) => 8,
        Value::Number(s) | Value::Text(s) | Value::ZeroDate(s) => s.len() as u64,
        Value::Bytes(b) => b.len() as u64,
    }
}

fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Reads every base table of the connection's database and hands its definition and rows
/// to `feed`, then the end (or why it stopped).
fn read_server(conn: Conn, mut feed: Feed) {
    let mut bytes = 0;
    match read_tables(conn, &mut feed, &mut bytes) {
        Ok(()) => feed.finish(bytes),
        Err(message) => feed.fail(ImportError::Server { message }),
    }
}

/// [`read_server`]'s work; returns early (with `Ok`) when the import stops listening.
fn read_tables(mut conn: Conn, feed: &mut Feed, bytes: &mut u64) -> Result<(), String> {
    let failed = |what: &str, e: mysql::Error| format!("{what}: {e}");
    conn.query_drop("SET NAMES utf8mb4")
        .map_err(|e| failed("SET NAMES utf8mb4", e))?;
    conn.query_drop("SET time_zone = '+00:00'")
        .map_err(|e| failed("SET time_zone", e))?;
    let tables: Vec<String> = conn
        .query_map(
            "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'",
            |(name, _kind): (String, String)| name,
        )
        .map_err(|e| failed("listing the tables", e))?;
    if tables.is_empty() {
        return Err("the database has no tables (is the database name in the URL?)".into());
    }
    for table in tables {
        let what = format!("SHOW CREATE TABLE {}", ident(&table));
        let (_, create): (String, String) = conn
            .query_first(&what)
            .map_err(|e| failed(&what, e))?
            .ok_or_else(|| format!("{what} gave nothing"))?;
        let mut sql = create.into_bytes();
        sql.push(b';');
        let def = tokenize(&sql)
            .map_err(|e| format!("{what}: {e}"))?
            .into_iter()
            .find_map(|e| match e {
                Event::CreateTable(def) => Some(def),
                _ => None,
            })
            .ok_or_else(|| format!("{what} is not a CREATE TABLE"))?;
        let name: Arc<str> = Arc::from(def.name.as_str());
        let columns: Arc<[String]> = def.columns.iter().map(|c| c.name.clone()).collect();
        if !feed.push(Event::CreateTable(def.clone()), *bytes) {
            return Ok(());
        }
        let select = format!("SELECT * FROM {}", ident(&table));
        let mut result = conn.query_iter(&select).map_err(|e| failed(&select, e))?;
        let mut n = 0u64;
        while let Some(set) = result.iter() {
            for row in set {
                let row = row.map_err(|e| failed(&select, e))?;
                n += 1;
                let values: Vec<Option<Vec<u8>>> = row.unwrap().into_iter().map(text).collect();
                let at = Position { line: n, column: 0 };
                let (row, warnings) = typed_server_row(&def, &name, &columns, values, at, false);
                *bytes += row.values.iter().map(value_len).sum::<u64>();
                for w in warnings {
                    if !feed.push(Event::Warning(w), *bytes) {
                        return Ok(());
                    }
                }
                if !feed.push(Event::Row(row), *bytes) {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// A value of the text protocol as the text `mysqldump` would write (`None` for NULL).
fn text(v: mysql::Value) -> Option<Vec<u8>> {
    use mysql::Value as V;
    Some(match v {
        V::NULL => return None,
        V::Bytes(b) => b,
        V::Int(i) => i.to_string().into_bytes(),
        V::UInt(u) => u.to_string().into_bytes(),
        V::Float(f) => f.to_string().into_bytes(),
        V::Double(f) => f.to_string().into_bytes(),
        V::Date(y, mo, d, h, mi, s, us) => {
            let mut t = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
            if us > 0 {
                t.push_str(&format!(".{us:06}"));
            }
            t.into_bytes()
        }
        V::Time(neg, d, h, mi, s, us) => {
            let mut t = format!(
                "{}{:02}:{mi:02}:{s:02}",
                if neg { "-" } else { "" },
                u64::from(d) * 24 + u64::from(h)
            );
            if us > 0 {
                t.push_str(&format!(".{us:06}"));
            }
            t.into_bytes()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn messages_never_show_the_password() {
        assert_eq!(
            without_password("mysql://inlis:s3cret@db.example:3306/inlislite_v3"),
            "mysql://inlis:***@db.example:3306/inlislite_v3"
        );
        assert_eq!(
            without_password("mysql://root@localhost/inlislite_v3?socket=/run/m.sock"),
            "mysql://root@localhost/inlislite_v3?socket=/run/m.sock"
        );
        assert_eq!(without_password("nonsense"), "nonsense");
    }
}
