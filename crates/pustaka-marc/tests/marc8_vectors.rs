//! Known-answer tests for MARC-8 to Unicode conversion against pymarc 5.4.0.
//!
//! * `fixtures/marc8/test_marc8.txt` and `test_utf8.txt` (from pymarc's test suite,
//!   BSD-2-Clause) are line-parallel: line N of the MARC-8 file decodes to line N of the
//!   UTF-8 file.
//! * `fixtures/marc8/pymarc_edge_cases.tsv` holds pymarc's own output for malformed and
//!   unusual inputs (written by `tools/gen_marc8.py --edge-vectors`).

use pustaka_marc::marc8::{decode, Marc8Issue, Marc8Options};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/marc8/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Lines without their terminator; a final newline does not start another line.
fn lines(data: &[u8]) -> Vec<&[u8]> {
    let data = data.strip_suffix(b"\n").unwrap_or(data);
    data.split(|&b| b == b'\n').collect()
}

#[test]
fn pymarc_test_marc8_lines_decode_to_test_utf8_lines() {
    let marc8 = fixture("test_marc8.txt");
    let utf8 = fixture("test_utf8.txt");
    let marc8 = lines(&marc8);
    let utf8 = lines(&utf8);
    assert_eq!(
        marc8.len(),
        utf8.len(),
        "the two files are not line-parallel"
    );

    let mut matched = 0;
    let mut mismatches = Vec::new();
    for (n, (input, expected)) in marc8.iter().zip(&utf8).enumerate() {
        let expected = std::str::from_utf8(expected).expect("test_utf8.txt is UTF-8");
        // pymarc does not decode NCRs; keep a literal NCR in the expected text literal.
        let options = Marc8Options {
            decode_ncr: !expected.contains("&#"),
        };
        let mut issues = Vec::new();
        let actual = decode(input, options, &mut issues);
        if actual == expected {
            matched += 1;
        } else {
            mismatches.push((n + 1, expected.to_string(), actual, issues));
        }
    }
    println!("{matched} of {} lines matched", marc8.len());
    for (line, expected, actual, issues) in mismatches.iter().take(5) {
        println!(
            "line {line}:\n  expected {expected:?}\n  actual   {actual:?}\n  issues   {issues:?}"
        );
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} lines differ, first at line {}",
        mismatches.len(),
        marc8.len(),
        mismatches[0].0
    );
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn pymarc_edge_cases() {
    let data = fixture("pymarc_edge_cases.tsv");
    let data = String::from_utf8(data).expect("ASCII");
    let options = Marc8Options { decode_ncr: false };
    let (mut accepted, mut rejected) = (0, 0);
    let mut failures = Vec::new();
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let (input, expected) = line.split_once('\t').expect("two columns");
        let input = unhex(input);
        let mut issues: Vec<Marc8Issue> = Vec::new();
        let actual = decode(&input, options, &mut issues);
        if expected == "ERROR" {
            // pymarc rejects these; we repair with U+FFFD and say so.
            rejected += 1;
            if !actual.contains('\u{FFFD}') || issues.is_empty() {
                failures.push(format!(
                    "{input:02X?}: pymarc raises, expected U+FFFD and an issue, got {actual:?} {issues:?}"
                ));
            }
        } else {
            accepted += 1;
            let expected = String::from_utf8(unhex(expected)).expect("UTF-8");
            if actual != expected || actual.contains('\u{FFFD}') {
                failures.push(format!(
                    "{input:02X?}: expected {expected:?}, got {actual:?} {issues:?}"
                ));
            }
        }
    }
    println!("{accepted} accepted and {rejected} rejected cases checked against pymarc");
    for failure in failures.iter().take(10) {
        println!("{failure}");
    }
    assert!(failures.is_empty(), "{} edge cases differ", failures.len());
}
