//! The demo INLISLite library (`fixtures/inlislite/perpus-demo.sql`, a real MariaDB
//! `mysqldump`) read and imported, checked against `perpus-demo.expected.json`.

use std::path::PathBuf;

use pustaka::Library;
use pustaka_inlislite::dump::{read_dump, Value};
use pustaka_inlislite::import::{import_dump, ImportOptions, Tables};
use rusqlite::Connection;
use serde_json::Value as Json;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/inlislite")
        .join(name)
}

fn expected() -> Json {
    serde_json::from_slice(&std::fs::read(fixture("perpus-demo.expected.json")).unwrap()).unwrap()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "pustaka-inlislite-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The record as the manifest gives it: the leader PEAR File_MARC writes for INLISLite
/// leaves position 9 (coding scheme) blank, although the text is UTF-8; pustaka's stored
/// ISO 2709 says `a` (UTF-8) there, so that it decodes right. That one byte aside, the
/// record must be exactly the manifest's.
fn as_manifest(record: &pustaka_marc::Record) -> Json {
    let mut json = pustaka_marc::json::to_value(record);
    let leader = json["leader"].as_str().unwrap().to_string();
    assert_eq!(&leader[9..10], "a", "stored leader {leader:?} says UTF-8");
    json["leader"] = Json::from(format!("{} {}", &leader[..9], &leader[10..]));
    json
}

fn imported(name: &str) -> (TempDir, Library, pustaka_inlislite::ImportReport) {
    let dir = TempDir::new(name);
    let library = Library::create(&dir.0).unwrap();
    let report = import_dump(
        &library,
        fixture("perpus-demo.sql"),
        ImportOptions::default(),
    )
    .unwrap();
    (dir, library, report)
}

fn sql(library: &Library) -> Connection {
    Connection::open(library.database_path()).unwrap()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn the_reader_finds_every_row_of_every_table_in_the_manifest() {
    let expected = expected();
    let counts = expected["row_counts"].as_object().unwrap();
    let mut seen = std::collections::BTreeMap::<String, u64>::new();
    for item in read_dump(fixture("perpus-demo.sql")).unwrap() {
        let (table, _) = item.unwrap();
        *seen.entry(table).or_default() += 1;
    }
    assert_eq!(seen.len(), counts.len());
    for (table, n) in counts {
        assert_eq!(seen.get(table).copied(), n.as_u64(), "{table}");
    }
}

#[test]
fn the_reader_types_values_bits_zero_dates_and_escapes() {
    let mut zero = None;
    let mut note = None;
    let mut paid = Vec::new();
    for item in read_dump(fixture("perpus-demo.sql")).unwrap() {
        let (table, row) = item.unwrap();
        match table.as_str() {
            "collections" if row.get("Catalog_id") == Some(&Value::Null) => {
                zero = row.get("TanggalPengadaan").cloned();
            }
            "catalog_subruas" => {
                if let Some(Value::Text(t)) = row.get("Value") {
                    if t.contains('\\') && t.contains('"') {
                        note = Some(t.clone());
                    }
                }
            }
            "pelanggaran" => paid.push(row.get("Paid").cloned().unwrap()),
            _ => {}
        }
    }
    assert_eq!(zero, Some(Value::ZeroDate("0000-00-00 00:00:00".into())));
    let note = note.expect("the 500 note with quotes, a backslash and a newline");
    assert!(note.contains('\'') && note.contains('\n'), "{note:?}");
    assert_eq!(paid.len(), 152);
    assert!(paid.iter().all(|p| matches!(p, Value::Int(0 | 1))));
    assert!(paid.contains(&Value::Int(1)) && paid.contains(&Value::Int(0)));
}

#[test]
fn importing_the_demo_gives_every_row_count_of_the_manifest() {
    let expected = expected();
    let (_dir, library, report) = imported("counts");
    let conn = sql(&library);
    assert!(report.rejections.is_empty(), "{:?}", report.rejections);
    for (table, n) in expected["row_counts"].as_object().unwrap() {
        assert_eq!(count(&conn, table), n.as_i64().unwrap(), "{table}");
        let t = &report.tables[table];
        assert_eq!(
            (t.read, t.imported, t.rejected),
            (n.as_u64().unwrap(), n.as_u64().unwrap(), 0),
            "{table}"
        );
        assert_eq!(t.destination, "core");
    }
    assert_eq!(report.marc_rebuilt, 153);
    assert_eq!(count(&conn, "marc_records"), 153);
    // The zero date is the one warning, and it is kept verbatim.
    let zero: String = conn
        .query_row(
            "SELECT TanggalPengadaan FROM collections WHERE Catalog_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(zero, "0000-00-00 00:00:00");
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(report.warnings[0].message.contains("zero date"));
}

#[test]
fn the_named_catalogs_have_their_identifiers_marc_and_items() {
    let expected = expected();
    let (_dir, library, _) = imported("catalogs");
    let conn = sql(&library);
    for c in expected["catalogs"].as_array().unwrap() {
        let bibid = c["BIBID"].as_str().unwrap();
        let catalog = library.catalog().get_by_bibid(bibid).unwrap();
        assert_eq!(catalog.control_number, c["ControlNumber"].as_str().unwrap());
        assert_eq!(catalog.display.title, c["Title"].as_str().unwrap());
        assert_eq!(as_manifest(&catalog.record), c["marc"], "{bibid}");
        let mut stmt = conn
            .prepare(
                "SELECT NomorBarcode FROM collections WHERE Catalog_id = ?1 ORDER BY NomorBarcode",
            )
            .unwrap();
        let barcodes: Vec<String> = stmt
            .query_map([catalog.id], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut want: Vec<String> = c["item_barcodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap().to_string())
            .collect();
        want.sort();
        assert_eq!(barcodes, want, "{bibid}");
    }
}

#[test]
fn every_catalog_has_the_marc_of_the_manifest() {
    let expected = expected();
    let (_dir, library, _) = imported("all-marc");
    let all = expected["all_marc_by_bibid"].as_object().unwrap();
    let mut n = 0;
    for stored in library.catalog().marc_records() {
        let stored = stored.unwrap();
        assert_eq!(
            as_manifest(&stored.record),
            all[&stored.bibid],
            "{}",
            stored.bibid
        );
        n += 1;
    }
    assert_eq!(n, all.len());
}

#[test]
fn the_named_members_have_their_active_loans_and_unpaid_fines() {
    let expected = expected();
    let (_dir, library, _) = imported("members");
    let conn = sql(&library);
    for m in expected["members"].as_array().unwrap() {
        let no = m["MemberNo"].as_str().unwrap();
        let (id, name): (i64, String) = conn
            .query_row(
                "SELECT ID, Fullname FROM members WHERE MemberNo = ?1",
                [no],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(name, m["Fullname"].as_str().unwrap());
        let mut stmt = conn
            .prepare(
                "SELECT c.NomorBarcode, i.CollectionLoan_id, i.LoanDate, i.DueDate, i.ID
                 FROM collectionloanitems i JOIN collections c ON c.ID = i.Collection_id
                 WHERE i.member_id = ?1 AND i.LoanStatus = 'Loan' ORDER BY i.ID",
            )
            .unwrap();
        let loans: Vec<(String, String, String, String, i64)> = stmt
            .query_map([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want = m["active_loans"].as_array().unwrap();
        assert_eq!(loans.len(), want.len(), "{no}");
        for w in want {
            let l = loans
                .iter()
                .find(|l| l.0 == w["barcode"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{no}: loan of {}", w["barcode"]));
            assert_eq!(l.1, w["CollectionLoan_id"].as_str().unwrap());
            assert_eq!(l.2, w["LoanDate"].as_str().unwrap());
            assert_eq!(l.3, w["DueDate"].as_str().unwrap());
            let overdue = l.3.as_str() < expected["snapshot_date"].as_str().unwrap();
            assert_eq!(overdue, w["overdue_at_snapshot"].as_bool().unwrap(), "{no}");
            let renewals: i64 = conn
                .query_row(
                    "SELECT count(*) FROM collectionloanextends WHERE CollectionLoanItem_id = ?1",
                    [l.4],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(renewals, w["renewals"].as_i64().unwrap(), "{no}");
        }
        let unpaid: i64 = conn
            .query_row(
                "SELECT coalesce(sum(JumlahDenda), 0) FROM pelanggaran WHERE Member_id = ?1 AND Paid = 0",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unpaid, m["unpaid_fine_total"].as_i64().unwrap(), "{no}");
    }
    let total: i64 = conn
        .query_row(
            "SELECT sum(JumlahDenda) FROM pelanggaran WHERE Paid = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(total, expected["total_unpaid_fines"].as_i64().unwrap());
    let settings: Vec<(String, String)> = conn
        .prepare("SELECT Name, Value FROM settingparameters")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (k, v) in expected["settings"].as_object().unwrap() {
        assert!(
            settings.contains(&(k.clone(), v.as_str().unwrap().to_string())),
            "{k}"
        );
    }
}

#[test]
fn importing_twice_changes_nothing_and_the_library_still_works() {
    let (_dir, library, _) = imported("twice");
    let conn = sql(&library);
    let before: Vec<i64> = [
        "catalogs",
        "catalog_ruas",
        "collections",
        "members",
        "bookinglogs",
        "memberguesses",
    ]
    .iter()
    .map(|t| count(&conn, t))
    .collect();
    let report = import_dump(
        &library,
        fixture("perpus-demo.sql"),
        ImportOptions {
            tables: Tables::All,
            progress: None,
        },
    )
    .unwrap();
    assert!(report.rejections.is_empty(), "{:?}", report.rejections);
    let after: Vec<i64> = [
        "catalogs",
        "catalog_ruas",
        "collections",
        "members",
        "bookinglogs",
        "memberguesses",
    ]
    .iter()
    .map(|t| count(&conn, t))
    .collect();
    assert_eq!(before, after);
    // The library's own API sees the imported data.
    assert_eq!(library.catalog().count().unwrap(), 153);
}
