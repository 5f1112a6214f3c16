//! The social-inclusion programme's data from Python: `lib.visits` (INLISLite's guest
//! book), `lib.activities` (community activities and impact stories) and `lib.report(...)`
//! (the periodic report as a dict), over `pustaka::visits`, `pustaka::activities` and
//! `pustaka::reports`.
//!
//! Results come back as plain dicts and lists with the field names of the JSON report (the
//! core's serde names), so what Python sees is what `pustaka report --format json` prints.
//! Nested inputs (tallies, roster, stakeholders, attachments, publications, outcome) are
//! dicts; an unknown or mistyped key is a `ValidationError` naming it.

use std::collections::BTreeMap;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use serde_json::Value;

use pustaka::activities::{Attachment, Outcome, Participant, Publication, StakeholderPart};
use pustaka::visits::{GroupEducation, GroupOccupations, NewPurpose};
use pustaka::{Bucket, Date, NewActivity, NewGroupVisit, NewStory, NewVisit, ReportRequest};

use crate::error::ValidationError;
use crate::library::Shared;
use crate::time::{date, invalid_validation, optional_date, timestamp};

/// A `ValidationError` with its `field` attribute set.
fn invalid(py: Python<'_>, field: &str, message: String) -> PyErr {
    let exc = ValidationError::new_err(format!("{field}: {message}"));
    let _ = exc.value(py).setattr("field", field);
    exc
}

/// A malformed date given to a report or count: `ValidationError` naming the date.
fn invalid_date(py: Python<'_>, message: String) -> PyErr {
    invalid(py, "date", message)
}

/// A JSON value as the matching Python object (dict, list, str, int, float, bool, None).
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A core value, serialised with `serde_json::to_value`, as a Python object.
fn serialised(py: Python<'_>, json: serde_json::Result<Value>) -> PyResult<Bound<'_, PyAny>> {
    let json =
        json.map_err(|e| crate::error::PustakaError::new_err(format!("serialising: {e}")))?;
    to_py(py, &json)
}

/// The keys of a dict argument, read one by one; what is left at the end is unknown.
struct Fields<'py> {
    py: Python<'py>,
    /// Where the dict is, for messages: `roster[0]`.
    at: String,
    values: BTreeMap<String, Bound<'py, PyAny>>,
}

impl<'py> Fields<'py> {
    fn new(value: &Bound<'py, PyAny>, at: &str) -> PyResult<Fields<'py>> {
        let dict = value
            .cast::<PyDict>()
            .map_err(|_| invalid(value.py(), at, "expected a dict".into()))?;
        let mut values = BTreeMap::new();
        for (k, v) in dict.iter() {
            let key: String = k
                .extract()
                .map_err(|_| invalid(value.py(), at, "keys must be strings".into()))?;
            values.insert(key, v);
        }
        Ok(Fields {
            py: value.py(),
            at: at.to_string(),
            values,
        })
    }

    fn field(&self, key: &str) -> String {
        format!("{}.{key}", self.at)
    }

    /// The value of `key`, `None` when absent or `None`.
    fn take(&mut self, key: &str) -> Option<Bound<'py, PyAny>> {
        self.values.remove(key).filter(|v| !v.is_none())
    }

    fn opt_str(&mut self, key: &str) -> PyResult<Option<String>> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => match v.cast::<PyString>() {
                Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
                Err(_) => Err(invalid(
                    self.py,
                    &self.field(key),
                    "expected a string".into(),
                )),
            },
        }
    }

    fn req_str(&mut self, key: &str) -> PyResult<String> {
        self.opt_str(key)?
            .ok_or_else(|| invalid(self.py, &self.field(key), "is required".into()))
    }

    fn count(&mut self, key: &str) -> PyResult<u32> {
        match self.take(key) {
            None => Ok(0),
            Some(v) => whole(&v).ok_or_else(|| {
                invalid(
                    self.py,
                    &self.field(key),
                    "expected a whole number >= 0".into(),
                )
            }),
        }
    }

    fn flag(&mut self, key: &str) -> PyResult<bool> {
        match self.take(key) {
            None => Ok(false),
            Some(v) => v
                .cast::<PyBool>()
                .map(|b| b.is_true())
                .map_err(|_| invalid(self.py, &self.field(key), "expected True or False".into())),
        }
    }

    fn opt_f64(&mut self, key: &str) -> PyResult<Option<f64>> {
        match self.take(key) {
            None => Ok(None),
            Some(v) if v.cast::<PyBool>().is_err() => v
                .extract::<f64>()
                .map(Some)
                .map_err(|_| invalid(self.py, &self.field(key), "expected a number".into())),
            Some(_) => Err(invalid(
                self.py,
                &self.field(key),
                "expected a number".into(),
            )),
        }
    }

    /// Fails on any key not read.
    fn done(self) -> PyResult<()> {
        match self.values.keys().next() {
            None => Ok(()),
            Some(k) => Err(invalid(
                self.py,
                &format!("{}.{k}", self.at),
                "is not a known field".into(),
            )),
        }
    }
}

/// A non-negative whole number that fits `u32` (not a bool).
fn whole(v: &Bound<'_, PyAny>) -> Option<u32> {
    if v.cast::<PyBool>().is_ok() || v.cast::<PyInt>().is_err() {
        return None;
    }
    v.extract::<u32>().ok()
}

/// The items of an optional list argument.
fn items<'py>(
    py: Python<'py>,
    value: Option<&Bound<'py, PyAny>>,
    name: &str,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    match value {
        None => Ok(Vec::new()),
        Some(v) if v.is_none() => Ok(Vec::new()),
        Some(v) if v.cast::<PyString>().is_ok() || v.cast::<PyDict>().is_ok() => {
            Err(invalid(py, name, "expected a list".into()))
        }
        Some(v) => v
            .try_iter()
            .map_err(|_| invalid(py, name, "expected a list".into()))?
            .collect(),
    }
}

fn attachment(value: &Bound<'_, PyAny>, at: &str) -> PyResult<Attachment> {
    let mut f = Fields::new(value, at)?;
    let a = Attachment {
        kind: f.req_str("kind")?,
        uri: f.req_str("uri")?,
        sha256: f.opt_str("sha256")?,
        caption: f.opt_str("caption")?,
        taken_at: f.opt_str("taken_at")?,
    };
    f.done()?;
    Ok(a)
}

fn attachments(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Attachment>> {
    items(py, value, "attachments")?
        .iter()
        .enumerate()
        .map(|(i, v)| attachment(v, &format!("attachments[{i}]")))
        .collect()
}

/// The guest book of a library (`memberguesses`, `groupguesses`, `tujuan_kunjungan`), as
/// `lib.visits`.
#[pyclass(module = "pustaka", name = "Visits", frozen)]
pub(crate) struct Visits {
    shared: Arc<Shared>,
}

impl Visits {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Visits { shared }
    }
}

#[pymethods]
impl Visits {
    /// Checks a visitor in (`memberguesses`). A member gives `member_no` (name, gender,
    /// occupation and education then default from the member record); a non-member gives
    /// `name`, `gender_id` and `address`. Returns `{"id": memberguesses.ID, "counted":
    /// bool}`: `counted` is False when the member already checked in that day and the
    /// library counts a member once a day (nothing is written; `id` is the earlier row).
    #[pyo3(signature = (*, member_no=None, name=None, gender_id=None, occupation_id=None,
        education_id=None, address=None, purpose_id=None, information=None, location_id=None,
        library_id=None, visitor_no=None, description=None, terminal=None, at=None))]
    #[allow(clippy::too_many_arguments)]
    fn add<'py>(
        &self,
        py: Python<'py>,
        member_no: Option<String>,
        name: Option<String>,
        gender_id: Option<i64>,
        occupation_id: Option<i64>,
        education_id: Option<i64>,
        address: Option<String>,
        purpose_id: Option<i64>,
        information: Option<String>,
        location_id: Option<i64>,
        library_id: Option<i64>,
        visitor_no: Option<String>,
        description: Option<String>,
        terminal: Option<String>,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = timestamp(py, at, invalid_validation)?;
        let visit = NewVisit {
            member_no,
            name,
            gender_id,
            occupation_id,
            education_id,
            address,
            purpose_id,
            information,
            location_id,
            library_id,
            visitor_no,
            description,
            terminal,
        };
        let check_in = self.shared.run(py, |l| l.visits().add(&visit, at))?;
        serialised(py, serde_json::to_value(check_in))
    }

    /// Records a group visit (`groupguesses`) of `persons` people and returns its id.
    /// `occupation` maps `pns`, `swasta`, `peneliti`, `guru`, `dosen`, `pensiunan`, `tni`,
    /// `wiraswasta`, `pelajar`, `mahasiswa`, `lainnya` to counts, `education` maps `sd`,
    /// `smp`, `sma`, `d1`, `d2`, `d3`, `s1`, `s2`, `s3`; each set, and `men` + `women`, must
    /// add up to `persons` (else `ValidationError` naming the set, as INLISLite refuses it).
    #[pyo3(signature = (leader_name, institution, institution_address, persons, *,
        occupation=None, education=None, men=0, women=0, leader_phone=None,
        institution_phone=None, institution_email=None, information=None, visitor_no=None,
        terminal=None, purpose_id=None, location_id=None, library_id=None, at=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_group(
        &self,
        py: Python<'_>,
        leader_name: String,
        institution: String,
        institution_address: String,
        persons: u32,
        occupation: Option<&Bound<'_, PyAny>>,
        education: Option<&Bound<'_, PyAny>>,
        men: u32,
        women: u32,
        leader_phone: Option<String>,
        institution_phone: Option<String>,
        institution_email: Option<String>,
        information: Option<String>,
        visitor_no: Option<String>,
        terminal: Option<String>,
        purpose_id: Option<i64>,
        location_id: Option<i64>,
        library_id: Option<i64>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<i64> {
        let at = timestamp(py, at, invalid_validation)?;
        let mut occupation_counts = GroupOccupations::default();
        if let Some(v) = occupation.filter(|v| !v.is_none()) {
            let mut f = Fields::new(v, "occupation")?;
            for key in GroupOccupations::KEYS {
                let n = f.count(key)?;
                if let Some(slot) = occupation_counts.count_mut(key) {
                    *slot = n;
                }
            }
            f.done()?;
        }
        let mut education_counts = GroupEducation::default();
        if let Some(v) = education.filter(|v| !v.is_none()) {
            let mut f = Fields::new(v, "education")?;
            for key in GroupEducation::KEYS {
                let n = f.count(key)?;
                if let Some(slot) = education_counts.count_mut(key) {
                    *slot = n;
                }
            }
            f.done()?;
        }
        let group = NewGroupVisit {
            leader_name,
            leader_phone,
            institution,
            institution_address,
            institution_phone,
            institution_email,
            persons,
            occupation: occupation_counts,
            education: education_counts,
            men,
            women,
            purpose_id,
            information,
            visitor_no,
            location_id,
            library_id,
            terminal,
        };
        self.shared.run(py, |l| l.visits().add_group(&group, at))
    }

    /// Visitor figures of the days `since` to `until` (both included; dates, datetimes or
    /// `YYYY-MM-DD`): with `by=None` one dict (`members`, `non_members`, `group_persons`,
    /// `total`, `daily_average`, `by_gender`, ..., `by_hour`); with `by` `"day"`, `"month"`
    /// or `"year"` a list of `{"label", "from", "to", "visits": {...}}`, one per bucket.
    #[pyo3(signature = (since, until, by=None))]
    fn count<'py>(
        &self,
        py: Python<'py>,
        since: &Bound<'py, PyAny>,
        until: &Bound<'py, PyAny>,
        by: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (from, to) = period(py, since, until)?;
        match by {
            None => {
                let figures = self.shared.run(py, |l| l.visits().count(from, to))?;
                serialised(py, serde_json::to_value(&figures))
            }
            Some(by) => {
                let bucket = bucket(py, &by)?;
                let buckets = self
                    .shared
                    .run(py, |l| l.visits().count_by(from, to, bucket))?;
                serialised(py, serde_json::to_value(&buckets))
            }
        }
    }

    /// Adds a visit purpose (`tujuan_kunjungan`) and returns its id; `member`,
    /// `non_member` and `group` say which visitors may pick it.
    #[pyo3(signature = (code, label, *, member=true, non_member=true, group=true, at=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_purpose(
        &self,
        py: Python<'_>,
        code: String,
        label: String,
        member: bool,
        non_member: bool,
        group: bool,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<i64> {
        let at = timestamp(py, at, invalid_validation)?;
        let purpose = NewPurpose {
            code,
            label,
            for_member: member,
            for_non_member: non_member,
            for_group: group,
        };
        self.shared
            .run(py, |l| l.visits().add_purpose(&purpose, at))
    }

    /// The visit purposes as dicts (`id`, `code`, `label`, `for_member`,
    /// `for_non_member`, `for_group`).
    fn purposes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let purposes = self.shared.run(py, |l| l.visits().purposes())?;
        serialised(py, serde_json::to_value(&purposes))
    }

    /// Whether every check-in counts (`CountingBukuTamu` = 1); False means a member counts
    /// at most once a day.
    #[getter]
    fn counts_every_checkin(&self, py: Python<'_>) -> PyResult<bool> {
        self.shared.run(py, |l| l.visits().counts_every_checkin())
    }

    /// Sets the counting policy (`CountingBukuTamu`).
    #[pyo3(signature = (every, *, at=None))]
    fn set_counts_every_checkin(
        &self,
        py: Python<'_>,
        every: bool,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let at = timestamp(py, at, invalid_validation)?;
        self.shared
            .run(py, |l| l.visits().set_counts_every_checkin(every, at))
    }

    fn __repr__(&self) -> String {
        "<pustaka.Visits>".to_string()
    }
}

/// The days `since` to `until` as core dates.
fn period(
    py: Python<'_>,
    since: &Bound<'_, PyAny>,
    until: &Bound<'_, PyAny>,
) -> PyResult<(Date, Date)> {
    if since.is_none() || until.is_none() {
        return Err(invalid(py, "period", "both ends are required".into()));
    }
    Ok((
        date(py, Some(since), invalid_date)?,
        date(py, Some(until), invalid_date)?,
    ))
}

fn bucket(py: Python<'_>, by: &str) -> PyResult<Bucket> {
    by.parse::<Bucket>()
        .map_err(|e| crate::error::library_error(py, e))
}

/// Community activities of a library, their participants, stakeholders and impact
/// stories, as `lib.activities`.
#[pyclass(module = "pustaka", name = "Activities", frozen)]
pub(crate) struct Activities {
    shared: Arc<Shared>,
}

impl Activities {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Activities { shared }
    }
}

#[pymethods]
impl Activities {
    /// Documents an activity and returns it as a dict. `strategy` (`layanan_informasi`,
    /// `pelibatan_masyarakat`, `advokasi`, `replikasi`), `activity_type` and
    /// `impact_areas` are codes of the library's code lists; `tallies` maps a dimension
    /// (`gender`, `age_group`, `disability`, `occupation`, `education`, `residence`) to
    /// `{bucket: count}` adding up to `participants`; `roster` is a list of dicts
    /// (`member_no`, `name`, `gender`, `age_group`, `disability`, `occupation`,
    /// `education`, `consent`); `stakeholders` of dicts (`name`, `sector`, `role`,
    /// `representatives`, `commitment`, `mou_ref`, `regulation_ref`); `attachments` of
    /// dicts (`kind`, `uri`, `sha256`, `caption`, `taken_at`).
    #[pyo3(signature = (title, strategy, activity_type, start, end, participants, *,
        description=None, venue=None, funding_source=None, impact_areas=None,
        outside_library=false, tallies=None, roster=None, stakeholders=None, attachments=None,
        library_id=None, at=None))]
    #[allow(clippy::too_many_arguments)]
    fn add<'py>(
        &self,
        py: Python<'py>,
        title: String,
        strategy: String,
        activity_type: String,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        participants: u32,
        description: Option<String>,
        venue: Option<String>,
        funding_source: Option<String>,
        impact_areas: Option<Vec<String>>,
        outside_library: bool,
        tallies: Option<&Bound<'py, PyAny>>,
        roster: Option<&Bound<'py, PyAny>>,
        stakeholders: Option<&Bound<'py, PyAny>>,
        attachments: Option<&Bound<'py, PyAny>>,
        library_id: Option<i64>,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = timestamp(py, at, invalid_validation)?;
        let (start, end) = period(py, start, end)?;
        let mut activity =
            NewActivity::new(title, strategy, activity_type, start, end, participants);
        activity.library_id = library_id;
        activity.description = description;
        activity.venue = venue;
        activity.funding_source = funding_source;
        activity.impact_areas = impact_areas.unwrap_or_default();
        activity.outside_library = outside_library;
        if let Some(t) = tallies.filter(|t| !t.is_none()) {
            let dims = t
                .cast::<PyDict>()
                .map_err(|_| invalid(py, "tallies", "expected a dict of dicts".into()))?;
            for (dim, buckets) in dims.iter() {
                let dim: String = dim
                    .extract()
                    .map_err(|_| invalid(py, "tallies", "keys must be strings".into()))?;
                let at = format!("tallies.{dim}");
                let mut f = Fields::new(&buckets, &at)?;
                let keys: Vec<String> = f.values.keys().cloned().collect();
                let mut counts = BTreeMap::new();
                for key in keys {
                    counts.insert(key.clone(), f.count(&key)?);
                }
                activity.tallies.insert(dim, counts);
            }
        }
        for (i, v) in items(py, roster, "roster")?.iter().enumerate() {
            let mut f = Fields::new(v, &format!("roster[{i}]"))?;
            activity.roster.push(Participant {
                member_no: f.opt_str("member_no")?,
                name: f.opt_str("name")?,
                gender: f.opt_str("gender")?,
                age_group: f.opt_str("age_group")?,
                disability: f.opt_str("disability")?,
                occupation: f.opt_str("occupation")?,
                education: f.opt_str("education")?,
                consent: f.flag("consent")?,
            });
            f.done()?;
        }
        for (i, v) in items(py, stakeholders, "stakeholders")?.iter().enumerate() {
            let mut f = Fields::new(v, &format!("stakeholders[{i}]"))?;
            activity.stakeholders.push(StakeholderPart {
                name: f.req_str("name")?,
                sector: f.req_str("sector")?,
                role: f.req_str("role")?,
                representatives: f.count("representatives")?,
                commitment: f.opt_str("commitment")?,
                mou_ref: f.opt_str("mou_ref")?,
                regulation_ref: f.opt_str("regulation_ref")?,
            });
            f.done()?;
        }
        activity.attachments = self::attachments(py, attachments)?;
        let added = self.shared.run(py, |l| l.activities().add(&activity, at))?;
        serialised(py, serde_json::to_value(&added))
    }

    /// The activity with id `id` (with its stories) as a dict; `NotFound` if none.
    fn get<'py>(&self, py: Python<'py>, id: i64) -> PyResult<Bound<'py, PyAny>> {
        let activity = self.shared.run(py, |l| l.activities().get(id))?;
        serialised(py, serde_json::to_value(&activity))
    }

    /// The activities starting from `since` to `until` (either may be None), by start
    /// date, as dicts.
    #[pyo3(signature = (since=None, until=None))]
    fn list<'py>(
        &self,
        py: Python<'py>,
        since: Option<&Bound<'py, PyAny>>,
        until: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let since = optional_date(py, since, invalid_date)?;
        let until = optional_date(py, until, invalid_date)?;
        let list = self.shared.run(py, |l| l.activities().list(since, until))?;
        serialised(py, serde_json::to_value(&list))
    }

    /// Records an impact story and returns it as a dict: what changed (`benefit`) for a
    /// pseudonymous beneficiary, in an `impact_area` (`pendidikan`, `kesehatan`,
    /// `ekonomi_digital`, `pengembangan_usaha`, `sosial_budaya`, `lainnya`), with
    /// `evidence`, an `outcome` dict (`description`, `before`, `after`, `unit`),
    /// `publications` (dicts with `url`, `outlet`, `date`) and `attachments`.
    #[pyo3(signature = (impact_area, beneficiary_alias, benefit, *, activity_id=None,
        evidence=None, outcome=None, publications=None, attachments=None, consent=false,
        at=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_story<'py>(
        &self,
        py: Python<'py>,
        impact_area: String,
        beneficiary_alias: String,
        benefit: String,
        activity_id: Option<i64>,
        evidence: Option<String>,
        outcome: Option<&Bound<'py, PyAny>>,
        publications: Option<&Bound<'py, PyAny>>,
        attachments: Option<&Bound<'py, PyAny>>,
        consent: bool,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = timestamp(py, at, invalid_validation)?;
        let outcome = match outcome.filter(|o| !o.is_none()) {
            None => None,
            Some(o) => {
                let mut f = Fields::new(o, "outcome")?;
                let out = Outcome {
                    description: f.req_str("description")?,
                    before: f.opt_f64("before")?,
                    after: f.opt_f64("after")?,
                    unit: f.opt_str("unit")?,
                };
                f.done()?;
                Some(out)
            }
        };
        let mut pubs = Vec::new();
        for (i, v) in items(py, publications, "publications")?.iter().enumerate() {
            let mut f = Fields::new(v, &format!("publications[{i}]"))?;
            pubs.push(Publication {
                url: f.req_str("url")?,
                outlet: f.opt_str("outlet")?,
                date: f.opt_str("date")?,
            });
            f.done()?;
        }
        let story = NewStory {
            activity_id,
            impact_area,
            beneficiary_alias,
            benefit,
            evidence,
            outcome,
            publications: pubs,
            attachments: self::attachments(py, attachments)?,
            consent,
        };
        let added = self
            .shared
            .run(py, |l| l.activities().add_story(&story, at))?;
        serialised(py, serde_json::to_value(&added))
    }

    /// The impact story with id `id` as a dict; `NotFound` if none.
    fn story<'py>(&self, py: Python<'py>, id: i64) -> PyResult<Bound<'py, PyAny>> {
        let story = self.shared.run(py, |l| l.activities().story(id))?;
        serialised(py, serde_json::to_value(&story))
    }

    /// The codes of a code list (`strategy`, `activity_type`, `impact_area`,
    /// `stakeholder_sector`, `stakeholder_role`, `attachment_kind`) as `{code: label}`.
    fn codes<'py>(&self, py: Python<'py>, list: String) -> PyResult<Bound<'py, PyDict>> {
        let codes = self.shared.run(py, |l| l.activities().codes(&list))?;
        let dict = PyDict::new(py);
        for c in codes {
            dict.set_item(c.code, c.label)?;
        }
        Ok(dict)
    }

    /// Adds a code to a code list (the lists are the library's to extend).
    fn add_code(&self, py: Python<'_>, list: String, code: String, label: String) -> PyResult<()> {
        self.shared
            .run(py, |l| l.activities().add_code(&list, &code, &label))
    }

    fn __repr__(&self) -> String {
        "<pustaka.Activities>".to_string()
    }
}

/// `lib.report(from_, to, by, population)`: the report as a `pustaka.Report` (a dict with
/// `to_html`).
pub(crate) fn report<'py>(
    py: Python<'py>,
    shared: &Shared,
    from: &Bound<'py, PyAny>,
    to: &Bound<'py, PyAny>,
    by: &str,
    population: Option<u64>,
) -> PyResult<Bound<'py, PyAny>> {
    let (from, to) = period(py, from, to)?;
    let request = ReportRequest {
        from,
        to,
        by: bucket(py, by)?,
        population,
    };
    let report = shared.run(py, |l| l.report(&request))?;
    let dict = serialised(py, serde_json::to_value(&report))?;
    py.import("pustaka")?.getattr("Report")?.call1((dict,))
}

/// The HTML page of a report given as JSON text (what `Report.to_html` writes).
#[pyfunction]
fn _report_html(json: &str) -> PyResult<String> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| ValidationError::new_err(format!("the report is not JSON: {e}")))?;
    Ok(pustaka::report_html::render(&value))
}

/// Adds the classes to the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Visits>()?;
    m.add_class::<Activities>()?;
    m.add_function(wrap_pyfunction!(_report_html, m)?)?;
    Ok(())
}
