//! `pustaka.marc.write`: records to a path or a binary file object, in any format.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use pustaka_marc::iso2709::Iso2709Writer;
use pustaka_marc::json::JsonWriter;
use pustaka_marc::mrk::MrkWriter;
use pustaka_marc::xml::XmlWriter;
use pustaka_marc::{Format, RecordWriter};

use super::convert::record_to_core;
use super::reader::parse_format;
use super::record::Record;
use crate::error::{marc_error, py_to_io};

/// A byte sink that hands what it gathers to a Python file object's `write`.
struct PySink {
    obj: Py<PyAny>,
    buf: Vec<u8>,
}

impl PySink {
    fn flush_buf(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        Python::attach(|py| {
            self.obj
                .bind(py)
                .call_method1("write", (PyBytes::new(py, &self.buf),))
                .map(|_| ())
        })
        .map_err(py_to_io)?;
        self.buf.clear();
        Ok(())
    }
}

impl Write for PySink {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= 1 << 18 {
            self.flush_buf()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flush_buf()
    }
}

fn drive<W: RecordWriter>(py: Python<'_>, records: &Bound<'_, PyAny>, mut w: W) -> PyResult<usize> {
    let mut n = 0;
    if records.cast::<Record>().is_ok() || records.hasattr("leader")? {
        let rec = record_to_core(records)?;
        w.write_record(&rec).map_err(|e| marc_error(py, &e))?;
        n += 1;
    } else {
        for item in records.try_iter()? {
            let rec = record_to_core(&item?)?;
            w.write_record(&rec).map_err(|e| marc_error(py, &e))?;
            n += 1;
        }
    }
    w.finish().map_err(|e| marc_error(py, &e))?;
    Ok(n)
}

fn write_to<S: Write>(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    sink: S,
    format: Format,
) -> PyResult<usize> {
    match format {
        Format::Iso2709 => drive(py, records, Iso2709Writer::new(sink)),
        Format::MarcXml => drive(py, records, XmlWriter::new(sink)),
        Format::Json => drive(py, records, JsonWriter::new(sink)),
        Format::Mrk => drive(py, records, MrkWriter::new(sink)),
    }
}

/// `pustaka.marc.write`.
pub(crate) fn write(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    format: &str,
) -> PyResult<usize> {
    let Some(format) = parse_format(Some(format))? else {
        return Err(PyTypeError::new_err("a format is required"));
    };
    if target.cast::<PyString>().is_ok() || target.hasattr("__fspath__")? {
        let path: PathBuf = target.extract()?;
        let file = File::create(&path).map_err(PyErr::from)?;
        return write_to(py, records, BufWriter::with_capacity(1 << 20, file), format);
    }
    if target.hasattr("write")? {
        let io = py.import("io")?;
        if target.is_instance(&io.getattr("TextIOBase")?)? {
            return Err(PyTypeError::new_err(
                "the file is open in text mode: open it in binary mode ('wb')",
            ));
        }
        let sink = PySink {
            obj: target.clone().unbind(),
            buf: Vec::with_capacity(1 << 18),
        };
        return write_to(py, records, sink, format);
    }
    Err(PyTypeError::new_err(format!(
        "cannot write MARC to {}: give a path or a binary file object",
        target.get_type().name()?
    )))
}
