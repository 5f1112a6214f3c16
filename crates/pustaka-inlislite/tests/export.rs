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
