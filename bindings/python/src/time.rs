//! Times given from Python: `datetime.datetime`, `datetime.date` or an ISO string, turned
//! into the core's [`Timestamp`] and [`Date`]; `None` is "now" (the local wall clock, as
//! INLISLite stores its `datetime` columns).

use pustaka::{Date, Timestamp};
use pyo3::prelude::*;
use pyo3::types::PyString;

/// How a malformed time is reported: a closure making the exception from a sentence.
pub(crate) type Invalid = fn(Python<'_>, String) -> PyErr;

/// A malformed time outside circulation: `pustaka.ValidationError` naming `at`.
pub(crate) fn invalid_validation(_py: Python<'_>, message: String) -> PyErr {
    crate::error::ValidationError::new_err(format!("invalid at: {message}"))
}

/// A malformed time in a circulation call: `CirculationError(kind="invalid_time")`, as the
/// CLI reports a malformed `--at`.
pub(crate) fn invalid_circulation(py: Python<'_>, message: String) -> PyErr {
    crate::error::circulation_error(py, "invalid_time", message)
}

fn part<T: TryFrom<i64>>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<T>> {
    let value: i64 = obj.getattr(name)?.extract()?;
    Ok(T::try_from(value).ok())
}

/// The parts of a `datetime.datetime`/`datetime.date` (time 00:00:00 for a date), or
/// `None` for an object that is neither.
fn parts(obj: &Bound<'_, PyAny>) -> PyResult<Option<[Option<u16>; 6]>> {
    if !(obj.hasattr("year")? && obj.hasattr("month")? && obj.hasattr("day")?) {
        return Ok(None);
    }
    let mut out = [
        part::<u16>(obj, "year")?,
        part::<u16>(obj, "month")?,
        part::<u16>(obj, "day")?,
        Some(0),
        Some(0),
        Some(0),
    ];
    if obj.hasattr("hour")? {
        out[3] = part::<u16>(obj, "hour")?;
        out[4] = part::<u16>(obj, "minute")?;
        out[5] = part::<u16>(obj, "second")?;
    }
    Ok(Some(out))
}

fn from_parts(p: [Option<u16>; 6]) -> Option<Timestamp> {
    let [y, mo, d, h, mi, s] = p;
    let small = |v: Option<u16>| v.and_then(|v| u8::try_from(v).ok());
    Timestamp::new(y?, small(mo)?, small(d)?, small(h)?, small(mi)?, small(s)?).ok()
}

fn parse_text(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    match b.len() {
        10 => Date::parse(text)
            .ok()
            .and_then(|d| Timestamp::parse(&d.to_datetime()).ok()),
        19 if b[10] == b'T' || b[10] == b' ' => {
            Timestamp::parse(&format!("{} {}", &text[..10], &text[11..])).ok()
        }
        _ => None,
    }
}

fn describe(obj: &Bound<'_, PyAny>) -> String {
    obj.repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "the value".into())
}

/// `at`: a `datetime.datetime` (its wall-clock time, to the second), a `datetime.date`
/// (midnight), a string `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD HH:MM:SS`, or
/// `None` for now.
pub(crate) fn timestamp(
    py: Python<'_>,
    at: Option<&Bound<'_, PyAny>>,
    invalid: Invalid,
) -> PyResult<Timestamp> {
    let now;
    let at = match at {
        Some(a) if !a.is_none() => a,
        _ => {
            now = py
                .import("datetime")?
                .getattr("datetime")?
                .call_method0("now")?;
            &now
        }
    };
    if let Ok(s) = at.cast::<PyString>() {
        let text = s.to_cow()?;
        return parse_text(&text).ok_or_else(|| {
            invalid(
                py,
                format!("{text:?} is not YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS"),
            )
        });
    }
    match parts(at)? {
        Some(p) => {
            from_parts(p).ok_or_else(|| invalid(py, format!("{} is out of range", describe(at))))
        }
        None => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "expected a datetime.datetime, datetime.date, ISO string or None, not {}",
            at.get_type().name()?
        ))),
    }
}

/// A date: a `datetime.date`, a `datetime.datetime` (its date), a string `YYYY-MM-DD` (or
/// one `timestamp` accepts), or `None` for today.
pub(crate) fn date(
    py: Python<'_>,
    on: Option<&Bound<'_, PyAny>>,
    invalid: Invalid,
) -> PyResult<Date> {
    Ok(timestamp(py, on, invalid)?.date())
}

/// A date that may be absent (`None` stays `None`).
pub(crate) fn optional_date(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    invalid: Invalid,
) -> PyResult<Option<Date>> {
    match value {
        Some(v) if !v.is_none() => Ok(Some(date(py, Some(v), invalid)?)),
        _ => Ok(None),
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, the CLI's JSON form of a time.
pub(crate) fn iso(t: &Timestamp) -> String {
    t.to_string().replacen(' ', "T", 1)
}
