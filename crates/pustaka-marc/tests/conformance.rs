//! Conformance with pymarc 5.4.0, the reference reader most MARC scripts are written for.
//!
//! For every ISO 2709, MARCXML and MARC-in-JSON file of the shared fixture set, the
//! `marc-expected` folder holds what pymarc reads from it, one JSON line per chunk. Every
//! record pymarc accepts must come out of our lenient reader as the identical
//! MARC-in-JSON. Where pymarc rejects a chunk we may recover it (counted and printed);
//! after a fatal pymarc error (its framing is lost) the rest of the file is ours alone.
//!
//! Known, documented difference: MARC-8 text carrying numeric character references
//! (`&#x0397;`, the MARC 21 lossless conversion rule) is decoded to the character itself;
//! pymarc leaves the reference verbatim. The comparison applies the same rule to pymarc's
//! text and counts the values it touched.
//!
//! The always-run part uses the project's own `fixtures/marc-expected` copies; the full set
//! runs when `../shared/fixtures` exists (as on CI).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pustaka_marc::{read_path, Format, MarcError, ReadOptions, Record};
use serde_json::Value;

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared_fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("PUSTAKA_SHARED_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("../shared/fixtures"));
    dir.join("marc-expected").is_dir().then_some(dir)
}

/// Replaces `&#xHHHH;` references the way our MARC-8 decoder does.
fn decode_ncr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("&#x") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let hex_len = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        let decoded = (1..=6)
            .contains(&hex_len)
            .then(|| after.as_bytes().get(hex_len) == Some(&b';'))
            .filter(|ok| *ok)
            .and_then(|_| u32::from_str_radix(&after[..hex_len], 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[hex_len + 1..];
            }
            None => {
                out.push_str("&#x");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn apply_ncr(v: &mut Value, touched: &mut usize) {
    match v {
        Value::String(s) if s.contains("&#x") => {
            let d = decode_ncr(s);
            let d: String = unicode_nfc(&d);
            if d != *s {
                *touched += 1;
                *s = d;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| apply_ncr(x, touched)),
        Value::Object(o) => o.values_mut().for_each(|x| apply_ncr(x, touched)),
        _ => {}
    }
}

fn unicode_nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

#[derive(Default, Debug, Clone, Copy)]
struct Tally {
    files: usize,
    expected_records: usize,
    matched: usize,
    pymarc_rejected: usize,
    recovered: usize,
    ncr_values: usize,
}

fn format_of(path: &Path) -> Format {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".xml") || name.ends_with(".marcxml") {
        Format::MarcXml
    } else if name.ends_with(".json") || name.ends_with(".ndj") {
        Format::Json
    } else {
        Format::Iso2709
    }
}

/// Compares one source file with pymarc's reading; returns mismatch descriptions.
fn check_file(source: &Path, expected: &Path, tally: &mut Tally) -> Vec<String> {
    let mut problems = Vec::new();
    let text = std::fs::read_to_string(expected).expect("expected file is UTF-8");
    let lines: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("expected line is JSON"))
        .collect();
    let format = format_of(source);
    let reader = match read_path(source, Some(format), ReadOptions::lenient()) {
        Ok(r) => r,
        Err(e) => return vec![format!("{}: cannot open: {e}", source.display())],
    };
    let mut ours: Box<dyn Iterator<Item = Result<Record, MarcError>>> = Box::new(reader);
    tally.files += 1;
    for (i, line) in lines.iter().enumerate() {
        if line.get("fatal").is_some() {
            break;
        }
        let mine = ours.next();
        if let Some(err) = line.get("error").and_then(Value::as_str) {
            tally.pymarc_rejected += 1;
            if matches!(mine, Some(Ok(_))) {
                tally.recovered += 1;
            }
            if matches!(
                err,
                "TruncatedRecord" | "EndOfRecordNotFound" | "RecordLengthInvalid"
            ) {
                break;
            }
            continue;
        }
        tally.expected_records += 1;
        let mut want = line.clone();
        apply_ncr(&mut want, &mut tally.ncr_values);
        match mine {
            Some(Ok(record)) => {
                let got = pustaka_marc::json::to_value(&record);
                if got == want {
                    tally.matched += 1;
                } else {
                    problems.push(format!(
                        "{} chunk {}: differs from pymarc\n  pymarc: {}\n  ours:   {}",
                        source.display(),
                        i + 1,
                        first_difference(&want, &got).0,
                        first_difference(&want, &got).1
                    ));
                }
            }
            Some(Err(e)) => problems.push(format!(
                "{} chunk {}: pymarc reads a record, we fail: {e}",
                source.display(),
                i + 1
            )),
            None => problems.push(format!(
                "{} chunk {}: pymarc reads a record, we reached the end",
                source.display(),
                i + 1
            )),
        }
    }
    // Whatever follows must still read without a panic.
    for _ in ours {}
    problems
}

fn first_difference(want: &Value, got: &Value) -> (String, String) {
    let (Some(wf), Some(gf)) = (
        want.get("fields").and_then(Value::as_array),
        got.get("fields").and_then(Value::as_array),
    ) else {
        return (want.to_string(), got.to_string());
    };
    if want.get("leader") != got.get("leader") {
        return (
            format!("leader {}", want["leader"]),
            format!("leader {}", got["leader"]),
        );
    }
    for (a, b) in wf.iter().zip(gf) {
        if a != b {
            return (a.to_string(), b.to_string());
        }
    }
    (
        format!("{} fields", wf.len()),
        format!("{} fields", gf.len()),
    )
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.to_string_lossy().ends_with(".pymarc.jsonl") {
            out.push(p);
        }
    }
}

fn run(root: &Path) {
    let expected_root = root.join("marc-expected");
    let mut files = Vec::new();
    walk(&expected_root, &mut files);
    assert!(
        !files.is_empty(),
        "no expected files under {}",
        expected_root.display()
    );
    let mut per_folder: BTreeMap<String, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    for exp in &files {
        let rel = exp.strip_prefix(&expected_root).unwrap();
        let rel_src = rel
            .to_string_lossy()
            .trim_end_matches(".pymarc.jsonl")
            .to_string();
        let source = root.join("marc").join(&rel_src);
        let folder = Path::new(&rel_src)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tally = per_folder.entry(folder).or_default();
        if !source.exists() {
            problems.push(format!("{}: source file missing", source.display()));
            continue;
        }
        problems.extend(check_file(&source, exp, tally));
    }
    let mut total = Tally::default();
    println!(
        "{:<45} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "folder", "files", "matched", "pymarc", "rejected", "recovered"
    );
    for (folder, t) in &per_folder {
        println!(
            "{:<45} {:>6} {:>9} {:>9} {:>9} {:>9}",
            folder, t.files, t.matched, t.expected_records, t.pymarc_rejected, t.recovered
        );
        total.files += t.files;
        total.matched += t.matched;
        total.expected_records += t.expected_records;
        total.pymarc_rejected += t.pymarc_rejected;
        total.recovered += t.recovered;
        total.ncr_values += t.ncr_values;
    }
    println!(
        "{:<45} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "total",
        total.files,
        total.matched,
        total.expected_records,
        total.pymarc_rejected,
        total.recovered
    );
    println!(
        "values where a numeric character reference was decoded: {}",
        total.ncr_values
    );
    if !problems.is_empty() {
        for p in problems.iter().take(300) {
            eprintln!("{p}");
        }
        panic!(
            "{} of {} records differ from pymarc ({} problems)",
            total.expected_records - total.matched,
            total.expected_records,
            problems.len()
        );
    }
    assert_eq!(total.matched, total.expected_records);
}

#[test]
fn bundled_fixtures_match_pymarc() {
    run(&project_root().join("fixtures"));
}

#[test]
fn shared_fixtures_match_pymarc() {
    match shared_fixtures() {
        Some(root) => run(&root),
        None => println!("../shared/fixtures not found: full conformance set skipped"),
    }
}

#[test]
fn ncr_rule_matches_decoder() {
    assert_eq!(decode_ncr("&#x0397; &#x03B1;"), "Η α");
    assert_eq!(decode_ncr("&#x0E25%x;"), "&#x0E25%x;");
    assert_eq!(decode_ncr("a &#xZZ; b"), "a &#xZZ; b");
}
