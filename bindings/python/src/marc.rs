//! `pustaka.marc`: MARC 21 records with pymarc 5's shape, read and written by `pustaka_marc`.

mod convert;
mod field;
mod raw;
mod reader;
mod record;
mod strings;
mod writer;

use pyo3::prelude::*;

pub(crate) use convert::{record_to_core, wrap_core};
pub(crate) use field::{Field, Indicators, Subfield};
pub(crate) use reader::{MarcReader, MarcWarning};
pub(crate) use record::Record;

/// Reads MARC records from a path (str or os.PathLike), bytes, or a binary file object.
///
/// `format` is "iso2709", "marcxml", "json" or "mrk"; `None` detects it from the first
/// bytes. Returns a `MarcReader`: iterate it for `Record`s. Strict mode raises
/// `pustaka.MarcError` for a record that cannot be read; `lenient=True` repairs what can be
/// repaired (see `reader.warnings`) and skips the rest (see `reader.rejected`).
#[pyfunction]
#[pyo3(signature = (source, format=None, lenient=false))]
fn read(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    format: Option<&str>,
    lenient: bool,
) -> PyResult<MarcReader> {
    reader::make_reader(py, source, format, lenient)
}

/// Writes records to a path or a binary file object in one format ("iso2709", "marcxml",
/// "json" or "mrk"). `records` is a `Record` or an iterable of them (pymarc records are
/// accepted too). Returns the number of records written.
#[pyfunction]
#[pyo3(signature = (records, target, format))]
fn write(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    format: &str,
) -> PyResult<usize> {
    writer::write(py, records, target, format)
}

/// Adds the MARC classes and functions to the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Record>()?;
    m.add_class::<Field>()?;
    m.add_class::<Subfield>()?;
    m.add_class::<Indicators>()?;
    m.add_class::<MarcReader>()?;
    m.add_class::<MarcWarning>()?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(write, m)?)?;
    Ok(())
}
