//! `Field`, `Subfield` and `Indicators`, shaped like pymarc 5's.
//!
//! A field read from a file keeps a reference to its record's bytes (or to the decoded core
//! record) and makes Python objects only when asked: `field.subfields` builds the list of
//! `Subfield`s on first access and keeps it, and lookups such as `field["a"]` read the bytes
//! directly until then. Once built, the Python list is the field's content: changes made to
//! it are what `as_marc()` and the writers see.

use std::borrow::Cow;
use std::sync::Arc;

use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyIterator, PyList, PyString, PyTuple, PyType};

use pustaka_marc::Record as CoreRecord;

use super::raw::{self, RawBytes, RawField};
use super::strings::{byte_str, char_str, py_strip, tag_str, Exact};

macro_rules! pair_class {
    ($name:ident, $pyname:literal, $a:ident, $b:ident, $doc:literal) => {
        #[doc = $doc]
        #[pyclass(frozen, module = "pustaka.marc", name = $pyname, sequence)]
        pub struct $name {
            #[doc = concat!("The ", stringify!($a), ".")]
            #[pyo3(get)]
            pub $a: Py<PyString>,
            #[doc = concat!("The ", stringify!($b), ".")]
            #[pyo3(get)]
            pub $b: Py<PyString>,
        }

        impl $name {
            fn as_tuple<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                PyTuple::new(py, [self.$a.bind(py), self.$b.bind(py)])
            }
        }

        #[pymethods]
        impl $name {
            #[new]
            fn __new__($a: Bound<'_, PyString>, $b: Bound<'_, PyString>) -> Self {
                $name {
                    $a: $a.unbind(),
                    $b: $b.unbind(),
                }
            }

            #[classattr]
            fn _fields() -> (&'static str, &'static str) {
                (stringify!($a), stringify!($b))
            }

            fn __len__(&self) -> usize {
                2
            }

            fn __getitem__<'py>(
                &self,
                py: Python<'py>,
                index: &Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                self.as_tuple(py)?.as_any().get_item(index)
            }

            fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
                self.as_tuple(py)?.as_any().try_iter()
            }

            fn __contains__(&self, py: Python<'_>, item: &Bound<'_, PyAny>) -> PyResult<bool> {
                self.as_tuple(py)?.as_any().contains(item)
            }

            fn __richcmp__<'py>(
                &self,
                py: Python<'py>,
                other: &Bound<'py, PyAny>,
                op: CompareOp,
            ) -> PyResult<Bound<'py, PyAny>> {
                let mine = self.as_tuple(py)?;
                let theirs = match other.cast::<$name>() {
                    Ok(o) => o.get().as_tuple(py)?.into_any(),
                    Err(_) => other.clone(),
                };
                mine.as_any().rich_compare(theirs, op)
            }

            fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
                self.as_tuple(py)?.as_any().hash()
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                Ok(format!(
                    "{}({}={}, {}={})",
                    $pyname,
                    stringify!($a),
                    self.$a.bind(py).repr()?,
                    stringify!($b),
                    self.$b.bind(py).repr()?
                ))
            }

            fn __reduce__<'py>(
                slf: &Bound<'py, Self>,
            ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
                let py = slf.py();
                Ok((slf.get_type(), slf.get().as_tuple(py)?))
            }

            fn _asdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                let d = PyDict::new(py);
                d.set_item(stringify!($a), self.$a.bind(py))?;
                d.set_item(stringify!($b), self.$b.bind(py))?;
                Ok(d)
            }

            #[pyo3(signature = (**changes))]
            fn _replace(
                &self,
                py: Python<'_>,
                changes: Option<&Bound<'_, PyDict>>,
            ) -> PyResult<Self> {
                let mut a = self.$a.clone_ref(py);
                let mut b = self.$b.clone_ref(py);
                if let Some(changes) = changes {
                    for (k, v) in changes.iter() {
                        let key: String = k.extract()?;
                        let v = v.cast_into::<PyString>()?.unbind();
                        match key.as_str() {
                            stringify!($a) => a = v,
                            stringify!($b) => b = v,
                            other => {
                                return Err(PyValueError::new_err(format!(
                                    "got unexpected field name: {other:?}"
                                )))
                            }
                        }
                    }
                }
                Ok($name { $a: a, $b: b })
            }
        }
    };
}

pair_class!(
    Subfield,
    "Subfield",
    code,
    value,
    "A subfield: code and value. Behaves like pymarc's `Subfield` named tuple: `code, value = sf`, `sf[0]`, `len(sf) == 2`, and it equals (and hashes like) the tuple `(code, value)`; it is not a `tuple` subclass."
);

pair_class!(
    Indicators,
    "Indicators",
    first,
    second,
    "A data field's two indicators. Behaves like pymarc's `Indicators` named tuple: unpacks, indexes, and equals the tuple `(first, second)`."
);

impl Subfield {
    /// A subfield from Rust values.
    pub(crate) fn make(
        py: Python<'_>,
        code: Bound<'_, PyString>,
        value: Bound<'_, PyString>,
    ) -> PyResult<Py<Subfield>> {
        Py::new(
            py,
            Subfield {
                code: code.unbind(),
                value: value.unbind(),
            },
        )
    }
}

/// A tag as Rust keeps it beside the Python string, for comparisons without Python.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TagKey {
    /// Three bytes (every tag read from a file).
    Three([u8; 3]),
    /// Any other text a program set.
    Other(Box<str>),
}

impl TagKey {
    pub(crate) fn new(text: &str) -> TagKey {
        match text.as_bytes() {
            [a, b, c] => TagKey::Three([*a, *b, *c]),
            _ => TagKey::Other(text.into()),
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            TagKey::Three(b) => b,
            TagKey::Other(s) => s.as_bytes(),
        }
    }

    pub(crate) fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }
}

/// A field's indicators: two bytes of a clean record (made into strings when asked), or
/// strings, or none (control field).
pub(crate) enum Ind {
    None,
    Raw([u8; 2]),
    Py([Py<PyString>; 2]),
}

/// Where a field's content is.
pub(crate) enum Body {
    /// In a clean record's bytes: the field data without its terminator.
    Raw { rec: RawBytes, start: u32, end: u32 },
    /// In a decoded core record.
    Core { rec: Arc<CoreRecord>, idx: u32 },
    /// In Python objects: the data (control field) or the list of subfields (data field).
    Py(Py<PyAny>),
}

/// A MARC field, shaped like pymarc 5's `Field`.
///
/// Control fields (`001`-`009`) have `data`; data fields have `indicators` and
/// `subfields`.
#[pyclass(module = "pustaka.marc", name = "Field")]
pub struct Field {
    pub(crate) tag: Py<PyString>,
    pub(crate) key: TagKey,
    pub(crate) control: bool,
    pub(crate) ind: Ind,
    pub(crate) body: Body,
    /// `subfields` of a control field, or `data` of a data field, when a program sets them.
    pub(crate) aux: Option<Py<PyAny>>,
}

/// A subfield as a (code, value) pair of Python objects, whatever holds it.
pub(crate) fn pair<'py>(
    item: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    if let Ok(sf) = item.cast::<Subfield>() {
        let sf = sf.get();
        let py = item.py();
        return Ok((
            sf.code.bind(py).clone().into_any(),
            sf.value.bind(py).clone().into_any(),
        ));
    }
    if let Ok(t) = item.cast::<PyTuple>() {
        if t.len() == 2 {
            return Ok((t.get_item(0)?, t.get_item(1)?));
        }
    }
    if let (Ok(c), Ok(v)) = (item.getattr("code"), item.getattr("value")) {
        return Ok((c, v));
    }
    Err(PyTypeError::new_err(format!(
        "a subfield must be a Subfield or a (code, value) pair, not {}",
        item.get_type().name()?
    )))
}

fn same_code(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(a.is(b) || a.eq(b)?)
}

/// A subfield code given by a program, as the byte a clean record would hold.
fn code_byte(code: &Bound<'_, PyAny>) -> Option<u8> {
    let s = code.cast::<PyString>().ok()?;
    let text = s.to_cow().ok()?;
    match text.as_bytes() {
        [b] => Some(*b),
        _ => None,
    }
}

/// A subfield code given by a program, as a char.
fn code_char(code: &Bound<'_, PyAny>) -> Option<char> {
    let s = code.cast::<PyString>().ok()?;
    let text = s.to_cow().ok()?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

impl Field {
    /// A field of a clean record, decoded lazily.
    pub(crate) fn from_raw(py: Python<'_>, rec: &RawBytes, f: RawField) -> Field {
        let control = f.is_control();
        let ind = if control {
            Ind::None
        } else {
            let (a, b) = raw::indicators(f.data(rec));
            Ind::Raw([a, b])
        };
        Field {
            tag: tag_str(py, &f.tag).unbind(),
            key: TagKey::Three(f.tag),
            control,
            ind,
            body: Body::Raw {
                rec: rec.clone(),
                start: f.start,
                end: f.end,
            },
            aux: None,
        }
    }

    /// A field of a decoded core record, converted lazily.
    pub(crate) fn from_core(py: Python<'_>, rec: &Arc<CoreRecord>, idx: usize) -> Option<Field> {
        let f = rec.fields.get(idx)?;
        let tag = f.tag();
        let ind = f.as_data().map_or(Ind::None, |d| {
            Ind::Py([
                PyString::new(py, d.ind1.as_str()).unbind(),
                PyString::new(py, d.ind2.as_str()).unbind(),
            ])
        });
        Some(Field {
            tag: tag_str(py, tag.as_bytes()).unbind(),
            key: TagKey::Three(*tag.as_bytes()),
            control: f.is_control(),
            ind,
            body: Body::Core {
                rec: rec.clone(),
                idx: u32::try_from(idx).ok()?,
            },
            aux: None,
        })
    }

    /// The control value as a Python object, made and kept on first use.
    fn control_value(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let value = match &self.body {
            Body::Py(v) => return Ok(v.clone_ref(py)),
            Body::Raw { rec, start, end } => {
                let bytes = rec.get(*start as usize..*end as usize).unwrap_or_default();
                match PyString::from_bytes(py, bytes) {
                    Ok(s) => s.into_any().unbind(),
                    Err(_) => PyString::new(py, &raw::text(bytes)).into_any().unbind(),
                }
            }
            Body::Core { rec, idx } => match rec.fields.get(*idx as usize) {
                Some(f) => PyString::new(py, &f.value()).into_any().unbind(),
                None => py.None(),
            },
        };
        self.body = Body::Py(value.clone_ref(py));
        Ok(value)
    }

    /// The list of subfields of a data field, made and kept on first use.
    pub(crate) fn subfield_list<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let list = match &self.body {
            Body::Py(v) => return Ok(v.bind(py).clone()),
            Body::Raw { rec, start, end } => {
                let data = rec.get(*start as usize..*end as usize).unwrap_or_default();
                // One pass to find the subfields (most fields have a few), then the list is
                // made at its final size.
                let mut spans = raw::Spans::new();
                raw::subfield_spans(data, &mut spans);
                let mut failed: Option<PyErr> = None;
                let items = spans.iter().map(|&(code, a, b)| {
                    let value = data.get(a as usize..b as usize).unwrap_or_default();
                    let value = match PyString::from_bytes(py, value) {
                        Ok(v) => v,
                        Err(_) => PyString::new(py, &raw::text(value)),
                    };
                    match Bound::new(
                        py,
                        Subfield {
                            code: byte_str(py, code).unbind(),
                            value: value.unbind(),
                        },
                    ) {
                        Ok(sf) => sf.into_any(),
                        Err(e) => {
                            failed = Some(e);
                            py.None().into_bound(py)
                        }
                    }
                });
                let list = PyList::new(
                    py,
                    Exact {
                        inner: items,
                        left: spans.len(),
                        py,
                    },
                )?;
                if let Some(e) = failed {
                    return Err(e);
                }
                list
            }
            Body::Core { rec, idx } => {
                let mut items = Vec::new();
                if let Some(d) = rec.fields.get(*idx as usize).and_then(|f| f.as_data()) {
                    items.reserve(d.subfields.len());
                    for s in &d.subfields {
                        items.push(Subfield::make(
                            py,
                            char_str(py, s.code),
                            PyString::new(py, &s.value),
                        )?);
                    }
                }
                PyList::new(py, items)?
            }
        };
        self.body = Body::Py(list.clone().into_any().unbind());
        Ok(list.into_any())
    }

    /// Every subfield as (code, value) text, without making Python objects where possible.
    pub(crate) fn pairs_text(&self, py: Python<'_>) -> PyResult<Vec<(String, String)>> {
        if self.control {
            return Ok(Vec::new());
        }
        match &self.body {
            Body::Raw { rec, start, end } => {
                let data = rec.get(*start as usize..*end as usize).unwrap_or_default();
                Ok(raw::subfields(data)
                    .map(|(c, v)| (char::from(c).to_string(), raw::text(v).into_owned()))
                    .collect())
            }
            Body::Core { rec, idx } => Ok(rec
                .fields
                .get(*idx as usize)
                .and_then(|f| f.as_data())
                .map(|d| {
                    d.subfields
                        .iter()
                        .map(|s| (s.code.to_string(), s.value.clone()))
                        .collect()
                })
                .unwrap_or_default()),
            Body::Py(list) => {
                let mut out = Vec::new();
                for item in list.bind(py).try_iter()? {
                    let (c, v) = pair(&item?)?;
                    out.push((c.extract::<String>()?, v.extract::<String>()?));
                }
                Ok(out)
            }
        }
    }

    /// The control value as text (`None` when it is `None`).
    pub(crate) fn control_text(&self, py: Python<'_>) -> PyResult<Option<String>> {
        match &self.body {
            Body::Raw { rec, start, end } => Ok(Some(
                raw::text(rec.get(*start as usize..*end as usize).unwrap_or_default()).into_owned(),
            )),
            Body::Core { rec, idx } => Ok(rec.fields.get(*idx as usize).map(|f| f.value())),
            Body::Py(v) => {
                let v = v.bind(py);
                if v.is_none() {
                    Ok(None)
                } else {
                    Ok(Some(v.extract::<String>()?))
                }
            }
        }
    }

    /// The first subfield value with this code, without making the subfield list.
    pub(crate) fn first<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        if self.control {
            return Ok(None);
        }
        match &self.body {
            Body::Raw { rec, start, end } => {
                let Some(b) = code_byte(code) else {
                    return Ok(None);
                };
                let data = rec.get(*start as usize..*end as usize).unwrap_or_default();
                Ok(raw::first_subfield(data, b)
                    .map(|v| PyString::new(py, &raw::text(v)).into_any()))
            }
            Body::Core { rec, idx } => {
                let Some(c) = code_char(code) else {
                    return Ok(None);
                };
                Ok(rec
                    .fields
                    .get(*idx as usize)
                    .and_then(|f| f.subfield(c))
                    .map(|v| PyString::new(py, v).into_any()))
            }
            Body::Py(list) => {
                for item in list.bind(py).try_iter()? {
                    let (c, v) = pair(&item?)?;
                    if same_code(&c, code)? {
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            }
        }
    }

    /// Values of every subfield whose code is among `codes`.
    fn values_with<'py>(
        &self,
        py: Python<'py>,
        codes: &[Bound<'py, PyAny>],
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let mut out = Vec::new();
        if self.control {
            return Ok(out);
        }
        match &self.body {
            Body::Raw { rec, start, end } => {
                let bytes: Vec<u8> = codes.iter().filter_map(code_byte).collect();
                let data = rec.get(*start as usize..*end as usize).unwrap_or_default();
                for (c, v) in raw::subfields(data) {
                    if bytes.contains(&c) {
                        out.push(PyString::new(py, &raw::text(v)).into_any());
                    }
                }
            }
            Body::Core { rec, idx } => {
                let chars: Vec<char> = codes.iter().filter_map(code_char).collect();
                if let Some(d) = rec.fields.get(*idx as usize).and_then(|f| f.as_data()) {
                    for s in &d.subfields {
                        if chars.contains(&s.code) {
                            out.push(PyString::new(py, &s.value).into_any());
                        }
                    }
                }
            }
            Body::Py(list) => {
                for item in list.bind(py).try_iter()? {
                    let (c, v) = pair(&item?)?;
                    for code in codes {
                        if same_code(&c, code)? {
                            out.push(v);
                            break;
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// pymarc's `format_field()`.
    pub(crate) fn format_text(&self, py: Python<'_>) -> PyResult<String> {
        if self.control {
            return Ok(self.control_text(py)?.unwrap_or_default());
        }
        let subject = self.key.as_bytes().first() == Some(&b'6');
        let mut out = String::new();
        for (code, value) in self.pairs_text(py)? {
            if code == "6" {
                continue;
            }
            if subject && matches!(code.as_str(), "v" | "x" | "y" | "z") {
                out.push_str(" -- ");
            } else {
                out.push(' ');
            }
            out.push_str(&value);
        }
        Ok(py_strip(&out).to_string())
    }

    /// pymarc's `value()`.
    pub(crate) fn value_text(&self, py: Python<'_>) -> PyResult<String> {
        if self.control {
            return Ok(self.control_text(py)?.unwrap_or_default());
        }
        let parts: Vec<String> = self
            .pairs_text(py)?
            .into_iter()
            .map(|(_, v)| py_strip(&v).to_string())
            .collect();
        Ok(parts.join(" "))
    }

    /// pymarc's `str(field)`: MARCMaker text.
    pub(crate) fn maker_text(&self, py: Python<'_>) -> PyResult<String> {
        let tag = self.tag.bind(py).to_cow()?.into_owned();
        if self.control {
            let data = self.control_text(py)?.unwrap_or_default();
            return Ok(format!("={tag}  {}", data.replace(' ', "\\")));
        }
        let mut out = format!("={tag}  ");
        if let Some(ind) = self.inds(py) {
            for i in ind {
                let i = i.bind(py).to_cow()?.into_owned();
                if i == " " || i == "\\" {
                    out.push('\\');
                } else {
                    out.push_str(&i);
                }
            }
        }
        for (code, value) in self.pairs_text(py)? {
            out.push('$');
            out.push_str(&code);
            out.push_str(&value);
        }
        Ok(out)
    }

    fn indicator(&self, py: Python<'_>, i: usize) -> Py<PyString> {
        match &self.ind {
            Ind::Raw(b) => byte_str(py, b[i & 1]).unbind(),
            Ind::Py(ind) => ind[i & 1].clone_ref(py),
            Ind::None => PyString::new(py, "").unbind(),
        }
    }

    /// The indicators as strings (`None` for a control field).
    pub(crate) fn inds(&self, py: Python<'_>) -> Option<[Py<PyString>; 2]> {
        match &self.ind {
            Ind::Raw([a, b]) => Some([byte_str(py, *a).unbind(), byte_str(py, *b).unbind()]),
            Ind::Py([a, b]) => Some([a.clone_ref(py), b.clone_ref(py)]),
            Ind::None => None,
        }
    }
}

/// pymarc's tag normalisation: numeric tags get three digits (`245`, `1` -> `001`).
pub(crate) fn normalize_tag<'py>(tag: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
    let py = tag.py();
    let builtins = py.import("builtins")?;
    if let Ok(s) = tag.cast::<PyString>() {
        let text = s.to_cow()?;
        if text.chars().count() == 3 || !s.call_method0("isdigit")?.is_truthy()? {
            return Ok(s.clone());
        }
        let n = builtins.getattr("int")?.call1((s,))?;
        return Ok(builtins
            .getattr("format")?
            .call1((n, "03"))?
            .cast_into::<PyString>()?);
    }
    match builtins.getattr("int")?.call1((tag,)) {
        Ok(n) => Ok(builtins
            .getattr("format")?
            .call1((n, "03"))?
            .cast_into::<PyString>()?),
        Err(_) => tag.str(),
    }
}

/// pymarc's rule: a control field has a numeric tag below `010`.
fn is_control_text(tag: &str) -> bool {
    !tag.is_empty() && tag < "010" && tag.chars().all(|c| c.is_ascii_digit())
}

/// Two indicators from what a program passed, as pymarc 5 accepts them.
fn indicators_from(value: &Bound<'_, PyAny>) -> PyResult<[Py<PyString>; 2]> {
    let py = value.py();
    if value.is_none() || !value.is_truthy()? {
        let blank = byte_str(py, b' ').unbind();
        return Ok([blank.clone_ref(py), blank]);
    }
    let is_seq = value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok();
    if is_seq && value.len()? != 2 {
        return Err(PyValueError::new_err(
            "indicators must be two values: use Indicators(first, second)",
        ));
    }
    let items: Vec<Bound<'_, PyAny>> = value.try_iter()?.collect::<PyResult<_>>()?;
    match items.as_slice() {
        [a, b] => Ok([
            a.cast::<PyString>()?.clone().unbind(),
            b.cast::<PyString>()?.clone().unbind(),
        ]),
        _ => Err(PyValueError::new_err(
            "indicators must be two values: use Indicators(first, second)",
        )),
    }
}

#[pymethods]
impl Field {
    #[new]
    #[pyo3(signature = (tag, indicators=None, subfields=None, data=None))]
    fn __new__(
        py: Python<'_>,
        tag: &Bound<'_, PyAny>,
        indicators: Option<&Bound<'_, PyAny>>,
        subfields: Option<&Bound<'_, PyAny>>,
        data: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Field> {
        let tag = normalize_tag(tag)?;
        let text = tag.to_cow()?.into_owned();
        if let Some(subs) = subfields {
            if subs.is_truthy()? {
                if let Ok(first) = subs.get_item(0) {
                    if first.cast::<PyString>().is_ok() {
                        return Err(PyValueError::new_err(
                            "subfields no longer accept strings: pass a list of Subfield(code, value)",
                        ));
                    }
                }
            }
        }
        let control = is_control_text(&text);
        let key = TagKey::new(&text);
        if control {
            return Ok(Field {
                tag: tag.unbind(),
                key,
                control,
                ind: Ind::None,
                body: Body::Py(data.map_or_else(|| py.None(), |d| d.clone().unbind())),
                aux: None,
            });
        }
        let ind = match indicators {
            Some(v) => indicators_from(v)?,
            None => indicators_from(&py.None().into_bound(py))?,
        };
        let list = match subfields {
            Some(s) if s.cast::<PyList>().is_ok() => s.clone(),
            Some(s) if !s.is_none() => {
                PyList::new(py, s.try_iter()?.collect::<PyResult<Vec<_>>>()?)?.into_any()
            }
            _ => PyList::empty(py).into_any(),
        };
        Ok(Field {
            tag: tag.unbind(),
            key,
            control,
            ind: Ind::Py(ind),
            body: Body::Py(list.unbind()),
            aux: None,
        })
    }

    /// The tag (three characters, e.g. `"245"`).
    #[getter]
    fn tag(&self, py: Python<'_>) -> Py<PyString> {
        self.tag.clone_ref(py)
    }

    #[setter]
    fn set_tag(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let tag = normalize_tag(value)?;
        self.key = TagKey::new(&tag.to_cow()?);
        self.tag = tag.unbind();
        Ok(())
    }

    /// True for a control field (numeric tag below `010`).
    #[getter]
    fn control_field(&self) -> bool {
        self.control
    }

    /// True for a control field.
    fn is_control_field(&self) -> bool {
        self.control
    }

    /// True for a subject field (tag starting with `6`).
    fn is_subject_field(&self) -> bool {
        self.key.as_bytes().first() == Some(&b'6')
    }

    /// The value of a control field (`None` for a data field).
    #[getter]
    fn data(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if self.control {
            self.control_value(py)
        } else {
            Ok(self
                .aux
                .as_ref()
                .map_or_else(|| py.None(), |v| v.clone_ref(py)))
        }
    }

    #[setter]
    fn set_data(&mut self, py: Python<'_>, value: Option<Bound<'_, PyAny>>) -> PyResult<()> {
        let py_value = value.map(Bound::unbind);
        if self.control {
            self.body = Body::Py(py_value.unwrap_or_else(|| py.None()));
        } else {
            self.aux = py_value;
        }
        Ok(())
    }

    /// The subfields of a data field, a list of `Subfield` (an empty list for a control
    /// field). The list is the field's content: append to it or change it in place.
    #[getter(subfields)]
    fn subfields_getter<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if self.control {
            if let Some(aux) = &self.aux {
                return Ok(aux.bind(py).clone());
            }
            let list = PyList::empty(py).into_any();
            self.aux = Some(list.clone().unbind());
            return Ok(list);
        }
        self.subfield_list(py)
    }

    #[setter]
    fn set_subfields(&mut self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let list = if value.cast::<PyList>().is_ok() {
            value.clone()
        } else {
            PyList::new(py, value.try_iter()?.collect::<PyResult<Vec<_>>>()?)?.into_any()
        };
        if self.control {
            self.aux = Some(list.unbind());
        } else {
            self.body = Body::Py(list.unbind());
        }
        Ok(())
    }

    /// First indicator (`""` for a control field).
    #[getter]
    fn indicator1(&self, py: Python<'_>) -> Py<PyString> {
        self.indicator(py, 0)
    }

    #[setter]
    fn set_indicator1(&mut self, py: Python<'_>, value: Bound<'_, PyString>) {
        let second = self.indicator(py, 1);
        self.ind = Ind::Py([value.unbind(), second]);
    }

    /// Second indicator (`""` for a control field).
    #[getter]
    fn indicator2(&self, py: Python<'_>) -> Py<PyString> {
        self.indicator(py, 1)
    }

    #[setter]
    fn set_indicator2(&mut self, py: Python<'_>, value: Bound<'_, PyString>) {
        let first = self.indicator(py, 0);
        self.ind = Ind::Py([first, value.unbind()]);
    }

    /// Both indicators as `Indicators(first, second)`; `None` for a control field.
    #[getter]
    fn indicators(&self, py: Python<'_>) -> PyResult<Option<Py<Indicators>>> {
        match self.inds(py) {
            Some([first, second]) if !self.control => {
                Ok(Some(Py::new(py, Indicators { first, second })?))
            }
            _ => Ok(None),
        }
    }

    #[setter]
    fn set_indicators(&mut self, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        match value {
            None => Ok(()),
            Some(v) if v.is_none() => Ok(()),
            Some(v) => {
                self.ind = Ind::Py(indicators_from(v)?);
                Ok(())
            }
        }
    }

    /// The value of the first subfield with this code, or `default` (always `default` for a
    /// control field).
    #[pyo3(signature = (code, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self.first(py, code)? {
            Some(v) => v,
            None => default.unwrap_or_else(|| py.None().into_bound(py)),
        })
    }

    /// The value of the first subfield with this code; `KeyError` when there is none (and
    /// always for a control field).
    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        match self.first(py, code)? {
            Some(v) => Ok(v),
            None => Err(PyKeyError::new_err(code.clone().unbind())),
        }
    }

    /// Sets the value of the one subfield with this code (`KeyError` when there is none or
    /// more than one, or for a control field).
    fn __setitem__(
        &mut self,
        py: Python<'_>,
        code: &Bound<'_, PyAny>,
        value: Bound<'_, PyString>,
    ) -> PyResult<()> {
        if self.control {
            return Err(PyKeyError::new_err("field is a control field"));
        }
        let list = self.subfield_list(py)?;
        let list = list.cast::<PyList>()?;
        let mut found = None;
        for (i, item) in list.iter().enumerate() {
            let (c, _) = pair(&item)?;
            if same_code(&c, code)? {
                if found.is_some() {
                    return Err(PyKeyError::new_err(format!(
                        "more than one code {}",
                        code.repr()?
                    )));
                }
                found = Some((i, c));
            }
        }
        match found {
            Some((i, c)) => {
                let sf = Subfield::make(py, c.cast_into::<PyString>()?, value)?;
                list.set_item(i, sf)
            }
            None => Err(PyKeyError::new_err(format!("no code {}", code.repr()?))),
        }
    }

    fn __contains__(&self, py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.first(py, code)?.is_some())
    }

    fn __iter__<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        if self.control {
            return PyTuple::empty(py).as_any().try_iter();
        }
        self.subfield_list(py)?.try_iter()
    }

    /// Values of the subfields with any of these codes, in field order.
    #[pyo3(signature = (*codes))]
    fn get_subfields<'py>(
        &self,
        py: Python<'py>,
        codes: Vec<Bound<'py, PyAny>>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        self.values_with(py, &codes)
    }

    /// Adds a subfield at the end, or at position `pos` (nothing for a control field).
    #[pyo3(signature = (code, value, pos=None))]
    fn add_subfield(
        &mut self,
        py: Python<'_>,
        code: Bound<'_, PyString>,
        value: Bound<'_, PyString>,
        pos: Option<isize>,
    ) -> PyResult<()> {
        if self.control {
            return Ok(());
        }
        let list = self.subfield_list(py)?;
        let list = list.cast::<PyList>()?;
        let sf = Subfield::make(py, code, value)?;
        match pos {
            Some(p) if p <= list.len() as isize => list.insert(p.max(0) as usize, sf),
            _ => list.append(sf),
        }
    }

    /// Removes the first subfield with this code and returns its value (`None` if absent).
    fn delete_subfield<'py>(
        &mut self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        if self.control {
            return Ok(None);
        }
        let list = self.subfield_list(py)?;
        let list = list.cast::<PyList>()?;
        for (i, item) in list.iter().enumerate() {
            let (c, v) = pair(&item)?;
            if same_code(&c, code)? {
                list.del_item(i)?;
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// The subfields as a dict of code to list of values (empty for a control field).
    fn subfields_as_dict<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        if self.control {
            return Ok(d);
        }
        let list = self.subfield_list(py)?;
        for item in list.try_iter()? {
            let (c, v) = pair(&item?)?;
            match d.get_item(&c)? {
                Some(values) => values.cast::<PyList>()?.append(v)?,
                None => d.set_item(c, PyList::new(py, [v])?)?,
            }
        }
        Ok(d)
    }

    /// The occurrence number of the `$6` linkage (`"880-02/$1"` gives `"02"`), or `None`.
    fn linkage_occurrence_num(&self, py: Python<'_>) -> PyResult<Option<String>> {
        let six = byte_str(py, b'6').into_any();
        let Some(v) = self.first(py, &six)? else {
            return Ok(None);
        };
        let text: String = v.extract()?;
        if text.is_empty() {
            return Ok(None);
        }
        Ok(text
            .split('-')
            .nth(1)
            .map(|s| s.split('/').next().unwrap_or("").to_string()))
    }

    /// The control value, or the subfield values stripped and joined by spaces.
    fn value(&self, py: Python<'_>) -> PyResult<String> {
        self.value_text(py)
    }

    /// Like `value()`, but skipping `$6` and with ` -- ` before `$v $x $y $z` in subject
    /// fields, as pymarc formats it.
    fn format_field(&self, py: Python<'_>) -> PyResult<String> {
        self.format_text(py)
    }

    /// The field as ISO 2709 bytes (indicators, subfields, field terminator).
    #[pyo3(signature = (encoding="utf-8"))]
    fn as_marc<'py>(&self, py: Python<'py>, encoding: &str) -> PyResult<Bound<'py, PyBytes>> {
        let mut text = String::new();
        if self.control {
            text.push_str(&self.control_text(py)?.unwrap_or_else(|| "None".into()));
        } else {
            if let Some([a, b]) = self.inds(py) {
                text.push_str(&a.bind(py).to_cow()?);
                text.push_str(&b.bind(py).to_cow()?);
            }
            for (c, v) in self.pairs_text(py)? {
                text.push('\u{1f}');
                text.push_str(&c);
                text.push_str(&v);
            }
        }
        text.push('\u{1e}');
        if encoding.eq_ignore_ascii_case("utf-8") || encoding.eq_ignore_ascii_case("utf8") {
            return Ok(PyBytes::new(py, text.as_bytes()));
        }
        Ok(PyString::new(py, &text)
            .call_method1("encode", (encoding,))?
            .cast_into::<PyBytes>()?)
    }

    /// Alias of `as_marc`.
    #[pyo3(signature = (encoding="utf-8"))]
    fn as_marc21<'py>(&self, py: Python<'py>, encoding: &str) -> PyResult<Bound<'py, PyBytes>> {
        self.as_marc(py, encoding)
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        self.maker_text(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("<Field {}>", self.maker_text(py)?))
    }
}
