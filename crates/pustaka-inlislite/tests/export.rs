//! Export of an imported INLISLite library: the dump it writes reads back to the same rows
//! as the original dump, table by table, and imports into a new library unchanged.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pustaka::Library;
use pustaka_inlislite::dump::{tokenize, DumpReader, Event, Value};
use pustaka_inlislite::export::{core_tables, export_dump};
use pustaka_inlislite::import::{import_dump, import_reader, ImportOptions, Tables};

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "pustaka-inlislite-exp-{name}-{}",
            std::process::id()
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

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/inlislite/perpus-demo.sql")
}

/// Every row of every table, as sorted `column=value` lines (column names sorted too), so
/// two dumps with different column orders or row orders compare equal when their rows are.
fn rows(sql: &[u8]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in tokenize(sql).unwrap() {
        if let Event::Row(r) = e {
            let mut cells: Vec<String> = r
                .iter()
                .map(|(c, v)| {
                    let v = match v {
                        // A double column written as 2.0 or 2 is the same number.
                        Value::Number(n) => match n.parse::<f64>() {
                            Ok(f) if f.fract() == 0.0 => format!("Int({})", f as i64),
                            _ => format!("{v:?}"),
                        },
                        _ => format!("{v:?}"),
                    };
                    format!("{}={v}", c.to_ascii_lowercase())
                })
                .collect();
            cells.sort();
            out.entry(r.table.to_string())
                .or_default()
                .push(cells.join("|"));
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

#[test]
fn the_bundled_schema_has_inlislites_37_core_tables() {
    let tables = core_tables();
    assert_eq!(tables.len(), 37);
    assert_eq!(tables[0].name, "catalogs");
    assert_eq!(tables[0].columns[0].sql_type, "double");
}

#[test]
fn the_exported_dump_holds_the_same_rows_as_the_original_and_imports_unchanged() {
    let dir = TempDir::new("a");
    let library = Library::create(&dir.0).unwrap();
    import_dump(
        &library,
        demo(),
        ImportOptions {
            tables: Tables::All,
            progress: None,
        },
    )
    .unwrap();
    let mut out = Vec::new();
    let report = export_dump(&library, &mut out).unwrap();
    assert_eq!(report.tables.len(), 37);
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        text.contains("CREATE TABLE IF NOT EXISTS `catalogs` ("),
        "{}",
        &text[..400]
    );
    assert!(text.contains("/*!40101 SET NAMES utf8mb4 */;"));

    let original = rows(&std::fs::read(demo()).unwrap());
    let exported = rows(&out);
    assert_eq!(
        original.keys().collect::<Vec<_>>(),
        exported.keys().collect::<Vec<_>>()
    );
    for (table, want) in &original {
        let got = &exported[table];
        assert_eq!(got.len(), want.len(), "{table}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g, w, "{table}");
        }
    }

    // And into a new library: the same MARC for every record.
    let dir2 = TempDir::new("b");
    let second = Library::create(&dir2.0).unwrap();
    let r = import_reader(&second, DumpReader::new(&out[..]), ImportOptions::default()).unwrap();
    assert!(r.rejections.is_empty(), "{:?}", r.rejections);
    let a: Vec<_> = library
        .catalog()
        .marc_records()
        .map(|r| r.unwrap().record)
        .collect();
    let b: Vec<_> = second
        .catalog()
        .marc_records()
        .map(|r| r.unwrap().record)
        .collect();
    assert_eq!(a.len(), 153);
    assert_eq!(a, b);
}

/// The fields of a record's `catalog_ruas`/`catalog_subruas` rows, without the system
/// fields the library writes itself (001 control number, 005 time of the write, 035 BIBID)
/// and without `Sequence`, which those shift.
fn fields(library: &Library, id: i64) -> Vec<pustaka::catalog::Ruas> {
    library
        .catalog()
        .ruas(id)
        .unwrap()
        .into_iter()
        .filter(|r| !matches!(r.tag.as_str(), "001" | "005" | "035"))
        .map(|mut r| {
            r.sequence = 0;
            r
        })
        .collect()
}

#[test]
fn a_library_built_from_marc_records_writes_catalog_ruas_as_inlislite_does() {
    // A: the demo, whose catalog_ruas/catalog_subruas rows INLISLite wrote.
    let dir_a = TempDir::new("ruas-a");
    let a = Library::create(&dir_a.0).unwrap();
    import_dump(&a, demo(), ImportOptions::default()).unwrap();
    // B: the same records as plain MARC, added through the catalogue.
    let dir_b = TempDir::new("ruas-b");
    let b = Library::create(&dir_b.0).unwrap();
    let at = pustaka::Timestamp::parse("2026-02-13 09:00:00").unwrap();
    let mut pairs = Vec::new();
    for stored in a.catalog().marc_records() {
        let stored = stored.unwrap();
        let added = b.catalog().add(&stored.record, 1, at).unwrap();
        pairs.push((stored.id, added.id));
    }
    assert_eq!(pairs.len(), 153);
    // Control data: blanks are `#` in what the library writes (as INLISLite's entry form
    // pads 008), while INLISLite's copy-cataloguing import keeps the MARC file's spaces;
    // both read back as spaces. Everything else is identical.
    let blank = |mut rows: Vec<pustaka::catalog::Ruas>| {
        for r in rows.iter_mut().filter(|r| r.indicator1.is_none()) {
            r.value = r.value.replace(['#', '*'], " ");
        }
        rows
    };
    let (mut compared, mut spaced) = (0, 0);
    for (ia, ib) in pairs {
        let (fa, fb) = (fields(&a, ia), fields(&b, ib));
        assert!(!fa.is_empty());
        if fa != fb {
            spaced += 1;
        }
        assert_eq!(blank(fb), blank(fa.clone()), "catalog {ia}");
        compared += fa.len();
    }
    // Every field row of the demo but 001, 005 and 035: 2669 - 3 x 153 (one 035 each).
    assert_eq!(compared, 2669 - 3 * 153);
    // The 110 records INLISLite imported from MARC files keep spaces in their 008.
    assert_eq!(spaced, 110);
    // B's export carries its ruas rows, one per field, and reads back to B's MARC.
    let mut out = Vec::new();
    let report = export_dump(&b, &mut out).unwrap();
    let n = |t: &str| report.tables.iter().find(|r| r.0 == t).unwrap().1;
    let stored_ruas: usize = (1..=153)
        .map(|id| b.catalog().ruas(id).unwrap().len())
        .sum();
    assert_eq!(n("catalogs"), 153);
    assert_eq!(n("catalog_ruas"), stored_ruas as u64);
    let dir_c = TempDir::new("ruas-c");
    let c = Library::create(&dir_c.0).unwrap();
    import_reader(&c, DumpReader::new(&out[..]), ImportOptions::default()).unwrap();
    let mb: Vec<_> = b
        .catalog()
        .marc_records()
        .map(|r| r.unwrap().record)
        .collect();
    let mc: Vec<_> = c
        .catalog()
        .marc_records()
        .map(|r| r.unwrap().record)
        .collect();
    assert_eq!(mb, mc);
}
