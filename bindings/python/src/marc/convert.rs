//! Conversions between Python objects and `pustaka_marc` records: ours, pymarc's (or any
//! object shaped like them), dicts in pymarc's `as_dict()` layout.

use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use pustaka_marc::{
    ControlField, DataField, Field as CoreField, Indicator, Leader, Record as CoreRecord,
    Subfield as CoreSubfield, Tag,
};

use super::field::{pair, Body, Field};
use super::raw;
use super::record::{Record, Src};
use crate::error::marc_error;

fn parse_tag(text: &str) -> PyResult<Tag> {
    Tag::parse(text).ok_or_else(|| {
        PyValueError::new_err(format!(
            "the tag {text:?} is not three printable ASCII characters"
        ))
    })
}

fn text_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    obj.extract::<String>().map_err(|_| {
        let ty = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!("{what} must be a str, not {ty}"))
    })
}

fn code_of(obj: &Bound<'_, PyAny>) -> PyResult<char> {
    let text = text_of(obj, "a subfield code")?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(PyValueError::new_err(format!(
            "a subfield code must be one character, not {text:?}"
        ))),
    }
}

fn subfields_from_iter(list: &Bound<'_, PyAny>) -> PyResult<Vec<CoreSubfield>> {
    let mut out = Vec::new();
    for item in list.try_iter()? {
        let (c, v) = pair(&item?)?;
        out.push(CoreSubfield {
            code: code_of(&c)?,
            value: text_of(&v, "a subfield value")?,
        });
    }
    Ok(out)
}

/// One of our fields as a core field.
fn our_field_to_core(py: Python<'_>, f: &Field) -> PyResult<CoreField> {
    let tag = parse_tag(&f.key.text())?;
    if f.control {
        let value = match &f.body {
            Body::Core { rec, idx } => rec
                .fields
                .get(*idx as usize)
                .map(|f| f.value())
                .unwrap_or_default(),
            _ => f.control_text(py)?.unwrap_or_default(),
        };
        return Ok(CoreField::Control(ControlField { tag, value }));
    }
    let (ind1, ind2) = match f.inds(py) {
        Some([a, b]) => (
            Indicator::from_text(&a.bind(py).to_cow()?),
            Indicator::from_text(&b.bind(py).to_cow()?),
        ),
        None => (Indicator::BLANK, Indicator::BLANK),
    };
    let subfields = match &f.body {
        Body::Raw { rec, start, end } => {
            let data = rec.get(*start as usize..*end as usize).unwrap_or_default();
            raw::subfields(data)
                .map(|(c, v)| CoreSubfield {
                    code: char::from(c),
                    value: raw::text(v).into_owned(),
                })
                .collect()
        }
        Body::Core { rec, idx } => rec
            .fields
            .get(*idx as usize)
            .and_then(|f| f.as_data())
            .map(|d| d.subfields.clone())
            .unwrap_or_default(),
        Body::Py(list) => subfields_from_iter(list.bind(py))?,
    };
    Ok(CoreField::Data(DataField {
        tag,
        ind1,
        ind2,
        subfields,
    }))
}

/// Any field-shaped object (ours, pymarc's) as a core field.
pub(crate) fn field_to_core(item: &Bound<'_, PyAny>) -> PyResult<CoreField> {
    let py = item.py();
    if let Ok(f) = item.cast::<Field>() {
        return our_field_to_core(py, &f.borrow());
    }
    let tag_obj = item.getattr("tag").map_err(|_| {
        PyTypeError::new_err(
            "a field must be a pustaka.marc.Field or have pymarc's Field attributes",
        )
    })?;
    let tag = parse_tag(&tag_obj.str()?.to_cow()?)?;
    let control = match item.getattr("control_field") {
        Ok(v) => v.is_truthy()?,
        Err(_) => item.call_method0("is_control_field")?.is_truthy()?,
    };
    if control {
        let data = item.getattr("data")?;
        let value = if data.is_none() {
            String::new()
        } else {
            text_of(&data, "a control field's data")?
        };
        return Ok(CoreField::Control(ControlField { tag, value }));
    }
    let ind1 = text_of(&item.getattr("indicator1")?, "an indicator")?;
    let ind2 = text_of(&item.getattr("indicator2")?, "an indicator")?;
    Ok(CoreField::Data(DataField {
        tag,
        ind1: Indicator::from_text(&ind1),
        ind2: Indicator::from_text(&ind2),
        subfields: subfields_from_iter(&item.getattr("subfields")?)?,
    }))
}

/// One of our records as a core record.
pub(crate) fn our_record_to_core(py: Python<'_>, r: &Record) -> PyResult<CoreRecord> {
    let mut rec = match (&r.fields, &r.src) {
        (None, Src::Raw(bytes)) => {
            let (rec, _) = pustaka_marc::iso2709::decode(bytes, Default::default())
                .map_err(|e| marc_error(py, &e))?;
            rec
        }
        (None, Src::Core(rec)) => CoreRecord::clone(rec),
        (None, Src::Empty) => CoreRecord {
            leader: Leader::new(super::record::PYMARC_BLANK_LEADER),
            fields: Vec::new(),
        },
        (Some(list), _) => {
            let list = list.bind(py);
            let mut fields = Vec::with_capacity(list.len());
            for item in list.iter() {
                fields.push(field_to_core(&item)?);
            }
            CoreRecord {
                leader: Leader::new(r.leader_text(py)?),
                fields,
            }
        }
    };
    if let Some(l) = &r.leader {
        rec.leader = Leader::new(l.bind(py).to_cow()?.into_owned());
    }
    Ok(rec)
}

/// Any record-shaped object (ours, pymarc's) as a core record.
pub(crate) fn record_to_core(item: &Bound<'_, PyAny>) -> PyResult<CoreRecord> {
    let py = item.py();
    if let Ok(r) = item.cast::<Record>() {
        return our_record_to_core(py, &r.borrow());
    }
    let (Ok(leader), Ok(fields)) = (item.getattr("leader"), item.getattr("fields")) else {
        return Err(PyTypeError::new_err(format!(
            "expected a pustaka.marc.Record (or a pymarc Record), not {}",
            item.get_type().name()?
        )));
    };
    let mut out = Vec::new();
    for f in fields.try_iter()? {
        out.push(field_to_core(&f?)?);
    }
    Ok(CoreRecord {
        leader: Leader::new(leader.str()?.to_cow()?.into_owned()),
        fields: out,
    })
}

/// pymarc's `as_dict()` layout.
pub(crate) fn core_to_dict<'py>(py: Python<'py>, rec: &CoreRecord) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("leader", rec.leader.as_str())?;
    let mut fields = Vec::with_capacity(rec.fields.len());
    for f in &rec.fields {
        let d = PyDict::new(py);
        match f {
            CoreField::Control(c) => d.set_item(c.tag.as_str(), c.value.as_str())?,
            CoreField::Data(df) => {
                let inner = PyDict::new(py);
                inner.set_item("ind1", df.ind1.as_str())?;
                inner.set_item("ind2", df.ind2.as_str())?;
                let mut subs = Vec::with_capacity(df.subfields.len());
                for s in &df.subfields {
                    let sd = PyDict::new(py);
                    sd.set_item(s.code.to_string(), s.value.as_str())?;
                    subs.push(sd);
                }
                inner.set_item("subfields", PyList::new(py, subs)?)?;
                d.set_item(df.tag.as_str(), inner)?;
            }
        }
        fields.push(d);
    }
    out.set_item("fields", PyList::new(py, fields)?)?;
    Ok(out)
}

/// Imports pymarc, with a clear message when it is not installed.
pub(crate) fn import_pymarc(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pymarc").map_err(|e| {
        let err = PyImportError::new_err(
            "this conversion needs pymarc, which is not installed: pip install pymarc",
        );
        err.set_cause(py, Some(e));
        err
    })
}

/// A pymarc `Record` with the same leader and fields.
pub(crate) fn core_to_pymarc<'py>(
    py: Python<'py>,
    rec: &CoreRecord,
) -> PyResult<Bound<'py, PyAny>> {
    let pymarc = import_pymarc(py)?;
    let field_cls = pymarc.getattr("Field")?;
    let sub_cls = pymarc.getattr("Subfield")?;
    let ind_cls = pymarc.getattr("Indicators")?;
    let out = pymarc.getattr("Record")?.call0()?;
    let leader_text = rec.leader.as_str();
    let leader = if leader_text.chars().count() == 24 {
        pymarc.getattr("Leader")?.call1((leader_text,))?
    } else {
        PyString::new(py, leader_text).into_any()
    };
    out.setattr("leader", leader)?;
    let mut fields = Vec::with_capacity(rec.fields.len());
    for f in &rec.fields {
        let kwargs = PyDict::new(py);
        kwargs.set_item("tag", f.tag().as_str())?;
        match f {
            CoreField::Control(c) => kwargs.set_item("data", c.value.as_str())?,
            CoreField::Data(d) => {
                kwargs.set_item(
                    "indicators",
                    ind_cls.call1((d.ind1.as_str(), d.ind2.as_str()))?,
                )?;
                let mut subs = Vec::with_capacity(d.subfields.len());
                for s in &d.subfields {
                    subs.push(sub_cls.call1((s.code.to_string(), s.value.as_str()))?);
                }
                kwargs.set_item("subfields", PyList::new(py, subs)?)?;
            }
        }
        fields.push(field_cls.call((), Some(&kwargs))?);
    }
    out.setattr("fields", PyList::new(py, fields)?)?;
    Ok(out)
}

/// A record wrapping a decoded core record (fields made lazily).
pub(crate) fn wrap_core(rec: CoreRecord) -> Record {
    Record::from_src(Src::Core(std::sync::Arc::new(rec)))
}
