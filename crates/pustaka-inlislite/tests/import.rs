//! Import behaviour on small dumps: rejections with reasons and lines, all-or-nothing,
//! v2 refusal, tables kept verbatim, idempotency.

use std::path::PathBuf;

use pustaka::Library;
use pustaka_inlislite::dump::DumpReader;
use pustaka_inlislite::import::{import_reader, ImportError, ImportOptions, Tables};
use rusqlite::Connection;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "pustaka-inlislite-imp-{name}-{}",
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

const HOLIDAYS: &str = "CREATE TABLE `holidays` (
  `ID` int(11) NOT NULL AUTO_INCREMENT,
  `Dates` datetime DEFAULT NULL,
  `Names` varchar(255) DEFAULT NULL,
  `Extra` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`ID`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `holidays` VALUES (1,'2026-01-01 00:00:00','Tahun Baru','x'),(2,'2026-03-20 00:00:00','Idul Fitri','y');
";

const COLLECTIONS: &str = "INSERT INTO `collections` (`ID`, `NomorBarcode`, `NoInduk`) VALUES
(1,'B1','I1'),
(2,'B1','I2'),
(3,NULL,'I3');
";

const EXTRA: &str = "CREATE TABLE `opaclogs` (
  `ID` int(11) NOT NULL,
  `keyword` varchar(255) DEFAULT NULL,
  `waktu` datetime DEFAULT NULL,
  PRIMARY KEY (`ID`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
INSERT INTO `opaclogs` VALUES (1,'RÃ©my','0000-00-00 00:00:00'),(2,NULL,'2025-01-01 10:00:00');
";

fn run(
    library: &Library,
    sql: &str,
    tables: Tables,
) -> Result<pustaka_inlislite::ImportReport, ImportError> {
    import_reader(
        library,
        DumpReader::new(sql.as_bytes()),
        ImportOptions {
            tables,
            progress: None,
        },
    )
}

fn count(library: &Library, table: &str) -> i64 {
    Connection::open(library.database_path())
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn refused_rows_are_reported_with_reason_and_line_and_the_rest_goes_in() {
    let dir = TempDir::new("reject");
    let library = Library::create(&dir.0).unwrap();
    let sql = format!("{HOLIDAYS}{COLLECTIONS}");
    let report = run(&library, &sql, Tables::Core).unwrap();
    let h = &report.tables["holidays"];
    assert_eq!((h.read, h.imported, h.rejected), (2, 2, 0));
    let c = &report.tables["collections"];
    assert_eq!((c.read, c.imported, c.rejected), (3, 1, 2));
    assert_eq!(report.rejections.len(), 2);
    assert_eq!(report.rejections[0].table, "collections");
    assert_eq!(report.rejections[0].line, 11);
    assert!(
        report.rejections[0].reason.contains("UNIQUE"),
        "{:?}",
        report.rejections
    );
    assert_eq!(report.rejections[1].line, 12);
    assert!(
        report.rejections[1].reason.contains("NOT NULL"),
        "{:?}",
        report.rejections
    );
    // The Extra column is not in the library's holidays: dropped with a warning.
    assert!(report.warnings.iter().any(|w| w.message.contains("Extra")));
    let json = report.to_json();
    assert_eq!(json["tables"]["collections"]["rejected"], 2);
    assert_eq!(json["rejections"][0]["line"], 11);
    assert!(json["warnings"].as_u64().unwrap() >= 1);
    assert!(json["seconds"].is_number());
}

#[test]
fn a_dump_that_breaks_half_way_leaves_the_library_as_it_was() {
    let dir = TempDir::new("rollback");
    let library = Library::create(&dir.0).unwrap();
    let before = count(&library, "collectionstatus");
    let sql = format!("{HOLIDAYS}INSERT INTO `holidays` VALUES (3,'2026-05-01','Buruh'),\n(4,'2026-05-02' oops);\n");
    let err = run(&library, &sql, Tables::Core).unwrap_err();
    let ImportError::Dump(e) = &err else {
        panic!("{err}")
    };
    assert_eq!(e.position().line, 10);
    assert!(err.to_string().contains("line 10, column 17"), "{err}");
    assert_eq!(count(&library, "holidays"), 0);
    assert_eq!(count(&library, "collectionstatus"), before);
}

#[test]
fn a_v2_era_dump_is_refused_with_a_clear_message_before_anything_is_written() {
    let dir = TempDir::new("v2");
    let library = Library::create(&dir.0).unwrap();
    let sql = format!(
        "{HOLIDAYS}CREATE TABLE `collections` (
  `ID` double NOT NULL,
  `NomorBarcode` varchar(50) NOT NULL,
  `Title` varchar(255) DEFAULT NULL,
  `Status` varchar(50) DEFAULT 'TANDON',
  PRIMARY KEY (`ID`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
INSERT INTO `collections` VALUES (1,'B1','Judul','TANDON');
"
    );
    let err = run(&library, &sql, Tables::Core).unwrap_err();
    assert!(matches!(err, ImportError::V2Dump { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("v2") && message.contains("Title") && message.contains("line 9"),
        "{message}"
    );
    assert_eq!(count(&library, "holidays"), 0);
}

#[test]
fn other_tables_are_kept_verbatim_with_all_and_skipped_with_core() {
    let dir = TempDir::new("extra");
    let library = Library::create(&dir.0).unwrap();
    let report = run(&library, EXTRA, Tables::Core).unwrap();
    assert_eq!(report.tables["opaclogs"].destination, "skipped");
    assert_eq!(report.tables["opaclogs"].read, 2);
    assert_eq!(count(&library, "inlislite_extra"), 0);

    let report = run(&library, EXTRA, Tables::All).unwrap();
    let t = &report.tables["opaclogs"];
    assert_eq!((t.destination, t.read, t.imported), ("extra", 2, 2));
    // Twice: nothing doubled.
    run(&library, EXTRA, Tables::All).unwrap();
    let (rows, tables) = library
        .raw_transaction(|s| Ok::<_, pustaka::LibraryError>((s.extra_rows()?, s.extra_tables()?)))
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (
                "opaclogs".into(),
                r#"["ID","keyword","waktu"]"#.into(),
                r#"[1,"Rémy","0000-00-00 00:00:00"]"#.into()
            ),
            (
                "opaclogs".into(),
                r#"["ID","keyword","waktu"]"#.into(),
                r#"[2,null,"2025-01-01 10:00:00"]"#.into()
            ),
        ]
    );
    assert_eq!(tables.len(), 1);
    assert!(
        tables[0].1.starts_with("CREATE TABLE `opaclogs`"),
        "{}",
        tables[0].1
    );
    // The latin1 repair and the zero date are both reported.
    assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
}

#[test]
fn long_inserts_go_in_as_row_by_row_would_refused_rows_and_repeated_ids_included() {
    // 100 rows in one INSERT (written several at a time): row 37 repeats row 3's barcode
    // (refused), row 80 has no barcode (refused), and row 64 has row 10's id with a new
    // barcode (it replaces row 10, as a second import of the row would).
    let mut sql =
        String::from("INSERT INTO `collections` (`ID`, `NomorBarcode`, `NoInduk`) VALUES\n");
    let rows: Vec<String> = (1..=100)
        .map(|i| match i {
            37 => "(37,'B3','I37')".to_string(),
            80 => "(80,NULL,'I80')".to_string(),
            64 => "(10,'B64','I64')".to_string(),
            _ => format!("({i},'B{i}','I{i}')"),
        })
        .collect();
    sql.push_str(&rows.join(",\n"));
    sql.push_str(";\n");
    let dir = TempDir::new("long-insert");
    let library = Library::create(&dir.0).unwrap();
    let report = run(&library, &sql, Tables::Core).unwrap();
    let c = &report.tables["collections"];
    assert_eq!((c.read, c.imported, c.rejected), (100, 98, 2));
    let lines: Vec<(u64, bool)> = report
        .rejections
        .iter()
        .map(|r| {
            (
                r.line,
                r.reason.contains("UNIQUE") || r.reason.contains("NOT NULL"),
            )
        })
        .collect();
    assert_eq!(lines, [(38, true), (81, true)]);
    assert_eq!(count(&library, "collections"), 97);
    let conn = Connection::open(library.database_path()).unwrap();
    let barcode = |id: i64| -> String {
        conn.query_row(
            "SELECT NomorBarcode || '/' || NoInduk FROM collections WHERE ID = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(barcode(10), "B64/I64");
    assert_eq!(barcode(99), "B99/I99");
    assert_eq!(barcode(36), "B36/I36");
    // The same dump again: nothing new, the same two refusals.
    let again = run(&library, &sql, Tables::Core).unwrap();
    assert_eq!(again.tables["collections"].rejected, 2);
    assert_eq!(count(&library, "collections"), 97);
}
