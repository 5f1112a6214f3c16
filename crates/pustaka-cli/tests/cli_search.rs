//! `pustaka search` and `pustaka reindex` end to end, text and `--json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("pustaka-cli-{}-{name}", std::process::id()));
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

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000")
}

fn run(dir: &Path, json: bool, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pustaka"));
    command
        .current_dir(dir)
        .env("PUSTAKA_NOW", "2024-06-01 10:00:00")
        .env_remove("PUSTAKA_LIBRARY")
        .args(["--library", "lib"]);
    if json {
        command.arg("--json");
    }
    command.args(args).output().unwrap()
}

fn json(dir: &Path, args: &[&str]) -> (Value, Option<i32>) {
    let out = run(dir, true, args);
    let text = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status.code())
}

#[test]
fn search_and_reindex_through_the_command() {
    let tmp = TempDir::new("search");
    let dir = tmp.0.as_path();
    assert_eq!(json(dir, &["init"]).1, Some(0));
    let sample = sample();
    assert_eq!(
        json(dir, &["import", "marc", sample.to_str().unwrap()]).1,
        Some(0)
    );

    let (v, code) = json(
        dir,
        &["search", "Their silver wedding journey", "--limit", "3"],
    );
    assert_eq!(code, Some(0));
    assert_eq!(v["rung"], "and");
    assert_eq!(v["query"], "Their silver wedding journey");
    let hit = &v["hits"][0];
    assert_eq!(hit["title"], "Their silver wedding journey");
    assert_eq!(hit["author"], "Howells, William Dean");
    assert_eq!(hit["year"], 1899);
    assert_eq!(hit["catalog_id"], 5);
    assert!(hit["bibid"].as_str().unwrap().starts_with("0010-"));
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(v.get("facets").is_none(), "facets only on request");

    let (v, _) = json(dir, &["search", "weding journy", "--facets"]);
    assert_eq!(v["rung"], "fuzzy");
    assert_eq!(v["suggestion"], "wedding journey");
    assert_eq!(v["facets"]["language"][0]["value"], "eng");
    assert_eq!(v["facets"]["language"][0]["count"], 1);

    let (v, code) = json(dir, &["search", "judul:\"silver"]);
    assert_eq!(code, Some(2));
    assert_eq!(v["error"]["kind"], "query");
    assert_eq!(v["error"]["position"], 6);

    let (v, code) = json(dir, &["reindex"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["indexed"], 1000);

    let text = run(dir, false, &["search", "tarbell geography", "--facets"]);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("1 record ("), "{text}");
    assert!(
        text.contains("  1. The complete geography / Tarbell, H. S. (1899)"),
        "{text}"
    );
    assert!(text.contains("material_type: Buku (1)"), "{text}");
}

#[test]
fn sort_offset_and_filters_through_the_command() {
    let tmp = TempDir::new("search-sort");
    let dir = tmp.0.as_path();
    assert_eq!(json(dir, &["init"]).1, Some(0));
    let sample = sample();
    assert_eq!(
        json(dir, &["import", "marc", sample.to_str().unwrap()]).1,
        Some(0)
    );
    let years = |v: &Value| -> Vec<i64> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["year"].as_i64().unwrap())
            .collect()
    };
    let ids = |v: &Value| -> Vec<i64> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["catalog_id"].as_i64().unwrap())
            .collect()
    };

    // Newest first, then oldest first: the same records, each page in order.
    let (newest, code) = json(dir, &["search", "poems", "--sort=-year", "--limit", "50"]);
    assert_eq!(code, Some(0));
    assert_eq!(newest["sort"], "-year");
    let total = newest["total"].as_u64().unwrap() as usize;
    assert!(total > 5, "{newest}");
    let ys = years(&newest);
    assert_eq!(ys.len(), total.min(50));
    assert!(ys.windows(2).all(|w| w[0] >= w[1]), "{ys:?}");
    let (oldest, _) = json(dir, &["search", "poems", "--sort", "year", "--limit", "50"]);
    let ys = years(&oldest);
    assert!(ys.windows(2).all(|w| w[0] <= w[1]), "{ys:?}");

    // --offset skips exactly that many hits of the same order.
    let (page, _) = json(
        dir,
        &[
            "search",
            "poems",
            "--sort=-year",
            "--offset",
            "2",
            "--limit",
            "3",
        ],
    );
    assert_eq!(page["offset"], 2);
    assert_eq!(ids(&page), ids(&newest)[2..5].to_vec());
    assert_eq!(page["total"].as_u64().unwrap() as usize, total);

    // --filter keeps the records of one facet value: as many as the facet counted.
    let (faceted, _) = json(dir, &["search", "poems", "--facets"]);
    let decade = &faceted["facets"]["decade"][0];
    let name = decade["value"].as_str().unwrap().to_string();
    let count = decade["count"].as_u64().unwrap();
    let (filtered, code) = json(
        dir,
        &[
            "search",
            "poems",
            "--filter",
            &format!("decade={name}"),
            "--limit",
            "50",
        ],
    );
    assert_eq!(code, Some(0));
    assert_eq!(filtered["total"].as_u64().unwrap(), count);
    let start: i64 = name.trim_end_matches('s').parse().unwrap();
    assert!(
        years(&filtered)
            .iter()
            .all(|y| (start..start + 10).contains(y)),
        "{filtered}"
    );

    // A facet that does not exist is refused by the argument parser, naming the choices.
    let out = run(dir, false, &["search", "poems", "--filter", "colour=red"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown facet `colour`"), "{err}");
}
