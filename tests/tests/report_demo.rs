//! The demo INLISLite library (`fixtures/inlislite/perpus-demo.sql`) imported, reported on
//! for several periods, and every figure of every report (the whole period and each entry
//! of its series) checked against SQL written here on the same database: the INLISLite
//! tables for visits, members, circulation and collection, pustaka's activity tables for
//! activities.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pustaka::activities::{Participant, StakeholderPart};
use pustaka::{Bucket, Date, Library, NewActivity, NewStory, ReportRequest, Timestamp};
use pustaka_inlislite::import::{import_dump, ImportOptions};
use rusqlite::Connection;
use serde_json::{json, Map, Value};

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn demo_library(name: &str) -> (TempDir, Library) {
    let dir =
        std::env::temp_dir().join(format!("pustaka-report-demo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let library = Library::create(&dir).unwrap();
    let dump =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/inlislite/perpus-demo.sql");
    import_dump(&library, dump, ImportOptions::default()).unwrap();
    add_activities(&library);
    (TempDir(dir), library)
}

/// Three activities (two in 2025, one in January 2026) and a story, so the activity
/// figures are not all zero.
fn add_activities(library: &Library) {
    let acts = library.activities();
    let t = Timestamp::parse("2026-02-14 08:00:00").unwrap();
    let mut storytelling = NewActivity::new(
        "Mendongeng di Ruang Anak",
        "layanan_informasi",
        "bercerita",
        d("2025-08-16"),
        d("2025-08-16"),
        40,
    );
    storytelling.tallies.insert(
        "gender".into(),
        [("laki_laki".to_string(), 18), ("perempuan".to_string(), 22)].into(),
    );
    storytelling.tallies.insert(
        "age_group".into(),
        [("0-12".to_string(), 35), ("unknown".to_string(), 5)].into(),
    );
    let mut digital = NewActivity::new(
        "Literasi digital untuk UMKM",
        "pelibatan_masyarakat",
        "literasi_digital",
        d("2025-10-07"),
        d("2025-10-09"),
        24,
    );
    digital.outside_library = true;
    digital.tallies.insert(
        "occupation".into(),
        [("wiraswasta".to_string(), 20), ("unknown".to_string(), 4)].into(),
    );
    digital.roster = vec![Participant {
        member_no: Some(first_member(library)),
        consent: true,
        ..Participant::default()
    }];
    let mut meeting = NewActivity::new(
        "Stakeholder meeting kabupaten",
        "advokasi",
        "stakeholder_meeting",
        d("2026-01-20"),
        d("2026-01-20"),
        12,
    );
    meeting.stakeholders = vec![
        StakeholderPart {
            name: "Bappeda".into(),
            sector: "pemerintah".into(),
            role: "peserta".into(),
            representatives: 3,
            mou_ref: Some("MoU 7/2026".into()),
            ..StakeholderPart::default()
        },
        StakeholderPart {
            name: "Bank Daerah".into(),
            sector: "bumn_bumd".into(),
            role: "penyandang_dana".into(),
            representatives: 2,
            ..StakeholderPart::default()
        },
    ];
    let digital = acts.add(&digital, t).unwrap();
    acts.add(&storytelling, t).unwrap();
    acts.add(&meeting, t).unwrap();
    acts.add_story(
        &NewStory {
            activity_id: Some(digital.id),
            impact_area: "ekonomi_digital".into(),
            beneficiary_alias: "Pak R.".into(),
            benefit: "Berjualan keripik lewat lokapasar".into(),
            consent: true,
            ..NewStory::default()
        },
        Timestamp::parse("2025-11-03 10:00:00").unwrap(),
    )
    .unwrap();
}

fn first_member(library: &Library) -> String {
    sql(library)
        .query_row(
            "SELECT MemberNo FROM members ORDER BY ID LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn sql(library: &Library) -> Connection {
    Connection::open(library.database_path()).unwrap()
}

fn int(conn: &Connection, query: &str, from: &str, to: &str) -> i64 {
    conn.query_row(query, [from, to], |r| r.get::<_, Option<i64>>(0))
        .unwrap()
        .unwrap_or(0)
}

/// `SELECT key, n ... GROUP BY` into a map (NULL key → "unknown", zero counts left out).
fn add_grouped(
    conn: &Connection,
    query: &str,
    from: &str,
    to: &str,
    map: &mut BTreeMap<String, i64>,
) {
    let mut stmt = conn.prepare(query).unwrap();
    let rows = stmt
        .query_map([from, to], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<i64>>(1)?))
        })
        .unwrap();
    for row in rows {
        let (k, n) = row.unwrap();
        let n = n.unwrap_or(0);
        if n > 0 {
            *map.entry(k.unwrap_or_else(|| "unknown".into()))
                .or_default() += n;
        }
    }
}

fn to_json(map: BTreeMap<String, i64>) -> Value {
    Value::Object(
        map.into_iter()
            .map(|(k, v)| (k, json!(v)))
            .collect::<Map<_, _>>(),
    )
}

/// Group persons by a set of count columns, mapped to lookup ids 1, 2, ... in order.
fn add_group_columns(
    conn: &Connection,
    columns: &[&str],
    lookup: &str,
    label: &str,
    from: &str,
    to: &str,
    map: &mut BTreeMap<String, i64>,
) {
    for (i, column) in columns.iter().enumerate() {
        let n = int(
            conn,
            &format!(
                "SELECT sum({column}) FROM groupguesses WHERE date(CreateDate) BETWEEN ?1 AND ?2"
            ),
            from,
            to,
        );
        if n > 0 {
            let name: Option<String> = conn
                .query_row(
                    &format!("SELECT {label} FROM {lookup} WHERE rowid = ?1"),
                    [i as i64 + 1],
                    |r| r.get(0),
                )
                .ok();
            *map.entry(name.unwrap_or_else(|| "unknown".into()))
                .or_default() += n;
        }
    }
}

fn expected_visits(conn: &Connection, from: &str, to: &str) -> Value {
    let members = int(
        conn,
        "SELECT count(*) FROM memberguesses WHERE NoAnggota IS NOT NULL AND NoAnggota <> ''
           AND date(CreateDate) BETWEEN ?1 AND ?2",
        from,
        to,
    );
    let non_members = int(
        conn,
        "SELECT count(*) FROM memberguesses WHERE (NoAnggota IS NULL OR NoAnggota = '')
           AND date(CreateDate) BETWEEN ?1 AND ?2",
        from,
        to,
    );
    let group_persons = int(
        conn,
        "SELECT sum(CountPersonel) FROM groupguesses WHERE date(CreateDate) BETWEEN ?1 AND ?2",
        from,
        to,
    );
    let total = members + non_members + group_persons;
    let days = d(to).days_since(d(from)) + 1;
    let individual = |lookup: &str, id: &str, label: &str, column: &str| {
        format!(
            "SELECT l.{label}, count(*) FROM memberguesses m LEFT JOIN {lookup} l ON l.{id} = m.{column}
             WHERE date(m.CreateDate) BETWEEN ?1 AND ?2 GROUP BY l.{label}"
        )
    };
    let weighted = |lookup: &str, id: &str, label: &str, column: &str| {
        format!(
            "SELECT l.{label}, sum(g.CountPersonel) FROM groupguesses g LEFT JOIN {lookup} l ON l.{id} = g.{column}
             WHERE date(g.CreateDate) BETWEEN ?1 AND ?2 GROUP BY l.{label}"
        )
    };
    let mut gender = BTreeMap::new();
    add_grouped(
        conn,
        &individual("jenis_kelamin", "ID", "Name", "JenisKelamin_id"),
        from,
        to,
        &mut gender,
    );
    add_group_columns(
        conn,
        &["CountLaki", "CountPerempuan"],
        "jenis_kelamin",
        "Name",
        from,
        to,
        &mut gender,
    );
    let mut occupation = BTreeMap::new();
    add_grouped(
        conn,
        &individual("master_pekerjaan", "id", "Pekerjaan", "Profesi_id"),
        from,
        to,
        &mut occupation,
    );
    add_group_columns(
        conn,
        &[
            "CountPNS",
            "CountPSwasta",
            "CountPeneliti",
            "CountGuru",
            "CountDosen",
            "CountPensiunan",
            "CountTNI",
            "CountWiraswasta",
            "CountPelajar",
            "CountMahasiswa",
            "CountLainnya",
        ],
        "master_pekerjaan",
        "Pekerjaan",
        from,
        to,
        &mut occupation,
    );
    let mut education = BTreeMap::new();
    add_grouped(
        conn,
        &individual("master_pendidikan", "id", "Nama", "PendidikanTerakhir_id"),
        from,
        to,
        &mut education,
    );
    add_group_columns(
        conn,
        &[
            "CountSD", "CountSMP", "CountSMA", "CountD1", "CountD2", "CountD3", "CountS1",
            "CountS2", "CountS3",
        ],
        "master_pendidikan",
        "Nama",
        from,
        to,
        &mut education,
    );
    let mut purpose = BTreeMap::new();
    add_grouped(
        conn,
        &individual(
            "tujuan_kunjungan",
            "ID",
            "TujuanKunjungan",
            "TujuanKunjungan_Id",
        ),
        from,
        to,
        &mut purpose,
    );
    add_grouped(
        conn,
        &weighted(
            "tujuan_kunjungan",
            "ID",
            "TujuanKunjungan",
            "TujuanKunjungan_ID",
        ),
        from,
        to,
        &mut purpose,
    );
    let mut location = BTreeMap::new();
    add_grouped(
        conn,
        &individual("locations", "ID", "Name", "Location_Id"),
        from,
        to,
        &mut location,
    );
    add_grouped(
        conn,
        &weighted("locations", "ID", "Name", "Location_ID"),
        from,
        to,
        &mut location,
    );
    let mut hour: BTreeMap<String, i64> = (0..24).map(|h| (format!("{h:02}"), 0)).collect();
    add_grouped(
        conn,
        "SELECT strftime('%H', CreateDate), count(*) FROM memberguesses
         WHERE date(CreateDate) BETWEEN ?1 AND ?2 GROUP BY 1",
        from,
        to,
        &mut hour,
    );
    add_grouped(
        conn,
        "SELECT strftime('%H', CreateDate), sum(CountPersonel) FROM groupguesses
         WHERE date(CreateDate) BETWEEN ?1 AND ?2 GROUP BY 1",
        from,
        to,
        &mut hour,
    );
    json!({
        "members": members,
        "non_members": non_members,
        "group_persons": group_persons,
        "total": total,
        "daily_average": total as f64 / days as f64,
        "by_gender": to_json(gender),
        "by_occupation": to_json(occupation),
        "by_education": to_json(education),
        "by_purpose": to_json(purpose),
        "by_location": to_json(location),
        "by_hour": to_json(hour),
    })
}

fn expected_members(conn: &Connection, from: &str, to: &str) -> Value {
    let registered = "coalesce(date(m.RegisterDate), date(m.CreateDate))";
    let mut by_type = BTreeMap::new();
    add_grouped(
        conn,
        &format!(
            "SELECT j.jenisanggota, count(*) FROM members m LEFT JOIN jenis_anggota j ON j.id = m.JenisAnggota_id
             WHERE {registered} <= ?2 AND ?1 <> '' GROUP BY j.jenisanggota"
        ),
        from,
        to,
        &mut by_type,
    );
    json!({
        "total": int(conn, &format!("SELECT count(*) FROM members m WHERE {registered} <= ?2 AND ?1 <> ''"), from, to),
        "new": int(conn, &format!("SELECT count(*) FROM members m WHERE {registered} BETWEEN ?1 AND ?2"), from, to),
        "active": int(
            conn,
            "SELECT count(*) FROM (
                 SELECT member_id AS id FROM collectionloanitems WHERE date(LoanDate) BETWEEN ?1 AND ?2
                 UNION SELECT m.ID FROM members m JOIN memberguesses g ON g.NoAnggota = m.MemberNo
                       WHERE date(g.CreateDate) BETWEEN ?1 AND ?2
                 UNION SELECT Member_id FROM bacaditempat WHERE date(CreateDate) BETWEEN ?1 AND ?2
             ) WHERE id IN (SELECT ID FROM members)",
            from,
            to,
        ),
        "by_type": to_json(by_type),
    })
}

fn expected_circulation(conn: &Connection, from: &str, to: &str) -> Value {
    let n = |q: &str| int(conn, q, from, to);
    json!({
        "loans": n("SELECT count(*) FROM collectionloanitems WHERE date(LoanDate) BETWEEN ?1 AND ?2"),
        "items_lent": n("SELECT count(DISTINCT Collection_id) FROM collectionloanitems WHERE date(LoanDate) BETWEEN ?1 AND ?2"),
        "titles_lent": n("SELECT count(DISTINCT c.Catalog_id) FROM collectionloanitems i, collections c
                          WHERE c.ID = i.Collection_id AND date(i.LoanDate) BETWEEN ?1 AND ?2"),
        "returns": n("SELECT count(*) FROM collectionloanitems WHERE date(ActualReturn) BETWEEN ?1 AND ?2"),
        "late_returns": n("SELECT count(*) FROM collectionloanitems WHERE date(ActualReturn) BETWEEN ?1 AND ?2 AND LateDays > 0"),
        "fines_charged": n("SELECT sum(JumlahDenda) FROM pelanggaran WHERE date(CreateDate) BETWEEN ?1 AND ?2"),
        "fines_paid": n("SELECT sum(JumlahDenda) FROM pelanggaran WHERE Paid = 1 AND date(UpdateDate) BETWEEN ?1 AND ?2"),
        "read_in_place": n("SELECT count(*) FROM bacaditempat WHERE date(CreateDate) BETWEEN ?1 AND ?2"),
    })
}

/// The first four-digit number in a PublishYear, found by hand.
fn year_in(text: &str) -> Option<i64> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 4 {
            return chars[i..i + 4].iter().collect::<String>().parse().ok();
        }
        i += run.max(1);
    }
    None
}

fn expected_collection(conn: &Connection, from: &str, to: &str) -> Value {
    let n = |q: &str| int(conn, q, from, to);
    let titles = n("SELECT count(*) FROM catalogs WHERE (CreateDate IS NULL OR date(CreateDate) <= ?2) AND ?1 <> ''");
    let last_year: i64 = to[..4].parse().unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT PublishYear FROM catalogs WHERE CreateDate IS NULL OR date(CreateDate) <= ?1",
        )
        .unwrap();
    let recent = stmt
        .query_map([to], |r| r.get::<_, Option<String>>(0))
        .unwrap()
        .filter_map(|y| y.unwrap().as_deref().and_then(year_in))
        .filter(|y| (last_year - 4..=last_year).contains(y))
        .count() as i64;
    json!({
        "titles": titles,
        "items": n("SELECT count(*) FROM collections WHERE (CreateDate IS NULL OR date(CreateDate) <= ?2) AND ?1 <> ''"),
        "new_items": n("SELECT count(*) FROM collections WHERE date(CreateDate) BETWEEN ?1 AND ?2"),
        "recent_titles": recent,
        "recent_share": if titles == 0 { 0.0 } else { recent as f64 / titles as f64 },
    })
}

fn expected_activities(conn: &Connection, from: &str, to: &str) -> Value {
    let n = |q: &str| int(conn, q, from, to);
    let count = n("SELECT count(*) FROM activities WHERE start_date BETWEEN ?1 AND ?2");
    let participants =
        n("SELECT sum(participants_total) FROM activities WHERE start_date BETWEEN ?1 AND ?2");
    let per = |column: &str| -> Value {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {column}, count(*), sum(participants_total) FROM activities
                 WHERE start_date BETWEEN ?1 AND ?2 GROUP BY {column}"
            ))
            .unwrap();
        let map: Map<String, Value> = stmt
            .query_map([from, to], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .unwrap()
            .map(|r| {
                let (k, a, p) = r.unwrap();
                (k, json!({"activities": a, "participants": p}))
            })
            .collect();
        Value::Object(map)
    };
    let dimension = |dim: &str| -> Value {
        let mut map = BTreeMap::new();
        add_grouped(
            conn,
            &format!(
                "SELECT t.bucket, sum(t.count) FROM activity_participant_tallies t, activities a
                 WHERE a.id = t.activity_id AND t.dimension = '{dim}' AND a.start_date BETWEEN ?1 AND ?2
                 GROUP BY t.bucket"
            ),
            from,
            to,
            &mut map,
        );
        let tallied = n(&format!(
            "SELECT sum(participants_total) FROM activities a WHERE a.start_date BETWEEN ?1 AND ?2
               AND a.id IN (SELECT activity_id FROM activity_participant_tallies WHERE dimension = '{dim}')"
        ));
        if participants - tallied > 0 {
            *map.entry("unknown".to_string()).or_default() += participants - tallied;
        }
        to_json(map)
    };
    let outside = n("SELECT count(*) FROM activities WHERE outside_library = 1 AND start_date BETWEEN ?1 AND ?2");
    json!({
        "count": count,
        "participants": participants,
        "by_strategy": per("strategy"),
        "by_type": per("activity_type"),
        "participants_by": {
            "gender": dimension("gender"),
            "age_group": dimension("age_group"),
            "disability": dimension("disability"),
            "occupation": dimension("occupation"),
            "education": dimension("education"),
        },
        "outside_library": outside,
        "inside_library": count - outside,
        "stakeholder_meetings": n("SELECT count(*) FROM activities WHERE activity_type = 'stakeholder_meeting' AND start_date BETWEEN ?1 AND ?2"),
        "stakeholder_representatives": n("SELECT sum(s.representatives) FROM activity_stakeholders s, activities a
                                          WHERE a.id = s.activity_id AND a.start_date BETWEEN ?1 AND ?2"),
        "impact_stories": n("SELECT count(*) FROM impact_stories WHERE date(recorded_at) BETWEEN ?1 AND ?2"),
    })
}

/// Checks every section of one span (the whole period or one bucket) against the SQL.
fn check_span(conn: &Connection, actual: &Value, from: &str, to: &str) {
    for (section, expected) in [
        ("visits", expected_visits(conn, from, to)),
        ("members", expected_members(conn, from, to)),
        ("circulation", expected_circulation(conn, from, to)),
        ("collection", expected_collection(conn, from, to)),
        ("activities", expected_activities(conn, from, to)),
    ] {
        assert_eq!(actual[section], expected, "{section} of {from}..{to}");
    }
}

/// Builds the report and checks it whole and bucket by bucket; returns it as JSON.
fn check_report(library: &Library, from: &str, to: &str, by: Bucket, labels: &[&str]) -> Value {
    let conn = sql(library);
    let report = library
        .report(&ReportRequest {
            from: d(from),
            to: d(to),
            by,
            population: Some(250_000),
        })
        .unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["period"],
        json!({"from": from, "to": to, "days": d(to).days_since(d(from)) + 1})
    );
    assert_eq!(json["by"], by.as_str());
    check_span(&conn, &json, from, to);
    let series = json["series"].as_array().unwrap();
    let got: Vec<&str> = series
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(got, labels);
    assert_eq!(series[0]["from"], from);
    assert_eq!(series[series.len() - 1]["to"], to);
    for entry in series {
        check_span(
            &conn,
            entry,
            entry["from"].as_str().unwrap(),
            entry["to"].as_str().unwrap(),
        );
    }
    // The buckets split the period's flows exactly.
    for (section, field) in [
        ("visits", "total"),
        ("circulation", "loans"),
        ("circulation", "fines_charged"),
        ("members", "new"),
        ("activities", "participants"),
    ] {
        let sum: i64 = series
            .iter()
            .map(|s| s[section][field].as_i64().unwrap())
            .sum();
        assert_eq!(
            json!(sum),
            json[section][field],
            "{section}.{field} over the series"
        );
    }
    let ind = &json["indicators"];
    assert_eq!(ind["population"], 250_000);
    assert_eq!(
        ind["daily_visits_per_person"],
        json!(json["visits"]["daily_average"].as_f64().unwrap() / 250_000.0)
    );
    assert_eq!(
        ind["annual_row"],
        json!({
            "koleksi": json["collection"]["titles"],
            "tenaga": null,
            "anggota": json["members"]["total"],
            "kunjungan": json["visits"]["total"],
        })
    );
    json
}

#[test]
fn the_demo_librarys_2025_report_by_month_equals_sql_on_its_tables() {
    let (_dir, library) = demo_library("2025");
    let months: Vec<String> = (1..=12).map(|m| format!("2025-{m:02}")).collect();
    let labels: Vec<&str> = months.iter().map(String::as_str).collect();
    let json = check_report(&library, "2025-01-01", "2025-12-31", Bucket::Month, &labels);
    // The figures are not trivial: the demo's guest book, loans and fines fill the year.
    assert_eq!(
        json["visits"]["members"].as_i64().unwrap()
            + json["visits"]["non_members"].as_i64().unwrap(),
        453
    );
    assert!(json["visits"]["group_persons"].as_i64().unwrap() > 0);
    assert!(json["circulation"]["loans"].as_i64().unwrap() > 0);
    assert!(json["circulation"]["fines_charged"].as_i64().unwrap() > 0);
    assert_eq!(json["activities"]["count"], 2);
    assert_eq!(json["activities"]["impact_stories"], 1);
}

#[test]
fn the_demo_librarys_busiest_month_by_day_equals_sql_on_its_tables() {
    let (_dir, library) = demo_library("aug");
    let days: Vec<String> = (1..=31).map(|n| format!("2025-08-{n:02}")).collect();
    let labels: Vec<&str> = days.iter().map(String::as_str).collect();
    let json = check_report(&library, "2025-08-01", "2025-08-31", Bucket::Day, &labels);
    assert_eq!(
        json["visits"]["members"].as_i64().unwrap()
            + json["visits"]["non_members"].as_i64().unwrap(),
        54
    );
    assert_eq!(
        json["activities"]["participants_by"]["age_group"],
        json!({"0-12": 35, "unknown": 5})
    );
}

#[test]
fn reports_across_the_turn_of_the_year_by_month_and_by_year_equal_sql_on_its_tables() {
    let (_dir, library) = demo_library("turn");
    let json = check_report(
        &library,
        "2025-10-15",
        "2026-02-13",
        Bucket::Month,
        &["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"],
    );
    assert_eq!(json["activities"]["stakeholder_meetings"], 1);
    assert_eq!(json["activities"]["stakeholder_representatives"], 5);
    let whole = check_report(
        &library,
        "2025-01-01",
        "2026-02-13",
        Bucket::Year,
        &["2025", "2026"],
    );
    assert_eq!(
        whole["visits"]["members"].as_i64().unwrap()
            + whole["visits"]["non_members"].as_i64().unwrap(),
        500
    );
    assert_eq!(whole["visits"]["group_persons"], 551);
    assert_eq!(whole["circulation"]["fines_charged"], 585_000);
}

#[test]
fn the_csv_has_one_table_per_section_in_a_fixed_order() {
    let (_dir, library) = demo_library("csv");
    let report = library
        .report(&ReportRequest::new(d("2025-01-01"), d("2025-03-31")))
        .unwrap();
    let csv = report.to_csv();
    let sections: Vec<&str> = csv.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(
        sections,
        [
            "[period]",
            "[visits]",
            "[visits.by_gender]",
            "[visits.by_occupation]",
            "[visits.by_education]",
            "[visits.by_purpose]",
            "[visits.by_location]",
            "[visits.by_hour]",
            "[members]",
            "[members.by_type]",
            "[circulation]",
            "[collection]",
            "[activities]",
            "[activities.by_strategy]",
            "[activities.by_type]",
            "[activities.participants_by.gender]",
            "[activities.participants_by.age_group]",
            "[activities.participants_by.disability]",
            "[activities.participants_by.occupation]",
            "[activities.participants_by.education]",
            "[series.visits]",
            "[series.members]",
            "[series.circulation]",
            "[series.collection]",
            "[series.activities]",
        ]
    );
    assert!(
        csv.starts_with("[period]\nfrom,to,days,by\n2025-01-01,2025-03-31,90,month\n\n[visits]\n")
    );
    let v = &report.visits;
    assert!(csv.contains(&format!(
        "[visits]\nmembers,non_members,group_persons,total,daily_average\n{},{},{},{},{}\n",
        v.members, v.non_members, v.group_persons, v.total, v.daily_average
    )));
    let series_visits = csv.split("[series.visits]\n").nth(1).unwrap();
    let rows: Vec<&str> = series_visits
        .lines()
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[1].starts_with("2025-01,2025-01-01,2025-01-31,"));
}
