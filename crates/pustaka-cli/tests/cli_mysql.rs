//! `pustaka import inlislite --from mysql://...`: with the `mysql` feature, the demo
//! database loaded into a private MariaDB server and imported from it gives the same report
//! as its dump file; without the feature, the command says how to get it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[cfg(feature = "mysql")]
#[path = "../../pustaka-inlislite/tests/support/mariadb.rs"]
mod mariadb;

#[cfg(feature = "mysql")]
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

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(not(feature = "mysql"))]
#[test]
fn without_the_feature_from_says_how_to_build_it() {
    let dir = scratch("cli-mysql-off");
    assert!(run(&dir, &["init"]).status.success());
    let out = run(
        &dir,
        &[
            "import",
            "inlislite",
            "--from",
            "mysql://root@localhost/inlislite_v3",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("built without the `mysql` feature")
            && err.contains("cargo build --release -p pustaka-cli --features mysql"),
        "{err}"
    );
    // Nothing was imported.
    let db = rusqlite::Connection::open(dir.join("lib/library.sqlite")).unwrap();
    let n: i64 = db
        .query_row("SELECT count(*) FROM catalogs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[cfg(feature = "mysql")]
#[test]
fn importing_from_the_server_reports_what_the_dump_reports() {
    use serde_json::Value;
    let Some(server) = mariadb::start("cli-mysql") else {
        return;
    };
    server.sql(None, None, Some("CREATE DATABASE inlislite_v3"));
    server.sql(Some("inlislite_v3"), Some(&demo()), None);
    let url = format!(
        "mysql://root@localhost/inlislite_v3?socket={}",
        server.socket().display()
    );
    let report = |dir: &Path, source: &[&str]| -> Value {
        assert!(run(dir, &["init"]).status.success());
        let mut args = vec!["--json", "import", "inlislite", "--tables", "all"];
        args.extend_from_slice(source);
        let out = run(dir, &args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let from_server = report(&scratch("cli-mysql-server"), &["--from", &url]);
    let demo = demo();
    let from_dump = report(&scratch("cli-mysql-dump"), &[demo.to_str().unwrap()]);
    assert_eq!(from_server["tables"]["catalogs"]["read"], 153);
    assert_eq!(from_server["tables"]["catalogs"]["imported"], 153);
    assert_eq!(from_server["tables"]["memberguesses"]["imported"], 500);
    assert_eq!(from_server["rejections"], Value::Array(vec![]));
    assert_eq!(from_server["marc_rebuilt"], from_dump["marc_rebuilt"]);
    // Table by table, the server gives what its dump gives.
    let tables = |r: &Value| -> Vec<(String, Value, Value)> {
        r["tables"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(t, v)| (t.clone(), v["read"].clone(), v["imported"].clone()))
            .collect()
    };
    assert_eq!(tables(&from_server), tables(&from_dump));
}
