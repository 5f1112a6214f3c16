//! The round trip against a real MariaDB: the demo dump loaded into one database, the same
//! dump imported into pustaka and exported loaded into another, and every table compared
//! with `CHECKSUM TABLE ... EXTENDED`. The test starts its own server (private data
//! directory and socket, no networking) and stops it. It needs `mariadb-install-db`,
//! `mariadbd` and `mariadb` on PATH (Debian's `mariadb-server`); without them it says so and
//! passes, unless `PUSTAKA_REQUIRE_MARIADB` is set.

#[path = "support/mariadb.rs"]
mod mariadb;

use std::path::PathBuf;
use std::process::{Command, Stdio};

use mariadb::start;

use pustaka::Library;
use pustaka_inlislite::export::export_dump;
use pustaka_inlislite::import::{import_dump, ImportOptions, Tables};

#[test]
fn dump_to_pustaka_to_export_gives_mariadb_the_same_rows_in_every_table() {
    let Some(server) = start("roundtrip") else {
        return;
    };
    let demo =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/inlislite/perpus-demo.sql");
    let lib_dir = server.dir.join("library");
    let library = Library::create(&lib_dir).unwrap();
    import_dump(
        &library,
        &demo,
        ImportOptions {
            tables: Tables::All,
            progress: None,
        },
    )
    .unwrap();
    let exported = server.dir.join("export.sql");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&exported).unwrap());
    export_dump(&library, &mut file).unwrap();
    drop(file);

    server.sql(
        None,
        None,
        Some("CREATE DATABASE original; CREATE DATABASE roundtrip"),
    );
    server.sql(Some("original"), Some(&demo), None);
    server.sql(Some("roundtrip"), Some(&exported), None);
    let tables = server.sql(
        None,
        None,
        Some("SELECT table_name FROM information_schema.tables WHERE table_schema = 'original' ORDER BY 1"),
    );
    let tables: Vec<&str> = tables.lines().collect();
    assert_eq!(tables.len(), 37);
    for t in tables {
        let q = format!("SELECT count(*) FROM `{t}`; CHECKSUM TABLE `{t}` EXTENDED");
        let a = server.sql(Some("original"), None, Some(&q));
        let b = server.sql(Some("roundtrip"), None, Some(&q));
        let strip = |s: &str| s.replace("original.", "").replace("roundtrip.", "");
        assert_eq!(strip(&a), strip(&b), "table {t}");
    }
}

/// A library built from a plain MARC file (no INLISLite origin): its export loads into
/// MariaDB with one `catalog_ruas` row per field and one `catalog_subruas` row per
/// subfield, and a `mysqldump` of that database imports back to the same MARC records.
#[test]
fn a_library_built_from_marc_loads_into_mariadb_and_comes_back_with_its_marc() {
    let Some(server) = start("marc") else { return };
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000");
    let library = Library::create(server.dir.join("library")).unwrap();
    let at = pustaka::Timestamp::parse("2025-01-06 08:00:00").unwrap();
    let reader =
        pustaka_marc::read_path(&sample, None, pustaka_marc::ReadOptions::default()).unwrap();
    let (mut fields, mut subfields) = (0i64, 0i64);
    for record in reader.take(300) {
        let added = library.catalog().add(&record.unwrap(), 1, at).unwrap();
        for f in &added.record.fields {
            fields += 1;
            if let pustaka_marc::Field::Data(d) = f {
                subfields += d.subfields.len() as i64;
            }
        }
    }
    let exported = server.dir.join("marc-export.sql");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&exported).unwrap());
    export_dump(&library, &mut file).unwrap();
    drop(file);

    server.sql(None, None, Some("CREATE DATABASE inlislite_v3"));
    server.sql(Some("inlislite_v3"), Some(&exported), None);
    let q = "SELECT (SELECT count(*) FROM catalogs), (SELECT count(*) FROM catalog_ruas), \
             (SELECT count(*) FROM catalog_subruas), \
             (SELECT count(*) FROM catalog_ruas WHERE Tag = '245' AND Value LIKE '$a %')";
    assert_eq!(
        server.sql(Some("inlislite_v3"), None, Some(q)).trim(),
        format!("300\t{fields}\t{subfields}\t300")
    );

    // Back out of MariaDB with its own mysqldump, into a new library.
    let dumped = server.dir.join("marc-mysqldump.sql");
    let out = Command::new("mariadb-dump")
        .arg("--no-defaults")
        .arg("-S")
        .arg(server.socket())
        .args(["-uroot", "inlislite_v3"])
        .stdout(Stdio::from(std::fs::File::create(&dumped).unwrap()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = Library::create(server.dir.join("back")).unwrap();
    let report = import_dump(&back, &dumped, ImportOptions::default()).unwrap();
    assert!(report.rejections.is_empty(), "{:?}", report.rejections);
    assert_eq!(report.marc_rebuilt, 300);
    let a: Vec<_> = library
        .catalog()
        .marc_records()
        .map(|r| r.unwrap())
        .collect();
    let b: Vec<_> = back.catalog().marc_records().map(|r| r.unwrap()).collect();
    assert_eq!(a.len(), 300);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.bibid, y.bibid);
        assert_eq!(x.record.fields, y.record.fields, "{}", x.bibid);
        // INLISLite keeps no leader: what comes back is the leader its export writes, the
        // record's own with status, type, level and encoding (05-08, 17-19) blank.
        let mut leader = x.record.leader.as_str().to_string();
        leader.replace_range(5..9, "    ");
        leader.replace_range(17..20, "   ");
        assert_eq!(y.record.leader.as_str(), leader, "{}", x.bibid);
    }
}
