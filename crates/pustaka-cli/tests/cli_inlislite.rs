//! `pustaka import inlislite` end to end on the demo INLISLite dump.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("pustaka-cli-inl-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/inlislite/perpus-demo.sql")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pustaka"))
        .current_dir(dir)
        .env("PUSTAKA_NOW", "2026-02-13 10:00:00")
        .env_remove("PUSTAKA_LIBRARY")
        .args(["--library", "lib"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn importing_the_demo_dump_reports_every_table_in_json_and_twice_changes_nothing() {
    let dir = TempDir::new("demo");
    assert!(run(&dir.0, &["init"]).status.success());
    let dump = demo();
    let dump = dump.to_str().unwrap();
    for _ in 0..2 {
        let out = run(
            &dir.0,
            &["--json", "import", "inlislite", dump, "--tables", "all"],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["tables"]["catalogs"]["read"], 153);
        assert_eq!(report["tables"]["catalogs"]["imported"], 153);
        assert_eq!(report["tables"]["catalogs"]["rejected"], 0);
        assert_eq!(report["tables"]["memberguesses"]["imported"], 500);
        assert_eq!(report["tables"].as_object().unwrap().len(), 37);
        assert_eq!(report["rejections"], Value::Array(vec![]));
        assert_eq!(report["warnings"], 1);
        assert!(report["seconds"].as_f64().unwrap() >= 0.0);
    }
    let db = rusqlite::Connection::open(dir.0.join("lib/library.sqlite")).unwrap();
    let n: i64 = db
        .query_row("SELECT count(*) FROM collections", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 295);
    // The text report names each table.
    let out = run(&dir.0, &["import", "inlislite", dump]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("catalog_subruas") && text.contains("3664"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("zero date"));

    // Export, then import the export into a second library: the same rows.
    let out = run(&dir.0, &["--json", "export", "inlislite", "-o", "out.sql"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["tables"]["catalog_subruas"], 3664);
    assert_eq!(report["tables"]["pelanggaran"], 152);
    let second = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_pustaka"))
            .current_dir(&dir.0)
            .env_remove("PUSTAKA_LIBRARY")
            .args(["--library", "lib2"])
            .args(args)
            .output()
            .unwrap()
    };
    assert!(second(&["init"]).status.success());
    let out = second(&["--json", "import", "inlislite", "out.sql"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["tables"]["collections"]["imported"], 295);
}

#[test]
fn a_malformed_dump_is_a_fatal_error_with_its_line_and_leaves_the_library_empty() {
    let dir = TempDir::new("bad");
    assert!(run(&dir.0, &["init"]).status.success());
    std::fs::write(
        dir.0.join("bad.sql"),
        "INSERT INTO `holidays` VALUES (1,'2026-01-01','Tahun Baru'),\n(2,'x' 'y');\n",
    )
    .unwrap();
    let out = run(&dir.0, &["--json", "import", "inlislite", "bad.sql"]);
    assert_eq!(out.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["error"]["kind"], "dump");
    let message = report["error"]["message"].as_str().unwrap();
    assert!(message.contains("line 2, column 8"), "{message}");
    let db = rusqlite::Connection::open(dir.0.join("lib/library.sqlite")).unwrap();
    let n: i64 = db
        .query_row("SELECT count(*) FROM holidays", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}
