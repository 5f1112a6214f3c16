//! The library core of pustaka: an INLISLite v3 compatible library on disk.
//!
//! A *library* is a directory. Its `library.sqlite` (SQLite in WAL mode) holds INLISLite
//! v3's own core tables, with INLISLite's table and column names (`catalogs`,
//! `catalog_ruas`, `catalog_subruas`, `collections`, `members`, `jenis_anggota`, ...), so a
//! report written in SQL for INLISLite runs against it, plus pustaka's own `marc_records`
//! (each record's ISO 2709 bytes, the fast read path) and `schema_migrations`. The search
//! index (tantivy, derived, rebuilt at will) lives beside it in `index/` and follows every
//! committed catalogue change (see [`search`]): [`Library::search`].
//!
//! ```
//! use pustaka::{Library, Timestamp};
//! use pustaka_marc::{DataField, Record, Tag};
//!
//! let dir = std::env::temp_dir().join(format!("pustaka-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir);
//! let library = Library::create(&dir)?;
//!
//! let mut record = Record::new();
//! record.push(DataField::new(Tag::parse("245").unwrap(), '1', '0')
//!     .with('a', "Laskar pelangi /")
//!     .with('c', "Andrea Hirata."));
//! let at = Timestamp::parse("2024-01-15 09:30:00")?;
//! let catalog = library.catalog().add(&record, 1, at)?;
//!
//! assert_eq!(catalog.bibid, "0010-0124000001");
//! assert_eq!(catalog.control_number, "INLIS000000000000001");
//! assert_eq!(catalog.display.title, "Laskar pelangi / Andrea Hirata.");
//! assert_eq!(catalog.record.control("001"), Some("INLIS000000000000001"));
//! # drop(library);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), pustaka::LibraryError>(())
//! ```
//!
//! Key types: [`Library`] (create, open, and the sub-APIs), [`catalog::Catalogue`] and
//! [`catalog::Catalog`], [`circulation::Circulation`] (loans, returns, renewals, fines, with
//! INLISLite's arithmetic in [`circulation::rules`]), [`ImportOptions`]/[`ImportReport`],
//! [`Timestamp`] (every write takes the time it happens at; the core never reads the clock),
//! [`Visits`] (the guest book), [`Activities`] (community activities) and [`Report`]
//! ([`Library::report`]: periodic figures as JSON, CSV or HTML),
//! and [`LibraryError`].
//!
//! Where INLISLite's behaviour is not documented, the choices made are listed in
//! `INLISLITE-CHOICES.md` beside this crate.

pub mod activities;
pub mod catalog;
pub mod circulation;
pub mod error;
pub mod import;
pub mod items;
pub mod members;
pub mod raw;
pub mod report_html;
pub mod reports;
pub mod search;
pub mod store;
pub mod time;
pub mod visits;

use std::fmt::Display;
use std::path::{Path, PathBuf};

use pustaka_marc::Record;
use rusqlite::Connection;

pub use activities::{Activities, Activity, NewActivity, NewStory, Story};
pub use catalog::{Catalog, Catalogue, MarcRecords, StoredRecord};
pub use circulation::{Circulation, CirculationError};
pub use error::{LibraryError, Result};
pub use import::{ImportOptions, ImportReport, ItemSource, Rejection};
pub use items::{Item, Items, NewItem};
pub use members::{Member, Members, NewMember, NewMemberType};
pub use reports::{Bucket, Report, ReportRequest};
pub use time::{Date, Timestamp};
pub use visits::{CheckIn, NewGroupVisit, NewVisit, VisitFigures, Visits};

/// The name of the database file inside a library directory.
pub const DATABASE_FILE: &str = "library.sqlite";

/// An open library: a directory holding `library.sqlite`.
pub struct Library {
    dir: PathBuf,
    conn: Connection,
    /// The search index, opened on first need (see [`search`]).
    search: std::cell::RefCell<Option<pustaka_search::SearchIndex>>,
    /// The last change id this handle knows the index holds.
    search_applied: std::cell::Cell<Option<i64>>,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("dir", &self.dir).finish()
    }
}

impl Library {
    /// Creates a new library in `dir` (created if missing); fails if `dir` already holds one.
    pub fn create(dir: impl AsRef<Path>) -> Result<Library> {
        let dir = dir.as_ref();
        let db = dir.join(DATABASE_FILE);
        if db.exists() {
            return Err(LibraryError::Conflict {
                table: "library",
                message: format!("{} already holds a library", dir.display()),
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| LibraryError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Library::connect(dir, &db)
    }

    /// Opens the library in `dir`, applying any migration it lacks, and catches the search
    /// index up with every committed change; a library written by a newer pustaka is refused
    /// with [`LibraryError::Schema`].
    pub fn open(dir: impl AsRef<Path>) -> Result<Library> {
        let dir = dir.as_ref();
        let db = dir.join(DATABASE_FILE);
        if !db.is_file() {
            return Err(LibraryError::NotFound {
                what: "library database",
                key: db.display().to_string(),
            });
        }
        Library::connect(dir, &db)
    }

    fn connect(dir: &Path, db: &Path) -> Result<Library> {
        let conn = store::connect(db)?;
        store::migrate(&conn, db)?;
        let library = Library {
            dir: dir.to_path_buf(),
            conn,
            search: std::cell::RefCell::new(None),
            search_applied: std::cell::Cell::new(None),
        };
        // The index catches up with anything committed since it last did (a crash included).
        library.sync_search()?;
        Ok(library)
    }

    /// The library directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of `library.sqlite`.
    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE)
    }

    /// The migrations applied to this library, as `(version, name)` in order.
    pub fn migrations(&self) -> Result<Vec<(i64, String)>> {
        store::applied(&self.conn)
    }

    /// The catalogue.
    pub fn catalog(&self) -> Catalogue<'_> {
        Catalogue::new(&self.conn)
    }

    /// The items (`collections`).
    pub fn items(&self) -> Items<'_> {
        Items::new(&self.conn)
    }

    /// The members (`members`) and member types (`jenis_anggota`).
    pub fn members(&self) -> Members<'_> {
        Members::new(&self.conn)
    }

    /// Circulation: checkouts, returns, renewals, fines (`collectionloans`,
    /// `collectionloanitems`, `collectionloanextends`, `pelanggaran`).
    pub fn circulation(&self) -> circulation::Circulation<'_> {
        circulation::Circulation::new(&self.conn)
    }

    /// The guest book: individual and group visits (`memberguesses`, `groupguesses`) and
    /// live counts.
    pub fn visits(&self) -> Visits<'_> {
        Visits::new(&self.conn)
    }

    /// Community activities: participants, stakeholders, impact stories, attachments.
    pub fn activities(&self) -> Activities<'_> {
        Activities::new(&self.conn)
    }

    /// The periodic report of `request`'s days: visits, members, circulation, collection,
    /// activities, indicators and a series per day, month or year.
    pub fn report(&self, request: &ReportRequest) -> Result<Report> {
        reports::build(&self.conn, request)
    }

    /// Imports records into the catalogue in batches; see [`ImportOptions`]. Read errors
    /// (`Err` items) and records that cannot be stored are reported in the
    /// [`ImportReport`]; only a failure of the store itself is an `Err`.
    pub fn import_records<I, E>(&self, records: I, options: &ImportOptions) -> Result<ImportReport>
    where
        I: IntoIterator<Item = std::result::Result<Record, E>>,
        E: Display,
    {
        import::import_records(&self.conn, records, options)
    }
}
