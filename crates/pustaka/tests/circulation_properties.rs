//! Property: whatever sequence of checkouts, returns, renewals, bookings and readings in
//! place staff make, no item is ever on loan twice, no loan is lost, and every item's
//! `Status_id` says where it is (5 with exactly one open loan, 11 while read in place, 1
//! otherwise).

mod common;

use common::{at, laskar_pelangi, new_library};
use proptest::prelude::*;
use pustaka::{Date, NewItem, NewMember, NewMemberType, Timestamp};
use rusqlite::Connection;

const ITEMS: [&str; 4] = ["B1", "B2", "B3", "B4"];
const MEMBERS: [&str; 3] = ["M1", "M2", "M3"];

#[derive(Debug, Clone)]
enum Op {
    Checkout(usize, Vec<usize>),
    Return(usize),
    Renew(usize),
    Book(usize, usize),
    Read(usize),
    EndRead(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Shelf,
    Lent,
    Reading,
}

fn op() -> impl Strategy<Value = (Op, u32)> {
    let op = prop_oneof![
        (
            0..MEMBERS.len(),
            prop::collection::vec(0..ITEMS.len(), 1..3)
        )
            .prop_map(|(m, items)| Op::Checkout(m, items)),
        (0..ITEMS.len()).prop_map(Op::Return),
        (0..ITEMS.len()).prop_map(Op::Renew),
        (0..MEMBERS.len(), 0..ITEMS.len()).prop_map(|(m, i)| Op::Book(m, i)),
        (0..ITEMS.len()).prop_map(Op::Read),
        (0..ITEMS.len()).prop_map(Op::EndRead),
    ];
    // Each step happens 0 to 72 hours after the previous one.
    (op, 0u32..72)
}

fn time(hours: u32) -> Timestamp {
    let day = Date::parse("2025-01-02")
        .unwrap()
        .add_days(i64::from(hours / 24));
    at(&format!("{day} {:02}:00:00", hours % 24))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn an_item_is_never_on_loan_twice_and_its_status_follows_its_open_loan(
        steps in prop::collection::vec(op(), 1..50)
    ) {
        let (_dir, library) = new_library("circulation-properties");
        let db = Connection::open(library.database_path()).unwrap();
        let setup = at("2025-01-01 08:00:00");
        db.execute_batch(
            "INSERT INTO settingparameters (Name, Value) VALUES ('IsSundayHoliday', 'True');
             INSERT INTO holidays (Dates, Names) VALUES ('2025-01-27 00:00:00', 'Isra Mikraj');
             INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Sirkulasi');",
        ).unwrap();
        let kind = library.members().add_type(&NewMemberType::new("Umum"), setup).unwrap();
        db.execute(
            "UPDATE jenis_anggota SET MaxLoanDays = 3, MaxPinjamKoleksi = 3,
                 DendaPerTenor = 1000, CountPerpanjang = 2, DayPerpanjang = 3 WHERE id = ?1",
            [kind],
        ).unwrap();
        for no in MEMBERS {
            let m = library.members().add(&NewMember::new(no, "Anggota", kind), setup).unwrap();
            db.execute(
                "INSERT INTO memberloanauthorizecategory (Member_id, CategoryLoan_id)
                 VALUES (?1, 1)", [m.id]).unwrap();
            db.execute(
                "INSERT INTO memberloanauthorizelocation (Member_id, LocationLoan_id)
                 VALUES (?1, 1)", [m.id]).unwrap();
        }
        let catalog = library.catalog().add(&laskar_pelangi(), 1, setup).unwrap();
        for b in ITEMS {
            let mut item = NewItem::new(b);
            item.rule_id = Some(1);
            item.category_id = Some(1);
            item.location_id = Some(1);
            item.status_id = Some(1);
            library.items().add(catalog.id, &item, setup).unwrap();
        }

        let c = library.circulation();
        let mut place = [Place::Shelf; ITEMS.len()];
        let mut lent = 0i64;
        let mut hours = 0u32;
        for (step, wait) in steps {
            hours += wait;
            let now = time(hours);
            match &step {
                Op::Checkout(m, items) => {
                    let barcodes: Vec<&str> = items.iter().map(|&i| ITEMS[i]).collect();
                    if let Ok(loan) = c.checkout(MEMBERS[*m], &barcodes, now) {
                        for &i in items {
                            prop_assert_eq!(place[i], Place::Shelf, "{} lent", ITEMS[i]);
                            place[i] = Place::Lent;
                        }
                        lent += loan.items.len() as i64;
                    }
                }
                Op::Return(i) => {
                    let result = c.return_item(ITEMS[*i], now);
                    prop_assert_eq!(result.is_ok(), place[*i] == Place::Lent, "return of {}", ITEMS[*i]);
                    if result.is_ok() {
                        place[*i] = Place::Shelf;
                    }
                }
                Op::Renew(i) => {
                    if c.renew(ITEMS[*i], now).is_ok() {
                        prop_assert_eq!(place[*i], Place::Lent, "{} renewed", ITEMS[*i]);
                    }
                }
                Op::Book(m, i) => {
                    if c.book(MEMBERS[*m], ITEMS[*i], now).is_ok() {
                        prop_assert_eq!(place[*i], Place::Shelf, "{} booked", ITEMS[*i]);
                    }
                }
                Op::Read(i) => {
                    if c.read_in_place(ITEMS[*i], None, now).is_ok() {
                        prop_assert_eq!(place[*i], Place::Shelf, "{} read", ITEMS[*i]);
                        place[*i] = Place::Reading;
                    }
                }
                Op::EndRead(i) => {
                    let result = c.return_read_in_place(ITEMS[*i], now);
                    prop_assert_eq!(result.is_ok(), place[*i] == Place::Reading, "end read {}", ITEMS[*i]);
                    if result.is_ok() {
                        place[*i] = Place::Shelf;
                    }
                }
            }
            let rows: i64 = db
                .query_row("SELECT count(*) FROM collectionloanitems", [], |r| r.get(0))
                .unwrap();
            prop_assert_eq!(rows, lent, "loan rows after {:?}", step);
            for (i, b) in ITEMS.iter().enumerate() {
                let (status, loans): (i64, i64) = db.query_row(
                    "SELECT Status_id, (SELECT count(*) FROM collectionloanitems l
                         WHERE l.Collection_id = c.ID AND l.LoanStatus = 'Loan')
                     FROM collections c WHERE NomorBarcode = ?1",
                    [b],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                ).unwrap();
                let expected = match place[i] {
                    Place::Shelf => 1,
                    Place::Lent => 5,
                    Place::Reading => 11,
                };
                let out = i64::from(place[i] == Place::Lent);
                prop_assert_eq!(loans, out, "open loans of {} after {:?}", b, step);
                prop_assert_eq!(status, expected, "status of {} after {:?}", b, step);
            }
        }
    }
}
