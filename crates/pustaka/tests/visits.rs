//! Scenarios for the guest book (`memberguesses`, `groupguesses`, `tujuan_kunjungan`,
//! `CountingBukuTamu`) and its live counts.

mod common;

use common::{at, new_library};
use pustaka::reports::Bucket;
use pustaka::visits::{GroupEducation, GroupOccupations, NewPurpose};
use pustaka::{Date, Library, LibraryError, NewGroupVisit, NewMember, NewMemberType, NewVisit};
use rusqlite::Connection;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A library with INLISLite's gender, occupation and education lookups, two rooms, two
/// purposes (Membaca for everyone, Kunjungan rombongan for groups only) and member
/// AG-0001 Siti Aminah, a woman (Sex_id 2), teacher (Job_id 4), S1 (EducationLevel_id 7).
fn guest_book(name: &str) -> (common::TempDir, Library, i64, i64) {
    let (dir, library) = new_library(name);
    let db = Connection::open(library.database_path()).unwrap();
    db.execute_batch(
        "INSERT INTO jenis_kelamin (ID, Name) VALUES (1, 'Laki-laki'), (2, 'Perempuan');
         INSERT INTO master_pekerjaan (id, Pekerjaan) VALUES (1, 'PNS'), (2, 'Pegawai Swasta'),
             (3, 'Peneliti'), (4, 'Guru'), (5, 'Dosen'), (6, 'Pensiunan'), (7, 'TNI/Polri'),
             (8, 'Wiraswasta'), (9, 'Pelajar'), (10, 'Mahasiswa'), (11, 'Lainnya');
         INSERT INTO master_pendidikan (id, Nama) VALUES (1, 'SD'), (2, 'SMP'), (3, 'SMA'),
             (4, 'D1'), (5, 'D2'), (6, 'D3'), (7, 'S1'), (8, 'S2'), (9, 'S3');
         INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Ruang Sirkulasi'),
             (2, 'ANAK', 'Ruang Anak');",
    )
    .unwrap();
    let visits = library.visits();
    let t0 = at("2025-01-01 07:00:00");
    let membaca = visits
        .add_purpose(
            &NewPurpose {
                code: "01".into(),
                label: "Membaca".into(),
                for_member: true,
                for_non_member: true,
                for_group: true,
            },
            t0,
        )
        .unwrap();
    let rombongan = visits
        .add_purpose(
            &NewPurpose {
                code: "05".into(),
                label: "Kunjungan rombongan".into(),
                for_group: true,
                ..NewPurpose::default()
            },
            t0,
        )
        .unwrap();
    let umum = library
        .members()
        .add_type(&NewMemberType::new("Umum"), t0)
        .unwrap();
    library
        .members()
        .add(&NewMember::new("AG-0001", "Siti Aminah", umum), t0)
        .unwrap();
    db.execute(
        "UPDATE members SET Sex_id = 2, Job_id = 4, EducationLevel_id = 7 WHERE MemberNo = 'AG-0001'",
        [],
    )
    .unwrap();
    (dir, library, membaca, rombongan)
}

fn member_visit(purpose: i64) -> NewVisit {
    NewVisit {
        member_no: Some("AG-0001".into()),
        purpose_id: Some(purpose),
        location_id: Some(1),
        ..NewVisit::default()
    }
}

fn non_member(name: &str, gender: i64) -> NewVisit {
    NewVisit {
        name: Some(name.into()),
        gender_id: Some(gender),
        address: Some("Jl. Merdeka 1, Bandung".into()),
        occupation_id: Some(9),
        education_id: Some(3),
        location_id: Some(2),
        ..NewVisit::default()
    }
}

/// A school class of 30: 28 pupils and 2 teachers; 20 SD, 8 SMP, 2 S1; 14 boys, 16 girls.
fn class_visit(purpose: i64) -> NewGroupVisit {
    NewGroupVisit {
        leader_name: "Bu Rina".into(),
        institution: "SD Negeri 1 Sukamaju".into(),
        institution_address: "Jl. Kenanga 83".into(),
        persons: 30,
        occupation: GroupOccupations {
            pelajar: 28,
            guru: 2,
            ..GroupOccupations::default()
        },
        education: GroupEducation {
            sd: 20,
            smp: 8,
            s1: 2,
            ..GroupEducation::default()
        },
        men: 14,
        women: 16,
        purpose_id: Some(purpose),
        location_id: Some(2),
        ..NewGroupVisit::default()
    }
}

#[test]
fn a_member_checking_in_takes_name_gender_occupation_and_education_from_the_member_record() {
    let (_dir, library, membaca, _) = guest_book("visits-member");
    let check_in = library
        .visits()
        .add(&member_visit(membaca), at("2025-03-03 09:15:00"))
        .unwrap();
    assert!(check_in.counted);
    let db = Connection::open(library.database_path()).unwrap();
    let row: (String, String, i64, i64, i64, i64, i64, String, String) = db
        .query_row(
            "SELECT NoAnggota, Nama, JenisKelamin_id, Profesi_id, PendidikanTerakhir_id,
                    Status_id, TujuanKunjungan_Id, CreateDate, NoPengunjung
             FROM memberguesses WHERE ID = ?1",
            [check_in.id],
            |r| r.try_into(),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "AG-0001".into(),
            "Siti Aminah".into(),
            2,
            4,
            7,
            3,
            membaca,
            "2025-03-03 09:15:00".into(),
            "2503030001".into()
        )
    );
}

#[test]
fn without_counting_buku_tamu_a_member_counts_once_a_day_and_with_it_every_time() {
    let (_dir, library, membaca, _) = guest_book("visits-once-a-day");
    let visits = library.visits();
    assert!(!visits.counts_every_checkin().unwrap());
    let first = visits
        .add(&member_visit(membaca), at("2025-03-03 09:15:00"))
        .unwrap();
    let again = visits
        .add(&member_visit(membaca), at("2025-03-03 15:40:00"))
        .unwrap();
    assert_eq!(
        again,
        pustaka::CheckIn {
            id: first.id,
            counted: false
        }
    );
    let next_day = visits
        .add(&member_visit(membaca), at("2025-03-04 08:05:00"))
        .unwrap();
    assert!(next_day.counted);
    assert_eq!(
        visits
            .count(d("2025-03-03"), d("2025-03-04"))
            .unwrap()
            .members,
        2
    );

    visits
        .set_counts_every_checkin(true, at("2025-03-04 08:10:00"))
        .unwrap();
    assert!(visits.counts_every_checkin().unwrap());
    let second = visits
        .add(&member_visit(membaca), at("2025-03-04 13:00:00"))
        .unwrap();
    assert!(second.counted);
    assert_ne!(second.id, next_day.id);
    assert_eq!(
        visits
            .count(d("2025-03-04"), d("2025-03-04"))
            .unwrap()
            .members,
        2
    );
    let db = Connection::open(library.database_path()).unwrap();
    let value: String = db
        .query_row(
            "SELECT Value FROM settingparameters WHERE Name = 'CountingBukuTamu'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(value, "1");
}

#[test]
fn an_unknown_member_or_purpose_is_not_found_and_a_non_member_needs_name_gender_and_address() {
    let (_dir, library, membaca, rombongan) = guest_book("visits-refusals");
    let visits = library.visits();
    let t = at("2025-03-03 10:00:00");
    let err = visits
        .add(
            &NewVisit {
                member_no: Some("AG-9999".into()),
                ..NewVisit::default()
            },
            t,
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "member AG-9999 not found");

    let err = visits
        .add(
            &NewVisit {
                purpose_id: Some(42),
                ..member_visit(membaca)
            },
            t,
        )
        .unwrap_err();
    assert!(matches!(err, LibraryError::NotFound { .. }));
    assert_eq!(
        err.to_string(),
        "visit purpose (tujuan_kunjungan) 42 not found"
    );

    let err = visits.add(&member_visit(rombongan), t).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid TujuanKunjungan_Id: purpose 2 (Kunjungan rombongan) is not offered to members \
         (Member = 0)"
    );

    for (visit, field) in [
        (
            NewVisit {
                name: None,
                ..non_member("x", 1)
            },
            "Nama",
        ),
        (
            NewVisit {
                gender_id: None,
                ..non_member("Budi", 1)
            },
            "JenisKelamin_id",
        ),
        (
            NewVisit {
                address: Some("  ".into()),
                ..non_member("Budi", 1)
            },
            "Alamat",
        ),
    ] {
        match visits.add(&visit, t).unwrap_err() {
            LibraryError::Validation { field: f, .. } => assert_eq!(f, field),
            other => panic!("expected a validation error on {field}, got {other}"),
        }
    }
    let db = Connection::open(library.database_path()).unwrap();
    let rows: i64 = db
        .query_row("SELECT count(*) FROM memberguesses", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn a_group_whose_gender_counts_miss_two_persons_is_refused_naming_the_set() {
    let (_dir, library, _, rombongan) = guest_book("visits-group-sums");
    let visits = library.visits();
    let t = at("2025-03-05 10:00:00");
    let err = visits
        .add_group(
            &NewGroupVisit {
                women: 14,
                ..class_visit(rombongan)
            },
            t,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid gender counts (CountLaki, CountPerempuan): add up to 28 of CountPersonel 30: \
         2 persons missing"
    );
    let err = visits
        .add_group(
            &NewGroupVisit {
                occupation: GroupOccupations {
                    pelajar: 29,
                    guru: 2,
                    ..GroupOccupations::default()
                },
                ..class_visit(rombongan)
            },
            t,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid occupation counts (CountPNS..CountLainnya): add up to 31, more than \
         CountPersonel 30: 1 persons in excess"
    );
    let err = visits
        .add_group(
            &NewGroupVisit {
                education: GroupEducation {
                    sd: 20,
                    ..GroupEducation::default()
                },
                ..class_visit(rombongan)
            },
            t,
        )
        .unwrap_err();
    assert!(err
        .to_string()
        .starts_with("invalid education counts (CountSD..CountS3): add up to 20"));

    let id = visits.add_group(&class_visit(rombongan), t).unwrap();
    let db = Connection::open(library.database_path()).unwrap();
    let row: (i64, i64, i64, i64, i64, i64, String) = db
        .query_row(
            "SELECT CountPersonel, CountPelajar, CountGuru, CountSD, CountLaki, CountPerempuan,
                    NoPengunjung FROM groupguesses WHERE ID = ?1",
            [id],
            |r| r.try_into(),
        )
        .unwrap();
    assert_eq!(row, (30, 28, 2, 20, 14, 16, "250305G001".into()));
}

#[test]
fn counts_for_a_day_add_members_non_members_and_group_persons_with_every_breakdown() {
    let (_dir, library, membaca, rombongan) = guest_book("visits-counts");
    let visits = library.visits();
    visits
        .add(&member_visit(membaca), at("2025-03-05 09:10:00"))
        .unwrap();
    visits
        .add(&non_member("Budi", 1), at("2025-03-05 09:45:00"))
        .unwrap();
    visits
        .add(
            &NewVisit {
                purpose_id: Some(membaca),
                ..non_member("Ani", 2)
            },
            at("2025-03-05 14:05:00"),
        )
        .unwrap();
    visits
        .add_group(&class_visit(rombongan), at("2025-03-05 10:30:00"))
        .unwrap();
    // The next day is outside the period counted below.
    visits
        .add(&non_member("Citra", 2), at("2025-03-06 08:00:00"))
        .unwrap();

    let today = visits.count(d("2025-03-05"), d("2025-03-05")).unwrap();
    assert_eq!(
        (
            today.members,
            today.non_members,
            today.group_persons,
            today.total
        ),
        (1, 2, 30, 33)
    );
    assert_eq!(today.daily_average, 33.0);
    let map = |pairs: &[(&str, u64)]| -> std::collections::BTreeMap<String, u64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    assert_eq!(
        today.by_gender,
        map(&[("Laki-laki", 15), ("Perempuan", 18)])
    );
    assert_eq!(today.by_occupation, map(&[("Guru", 3), ("Pelajar", 30)]));
    assert_eq!(
        today.by_education,
        map(&[("S1", 3), ("SD", 20), ("SMA", 2), ("SMP", 8)])
    );
    assert_eq!(
        today.by_purpose,
        map(&[("Kunjungan rombongan", 30), ("Membaca", 2), ("unknown", 1)])
    );
    assert_eq!(
        today.by_location,
        map(&[("Ruang Anak", 32), ("Ruang Sirkulasi", 1)])
    );
    assert_eq!(today.by_hour.len(), 24);
    assert_eq!(today.by_hour["09"], 2);
    assert_eq!(today.by_hour["10"], 30);
    assert_eq!(today.by_hour["14"], 1);
    assert_eq!(today.by_hour.values().sum::<u64>(), 33);

    let two_days = visits.count(d("2025-03-05"), d("2025-03-06")).unwrap();
    assert_eq!(two_days.total, 34);
    assert_eq!(two_days.daily_average, 17.0);

    let by_day = visits
        .count_by(d("2025-03-04"), d("2025-03-06"), Bucket::Day)
        .unwrap();
    let totals: Vec<(&str, u64)> = by_day
        .iter()
        .map(|b| (b.label.as_str(), b.visits.total))
        .collect();
    assert_eq!(
        totals,
        [("2025-03-04", 0), ("2025-03-05", 33), ("2025-03-06", 1)]
    );

    let err = visits.count(d("2025-03-06"), d("2025-03-05")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid period: ends (2025-03-05) before it starts (2025-03-06)"
    );
}
