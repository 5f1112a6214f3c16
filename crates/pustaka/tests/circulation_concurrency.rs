//! Two real processes check out the same item at the same moment: exactly one gets it, the
//! other is told `item_unavailable`, and the library holds one open loan.
//!
//! The test binary runs itself twice as the two processes: `child_checkout` does nothing
//! unless the environment names a library, a member and a start signal.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{at, laskar_pelangi, new_library};
use pustaka::{Library, NewItem, NewMember, NewMemberType};
use rusqlite::Connection;

const CHILD: &str = "PUSTAKA_CIRCULATION_CHILD";

/// One contender: waits for the start file, checks out, writes `ok` or the error kind.
#[test]
fn child_checkout() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let parts: Vec<&str> = spec.split('|').collect();
    let [dir, member, barcode, go, out] = parts[..] else {
        panic!("bad {CHILD}: {spec}");
    };
    let library = Library::open(dir).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !Path::new(go).exists() {
        assert!(Instant::now() < deadline, "no start signal");
        std::thread::sleep(Duration::from_millis(1));
    }
    let result = library
        .circulation()
        .checkout(member, &[barcode], at("2025-01-06 09:00:00"));
    let text = match result {
        Ok(_) => "ok".to_string(),
        Err(e) => e.circulation_kind().unwrap_or("other").to_string(),
    };
    std::fs::write(out, text).unwrap();
}

#[test]
fn two_processes_checking_out_the_same_item_at_once_exactly_one_succeeds() {
    let (dir, library) = new_library("circulation-concurrency");
    let db = Connection::open(library.database_path()).unwrap();
    let setup = at("2025-01-01 08:00:00");
    db.execute_batch("INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Sirkulasi');")
        .unwrap();
    let kind = library
        .members()
        .add_type(&NewMemberType::new("Umum"), setup)
        .unwrap();
    db.execute(
        "UPDATE jenis_anggota SET MaxLoanDays = 7 WHERE id = ?1",
        [kind],
    )
    .unwrap();
    for no in ["M1", "M2"] {
        let m = library
            .members()
            .add(&NewMember::new(no, "Anggota", kind), setup)
            .unwrap();
        db.execute(
            "INSERT INTO memberloanauthorizecategory (Member_id, CategoryLoan_id) VALUES (?1, 1)",
            [m.id],
        )
        .unwrap();
        db.execute(
            "INSERT INTO memberloanauthorizelocation (Member_id, LocationLoan_id) VALUES (?1, 1)",
            [m.id],
        )
        .unwrap();
    }
    let catalog = library.catalog().add(&laskar_pelangi(), 1, setup).unwrap();
    let rounds = ["B1", "B2", "B3"];
    for b in rounds {
        let mut item = NewItem::new(b);
        item.rule_id = Some(1);
        item.category_id = Some(1);
        item.location_id = Some(1);
        item.status_id = Some(1);
        library.items().add(catalog.id, &item, setup).unwrap();
    }
    let exe = std::env::current_exe().unwrap();
    for barcode in rounds {
        let go = dir.path().join(format!("go-{barcode}"));
        let children: Vec<_> = ["M1", "M2"]
            .iter()
            .map(|member| {
                let out = dir.path().join(format!("out-{barcode}-{member}"));
                let spec = format!(
                    "{}|{member}|{barcode}|{}|{}",
                    dir.path().display(),
                    go.display(),
                    out.display()
                );
                let child = Command::new(&exe)
                    .args([
                        "child_checkout",
                        "--exact",
                        "--nocapture",
                        "--test-threads=1",
                    ])
                    .env(CHILD, spec)
                    .stdout(Stdio::null())
                    .spawn()
                    .unwrap();
                (child, out)
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&go, "go").unwrap();
        let mut outcomes: Vec<String> = children
            .into_iter()
            .map(|(mut child, out)| {
                assert!(child.wait().unwrap().success());
                std::fs::read_to_string(out).unwrap()
            })
            .collect();
        outcomes.sort();
        assert_eq!(outcomes, ["item_unavailable", "ok"], "round {barcode}");
        let (loans, status): (i64, i64) = db
            .query_row(
                "SELECT (SELECT count(*) FROM collectionloanitems l WHERE l.Collection_id = c.ID
                     AND l.LoanStatus = 'Loan'), Status_id
                 FROM collections c WHERE NomorBarcode = ?1",
                [barcode],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((loans, status), (1, 5), "round {barcode}");
    }
}
