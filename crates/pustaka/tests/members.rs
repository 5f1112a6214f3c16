//! Scenarios for members (`members`) and member types (`jenis_anggota`).

mod common;

use common::{at, new_library};
use pustaka::members::{STATUS_ACTIVE, STATUS_SUSPENDED};
use pustaka::{Date, NewMember, NewMemberType};

#[test]
fn a_member_of_type_umum_registered_on_1_march_2024_is_valid_for_a_year() {
    let (_dir, library) = new_library("members-umum");
    let members = library.members();
    let umum = members
        .add_type(&NewMemberType::new("Umum"), at("2024-01-01 08:00:00"))
        .unwrap();
    let siti = members
        .add(
            &NewMember {
                email: Some("siti@example.id".into()),
                ..NewMember::new("AG-2024-0001", "Siti Aminah", umum)
            },
            at("2024-03-01 10:15:00"),
        )
        .unwrap();
    assert_eq!(siti.columns.status_anggota_id, STATUS_ACTIVE);
    assert_eq!(
        siti.columns.register_date,
        Some(Date::parse("2024-03-01").unwrap())
    );
    assert_eq!(
        siti.columns.end_date,
        Some(Date::parse("2025-03-01").unwrap())
    );
    assert_eq!(siti.create_date.as_deref(), Some("2024-03-01 10:15:00"));
    assert_eq!(members.get_by_member_no("AG-2024-0001").unwrap(), siti);

    let db = rusqlite::Connection::open(library.database_path()).unwrap();
    let (register, end): (String, String) = db
        .query_row(
            "SELECT RegisterDate, EndDate FROM members WHERE MemberNo = 'AG-2024-0001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(register, "2024-03-01 00:00:00");
    assert_eq!(end, "2025-03-01 00:00:00");

    let pelajar = members
        .add_type(
            &NewMemberType {
                masa_berlaku_anggota: 180,
                ..NewMemberType::new("Pelajar")
            },
            at("2024-01-01 08:00:00"),
        )
        .unwrap();
    let budi = members
        .add(
            &NewMember {
                status_anggota_id: STATUS_SUSPENDED,
                register_date: Some(Date::parse("2024-01-31").unwrap()),
                ..NewMember::new("AG-2024-0002", "Budi Santoso", pelajar)
            },
            at("2024-03-01 10:20:00"),
        )
        .unwrap();
    assert_eq!(
        budi.columns.end_date,
        Some(Date::parse("2024-07-29").unwrap())
    );
    assert_eq!(budi.columns.status_anggota_id, 5);
}

#[test]
fn member_errors_name_the_field_at_fault() {
    let (_dir, library) = new_library("members-errors");
    let members = library.members();
    let umum = members
        .add_type(&NewMemberType::new("Umum"), at("2024-01-01 08:00:00"))
        .unwrap();
    let t = at("2024-03-01 10:15:00");
    members
        .add(&NewMember::new("AG-1", "Siti Aminah", umum), t)
        .unwrap();
    let message = |m: NewMember| members.add(&m, t).unwrap_err().to_string();
    assert_eq!(
        message(NewMember::new("AG-1", "Budi", umum)),
        "conflict in members: MemberNo AG-1 is already used by member 1"
    );
    assert_eq!(
        message(NewMember::new(" ", "Budi", umum)),
        "invalid MemberNo: a member needs a member number"
    );
    assert_eq!(
        message(NewMember::new("AG-2", "", umum)),
        "invalid Fullname: member AG-2 needs a name"
    );
    assert_eq!(
        message(NewMember::new("AG-2", "Budi", 9)),
        "invalid JenisAnggota_id: member type 9 does not exist in jenis_anggota"
    );
    assert_eq!(
        message(NewMember {
            status_anggota_id: 4,
            ..NewMember::new("AG-2", "Budi", umum)
        }),
        "invalid StatusAnggota_id: status 4 does not exist in status_anggota"
    );
    assert_eq!(
        message(NewMember {
            register_date: Some(Date::parse("2024-03-01").unwrap()),
            end_date: Some(Date::parse("2024-02-01").unwrap()),
            ..NewMember::new("AG-2", "Budi", umum)
        }),
        "invalid EndDate: 2024-02-01 is before the RegisterDate 2024-03-01"
    );
    assert_eq!(
        members.get_by_member_no("AG-404").unwrap_err().to_string(),
        "member with MemberNo AG-404 not found"
    );
}
