//! The one error type of the library core, each variant naming what failed and where.

use std::path::PathBuf;

/// Result alias for this crate.
pub type Result<T, E = LibraryError> = std::result::Result<T, E>;

/// Everything that can go wrong in a library operation.
///
/// Every message reads as a sentence with the facts in it: the table or thing, its key,
/// the field, the path.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LibraryError {
    /// A row that was asked for does not exist.
    #[error("{what} {key} not found")]
    NotFound {
        /// What was looked for, e.g. `"catalog"` or `"quarantined catalog"`.
        what: &'static str,
        /// The key it was looked up by (id, BIBID, path).
        key: String,
    },
    /// The operation would break a uniqueness rule or overwrite something that exists.
    #[error("conflict in {table}: {message}")]
    Conflict {
        /// The table (or place) where the conflict is.
        table: &'static str,
        /// What conflicts with what.
        message: String,
    },
    /// An input value is not acceptable.
    #[error("invalid {field}: {message}")]
    Validation {
        /// The field or column at fault, e.g. `"Worksheet_id"`.
        field: String,
        /// Why it is not acceptable.
        message: String,
    },
    /// The database schema cannot be used by this version of pustaka.
    #[error("library database {path}: {message}")]
    Schema {
        /// The database file.
        path: PathBuf,
        /// What is wrong with its schema.
        message: String,
    },
    /// SQLite failed.
    #[error("SQLite error while {context}: {source}")]
    Sqlite {
        /// What was being done, naming the table.
        context: String,
        /// The error from SQLite.
        #[source]
        source: rusqlite::Error,
    },
    /// A MARC record could not be encoded or decoded.
    #[error("MARC error in {context}: {source}")]
    Marc {
        /// Which record, e.g. `"catalog 12"` or `"record 7 of the import"`.
        context: String,
        /// The error from `pustaka-marc`.
        #[source]
        source: pustaka_marc::MarcError,
    },
    /// A circulation rule refused the operation (checkout, return, renewal, payment); its
    /// [`kind`](crate::circulation::CirculationError::kind) is one of a fixed list of names.
    #[error(transparent)]
    Circulation(#[from] crate::circulation::CirculationError),
    /// The search index failed (or refused a malformed query: see
    /// [`LibraryError::query_error`]).
    #[error("search: {source}")]
    Search {
        /// The error from `pustaka-search`.
        #[source]
        source: pustaka_search::SearchError,
    },
    /// A file-system operation on the library directory failed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl From<pustaka_search::SearchError> for LibraryError {
    fn from(source: pustaka_search::SearchError) -> Self {
        LibraryError::Search { source }
    }
}

impl LibraryError {
    /// The query error (with its byte position) when a search was refused as malformed.
    pub fn query_error(&self) -> Option<&pustaka_search::QueryError> {
        match self {
            LibraryError::Search {
                source: pustaka_search::SearchError::Query(q),
            } => Some(q),
            _ => None,
        }
    }

    /// The circulation error kind (`not_found`, `member_inactive`, ...) when this is a
    /// circulation refusal, for command lines and bindings that report it by name.
    pub fn circulation_kind(&self) -> Option<&'static str> {
        match self {
            LibraryError::Circulation(e) => Some(e.kind()),
            _ => None,
        }
    }
}

/// Attaches a description of what was being done to a SQLite error.
pub(crate) trait SqlContext<T> {
    /// Wraps the error as [`LibraryError::Sqlite`] with this context.
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T> SqlContext<T> for std::result::Result<T, rusqlite::Error> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| LibraryError::Sqlite {
            context: context(),
            source,
        })
    }
}
