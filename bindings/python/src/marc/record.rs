//! `Record`, shaped like pymarc 5's.
//!
//! A record read from a file holds its bytes (clean UTF-8 ISO 2709) or the decoded core
//! record, and makes its `fields` list on first access. Until then the pymarc helper
//! properties (`title`, `isbn`, `author`, ...) read the bytes directly. Once made, the list is
//! the record's content: what a program changes there is what `as_marc()`, `as_dict()` and
//! the writers see.

use std::borrow::Cow;
use std::sync::Arc;

use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyIterator, PyList, PyString, PyTuple, PyType};

use pustaka_marc::{Field as CoreField, Mode, ReadOptions, Record as CoreRecord};

use super::convert::{core_to_dict, core_to_pymarc, our_record_to_core, record_to_core, wrap_core};
use super::field::Field;
use super::raw::{self, RawBytes};
use super::strings::Exact;
use crate::error::{marc_error, FieldNotFound};

/// The leader pymarc gives a new record: `Record()` in pymarc 5.
pub(crate) const PYMARC_BLANK_LEADER: &str = "          22        4500";

/// Where a record's content comes from, until its fields list is made.
pub(crate) enum Src {
    /// A new record with no fields.
    Empty,
    /// A clean UTF-8 ISO 2709 record.
    Raw(RawBytes),
    /// A record decoded by the core (other formats, MARC-8, repaired records).
    Core(Arc<CoreRecord>),
}

/// A MARC record, shaped like pymarc 5's `Record`.
///
/// `record["245"]["a"]`, `record.get_fields("650")`, `record.title`, `record.as_marc()` work
/// as in pymarc. `leader` is a `str`.
#[pyclass(module = "pustaka.marc", name = "Record")]
pub struct Record {
    pub(crate) src: Src,
    pub(crate) leader: Option<Py<PyString>>,
    pub(crate) fields: Option<Py<PyList>>,
}

/// A field of a record whose Python fields are not made yet.
enum FRef<'a> {
    Raw { data: &'a [u8], control: bool },
    Core(&'a CoreField),
}

impl<'a> FRef<'a> {
    fn first(&self, code: u8) -> Option<Cow<'a, str>> {
        match self {
            FRef::Raw { control: true, .. } => None,
            FRef::Raw { data, .. } => raw::first_subfield(data, code).map(raw::text),
            FRef::Core(f) => f.subfield(char::from(code)).map(Cow::Borrowed),
        }
    }

    fn ind2_is(&self, c: u8) -> bool {
        match self {
            FRef::Raw { data, control } => !control && raw::indicators(data).1 == c,
            FRef::Core(f) => f
                .as_data()
                .is_some_and(|d| d.ind2.as_str().as_bytes() == [c]),
        }
    }

    /// pymarc's `format_field()`: the subfields except `$6` joined by spaces, with " -- "
    /// before `$v $x $y $z` in a subject field (6XX).
    fn format_field(&self, subject: bool) -> String {
        let pairs: Vec<(char, Cow<'a, str>)> = match self {
            FRef::Raw {
                data,
                control: true,
            } => return raw::text(data).into_owned(),
            FRef::Raw { data, .. } => raw::subfields(data)
                .map(|(c, v)| (char::from(c), raw::text(v)))
                .collect(),
            FRef::Core(CoreField::Control(c)) => return c.value.clone(),
            FRef::Core(CoreField::Data(d)) => d
                .subfields
                .iter()
                .map(|s| (s.code, Cow::Borrowed(s.value.as_str())))
                .collect(),
        };
        let mut out = String::new();
        for (code, value) in pairs {
            if code == '6' {
                continue;
            }
            if subject && matches!(code, 'v' | 'x' | 'y' | 'z') {
                out.push_str(" -- ");
            } else {
                out.push(' ');
            }
            out.push_str(&value);
        }
        super::strings::py_strip(&out).to_string()
    }
}

/// pymarc's ISBN rule: the first run of digits, `x`, `X` and `-`, without the hyphens.
fn isbn_of(value: &str) -> Option<String> {
    let ok = |c: char| c.is_ascii_digit() || matches!(c, '-' | 'x' | 'X');
    let start = value.find(ok)?;
    Some(
        value[start..]
            .chars()
            .take_while(|c| ok(*c))
            .filter(|c| *c != '-')
            .collect(),
    )
}

/// pymarc's `title` rule on a field: `$a`, and `$b` after a space when both are non-empty.
fn title_of(a: Option<Cow<'_, str>>, b: impl FnOnce() -> Option<String>) -> Option<String> {
    let a = a?;
    if a.is_empty() {
        return Some(String::new());
    }
    match b() {
        Some(b) if !b.is_empty() => Some(format!("{a} {b}")),
        _ => Some(a.into_owned()),
    }
}

impl Record {
    pub(crate) fn from_src(src: Src) -> Record {
        Record {
            src,
            leader: None,
            fields: None,
        }
    }

    /// The fields that are not made into Python objects yet, or `None` once they are.
    fn views(&self) -> Option<Vec<([u8; 3], FRef<'_>)>> {
        if self.fields.is_some() {
            return None;
        }
        Some(match &self.src {
            Src::Empty => Vec::new(),
            Src::Raw(rec) => raw::fields(rec)
                .map(|f| {
                    (
                        f.tag,
                        FRef::Raw {
                            data: f.data(rec),
                            control: f.is_control(),
                        },
                    )
                })
                .collect(),
            Src::Core(rec) => rec
                .fields
                .iter()
                .map(|f| (*f.tag().as_bytes(), FRef::Core(f)))
                .collect(),
        })
    }

    /// The first field with this tag, from the bytes or the core record.
    fn view(&self, tag: &[u8]) -> Option<Option<FRef<'_>>> {
        if self.fields.is_some() {
            return None;
        }
        Some(match &self.src {
            Src::Empty => None,
            Src::Raw(rec) => raw::find_field(rec, tag).map(|f| FRef::Raw {
                data: f.data(rec),
                control: f.is_control(),
            }),
            Src::Core(rec) => rec
                .fields
                .iter()
                .find(|f| f.tag().as_bytes() == tag)
                .map(FRef::Core),
        })
    }

    /// The fields list, made on first use.
    pub(crate) fn fields_list<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        if let Some(l) = &self.fields {
            return Ok(l.bind(py).clone());
        }
        let list = match &self.src {
            Src::Empty => PyList::empty(py),
            Src::Raw(rec) => {
                let mut failed: Option<PyErr> = None;
                let items =
                    raw::fields(rec).map(|f| match Bound::new(py, Field::from_raw(py, rec, f)) {
                        Ok(f) => f.into_any(),
                        Err(e) => {
                            failed = Some(e);
                            py.None().into_bound(py)
                        }
                    });
                let list = PyList::new(
                    py,
                    Exact {
                        inner: items,
                        left: raw::field_count(rec),
                        py,
                    },
                )?;
                if let Some(e) = failed {
                    return Err(e);
                }
                list
            }
            Src::Core(rec) => {
                let mut items: Vec<Py<Field>> = Vec::with_capacity(rec.fields.len());
                for i in 0..rec.fields.len() {
                    if let Some(f) = Field::from_core(py, rec, i) {
                        items.push(Py::new(py, f)?);
                    }
                }
                PyList::new(py, items)?
            }
        };
        self.fields = Some(list.clone().unbind());
        Ok(list)
    }

    /// The leader text.
    pub(crate) fn leader_text(&self, py: Python<'_>) -> PyResult<String> {
        if let Some(l) = &self.leader {
            return Ok(l.bind(py).to_cow()?.into_owned());
        }
        Ok(match &self.src {
            Src::Empty => PYMARC_BLANK_LEADER.to_string(),
            Src::Raw(rec) => raw::leader(rec).to_string(),
            Src::Core(rec) => rec.leader.as_str().to_string(),
        })
    }

    /// The record as a core record (what the writers write).
    pub(crate) fn to_core(&self, py: Python<'_>) -> PyResult<CoreRecord> {
        our_record_to_core(py, self)
    }
}

/// True when a field object's tag is among `tags`.
fn tag_in(item: &Bound<'_, PyAny>, tags: &[String]) -> PyResult<bool> {
    if let Ok(f) = item.cast::<Field>() {
        let f = f.borrow();
        let key = f.key.as_bytes();
        return Ok(tags.iter().any(|t| t.as_bytes() == key));
    }
    let tag = item.getattr("tag")?;
    let tag = tag.str()?;
    let tag = tag.to_cow()?;
    Ok(tags.iter().any(|t| *t == tag))
}

fn tag_texts(tags: &[Bound<'_, PyAny>]) -> PyResult<Vec<String>> {
    tags.iter()
        .map(|t| {
            t.extract::<String>()
                .map_err(|_| PyTypeError::new_err("tags must be str"))
        })
        .collect()
}

/// The pymarc leader for a new record: `leader[0:10] + "22" + leader[12:20] + "4500"`.
fn pymarc_new_leader(leader: &str) -> String {
    let chars: Vec<char> = leader.chars().collect();
    let part = |a: usize, b: usize| -> String {
        chars
            .get(a.min(chars.len())..b.min(chars.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    };
    format!("{}22{}4500", part(0, 10), part(12, 20))
}

const SUBJECT_TAGS: &[&str] = &[
    "600", "610", "611", "630", "648", "650", "651", "653", "654", "655", "656", "657", "658",
    "662", "690", "691", "696", "697", "698", "699",
];
const ADDED_ENTRY_TAGS: &[&str] = &[
    "700", "710", "711", "720", "730", "740", "752", "753", "754", "790", "791", "792", "793",
    "796", "797", "798", "799",
];
const SERIES_TAGS: &[&str] = &["440", "490", "800", "810", "811", "830"];
const NOTE_TAGS: &[&str] = &[
    "500", "501", "502", "504", "505", "506", "507", "508", "510", "511", "513", "514", "515",
    "516", "518", "520", "521", "522", "524", "525", "526", "530", "533", "534", "535", "536",
    "538", "540", "541", "544", "545", "546", "547", "550", "552", "555", "556", "561", "562",
    "563", "565", "567", "580", "581", "583", "584", "585", "586", "590", "591", "592", "593",
    "594", "595", "596", "597", "598", "599",
];

impl Record {
    fn fields_with<'py>(
        &mut self,
        py: Python<'py>,
        tags: &[&str],
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let list = self.fields_list(py)?;
        let mut out = Vec::new();
        for item in list.iter() {
            if tag_in(&item, &tags)? {
                out.push(item);
            }
        }
        Ok(out)
    }

    fn first_field<'py>(
        &mut self,
        py: Python<'py>,
        tag: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let tags = [tag.to_string()];
        let list = self.fields_list(py)?;
        for item in list.iter() {
            if tag_in(&item, &tags)? {
                return Ok(Some(item));
            }
        }
        Ok(None)
    }

    /// pymarc's `title` / `issn_title` on made fields.
    fn title_from<'py>(
        &mut self,
        py: Python<'py>,
        tag: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(f) = self.first_field(py, tag)? else {
            return Ok(None);
        };
        let a = f.call_method1("get", ("a",))?;
        if a.is_none() || !a.is_truthy()? {
            return Ok(if a.is_none() { None } else { Some(a) });
        }
        let b = f.call_method1("get", ("b",))?;
        if !b.is_none() && b.is_truthy()? {
            return Ok(Some(a.add(" ")?.add(b)?));
        }
        Ok(Some(a))
    }

    fn field_title(&mut self, py: Python<'_>, tag: &[u8; 3]) -> PyResult<Option<Py<PyAny>>> {
        if let (None, Src::Raw(rec)) = (&self.fields, &self.src) {
            // The common case, without building strings twice.
            let Some(f) = raw::find_field(rec, tag) else {
                return Ok(None);
            };
            if f.is_control() {
                return Ok(None);
            }
            let data = f.data(rec);
            let Some(a) = raw::first_subfield(data, b'a') else {
                return Ok(None);
            };
            let b = if a.is_empty() {
                None
            } else {
                raw::first_subfield(data, b'b')
            };
            let text = match b {
                Some(b) if !b.is_empty() => {
                    let mut t = Vec::with_capacity(a.len() + b.len() + 1);
                    t.extend_from_slice(a);
                    t.push(b' ');
                    t.extend_from_slice(b);
                    Cow::Owned(t)
                }
                _ => Cow::Borrowed(a),
            };
            return Ok(Some(match PyString::from_bytes(py, &text) {
                Ok(s) => s.into_any().unbind(),
                Err(_) => PyString::new(py, &raw::text(&text)).into_any().unbind(),
            }));
        }
        if let Some(found) = self.view(tag) {
            let title =
                found.and_then(|f| title_of(f.first(b'a'), || f.first(b'b').map(Cow::into_owned)));
            return Ok(title.map(|t| PyString::new(py, &t).into_any().unbind()));
        }
        let tag = String::from_utf8_lossy(tag).into_owned();
        Ok(self.title_from(py, &tag)?.map(Bound::unbind))
    }

    /// pymarc's `format_field()` of the first field with one of these tags, tried in order.
    fn formatted(&mut self, py: Python<'_>, tags: &[&[u8; 3]]) -> PyResult<Option<String>> {
        if self.fields.is_none() {
            for tag in tags {
                if let Some(Some(f)) = self.view(*tag) {
                    return Ok(Some(f.format_field(tag[0] == b'6')));
                }
            }
            return Ok(None);
        }
        for tag in tags {
            let tag = String::from_utf8_lossy(*tag).into_owned();
            if let Some(f) = self.first_field(py, &tag)? {
                return Ok(Some(f.call_method0("format_field")?.extract()?));
            }
        }
        Ok(None)
    }

    /// pymarc's `publisher` / `pubyear`: `code` of the first 260, or 264 with second
    /// indicator 1, in record order.
    fn publication(&mut self, py: Python<'_>, code: u8) -> PyResult<Option<Py<PyAny>>> {
        if let Some(views) = self.views() {
            for (tag, f) in &views {
                if tag == b"260" || (tag == b"264" && f.ind2_is(b'1')) {
                    return Ok(f
                        .first(code)
                        .map(|v| PyString::new(py, &v).into_any().unbind()));
                }
            }
            return Ok(None);
        }
        let code = char::from(code).to_string();
        for f in self.fields_with(py, &["260", "264"])? {
            let tag: String = f.getattr("tag")?.extract()?;
            let ind2: String = f.getattr("indicator2")?.extract().unwrap_or_default();
            if tag == "260" || (tag == "264" && ind2 == "1") {
                return Ok(Some(f.call_method1("get", (code,))?.unbind()));
            }
        }
        Ok(None)
    }

    /// The value of `$code` of the first field with this tag, when the field has one.
    fn first_sub(
        &mut self,
        py: Python<'_>,
        tag: &[u8; 3],
        code: u8,
    ) -> PyResult<Option<Py<PyAny>>> {
        if let Some(found) = self.view(tag) {
            return Ok(found
                .and_then(|f| f.first(code))
                .map(|v| PyString::new(py, &v).into_any().unbind()));
        }
        let tag = String::from_utf8_lossy(tag).into_owned();
        let Some(f) = self.first_field(py, &tag)? else {
            return Ok(None);
        };
        let v = f.call_method1("get", (char::from(code).to_string(),))?;
        Ok(if v.is_none() { None } else { Some(v.unbind()) })
    }
}

/// Decodes one ISO 2709 record from bytes, as `Record(data=...)` does.
pub(crate) fn record_from_marc(py: Python<'_>, data: &[u8], lenient: bool) -> PyResult<Record> {
    if raw::is_clean(data) {
        return Ok(Record::from_src(Src::Raw(Arc::from(data))));
    }
    let options = ReadOptions {
        mode: if lenient { Mode::Lenient } else { Mode::Strict },
        ..ReadOptions::default()
    };
    let (rec, _warnings) =
        pustaka_marc::iso2709::decode(data, options).map_err(|e| marc_error(py, &e))?;
    Ok(wrap_core(rec))
}

#[pymethods]
impl Record {
    /// A record: empty, from one ISO 2709 record's bytes (`data`), or from a list of fields.
    ///
    /// The pymarc 5 arguments `to_unicode`, `hide_utf8_warnings` and `file_encoding` are
    /// accepted and ignored; `utf8_handling` other than `"strict"` (or `lenient=True`)
    /// reads `data` in lenient mode.
    #[new]
    #[pyo3(signature = (data=None, fields=None, to_unicode=true, force_utf8=false, hide_utf8_warnings=false, utf8_handling="strict", leader=None, file_encoding="iso8859-1", *, lenient=false))]
    #[allow(clippy::too_many_arguments)]
    fn __new__(
        py: Python<'_>,
        data: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyAny>>,
        to_unicode: bool,
        force_utf8: bool,
        hide_utf8_warnings: bool,
        utf8_handling: &str,
        leader: Option<&Bound<'_, PyAny>>,
        file_encoding: &str,
        lenient: bool,
    ) -> PyResult<Record> {
        let _ = (to_unicode, hide_utf8_warnings, file_encoding);
        let leader_text = match leader {
            Some(l) if !l.is_none() => l.str()?.to_cow()?.into_owned(),
            _ => " ".repeat(24),
        };
        let mut new_leader = pymarc_new_leader(&leader_text);
        if let Some(f) = fields {
            if !f.is_none() && f.is_truthy()? {
                let list = if f.cast::<PyList>().is_ok() {
                    f.cast::<PyList>()?.clone()
                } else {
                    PyList::new(py, f.try_iter()?.collect::<PyResult<Vec<_>>>()?)?
                };
                return Ok(Record {
                    src: Src::Empty,
                    leader: Some(PyString::new(py, &new_leader).unbind()),
                    fields: Some(list.unbind()),
                });
            }
        }
        if let Some(d) = data {
            if !d.is_none() {
                if d.cast::<PyString>().is_ok() {
                    if d.len()? > 0 {
                        return Err(PyTypeError::new_err(
                            "data must be bytes (one ISO 2709 record)",
                        ));
                    }
                } else {
                    let bytes: Vec<u8> = match d.cast::<PyBytes>() {
                        Ok(b) => b.as_bytes().to_vec(),
                        Err(_) => d.extract::<Vec<u8>>().or_else(|_| {
                            py.import("builtins")?
                                .getattr("bytes")?
                                .call1((d,))?
                                .extract::<Vec<u8>>()
                        })?,
                    };
                    if !bytes.is_empty() {
                        return record_from_marc(py, &bytes, lenient || utf8_handling != "strict");
                    }
                }
            }
        }
        if force_utf8 {
            let mut chars: Vec<char> = new_leader.chars().collect();
            if chars.len() > 9 {
                chars[9] = 'a';
            }
            new_leader = chars.into_iter().collect();
        }
        Ok(Record {
            src: Src::Empty,
            leader: Some(PyString::new(py, &new_leader).unbind()),
            fields: None,
        })
    }

    /// The leader (a `str`; assign a `str` to change it).
    #[getter]
    fn leader(&mut self, py: Python<'_>) -> PyResult<Py<PyString>> {
        if let Some(l) = &self.leader {
            return Ok(l.clone_ref(py));
        }
        let l = PyString::new(py, &self.leader_text(py)?).unbind();
        self.leader = Some(l.clone_ref(py));
        Ok(l)
    }

    #[setter]
    fn set_leader(&mut self, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        match value {
            Some(v) if !v.is_none() => {
                self.leader = Some(v.str()?.unbind());
                Ok(())
            }
            _ => Err(PyValueError::new_err("the leader must be a str")),
        }
    }

    /// The fields, a list of `Field` in record order; change it in place or assign a list.
    #[getter(fields)]
    fn fields_getter<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.fields_list(py)
    }

    #[setter]
    fn set_fields(&mut self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let list = if let Ok(l) = value.cast::<PyList>() {
            l.clone()
        } else {
            PyList::new(py, value.try_iter()?.collect::<PyResult<Vec<_>>>()?)?
        };
        if self.leader.is_none() {
            self.leader = Some(PyString::new(py, &self.leader_text(py)?).unbind());
        }
        self.fields = Some(list.unbind());
        Ok(())
    }

    /// The first field with this tag; `KeyError` when there is none.
    fn __getitem__<'py>(
        &mut self,
        py: Python<'py>,
        tag: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text: String = tag
            .extract()
            .map_err(|_| PyKeyError::new_err(tag.clone().unbind()))?;
        match self.first_field(py, &text)? {
            Some(f) => Ok(f),
            None => Err(PyKeyError::new_err(text)),
        }
    }

    /// The first field with this tag, or `default`.
    #[pyo3(signature = (tag, default=None))]
    fn get<'py>(
        &mut self,
        py: Python<'py>,
        tag: &str,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self.first_field(py, tag)? {
            Some(f) => f,
            None => default.unwrap_or_else(|| py.None().into_bound(py)),
        })
    }

    fn __contains__(&mut self, py: Python<'_>, tag: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(text) = tag.extract::<String>() else {
            return Ok(false);
        };
        if let Some(found) = self.view(text.as_bytes()) {
            return Ok(found.is_some());
        }
        Ok(self.first_field(py, &text)?.is_some())
    }

    fn __iter__<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.fields_list(py)?.as_any().try_iter()
    }

    /// Fields whose tag is among `tags`, in record order; with no tags, the fields list
    /// itself (as pymarc returns it).
    #[pyo3(signature = (*tags))]
    fn get_fields<'py>(
        &mut self,
        py: Python<'py>,
        tags: &Bound<'py, PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let list = self.fields_list(py)?;
        if tags.is_empty() {
            return Ok(list.into_any());
        }
        let tags = tag_texts(&tags.iter().collect::<Vec<_>>())?;
        let mut out = Vec::new();
        for item in list.iter() {
            if tag_in(&item, &tags)? {
                out.push(item);
            }
        }
        Ok(PyList::new(py, out)?.into_any())
    }

    /// Appends fields at the end.
    #[pyo3(signature = (*fields))]
    fn add_field(&mut self, py: Python<'_>, fields: Vec<Bound<'_, PyAny>>) -> PyResult<()> {
        let list = self.fields_list(py)?;
        for f in fields {
            list.append(f)?;
        }
        Ok(())
    }

    /// Adds fields keeping a loose order by the first digit of the tag (pymarc's
    /// `add_grouped_field`).
    #[pyo3(signature = (*fields))]
    fn add_grouped_field(&mut self, py: Python<'_>, fields: Vec<Bound<'_, PyAny>>) -> PyResult<()> {
        self.add_sorted(py, fields, true)
    }

    /// Adds fields keeping numeric tag order (pymarc's `add_ordered_field`).
    #[pyo3(signature = (*fields))]
    fn add_ordered_field(&mut self, py: Python<'_>, fields: Vec<Bound<'_, PyAny>>) -> PyResult<()> {
        self.add_sorted(py, fields, false)
    }

    /// Removes these field objects; `pustaka.marc.FieldNotFound` if one is not in the record.
    #[pyo3(signature = (*fields))]
    fn remove_field(&mut self, py: Python<'_>, fields: Vec<Bound<'_, PyAny>>) -> PyResult<()> {
        let list = self.fields_list(py)?;
        for f in fields {
            let at = list.iter().position(|x| x.is(&f));
            match at {
                Some(i) => list.del_item(i)?,
                None => {
                    // pymarc uses list.remove, which also matches equal objects.
                    if list.call_method1("remove", (f,)).is_err() {
                        return Err(FieldNotFound::new_err("the field is not in the record"));
                    }
                }
            }
        }
        Ok(())
    }

    /// Removes every field with one of these tags.
    #[pyo3(signature = (*tags))]
    fn remove_fields(&mut self, py: Python<'_>, tags: Vec<Bound<'_, PyAny>>) -> PyResult<()> {
        if tags.is_empty() {
            return Ok(());
        }
        let tags = tag_texts(&tags)?;
        let list = self.fields_list(py)?;
        let mut keep = Vec::new();
        for item in list.iter() {
            if !tag_in(&item, &tags)? {
                keep.push(item);
            }
        }
        let n = list.len();
        list.del_slice(0, n)?;
        for item in keep {
            list.append(item)?;
        }
        Ok(())
    }

    /// 245 `$a`, then `$b` after a space (pymarc's rule); `None` without a 245 `$a`.
    #[getter]
    fn title(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.field_title(py, b"245")
    }

    /// 222 `$a` and `$b`, like `title`.
    #[getter]
    fn issn_title(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.field_title(py, b"222")
    }

    /// The first 020 `$a`, reduced to its digits and X (pymarc's rule).
    #[getter]
    fn isbn(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        let Some(v) = self.first_sub(py, b"020", b'a')? else {
            return Ok(None);
        };
        let v: String = v.bind(py).extract()?;
        if v.is_empty() {
            return Ok(None);
        }
        Ok(isbn_of(&v))
    }

    /// 022 `$a` of the first 022.
    #[getter]
    fn issn(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.first_sub(py, b"022", b'a')
    }

    /// 022 `$l` of the first 022.
    #[getter]
    fn issnl(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.first_sub(py, b"022", b'l')
    }

    /// The 086 formatted (SuDoc classification).
    #[getter]
    fn sudoc(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        self.formatted(py, &[b"086"])
    }

    /// The main entry (100, 110 or 111) formatted as pymarc's `format_field()`.
    #[getter]
    fn author(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        self.formatted(py, &[b"100", b"110", b"111"])
    }

    /// The uniform title (130 or 240) formatted.
    #[getter]
    fn uniformtitle(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        self.formatted(py, &[b"130", b"240"])
    }

    /// `$b` of the first 260, or 264 with second indicator 1, whichever comes first.
    #[getter]
    fn publisher(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.publication(py, b'b')
    }

    /// `$c` of the first 260, or 264 with second indicator 1, whichever comes first.
    #[getter]
    fn pubyear(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.publication(py, b'c')
    }

    /// Subject fields (600-699 as pymarc lists them).
    #[getter]
    fn subjects<'py>(&mut self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.fields_with(py, SUBJECT_TAGS)
    }

    /// Added entry fields (7XX as pymarc lists them).
    #[getter]
    fn addedentries<'py>(&mut self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.fields_with(py, ADDED_ENTRY_TAGS)
    }

    /// Series fields (440, 490, 800, 810, 811, 830).
    #[getter]
    fn series<'py>(&mut self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.fields_with(py, SERIES_TAGS)
    }

    /// Note fields (5XX as pymarc lists them).
    #[getter]
    fn notes<'py>(&mut self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.fields_with(py, NOTE_TAGS)
    }

    /// Location fields (852).
    #[getter]
    fn location<'py>(&mut self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.fields_with(py, &["852"])
    }

    /// Physical description fields (300).
    #[getter]
    fn physicaldescription<'py>(&mut self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.fields_with(py, &["300"])
    }

    /// The record as ISO 2709 bytes, UTF-8 (leader/09 `a`), with lengths and the directory
    /// recomputed. Raises `pustaka.MarcError` for what ISO 2709 cannot hold.
    fn as_marc<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let rec = self.to_core(py)?;
        let mut out = Vec::with_capacity(2048);
        pustaka_marc::iso2709::write_record(&rec, &mut out).map_err(|e| marc_error(py, &e))?;
        Ok(PyBytes::new(py, &out))
    }

    /// Alias of `as_marc`.
    fn as_marc21<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        self.as_marc(py)
    }

    /// The record as pymarc's `as_dict()` gives it.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        core_to_dict(py, &self.to_core(py)?)
    }

    /// `json.dumps(self.as_dict(), **kwargs)`, as pymarc's `as_json`.
    #[pyo3(signature = (**kwargs))]
    fn as_json(&self, py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        let d = self.as_dict(py)?;
        py.import("json")?
            .getattr("dumps")?
            .call((d,), kwargs)?
            .extract()
    }

    /// A pymarc `Record` with the same leader and fields (needs pymarc).
    fn to_pymarc<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        core_to_pymarc(py, &self.to_core(py)?)
    }

    /// A record from a pymarc `Record` (or any object with pymarc's `leader` and `fields`).
    #[classmethod]
    fn from_pymarc(_cls: &Bound<'_, PyType>, record: &Bound<'_, PyAny>) -> PyResult<Record> {
        Ok(wrap_core(record_to_core(record)?))
    }

    /// A record from one ISO 2709 record's bytes (strict unless `lenient`).
    #[classmethod]
    #[pyo3(signature = (data, lenient=false))]
    fn from_marc(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        data: &[u8],
        lenient: bool,
    ) -> PyResult<Record> {
        record_from_marc(py, data, lenient)
    }

    /// A record from MARC-in-JSON text (one record, pymarc's `as_json` layout).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, text: &str) -> PyResult<Record> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| PyValueError::new_err(format!("not JSON: {e}")))?;
        let mut warnings = Vec::new();
        let rec =
            pustaka_marc::json::from_value(&value, Default::default(), Mode::Strict, &mut warnings)
                .map_err(|e| marc_error(py, &e))?;
        Ok(wrap_core(rec))
    }

    /// A record from a dict in pymarc's `as_dict()` layout.
    #[classmethod]
    fn from_dict(
        cls: &Bound<'_, PyType>,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<Record> {
        let text: String = py
            .import("json")?
            .getattr("dumps")?
            .call1((data,))?
            .extract()?;
        Self::from_json(cls, py, &text)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let rec = slf.borrow().to_core(py)?;
        let text = pustaka_marc::json::to_string(&rec);
        Ok((
            slf.get_type().getattr("from_json")?,
            PyTuple::new(py, [text])?,
        ))
    }

    fn __str__(&mut self, py: Python<'_>) -> PyResult<String> {
        let mut out = format!("=LDR  {}\n", self.leader_text(py)?);
        let list = self.fields_list(py)?;
        for item in list.iter() {
            if let Ok(f) = item.cast::<Field>() {
                out.push_str(&f.borrow().maker_text(py)?);
            } else {
                out.push_str(&item.str()?.to_cow()?);
            }
            out.push('\n');
        }
        Ok(out)
    }

    fn __repr__(&mut self, py: Python<'_>) -> PyResult<String> {
        let n = match (&self.fields, &self.src) {
            (Some(l), _) => l.bind(py).len(),
            (None, Src::Empty) => 0,
            (None, Src::Raw(r)) => raw::field_count(r),
            (None, Src::Core(r)) => r.fields.len(),
        };
        let title = match self.title(py)? {
            Some(t) => t.bind(py).repr()?.to_cow()?.into_owned(),
            None => "None".into(),
        };
        Ok(format!(
            "<Record leader={:?} fields={n} title={title}>",
            self.leader_text(py)?
        ))
    }
}

impl Record {
    fn add_sorted(
        &mut self,
        py: Python<'_>,
        fields: Vec<Bound<'_, PyAny>>,
        grouped: bool,
    ) -> PyResult<()> {
        let list = self.fields_list(py)?;
        let tag_of = |f: &Bound<'_, PyAny>| -> PyResult<String> { f.getattr("tag")?.extract() };
        let key = |tag: &str| -> Option<u32> {
            if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            if grouped {
                tag[..1].parse().ok()
            } else {
                tag.parse().ok()
            }
        };
        for f in fields {
            let tag = tag_of(&f)?;
            let Some(k) = key(&tag) else {
                list.append(f)?;
                continue;
            };
            if list.is_empty() {
                list.append(f)?;
                continue;
            }
            let n = list.len();
            let mut placed = false;
            for (i, existing) in list.iter().enumerate() {
                let t = tag_of(&existing)?;
                match key(&t) {
                    None => {
                        list.insert(i, f.clone())?;
                        placed = true;
                        break;
                    }
                    Some(last) if last > k => {
                        list.insert(i, f.clone())?;
                        placed = true;
                        break;
                    }
                    _ => {}
                }
                if i + 1 == n {
                    break;
                }
            }
            if !placed {
                list.append(f)?;
            }
        }
        Ok(())
    }
}
