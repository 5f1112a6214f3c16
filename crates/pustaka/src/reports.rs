//! Periodic reports: a library's figures for a period (visits, members, circulation,
//! collection, community activities) and the library-side inputs of the national literacy
//! indicators, as JSON, CSV or a self-contained HTML page.
//!
//! Every figure is a count or sum over the library's own tables for the days `from` to `to`
//! (both included; a row belongs to a day by the date part of its timestamp column), so it
//! equals what SQL on the INLISLite tables gives for the same days. The field names of the
//! JSON form are a stable interface, documented in the README; maps are sorted by key.
//! Money is whole rupiah as JSON integers (INLISLite stores `JumlahDenda` as an integer).
//! The definitions of the figures are listed in `INLISLITE-CHOICES.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rusqlite::Connection;
use serde::Serialize;

use crate::activities::STAKEHOLDER_MEETING;
use crate::error::{LibraryError, Result, SqlContext};
use crate::time::Date;
use crate::visits::{check_range, figures, VisitFigures};

/// The size of the buckets of a report's `series`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// One entry per day, labelled `YYYY-MM-DD`.
    Day,
    /// One entry per calendar month, labelled `YYYY-MM` (the default).
    #[default]
    Month,
    /// One entry per calendar year, labelled `YYYY`.
    Year,
}

impl Bucket {
    /// `"day"`, `"month"` or `"year"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Month => "month",
            Bucket::Year => "year",
        }
    }
}

impl std::str::FromStr for Bucket {
    type Err = LibraryError;

    /// Parses `day`, `month` or `year` (also INLISLite's `harian`, `bulanan`, `tahunan`).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "daily" | "harian" => Ok(Bucket::Day),
            "month" | "monthly" | "bulanan" => Ok(Bucket::Month),
            "year" | "yearly" | "tahunan" => Ok(Bucket::Year),
            _ => Err(LibraryError::Validation {
                field: "by".into(),
                message: format!("{s:?} is not day, month or year"),
            }),
        }
    }
}

/// What to report: the days `from` to `to` (both included), the size of the series'
/// buckets, and the population the library serves (for the indicators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportRequest {
    /// First day.
    pub from: Date,
    /// Last day (not before `from`).
    pub to: Date,
    /// Bucket size of `series`.
    pub by: Bucket,
    /// People the library serves; when given the report has `indicators`.
    pub population: Option<u64>,
}

impl ReportRequest {
    /// A monthly report of the days `from` to `to`, without indicators.
    pub fn new(from: Date, to: Date) -> Self {
        ReportRequest {
            from,
            to,
            by: Bucket::Month,
            population: None,
        }
    }
}

/// The period of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    /// Days in the period, both ends included.
    pub days: u64,
}

/// Member figures (`members`, `jenis_anggota`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MemberFigures {
    /// Members registered (`RegisterDate`, else `CreateDate`) on or before the last day.
    pub total: u64,
    /// Members registered in the period.
    pub new: u64,
    /// Members who borrowed, visited (guest book) or read in place in the period.
    pub active: u64,
    /// `total` by member type (`jenis_anggota.jenisanggota`).
    pub by_type: BTreeMap<String, u64>,
}

/// Circulation figures (`collectionloanitems`, `pelanggaran`, `bacaditempat`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CirculationFigures {
    /// `collectionloanitems` with `LoanDate` in the period.
    pub loans: u64,
    /// Distinct items (`Collection_id`) of those loans.
    pub items_lent: u64,
    /// Distinct titles (`collections.Catalog_id`) of those loans.
    pub titles_lent: u64,
    /// `collectionloanitems` with `ActualReturn` in the period.
    pub returns: u64,
    /// Those returns with `LateDays` > 0.
    pub late_returns: u64,
    /// `SUM(pelanggaran.JumlahDenda)` of violations created in the period, in rupiah.
    pub fines_charged: i64,
    /// `SUM(pelanggaran.JumlahDenda)` of violations marked paid (`Paid` 1, `UpdateDate`) in
    /// the period, in rupiah.
    pub fines_paid: i64,
    /// `bacaditempat` rows created in the period (reading in place).
    pub read_in_place: u64,
}

/// Collection figures (`catalogs`, `collections`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CollectionFigures {
    /// Titles (`catalogs`) created on or before the last day.
    pub titles: u64,
    /// Items (`collections`) created on or before the last day.
    pub items: u64,
    /// Items created in the period (new acquisitions).
    pub new_items: u64,
    /// Of `titles`, those whose `PublishYear` (first 4-digit year in it) is within the five
    /// years ending with the year of the last day.
    pub recent_titles: u64,
    /// `recent_titles` ÷ `titles` (0 when there are no titles); SNP asks at least 0.1.
    pub recent_share: f64,
}

/// Activities and participants of one strategy or type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActivityCount {
    /// Activities.
    pub activities: u64,
    /// Their participants.
    pub participants: u64,
}

/// Participants by dimension; activities without a tally of a dimension count under
/// `unknown`, so each map adds up to the participants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ParticipantsBy {
    /// By gender bucket.
    pub gender: BTreeMap<String, u64>,
    /// By age-group bucket.
    pub age_group: BTreeMap<String, u64>,
    /// By disability bucket.
    pub disability: BTreeMap<String, u64>,
    /// By occupation bucket.
    pub occupation: BTreeMap<String, u64>,
    /// By education bucket.
    pub education: BTreeMap<String, u64>,
}

/// Activity figures: activities that start in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActivityFigures {
    /// Activities.
    pub count: u64,
    /// Their participants (`participants_total`).
    pub participants: u64,
    /// By strategy code.
    pub by_strategy: BTreeMap<String, ActivityCount>,
    /// By type code.
    pub by_type: BTreeMap<String, ActivityCount>,
    /// Participants by dimension.
    pub participants_by: ParticipantsBy,
    /// Activities held outside the library.
    pub outside_library: u64,
    /// Activities held in the library.
    pub inside_library: u64,
    /// Activities of type `stakeholder_meeting`.
    pub stakeholder_meetings: u64,
    /// Stakeholder representatives over all the activities.
    pub stakeholder_representatives: u64,
    /// Impact stories recorded in the period.
    pub impact_stories: u64,
}

/// The KTAK row a library reports each year (Koleksi, Tenaga, Anggota, Kunjungan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AnnualRow {
    /// Collection: titles.
    pub koleksi: u64,
    /// Staff: pustaka keeps no staff register, so `null`, to be filled in by hand.
    pub tenaga: Option<u64>,
    /// Members: `members.total`.
    pub anggota: u64,
    /// Visits: `visits.total`.
    pub kunjungan: u64,
}

/// The library-side inputs of the national literacy development index (IPLM).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    /// People the library serves.
    pub population: u64,
    /// `visits.daily_average` ÷ population (UPLM 4).
    pub daily_visits_per_person: f64,
    /// `members.total` ÷ population (UPLM 7).
    pub members_per_person: f64,
    /// `collection.titles` ÷ population (UPLM 2; SNP kab/kota asks 0.025).
    pub collection_per_person: f64,
    /// `activities.participants` ÷ population × 100, in percent (UPLM 6).
    pub community_involvement_rate: f64,
    /// The KTAK row.
    pub annual_row: AnnualRow,
}

/// One bucket of a report's series, with the same sections as the whole period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesEntry {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub label: String,
    /// First day of the bucket inside the period.
    pub from: String,
    /// Last day of the bucket inside the period.
    pub to: String,
    /// Visits.
    pub visits: VisitFigures,
    /// Members.
    pub members: MemberFigures,
    /// Circulation.
    pub circulation: CirculationFigures,
    /// Collection.
    pub collection: CollectionFigures,
    /// Activities.
    pub activities: ActivityFigures,
}

/// A periodic report; serialise it (serde) or call [`Report::to_json`] / [`Report::to_csv`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The period.
    pub period: Period,
    /// The bucket size of `series`.
    pub by: Bucket,
    /// Visits.
    pub visits: VisitFigures,
    /// Members.
    pub members: MemberFigures,
    /// Circulation.
    pub circulation: CirculationFigures,
    /// Collection.
    pub collection: CollectionFigures,
    /// Activities.
    pub activities: ActivityFigures,
    /// Indicators, when a population was given.
    pub indicators: Option<Indicators>,
    /// One entry per bucket.
    pub series: Vec<SeriesEntry>,
}

/// The buckets of a period: `(label, first day, last day)`, clipped to the period.
pub fn buckets(from: Date, to: Date, by: Bucket) -> Vec<(String, Date, Date)> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let (y, m) = (start.year(), start.month());
        let (label, end) = match by {
            Bucket::Day => (start.to_string(), start),
            Bucket::Month => (format!("{y:04}-{m:02}"), start.end_of_month()),
            Bucket::Year => (format!("{y:04}"), Date::new(y, 12, 31).unwrap_or(to)),
        };
        out.push((label, start, end.min(to)));
        if end >= to {
            break;
        }
        start = end.add_days(1);
    }
    out
}

/// Builds the report of `request` from the library's tables.
pub(crate) fn build(conn: &Connection, request: &ReportRequest) -> Result<Report> {
    check_range(request.from, request.to)?;
    if request.population == Some(0) {
        return Err(LibraryError::Validation {
            field: "population".into(),
            message: "must be at least 1".into(),
        });
    }
    let (from, to) = (request.from, request.to);
    let visits = figures(conn, from, to)?;
    let members = member_figures(conn, from, to)?;
    let circulation = circulation_figures(conn, from, to)?;
    let collection = collection_figures(conn, from, to)?;
    let activities = activity_figures(conn, from, to)?;
    let indicators = request.population.map(|population| {
        let p = population as f64;
        Indicators {
            population,
            daily_visits_per_person: visits.daily_average / p,
            members_per_person: members.total as f64 / p,
            collection_per_person: collection.titles as f64 / p,
            community_involvement_rate: activities.participants as f64 / p * 100.0,
            annual_row: AnnualRow {
                koleksi: collection.titles,
                tenaga: None,
                anggota: members.total,
                kunjungan: visits.total,
            },
        }
    });
    let series = buckets(from, to, request.by)
        .into_iter()
        .map(|(label, f, t)| {
            Ok(SeriesEntry {
                label,
                from: f.to_string(),
                to: t.to_string(),
                visits: figures(conn, f, t)?,
                members: member_figures(conn, f, t)?,
                circulation: circulation_figures(conn, f, t)?,
                collection: collection_figures(conn, f, t)?,
                activities: activity_figures(conn, f, t)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Report {
        period: Period {
            from: from.to_string(),
            to: to.to_string(),
            days: (to.days_since(from) + 1) as u64,
        },
        by: request.by,
        visits,
        members,
        circulation,
        collection,
        activities,
        indicators,
        series,
    })
}

fn count(conn: &Connection, sql: &str, from: Date, to: Date) -> Result<i64> {
    conn.prepare_cached(sql)
        .and_then(|mut s| {
            s.query_row([from.to_string(), to.to_string()], |r| {
                r.get::<_, Option<i64>>(0)
            })
        })
        .map(|n| n.unwrap_or(0))
        .ctx(|| format!("computing a report figure with {}", first_line(sql)))
}

fn first_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn grouped(conn: &Connection, sql: &str, from: Date, to: Date) -> Result<BTreeMap<String, u64>> {
    let ctx = || format!("computing a report breakdown with {}", first_line(sql));
    let mut stmt = conn.prepare_cached(sql).ctx(ctx)?;
    let rows = stmt
        .query_map([from.to_string(), to.to_string()], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<i64>>(1)?))
        })
        .ctx(ctx)?;
    let mut map = BTreeMap::new();
    for row in rows {
        let (k, n) = row.ctx(ctx)?;
        let n = n.unwrap_or(0).max(0) as u64;
        if n > 0 {
            *map.entry(k.unwrap_or_else(|| "unknown".into()))
                .or_default() += n;
        }
    }
    Ok(map)
}

const MEMBER_REGISTERED: &str =
    "substr(coalesce(nullif(m.RegisterDate, ''), m.CreateDate, '0000-00-00'), 1, 10)";

fn member_figures(conn: &Connection, from: Date, to: Date) -> Result<MemberFigures> {
    let total = count(
        conn,
        &format!("SELECT count(*) FROM members m WHERE {MEMBER_REGISTERED} <= ?2 AND ?1 = ?1"),
        from,
        to,
    )?;
    let new = count(
        conn,
        &format!("SELECT count(*) FROM members m WHERE {MEMBER_REGISTERED} BETWEEN ?1 AND ?2"),
        from,
        to,
    )?;
    let active = count(
        conn,
        "SELECT count(*) FROM members m WHERE
             m.ID IN (SELECT member_id FROM collectionloanitems
                      WHERE substr(LoanDate, 1, 10) BETWEEN ?1 AND ?2)
          OR m.MemberNo IN (SELECT trim(NoAnggota) FROM memberguesses
                      WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2)
          OR m.ID IN (SELECT Member_id FROM bacaditempat
                      WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2)",
        from,
        to,
    )?;
    let by_type = grouped(
        conn,
        &format!(
            "SELECT j.jenisanggota, count(*) FROM members m
             LEFT JOIN jenis_anggota j ON j.id = m.JenisAnggota_id
             WHERE {MEMBER_REGISTERED} <= ?2 AND ?1 = ?1 GROUP BY 1"
        ),
        from,
        to,
    )?;
    Ok(MemberFigures {
        total: total as u64,
        new: new as u64,
        active: active as u64,
        by_type,
    })
}

fn circulation_figures(conn: &Connection, from: Date, to: Date) -> Result<CirculationFigures> {
    let c = |sql: &str| count(conn, sql, from, to);
    Ok(CirculationFigures {
        loans: c("SELECT count(*) FROM collectionloanitems
                  WHERE substr(LoanDate, 1, 10) BETWEEN ?1 AND ?2")? as u64,
        items_lent: c(
            "SELECT count(DISTINCT Collection_id) FROM collectionloanitems
                       WHERE substr(LoanDate, 1, 10) BETWEEN ?1 AND ?2",
        )? as u64,
        titles_lent: c(
            "SELECT count(DISTINCT c.Catalog_id) FROM collectionloanitems l
                        JOIN collections c ON c.ID = l.Collection_id
                        WHERE substr(l.LoanDate, 1, 10) BETWEEN ?1 AND ?2",
        )? as u64,
        returns: c("SELECT count(*) FROM collectionloanitems
                    WHERE substr(ActualReturn, 1, 10) BETWEEN ?1 AND ?2")? as u64,
        late_returns: c("SELECT count(*) FROM collectionloanitems
                         WHERE substr(ActualReturn, 1, 10) BETWEEN ?1 AND ?2
                           AND coalesce(LateDays, 0) > 0")? as u64,
        fines_charged: c("SELECT sum(JumlahDenda) FROM pelanggaran
                          WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2")?,
        fines_paid: c("SELECT sum(JumlahDenda) FROM pelanggaran
                       WHERE coalesce(Paid, 0) = 1
                         AND substr(UpdateDate, 1, 10) BETWEEN ?1 AND ?2")?,
        read_in_place: c("SELECT count(*) FROM bacaditempat
                          WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2")?
            as u64,
    })
}

/// The first run of four digits in a `PublishYear` (`c1999.`, `[2001-2004]`, `p1991.`).
pub fn publish_year(text: &str) -> Option<u16> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                return text[start..i].parse().ok();
            }
        } else {
            i += 1;
        }
    }
    None
}

fn collection_figures(conn: &Connection, from: Date, to: Date) -> Result<CollectionFigures> {
    let c = |sql: &str| count(conn, sql, from, to);
    let titles = c("SELECT count(*) FROM catalogs
                    WHERE substr(coalesce(CreateDate, '0000-00-00'), 1, 10) <= ?2 AND ?1 = ?1")?
        as u64;
    let items = c("SELECT count(*) FROM collections
                   WHERE substr(coalesce(CreateDate, '0000-00-00'), 1, 10) <= ?2 AND ?1 = ?1")?
        as u64;
    let new_items = c("SELECT count(*) FROM collections
                       WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2")?
        as u64;
    let last_year = to.year();
    let ctx = || "reading catalogs PublishYear".to_string();
    let mut stmt = conn
        .prepare_cached(
            "SELECT PublishYear FROM catalogs
             WHERE substr(coalesce(CreateDate, '0000-00-00'), 1, 10) <= ?1",
        )
        .ctx(ctx)?;
    let years = stmt
        .query_map([to.to_string()], |r| r.get::<_, Option<String>>(0))
        .ctx(ctx)?;
    let mut recent_titles = 0u64;
    for y in years {
        if let Some(year) = y.ctx(ctx)?.as_deref().and_then(publish_year) {
            if year <= last_year && year + 4 >= last_year {
                recent_titles += 1;
            }
        }
    }
    Ok(CollectionFigures {
        titles,
        items,
        new_items,
        recent_titles,
        recent_share: if titles == 0 {
            0.0
        } else {
            recent_titles as f64 / titles as f64
        },
    })
}

fn activity_figures(conn: &Connection, from: Date, to: Date) -> Result<ActivityFigures> {
    const IN_PERIOD: &str = "start_date BETWEEN ?1 AND ?2";
    let c = |sql: &str| count(conn, sql, from, to);
    let count_all = c(&format!(
        "SELECT count(*) FROM activities WHERE {IN_PERIOD}"
    ))? as u64;
    let participants = c(&format!(
        "SELECT sum(participants_total) FROM activities WHERE {IN_PERIOD}"
    ))? as u64;
    let by = |column: &str| -> Result<BTreeMap<String, ActivityCount>> {
        let sql = format!(
            "SELECT {column}, count(*), sum(participants_total) FROM activities
             WHERE {IN_PERIOD} GROUP BY 1"
        );
        let ctx = || format!("counting activities by {column}");
        let mut stmt = conn.prepare_cached(&sql).ctx(ctx)?;
        let rows = stmt
            .query_map([from.to_string(), to.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .ctx(ctx)?;
        let mut map = BTreeMap::new();
        for row in rows {
            let (k, a, p) = row.ctx(ctx)?;
            map.insert(
                k,
                ActivityCount {
                    activities: a as u64,
                    participants: p as u64,
                },
            );
        }
        Ok(map)
    };
    let dimension = |d: &str| -> Result<BTreeMap<String, u64>> {
        let mut map = grouped(
            conn,
            &format!(
                "SELECT t.bucket, sum(t.count) FROM activity_participant_tallies t
                 JOIN activities a ON a.id = t.activity_id
                 WHERE a.{IN_PERIOD} AND t.dimension = '{d}' GROUP BY 1"
            ),
            from,
            to,
        )?;
        let untallied = c(&format!(
            "SELECT sum(participants_total) FROM activities a WHERE a.{IN_PERIOD}
               AND NOT EXISTS (SELECT 1 FROM activity_participant_tallies t
                               WHERE t.activity_id = a.id AND t.dimension = '{d}')"
        ))?;
        if untallied > 0 {
            *map.entry("unknown".into()).or_default() += untallied as u64;
        }
        Ok(map)
    };
    let outside_library = c(&format!(
        "SELECT count(*) FROM activities WHERE {IN_PERIOD} AND outside_library <> 0"
    ))? as u64;
    Ok(ActivityFigures {
        count: count_all,
        participants,
        by_strategy: by("strategy")?,
        by_type: by("activity_type")?,
        participants_by: ParticipantsBy {
            gender: dimension("gender")?,
            age_group: dimension("age_group")?,
            disability: dimension("disability")?,
            occupation: dimension("occupation")?,
            education: dimension("education")?,
        },
        outside_library,
        inside_library: count_all - outside_library,
        stakeholder_meetings: c(&format!(
            "SELECT count(*) FROM activities
             WHERE {IN_PERIOD} AND activity_type = '{STAKEHOLDER_MEETING}'"
        ))? as u64,
        stakeholder_representatives: c(&format!(
            "SELECT sum(s.representatives) FROM activity_stakeholders s
             JOIN activities a ON a.id = s.activity_id WHERE a.{IN_PERIOD}"
        ))? as u64,
        impact_stories: c("SELECT count(*) FROM impact_stories
                           WHERE substr(recorded_at, 1, 10) BETWEEN ?1 AND ?2")?
            as u64,
    })
}

/// Quotes a CSV field when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_row(out: &mut String, fields: &[String]) {
    let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&row.join(","));
    out.push('\n');
}

fn csv_map(out: &mut String, section: &str, column: &str, map: &BTreeMap<String, u64>) {
    let _ = writeln!(out, "[{section}]");
    csv_row(out, &[column.to_string(), "count".to_string()]);
    for (k, v) in map {
        csv_row(out, &[k.clone(), v.to_string()]);
    }
    out.push('\n');
}

/// Column names and values of each scalar section, in a fixed order.
fn visit_cells(v: &VisitFigures) -> Vec<(&'static str, String)> {
    vec![
        ("members", v.members.to_string()),
        ("non_members", v.non_members.to_string()),
        ("group_persons", v.group_persons.to_string()),
        ("total", v.total.to_string()),
        ("daily_average", v.daily_average.to_string()),
    ]
}

fn member_cells(m: &MemberFigures) -> Vec<(&'static str, String)> {
    vec![
        ("total", m.total.to_string()),
        ("new", m.new.to_string()),
        ("active", m.active.to_string()),
    ]
}

fn circulation_cells(c: &CirculationFigures) -> Vec<(&'static str, String)> {
    vec![
        ("loans", c.loans.to_string()),
        ("items_lent", c.items_lent.to_string()),
        ("titles_lent", c.titles_lent.to_string()),
        ("returns", c.returns.to_string()),
        ("late_returns", c.late_returns.to_string()),
        ("fines_charged", c.fines_charged.to_string()),
        ("fines_paid", c.fines_paid.to_string()),
        ("read_in_place", c.read_in_place.to_string()),
    ]
}

fn collection_cells(c: &CollectionFigures) -> Vec<(&'static str, String)> {
    vec![
        ("titles", c.titles.to_string()),
        ("items", c.items.to_string()),
        ("new_items", c.new_items.to_string()),
        ("recent_titles", c.recent_titles.to_string()),
        ("recent_share", c.recent_share.to_string()),
    ]
}

fn activity_cells(a: &ActivityFigures) -> Vec<(&'static str, String)> {
    vec![
        ("count", a.count.to_string()),
        ("participants", a.participants.to_string()),
        ("outside_library", a.outside_library.to_string()),
        ("inside_library", a.inside_library.to_string()),
        ("stakeholder_meetings", a.stakeholder_meetings.to_string()),
        (
            "stakeholder_representatives",
            a.stakeholder_representatives.to_string(),
        ),
        ("impact_stories", a.impact_stories.to_string()),
    ]
}

fn csv_cells(out: &mut String, section: &str, cells: &[(&'static str, String)]) {
    let _ = writeln!(out, "[{section}]");
    csv_row(
        out,
        &cells.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>(),
    );
    csv_row(
        out,
        &cells.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
    );
    out.push('\n');
}

fn csv_counts(
    out: &mut String,
    section: &str,
    column: &str,
    map: &BTreeMap<String, ActivityCount>,
) {
    let _ = writeln!(out, "[{section}]");
    csv_row(
        out,
        &[column.into(), "activities".into(), "participants".into()],
    );
    for (k, v) in map {
        csv_row(
            out,
            &[
                k.clone(),
                v.activities.to_string(),
                v.participants.to_string(),
            ],
        );
    }
    out.push('\n');
}

fn csv_series(
    out: &mut String,
    section: &str,
    series: &[SeriesEntry],
    cells: impl Fn(&SeriesEntry) -> Vec<(&'static str, String)>,
) {
    let _ = writeln!(out, "[series.{section}]");
    let mut header = vec!["label".to_string(), "from".to_string(), "to".to_string()];
    if let Some(first) = series.first() {
        header.extend(cells(first).into_iter().map(|(k, _)| k.to_string()));
    }
    csv_row(out, &header);
    for s in series {
        let mut row = vec![s.label.clone(), s.from.clone(), s.to.clone()];
        row.extend(cells(s).into_iter().map(|(_, v)| v));
        csv_row(out, &row);
    }
    out.push('\n');
}

impl Report {
    /// The report as pretty-printed JSON, with the field names documented in the README.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The report as one self-contained HTML page with charts (see [`crate::report_html`]).
    pub fn to_html(&self) -> String {
        match serde_json::to_value(self) {
            Ok(value) => crate::report_html::render(&value),
            Err(e) => format!("<!doctype html><p>report could not be serialised: {e}</p>"),
        }
    }

    /// The report as CSV: one table per section, each a `[section]` line, a header row and
    /// its rows, tables separated by a blank line, columns in a fixed order.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        csv_cells(
            &mut out,
            "period",
            &[
                ("from", self.period.from.clone()),
                ("to", self.period.to.clone()),
                ("days", self.period.days.to_string()),
                ("by", self.by.as_str().to_string()),
            ],
        );
        let v = &self.visits;
        csv_cells(&mut out, "visits", &visit_cells(v));
        csv_map(&mut out, "visits.by_gender", "gender", &v.by_gender);
        csv_map(
            &mut out,
            "visits.by_occupation",
            "occupation",
            &v.by_occupation,
        );
        csv_map(
            &mut out,
            "visits.by_education",
            "education",
            &v.by_education,
        );
        csv_map(&mut out, "visits.by_purpose", "purpose", &v.by_purpose);
        csv_map(&mut out, "visits.by_location", "location", &v.by_location);
        csv_map(&mut out, "visits.by_hour", "hour", &v.by_hour);
        csv_cells(&mut out, "members", &member_cells(&self.members));
        csv_map(
            &mut out,
            "members.by_type",
            "member_type",
            &self.members.by_type,
        );
        csv_cells(
            &mut out,
            "circulation",
            &circulation_cells(&self.circulation),
        );
        csv_cells(&mut out, "collection", &collection_cells(&self.collection));
        let a = &self.activities;
        csv_cells(&mut out, "activities", &activity_cells(a));
        csv_counts(
            &mut out,
            "activities.by_strategy",
            "strategy",
            &a.by_strategy,
        );
        csv_counts(&mut out, "activities.by_type", "activity_type", &a.by_type);
        let p = &a.participants_by;
        csv_map(
            &mut out,
            "activities.participants_by.gender",
            "gender",
            &p.gender,
        );
        csv_map(
            &mut out,
            "activities.participants_by.age_group",
            "age_group",
            &p.age_group,
        );
        csv_map(
            &mut out,
            "activities.participants_by.disability",
            "disability",
            &p.disability,
        );
        csv_map(
            &mut out,
            "activities.participants_by.occupation",
            "occupation",
            &p.occupation,
        );
        csv_map(
            &mut out,
            "activities.participants_by.education",
            "education",
            &p.education,
        );
        if let Some(i) = &self.indicators {
            let opt = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
            csv_cells(
                &mut out,
                "indicators",
                &[
                    ("population", i.population.to_string()),
                    (
                        "daily_visits_per_person",
                        i.daily_visits_per_person.to_string(),
                    ),
                    ("members_per_person", i.members_per_person.to_string()),
                    ("collection_per_person", i.collection_per_person.to_string()),
                    (
                        "community_involvement_rate",
                        i.community_involvement_rate.to_string(),
                    ),
                ],
            );
            csv_cells(
                &mut out,
                "indicators.annual_row",
                &[
                    ("koleksi", i.annual_row.koleksi.to_string()),
                    ("tenaga", opt(i.annual_row.tenaga)),
                    ("anggota", i.annual_row.anggota.to_string()),
                    ("kunjungan", i.annual_row.kunjungan.to_string()),
                ],
            );
        }
        let s = &self.series;
        csv_series(&mut out, "visits", s, |e| visit_cells(&e.visits));
        csv_series(&mut out, "members", s, |e| member_cells(&e.members));
        csv_series(&mut out, "circulation", s, |e| {
            circulation_cells(&e.circulation)
        });
        csv_series(&mut out, "collection", s, |e| {
            collection_cells(&e.collection)
        });
        csv_series(&mut out, "activities", s, |e| activity_cells(&e.activities));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn months_are_clipped_to_the_period_and_cross_the_year() {
        let b = buckets(d("2024-11-15"), d("2025-02-03"), Bucket::Month);
        let shown: Vec<(String, String, String)> = b
            .into_iter()
            .map(|(l, f, t)| (l, f.to_string(), t.to_string()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("2024-11".into(), "2024-11-15".into(), "2024-11-30".into()),
                ("2024-12".into(), "2024-12-01".into(), "2024-12-31".into()),
                ("2025-01".into(), "2025-01-01".into(), "2025-01-31".into()),
                ("2025-02".into(), "2025-02-01".into(), "2025-02-03".into()),
            ]
        );
    }

    #[test]
    fn days_and_years_cover_every_day_once() {
        assert_eq!(
            buckets(d("2024-02-28"), d("2024-03-01"), Bucket::Day).len(),
            3
        );
        let years = buckets(d("2024-06-01"), d("2026-01-01"), Bucket::Year);
        let labels: Vec<&str> = years.iter().map(|(l, _, _)| l.as_str()).collect();
        assert_eq!(labels, ["2024", "2025", "2026"]);
        assert_eq!(years[1].2.to_string(), "2025-12-31");
        assert_eq!(years[2].1.to_string(), "2026-01-01");
    }

    #[test]
    fn publish_year_takes_the_first_four_digit_run() {
        assert_eq!(publish_year("c1999."), Some(1999));
        assert_eq!(publish_year("[2001-2004]"), Some(2001));
        assert_eq!(publish_year("Ward, Lock,;c1965."), Some(1965));
        assert_eq!(publish_year("[196-]."), None);
        assert_eq!(publish_year("12345 2020"), Some(2020));
    }

    #[test]
    fn bucket_names_parse_in_english_and_indonesian() {
        assert_eq!("bulanan".parse::<Bucket>().unwrap(), Bucket::Month);
        assert_eq!("Day".parse::<Bucket>().unwrap(), Bucket::Day);
        let err = "week".parse::<Bucket>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid by: \"week\" is not day, month or year"
        );
    }
}
