//! `pustaka.marc.read`: a reader over a path, bytes or a binary file object.
//!
//! Parsing happens in batches with the GIL released. ISO 2709 records are framed here; a
//! clean UTF-8 record is kept as its bytes (see [`super::raw`]), any other record goes
//! through `pustaka_marc`'s decoder at once, so that its errors and warnings come out where
//! the core puts them. When the framing itself is not clean (a length that is not digits,
//! a missing terminator, filler between records), the rest of the input is handed to the
//! core's `Iso2709Reader`, which knows every repair; record numbers and byte offsets stay
//! those of the whole input.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyString};

use pustaka_marc::iso2709::Iso2709Reader;
use pustaka_marc::{
    Format, MarcError as CoreMarcError, MarcWarning as CoreMarcWarning, Mode, Position,
    ReadOptions, Record as CoreRecord,
};

use super::raw::{self, RawBytes};
use super::record::{Record, Src};
use crate::error::{marc_error, marc_error_value, py_to_io};

/// Records parsed per release of the GIL.
const BATCH: usize = 128;
/// Read size for the ISO 2709 buffer.
const BLOCK: usize = 1 << 20;

/// A parsed record before it becomes a Python object.
pub(crate) enum RecData {
    Raw(RawBytes),
    Core(Box<CoreRecord>),
}

/// What one step of a reader gave.
pub(crate) enum Outcome {
    Record(RecData),
    Error(CoreMarcError),
    /// Only warnings (filler at the end of the input).
    Nothing,
}

impl From<Result<RecData, CoreMarcError>> for Outcome {
    fn from(r: Result<RecData, CoreMarcError>) -> Outcome {
        match r {
            Ok(d) => Outcome::Record(d),
            Err(e) => Outcome::Error(e),
        }
    }
}

/// One step of a reader: a record or an error, with the warnings that came with it.
pub(crate) struct Item {
    result: Outcome,
    warnings: Vec<CoreMarcWarning>,
}

/// Where the bytes come from.
pub(crate) enum Source {
    File(File),
    Bytes {
        data: PyBackedBytes,
        pos: usize,
    },
    PyFile {
        obj: Py<PyAny>,
        pending: Vec<u8>,
        at: usize,
    },
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::File(f) => f.read(buf),
            Source::Bytes { data, pos } => {
                let rest = data.get(*pos..).unwrap_or_default();
                let n = rest.len().min(buf.len());
                buf[..n].copy_from_slice(&rest[..n]);
                *pos += n;
                Ok(n)
            }
            Source::PyFile { obj, pending, at } => {
                if *at >= pending.len() {
                    pending.clear();
                    *at = 0;
                    let want = buf.len().max(1 << 16);
                    let chunk: PyResult<()> = Python::attach(|py| {
                        let got = obj.bind(py).call_method1("read", (want,))?;
                        if got.is_none() {
                            return Ok(());
                        }
                        if let Ok(b) = got.cast::<PyBytes>() {
                            pending.extend_from_slice(b.as_bytes());
                        } else if let Ok(b) = got.cast::<PyByteArray>() {
                            pending.extend_from_slice(&b.to_vec());
                        } else {
                            return Err(PyTypeError::new_err(
                                "the file object's read() must return bytes: open the file in binary mode ('rb')",
                            ));
                        }
                        Ok(())
                    });
                    chunk.map_err(py_to_io)?;
                }
                let rest = pending.get(*at..).unwrap_or_default();
                let n = rest.len().min(buf.len());
                buf[..n].copy_from_slice(&rest[..n]);
                *at += n;
                Ok(n)
            }
        }
    }
}

type Input = std::io::Chain<Cursor<Vec<u8>>, Source>;

/// Something that yields items; runs without the GIL.
trait Engine: Send {
    fn next_item(&mut self) -> Option<Item>;

    /// Appends up to `max` items to `out`; true when the input is finished.
    fn next_batch(&mut self, out: &mut VecDeque<Item>, max: usize) -> bool {
        for _ in 0..max {
            match self.next_item() {
                Some(item) => out.push_back(item),
                None => return true,
            }
        }
        false
    }
}

fn shift(p: &mut Position, record_base: usize, offset_base: u64) {
    if p.record > 0 {
        p.record += record_base;
    }
    p.offset += offset_base;
}

fn shift_warnings(
    mut ws: Vec<CoreMarcWarning>,
    record_base: usize,
    offset_base: u64,
) -> Vec<CoreMarcWarning> {
    for w in &mut ws {
        shift(&mut w.position, record_base, offset_base);
    }
    ws
}

/// Decodes one framed record that is record `record_no` at byte `offset` of the input.
fn decode_chunk(chunk: &[u8], record_no: usize, offset: u64, options: ReadOptions) -> Item {
    if raw::is_clean(chunk) {
        return Item {
            result: Outcome::Record(RecData::Raw(Arc::from(chunk))),
            warnings: Vec::new(),
        };
    }
    let base = record_no.saturating_sub(1);
    match pustaka_marc::iso2709::decode(chunk, options) {
        Ok((rec, ws)) => Item {
            result: Outcome::Record(RecData::Core(Box::new(rec))),
            warnings: shift_warnings(ws, base, offset),
        },
        Err(mut e) => {
            shift(&mut e.position, base, offset);
            Item {
                result: Outcome::Error(e),
                warnings: Vec::new(),
            }
        }
    }
}

/// Frames clean ISO 2709 records itself.
struct FastIso {
    src: Input,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    consumed: u64,
    record_no: usize,
}

enum Step {
    Item(Item),
    End,
    Switch,
}

impl FastIso {
    fn fill(&mut self, n: usize) -> std::io::Result<()> {
        while self.buf.len() - self.pos < n && !self.eof {
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let want = (n - self.buf.len()).max(BLOCK);
            let old = self.buf.len();
            self.buf.reserve(want);
            // Appends into spare capacity without zeroing it first.
            let got = loop {
                match (&mut self.src).take(want as u64).read_to_end(&mut self.buf) {
                    Ok(k) => break k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.truncate(old);
                        return Err(e);
                    }
                }
            };
            if got < want {
                self.eof = true;
            }
        }
        Ok(())
    }

    fn io_item(&self, e: std::io::Error) -> Item {
        Item {
            result: Outcome::Error(CoreMarcError::io(
                e,
                Position::at(self.record_no + 1, self.consumed),
            )),
            warnings: Vec::new(),
        }
    }

    fn step(&mut self, options: ReadOptions) -> Step {
        if let Err(e) = self.fill(5) {
            return Step::Item(self.io_item(e));
        }
        let avail = self.buf.len() - self.pos;
        if avail == 0 {
            return Step::End;
        }
        let Some(n) = raw::stated_length(&self.buf[self.pos..]) else {
            return Step::Switch;
        };
        if n < 24 {
            return Step::Switch;
        }
        if let Err(e) = self.fill(n) {
            return Step::Item(self.io_item(e));
        }
        if self.buf.len() - self.pos < n || self.buf[self.pos + n - 1] != raw::RT {
            return Step::Switch;
        }
        self.record_no += 1;
        let chunk = &self.buf[self.pos..self.pos + n];
        let item = decode_chunk(chunk, self.record_no, self.consumed, options);
        self.pos += n;
        self.consumed += n as u64;
        Step::Item(item)
    }
}

/// The core reader, for the rest of an input whose framing is not clean.
struct CoreIso {
    reader: Iso2709Reader<Box<dyn Read + Send>>,
    record_base: usize,
    offset_base: u64,
}

enum IsoState {
    Fast(Box<FastIso>),
    Core(Box<CoreIso>),
    Done,
}

struct IsoEngine {
    state: IsoState,
    options: ReadOptions,
}

impl Engine for IsoEngine {
    fn next_item(&mut self) -> Option<Item> {
        loop {
            match &mut self.state {
                IsoState::Done => return None,
                IsoState::Fast(fast) => match fast.step(self.options) {
                    Step::Item(item) => {
                        if matches!(&item.result, Outcome::Error(e) if e.is_fatal()) {
                            self.state = IsoState::Done;
                        }
                        return Some(item);
                    }
                    Step::End => {
                        self.state = IsoState::Done;
                        return None;
                    }
                    Step::Switch => {
                        let state = std::mem::replace(&mut self.state, IsoState::Done);
                        let IsoState::Fast(fast) = state else {
                            return None;
                        };
                        let FastIso {
                            src,
                            buf,
                            pos,
                            consumed,
                            record_no,
                            ..
                        } = *fast;
                        let rest = buf.get(pos..).unwrap_or_default().to_vec();
                        let input: Box<dyn Read + Send> = Box::new(Cursor::new(rest).chain(src));
                        self.state = IsoState::Core(Box::new(CoreIso {
                            reader: Iso2709Reader::new(input, self.options),
                            record_base: record_no,
                            offset_base: consumed,
                        }));
                    }
                },
                IsoState::Core(core) => {
                    let next = core.reader.next();
                    let warnings = shift_warnings(
                        core.reader.take_warnings(),
                        core.record_base,
                        core.offset_base,
                    );
                    return match next {
                        Some(Ok(rec)) => Some(Item {
                            result: Outcome::Record(RecData::Core(Box::new(rec))),
                            warnings,
                        }),
                        Some(Err(mut e)) => {
                            shift(&mut e.position, core.record_base, core.offset_base);
                            Some(Item {
                                result: Outcome::Error(e),
                                warnings,
                            })
                        }
                        None => {
                            // Warnings about trailing filler come with the end.
                            self.state = IsoState::Done;
                            (!warnings.is_empty()).then_some(Item {
                                result: Outcome::Nothing,
                                warnings,
                            })
                        }
                    };
                }
            }
        }
    }
}

/// MARCXML, MARC-in-JSON and mnemonic text, read by the core's readers on a thread of
/// their own (they are not `Send`), which hands items over a bounded channel.
struct ThreadEngine {
    rx: Receiver<Item>,
}

impl ThreadEngine {
    fn spawn(input: Input, format: Format, options: ReadOptions) -> std::io::Result<ThreadEngine> {
        let (tx, rx) = sync_channel::<Item>(256);
        std::thread::Builder::new()
            .name("pustaka-marc-reader".into())
            .spawn(move || {
                let mut reader = pustaka_marc::Reader::new(
                    BufReader::with_capacity(1 << 16, input),
                    format,
                    options,
                );
                loop {
                    let next = reader.next();
                    let warnings = reader.take_warnings();
                    let item = match next {
                        Some(r) => Item {
                            result: r.map(|r| RecData::Core(Box::new(r))).into(),
                            warnings,
                        },
                        None => {
                            if !warnings.is_empty() {
                                let _ = tx.send(Item {
                                    result: Outcome::Nothing,
                                    warnings,
                                });
                            }
                            return;
                        }
                    };
                    if tx.send(item).is_err() {
                        return;
                    }
                }
            })?;
        Ok(ThreadEngine { rx })
    }
}

impl Engine for ThreadEngine {
    fn next_item(&mut self) -> Option<Item> {
        self.rx.recv().ok()
    }

    fn next_batch(&mut self, out: &mut VecDeque<Item>, max: usize) -> bool {
        match self.rx.recv() {
            Ok(item) => out.push_back(item),
            Err(_) => return true,
        }
        for _ in 1..max {
            match self.rx.try_recv() {
                Ok(item) => out.push_back(item),
                Err(TryRecvError::Empty) => return false,
                Err(TryRecvError::Disconnected) => return true,
            }
        }
        false
    }
}

/// A repair made while reading: the record was kept, and this says what was changed.
#[pyclass(frozen, module = "pustaka.marc", name = "MarcWarning")]
pub struct MarcWarning {
    /// Record number, counting from 1.
    #[pyo3(get)]
    record_number: usize,
    /// Byte offset from the start of the input.
    #[pyo3(get)]
    offset: u64,
    /// Line number for text formats, else `None`.
    #[pyo3(get)]
    line: Option<usize>,
    /// The field's tag, when the repair was inside a field.
    #[pyo3(get)]
    tag: Option<String>,
    /// What was wrong and what was done.
    #[pyo3(get)]
    message: String,
    text: String,
}

impl MarcWarning {
    fn from_core(w: &CoreMarcWarning) -> MarcWarning {
        MarcWarning {
            record_number: w.position.record,
            offset: w.position.offset,
            line: (w.position.line > 0).then_some(w.position.line),
            tag: w.position.tag.map(|t| t.to_string()),
            message: w.message.clone(),
            text: w.to_string(),
        }
    }
}

#[pymethods]
impl MarcWarning {
    fn __str__(&self) -> &str {
        &self.text
    }

    fn __repr__(&self) -> String {
        format!(
            "MarcWarning(record_number={}, offset={}, tag={}, message={:?})",
            self.record_number,
            self.offset,
            self.tag
                .as_deref()
                .map_or("None".to_string(), |t| format!("{t:?}")),
            self.message
        )
    }
}

/// Iterates the records of an input. Made by `pustaka.marc.read`.
///
/// Strict mode (the default) raises `pustaka.MarcError` for a record that cannot be read;
/// iteration can go on after it (unless the input's framing is lost). Lenient mode skips
/// such records: each is kept in `rejected` as the `MarcError` strict mode would raise.
/// `warnings` lists every repair made, as `MarcWarning` objects, in input order, up to the
/// record last returned.
#[pyclass(module = "pustaka.marc", name = "MarcReader")]
pub struct MarcReader {
    engine: Option<Mutex<Box<dyn Engine>>>,
    queue: VecDeque<Item>,
    lenient: bool,
    format: Format,
    warnings: Py<PyList>,
    rejected: Py<PyList>,
    count: usize,
}

impl MarcReader {
    fn record_of(py: Python<'_>, data: RecData) -> PyResult<Py<Record>> {
        let src = match data {
            RecData::Raw(bytes) => Src::Raw(bytes),
            RecData::Core(rec) => Src::Core(Arc::from(rec)),
        };
        Py::new(py, Record::from_src(src))
    }
}

#[pymethods]
impl MarcReader {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Py<Record>>> {
        loop {
            if let Some(item) = slf.queue.pop_front() {
                if !item.warnings.is_empty() {
                    let list = slf.warnings.bind(py);
                    for w in &item.warnings {
                        list.append(MarcWarning::from_core(w))?;
                    }
                }
                match item.result {
                    Outcome::Nothing => continue,
                    Outcome::Record(data) => {
                        slf.count += 1;
                        return Ok(Some(Self::record_of(py, data)?));
                    }
                    Outcome::Error(e) => {
                        if slf.lenient {
                            slf.rejected.bind(py).append(marc_error_value(py, &e)?)?;
                            continue;
                        }
                        return Err(marc_error(py, &e));
                    }
                }
            }
            let this = &mut *slf;
            let Some(engine) = this.engine.as_mut() else {
                return Ok(None);
            };
            let engine = match engine.get_mut() {
                Ok(e) => e,
                Err(poisoned) => poisoned.into_inner(),
            };
            let queue = &mut this.queue;
            let finished = py.detach(|| engine.next_batch(queue, BATCH));
            if finished {
                this.engine = None;
            }
        }
    }

    /// Repairs made so far (a list of `MarcWarning`, in input order).
    #[getter]
    fn warnings(&self, py: Python<'_>) -> Py<PyList> {
        self.warnings.clone_ref(py)
    }

    /// Records skipped in lenient mode (a list of `pustaka.MarcError`, in input order).
    #[getter]
    fn rejected(&self, py: Python<'_>) -> Py<PyList> {
        self.rejected.clone_ref(py)
    }

    /// The format being read: "iso2709", "marcxml", "json" or "mrk".
    #[getter]
    fn format(&self) -> &'static str {
        self.format.name()
    }

    /// True in lenient mode.
    #[getter]
    fn lenient(&self) -> bool {
        self.lenient
    }

    /// Number of records returned so far.
    #[getter]
    fn records_read(&self) -> usize {
        self.count
    }

    /// Stops reading and closes the input (a path's file; a file object is left open).
    fn close(&mut self) {
        self.engine = None;
        self.queue.clear();
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&mut self, _args: Vec<Bound<'_, PyAny>>) -> bool {
        self.close();
        false
    }
}

/// Opens a source given from Python: a path (str or os.PathLike), bytes-like, or a binary
/// file object.
pub(crate) fn open_source(source: &Bound<'_, PyAny>) -> PyResult<Source> {
    let py = source.py();
    if source.cast::<PyString>().is_ok() || source.hasattr("__fspath__")? {
        let path: PathBuf = source.extract()?;
        let file = File::open(&path).map_err(PyErr::from)?;
        return Ok(Source::File(file));
    }
    if source.cast::<PyBytes>().is_ok() || source.cast::<PyByteArray>().is_ok() {
        let data: PyBackedBytes = source.extract()?;
        return Ok(Source::Bytes { data, pos: 0 });
    }
    if source.hasattr("read")? {
        let io = py.import("io")?;
        if source.is_instance(&io.getattr("TextIOBase")?)? {
            return Err(PyTypeError::new_err(
                "the file is open in text mode: open it in binary mode ('rb')",
            ));
        }
        return Ok(Source::PyFile {
            obj: source.clone().unbind(),
            pending: Vec::new(),
            at: 0,
        });
    }
    // Any other object with the buffer protocol (memoryview, array, mmap).
    if let Ok(mv) = py
        .import("builtins")?
        .getattr("memoryview")?
        .call1((source,))
    {
        let data: PyBackedBytes = mv.call_method0("tobytes")?.extract()?;
        return Ok(Source::Bytes { data, pos: 0 });
    }
    Err(PyTypeError::new_err(format!(
        "cannot read MARC from {}: give a path, bytes or a binary file object",
        source.get_type().name()?
    )))
}

/// Parses a format name from Python (`None` for auto-detection).
pub(crate) fn parse_format(format: Option<&str>) -> PyResult<Option<Format>> {
    match format {
        None => Ok(None),
        Some(name) => Format::from_name(name).map(Some).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown MARC format {name:?}: use \"iso2709\", \"marcxml\", \"json\" or \"mrk\""
            ))
        }),
    }
}

/// `pustaka.marc.read`.
pub(crate) fn make_reader(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    format: Option<&str>,
    lenient: bool,
) -> PyResult<MarcReader> {
    let format = parse_format(format)?;
    let mut src = open_source(source)?;
    let options = ReadOptions {
        mode: if lenient { Mode::Lenient } else { Mode::Strict },
        ..ReadOptions::default()
    };
    // The first bytes decide the format and seed the buffer.
    let mut head = vec![0u8; 1 << 16];
    let mut got = 0;
    while got < 1024 {
        match src.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(marc_error(py, &CoreMarcError::io(e, Position::default())));
            }
        }
    }
    head.truncate(got);
    let format = format.unwrap_or_else(|| Format::detect(&head));
    let input: Input = Cursor::new(head).chain(src);
    let engine: Box<dyn Engine> = match format {
        Format::Iso2709 => Box::new(IsoEngine {
            state: IsoState::Fast(Box::new(FastIso {
                src: input,
                buf: Vec::with_capacity(BLOCK + (1 << 17)),
                pos: 0,
                eof: false,
                consumed: 0,
                record_no: 0,
            })),
            options,
        }),
        other => Box::new(ThreadEngine::spawn(input, other, options).map_err(PyErr::from)?),
    };
    Ok(MarcReader {
        engine: Some(Mutex::new(engine)),
        queue: VecDeque::new(),
        lenient,
        format,
        warnings: PyList::empty(py).unbind(),
        rejected: PyList::empty(py).unbind(),
        count: 0,
    })
}
