//! INLISLite v3 interchange for pustaka: move a whole INLISLite library into pustaka.
//!
//! INLISLite v3 (Perpustakaan Nasional RI's library system) keeps its catalogue, items,
//! members, loan history and guest book in MySQL. This crate reads a `mysqldump` of that
//! database and imports it into a pustaka [`Library`](pustaka::Library), whose tables carry
//! INLISLite's names, keeping every id.
//!
//! - [`dump`]: a streaming `mysqldump` reader ([`dump::DumpReader`] over any `BufRead`,
//!   constant memory; [`dump::read_dump`] for `(table, row)` pairs; [`dump::tokenize`]
//!   over bytes). Errors name the line and column.
//! - [`import`]: [`import::import_dump`] loads every table the library models in one
//!   transaction, upserting by primary key (importing twice does not duplicate), rebuilds
//!   each record's MARC from `catalog_ruas`/`catalog_subruas`, keeps other tables verbatim
//!   in `inlislite_extra` on request, refuses v2-era dumps, and reports per table.
//! - [`export`]: [`export::export_dump`] writes the library back as an INLISLite v3 dump
//!   (`CREATE TABLE IF NOT EXISTS` with INLISLite's definitions, extended inserts).
//! - [`charset`]: latin1 (Windows-1252) decoding and repair of UTF-8 stored in latin1.
//!
//! Cargo features: `library` (default) for the import and export; without it the crate is
//! the dump reader alone. `mysql` adds the `mysql` module: the import straight from a running
//! INLISLite MySQL/MariaDB server.
//!
//! ```
//! use pustaka::Library;
//! use pustaka_inlislite::dump::{tokenize, Event, Value};
//! use pustaka_inlislite::import::{import_reader, ImportOptions};
//! use pustaka_inlislite::dump::DumpReader;
//!
//! let sql = b"/*M!999999\\- enable the sandbox mode */
//! CREATE TABLE `holidays` (
//!   `ID` int(11) NOT NULL AUTO_INCREMENT,
//!   `Dates` datetime DEFAULT NULL,
//!   `Names` varchar(255) DEFAULT NULL,
//!   PRIMARY KEY (`ID`)
//! ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
//! INSERT INTO `holidays` VALUES (1,'2026-01-01 00:00:00','Tahun Baru'),(2,'2026-03-20 00:00:00','Idul Fitri\\'s');
//! ";
//! // The tokenizer: events from bytes.
//! let events = tokenize(sql)?;
//! let Event::Row(row) = &events[2] else { panic!() };
//! assert_eq!(row.get("Names"), Some(&Value::Text("Idul Fitri's".into())));
//!
//! // The import, into a new library.
//! let dir = std::env::temp_dir().join(format!("pustaka-inlislite-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir);
//! let library = Library::create(&dir)?;
//! let report = import_reader(&library, DumpReader::new(&sql[..]), ImportOptions::default())?;
//! assert_eq!(report.tables["holidays"].imported, 2);
//! # drop(library);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod charset;
pub mod dump;
#[cfg(feature = "library")]
pub mod export;
#[cfg(feature = "library")]
pub mod import;
#[cfg(feature = "mysql")]
pub mod mysql;

pub use dump::{read_dump, DumpError, DumpReader, Event, Position, Row, TableDef, Value};
#[cfg(feature = "library")]
pub use export::{export_dump, ExportError, ExportReport};
#[cfg(feature = "library")]
pub use import::{import_dump, ImportError, ImportOptions, ImportReport, Tables};
#[cfg(feature = "mysql")]
pub use mysql::import_mysql;
