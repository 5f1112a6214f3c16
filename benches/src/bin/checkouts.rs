//! Checkouts (and returns) per second: builds a library in a temporary directory with N
//! loanable items and N members (one catalogue record; the circulation room, category and
//! authorisations as a real library would have them), then times N checkouts of one item
//! each and N returns, every one its own durable transaction through
//! [`pustaka::Circulation`] (WAL, the library's default `synchronous`).
//!
//! ```text
//! cargo run --release -p pustaka-benches --bin checkouts [-- N]
//! ```
//!
//! N defaults to 5,000 (at most 50,000: the loan ids' daily sequence and the clock of the
//! run must fit in one day).

use std::time::Instant;

use pustaka::{Library, NewMember, NewMemberType, Timestamp};
use pustaka_marc::{DataField, Field, Record, Tag};
use rusqlite::{params, Connection};

fn tag(t: &str) -> Tag {
    Tag::parse(t).expect("valid tag")
}

fn record() -> Record {
    let mut r = Record::new();
    r.push(Field::control(
        tag("008"),
        "240115s2005    io            000 1 ind d",
    ));
    r.push(
        DataField::new(tag("245"), '1', '0')
            .with('a', "Laskar pelangi :")
            .with('b', "novel /")
            .with('c', "Andrea Hirata."),
    );
    r
}

/// 2025-01-06 (a Monday) at 08:00:00 plus `seconds`, on day `day` of January.
fn at(day: u8, seconds: usize) -> Timestamp {
    let s = 8 * 3600 + seconds;
    Timestamp::new(
        2025,
        1,
        day,
        (s / 3600) as u8,
        (s % 3600 / 60) as u8,
        (s % 60) as u8,
    )
    .expect("valid timestamp")
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("N, a whole number"))
        .unwrap_or(5_000);
    assert!((1..=50_000).contains(&n), "N must be 1 to 50,000");
    let dir = std::env::temp_dir().join(format!("pustaka-bench-checkouts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let library = Library::create(&dir).expect("create the library");

    // Setup, not timed.
    let setup = Timestamp::parse("2025-01-02 08:00:00").expect("valid timestamp");
    let catalog = library
        .catalog()
        .add(&record(), 1, setup)
        .expect("add the record");
    let type_id = library
        .members()
        .add_type(&NewMemberType::new("Umum"), setup)
        .expect("add the member type");
    let mut db = Connection::open(library.database_path()).expect("open the database");
    db.busy_timeout(std::time::Duration::from_secs(5))
        .expect("busy timeout");
    db.execute(
        "UPDATE jenis_anggota SET MaxLoanDays = 7, MaxPinjamKoleksi = 3, DendaType = 'Konstan',
             DendaPerTenor = 1000 WHERE id = ?1",
        [type_id],
    )
    .expect("set the member type's rules");
    for i in 0..n {
        let mut m = NewMember::new(format!("M{i:06}"), format!("Anggota {i}"), type_id);
        m.register_date = Some(setup.date());
        library.members().add(&m, setup).expect("add a member");
    }
    {
        let tx = db.transaction().expect("begin");
        tx.execute_batch(
            "INSERT INTO settingparameters (Name, Value) VALUES ('IsSundayHoliday', 'True');
             INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Ruang Sirkulasi');
             INSERT INTO collectioncategorys (ID, Code, Name) VALUES (1, 'UM', 'Umum');
             INSERT INTO memberloanauthorizecategory (Member_id, CategoryLoan_id)
                 SELECT ID, 1 FROM members;
             INSERT INTO memberloanauthorizelocation (Member_id, LocationLoan_id)
                 SELECT ID, 1 FROM members;",
        )
        .expect("circulation setup");
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO collections (NomorBarcode, NoInduk, Catalog_id, Rule_id,
                         Category_id, Location_id, Location_Library_id, Status_id, CreateDate)
                     VALUES (?1, ?1, ?2, 1, 1, 1, 1, 1, ?3)",
                )
                .expect("prepare");
            for i in 0..n {
                insert
                    .execute(params![format!("B{i:06}"), catalog.id, setup.to_string()])
                    .expect("add an item");
            }
        }
        tx.commit().expect("commit the setup");
    }
    drop(db);

    let circulation = library.circulation();
    let members: Vec<String> = (0..n).map(|i| format!("M{i:06}")).collect();
    let barcodes: Vec<String> = (0..n).map(|i| format!("B{i:06}")).collect();

    let start = Instant::now();
    for i in 0..n {
        circulation
            .checkout(&members[i], &[barcodes[i].as_str()], at(6, i))
            .expect("checkout");
    }
    let checkout_secs = start.elapsed().as_secs_f64();

    let start = Instant::now();
    for (i, barcode) in barcodes.iter().enumerate() {
        circulation.return_item(barcode, at(20, i)).expect("return");
    }
    let return_secs = start.elapsed().as_secs_f64();

    println!(
        "{n} checkouts in {checkout_secs:.3} s: {:.0} checkouts/s ({:.1} µs each)",
        n as f64 / checkout_secs,
        checkout_secs * 1e6 / n as f64
    );
    println!(
        "{n} returns (late, each writing a fine) in {return_secs:.3} s: {:.0} returns/s",
        n as f64 / return_secs
    );
    let _ = std::fs::remove_dir_all(&dir);
}
