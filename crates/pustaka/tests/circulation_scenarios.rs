//! Circulation scenarios in a library on disk: a small town library open six days a week
//! (Sundays closed) with the 2025 New Year and Imlek holidays, two member types (Umum: 7
//! days, 3 items, a flat Rp 5.000 fine, one renewal; Pelajar: 7 days, 2 items, Rp 500 per 2
//! days times 2 and a 2-day suspension) and one circulation room, SIRK.

mod common;

use common::{at, laskar_pelangi, new_library, TempDir};
use pustaka::circulation::Payment;
use pustaka::{Date, Library, LibraryError, NewItem, NewMember, NewMemberType};
use rusqlite::{params, Connection};

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn kind(e: LibraryError) -> &'static str {
    e.circulation_kind()
        .unwrap_or_else(|| panic!("not a circulation error: {e}"))
}

struct Town {
    _dir: TempDir,
    library: Library,
    db: Connection,
}

fn town(name: &str) -> Town {
    let (dir, library) = new_library(name);
    let db = Connection::open(library.database_path()).unwrap();
    let setup = at("2024-12-01 08:00:00");
    db.execute_batch(
        "INSERT INTO settingparameters (Name, Value) VALUES ('IsSaturdayHoliday', 'False'),
             ('IsSundayHoliday', 'True');
         INSERT INTO holidays (Dates, Names) VALUES
             ('2025-01-01 00:00:00', 'Tahun Baru'), ('2025-01-27 00:00:00', 'Isra Mikraj'),
             ('2025-01-28 00:00:00', 'Cuti Bersama Imlek'), ('2025-01-29 00:00:00', 'Imlek');
         INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Ruang Sirkulasi');
         INSERT INTO collectioncategorys (ID, Code, Name) VALUES (1, 'UM', 'Koleksi Umum'),
             (2, 'KH', 'Khusus');
         INSERT INTO status_anggota (id, Nama) VALUES (1, 'Nonaktif');",
    )
    .unwrap();
    let members = library.members();
    let umum = members
        .add_type(&NewMemberType::new("Umum"), setup)
        .unwrap();
    let pelajar = members
        .add_type(&NewMemberType::new("Pelajar"), setup)
        .unwrap();
    db.execute(
        "UPDATE jenis_anggota SET MaxLoanDays = 7, MaxPinjamKoleksi = 3, DendaType = 'Konstan',
             DendaPerTenor = 5000, CountPerpanjang = 1, DayPerpanjang = 7 WHERE id = ?1",
        [umum],
    )
    .unwrap();
    db.execute(
        "UPDATE jenis_anggota SET MaxLoanDays = 7, MaxPinjamKoleksi = 2,
             DendaType = 'Berkelipatan', DendaPerTenor = 500, DendaTenorJumlah = 2,
             DendaTenorSatuan = 'Hari', DendaTenorMultiply = 2, DaySuspend = 2,
             SuspendType = 'Konstan' WHERE id = ?1",
        [pelajar],
    )
    .unwrap();
    for (no, name, kind, status, end) in [
        ("A001", "Siti Aminah", umum, 3, None),
        ("A002", "Budi Santoso", umum, 3, None),
        ("P001", "Dewi Lestari", pelajar, 3, None),
        ("X001", "Agus Nonaktif", umum, 1, None),
        ("X005", "Rina Ditangguhkan", umum, 5, None),
        ("X009", "Joko Kedaluwarsa", umum, 3, Some(d("2024-12-31"))),
    ] {
        let mut m = NewMember::new(no, name, kind);
        m.status_anggota_id = status;
        m.register_date = Some(d("2024-01-02"));
        m.end_date = end.or(Some(d("2026-12-31")));
        let stored = members.add(&m, setup).unwrap();
        db.execute(
            "INSERT INTO memberloanauthorizecategory (Member_id, CategoryLoan_id) VALUES (?1, 1)",
            [stored.id],
        )
        .unwrap();
        db.execute(
            "INSERT INTO memberloanauthorizelocation (Member_id, LocationLoan_id) VALUES (?1, 1)",
            [stored.id],
        )
        .unwrap();
    }
    let catalog = library.catalog().add(&laskar_pelangi(), 1, setup).unwrap();
    for (barcode, rule, category) in [
        ("B001", 1, 1),
        ("B002", 1, 1),
        ("B003", 1, 1),
        ("B004", 1, 1),
        ("B005", 1, 1),
        ("R001", 2, 1),
        ("K001", 1, 2),
    ] {
        let mut item = NewItem::new(barcode);
        item.rule_id = Some(rule);
        item.category_id = Some(category);
        item.location_id = Some(1);
        item.location_library_id = Some(1);
        item.status_id = Some(1);
        library.items().add(catalog.id, &item, setup).unwrap();
    }
    Town {
        _dir: dir,
        library,
        db,
    }
}

impl Town {
    fn status(&self, barcode: &str) -> i64 {
        self.db
            .query_row(
                "SELECT Status_id FROM collections WHERE NomorBarcode = ?1",
                [barcode],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.db.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

#[test]
fn two_books_lent_on_the_friday_before_new_year_are_due_on_monday_the_sixth() {
    let t = town("new-year");
    let c = t.library.circulation();
    let loan = c
        .checkout("A001", &["B001", "B002"], at("2024-12-27 10:15:00"))
        .unwrap();
    assert_eq!(loan.loan_id, "SIRK24122700001");
    assert_eq!(loan.member_no, "A001");
    let dues: Vec<(String, String)> = loan
        .items
        .iter()
        .map(|i| (i.barcode.clone(), i.due_date.to_string()))
        .collect();
    assert_eq!(
        dues,
        [
            ("B001".to_string(), "2025-01-06".to_string()),
            ("B002".to_string(), "2025-01-06".to_string())
        ]
    );
    assert_eq!(t.status("B001"), 5);
    let (count, status): (i64, String) =
        t.db.query_row(
            "SELECT CollectionCount, (SELECT group_concat(LoanStatus) FROM collectionloanitems
                 WHERE CollectionLoan_id = l.ID) FROM collectionloans l WHERE ID = ?1",
            [&loan.loan_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((count, status.as_str()), (2, "Loan,Loan"));
    // The day's second checkout gets the next number.
    let second = c
        .checkout("A002", &["B003"], at("2024-12-27 11:00:00"))
        .unwrap();
    assert_eq!(second.loan_id, "SIRK24122700002");
    assert_eq!(c.loans("A001").unwrap().len(), 2);
}

#[test]
fn a_return_on_the_due_date_is_not_late_and_costs_nothing() {
    let t = town("on-time");
    let c = t.library.circulation();
    c.checkout("A001", &["B001"], at("2025-01-06 09:00:00"))
        .unwrap();
    let back = c.return_item("B001", at("2025-01-14 16:30:00")).unwrap();
    assert_eq!(back.due_date, d("2025-01-14"));
    assert_eq!((back.late_days, back.fine, back.suspension_days), (0, 0, 0));
    assert_eq!(back.violation_id, None);
    assert_eq!(t.status("B001"), 1);
    assert_eq!(t.count("SELECT count(*) FROM pelanggaran"), 0);
    assert!(c.loans("A001").unwrap().is_empty());
}

#[test]
fn an_umum_member_back_thirteen_days_late_over_imlek_owes_a_flat_rp_5000_until_paid() {
    let t = town("late-umum");
    let c = t.library.circulation();
    // Friday 3 Jan: 7 days with Sunday the 5th skipped, due Saturday 11 Jan (Saturdays open).
    let loan = c
        .checkout("A001", &["B001"], at("2025-01-03 14:03:29"))
        .unwrap();
    assert_eq!(loan.items[0].due_date, d("2025-01-11"));
    // Back 30 Jan: 19 days less 3 Sundays less the 27th-29th holidays.
    let back = c.return_item("B001", at("2025-01-30 11:56:12")).unwrap();
    assert_eq!(
        (back.late_days, back.fine, back.suspension_days),
        (13, 5000, 0)
    );
    let (late, status, actual): (i64, String, String) =
        t.db.query_row(
            "SELECT LateDays, LoanStatus, ActualReturn FROM collectionloanitems",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (late, status.as_str(), actual.as_str()),
        (13, "Return", "2025-01-30 11:56:12")
    );
    let fines = c.unpaid_fines("A001").unwrap();
    assert_eq!(fines.len(), 1);
    assert_eq!((fines[0].fine, fines[0].paid), (5000, false));
    assert_eq!(fines[0].barcode.as_deref(), Some("B001"));
    // Rp 4.000 does not cover the whole fine: nothing is paid.
    let short = c
        .pay("A001", &Payment::Amount(4000), at("2025-01-30 12:00:00"))
        .unwrap();
    assert_eq!((short.paid.len(), short.total), (0, 0));
    let receipt = c
        .pay("A001", &Payment::All, at("2025-01-30 12:00:00"))
        .unwrap();
    assert_eq!(receipt.total, 5000);
    assert!(c.unpaid_fines("A001").unwrap().is_empty());
    assert_eq!(t.count("SELECT Paid FROM pelanggaran"), 1);
}

#[test]
fn a_pelajar_three_days_late_pays_rp_1000_and_is_suspended_for_two_days() {
    let t = town("late-pelajar");
    let c = t.library.circulation();
    let loan = c
        .checkout("P001", &["B001"], at("2025-02-03 10:00:00"))
        .unwrap();
    assert_eq!(loan.items[0].due_date, d("2025-02-11"));
    let back = c.return_item("B001", at("2025-02-14 10:00:00")).unwrap();
    // Rp 500 x floor(3 / 2) x 2; suspension Konstan 2 days.
    assert_eq!(
        (back.late_days, back.fine, back.suspension_days),
        (3, 1000, 2)
    );
    let refused = c
        .checkout("P001", &["B002"], at("2025-02-15 09:00:00"))
        .unwrap_err();
    assert_eq!(kind(refused), "member_suspended");
    c.checkout("P001", &["B002"], at("2025-02-16 09:00:00"))
        .unwrap();
}

#[test]
fn checkouts_are_refused_with_the_reason_by_name_and_write_nothing() {
    let t = town("refusals");
    let c = t.library.circulation();
    let now = at("2025-01-06 09:00:00");
    let refusal =
        |member: &str, barcodes: &[&str]| kind(c.checkout(member, barcodes, now).unwrap_err());
    assert_eq!(refusal("NOBODY", &["B001"]), "not_found");
    assert_eq!(refusal("A001", &["NOTHING"]), "not_found");
    assert_eq!(refusal("X001", &["B001"]), "member_inactive");
    assert_eq!(refusal("X005", &["B001"]), "member_suspended");
    assert_eq!(refusal("X009", &["B001"]), "member_expired");
    assert_eq!(refusal("A001", &["R001"]), "not_loanable");
    assert_eq!(refusal("A001", &["K001"]), "not_allowed");
    assert_eq!(refusal("A001", &["B001", "B001"]), "item_unavailable");
    // All or nothing: B001 was fine, R001 is not loanable, so B001 stays on the shelf.
    assert_eq!(refusal("A001", &["B001", "R001"]), "not_loanable");
    assert_eq!(t.status("B001"), 1);
    assert_eq!(t.count("SELECT count(*) FROM collectionloans"), 0);
    // Umum may hold 3 items: the fourth is over quota.
    assert_eq!(
        refusal("A001", &["B001", "B002", "B003", "B004"]),
        "quota_exceeded"
    );
    c.checkout("A001", &["B001", "B002", "B003"], now).unwrap();
    assert_eq!(refusal("A001", &["B004"]), "quota_exceeded");
    assert_eq!(refusal("A002", &["B001"]), "item_unavailable");
    // A dry run computes without writing.
    let dry = c.checkout_dry_run("A002", &["B004"], now).unwrap();
    assert_eq!(dry.loan_id, "SIRK25010600002");
    assert_eq!(t.status("B004"), 1);
    assert_eq!(t.count("SELECT count(*) FROM collectionloans"), 1);
}

#[test]
fn an_item_booked_by_another_member_is_kept_for_them_until_the_booking_expires() {
    let t = town("booked");
    t.db.execute(
        "UPDATE collections SET BookingMemberID = 'A002', BookingExpiredDate = ?1
         WHERE NomorBarcode = 'B001'",
        params!["2025-01-08 09:00:00"],
    )
    .unwrap();
    let c = t.library.circulation();
    let err = c
        .checkout("A001", &["B001"], at("2025-01-07 09:00:00"))
        .unwrap_err();
    assert_eq!(kind(err), "booked_by_other");
    c.checkout("A001", &["B001"], at("2025-01-08 09:00:01"))
        .unwrap();
}

#[test]
fn one_renewal_moves_the_due_date_seven_days_from_the_renewal_day_and_no_more() {
    let t = town("renew");
    let c = t.library.circulation();
    let loan = c
        .checkout("A001", &["B001"], at("2025-01-06 09:00:00"))
        .unwrap();
    assert_eq!(loan.items[0].due_date, d("2025-01-14"));
    let renewed = c.renew("B001", at("2025-01-13 09:00:00")).unwrap();
    assert_eq!((renewed.due_date, renewed.renewals), (d("2025-01-21"), 1));
    let due: String =
        t.db.query_row("SELECT DueDate FROM collectionloanitems", [], |r| r.get(0))
            .unwrap();
    assert_eq!(due, "2025-01-21 00:00:00");
    let (date, due_ext): (String, String) =
        t.db.query_row(
            "SELECT DateExtend, DueDateExtend FROM collectionloanextends",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (date.as_str(), due_ext.as_str()),
        ("2025-01-13 09:00:00", "2025-01-21 00:00:00")
    );
    assert_eq!(
        kind(c.renew("B001", at("2025-01-15 09:00:00")).unwrap_err()),
        "renewal_limit"
    );
    assert_eq!(c.loans("A001").unwrap()[0].renewals, 1);
    // Late on the 22nd: the renewal is refused as overdue before the limit is looked at.
    assert_eq!(
        kind(c.renew("B001", at("2025-01-22 09:00:00")).unwrap_err()),
        "not_allowed"
    );
}

#[test]
fn a_return_before_the_loan_or_of_an_item_not_on_loan_is_refused() {
    let t = town("bad-return");
    let c = t.library.circulation();
    c.checkout("A001", &["B001"], at("2025-01-06 09:00:00"))
        .unwrap();
    assert_eq!(
        kind(
            c.return_item("B001", at("2025-01-06 08:59:59"))
                .unwrap_err()
        ),
        "invalid_time"
    );
    assert_eq!(t.status("B001"), 5);
    assert_eq!(
        kind(
            c.return_item("B002", at("2025-01-07 09:00:00"))
                .unwrap_err()
        ),
        "not_found"
    );
    assert_eq!(
        kind(c.renew("B002", at("2025-01-07 09:00:00")).unwrap_err()),
        "not_found"
    );
}

#[test]
fn overdue_lists_the_open_loans_due_before_the_date() {
    let t = town("overdue");
    let c = t.library.circulation();
    c.checkout("A001", &["B001"], at("2025-01-06 09:00:00"))
        .unwrap();
    c.checkout("A002", &["B002"], at("2025-01-08 09:00:00"))
        .unwrap();
    c.checkout("P001", &["B003"], at("2025-01-08 10:00:00"))
        .unwrap();
    c.return_item("B003", at("2025-01-09 10:00:00")).unwrap();
    let due: Vec<(String, String)> = c
        .overdue(d("2025-01-15"))
        .unwrap()
        .into_iter()
        .map(|l| (l.barcode, l.due_date.to_string()))
        .collect();
    assert_eq!(due, [("B001".to_string(), "2025-01-14".to_string())]);
    assert_eq!(c.overdue(d("2025-01-17")).unwrap().len(), 2);
    assert!(c.overdue(d("2025-01-14")).unwrap().is_empty());
}

#[test]
fn a_second_open_loan_of_one_item_is_refused_by_the_schema_itself() {
    let t = town("unique");
    let c = t.library.circulation();
    c.checkout("A001", &["B001"], at("2025-01-06 09:00:00"))
        .unwrap();
    // Even a writer that skips the status check cannot lend B001 again.
    let err =
        t.db.execute(
            "INSERT INTO collectionloanitems (CollectionLoan_id, LoanStatus, Collection_id,
                 member_id) SELECT 'X', 'Loan', ID, 1 FROM collections WHERE NomorBarcode = 'B001'",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
}

#[test]
fn a_booked_book_waits_two_days_for_its_holder_and_a_member_holds_two_bookings_at_most() {
    let t = town("bookings");
    let c = t.library.circulation();
    let booking = c.book("A002", "B001", at("2025-01-07 09:00:00")).unwrap();
    assert_eq!(booking.expires_at, at("2025-01-09 09:00:00"));
    assert_eq!(t.status("B001"), 1);
    let (holder, expires): (String, String) =
        t.db.query_row(
            "SELECT BookingMemberID, BookingExpiredDate FROM collections
             WHERE NomorBarcode = 'B001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (holder.as_str(), expires.as_str()),
        ("A002", "2025-01-09 09:00:00")
    );
    assert_eq!(t.count("SELECT count(*) FROM bookinglogs"), 1);
    let now = at("2025-01-08 10:00:00");
    assert_eq!(
        kind(c.checkout("A001", &["B001"], now).unwrap_err()),
        "booked_by_other"
    );
    assert_eq!(
        kind(c.book("A001", "B001", now).unwrap_err()),
        "booked_by_other"
    );
    // The holder borrows it: the booking ends.
    c.checkout("A002", &["B001"], now).unwrap();
    assert_eq!(
        t.count("SELECT count(*) FROM collections WHERE BookingMemberID IS NOT NULL"),
        0
    );
    c.book("A002", "B002", now).unwrap();
    c.book("A002", "B003", now).unwrap();
    assert_eq!(
        kind(c.book("A002", "B004", now).unwrap_err()),
        "quota_exceeded"
    );
    assert_eq!(
        kind(c.book("A002", "R001", now).unwrap_err()),
        "not_loanable"
    );
    assert_eq!(
        kind(c.book("A001", "B001", now).unwrap_err()),
        "item_unavailable"
    );
    assert_eq!(
        kind(c.book("X005", "B004", now).unwrap_err()),
        "member_suspended"
    );
    // Once A002's bookings expire, another member may book and borrow the items.
    let later = at("2025-01-10 10:00:01");
    c.book("A001", "B002", later).unwrap();
    c.checkout("A001", &["B003"], later).unwrap();
}

#[test]
fn an_item_read_in_the_library_is_status_11_until_it_is_put_back() {
    let t = town("read-in-place");
    let c = t.library.circulation();
    let reading = c
        .read_in_place("B004", Some("A001"), at("2025-01-08 10:00:00"))
        .unwrap();
    assert_eq!(reading.member_no.as_deref(), Some("A001"));
    assert_eq!(t.status("B004"), 11);
    assert_eq!(
        kind(
            c.checkout("A002", &["B004"], at("2025-01-08 10:30:00"))
                .unwrap_err()
        ),
        "item_unavailable"
    );
    assert_eq!(
        kind(
            c.read_in_place("B004", None, at("2025-01-08 10:30:00"))
                .unwrap_err()
        ),
        "item_unavailable"
    );
    assert_eq!(
        kind(
            c.return_read_in_place("B004", at("2025-01-08 09:00:00"))
                .unwrap_err()
        ),
        "invalid_time"
    );
    let back = c
        .return_read_in_place("B004", at("2025-01-08 12:00:00"))
        .unwrap();
    assert_eq!(back.id, reading.id);
    assert_eq!(t.status("B004"), 1);
    assert_eq!(
        t.count("SELECT count(*) FROM bacaditempat WHERE Is_return = '1'"),
        1
    );
    assert_eq!(
        kind(
            c.return_read_in_place("B004", at("2025-01-08 12:00:00"))
                .unwrap_err()
        ),
        "not_found"
    );
    // A visitor without a member number may read too.
    let visitor = c
        .read_in_place("B005", None, at("2025-01-08 13:00:00"))
        .unwrap();
    assert_eq!(visitor.member_no, None);
    assert_eq!(
        kind(
            c.read_in_place("B001", Some("NOBODY"), at("2025-01-08 13:00:00"))
                .unwrap_err()
        ),
        "not_found"
    );
}
