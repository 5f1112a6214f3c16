//! Round trip through the library: importing the LoC records and exporting them gives back
//! every field of every record, byte for byte after UTF-8 encoding and in the same order,
//! except the system fields the library rewrites (001 becomes the control number, 005 the
//! time of the write, an 035 with the BIBID and an 035 with the old `(003)001` are added; the
//! old 003 is folded into that 035).

use std::path::PathBuf;

use pustaka::{ImportOptions, Library, Timestamp};
use pustaka_marc::{Field, ReadOptions, Record};

fn fixture() -> (PathBuf, usize) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared =
        root.join("../shared/fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first5000");
    if shared.is_file() {
        (shared, 5000)
    } else {
        (
            root.join("fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000"),
            1000,
        )
    }
}

fn iso2709(leader_from: &Record, fields: Vec<Field>) -> Vec<u8> {
    let record = Record {
        leader: leader_from.leader.clone(),
        fields,
    };
    let mut out = Vec::new();
    pustaka_marc::iso2709::write_record(&record, &mut out).unwrap();
    out
}

#[test]
fn import_then_export_gives_back_every_field() {
    let (path, expected) = fixture();
    let originals: Vec<Record> = pustaka_marc::read_path(&path, None, ReadOptions::default())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(originals.len(), expected, "records in {}", path.display());

    let dir = std::env::temp_dir().join(format!("pustaka-roundtrip-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let library = Library::create(&dir).unwrap();
    let at = Timestamp::parse("2024-06-01 10:00:00").unwrap();
    let reader = pustaka_marc::read_path(&path, None, ReadOptions::default()).unwrap();
    let report = library
        .import_records(reader, &ImportOptions::new(at))
        .unwrap();
    assert_eq!(report.imported, expected);
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(library.catalog().count().unwrap(), expected as i64);

    let exported: Vec<_> = library
        .catalog()
        .marc_records()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(exported.len(), expected);

    let (mut compared_fields, mut kept_035) = (0usize, 0usize);
    for (n, (original, stored)) in originals.iter().zip(&exported).enumerate() {
        let number = n + 1;
        assert_eq!(stored.id, number as i64);
        assert_eq!(stored.bibid, format!("0010-0624{number:06}"));
        let fields = &stored.record.fields;
        // The system fields, first and in this order.
        assert_eq!(
            fields[0].as_control(),
            Some(format!("INLIS{number:015}").as_str()),
            "001 of record {number}"
        );
        assert_eq!(fields[1].tag(), "005");
        assert_eq!(fields[1].as_control(), Some("20240601100000"));
        assert_eq!(fields[2].tag(), "035");
        assert_eq!(fields[2].subfield('a'), Some(stored.bibid.as_str()));
        let mut skip = 3;
        let old_001 = original.control("001").map(str::trim);
        let old_003 = original.control("003").map(str::trim);
        let mut rest: Vec<Field> = original
            .fields
            .iter()
            .filter(|f| {
                let tag = f.tag();
                tag != "001" && tag != "005" && !(tag == "003" && old_001.is_some())
            })
            .cloned()
            .collect();
        if let Some(old) = old_001.filter(|v| !v.is_empty()) {
            let kept = match old_003 {
                Some(org) => format!("({org}){old}"),
                None => old.to_string(),
            };
            let already = rest
                .iter()
                .any(|f| f.tag() == "035" && f.subfield('a') == Some(kept.as_str()));
            if !already {
                assert_eq!(fields[3].tag(), "035", "record {number}");
                assert_eq!(fields[3].subfield('a'), Some(kept.as_str()));
                skip = 4;
                kept_035 += 1;
            }
        }
        let back: Vec<Field> = fields[skip..].to_vec();
        assert_eq!(back.len(), rest.len(), "field count of record {number}");
        compared_fields += rest.len();
        // Byte-identical after UTF-8 (ISO 2709) encoding, same order, same leader.
        assert_eq!(
            iso2709(original, std::mem::take(&mut rest)),
            iso2709(&stored.record, back),
            "record {number}"
        );
    }
    let (fields, kept) = if expected == 5000 {
        (FIELDS_5000, KEPT_5000)
    } else {
        (FIELDS_1000, KEPT_1000)
    };
    assert_eq!(compared_fields, fields);
    assert_eq!(kept_035, kept);
    drop(library);
    std::fs::remove_dir_all(&dir).unwrap();
}

// Fields other than 001/003/005, as `pustaka marc stats` counts them in each file; every
// record has an 001 and an 003 (DLC), so every record gets an 035 `(DLC)<old 001>`.
const FIELDS_5000: usize = 80_561;
const KEPT_5000: usize = 5000;
const FIELDS_1000: usize = 13_199;
const KEPT_1000: usize = 1000;
