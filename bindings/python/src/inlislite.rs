//! `pustaka.inlislite`: INLISLite v3 interchange from Python, over `pustaka-inlislite`.
//!
//! `import_dump(library, path, tables="core")` loads a `mysqldump` of an INLISLite v3
//! database into a `pustaka.Library` and returns the per-table report;
//! `export(library, path)` writes the library as an INLISLite v3 dump; `read_dump(path)`
//! iterates the raw `(table, row_dict)` pairs of a dump as a stream. The heavy parts run
//! with the GIL released. A dump that cannot be read or imported raises
//! `pustaka.ImportFailed` with `kind`, `line`, `column` and `message`; library failures
//! raise the library's `PustakaError` subclasses.

use std::collections::VecDeque;
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyInt, PyList};

use pustaka_inlislite::dump::{DumpError, Position, Rows};
use pustaka_inlislite::import::{ImportError, ImportOptions, Tables};
use pustaka_inlislite::{export_dump, ExportError, Row, Value};

use crate::error::{library_error, ImportFailed, PustakaError};
use crate::library::Library;

/// Rows read per release of the GIL by `read_dump`'s iterator.
const ROWS_PER_BATCH: usize = 512;

/// A `pustaka.ImportFailed` with `kind`, `line` and `column` (None when the failure has
/// no place in the dump) and `message`.
fn import_failed(py: Python<'_>, kind: &str, at: Option<Position>, message: String) -> PyErr {
    let exc = ImportFailed::new_err(message.clone());
    let value = exc.value(py);
    let _ = value.setattr("kind", kind);
    let _ = value.setattr("line", at.map(|a| a.line));
    let _ = value.setattr("column", at.map(|a| a.column));
    let _ = value.setattr("message", message);
    exc
}

fn dump_error(py: Python<'_>, e: &DumpError) -> PyErr {
    import_failed(py, "dump", Some(e.position()), e.to_string())
}

fn import_error(py: Python<'_>, e: ImportError) -> PyErr {
    match e {
        ImportError::Open { .. } => import_failed(py, "io", None, e.to_string()),
        ImportError::Dump(d) => dump_error(py, &d),
        ImportError::V2Dump { at, .. } => import_failed(py, "v2_dump", Some(at), e.to_string()),
        ImportError::Server { .. } => import_failed(py, "server", None, e.to_string()),
        ImportError::Library(l) => library_error(py, l),
    }
}

/// A dump value as Python sees it: None, int, float (a decimal or float column), str
/// (text and dates, zero dates verbatim) or bytes.
fn value_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::Number(s) => {
            let whole = s
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+');
            match (whole, s.parse::<f64>()) {
                // A whole number too large for i64 (an unsigned bigint): Python's int.
                (true, _) => py.get_type::<PyInt>().call1((s.as_str(),))?,
                (false, Ok(f)) => f.into_pyobject(py)?.into_any(),
                (false, Err(_)) => s.into_pyobject(py)?.into_any(),
            }
        }
        Value::Text(s) | Value::ZeroDate(s) => s.into_pyobject(py)?.into_any(),
        Value::Bytes(b) => PyBytes::new(py, b).into_any(),
    })
}

fn row_dict<'py>(py: Python<'py>, row: &Row) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (name, value) in row.iter() {
        d.set_item(name, value_py(py, value)?)?;
    }
    Ok(d)
}

/// Imports an INLISLite v3 `mysqldump` file into `library` (one transaction, INLISLite's
/// ids kept, rows upserted so a second import changes nothing). `tables` is `"core"` (the
/// tables pustaka models) or `"all"` (also every other table, kept verbatim for a later
/// export). Returns the report: `{"tables": {name: {"read", "imported", "rejected",
/// "destination"}}, "rejections": [{"table", "line", "reason"}], "warnings": [{"line",
/// "column", "table", "message"}], "marc_rebuilt", "bytes", "seconds"}`.
#[pyfunction]
#[pyo3(signature = (library, path, tables="core"))]
fn import_dump<'py>(
    py: Python<'py>,
    library: PyRef<'py, Library>,
    path: PathBuf,
    tables: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let tables: Tables = tables
        .parse()
        .map_err(|e: String| crate::error::ValidationError::new_err(e))?;
    let result = library.with_core(py, |lib| {
        pustaka_inlislite::import_dump(
            lib,
            &path,
            ImportOptions {
                tables,
                progress: None,
            },
        )
    });
    let report = result.map_err(|e| import_error(py, e))?;
    let out = PyDict::new(py);
    let per_table = PyDict::new(py);
    for (name, t) in &report.tables {
        let d = PyDict::new(py);
        d.set_item("read", t.read)?;
        d.set_item("imported", t.imported)?;
        d.set_item("rejected", t.rejected)?;
        d.set_item("destination", t.destination)?;
        per_table.set_item(name, d)?;
    }
    out.set_item("tables", per_table)?;
    let rejections = PyList::empty(py);
    for r in &report.rejections {
        let d = PyDict::new(py);
        d.set_item("table", &r.table)?;
        d.set_item("line", r.line)?;
        d.set_item("reason", &r.reason)?;
        rejections.append(d)?;
    }
    out.set_item("rejections", rejections)?;
    let warnings = PyList::empty(py);
    for w in &report.warnings {
        let d = PyDict::new(py);
        d.set_item("line", w.at.line)?;
        d.set_item("column", w.at.column)?;
        d.set_item("table", w.table.as_deref())?;
        d.set_item("message", &w.message)?;
        warnings.append(d)?;
    }
    out.set_item("warnings", warnings)?;
    out.set_item("marc_rebuilt", report.marc_rebuilt)?;
    out.set_item("bytes", report.bytes)?;
    out.set_item("seconds", report.seconds)?;
    Ok(out)
}

/// Writes `library` as an INLISLite v3 dump at `path` (written beside it as
/// `path.partial` and renamed when complete, so a failed export leaves no half file).
/// Returns `{"tables": {name: rows}, "rows", "bytes", "seconds"}`.
#[pyfunction]
fn export<'py>(
    py: Python<'py>,
    library: PyRef<'py, Library>,
    path: PathBuf,
) -> PyResult<Bound<'py, PyDict>> {
    let started = Instant::now();
    let mut partial = path.clone().into_os_string();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = library.with_core(py, |lib| -> Result<_, ExportError> {
        let file = File::create(&partial)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        let report = export_dump(lib, &mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&partial, &path)?;
        Ok(report)
    });
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(match e {
                ExportError::Library(l) => library_error(py, l),
                ExportError::Io(io) => {
                    PustakaError::new_err(format!("writing {}: {io}", path.display()))
                }
            });
        }
    };
    let out = PyDict::new(py);
    let tables = PyDict::new(py);
    let mut rows = 0u64;
    for (name, n) in &report.tables {
        tables.set_item(name, n)?;
        rows += n;
    }
    out.set_item("tables", tables)?;
    out.set_item("rows", rows)?;
    out.set_item(
        "bytes",
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
    )?;
    out.set_item("seconds", started.elapsed().as_secs_f64())?;
    Ok(out)
}

/// The reading state of a `DumpRows`: the stream, rows read ahead, and an error met
/// after them (raised once they are handed out).
struct Stream {
    rows: Rows<BufReader<File>>,
    ahead: VecDeque<Row>,
    error: Option<DumpError>,
    done: bool,
}

/// The rows of a dump as `(table, row_dict)`, read as a stream (a few hundred rows ahead,
/// with the GIL released); `line` is where reading is.
#[pyclass(module = "pustaka.inlislite", name = "DumpRows", frozen)]
struct DumpRows {
    stream: Mutex<Stream>,
}

#[pymethods]
impl DumpRows {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<(String, Bound<'py, PyDict>)>> {
        let next = py.detach(|| {
            let mut s = self.stream.lock().unwrap_or_else(|e| e.into_inner());
            if s.ahead.is_empty() && !s.done {
                while s.ahead.len() < ROWS_PER_BATCH {
                    match s.rows.next() {
                        Some(Ok((_, row))) => s.ahead.push_back(row),
                        Some(Err(e)) => {
                            s.error = Some(e);
                            s.done = true;
                            break;
                        }
                        None => {
                            s.done = true;
                            break;
                        }
                    }
                }
            }
            match s.ahead.pop_front() {
                Some(row) => Ok(Some(row)),
                None => match s.error.take() {
                    Some(e) => Err(e),
                    None => Ok(None),
                },
            }
        });
        match next {
            Ok(Some(row)) => Ok(Some((row.table.to_string(), row_dict(py, &row)?))),
            Ok(None) => Ok(None),
            Err(e) => Err(dump_error(py, &e)),
        }
    }

    /// The dump line the reader has reached.
    #[getter]
    fn line(&self) -> u64 {
        let s = self.stream.lock().unwrap_or_else(|e| e.into_inner());
        s.rows.reader().position().line
    }

    /// Bytes of the dump read so far.
    #[getter]
    fn bytes_read(&self) -> u64 {
        let s = self.stream.lock().unwrap_or_else(|e| e.into_inner());
        s.rows.reader().bytes_read()
    }
}

/// Reads the dump at `path` as a stream of `(table, row_dict)` pairs, one per row of every
/// `INSERT`, with values as None, int, float, str (text and dates) or bytes.
#[pyfunction]
fn read_dump(py: Python<'_>, path: PathBuf) -> PyResult<DumpRows> {
    let rows = pustaka_inlislite::read_dump(&path).map_err(|e| {
        import_failed(
            py,
            "io",
            None,
            format!("cannot open the dump {}: {e}", path.display()),
        )
    })?;
    Ok(DumpRows {
        stream: Mutex::new(Stream {
            rows,
            ahead: VecDeque::new(),
            error: None,
            done: false,
        }),
    })
}

/// Adds the `inlislite` submodule to the native module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let sub = PyModule::new(m.py(), "inlislite")?;
    sub.add_function(wrap_pyfunction!(import_dump, &sub)?)?;
    sub.add_function(wrap_pyfunction!(export, &sub)?)?;
    sub.add_function(wrap_pyfunction!(read_dump, &sub)?)?;
    sub.add_class::<DumpRows>()?;
    m.add_submodule(&sub)?;
    Ok(())
}
