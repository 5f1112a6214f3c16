//! `pustaka quickstart` end to end: after the MARC samples and the small library it imports
//! INLISLite's demo library, searches it and writes the demo library's HTML report.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "pustaka-cli-quickstart-{}-{name}",
            std::process::id()
        ));
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

fn quickstart(dir: &Path, json: bool) -> (String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pustaka"));
    command
        .current_dir(dir)
        .env("PUSTAKA_NOW", "2026-02-14 09:00:00")
        .env_remove("PUSTAKA_LIBRARY");
    if json {
        command.arg("--json");
    }
    let output = command
        .args(["quickstart", "--dir", "qs"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    );
    assert!(output.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

#[test]
fn quickstart_imports_the_demo_library_searches_it_and_ends_with_its_report() {
    let tmp = TempDir::new("demo");
    let (stdout, _) = quickstart(&tmp.0, true);
    let summary: Value = serde_json::from_str(stdout.trim()).unwrap();
    let demo = &summary["demo"];
    // Every row of the dump (the manifest's row counts add up to 9,109).
    assert_eq!(demo["rows_imported"], 9109);
    assert_eq!(demo["catalogs"], 153);
    let searches = demo["searches"].as_array().unwrap();
    assert_eq!(searches[0]["query"], "andrea hirata");
    assert_eq!(searches[0]["total"], 3);
    assert_eq!(
        searches[0]["facets"]["author"][0]["value"],
        "Hirata, Andrea"
    );
    assert_eq!(searches[1]["query"], "pengarang:pramoedya");
    assert_eq!(searches[1]["total"], 5);
    // The whole period of the guest book and the loans, by month: 14 months.
    let report = &demo["report"];
    assert_eq!(report["from"], "2025-01-02");
    assert_eq!(report["to"], "2026-02-13");
    assert_eq!(report["visits"], 1051);
    assert_eq!(report["loans"], 541);
    let html = std::fs::read_to_string(tmp.0.join("qs/report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<g class=\"bucket\"").count(), 14);
    assert!(html.contains("data-label=\"2025-01\""));
    assert!(html.contains("data-label=\"2026-02\""));
    // The two example activities: one bar each for activities and for participants.
    assert_eq!(report["activities"], 2);
    assert_eq!(html.matches("data-series=\"activities\"").count(), 2);
    assert!(html.contains(
        "data-series=\"participants\" data-label=\"pelibatan_masyarakat\" data-value=\"24\""
    ));
}

#[test]
fn quickstart_prints_the_searches_and_the_path_of_the_report_last() {
    let tmp = TempDir::new("text");
    let (stdout, _) = quickstart(&tmp.0, false);
    assert!(stdout.contains("search --facets \"andrea hirata\"\n3 records"));
    assert!(stdout.contains("author: Pramoedya Ananta Toer (5)"));
    let report = tmp.0.join("qs/report.html").canonicalize().unwrap();
    let last = stdout.trim_end().lines().last().unwrap();
    assert_eq!(last.trim(), report.display().to_string());
}
