//! The exception hierarchy, and every conversion of a Rust error into a Python exception.
//!
//! `pustaka.PustakaError` is the base of everything pustaka raises on purpose;
//! `pustaka.MarcError` carries where a MARC problem is (`record_number`, `offset`, `line`,
//! `tag`) and what it is (`kind`, `pymarc_name`, `message`). The other subclasses are defined
//! now so that later modules (catalogue, circulation, search, import) raise from the same tree.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyString;

use pustaka_marc::{ErrorKind, MarcError as CoreMarcError};

create_exception!(
    pustaka,
    PustakaError,
    PyException,
    "Base class of every error pustaka raises."
);
create_exception!(
    pustaka,
    MarcError,
    PustakaError,
    "A MARC record or input that cannot be read or written.\n\nAttributes: record_number (int, counting from 1; 0 when not inside a record), offset (int, byte offset from the start of the input), line (int or None, for text formats), tag (str or None), kind (str, e.g. 'TruncatedRecord'), pymarc_name (str, the name pymarc gives the same failure), message (str, without the position)."
);
create_exception!(
    pustaka,
    NotFound,
    PustakaError,
    "Something asked for does not exist."
);
create_exception!(
    pustaka,
    Conflict,
    PustakaError,
    "A change conflicts with the current state."
);
create_exception!(
    pustaka,
    ValidationError,
    PustakaError,
    "Input that breaks a rule of the data model."
);
create_exception!(
    pustaka,
    CirculationError,
    PustakaError,
    "A circulation rule forbids the operation."
);
create_exception!(
    pustaka,
    QueryError,
    PustakaError,
    "A search query that cannot be parsed or run."
);
create_exception!(
    pustaka,
    ImportFailed,
    PustakaError,
    "An import that could not be completed."
);
create_exception!(
    pustaka.marc,
    FieldNotFound,
    NotFound,
    "Record.remove_field was given a field the record does not hold."
);

/// Adds the exception classes to the module, with class-level defaults for `MarcError`'s
/// attributes so that a `MarcError` raised from Python code has them too.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("PustakaError", py.get_type::<PustakaError>())?;
    m.add("MarcError", py.get_type::<MarcError>())?;
    m.add("NotFound", py.get_type::<NotFound>())?;
    m.add("Conflict", py.get_type::<Conflict>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("CirculationError", py.get_type::<CirculationError>())?;
    m.add("QueryError", py.get_type::<QueryError>())?;
    m.add("ImportFailed", py.get_type::<ImportFailed>())?;
    m.add("FieldNotFound", py.get_type::<FieldNotFound>())?;
    let marc = py.get_type::<MarcError>();
    marc.setattr("record_number", 0)?;
    marc.setattr("offset", 0)?;
    marc.setattr("line", py.None())?;
    marc.setattr("tag", py.None())?;
    marc.setattr("kind", "Other")?;
    marc.setattr("pymarc_name", "Other")?;
    marc.setattr("message", "")?;
    let circulation = py.get_type::<CirculationError>();
    circulation.setattr("kind", "other")?;
    circulation.setattr("message", "")?;
    py.get_type::<ValidationError>()
        .setattr("field", py.None())?;
    let query = py.get_type::<QueryError>();
    query.setattr("position", py.None())?;
    query.setattr("message", "")?;
    let import_failed = py.get_type::<ImportFailed>();
    import_failed.setattr("kind", "other")?;
    import_failed.setattr("line", py.None())?;
    import_failed.setattr("column", py.None())?;
    import_failed.setattr("message", "")?;
    Ok(())
}

/// The name of an error kind as Python sees it (`MarcError.kind`).
pub(crate) fn kind_name(kind: &ErrorKind) -> String {
    kind.name().to_string()
}

/// A Python exception carried inside an `std::io::Error` (a file object's `read` or `write`
/// raised), so that it comes back out unchanged.
#[derive(Debug)]
pub(crate) struct PyIoError(pub PyErr);

impl std::fmt::Display for PyIoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for PyIoError {}

/// Wraps a Python exception as an I/O error.
pub(crate) fn py_to_io(err: PyErr) -> std::io::Error {
    std::io::Error::other(PyIoError(err))
}

/// The Python exception inside an I/O error, if it carries one.
fn python_cause(py: Python<'_>, err: &std::io::Error) -> Option<PyErr> {
    err.get_ref()
        .and_then(|e| e.downcast_ref::<PyIoError>())
        .map(|e| e.0.clone_ref(py))
}

/// Converts a core MARC error into `pustaka.MarcError` with its attributes set.
///
/// An I/O error that came from a Python file object's own exception re-raises that
/// exception, so a `TypeError` from a text-mode file stays a `TypeError`.
pub(crate) fn marc_error(py: Python<'_>, err: &CoreMarcError) -> PyErr {
    if let Some(cause) = err.source.as_ref().and_then(|e| python_cause(py, e)) {
        return cause;
    }
    marc_error_value(py, err)
        .map(|v| PyErr::from_value(v.into_any()))
        .unwrap_or_else(|e| e)
}

/// A `pustaka.MarcError` instance for a core error (for `MarcReader.rejected`).
pub(crate) fn marc_error_value<'py>(
    py: Python<'py>,
    err: &CoreMarcError,
) -> PyResult<Bound<'py, pyo3::exceptions::PyBaseException>> {
    let exc = MarcError::new_err(err.to_string());
    let value = exc.value(py).clone();
    let pos = err.position;
    value.setattr("record_number", pos.record)?;
    value.setattr("offset", pos.offset)?;
    value.setattr(
        "line",
        if pos.line > 0 {
            pos.line.into_pyobject(py)?.into_any()
        } else {
            py.None().into_bound(py)
        },
    )?;
    value.setattr(
        "tag",
        match pos.tag {
            Some(t) => PyString::new(py, t.as_str()).into_any(),
            None => py.None().into_bound(py),
        },
    )?;
    value.setattr("kind", kind_name(&err.kind))?;
    value.setattr("pymarc_name", err.kind.pymarc_name())?;
    value.setattr("message", err.message.as_str())?;
    Ok(value)
}

/// Converts a library error into the matching `pustaka.PustakaError` subclass:
/// circulation refusals are `CirculationError` with `kind` (the core's kind name, e.g.
/// `"item_unavailable"`) and `message`; `NotFound`, `Conflict` and `ValidationError` (with
/// `field`) carry the core's sentence; MARC errors are `MarcError`; a malformed search
/// query is `QueryError` with `position` and `message`; everything else (the store,
/// SQLite, the file system) is `PustakaError` itself.
pub(crate) fn library_error(py: Python<'_>, err: pustaka::LibraryError) -> PyErr {
    use pustaka::LibraryError as E;
    let text = err.to_string();
    let err_query = err.query_error().map(|q| (q.position, q.message.clone()));
    match err {
        E::Circulation(c) => {
            let exc = CirculationError::new_err(text);
            let value = exc.value(py);
            let _ = value.setattr("kind", c.kind());
            let _ = value.setattr("message", c.message());
            exc
        }
        E::NotFound { .. } => NotFound::new_err(text),
        E::Conflict { .. } => Conflict::new_err(text),
        E::Validation { field, .. } => {
            let exc = ValidationError::new_err(text);
            let _ = exc.value(py).setattr("field", field);
            exc
        }
        E::Marc { source, .. } => marc_error(py, &source),
        E::Search { .. } if err_query.is_some() => {
            // A malformed search query: where (byte offset) and what.
            let exc = QueryError::new_err(text);
            if let Some((position, message)) = err_query {
                let value = exc.value(py);
                let _ = value.setattr("position", position);
                let _ = value.setattr("message", message);
            }
            exc
        }
        _ => PustakaError::new_err(text),
    }
}

/// A `pustaka.CirculationError` made on the Python side (a malformed time given to a
/// circulation call is `kind == "invalid_time"`, as in the CLI).
pub(crate) fn circulation_error(py: Python<'_>, kind: &str, message: String) -> PyErr {
    let exc = CirculationError::new_err(message.clone());
    let value = exc.value(py);
    let _ = value.setattr("kind", kind);
    let _ = value.setattr("message", message);
    exc
}
