//! The SQLite store: opening a library's database and bringing its schema up to date.
//!
//! The schema is a list of numbered migrations (plain `.sql` files in `migrations/`),
//! applied in order at open, each in its own transaction, and recorded in
//! `schema_migrations`. A database that records a migration this code does not know was
//! written by a newer pustaka and is refused rather than guessed at.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use crate::error::{LibraryError, Result, SqlContext};

/// One schema change: its number, a short name and its SQL.
struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

/// Every migration, in order. Append only: a released migration never changes.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "core",
        sql: include_str!("migrations/0001_core.sql"),
    },
    Migration {
        version: 2,
        name: "pustaka",
        sql: include_str!("migrations/0002_pustaka.sql"),
    },
    Migration {
        version: 3,
        name: "circulation",
        sql: include_str!("migrations/0003_circulation.sql"),
    },
    Migration {
        version: 4,
        name: "inlislite_extra",
        sql: include_str!("migrations/0004_inlislite_extra.sql"),
    },
    Migration {
        version: 5,
        name: "search_sync",
        sql: include_str!("migrations/0005_search_sync.sql"),
    },
    Migration {
        version: 6,
        name: "search_items",
        sql: include_str!("migrations/0006_search_items.sql"),
    },
    Migration {
        version: 7,
        name: "activities",
        sql: include_str!("migrations/0007_activities.sql"),
    },
];

/// The schema version this code writes: the number of its last migration.
pub const SCHEMA_VERSION: i64 = 7;

/// How long a statement waits for another connection's lock before it fails.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens the database file with the pragmas every connection needs.
pub(crate) fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path).ctx(|| format!("opening {}", path.display()))?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .ctx(|| format!("switching {} to WAL", path.display()))?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .ctx(|| "enabling foreign keys".into())?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .ctx(|| "setting synchronous".into())?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .ctx(|| "setting the busy timeout".into())?;
    // A checkout alone runs some 20 distinct statements: rusqlite's default cache of 16
    // would prepare them all again on every call.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

/// Applies every migration the database lacks; refuses a database newer than this code.
pub(crate) fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY,
             name TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )
    .ctx(|| "creating schema_migrations".into())?;
    let current: Option<i64> = conn
        .query_row("SELECT max(version) FROM schema_migrations", [], |r| {
            r.get(0)
        })
        .optional()
        .ctx(|| "reading schema_migrations".into())?
        .flatten();
    let current = current.unwrap_or(0);
    if current > SCHEMA_VERSION {
        return Err(LibraryError::Schema {
            path: path.to_path_buf(),
            message: format!(
                "schema version {current} is newer than this pustaka, which knows up to \
                 version {SCHEMA_VERSION}; open it with a newer pustaka"
            ),
        });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let tx = write_tx(conn, || format!("starting migration {}", m.version))?;
        // Another process may have applied it while this one waited for the write lock.
        let done: i64 = tx
            .query_row(
                "SELECT count(*) FROM schema_migrations WHERE version = ?1",
                [m.version],
                |r| r.get(0),
            )
            .ctx(|| "reading schema_migrations".into())?;
        if done > 0 {
            continue;
        }
        tx.execute_batch(m.sql)
            .ctx(|| format!("applying migration {} ({})", m.version, m.name))?;
        // The application time is bookkeeping for people, not library data.
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)
             VALUES (?1, ?2, datetime('now'))",
            rusqlite::params![m.version, m.name],
        )
        .ctx(|| format!("recording migration {}", m.version))?;
        tx.commit()
            .ctx(|| format!("committing migration {}", m.version))?;
    }
    Ok(())
}

/// Starts a write transaction (`BEGIN IMMEDIATE`): the write lock is taken up front, so
/// identifiers computed as max + 1 inside it cannot collide with another process's writes;
/// a second writer waits (up to the busy timeout) instead of failing half-way.
pub(crate) fn write_tx<'c>(
    conn: &'c Connection,
    what: impl FnOnce() -> String,
) -> Result<rusqlite::Transaction<'c>> {
    // `what` says what the transaction is for, e.g. "starting a transaction to add item B1".
    rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate).ctx(what)
}

/// The migrations recorded in a database, as `(version, name)` in order.
pub(crate) fn applied(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn
        .prepare("SELECT version, name FROM schema_migrations ORDER BY version")
        .ctx(|| "reading schema_migrations".into())?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx(|| "reading schema_migrations".into())?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx(|| "reading schema_migrations".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_from_one_without_gaps_up_to_the_schema_version() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
        let expected: Vec<i64> = (1..=SCHEMA_VERSION).collect();
        assert_eq!(versions, expected);
    }
}
