//! Scenarios for community activities (participants, stakeholders, impact stories,
//! attachments, code lists) and the activity section of a report.

mod common;

use std::collections::BTreeMap;

use common::{at, new_library};
use pustaka::activities::{Attachment, Outcome, Participant, Publication, StakeholderPart};
use pustaka::reports::{ActivityCount, Bucket};
use pustaka::{Date, LibraryError, NewActivity, NewMember, NewMemberType, NewStory, ReportRequest};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn tally(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// A sewing training for 25 women and men with disabilities, held in a village hall, with
/// the village government as partner (2 representatives).
fn sewing_training() -> NewActivity {
    let mut a = NewActivity::new(
        "Pelatihan menjahit bagi perempuan dan penyandang disabilitas",
        "pelibatan_masyarakat",
        "pelatihan",
        d("2025-03-10"),
        d("2025-03-12"),
        25,
    );
    a.impact_areas = vec!["pengembangan_usaha".into(), "ekonomi_digital".into()];
    a.venue = Some("Balai Desa Sukamaju".into());
    a.outside_library = true;
    a.funding_source = Some("APBDes".into());
    a.tallies.insert(
        "gender".into(),
        tally(&[("perempuan", 20), ("laki_laki", 5)]),
    );
    a.tallies.insert(
        "disability".into(),
        tally(&[("none", 18), ("fisik", 4), ("sensorik", 2), ("unknown", 1)]),
    );
    a.roster = vec![Participant {
        member_no: Some("AG-0001".into()),
        name: Some("Siti Aminah".into()),
        gender: Some("perempuan".into()),
        consent: true,
        ..Participant::default()
    }];
    a.stakeholders = vec![StakeholderPart {
        name: "Pemerintah Desa Sukamaju".into(),
        sector: "pemerintah".into(),
        role: "mitra".into(),
        representatives: 2,
        ..StakeholderPart::default()
    }];
    a.attachments = vec![Attachment {
        kind: "foto".into(),
        uri: "dokumentasi/2025-03-10/pelatihan-01.jpg".into(),
        sha256: Some(SHA.to_uppercase()),
        caption: Some("Peserta pelatihan hari pertama".into()),
        taken_at: Some("2025-03-10 09:30:00".into()),
    }];
    a
}

/// An advocacy meeting with the regency parliament that ended in an MoU.
fn advocacy_meeting() -> NewActivity {
    let mut a = NewActivity::new(
        "Audiensi dengan DPRD tentang anggaran perpustakaan desa",
        "advokasi",
        "stakeholder_meeting",
        d("2025-04-02"),
        d("2025-04-02"),
        8,
    );
    a.stakeholders = vec![
        StakeholderPart {
            name: "Komisi D DPRD Kabupaten".into(),
            sector: "dprd".into(),
            role: "peserta".into(),
            representatives: 3,
            commitment: Some("Alokasi APBD 2026 untuk 10 perpustakaan desa".into()),
            mou_ref: Some("MoU 12/PERPUS/IV/2025".into()),
            regulation_ref: None,
        },
        // The village government again: found by name, not created twice.
        StakeholderPart {
            name: "Pemerintah Desa Sukamaju".into(),
            sector: "pemerintah".into(),
            role: "narasumber".into(),
            representatives: 1,
            ..StakeholderPart::default()
        },
    ];
    a
}

fn library_with_member(name: &str) -> (common::TempDir, pustaka::Library) {
    let (dir, library) = new_library(name);
    let t0 = at("2025-01-01 07:00:00");
    let umum = library
        .members()
        .add_type(&NewMemberType::new("Umum"), t0)
        .unwrap();
    library
        .members()
        .add(&NewMember::new("AG-0001", "Siti Aminah", umum), t0)
        .unwrap();
    (dir, library)
}

#[test]
fn a_training_is_stored_with_its_tallies_roster_stakeholders_and_attachments() {
    let (_dir, library) = library_with_member("activities-add");
    let activities = library.activities();
    let added = activities
        .add(&sewing_training(), at("2025-03-12 16:00:00"))
        .unwrap();
    assert_eq!(added, activities.get(added.id).unwrap());
    assert_eq!(added.start, "2025-03-10");
    assert_eq!(added.end, "2025-03-12");
    assert_eq!(
        added.impact_areas,
        ["ekonomi_digital", "pengembangan_usaha"]
    );
    assert_eq!(added.participants, 25);
    assert_eq!(
        added.tallies["disability"],
        tally(&[("fisik", 4), ("none", 18), ("sensorik", 2), ("unknown", 1)])
    );
    assert_eq!(added.roster.len(), 1);
    assert_eq!(added.roster[0].member_no.as_deref(), Some("AG-0001"));
    assert_eq!(added.stakeholders[0].representatives, 2);
    assert_eq!(added.attachments[0].sha256.as_deref(), Some(SHA));
    assert_eq!(added.created_at, "2025-03-12 16:00:00");
    assert!(added.stories.is_empty());

    let meeting = activities
        .add(&advocacy_meeting(), at("2025-04-02 15:00:00"))
        .unwrap();
    assert_eq!(
        meeting.stakeholders[0].mou_ref.as_deref(),
        Some("MoU 12/PERPUS/IV/2025")
    );
    let db = rusqlite::Connection::open(library.database_path()).unwrap();
    let stakeholders: i64 = db
        .query_row("SELECT count(*) FROM stakeholders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stakeholders, 2);

    let listed: Vec<i64> = activities
        .list(Some(d("2025-04-01")), None)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(listed, [meeting.id]);
    assert_eq!(activities.list(None, None).unwrap().len(), 2);
    assert_eq!(
        activities.get(99).unwrap_err().to_string(),
        "activity 99 not found"
    );
}

#[test]
fn invalid_activities_are_refused_naming_the_field_and_nothing_is_written() {
    let (_dir, library) = library_with_member("activities-invalid");
    let activities = library.activities();
    let t = at("2025-03-12 16:00:00");
    let field_of = |a: NewActivity| match activities.add(&a, t).unwrap_err() {
        LibraryError::Validation { field, message } => format!("{field}: {message}"),
        other => format!("not a validation error: {other}"),
    };

    let mut a = sewing_training();
    a.tallies.insert(
        "gender".into(),
        tally(&[("perempuan", 20), ("laki_laki", 3)]),
    );
    assert_eq!(
        field_of(a),
        "tallies.gender: adds up to 23, not the 25 participants (put the rest in \"unknown\")"
    );

    let mut a = sewing_training();
    a.end = d("2025-03-09");
    assert_eq!(field_of(a), "end: 2025-03-09 is before start 2025-03-10");

    let mut a = sewing_training();
    a.activity_type = "arisan".into();
    assert!(
        field_of(a).starts_with("activity_type: \"arisan\" is not in the activity_type code list")
    );

    let mut a = sewing_training();
    a.impact_areas.push("pariwisata".into());
    assert!(field_of(a).starts_with("impact_areas[2]: \"pariwisata\" is not in the impact_area"));

    let mut a = sewing_training();
    a.tallies
        .insert("religion".into(), tally(&[("unknown", 25)]));
    assert!(field_of(a).starts_with("tallies.religion: unknown dimension"));

    let mut a = sewing_training();
    a.roster[0].consent = false;
    assert_eq!(
        field_of(a),
        "roster[0].consent: a participant recorded by name or member number needs consent"
    );

    let mut a = sewing_training();
    a.attachments[0].sha256 = Some("abc".into());
    assert_eq!(
        field_of(a),
        "attachments[0].sha256: \"abc\" is not 64 hexadecimal digits"
    );

    let mut a = sewing_training();
    a.stakeholders[0].role = "sponsor".into();
    assert!(field_of(a).starts_with("stakeholders[0].role: \"sponsor\""));

    let mut a = sewing_training();
    a.roster[0].member_no = Some("AG-4040".into());
    assert_eq!(
        activities.add(&a, t).unwrap_err().to_string(),
        "member AG-4040 (roster[0].member_no) not found"
    );

    assert!(activities.list(None, None).unwrap().is_empty());

    // A library extends the type list, then the activity is accepted.
    activities
        .add_code("activity_type", "arisan", "Arisan Buku")
        .unwrap();
    let mut a = sewing_training();
    a.activity_type = "arisan".into();
    assert_eq!(activities.add(&a, t).unwrap().activity_type, "arisan");
    assert!(activities
        .codes("activity_type")
        .unwrap()
        .iter()
        .any(|c| c.code == "arisan" && c.label == "Arisan Buku"));
    assert_eq!(activities.codes("strategy").unwrap().len(), 4);
}

#[test]
fn an_impact_story_keeps_benefit_evidence_outcome_and_publications() {
    let (_dir, library) = library_with_member("activities-story");
    let activities = library.activities();
    let training = activities
        .add(&sewing_training(), at("2025-03-12 16:00:00"))
        .unwrap();
    let story = activities
        .add_story(
            &NewStory {
                activity_id: Some(training.id),
                impact_area: "pengembangan_usaha".into(),
                beneficiary_alias: "Ibu M.".into(),
                benefit: "Menjual tas rajut lewat media sosial".into(),
                evidence: Some("Catatan penjualan tiga bulan".into()),
                outcome: Some(Outcome {
                    description: "Penghasilan per bulan".into(),
                    before: Some(300_000.0),
                    after: Some(1_200_000.0),
                    unit: Some("Rp/bulan".into()),
                }),
                publications: vec![Publication {
                    url: "https://news.example.id/tas-rajut".into(),
                    outlet: Some("Warta Desa".into()),
                    date: Some("2025-06-01".into()),
                }],
                consent: true,
                ..NewStory::default()
            },
            at("2025-06-15 10:00:00"),
        )
        .unwrap();
    assert_eq!(story, activities.story(story.id).unwrap());
    assert_eq!(story.outcome.as_ref().unwrap().after, Some(1_200_000.0));
    assert_eq!(story.publications[0].outlet.as_deref(), Some("Warta Desa"));
    assert_eq!(
        activities.get(training.id).unwrap().stories,
        std::slice::from_ref(&story)
    );

    let err = activities
        .add_story(
            &NewStory {
                activity_id: Some(77),
                impact_area: "pendidikan".into(),
                beneficiary_alias: "A.".into(),
                benefit: "x".into(),
                ..NewStory::default()
            },
            at("2025-06-15 10:00:00"),
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "activity 77 not found");
    let err = activities
        .add_story(
            &NewStory {
                impact_area: "pendidikan".into(),
                beneficiary_alias: "A.".into(),
                benefit: "x".into(),
                publications: vec![Publication {
                    url: "https://x.example".into(),
                    outlet: None,
                    date: Some("1 Juni".into()),
                }],
                ..NewStory::default()
            },
            at("2025-06-15 10:00:00"),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid publications[0].date: \"1 Juni\" is not YYYY-MM-DD"
    );
}

#[test]
fn the_report_counts_activities_participants_stakeholders_and_stories_per_month() {
    let (_dir, library) = library_with_member("activities-report");
    let activities = library.activities();
    let training = activities
        .add(&sewing_training(), at("2025-03-12 16:00:00"))
        .unwrap();
    activities
        .add(&advocacy_meeting(), at("2025-04-02 15:00:00"))
        .unwrap();
    activities
        .add_story(
            &NewStory {
                activity_id: Some(training.id),
                impact_area: "pengembangan_usaha".into(),
                beneficiary_alias: "Ibu M.".into(),
                benefit: "Menjual tas rajut".into(),
                consent: true,
                ..NewStory::default()
            },
            at("2025-04-20 10:00:00"),
        )
        .unwrap();

    let report = library
        .report(&ReportRequest {
            from: d("2025-03-01"),
            to: d("2025-04-30"),
            by: Bucket::Month,
            population: Some(5_000),
        })
        .unwrap();
    let a = &report.activities;
    assert_eq!((a.count, a.participants), (2, 33));
    assert_eq!(
        a.by_strategy,
        [
            (
                "advokasi".to_string(),
                ActivityCount {
                    activities: 1,
                    participants: 8
                }
            ),
            (
                "pelibatan_masyarakat".to_string(),
                ActivityCount {
                    activities: 1,
                    participants: 25
                }
            ),
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(a.by_type.len(), 2);
    assert_eq!(
        a.participants_by.gender,
        counts(&[("laki_laki", 5), ("perempuan", 20), ("unknown", 8)])
    );
    assert_eq!(
        a.participants_by.disability,
        counts(&[("fisik", 4), ("none", 18), ("sensorik", 2), ("unknown", 9)])
    );
    assert_eq!(a.participants_by.age_group, counts(&[("unknown", 33)]));
    assert_eq!((a.outside_library, a.inside_library), (1, 1));
    assert_eq!(a.stakeholder_meetings, 1);
    assert_eq!(a.stakeholder_representatives, 6);
    assert_eq!(a.impact_stories, 1);

    let indicators = report.indicators.as_ref().unwrap();
    assert_eq!(
        indicators.community_involvement_rate,
        33.0 / 5_000.0 * 100.0
    );
    assert_eq!(indicators.annual_row.tenaga, None);
    assert_eq!(indicators.annual_row.anggota, 1);

    let labels: Vec<(&str, u64, u64)> = report
        .series
        .iter()
        .map(|s| {
            (
                s.label.as_str(),
                s.activities.count,
                s.activities.impact_stories,
            )
        })
        .collect();
    assert_eq!(labels, [("2025-03", 1, 0), ("2025-04", 1, 1)]);

    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["by"], "month");
    assert_eq!(json["period"]["days"], 61);
    assert_eq!(
        json["activities"]["by_strategy"]["advokasi"]["participants"],
        8
    );
    assert_eq!(
        json["series"][1]["activities"]["stakeholder_representatives"],
        4
    );

    let csv = report.to_csv();
    assert!(csv.contains(
        "[activities.by_strategy]\nstrategy,activities,participants\nadvokasi,1,8\n\
         pelibatan_masyarakat,1,25\n"
    ));
    assert!(csv.contains(
        "[series.activities]\nlabel,from,to,count,participants,outside_library,inside_library,\
         stakeholder_meetings,stakeholder_representatives,impact_stories\n\
         2025-03,2025-03-01,2025-03-31,1,25,1,0,0,2,0\n\
         2025-04,2025-04-01,2025-04-30,1,8,0,1,1,4,1\n"
    ));
}
