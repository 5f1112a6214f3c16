//! Scenarios for the catalogue: what INLISLite writes when a record is saved, and what comes
//! back.

mod common;

use common::{at, laskar_pelangi, loc_records, new_library, tag};
use pustaka::catalog::ruas;
use pustaka::{ImportOptions, LibraryError, Rejection};
use pustaka_marc::{DataField, Field};
use rusqlite::Connection;

fn sql(library: &pustaka::Library) -> Connection {
    Connection::open(library.database_path()).unwrap()
}

#[test]
fn saving_laskar_pelangi_in_january_2024_gives_inlislite_identifiers_and_system_fields() {
    let (_dir, library) = new_library("identifiers");
    let catalog = library
        .catalog()
        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
        .unwrap();

    assert_eq!(catalog.id, 1);
    assert_eq!(catalog.bibid, "0010-0124000001");
    assert_eq!(catalog.control_number, "INLIS000000000000001");
    assert_eq!(catalog.worksheet_id, 1);
    assert_eq!(catalog.create_date.as_deref(), Some("2024-01-15 14:05:09"));
    assert_eq!(catalog.update_date, None);

    let r = &catalog.record;
    let tags: Vec<String> = r.fields.iter().map(|f| f.tag().to_string()).collect();
    assert_eq!(
        tags,
        [
            "001", "005", "035", "035", "008", "020", "082", "084", "100", "245", "250", "260",
            "300", "500", "650"
        ]
    );
    assert_eq!(r.control("001"), Some("INLIS000000000000001"));
    assert_eq!(r.control("005"), Some("20240115140509"));
    assert_eq!(
        r.control("003"),
        None,
        "the incoming 003 is folded into the 035"
    );
    let a035: Vec<&str> = r.fields("035").filter_map(|f| f.subfield('a')).collect();
    assert_eq!(a035, ["0010-0124000001", "(IdJaPN)LP-2005-1"]);
}

#[test]
fn display_columns_of_laskar_pelangi_are_derived_as_inlislite_derives_them() {
    let (_dir, library) = new_library("display-lp");
    let d = library
        .catalog()
        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
        .unwrap()
        .display;
    assert_eq!(d.title, "Laskar pelangi : novel / Andrea Hirata.");
    assert_eq!(d.author.as_deref(), Some("Andrea Hirata (pengarang)"));
    assert_eq!(d.edition.as_deref(), Some("Cet. 1."));
    assert_eq!(d.publikasi.as_deref(), Some("Yogyakarta : Bentang, 2005."));
    assert_eq!(d.publish_location.as_deref(), Some("Yogyakarta :"));
    assert_eq!(d.publisher.as_deref(), Some("Bentang,"));
    assert_eq!(d.publish_year.as_deref(), Some("2005."));
    assert_eq!(d.subject.as_deref(), Some("Fiksi Indonesia Novel"));
    assert_eq!(
        d.physical_description.as_deref(),
        Some("xiv, 529 hlm. ; 20 cm.")
    );
    assert_eq!(d.isbn.as_deref(), Some("979-3062-79-7 (pbk.)"));
    assert_eq!(d.call_number.as_deref(), Some("899.221 3 HIR l"));
    assert_eq!(d.dewey_no.as_deref(), Some("899.221 3"));
    assert_eq!(d.note.as_deref(), Some("Novel pertama tetralogi."));
    assert_eq!(d.languages.as_deref(), Some("ind"));
    assert!(!d.is_rda);
}

#[test]
fn display_columns_of_the_first_loc_record_botanical_materia_medica() {
    let (_dir, library) = new_library("display-loc");
    let record = loc_records(1).remove(0);
    let catalog = library
        .catalog()
        .add(&record, 1, at("2024-03-01 08:00:00"))
        .unwrap();
    let d = &catalog.display;
    assert_eq!(
        d.title,
        "Botanical materia medica and pharmacology; drugs considered from a botanical, \
         pharmaceutical, physiological, therapeutical and toxicological standpoint. \
         By S. H. Aurand."
    );
    assert_eq!(d.author.as_deref(), Some("Aurand, Samuel Herbert,"));
    assert_eq!(d.edition, None);
    assert_eq!(
        d.publikasi.as_deref(),
        Some("Chicago, P. H. Mallen Company, 1899.")
    );
    assert_eq!(d.publish_location.as_deref(), Some("Chicago,"));
    assert_eq!(d.publisher.as_deref(), Some("P. H. Mallen Company,"));
    assert_eq!(d.publish_year.as_deref(), Some("1899."));
    assert_eq!(
        d.subject.as_deref(),
        Some("Botany, Medical. -- Homeopathy Materia medica and therapeutics.")
    );
    assert_eq!(d.physical_description.as_deref(), Some("406 p. 24 cm."));
    assert_eq!(d.isbn, None);
    assert_eq!(d.call_number, None, "050 is not INLISLite's call number");
    assert_eq!(d.dewey_no, None);
    assert_eq!(d.note.as_deref(), Some("Homeopathic formulae."));
    assert_eq!(d.languages.as_deref(), Some("eng"));
    // LoC's 001 "   00000002 " with 003 DLC is kept as an 035.
    let a035: Vec<&str> = catalog
        .record
        .fields("035")
        .filter_map(|f| f.subfield('a'))
        .collect();
    assert_eq!(a035, ["0010-0324000001", "(DLC)00000002", "(OCoLC)5853149"]);
}

#[test]
fn bibid_sequence_restarts_each_month_and_control_numbers_keep_counting() {
    let (_dir, library) = new_library("bibid");
    let catalog = library.catalog();
    let r = laskar_pelangi();
    let ids: Vec<(String, String)> = [
        "2024-01-02 10:00:00",
        "2024-01-31 23:59:59",
        "2024-02-01 00:00:00",
        "2024-01-20 12:00:00",
        "2025-01-05 09:00:00",
    ]
    .iter()
    .map(|t| {
        let c = catalog.add(&r, 1, at(t)).unwrap();
        (c.bibid, c.control_number)
    })
    .collect();
    assert_eq!(
        ids,
        [
            (
                "0010-0124000001".to_string(),
                "INLIS000000000000001".to_string()
            ),
            (
                "0010-0124000002".to_string(),
                "INLIS000000000000002".to_string()
            ),
            (
                "0010-0224000001".to_string(),
                "INLIS000000000000003".to_string()
            ),
            (
                "0010-0124000003".to_string(),
                "INLIS000000000000004".to_string()
            ),
            (
                "0010-0125000001".to_string(),
                "INLIS000000000000005".to_string()
            ),
        ]
    );
    assert_eq!(
        catalog
            .get_by_bibid("0010-0224000001")
            .unwrap()
            .control_number,
        "INLIS000000000000003"
    );
}

#[test]
fn fields_are_stored_in_catalog_ruas_and_catalog_subruas_as_inlislite_writes_them() {
    let (_dir, library) = new_library("ruas");
    let c = library
        .catalog()
        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
        .unwrap();
    let db = sql(&library);
    type Row = (String, Option<String>, Option<String>, String, i64);
    let rows: Vec<Row> = db
        .prepare(
            "SELECT Tag, Indicator1, Indicator2, Value, Sequence FROM catalog_ruas
             WHERE CatalogId = ?1 AND Tag IN ('001', '005', '008', '035', '245', '650')
             ORDER BY Sequence",
        )
        .unwrap()
        .query_map([c.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let row = |t: &str, i1: Option<&str>, i2: Option<&str>, v: &str, s: i64| -> Row {
        (
            t.into(),
            i1.map(Into::into),
            i2.map(Into::into),
            v.into(),
            s,
        )
    };
    assert_eq!(
        rows,
        [
            row("001", None, None, "INLIS000000000000001", 1),
            row("005", None, None, "20240115140509", 2),
            row("035", Some("#"), Some("#"), "$a 0010-0124000001", 3),
            row("035", Some("#"), Some("#"), "$a (IdJaPN)LP-2005-1", 4),
            row(
                "008",
                None,
                None,
                "240115s2005####io############000#1#ind#d",
                5
            ),
            row(
                "245",
                Some("1"),
                Some("0"),
                "$a Laskar pelangi : $b novel / $c Andrea Hirata.",
                10
            ),
            row(
                "650",
                Some("#"),
                Some("4"),
                "$a Fiksi Indonesia $x Novel",
                15
            ),
        ]
    );
    let subs: Vec<(String, String, i64)> = db
        .prepare(
            "SELECT s.SubRuas, s.Value, s.Sequence FROM catalog_subruas s
             JOIN catalog_ruas r ON r.ID = s.RuasID
             WHERE r.CatalogId = ?1 AND r.Tag = '245' ORDER BY s.Sequence",
        )
        .unwrap()
        .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        subs,
        [
            ("a".to_string(), "Laskar pelangi :".to_string(), 1),
            ("b".to_string(), "novel /".to_string(), 2),
            ("c".to_string(), "Andrea Hirata.".to_string(), 3),
        ]
    );
    let control_subruas: i64 = db
        .query_row(
            "SELECT count(*) FROM catalog_subruas s JOIN catalog_ruas r ON r.ID = s.RuasID
             WHERE r.CatalogId = ?1 AND r.Indicator1 IS NULL",
            [c.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(control_subruas, 0, "control fields have no subfield rows");
}

#[test]
fn a_thousand_loc_records_decode_from_ruas_and_subruas_to_the_record_as_written() {
    let (_dir, library) = new_library("decode");
    let records = loc_records(1000);
    let mut options = ImportOptions::new(at("2024-06-30 16:45:00"));
    options.batch_size = 300;
    let report = library
        .import_records(records.iter().cloned().map(Ok::<_, String>), &options)
        .unwrap();
    assert_eq!(report.rejected, Vec::<Rejection>::new());
    assert_eq!(report.imported, 1000);
    let catalog = library.catalog();
    assert_eq!(catalog.count().unwrap(), 1000);
    let mut seen = 0;
    for (stored, original) in catalog.iter().zip(&records) {
        let stored = stored.unwrap();
        let rows = catalog.ruas(stored.id).unwrap();
        let decoded = ruas::decode(stored.record.leader.clone(), &rows);
        assert_eq!(decoded, stored.record, "catalog {}", stored.id);
        // Apart from the system fields (001, 003, 005 and the 035s written), every field
        // of the original comes back in order.
        let kept = |f: &&Field| !matches!(f.tag().as_str(), "001" | "003" | "005" | "035");
        let a: Vec<&Field> = stored.record.fields.iter().filter(kept).collect();
        let b: Vec<&Field> = original.fields.iter().filter(kept).collect();
        assert_eq!(a, b, "catalog {}", stored.id);
        seen += 1;
    }
    assert_eq!(seen, 1000);
    assert_eq!(
        catalog.get(1000).unwrap().bibid,
        "0010-0624001000",
        "one month-year sequence across batches"
    );
}

#[test]
fn updating_a_record_keeps_its_identifiers_and_rewrites_fields_and_display_columns() {
    let (_dir, library) = new_library("update");
    let catalog = library.catalog();
    let added = catalog
        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
        .unwrap();
    let mut record = added.record.clone();
    for f in record.fields.iter_mut() {
        if let Field::Data(d) = f {
            if d.tag == "245" {
                *d = DataField::new(tag("245"), '1', '0')
                    .with('a', "Sang pemimpi /")
                    .with('c', "Andrea Hirata.");
            }
        }
    }
    let updated = catalog
        .update(added.id, &record, at("2024-02-20 15:30:00"))
        .unwrap();
    assert_eq!(updated.bibid, "0010-0124000001");
    assert_eq!(updated.control_number, "INLIS000000000000001");
    assert_eq!(updated.display.title, "Sang pemimpi / Andrea Hirata.");
    assert_eq!(updated.create_date.as_deref(), Some("2024-01-15 14:05:09"));
    assert_eq!(updated.update_date.as_deref(), Some("2024-02-20 15:30:00"));
    assert_eq!(updated.record.control("005"), Some("20240220153000"));
    let a035: Vec<&str> = updated
        .record
        .fields("035")
        .filter_map(|f| f.subfield('a'))
        .collect();
    assert_eq!(
        a035,
        ["0010-0124000001", "(IdJaPN)LP-2005-1"],
        "no 035 doubled"
    );
    assert_eq!(updated.record.fields.len(), added.record.fields.len());
    assert_eq!(catalog.get(added.id).unwrap(), updated);
    let rows: i64 = sql(&library)
        .query_row(
            "SELECT count(*) FROM catalog_ruas WHERE CatalogId = ?1",
            [added.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows as usize, updated.record.fields.len());
}

#[test]
fn deleting_moves_a_record_to_quarantine_and_restore_brings_it_back_whole() {
    let (_dir, library) = new_library("quarantine");
    let catalog = library.catalog();
    let added = catalog
        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
        .unwrap();
    catalog.delete(added.id, at("2024-03-01 10:00:00")).unwrap();

    let err = catalog.get(added.id).unwrap_err();
    assert_eq!(err.to_string(), "catalog 1 not found");
    assert!(matches!(
        err,
        LibraryError::NotFound {
            what: "catalog",
            ..
        }
    ));
    let db = sql(&library);
    let count = |table: &str| -> i64 {
        db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("catalogs"), 0);
    assert_eq!(count("catalog_ruas"), 0);
    assert_eq!(count("catalog_subruas"), 0);
    assert_eq!(count("marc_records"), 0);
    assert_eq!(count("quarantined_catalog_ruas"), 15);
    assert_eq!(count("quarantined_catalog_subruas"), 19);
    let (bibid, stamp): (String, String) = db
        .query_row(
            "SELECT BIBID, QUARANTINEDDATE FROM quarantined_catalogs WHERE ID = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(bibid, "0010-0124000001");
    assert_eq!(stamp, "2024-03-01 10:00:00");

    // A record added while the other is in quarantine does not take its id or BIBID.
    let other = catalog
        .add(&laskar_pelangi(), 1, at("2024-01-16 09:00:00"))
        .unwrap();
    assert_eq!((other.id, other.bibid.as_str()), (2, "0010-0124000002"));

    let restored = catalog
        .restore(added.id, at("2024-03-02 11:00:00"))
        .unwrap();
    assert_eq!(restored.record, added.record);
    assert_eq!(restored.display, added.display);
    assert_eq!(restored.bibid, added.bibid);
    assert_eq!(restored.update_date.as_deref(), Some("2024-03-02 11:00:00"));
    assert_eq!(catalog.ruas(added.id).unwrap(), ruas::encode(&added.record));
    assert_eq!(count("quarantined_catalogs"), 0);
    assert_eq!(count("quarantined_catalog_ruas"), 0);

    let again = catalog
        .restore(added.id, at("2024-03-02 11:00:00"))
        .unwrap_err();
    assert_eq!(again.to_string(), "quarantined catalog 1 not found");
}

#[test]
fn unknown_worksheets_bibids_and_ids_are_errors_that_name_them() {
    let (_dir, library) = new_library("errors");
    let catalog = library.catalog();
    let err = catalog
        .add(&laskar_pelangi(), 7, at("2024-01-15 14:05:09"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid Worksheet_id: worksheet 7 does not exist in worksheets"
    );
    assert_eq!(catalog.count().unwrap(), 0);
    assert_eq!(
        catalog
            .get_by_bibid("0010-0124999999")
            .unwrap_err()
            .to_string(),
        "catalog with BIBID 0010-0124999999 not found"
    );
    assert_eq!(
        catalog
            .update(42, &laskar_pelangi(), at("2024-01-15 14:05:09"))
            .unwrap_err()
            .to_string(),
        "catalog 42 not found"
    );
    assert_eq!(
        catalog
            .delete(42, at("2024-01-15 14:05:09"))
            .unwrap_err()
            .to_string(),
        "catalog 42 not found"
    );
}

fn too_long_a_field() -> pustaka_marc::Record {
    let mut r = laskar_pelangi();
    r.push(DataField::new(tag("520"), ' ', ' ').with('a', "x".repeat(10_000)));
    r
}

#[test]
fn an_import_reports_every_rejected_record_with_its_number_and_keeps_going() {
    let (_dir, library) = new_library("import-keep-going");
    let input: Vec<Result<pustaka_marc::Record, String>> = vec![
        Ok(laskar_pelangi()),
        Err("record 2 at byte 1200: leader is not ASCII".into()),
        Ok(laskar_pelangi()),
        Ok(too_long_a_field()),
        Ok(laskar_pelangi()),
    ];
    let mut options = ImportOptions::new(at("2024-01-15 14:05:09"));
    options.batch_size = 2;
    let report = library.import_records(input, &options).unwrap();
    assert_eq!(report.imported, 3);
    assert!(!report.stopped);
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(report.rejected[0].record, 2);
    assert_eq!(
        report.rejected[0].reason,
        "record 2 at byte 1200: leader is not ASCII"
    );
    assert_eq!(report.rejected[1].record, 4);
    assert!(
        report.rejected[1]
            .reason
            .starts_with("MARC error in record 4 of the import:"),
        "{}",
        report.rejected[1].reason
    );
    assert!(
        report.rejected[1].reason.contains("520"),
        "{}",
        report.rejected[1].reason
    );
    let bibids: Vec<String> = library.catalog().iter().map(|c| c.unwrap().bibid).collect();
    assert_eq!(
        bibids,
        ["0010-0124000001", "0010-0124000002", "0010-0124000003"]
    );
}

#[test]
fn an_import_told_to_stop_rolls_back_the_batch_holding_the_bad_record() {
    let (_dir, library) = new_library("import-stop");
    let input = || -> Vec<Result<pustaka_marc::Record, String>> {
        vec![
            Ok(laskar_pelangi()),
            Ok(laskar_pelangi()),
            Ok(laskar_pelangi()),
            Err("record 4: truncated".into()),
            Ok(laskar_pelangi()),
        ]
    };
    let mut options = ImportOptions::new(at("2024-01-15 14:05:09"));
    options.keep_going = false;
    options.batch_size = 2;
    let report = library.import_records(input(), &options).unwrap();
    assert!(report.stopped);
    assert_eq!(report.imported, 2, "the first batch was committed");
    assert_eq!(
        report.rejected,
        [Rejection {
            record: 4,
            reason: "record 4: truncated".into()
        }]
    );
    assert_eq!(
        library.catalog().count().unwrap(),
        2,
        "record 3 was rolled back"
    );
}

/// How the field rows of [`write_field_rows`] are stored.
#[derive(Clone, Copy, PartialEq)]
enum RowOrder {
    /// As INLISLite writes them: a record's fields together, records in id order.
    Inlislite,
    /// The fields of record 5 stored after every other record's.
    RecordApart,
    /// A subfield row of record 3 stored after every other subfield row.
    SubfieldLate,
}

/// Writes `n` catalogue rows and their `catalog_ruas`/`catalog_subruas` rows (no MARC):
/// every seventh record has no field; the others have an 001, a 650 and a 245 whose
/// `Sequence` and row order disagree, subfield rows stored last-first, and a subfield row
/// whose field row does not exist.
fn write_field_rows(library: &pustaka::Library, n: i64, order: RowOrder) {
    use pustaka::raw::SqlValue::{Integer, Text};
    library
        .raw_transaction(|s| -> pustaka::Result<()> {
            let put = |table: &str, columns: &[&str], values: &[pustaka::raw::SqlValue<'_>]| {
                s.upsert(table, columns, values).map(|r| r.unwrap())
            };
            let mut late_ruas = Vec::new();
            let mut late_sub = Vec::new();
            for i in 1..=n {
                let (bibid, title) = (format!("B{i:05}"), format!("Judul {i}"));
                put(
                    "catalogs",
                    &["ID", "ControlNumber", "BIBID", "Title", "Worksheet_id"],
                    &[
                        Integer(i),
                        Text(&bibid),
                        Text(&bibid),
                        Text(&title),
                        Integer(1),
                    ],
                )?;
                if i % 7 == 0 {
                    continue;
                }
                // (id, tag, ind1, ind2, value, sequence) and (field, id, code, value, seq).
                let base = i * 10;
                let ruas: [FieldRow; 3] = [
                    (base, "001", None, None, format!("CN{i}"), 1),
                    (base + 1, "245", Some("1"), Some("0"), String::new(), 3),
                    (base + 2, "650", Some("#"), Some("4"), String::new(), 2),
                ];
                let subs: [SubfieldRow; 4] = [
                    (base + 1, base * 2 + 1, "b", "anak-anak".into(), 2),
                    (base + 1, base * 2 + 2, "a", title, 1),
                    (base + 2, base * 2 + 3, "a", format!("Subjek {i}"), 1),
                    // Its field row (base + 5) does not exist.
                    (base + 5, base * 2 + 4, "z", "yatim".into(), 1),
                ];
                for r in ruas {
                    if order == RowOrder::RecordApart && i == 5 {
                        late_ruas.push(r);
                        continue;
                    }
                    put_ruas(s, i, r)?;
                }
                for (k, sub) in subs.into_iter().enumerate() {
                    if order == RowOrder::SubfieldLate && i == 3 && k == 0 {
                        late_sub.push(sub);
                        continue;
                    }
                    put_sub(s, sub)?;
                }
            }
            for r in late_ruas {
                put_ruas(s, 5, r)?;
            }
            for sub in late_sub {
                put_sub(s, sub)?;
            }
            Ok(())
        })
        .unwrap();
}

/// A `catalog_ruas` row: ID, Tag, Indicator1, Indicator2, Value, Sequence.
type FieldRow = (
    i64,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    String,
    i64,
);
/// A `catalog_subruas` row: RuasID, ID, SubRuas, Value, Sequence.
type SubfieldRow = (i64, i64, &'static str, String, i64);

fn put_ruas(
    s: &pustaka::raw::RawSession<'_>,
    catalog: i64,
    (id, tag, ind1, ind2, value, sequence): FieldRow,
) -> pustaka::Result<()> {
    use pustaka::raw::SqlValue::{Integer, Null, Text};
    let ind = |i: Option<&'static str>| i.map_or(Null, Text);
    s.upsert(
        "catalog_ruas",
        &[
            "ID",
            "CatalogId",
            "Tag",
            "Indicator1",
            "Indicator2",
            "Value",
            "Sequence",
        ],
        &[
            Integer(id),
            Integer(catalog),
            Text(tag),
            ind(ind1),
            ind(ind2),
            Text(&value),
            Integer(sequence),
        ],
    )
    .map(|r| r.unwrap())
}

fn put_sub(
    s: &pustaka::raw::RawSession<'_>,
    (field, id, code, value, sequence): SubfieldRow,
) -> pustaka::Result<()> {
    use pustaka::raw::SqlValue::{Integer, Text};
    s.upsert(
        "catalog_subruas",
        &["ID", "RuasID", "SubRuas", "Value", "Sequence"],
        &[
            Integer(id),
            Integer(field),
            Text(code),
            Text(&value),
            Integer(sequence),
        ],
    )
    .map(|r| r.unwrap())
}

/// `marc_records`, by catalogue id.
fn marc_bytes(library: &pustaka::Library) -> std::collections::BTreeMap<i64, Vec<u8>> {
    let conn = sql(library);
    let mut stmt = conn
        .prepare("SELECT Catalog_id, Iso2709 FROM marc_records ORDER BY Catalog_id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows
}

#[test]
fn rebuilding_many_records_at_once_gives_each_record_as_rebuilding_it_alone_does() {
    use std::collections::BTreeSet;
    let n = 600;
    for (order, ids) in [
        // Most of the library, stored in order: the two tables are merged.
        (RowOrder::Inlislite, (1..=n).collect::<BTreeSet<i64>>()),
        // Stored out of the merge's order: the merge gives way to the join.
        (RowOrder::RecordApart, (1..=n).collect()),
        (RowOrder::SubfieldLate, (1..=n).collect()),
        // A few hundred records of a larger library: the join.
        (
            RowOrder::Inlislite,
            (1..=n).filter(|i| i % 3 == 0).collect(),
        ),
    ] {
        let (_dir, library) = new_library("rebuild-all");
        write_field_rows(&library, n, order);
        library
            .raw_transaction(|s| -> pustaka::Result<()> {
                for &id in &ids {
                    s.rebuild_marc(id)?;
                }
                Ok(())
            })
            .unwrap();
        let alone = marc_bytes(&library);
        // A record without fields has no ISO 2709 bytes.
        let with_fields = ids.iter().filter(|&&i| i % 7 != 0).count();
        assert_eq!(alone.len(), with_fields);
        sql(&library)
            .execute("DELETE FROM marc_records", [])
            .unwrap();
        let rebuilt = library
            .raw_transaction(|s| s.rebuild_marc_all(&ids))
            .unwrap();
        assert_eq!(rebuilt, ids.len() as u64);
        assert_eq!(marc_bytes(&library), alone);
    }
    // What one record holds: fields by Sequence, subfields by Sequence, `#` a blank, and
    // no subfield whose field row is missing.
    let (_dir, library) = new_library("rebuild-one");
    write_field_rows(&library, n, RowOrder::RecordApart);
    library
        .raw_transaction(|s| s.rebuild_marc_all(&(1..=n).collect()))
        .unwrap();
    let bytes = marc_bytes(&library);
    let (record, _) =
        pustaka_marc::iso2709::decode(&bytes[&5], pustaka_marc::ReadOptions::default()).unwrap();
    let text: Vec<String> = record
        .fields
        .iter()
        .map(|f| match f {
            Field::Control(c) => format!("{} {}", c.tag, c.value),
            Field::Data(d) => {
                let subs: String = d
                    .subfields
                    .iter()
                    .map(|s| format!("${}{}", s.code, s.value))
                    .collect();
                format!("{}{}{}{subs}", d.tag, d.ind1, d.ind2)
            }
        })
        .collect();
    assert_eq!(
        text,
        ["001 CN5", "650 4$aSubjek 5", "24510$aJudul 5$banak-anak"]
    );
    assert!(!bytes.contains_key(&7));
    let stored: Vec<pustaka::StoredRecord> = library
        .catalog()
        .marc_records()
        .collect::<pustaka::Result<_>>()
        .unwrap();
    assert_eq!(stored.len(), n as usize);
    assert_eq!(stored[6].id, 7);
    assert!(stored[6].record.fields.is_empty());
    assert_eq!(stored[4].record.fields.len(), 3);
}
