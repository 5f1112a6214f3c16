//! Community activities of the social-inclusion library programme (TPBIS): what a library
//! did, who took part, with whom, and what changed in people's lives.
//!
//! An activity has a strategy, a type and impact areas taken from code lists
//! (`activity_codes`, seeded with the programme's values and extendable with
//! [`Activities::add_code`]), dates, a venue inside or outside the library and a participant
//! total. Breakdowns are tallies per dimension (gender, age group, disability, occupation,
//! education, residence); each dimension present adds up to the total, with an `unknown`
//! bucket for what is not known. A roster of named participants is optional and needs
//! consent per person. Stakeholders take part with a role and a number of representatives,
//! and for advocacy what they committed to (an MoU, a regulation). Impact stories record a
//! benefit, its evidence, publications and a quantified outcome for a pseudonymous
//! beneficiary. Attachments are references (a path or URL and its sha256), never blobs.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{LibraryError, Result, SqlContext};
use crate::time::{Date, Timestamp};

/// The code lists of `activity_codes`.
pub const CODE_LISTS: [&str; 6] = [
    "strategy",
    "activity_type",
    "impact_area",
    "stakeholder_sector",
    "stakeholder_role",
    "attachment_kind",
];

/// The dimensions participants can be tallied by.
pub const DIMENSIONS: [&str; 6] = [
    "gender",
    "age_group",
    "disability",
    "occupation",
    "education",
    "residence",
];

/// The activity type whose activities count as stakeholder meetings in reports.
pub const STAKEHOLDER_MEETING: &str = "stakeholder_meeting";

/// A named participant of an activity (the optional roster).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// `MemberNo` when the participant is a member (must exist in `members`).
    pub member_no: Option<String>,
    /// Name; a named participant needs `consent`.
    pub name: Option<String>,
    /// Gender bucket.
    pub gender: Option<String>,
    /// Age-group bucket.
    pub age_group: Option<String>,
    /// Disability bucket.
    pub disability: Option<String>,
    /// Occupation bucket.
    pub occupation: Option<String>,
    /// Education bucket.
    pub education: Option<String>,
    /// The participant agreed to be recorded by name.
    pub consent: bool,
}

/// A stakeholder's part in an activity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StakeholderPart {
    /// Stakeholder name; the stakeholder is created on first use and found by name after.
    pub name: String,
    /// Sector code (`stakeholder_sector` list), e.g. `pemerintah`.
    pub sector: String,
    /// Role code (`stakeholder_role` list), e.g. `mitra`.
    pub role: String,
    /// How many representatives took part.
    pub representatives: u32,
    /// What was committed, for advocacy meetings.
    pub commitment: Option<String>,
    /// MoU reference, when one was signed.
    pub mou_ref: Option<String>,
    /// Regulation reference (e.g. a Perda or Perdes), when one was obtained.
    pub regulation_ref: Option<String>,
}

/// A file or link by reference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Kind code (`attachment_kind` list), e.g. `foto`.
    pub kind: String,
    /// Path or URL.
    pub uri: String,
    /// SHA-256 of the content, 64 hex digits, when known.
    pub sha256: Option<String>,
    /// Caption.
    pub caption: Option<String>,
    /// When it was taken, `YYYY-MM-DD HH:MM:SS`.
    pub taken_at: Option<String>,
}

/// An activity to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    /// `location_library.ID` of the library holding it, if the library has several.
    pub library_id: Option<i64>,
    /// Title (required).
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Strategy code (`strategy` list).
    pub strategy: String,
    /// Type code (`activity_type` list).
    pub activity_type: String,
    /// Impact-area codes (`impact_area` list).
    pub impact_areas: Vec<String>,
    /// First day.
    pub start: Date,
    /// Last day (not before `start`).
    pub end: Date,
    /// Venue.
    pub venue: Option<String>,
    /// Held outside the library (outreach).
    pub outside_library: bool,
    /// Funding source, e.g. `APBD`, `APBDes`, `CSR`, `swadaya`.
    pub funding_source: Option<String>,
    /// Participants in all.
    pub participants: u32,
    /// Tallies: dimension → bucket → count; each dimension present adds up to
    /// `participants`.
    pub tallies: BTreeMap<String, BTreeMap<String, u32>>,
    /// Named participants (optional).
    pub roster: Vec<Participant>,
    /// Stakeholders taking part.
    pub stakeholders: Vec<StakeholderPart>,
    /// Photos, attendance lists, documents.
    pub attachments: Vec<Attachment>,
}

impl NewActivity {
    /// An activity with the required fields and nothing else.
    pub fn new(
        title: impl Into<String>,
        strategy: impl Into<String>,
        activity_type: impl Into<String>,
        start: Date,
        end: Date,
        participants: u32,
    ) -> Self {
        NewActivity {
            library_id: None,
            title: title.into(),
            description: None,
            strategy: strategy.into(),
            activity_type: activity_type.into(),
            impact_areas: Vec::new(),
            start,
            end,
            venue: None,
            outside_library: false,
            funding_source: None,
            participants,
            tallies: BTreeMap::new(),
            roster: Vec::new(),
            stakeholders: Vec::new(),
            attachments: Vec::new(),
        }
    }
}

/// A stored activity with everything attached to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// `activities.id`.
    pub id: i64,
    /// `location_library.ID`.
    pub library_id: Option<i64>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Strategy code.
    pub strategy: String,
    /// Type code.
    pub activity_type: String,
    /// Impact-area codes, sorted.
    pub impact_areas: Vec<String>,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
    /// Venue.
    pub venue: Option<String>,
    /// Held outside the library.
    pub outside_library: bool,
    /// Funding source.
    pub funding_source: Option<String>,
    /// Participants in all.
    pub participants: u32,
    /// Tallies: dimension → bucket → count.
    pub tallies: BTreeMap<String, BTreeMap<String, u32>>,
    /// Named participants.
    pub roster: Vec<Participant>,
    /// Stakeholders.
    pub stakeholders: Vec<StakeholderPart>,
    /// Attachments.
    pub attachments: Vec<Attachment>,
    /// Impact stories linked to it.
    pub stories: Vec<Story>,
    /// When it was recorded, `YYYY-MM-DD HH:MM:SS`.
    pub created_at: String,
}

/// A publication of an impact story.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Publication {
    /// URL.
    pub url: String,
    /// Outlet (newspaper, site, channel).
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// A quantified outcome, e.g. monthly income before and after, in rupiah.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Outcome {
    /// What was measured.
    pub description: String,
    /// The value before, when known.
    pub before: Option<f64>,
    /// The value after.
    pub after: Option<f64>,
    /// Unit, e.g. `Rp/bulan`.
    pub unit: Option<String>,
}

/// An impact story to add.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewStory {
    /// The activity it came from, if any.
    pub activity_id: Option<i64>,
    /// Impact-area code (`impact_area` list).
    pub impact_area: String,
    /// A pseudonym for the beneficiary (required; never a real name).
    pub beneficiary_alias: String,
    /// The benefit (*manfaat*), required.
    pub benefit: String,
    /// The evidence (*bukti*) as text.
    pub evidence: Option<String>,
    /// A quantified outcome.
    pub outcome: Option<Outcome>,
    /// Publications (*publikasi*).
    pub publications: Vec<Publication>,
    /// Evidence files and links.
    pub attachments: Vec<Attachment>,
    /// The beneficiary agreed to the story being recorded and shared.
    pub consent: bool,
}

/// A stored impact story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// `impact_stories.id`.
    pub id: i64,
    /// The activity it came from.
    pub activity_id: Option<i64>,
    /// Impact-area code.
    pub impact_area: String,
    /// Pseudonym of the beneficiary.
    pub beneficiary_alias: String,
    /// The benefit.
    pub benefit: String,
    /// The evidence.
    pub evidence: Option<String>,
    /// Quantified outcome.
    pub outcome: Option<Outcome>,
    /// Publications.
    pub publications: Vec<Publication>,
    /// Attachments.
    pub attachments: Vec<Attachment>,
    /// Consent given.
    pub consent: bool,
    /// When it was recorded, `YYYY-MM-DD HH:MM:SS`.
    pub recorded_at: String,
}

/// A row of a code list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Code {
    /// The list, e.g. `activity_type`.
    pub list: String,
    /// The code, e.g. `pelatihan`.
    pub code: String,
    /// The label, e.g. `Pelatihan`.
    pub label: String,
}

/// The activities of a library.
pub struct Activities<'c> {
    conn: &'c Connection,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> LibraryError {
    LibraryError::Validation {
        field: field.into(),
        message: message.into(),
    }
}

impl<'c> Activities<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Activities { conn }
    }

    /// Adds a code to a list (one of [`CODE_LISTS`]); an existing code gets the new label.
    pub fn add_code(&self, list: &str, code: &str, label: &str) -> Result<()> {
        if !CODE_LISTS.contains(&list) {
            return Err(invalid(
                "code list",
                format!("{list:?} is not one of {}", CODE_LISTS.join(", ")),
            ));
        }
        let code = code.trim();
        if code.is_empty() || label.trim().is_empty() {
            return Err(invalid(
                format!("{list} code"),
                "code and label are required",
            ));
        }
        self.conn
            .execute(
                "INSERT INTO activity_codes (list, code, label) VALUES (?1, ?2, ?3)
                 ON CONFLICT (list, code) DO UPDATE SET label = excluded.label",
                params![list, code, label.trim()],
            )
            .ctx(|| format!("adding {list} code {code}"))?;
        Ok(())
    }

    /// The codes of a list, by code.
    pub fn codes(&self, list: &str) -> Result<Vec<Code>> {
        let mut stmt = self
            .conn
            .prepare("SELECT list, code, label FROM activity_codes WHERE list = ?1 ORDER BY code")
            .ctx(|| "reading activity_codes".into())?;
        let rows = stmt
            .query_map([list], |r| {
                Ok(Code {
                    list: r.get(0)?,
                    code: r.get(1)?,
                    label: r.get(2)?,
                })
            })
            .ctx(|| "reading activity_codes".into())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx(|| "reading activity_codes".into())
    }

    /// Adds an activity recorded at `at` and returns it as stored; invalid input (a tally
    /// that does not add up, an end before the start, an unknown code) is a validation error
    /// naming the field, and nothing is written.
    pub fn add(&self, activity: &NewActivity, at: Timestamp) -> Result<Activity> {
        if activity.title.trim().is_empty() {
            return Err(invalid("title", "is required"));
        }
        if activity.end < activity.start {
            return Err(invalid(
                "end",
                format!("{} is before start {}", activity.end, activity.start),
            ));
        }
        for (dimension, buckets) in &activity.tallies {
            if !DIMENSIONS.contains(&dimension.as_str()) {
                return Err(invalid(
                    format!("tallies.{dimension}"),
                    format!("unknown dimension; use one of {}", DIMENSIONS.join(", ")),
                ));
            }
            let sum: u64 = buckets.values().map(|&n| u64::from(n)).sum();
            if sum != u64::from(activity.participants) {
                return Err(invalid(
                    format!("tallies.{dimension}"),
                    format!(
                        "adds up to {sum}, not the {} participants (put the rest in \"unknown\")",
                        activity.participants
                    ),
                ));
            }
            if let Some(b) = buckets.keys().find(|b| b.trim().is_empty()) {
                return Err(invalid(
                    format!("tallies.{dimension}"),
                    format!("empty bucket {b:?}"),
                ));
            }
        }
        if activity.roster.len() > activity.participants as usize {
            return Err(invalid(
                "roster",
                format!(
                    "{} named participants, more than the {} participants",
                    activity.roster.len(),
                    activity.participants
                ),
            ));
        }
        for (i, p) in activity.roster.iter().enumerate() {
            let named = p.name.as_deref().is_some_and(|n| !n.trim().is_empty())
                || p.member_no.as_deref().is_some_and(|n| !n.trim().is_empty());
            if named && !p.consent {
                return Err(invalid(
                    format!("roster[{i}].consent"),
                    "a participant recorded by name or member number needs consent",
                ));
            }
        }
        let tx = crate::store::write_tx(self.conn, || "starting to add an activity".into())?;
        check_code(&tx, "strategy", &activity.strategy, "strategy")?;
        check_code(
            &tx,
            "activity_type",
            &activity.activity_type,
            "activity_type",
        )?;
        for (i, area) in activity.impact_areas.iter().enumerate() {
            check_code(&tx, "impact_area", area, &format!("impact_areas[{i}]"))?;
        }
        for (i, p) in activity.roster.iter().enumerate() {
            if let Some(no) = p
                .member_no
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                let found: Option<i64> = tx
                    .query_row("SELECT ID FROM members WHERE MemberNo = ?1", [no], |r| {
                        r.get(0)
                    })
                    .optional()
                    .ctx(|| format!("reading member {no}"))?;
                if found.is_none() {
                    return Err(LibraryError::NotFound {
                        what: "member",
                        key: format!("{no} (roster[{i}].member_no)"),
                    });
                }
            }
        }
        for (i, s) in activity.stakeholders.iter().enumerate() {
            if s.name.trim().is_empty() {
                return Err(invalid(format!("stakeholders[{i}].name"), "is required"));
            }
            check_code(
                &tx,
                "stakeholder_sector",
                &s.sector,
                &format!("stakeholders[{i}].sector"),
            )?;
            check_code(
                &tx,
                "stakeholder_role",
                &s.role,
                &format!("stakeholders[{i}].role"),
            )?;
        }
        check_attachments(&tx, &activity.attachments)?;
        tx.execute(
            "INSERT INTO activities (location_library_id, title, description, strategy,
                 activity_type, start_date, end_date, venue, outside_library, funding_source,
                 participants_total, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            params![
                activity.library_id,
                activity.title.trim(),
                activity.description,
                activity.strategy.trim(),
                activity.activity_type.trim(),
                activity.start.to_string(),
                activity.end.to_string(),
                activity.venue,
                activity.outside_library,
                activity.funding_source,
                activity.participants,
                at.to_string(),
            ],
        )
        .ctx(|| "inserting activities".into())?;
        let id = tx.last_insert_rowid();
        for area in &activity.impact_areas {
            tx.execute(
                "INSERT OR IGNORE INTO activity_impact_areas (activity_id, impact_area)
                 VALUES (?1, ?2)",
                params![id, area.trim()],
            )
            .ctx(|| format!("inserting activity_impact_areas of activity {id}"))?;
        }
        for (dimension, buckets) in &activity.tallies {
            for (bucket, count) in buckets {
                tx.execute(
                    "INSERT INTO activity_participant_tallies (activity_id, dimension, bucket, count)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, dimension, bucket.trim(), count],
                )
                .ctx(|| format!("inserting tally {dimension}/{bucket} of activity {id}"))?;
            }
        }
        for p in &activity.roster {
            tx.execute(
                "INSERT INTO activity_participants (activity_id, member_no, name, gender,
                     age_group, disability, occupation, education, consent)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    id,
                    p.member_no.as_deref().map(str::trim),
                    p.name,
                    p.gender,
                    p.age_group,
                    p.disability,
                    p.occupation,
                    p.education,
                    p.consent
                ],
            )
            .ctx(|| format!("inserting activity_participants of activity {id}"))?;
        }
        for s in &activity.stakeholders {
            let name = s.name.trim();
            let existing: Option<i64> = tx
                .query_row("SELECT id FROM stakeholders WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .optional()
                .ctx(|| format!("reading stakeholder {name}"))?;
            let stakeholder = match existing {
                Some(sid) => sid,
                None => {
                    tx.execute(
                        "INSERT INTO stakeholders (name, sector) VALUES (?1, ?2)",
                        params![name, s.sector.trim()],
                    )
                    .ctx(|| format!("inserting stakeholder {name}"))?;
                    tx.last_insert_rowid()
                }
            };
            tx.execute(
                "INSERT INTO activity_stakeholders (activity_id, stakeholder_id, role,
                     representatives, commitment, mou_ref, regulation_ref)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    stakeholder,
                    s.role.trim(),
                    s.representatives,
                    s.commitment,
                    s.mou_ref,
                    s.regulation_ref
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    LibraryError::Conflict {
                        table: "activity_stakeholders",
                        message: format!("stakeholder {name} is listed twice as {}", s.role),
                    }
                }
                other => LibraryError::Sqlite {
                    context: format!("inserting activity_stakeholders of activity {id}"),
                    source: other,
                },
            })?;
        }
        insert_attachments(&tx, "activity", id, &activity.attachments)?;
        tx.commit().ctx(|| format!("committing activity {id}"))?;
        self.get(id)
    }

    /// The activity with this id, with its tallies, roster, stakeholders, attachments and
    /// stories.
    pub fn get(&self, id: i64) -> Result<Activity> {
        type Row = (
            Option<i64>,
            String,
            Option<String>,
            String,
            String,
            String,
            String,
            Option<String>,
            bool,
            Option<String>,
            u32,
            String,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT location_library_id, title, description, strategy, activity_type,
                        start_date, end_date, venue, outside_library, funding_source,
                        participants_total, created_at
                 FROM activities WHERE id = ?1",
                [id],
                |r| r.try_into(),
            )
            .optional()
            .ctx(|| format!("reading activity {id}"))?;
        let Some(r) = row else {
            return Err(LibraryError::NotFound {
                what: "activity",
                key: id.to_string(),
            });
        };
        let ctx = || format!("reading activity {id}");
        let impact_areas = strings(
            self.conn,
            "SELECT impact_area FROM activity_impact_areas WHERE activity_id = ?1 ORDER BY 1",
            id,
        )?;
        let mut tallies: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT dimension, bucket, count FROM activity_participant_tallies
                     WHERE activity_id = ?1",
                )
                .ctx(ctx)?;
            let rows = stmt
                .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))
                .ctx(ctx)?;
            for row in rows {
                let (d, b, n) = row.ctx(ctx)?;
                tallies.entry(d).or_default().insert(b, n);
            }
        }
        let roster = {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT member_no, name, gender, age_group, disability, occupation,
                            education, consent
                     FROM activity_participants WHERE activity_id = ?1 ORDER BY id",
                )
                .ctx(ctx)?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok(Participant {
                        member_no: r.get(0)?,
                        name: r.get(1)?,
                        gender: r.get(2)?,
                        age_group: r.get(3)?,
                        disability: r.get(4)?,
                        occupation: r.get(5)?,
                        education: r.get(6)?,
                        consent: r.get(7)?,
                    })
                })
                .ctx(ctx)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)?
        };
        let stakeholders = {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT s.name, s.sector, a.role, a.representatives, a.commitment,
                            a.mou_ref, a.regulation_ref
                     FROM activity_stakeholders a JOIN stakeholders s ON s.id = a.stakeholder_id
                     WHERE a.activity_id = ?1 ORDER BY a.rowid",
                )
                .ctx(ctx)?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok(StakeholderPart {
                        name: r.get(0)?,
                        sector: r.get(1)?,
                        role: r.get(2)?,
                        representatives: r.get(3)?,
                        commitment: r.get(4)?,
                        mou_ref: r.get(5)?,
                        regulation_ref: r.get(6)?,
                    })
                })
                .ctx(ctx)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)?
        };
        let attachments = attachments(self.conn, "activity", id)?;
        let story_ids = ids(
            self.conn,
            "SELECT id FROM impact_stories WHERE activity_id = ?1 ORDER BY id",
            id,
        )?;
        let stories = story_ids
            .into_iter()
            .map(|s| self.story(s))
            .collect::<Result<Vec<_>>>()?;
        Ok(Activity {
            id,
            library_id: r.0,
            title: r.1,
            description: r.2,
            strategy: r.3,
            activity_type: r.4,
            impact_areas,
            start: r.5,
            end: r.6,
            venue: r.7,
            outside_library: r.8,
            funding_source: r.9,
            participants: r.10,
            tallies,
            roster,
            stakeholders,
            attachments,
            stories,
            created_at: r.11,
        })
    }

    /// The activities that start between `from` and `to` (both included; `None` leaves that
    /// side open), by start date then id.
    pub fn list(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<Activity>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id FROM activities
                 WHERE (?1 IS NULL OR start_date >= ?1) AND (?2 IS NULL OR start_date <= ?2)
                 ORDER BY start_date, id",
            )
            .ctx(|| "listing activities".into())?;
        let ids = stmt
            .query_map(
                params![from.map(|d| d.to_string()), to.map(|d| d.to_string())],
                |r| r.get::<_, i64>(0),
            )
            .ctx(|| "listing activities".into())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx(|| "listing activities".into())?;
        ids.into_iter().map(|id| self.get(id)).collect()
    }

    /// Adds an impact story recorded at `at` and returns it as stored.
    pub fn add_story(&self, story: &NewStory, at: Timestamp) -> Result<Story> {
        for (field, value) in [
            ("beneficiary_alias", &story.beneficiary_alias),
            ("benefit", &story.benefit),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(field, "is required"));
            }
        }
        for (i, p) in story.publications.iter().enumerate() {
            if p.url.trim().is_empty() {
                return Err(invalid(format!("publications[{i}].url"), "is required"));
            }
            if let Some(d) = &p.date {
                Date::parse(d).map_err(|_| {
                    invalid(
                        format!("publications[{i}].date"),
                        format!("{d:?} is not YYYY-MM-DD"),
                    )
                })?;
            }
        }
        if let Some(o) = &story.outcome {
            if o.description.trim().is_empty() {
                return Err(invalid("outcome.description", "is required"));
            }
            for (field, v) in [("outcome.before", o.before), ("outcome.after", o.after)] {
                if v.is_some_and(|v| !v.is_finite()) {
                    return Err(invalid(field, "is not a finite number"));
                }
            }
        }
        let tx = crate::store::write_tx(self.conn, || "starting to add an impact story".into())?;
        check_code(&tx, "impact_area", &story.impact_area, "impact_area")?;
        if let Some(a) = story.activity_id {
            let found: Option<i64> = tx
                .query_row("SELECT id FROM activities WHERE id = ?1", [a], |r| r.get(0))
                .optional()
                .ctx(|| format!("reading activity {a}"))?;
            if found.is_none() {
                return Err(LibraryError::NotFound {
                    what: "activity",
                    key: a.to_string(),
                });
            }
        }
        check_attachments(&tx, &story.attachments)?;
        let o = story.outcome.as_ref();
        tx.execute(
            "INSERT INTO impact_stories (activity_id, impact_area, beneficiary_alias, benefit,
                 evidence, outcome_description, outcome_before, outcome_after, outcome_unit,
                 consent, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                story.activity_id,
                story.impact_area.trim(),
                story.beneficiary_alias.trim(),
                story.benefit.trim(),
                story.evidence,
                o.map(|o| o.description.trim().to_string()),
                o.and_then(|o| o.before),
                o.and_then(|o| o.after),
                o.and_then(|o| o.unit.clone()),
                story.consent,
                at.to_string()
            ],
        )
        .ctx(|| "inserting impact_stories".into())?;
        let id = tx.last_insert_rowid();
        for p in &story.publications {
            tx.execute(
                "INSERT INTO publications (story_id, url, outlet, published_on)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, p.url.trim(), p.outlet, p.date],
            )
            .ctx(|| format!("inserting publications of story {id}"))?;
        }
        insert_attachments(&tx, "story", id, &story.attachments)?;
        tx.commit().ctx(|| format!("committing story {id}"))?;
        self.story(id)
    }

    /// The impact story with this id.
    pub fn story(&self, id: i64) -> Result<Story> {
        type Row = (
            Option<i64>,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<f64>,
            Option<f64>,
            Option<String>,
            bool,
            String,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT activity_id, impact_area, beneficiary_alias, benefit, evidence,
                        outcome_description, outcome_before, outcome_after, outcome_unit,
                        consent, recorded_at
                 FROM impact_stories WHERE id = ?1",
                [id],
                |r| r.try_into(),
            )
            .optional()
            .ctx(|| format!("reading impact story {id}"))?;
        let Some(r) = row else {
            return Err(LibraryError::NotFound {
                what: "impact story",
                key: id.to_string(),
            });
        };
        let ctx = || format!("reading publications of story {id}");
        let publications = {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT url, outlet, published_on FROM publications
                     WHERE story_id = ?1 ORDER BY id",
                )
                .ctx(ctx)?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok(Publication {
                        url: r.get(0)?,
                        outlet: r.get(1)?,
                        date: r.get(2)?,
                    })
                })
                .ctx(ctx)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)?
        };
        Ok(Story {
            id,
            activity_id: r.0,
            impact_area: r.1,
            beneficiary_alias: r.2,
            benefit: r.3,
            evidence: r.4,
            outcome: r.5.map(|description| Outcome {
                description,
                before: r.6,
                after: r.7,
                unit: r.8,
            }),
            publications,
            attachments: attachments(self.conn, "story", id)?,
            consent: r.9,
            recorded_at: r.10,
        })
    }
}

/// A code must be in its list, else a validation error naming the field.
fn check_code(tx: &Transaction<'_>, list: &str, code: &str, field: &str) -> Result<()> {
    let found: Option<String> = tx
        .query_row(
            "SELECT code FROM activity_codes WHERE list = ?1 AND code = ?2",
            params![list, code.trim()],
            |r| r.get(0),
        )
        .optional()
        .ctx(|| format!("reading {list} code {code}"))?;
    if found.is_none() {
        let known: Vec<String> = {
            let mut stmt = tx
                .prepare_cached("SELECT code FROM activity_codes WHERE list = ?1 ORDER BY code")
                .ctx(|| format!("reading {list} codes"))?;
            let rows = stmt
                .query_map([list], |r| r.get(0))
                .ctx(|| format!("reading {list} codes"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .ctx(|| format!("reading {list} codes"))?
        };
        return Err(invalid(
            field,
            format!(
                "{code:?} is not in the {list} code list ({}); add it first",
                known.join(", ")
            ),
        ));
    }
    Ok(())
}

fn check_attachments(tx: &Transaction<'_>, attachments: &[Attachment]) -> Result<()> {
    for (i, a) in attachments.iter().enumerate() {
        if a.uri.trim().is_empty() {
            return Err(invalid(format!("attachments[{i}].uri"), "is required"));
        }
        if let Some(h) = &a.sha256 {
            if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(invalid(
                    format!("attachments[{i}].sha256"),
                    format!("{h:?} is not 64 hexadecimal digits"),
                ));
            }
        }
        if let Some(t) = &a.taken_at {
            Timestamp::parse(t).map_err(|_| {
                invalid(
                    format!("attachments[{i}].taken_at"),
                    format!("{t:?} is not YYYY-MM-DD HH:MM:SS"),
                )
            })?;
        }
        check_code(
            tx,
            "attachment_kind",
            &a.kind,
            &format!("attachments[{i}].kind"),
        )?;
    }
    Ok(())
}

fn insert_attachments(
    tx: &Transaction<'_>,
    owner_kind: &str,
    owner_id: i64,
    attachments: &[Attachment],
) -> Result<()> {
    for a in attachments {
        tx.execute(
            "INSERT INTO attachments (owner_kind, owner_id, kind, uri, sha256, caption, taken_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                owner_kind,
                owner_id,
                a.kind.trim(),
                a.uri.trim(),
                a.sha256.as_deref().map(str::to_ascii_lowercase),
                a.caption,
                a.taken_at
            ],
        )
        .ctx(|| format!("inserting attachments of {owner_kind} {owner_id}"))?;
    }
    Ok(())
}

fn attachments(conn: &Connection, owner_kind: &str, owner_id: i64) -> Result<Vec<Attachment>> {
    let ctx = || format!("reading attachments of {owner_kind} {owner_id}");
    let mut stmt = conn
        .prepare_cached(
            "SELECT kind, uri, sha256, caption, taken_at FROM attachments
             WHERE owner_kind = ?1 AND owner_id = ?2 ORDER BY id",
        )
        .ctx(ctx)?;
    let rows = stmt
        .query_map(params![owner_kind, owner_id], |r| {
            Ok(Attachment {
                kind: r.get(0)?,
                uri: r.get(1)?,
                sha256: r.get(2)?,
                caption: r.get(3)?,
                taken_at: r.get(4)?,
            })
        })
        .ctx(ctx)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)
}

fn strings(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached(sql)
        .ctx(|| format!("reading row {id}"))?;
    let rows = stmt
        .query_map([id], |r| r.get(0))
        .ctx(|| format!("reading row {id}"))?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx(|| format!("reading row {id}"))
}

fn ids(conn: &Connection, sql: &str, id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached(sql)
        .ctx(|| format!("reading row {id}"))?;
    let rows = stmt
        .query_map([id], |r| r.get(0))
        .ctx(|| format!("reading row {id}"))?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx(|| format!("reading row {id}"))
}
