//! `pustaka.Library`: a library on disk (`dir/library.sqlite`) with its catalogue, items,
//! members, circulation, MARC import and read-only SQL, over the `pustaka` crate.
//!
//! One `pustaka::Library` (one SQLite connection) sits behind a mutex shared by the
//! `Library` object and the sub-objects it hands out (`lib.catalog`, `lib.items`, ...).
//! Every call into the core runs with the GIL released and takes the mutex inside that
//! section only, so no thread ever waits for the GIL while holding the library.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OpenFlags};

use pustaka::{ImportOptions, ItemSource, NewItem, NewMember, NewMemberType};
use pustaka_marc::{MarcError as CoreMarcError, ReadOptions};

use crate::circulation::Circulation;
use crate::error::{library_error, marc_error, QueryError, ValidationError};
use crate::marc::{record_to_core, wrap_core, Record};
use crate::time::{invalid_validation, optional_date, timestamp};

/// The state shared by a `Library` and its sub-objects.
pub(crate) struct Shared {
    lib: Mutex<pustaka::Library>,
    /// The read-only connection of `Library.sql` and catalogue iteration, opened on first
    /// use.
    ro: Mutex<Option<Connection>>,
    dir: PathBuf,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, pustaka::Library> {
        // A panic while the mutex was held cannot leave a half-written transaction behind
        // (rusqlite rolls back on drop), so a poisoned lock is still a usable library.
        self.lib.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the library with the GIL released, converting its error.
    pub(crate) fn run<T, F>(&self, py: Python<'_>, f: F) -> PyResult<T>
    where
        T: Send,
        F: FnOnce(&pustaka::Library) -> pustaka::Result<T> + Send,
    {
        py.detach(|| f(&self.lock()))
            .map_err(|e| library_error(py, e))
    }

    /// Runs `f` on the read-only connection with the GIL released.
    fn read<T, F>(&self, py: Python<'_>, f: F) -> PyResult<T>
    where
        T: Send,
        F: FnOnce(&Connection) -> Result<T, String> + Send,
    {
        let db = self.dir.join(pustaka::DATABASE_FILE);
        py.detach(|| {
            let mut guard = self.ro.lock().unwrap_or_else(|e| e.into_inner());
            if guard.is_none() {
                let conn = Connection::open_with_flags(
                    &db,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .and_then(|c| {
                    c.busy_timeout(std::time::Duration::from_secs(5))?;
                    c.pragma_update(None, "query_only", true)?;
                    Ok(c)
                })
                .map_err(|e| format!("opening {} read-only: {e}", db.display()))?;
                *guard = Some(conn);
            }
            match guard.as_ref() {
                Some(conn) => f(conn),
                None => Err("the read-only connection is not open".into()),
            }
        })
        .map_err(QueryError::new_err)
    }
}

/// A library on disk: a directory holding `library.sqlite` with INLISLite v3's tables.
///
/// `Library.create(path)` makes a new one, `Library.open(path)` opens (and migrates) an
/// existing one. `lib.catalog`, `lib.items`, `lib.members`, `lib.circulation` give the
/// operations; `lib.import_marc(path)` loads a MARC file; `lib.sql(query)` runs read-only
/// SQL against the INLISLite tables.
#[pyclass(module = "pustaka", name = "Library", frozen)]
pub(crate) struct Library {
    shared: Arc<Shared>,
}

impl Library {
    /// Runs `f` on the core library with the GIL released, for other modules' long
    /// operations whose errors are their own (e.g. the INLISLite import).
    pub(crate) fn with_core<T, F>(&self, py: Python<'_>, f: F) -> T
    where
        T: Send,
        F: FnOnce(&pustaka::Library) -> T + Send,
    {
        py.detach(|| f(&self.shared.lock()))
    }
}

fn make(py: Python<'_>, path: PathBuf, create: bool) -> PyResult<Library> {
    let dir = path.clone();
    let lib = py
        .detach(move || {
            if create {
                pustaka::Library::create(&path)
            } else {
                pustaka::Library::open(&path)
            }
        })
        .map_err(|e| library_error(py, e))?;
    Ok(Library {
        shared: Arc::new(Shared {
            lib: Mutex::new(lib),
            ro: Mutex::new(None),
            dir,
        }),
    })
}

/// A reader's records handed to the import, counting warnings and stopping after an error
/// the reader cannot go on from.
struct Counted<I: std::io::BufRead> {
    reader: pustaka_marc::Reader<I>,
    warnings: usize,
    finished: bool,
}

impl<I: std::io::BufRead> Iterator for Counted<I> {
    type Item = Result<pustaka_marc::Record, CoreMarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let item = self.reader.next();
        self.warnings += self.reader.take_warnings().len();
        match &item {
            None => self.finished = true,
            Some(Err(e)) if e.is_fatal() => self.finished = true,
            _ => {}
        }
        item
    }
}

enum ImportFailure {
    Marc(CoreMarcError),
    Library(pustaka::LibraryError),
}

/// A Python value as an SQL parameter.
fn sql_param(value: &Bound<'_, PyAny>) -> PyResult<SqlValue> {
    if value.is_none() {
        Ok(SqlValue::Null)
    } else if let Ok(b) = value.cast::<PyBool>() {
        Ok(SqlValue::Integer(i64::from(b.is_true())))
    } else if value.cast::<PyInt>().is_ok() {
        Ok(SqlValue::Integer(value.extract()?))
    } else if value.cast::<PyFloat>().is_ok() {
        Ok(SqlValue::Real(value.extract()?))
    } else if let Ok(s) = value.cast::<PyString>() {
        Ok(SqlValue::Text(s.to_cow()?.into_owned()))
    } else if let Ok(b) = value.cast::<PyBytes>() {
        Ok(SqlValue::Blob(b.as_bytes().to_vec()))
    } else {
        Err(PyTypeError::new_err(format!(
            "an SQL parameter must be None, bool, int, float, str or bytes, not {}",
            value.get_type().name()?
        )))
    }
}

enum Params {
    Positional(Vec<SqlValue>),
    Named(Vec<(String, SqlValue)>),
}

type Rows = (Vec<String>, Vec<Vec<SqlValue>>);

fn run_sql(conn: &Connection, query: &str, params: &Params) -> Result<Rows, String> {
    let mut stmt = conn.prepare(query).map_err(|e| e.to_string())?;
    if !stmt.readonly() {
        return Err(format!(
            "Library.sql is read-only and refuses statements that write: {}",
            query.trim()
        ));
    }
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let width = names.len();
    let mut rows = match params {
        Params::Positional(values) => stmt.query(rusqlite::params_from_iter(values.iter())),
        Params::Named(pairs) => {
            let named: Vec<(&str, &dyn rusqlite::ToSql)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v as &dyn rusqlite::ToSql))
                .collect();
            stmt.query(named.as_slice())
        }
    }
    .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(row.get::<_, SqlValue>(i).map_err(|e| e.to_string())?);
        }
        out.push(values);
    }
    Ok((names, out))
}

fn sql_value<'py>(py: Python<'py>, value: SqlValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        SqlValue::Null => py.None().into_bound(py),
        SqlValue::Integer(i) => i.into_pyobject(py)?.into_any(),
        SqlValue::Real(f) => f.into_pyobject(py)?.into_any(),
        SqlValue::Text(s) => PyString::new(py, &s).into_any(),
        SqlValue::Blob(b) => PyBytes::new(py, &b).into_any(),
    })
}

#[pymethods]
impl Library {
    /// Creates a new library in directory `path` (created if missing); `Conflict` if it
    /// already holds one.
    #[staticmethod]
    fn create(py: Python<'_>, path: PathBuf) -> PyResult<Library> {
        make(py, path, true)
    }

    /// Opens the library in directory `path`, applying any migration it lacks; `NotFound`
    /// when there is none.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Library> {
        make(py, path, false)
    }

    /// The library directory.
    #[getter]
    fn path(&self) -> PathBuf {
        self.shared.dir.clone()
    }

    /// The path of `library.sqlite`.
    #[getter]
    fn database_path(&self) -> PathBuf {
        self.shared.dir.join(pustaka::DATABASE_FILE)
    }

    /// The catalogue (`catalogs`, `catalog_ruas`, `catalog_subruas`, `marc_records`).
    #[getter]
    fn catalog(&self) -> Catalogue {
        Catalogue {
            shared: self.shared.clone(),
        }
    }

    /// The items (`collections`).
    #[getter]
    fn items(&self) -> Items {
        Items {
            shared: self.shared.clone(),
        }
    }

    /// The members (`members`, `jenis_anggota`).
    #[getter]
    fn members(&self) -> Members {
        Members {
            shared: self.shared.clone(),
        }
    }

    /// Circulation: checkouts, returns, renewals, bookings, reading in place, fines.
    #[getter]
    fn circulation(&self) -> Circulation {
        Circulation::new(self.shared.clone())
    }

    /// The guest book: check-ins, group visits and visitor counts (`memberguesses`,
    /// `groupguesses`).
    #[getter]
    fn visits(&self) -> crate::inclusion::Visits {
        crate::inclusion::Visits::new(self.shared.clone())
    }

    /// Community activities, their participants, stakeholders and impact stories.
    #[getter]
    fn activities(&self) -> crate::inclusion::Activities {
        crate::inclusion::Activities::new(self.shared.clone())
    }

    /// The periodic report of the days `from_` to `to` (both included), with a series per
    /// `by` (`"day"`, `"month"`, `"year"`) and, given `population`, the IPLM indicators: a
    /// `pustaka.Report` (a dict with the JSON report's keys, and `to_html(path)`).
    #[pyo3(signature = (from_, to, by="month", population=None))]
    fn report<'py>(
        &self,
        py: Python<'py>,
        from_: &Bound<'py, PyAny>,
        to: &Bound<'py, PyAny>,
        by: &str,
        population: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::inclusion::report(py, &self.shared, from_, to, by, population)
    }

    /// Searches the catalogue, with the GIL released: `query` in pustaka's query language
    /// (words, "phrases", `judul:`/`ti:`, `pengarang:`/`au:`, `tahun:2000..2010`, ...),
    /// the page `offset`..`offset+limit`, facet counts when `facets`, `sort` one of
    /// `"relevance"` (None), `"year"`, `"-year"`, `"title"`, and facet `filters` as a dict
    /// or `(facet, value)` pairs. Returns `pustaka.SearchResults`; a malformed query raises
    /// `QueryError` with `position`.
    #[pyo3(signature = (query, limit=10, offset=0, facets=true, sort=None, filters=None))]
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        py: Python<'_>,
        query: String,
        limit: usize,
        offset: usize,
        facets: bool,
        sort: Option<&str>,
        filters: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::search::SearchResults> {
        crate::search::search(
            &self.shared,
            py,
            query,
            limit,
            offset,
            facets,
            sort,
            filters,
        )
    }

    /// Rebuilds the search index from the database, with the GIL released; returns how
    /// many records it indexed.
    fn reindex(&self, py: Python<'_>) -> PyResult<usize> {
        self.shared.run(py, |l| l.reindex())
    }

    /// The migrations applied, as `(version, name)` pairs.
    fn migrations(&self, py: Python<'_>) -> PyResult<Vec<(i64, String)>> {
        self.shared.run(py, |l| l.migrations())
    }

    /// Imports a MARC file (any format pustaka reads, detected from its content) in
    /// batches, with the GIL released. Returns `{"imported", "rejected", "warnings",
    /// "seconds", "items", "complete", "rejections": [{"record", "reason"}]}`.
    #[pyo3(signature = (path, worksheet=1, lenient=false, keep_going=false, items_from=None, at=None, batch_size=1000))]
    #[allow(clippy::too_many_arguments)]
    fn import_marc<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        worksheet: i64,
        lenient: bool,
        keep_going: bool,
        items_from: Option<&Bound<'py, PyAny>>,
        at: Option<&Bound<'py, PyAny>>,
        batch_size: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = timestamp(py, at, invalid_validation)?;
        let items_from = match items_from {
            Some(v) if !v.is_none() => {
                let tag: String = v.str()?.to_cow()?.into_owned();
                Some(ItemSource::from_tag(&tag).ok_or_else(|| {
                    ValidationError::new_err(format!(
                        "invalid items_from: {tag:?} is not \"990\" or \"952\""
                    ))
                })?)
            }
            _ => None,
        };
        let mut options = ImportOptions::new(at);
        options.worksheet_id = worksheet;
        options.keep_going = keep_going;
        options.batch_size = batch_size;
        options.items_from = items_from;
        let read_options = if lenient {
            ReadOptions::lenient()
        } else {
            ReadOptions::default()
        };
        let shared = &self.shared;
        let start = Instant::now();
        let outcome = py.detach(|| {
            let reader =
                pustaka_marc::read_path(&path, None, read_options).map_err(ImportFailure::Marc)?;
            let mut source = Counted {
                reader,
                warnings: 0,
                finished: false,
            };
            let report = shared
                .lock()
                .import_records(&mut source, &options)
                .map_err(ImportFailure::Library)?;
            Ok((report, source.warnings))
        });
        let (report, warnings) = outcome.map_err(|e| match e {
            ImportFailure::Marc(e) => marc_error(py, &e),
            ImportFailure::Library(e) => library_error(py, e),
        })?;
        let seconds = start.elapsed().as_secs_f64();
        let out = PyDict::new(py);
        out.set_item("imported", report.imported)?;
        out.set_item("rejected", report.rejected.len())?;
        out.set_item("warnings", warnings)?;
        out.set_item("seconds", (seconds * 1000.0).round() / 1000.0)?;
        out.set_item("items", report.items)?;
        out.set_item("complete", !report.stopped)?;
        let rejections = PyList::empty(py);
        for r in &report.rejected {
            let d = PyDict::new(py);
            d.set_item("record", r.record)?;
            d.set_item("reason", &r.reason)?;
            rejections.append(d)?;
        }
        out.set_item("rejections", rejections)?;
        Ok(out)
    }

    /// Runs one read-only SQL statement and returns its rows as a list of dicts (column
    /// name -> value). `params` is a sequence (for `?` placeholders) or a mapping (for
    /// `:name` placeholders). A statement that would write raises `pustaka.QueryError`;
    /// so does invalid SQL.
    #[pyo3(signature = (query, params=None))]
    fn sql<'py>(
        &self,
        py: Python<'py>,
        query: String,
        params: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let params = match params {
            None => Params::Positional(Vec::new()),
            Some(p) if p.is_none() => Params::Positional(Vec::new()),
            Some(p) => {
                if let Ok(map) = p.cast::<PyMapping>() {
                    let mut pairs = Vec::new();
                    for item in map.items()?.iter() {
                        let (k, v): (String, Bound<'py, PyAny>) = item.extract()?;
                        let key = if k.starts_with([':', '@', '$']) {
                            k
                        } else {
                            format!(":{k}")
                        };
                        pairs.push((key, sql_param(&v)?));
                    }
                    Params::Named(pairs)
                } else if p.cast::<PyString>().is_ok() || p.cast::<PyBytes>().is_ok() {
                    return Err(PyTypeError::new_err(
                        "params must be a sequence or a mapping, not a string",
                    ));
                } else {
                    let mut values = Vec::new();
                    for v in p.try_iter()? {
                        values.push(sql_param(&v?)?);
                    }
                    Params::Positional(values)
                }
            }
        };
        let (names, rows) = self.shared.read(py, |c| run_sql(c, &query, &params))?;
        let out = PyList::empty(py);
        for row in rows {
            let d = PyDict::new(py);
            for (name, value) in names.iter().zip(row) {
                d.set_item(name, sql_value(py, value)?)?;
            }
            out.append(d)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!(
            "<pustaka.Library {:?}>",
            self.shared.dir.display().to_string()
        )
    }
}

// ---------------------------------------------------------------------------------------
// Catalogue

/// A catalogue record as stored: INLISLite's `catalogs` row and the MARC record.
#[pyclass(module = "pustaka", name = "Catalog", frozen)]
pub(crate) struct Catalog {
    /// `catalogs.ID`.
    #[pyo3(get)]
    id: i64,
    /// `BIBID`, e.g. `"0010-0125000001"`.
    #[pyo3(get)]
    bibid: String,
    /// `ControlNumber` (field 001), e.g. `"INLIS000000000000001"`.
    #[pyo3(get)]
    control_number: String,
    #[pyo3(get)]
    worksheet_id: i64,
    #[pyo3(get)]
    title: String,
    #[pyo3(get)]
    author: Option<String>,
    #[pyo3(get)]
    edition: Option<String>,
    #[pyo3(get)]
    publikasi: Option<String>,
    #[pyo3(get)]
    publisher: Option<String>,
    #[pyo3(get)]
    publish_location: Option<String>,
    #[pyo3(get)]
    publish_year: Option<String>,
    #[pyo3(get)]
    subject: Option<String>,
    #[pyo3(get)]
    physical_description: Option<String>,
    #[pyo3(get)]
    isbn: Option<String>,
    #[pyo3(get)]
    call_number: Option<String>,
    #[pyo3(get)]
    dewey_no: Option<String>,
    #[pyo3(get)]
    note: Option<String>,
    #[pyo3(get)]
    languages: Option<String>,
    #[pyo3(get)]
    is_rda: bool,
    #[pyo3(get)]
    create_date: Option<String>,
    #[pyo3(get)]
    update_date: Option<String>,
    core: pustaka_marc::Record,
}

impl From<pustaka::Catalog> for Catalog {
    fn from(c: pustaka::Catalog) -> Self {
        let d = c.display;
        Catalog {
            id: c.id,
            bibid: c.bibid,
            control_number: c.control_number,
            worksheet_id: c.worksheet_id,
            title: d.title,
            author: d.author,
            edition: d.edition,
            publikasi: d.publikasi,
            publisher: d.publisher,
            publish_location: d.publish_location,
            publish_year: d.publish_year,
            subject: d.subject,
            physical_description: d.physical_description,
            isbn: d.isbn,
            call_number: d.call_number,
            dewey_no: d.dewey_no,
            note: d.note,
            languages: d.languages,
            is_rda: d.is_rda,
            create_date: c.create_date,
            update_date: c.update_date,
            core: c.record,
        }
    }
}

#[pymethods]
impl Catalog {
    /// The MARC record as stored (a new `pustaka.marc.Record` on each access).
    #[getter]
    fn record(&self) -> Record {
        wrap_core(self.core.clone())
    }

    fn __repr__(&self) -> String {
        format!(
            "<pustaka.Catalog id={} bibid={:?} title={:?}>",
            self.id, self.bibid, self.title
        )
    }
}

/// `lib.catalog`: add, read, update, delete and restore catalogue records.
#[pyclass(module = "pustaka", name = "Catalogue", frozen)]
pub(crate) struct Catalogue {
    shared: Arc<Shared>,
}

#[pymethods]
impl Catalogue {
    /// Adds a record (a `pustaka.marc.Record` or a pymarc record) as INLISLite does:
    /// assigns the BIBID and control number, writes 001/005/035, fills `catalogs`,
    /// `catalog_ruas` and `catalog_subruas`. Returns the stored `Catalog`.
    #[pyo3(signature = (record, worksheet=1, at=None))]
    fn add(
        &self,
        py: Python<'_>,
        record: &Bound<'_, PyAny>,
        worksheet: i64,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Catalog> {
        let record = record_to_core(record)?;
        let at = timestamp(py, at, invalid_validation)?;
        self.shared
            .run(py, |l| l.catalog().add(&record, worksheet, at))
            .map(Catalog::from)
    }

    /// The record with `catalogs.ID` `id`; `NotFound` if there is none.
    fn get(&self, py: Python<'_>, id: i64) -> PyResult<Catalog> {
        self.shared
            .run(py, |l| l.catalog().get(id))
            .map(Catalog::from)
    }

    /// The record with BIBID `bibid`; `NotFound` if there is none.
    fn get_by_bibid(&self, py: Python<'_>, bibid: String) -> PyResult<Catalog> {
        self.shared
            .run(py, |l| l.catalog().get_by_bibid(&bibid))
            .map(Catalog::from)
    }

    /// Replaces the record of catalog `id` (keeping its BIBID and control number).
    #[pyo3(signature = (id, record, at=None))]
    fn update(
        &self,
        py: Python<'_>,
        id: i64,
        record: &Bound<'_, PyAny>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Catalog> {
        let record = record_to_core(record)?;
        let at = timestamp(py, at, invalid_validation)?;
        self.shared
            .run(py, |l| l.catalog().update(id, &record, at))
            .map(Catalog::from)
    }

    /// Deletes catalog `id` (moved to the `quarantined_*` tables, as INLISLite does).
    #[pyo3(signature = (id, at=None))]
    fn delete(&self, py: Python<'_>, id: i64, at: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let at = timestamp(py, at, invalid_validation)?;
        self.shared.run(py, |l| l.catalog().delete(id, at))
    }

    /// Brings a deleted catalog back from quarantine.
    #[pyo3(signature = (id, at=None))]
    fn restore(&self, py: Python<'_>, id: i64, at: Option<&Bound<'_, PyAny>>) -> PyResult<Catalog> {
        let at = timestamp(py, at, invalid_validation)?;
        self.shared
            .run(py, |l| l.catalog().restore(id, at))
            .map(Catalog::from)
    }

    /// The number of catalogue records.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let n = self.shared.run(py, |l| l.catalog().count())?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Every record, in id order.
    fn __iter__(&self) -> CatalogIter {
        CatalogIter {
            shared: self.shared.clone(),
            after: 0,
            page: VecDeque::new(),
            done: false,
        }
    }
}

/// An iterator over the catalogue in id order (records deleted meanwhile are skipped).
#[pyclass(module = "pustaka", name = "CatalogIterator")]
pub(crate) struct CatalogIter {
    shared: Arc<Shared>,
    after: i64,
    page: VecDeque<i64>,
    done: bool,
}

const PAGE: i64 = 256;

#[pymethods]
impl CatalogIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Catalog>> {
        loop {
            if self.page.is_empty() {
                if self.done {
                    return Ok(None);
                }
                let after = self.after;
                let ids: VecDeque<i64> = self.shared.read(py, |c| {
                    c.prepare_cached("SELECT ID FROM catalogs WHERE ID > ?1 ORDER BY ID LIMIT ?2")
                        .and_then(|mut s| {
                            s.query_map([after, PAGE], |r| r.get::<_, i64>(0))?
                                .collect::<rusqlite::Result<VecDeque<i64>>>()
                        })
                        .map_err(|e| e.to_string())
                })?;
                self.done = (ids.len() as i64) < PAGE;
                if let Some(last) = ids.back() {
                    self.after = *last;
                }
                self.page = ids;
                continue;
            }
            let Some(id) = self.page.pop_front() else {
                continue;
            };
            match self.shared.run(py, |l| l.catalog().get(id)) {
                Ok(c) => return Ok(Some(Catalog::from(c))),
                Err(e) if e.is_instance_of::<crate::error::NotFound>(py) => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Items

/// An item (a `collections` row).
#[pyclass(module = "pustaka", name = "Item", frozen)]
pub(crate) struct Item {
    #[pyo3(get)]
    id: i64,
    #[pyo3(get)]
    catalog_id: Option<i64>,
    /// `NomorBarcode`.
    #[pyo3(get)]
    barcode: String,
    /// `NoInduk` (accession number).
    #[pyo3(get)]
    no_induk: Option<String>,
    #[pyo3(get)]
    call_number: Option<String>,
    #[pyo3(get)]
    location_library_id: Option<i64>,
    #[pyo3(get)]
    location_id: Option<i64>,
    #[pyo3(get)]
    media_id: Option<i64>,
    #[pyo3(get)]
    source_id: Option<i64>,
    #[pyo3(get)]
    category_id: Option<i64>,
    #[pyo3(get)]
    rule_id: Option<i64>,
    #[pyo3(get)]
    status_id: Option<i64>,
    #[pyo3(get)]
    price: Option<i64>,
    #[pyo3(get)]
    currency: Option<String>,
    /// `TanggalPengadaan`.
    #[pyo3(get)]
    acquisition_date: Option<String>,
    #[pyo3(get)]
    create_date: Option<String>,
}

impl From<pustaka::Item> for Item {
    fn from(i: pustaka::Item) -> Self {
        let c = i.columns;
        Item {
            id: i.id,
            catalog_id: i.catalog_id,
            barcode: c.nomor_barcode,
            no_induk: c.no_induk,
            call_number: c.call_number,
            location_library_id: c.location_library_id,
            location_id: c.location_id,
            media_id: c.media_id,
            source_id: c.source_id,
            category_id: c.category_id,
            rule_id: c.rule_id,
            status_id: c.status_id,
            price: c.price,
            currency: c.currency,
            acquisition_date: c.tanggal_pengadaan,
            create_date: i.create_date,
        }
    }
}

#[pymethods]
impl Item {
    fn __repr__(&self) -> String {
        format!(
            "<pustaka.Item id={} barcode={:?} catalog_id={:?}>",
            self.id, self.barcode, self.catalog_id
        )
    }
}

/// Which catalog an item call names: an id, a BIBID or a `Catalog`.
enum CatalogKey {
    Id(i64),
    Bibid(String),
}

impl CatalogKey {
    fn from_py(value: &Bound<'_, PyAny>) -> PyResult<CatalogKey> {
        if let Ok(c) = value.cast::<Catalog>() {
            return Ok(CatalogKey::Id(c.get().id));
        }
        if value.cast::<PyBool>().is_err() && value.cast::<PyInt>().is_ok() {
            return Ok(CatalogKey::Id(value.extract()?));
        }
        if let Ok(s) = value.cast::<PyString>() {
            return Ok(CatalogKey::Bibid(s.to_cow()?.into_owned()));
        }
        Err(PyTypeError::new_err(format!(
            "expected a catalog id (int), a BIBID (str) or a Catalog, not {}",
            value.get_type().name()?
        )))
    }

    fn resolve(&self, l: &pustaka::Library) -> pustaka::Result<i64> {
        match self {
            CatalogKey::Id(id) => Ok(*id),
            CatalogKey::Bibid(b) => Ok(l.catalog().get_by_bibid(b)?.id),
        }
    }
}

/// `lib.items`: items (`collections`) by barcode.
#[pyclass(module = "pustaka", name = "Items", frozen)]
pub(crate) struct Items {
    shared: Arc<Shared>,
}

#[pymethods]
impl Items {
    /// Adds an item to a catalog (named by id, BIBID or `Catalog`) and writes its
    /// `990 $a NoInduk` to the record. A barcode already used is `Conflict`.
    #[pyo3(signature = (catalog, barcode, *, no_induk=None, call_number=None, location_id=None,
        location_library_id=None, media_id=None, source_id=None, category_id=None,
        rule_id=None, status_id=None, price=None, currency=None, acquisition_date=None,
        at=None))]
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        py: Python<'_>,
        catalog: &Bound<'_, PyAny>,
        barcode: String,
        no_induk: Option<String>,
        call_number: Option<String>,
        location_id: Option<i64>,
        location_library_id: Option<i64>,
        media_id: Option<i64>,
        source_id: Option<i64>,
        category_id: Option<i64>,
        rule_id: Option<i64>,
        status_id: Option<i64>,
        price: Option<i64>,
        currency: Option<String>,
        acquisition_date: Option<String>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Item> {
        let key = CatalogKey::from_py(catalog)?;
        let at = timestamp(py, at, invalid_validation)?;
        let item = NewItem {
            nomor_barcode: barcode,
            no_induk,
            call_number,
            location_library_id,
            location_id,
            media_id,
            source_id,
            category_id,
            rule_id,
            status_id,
            price,
            currency,
            tanggal_pengadaan: acquisition_date,
        };
        self.shared
            .run(py, |l| {
                let id = key.resolve(l)?;
                l.items().add(id, &item, at)
            })
            .map(Item::from)
    }

    /// The item with `collections.ID` `id`.
    fn get(&self, py: Python<'_>, id: i64) -> PyResult<Item> {
        self.shared.run(py, |l| l.items().get(id)).map(Item::from)
    }

    /// The item with barcode `barcode`; `NotFound` if there is none.
    fn get_by_barcode(&self, py: Python<'_>, barcode: String) -> PyResult<Item> {
        self.shared
            .run(py, |l| l.items().get_by_barcode(&barcode))
            .map(Item::from)
    }

    /// The items of a catalog (id, BIBID or `Catalog`), in id order.
    fn for_catalog(&self, py: Python<'_>, catalog: &Bound<'_, PyAny>) -> PyResult<Vec<Item>> {
        let key = CatalogKey::from_py(catalog)?;
        let items = self.shared.run(py, |l| {
            let id = key.resolve(l)?;
            l.items().for_catalog(id)
        })?;
        Ok(items.into_iter().map(Item::from).collect())
    }
}

// ---------------------------------------------------------------------------------------
// Members

/// A member (a `members` row).
#[pyclass(module = "pustaka", name = "Member", frozen)]
pub(crate) struct Member {
    #[pyo3(get)]
    id: i64,
    /// `MemberNo`.
    #[pyo3(get)]
    member_no: String,
    /// `Fullname`.
    #[pyo3(get)]
    name: String,
    /// `JenisAnggota_id`.
    #[pyo3(get)]
    member_type_id: i64,
    /// `StatusAnggota_id` (3 active, 5 suspended, ...).
    #[pyo3(get)]
    status_id: i64,
    /// `RegisterDate`, `YYYY-MM-DD`.
    #[pyo3(get)]
    register_date: Option<String>,
    /// `EndDate`, `YYYY-MM-DD`.
    #[pyo3(get)]
    end_date: Option<String>,
    #[pyo3(get)]
    email: Option<String>,
    /// `NoHp`.
    #[pyo3(get)]
    phone: Option<String>,
    #[pyo3(get)]
    address: Option<String>,
    #[pyo3(get)]
    identity_no: Option<String>,
    #[pyo3(get)]
    create_date: Option<String>,
}

impl From<pustaka::Member> for Member {
    fn from(m: pustaka::Member) -> Self {
        let c = m.columns;
        Member {
            id: m.id,
            member_no: c.member_no,
            name: c.fullname,
            member_type_id: c.jenis_anggota_id,
            status_id: c.status_anggota_id,
            register_date: c.register_date.map(|d| d.to_string()),
            end_date: c.end_date.map(|d| d.to_string()),
            email: c.email,
            phone: c.no_hp,
            address: c.address,
            identity_no: c.identity_no,
            create_date: m.create_date,
        }
    }
}

#[pymethods]
impl Member {
    fn __repr__(&self) -> String {
        format!(
            "<pustaka.Member id={} member_no={:?} name={:?}>",
            self.id, self.member_no, self.name
        )
    }
}

/// `lib.members`: members and member types (`jenis_anggota`).
#[pyclass(module = "pustaka", name = "Members", frozen)]
pub(crate) struct Members {
    shared: Arc<Shared>,
}

#[pymethods]
impl Members {
    /// Adds a member. `member_type` is a `jenis_anggota` id or name (a name that does not
    /// exist is a `ValidationError`, unless `create_type=True` adds it with the defaults).
    /// A member number already used is `Conflict`.
    #[pyo3(signature = (member_no, name, member_type, *, status=3, register_date=None,
        end_date=None, email=None, phone=None, address=None, identity_no=None,
        create_type=false, at=None))]
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        py: Python<'_>,
        member_no: String,
        name: String,
        member_type: &Bound<'_, PyAny>,
        status: i64,
        register_date: Option<&Bound<'_, PyAny>>,
        end_date: Option<&Bound<'_, PyAny>>,
        email: Option<String>,
        phone: Option<String>,
        address: Option<String>,
        identity_no: Option<String>,
        create_type: bool,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Member> {
        let type_key: Result<i64, String> =
            if member_type.cast::<PyBool>().is_err() && member_type.cast::<PyInt>().is_ok() {
                Ok(member_type.extract()?)
            } else if let Ok(s) = member_type.cast::<PyString>() {
                Err(s.to_cow()?.into_owned())
            } else {
                return Err(PyTypeError::new_err(
                    "member_type must be a jenis_anggota id (int) or name (str)",
                ));
            };
        let register_date = optional_date(py, register_date, invalid_validation)?;
        let end_date = optional_date(py, end_date, invalid_validation)?;
        let at = timestamp(py, at, invalid_validation)?;
        self.shared
            .run(py, |l| {
                let members = l.members();
                let type_id = match &type_key {
                    Ok(id) => *id,
                    Err(type_name) => match members.type_id(type_name)? {
                        Some(id) => id,
                        None if create_type => {
                            members.add_type(&NewMemberType::new(type_name.as_str()), at)?
                        }
                        None => {
                            return Err(pustaka::LibraryError::Validation {
                                field: "member_type".into(),
                                message: format!(
                                    "member type {type_name:?} does not exist in jenis_anggota \
                                     (add it with members.add_type or pass create_type=True)"
                                ),
                            })
                        }
                    },
                };
                let mut m = NewMember::new(member_no.as_str(), name.as_str(), type_id);
                m.status_anggota_id = status;
                m.register_date = register_date;
                m.end_date = end_date;
                m.email = email;
                m.no_hp = phone;
                m.address = address;
                m.identity_no = identity_no;
                members.add(&m, at)
            })
            .map(Member::from)
    }

    /// The member with `MemberNo` `member_no`; `NotFound` if there is none.
    fn get(&self, py: Python<'_>, member_no: String) -> PyResult<Member> {
        self.shared
            .run(py, |l| l.members().get_by_member_no(&member_no))
            .map(Member::from)
    }

    /// The member with `members.ID` `id`.
    fn get_by_id(&self, py: Python<'_>, id: i64) -> PyResult<Member> {
        self.shared
            .run(py, |l| l.members().get(id))
            .map(Member::from)
    }

    /// Adds a member type (`jenis_anggota`) and returns its id. `validity_days` is
    /// `MasaBerlakuAnggota`, `max_items` `MaxPinjamKoleksi`, `max_loan_days` `MaxLoanDays`.
    #[pyo3(signature = (name, *, validity_days=365, max_items=1000, max_loan_days=0, at=None))]
    fn add_type(
        &self,
        py: Python<'_>,
        name: String,
        validity_days: i64,
        max_items: i64,
        max_loan_days: i64,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<i64> {
        let at = timestamp(py, at, invalid_validation)?;
        let t = NewMemberType {
            jenisanggota: name,
            masa_berlaku_anggota: validity_days,
            max_pinjam_koleksi: max_items,
            max_loan_days,
        };
        self.shared.run(py, |l| l.members().add_type(&t, at))
    }

    /// The member types as `(id, name)` pairs.
    fn types(&self, py: Python<'_>) -> PyResult<Vec<(i64, String)>> {
        self.shared.run(py, |l| l.members().types())
    }
}

/// Adds the classes to the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Library>()?;
    m.add_class::<Catalogue>()?;
    m.add_class::<Catalog>()?;
    m.add_class::<CatalogIter>()?;
    m.add_class::<Items>()?;
    m.add_class::<Item>()?;
    m.add_class::<Members>()?;
    m.add_class::<Member>()?;
    Ok(())
}
