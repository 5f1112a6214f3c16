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

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use mysql::prelude::Queryable;
use mysql::{Conn, Opts};
use pustaka::Library;

use crate::dump::{tokenize, typed_server_row, Event, Position};
use crate::import::{import_source, ImportError, ImportOptions, ImportReport, Source};

/// Rows per message from the reader thread, and messages in flight.
const BATCH: usize = 512;
const IN_FLIGHT: usize = 8;

/// What the reader thread sends: a batch of events, or why it stopped.
type Message = Result<Vec<Event>, String>;

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
    let (tx, rx) = sync_channel::<Message>(IN_FLIGHT);
    let reader = std::thread::spawn(move || {
        if let Err(message) = read_server(conn, &tx) {
            // The import may have stopped already; then nobody listens.
            let _ = tx.send(Err(message));
        }
    });
    let mut source = ServerSource {
        rx,
        pending: Vec::new().into_iter(),
        bytes: 0,
    };
    let result = import_source(library, &mut source, options);
    // Closing the channel stops a reader thread that is still sending.
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

/// The receiving end: events from the reader thread, in order.
struct ServerSource {
    rx: Receiver<Message>,
    pending: std::vec::IntoIter<Event>,
    bytes: u64,
}

impl Source for ServerSource {
    fn next_event(&mut self) -> Result<Option<Event>, ImportError> {
        loop {
            if let Some(e) = self.pending.next() {
                if let Event::Row(r) = &e {
                    self.bytes += r.values.iter().map(value_len).sum::<u64>();
                }
                return Ok(Some(e));
            }
            match self.rx.recv() {
                Ok(Ok(batch)) => self.pending = batch.into_iter(),
                Ok(Err(message)) => return Err(ImportError::Server { message }),
                Err(_) => return Ok(None),
            }
        }
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
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

/// Reads every base table of the connection's database and sends its definition and rows.
/// Returns early (with `Ok`) when the import stops listening.
fn read_server(mut conn: Conn, tx: &SyncSender<Message>) -> Result<(), String> {
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
        let mut batch = vec![Event::CreateTable(def.clone())];
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
                batch.extend(warnings.into_iter().map(Event::Warning));
                batch.push(Event::Row(row));
                if batch.len() >= BATCH && tx.send(Ok(std::mem::take(&mut batch))).is_err() {
                    return Ok(());
                }
            }
        }
        if !batch.is_empty() && tx.send(Ok(batch)).is_err() {
            return Ok(());
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
