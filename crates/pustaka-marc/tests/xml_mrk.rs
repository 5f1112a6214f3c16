//! MARCXML and mnemonic (`.mrk`) readers and writers on real files.
//!
//! The always-run tests use the copies in the project's `fixtures/xml` (each MARCXML file
//! with pymarc 5.4.0's reading of it, `*.pymarc.jsonl`) and `fixtures/mrk` (mnemonic files
//! with the ISO 2709 file they were made from). The walks over the full shared fixture set
//! run when `../shared/fixtures` exists.

use std::path::{Path, PathBuf};

use pustaka_marc::mrk::MrkReader;
use pustaka_marc::xml::XmlReader;
use pustaka_marc::{
    read_path, to_bytes, ErrorKind, Field, Format, MarcError, Mode, ReadOptions, Record,
};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(rel)
}

fn shared_fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("PUSTAKA_SHARED_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"));
    dir.join("marc").is_dir().then_some(dir)
}

fn options(mode: Mode) -> ReadOptions {
    ReadOptions {
        mode,
        ..ReadOptions::default()
    }
}

fn read_xml(path: &Path, mode: Mode) -> Vec<Result<Record, MarcError>> {
    read_path(path, Some(Format::MarcXml), options(mode))
        .unwrap()
        .collect()
}

fn xml_records(rel: &str, mode: Mode) -> Vec<Record> {
    read_xml(&fixture(rel), mode)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn read_any(path: &Path, format: Format, mode: Mode) -> Vec<Record> {
    read_path(path, Some(format), options(mode))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn data<'a>(record: &'a Record, tag: &'a str, nth: usize) -> &'a pustaka_marc::DataField {
    record
        .fields(tag)
        .nth(nth)
        .and_then(Field::as_data)
        .unwrap_or_else(|| panic!("no data field {tag} #{nth}"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Compares our lenient reading of each MARCXML file with pymarc's; returns (matched,
/// total) over the records pymarc read, and the mismatches.
fn compare_with_pymarc(pairs: &[(PathBuf, PathBuf)]) -> (usize, usize, Vec<String>) {
    let (mut matched, mut total, mut problems) = (0, 0, Vec::new());
    for (src, expected) in pairs {
        let text = std::fs::read_to_string(expected).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut ours = read_xml(src, Mode::Lenient).into_iter();
        for (i, line) in lines.iter().enumerate() {
            if line.get("fatal").is_some() || line.get("error").is_some() {
                // pymarc gave up here; strict mode must report an error for this file.
                let strict = read_xml(src, Mode::Strict);
                if !strict.iter().any(|r| r.is_err()) {
                    problems.push(format!(
                        "{}: pymarc fails, strict mode does not",
                        src.display()
                    ));
                }
                break;
            }
            total += 1;
            match ours.next() {
                Some(Ok(r)) if pustaka_marc::json::to_value(&r) == *line => matched += 1,
                Some(Ok(r)) => problems.push(format!(
                    "{} record {}: differs from pymarc\n  pymarc: {line}\n  ours:   {}",
                    src.display(),
                    i + 1,
                    pustaka_marc::json::to_value(&r)
                )),
                Some(Err(e)) => problems.push(format!("{} record {}: {e}", src.display(), i + 1)),
                None => problems.push(format!("{} record {}: missing", src.display(), i + 1)),
            }
        }
    }
    (matched, total, problems)
}

#[test]
fn bundled_marcxml_matches_pymarc() {
    let mut files = Vec::new();
    walk(&fixture("xml"), &mut files);
    let pairs: Vec<(PathBuf, PathBuf)> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .map(|p| {
            (
                p.clone(),
                PathBuf::from(format!("{}.pymarc.jsonl", p.display())),
            )
        })
        .collect();
    assert_eq!(pairs.len(), 9);
    let (matched, total, problems) = compare_with_pymarc(&pairs);
    println!("bundled MARCXML records matching pymarc: {matched}/{total}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(total, 24);
}

#[test]
fn every_shared_marcxml_file_matches_pymarc() {
    let Some(root) = shared_fixtures() else {
        println!("../shared/fixtures not found: MARCXML conformance walk skipped");
        return;
    };
    let mut files = Vec::new();
    walk(&root.join("marc"), &mut files);
    let pairs: Vec<(PathBuf, PathBuf)> = files
        .iter()
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".xml") || n.ends_with(".marcxml")
        })
        .map(|src| {
            let rel = src.strip_prefix(root.join("marc")).unwrap();
            let exp = root
                .join("marc-expected")
                .join(format!("{}.pymarc.jsonl", rel.display()));
            (src.clone(), exp)
        })
        .collect();
    let missing: Vec<_> = pairs.iter().filter(|(_, e)| !e.exists()).collect();
    assert!(missing.is_empty(), "no pymarc reading for {missing:?}");
    let (matched, total, problems) = compare_with_pymarc(&pairs);
    println!(
        "shared MARCXML files: {}, records matching pymarc: {matched}/{total}",
        pairs.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(total > 0);
}

#[test]
fn namespaced_collection_values() {
    for mode in [Mode::Strict, Mode::Lenient] {
        let recs = xml_records("xml/batch-ns.xml", mode);
        assert_eq!(recs.len(), 10);
        let r = &recs[2];
        assert_eq!(r.leader.as_str(), "00605cam  22002054a 4500");
        assert_eq!(r.control("001"), Some("fol05843555 "));
        assert_eq!(r.subfield("245", 'a'), Some("Perl :"));
    }
}

#[test]
fn prefixed_namespace_values() {
    let recs = xml_records("xml/sample1a.xml", Mode::Strict);
    let ids: Vec<_> = recs.iter().map(|r| r.control("001").unwrap()).collect();
    assert_eq!(
        ids,
        [
            "370589", "377291", "375291", "370607", "377309", "370627", "377328", "370636",
            "377337"
        ]
    );
    assert_eq!(recs[0].leader.as_str(), "01025cam a2200277Ia 4500");
    assert_eq!(
        recs[0].subfield("245", 'a'),
        Some("Seven financial conspiracies which have enslaved the American people /")
    );
}

#[test]
fn empty_and_missing_indicators() {
    // `<record xmlns="">` inside a namespaced collection, `ind1=""` kept as it is.
    let r = &xml_records("xml/namespace.xml", Mode::Strict)[0];
    assert_eq!(r.leader.as_str(), "-----nas-a22-----z--4500");
    let f210 = data(r, "210", 0);
    assert_eq!((f210.ind1.as_str(), f210.ind2.as_str()), ("0", ""));
    // Datafields without ind1/ind2 attributes read as blanks.
    let r = &xml_records("xml/cruel-cruel-indicatorless-summerland.xml", Mode::Strict)[0];
    assert_eq!(r.subfield("245", 'a'), Some("Summerland /"));
    let f020 = data(r, "020", 0);
    assert!(f020.ind1.is_blank() && f020.ind2.is_blank());
}

#[test]
fn comments_and_scripts() {
    // A comment before the record; Koha's <identifier> and <datestamp> inside it.
    let r = &xml_records("xml/1474920681_KOHA_LFL_6_with_comment.xml", Mode::Strict)[0];
    assert_eq!(r.fields.len(), 15);
    assert_eq!(
        r.subfield("245", 'a'),
        Some("Cinema and architecture : from historical to digital /")
    );
    // Greek in 880, decomposed (NFD) in the file and kept so.
    let r = &xml_records("xml/OCLC_814388508.xml", Mode::Strict)[0];
    assert_eq!(
        data(r, "880", 0).subfield('a'),
        Some("Η αγορα\u{301} στη Μεσο\u{301}γειο :")
    );
    assert_eq!(
        r.subfield("245", 'a'),
        Some("He\u{304} agora ste\u{304} Mesogeio :")
    );
    // CJK and Cyrillic, a comment between fields, no leader, a two-character indicator.
    let path = fixture("xml/alternate-scripts.xml");
    let strict = read_xml(&path, Mode::Strict);
    let err = strict[0].as_ref().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Xml);
    assert!(err.to_string().contains("no <leader>"), "{err}");
    let r = &xml_records("xml/alternate-scripts.xml", Mode::Lenient)[0];
    assert_eq!(r.leader.as_str(), "          22        4500");
    assert_eq!(r.fields.len(), 57);
    assert_eq!(data(r, "880", 0).subfield('a'), Some("東海道五十三次絵卷."));
    assert_eq!(data(r, "880", 2).ind1.as_str(), "0 ");
    let cyrillic: Vec<_> = r
        .fields("880")
        .filter_map(|f| f.subfield('a'))
        .filter(|v| v.starts_with("Класс"))
        .collect();
    assert_eq!(cyrillic, ["Классифицированная информация."]);
}

#[test]
fn malformed_documents_report_line_and_byte() {
    let path = fixture("xml/e401_malformed_marcxml.xml");
    for mode in [Mode::Strict, Mode::Lenient] {
        let items = read_xml(&path, mode);
        assert_eq!(
            items.len(),
            1,
            "a not-well-formed document ends after its error"
        );
        let err = items[0].as_ref().unwrap_err();
        assert_eq!(err.kind, ErrorKind::Xml);
        assert_eq!(
            (err.position.record, err.position.line, err.position.offset),
            (1, 5, 212)
        );
        assert!(
            err.to_string()
                .starts_with("record 1 at line 5 (byte 212): "),
            "{err}"
        );
    }
    // A datafield without a tag (pymarc: KeyError): an error in strict mode, a skipped
    // field with a warning in lenient mode.
    let path = fixture("xml/chabon-missing-datafield-tag.xml");
    let strict = read_xml(&path, Mode::Strict);
    let err = strict[0].as_ref().unwrap_err();
    assert_eq!((err.position.line, err.position.offset), (61, 2518));
    assert!(err.to_string().contains("without a tag attribute"), "{err}");
    let mut reader = XmlReader::new(
        std::io::BufReader::new(std::fs::File::open(&path).unwrap()),
        ReadOptions::lenient(),
    );
    let r = reader.next().unwrap().unwrap();
    assert!(reader.next().is_none());
    assert_eq!(r.control("001"), Some("11939876"));
    let warnings = reader.take_warnings();
    assert!(
        warnings.iter().any(|w| w.position.line == 61),
        "{warnings:?}"
    );
}

/// Every record of the bundled MARCXML files, read leniently.
fn all_bundled_xml_records() -> Vec<Record> {
    let mut files = Vec::new();
    walk(&fixture("xml"), &mut files);
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .flat_map(|p| read_xml(p, Mode::Lenient))
        .filter_map(Result::ok)
        .collect()
}

/// The records as the writers give them back: every writer marks its output UTF-8
/// (leader/09 `a`), and nothing else changes.
fn as_written(records: &[Record]) -> Vec<Record> {
    records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.leader = pustaka_marc::Leader::new(r.leader.to_utf8_text().into_owned());
            r
        })
        .collect()
}

#[test]
fn xml_write_then_read_is_exact() {
    let records = all_bundled_xml_records();
    assert!(records.len() >= 20);
    let bytes = to_bytes(&records, Format::MarcXml).unwrap();
    let back: Vec<Record> = XmlReader::new(&bytes[..], ReadOptions::lenient())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, as_written(&records));
    for r in &records {
        let one = pustaka_marc::xml::to_string(r);
        let again: Vec<Record> = XmlReader::new(one.as_bytes(), ReadOptions::lenient())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(again, as_written(std::slice::from_ref(r)));
    }
}

#[test]
fn mrk_write_then_read_is_exact() {
    let mut records = all_bundled_xml_records();
    records.extend(read_any(
        &fixture("mrk/brkrtest_UTF8.mrc"),
        Format::Iso2709,
        Mode::Lenient,
    ));
    records.extend(read_any(
        &fixture("mrk/camel.mrk"),
        Format::Mrk,
        Mode::Strict,
    ));
    let (mut written, mut refused) = (Vec::new(), 0);
    for r in &records {
        match to_bytes(std::slice::from_ref(r), Format::Mrk) {
            Ok(_) => written.push(r.clone()),
            Err(e) => {
                // Only the two-character and empty indicators of MARCXML are refused here.
                assert_eq!(e.kind, ErrorKind::Unwritable);
                assert!(e.to_string().contains("indicators"), "{e}");
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 2);
    let bytes = to_bytes(&written, Format::Mrk).unwrap();
    for mode in [Mode::Strict, Mode::Lenient] {
        let mut reader = MrkReader::new(&bytes[..], options(mode));
        let back: Vec<Record> = reader.by_ref().collect::<Result<_, _>>().unwrap();
        assert_eq!(back, as_written(&written));
    }
}

#[test]
fn iso_to_xml_to_iso_is_exact() {
    for rel in ["mrk/brkrtest_UTF8.mrc", "mrk/camel.usmarc"] {
        let records = read_any(&fixture(rel), Format::Iso2709, Mode::Lenient);
        let xml = to_bytes(&records, Format::MarcXml).unwrap();
        let from_xml: Vec<Record> = XmlReader::new(&xml[..], ReadOptions::default())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(from_xml, as_written(&records), "{rel}");
        let iso = to_bytes(&from_xml, Format::Iso2709).unwrap();
        let again: Vec<Record> =
            pustaka_marc::read_bytes(&iso, Some(Format::Iso2709), ReadOptions::default())
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
        assert_eq!(again.len(), records.len());
        for (a, b) in again.iter().zip(&records) {
            assert_eq!(a.fields, b.fields, "{rel}");
        }
        assert_eq!(iso, to_bytes(&records, Format::Iso2709).unwrap(), "{rel}");
    }
}

/// Field text in NFC, with MARC-8's ligature and double-tilde halves written as the LoC
/// code tables write them (first half U+0361 / U+0360, second half dropped).
fn comparable(record: &Record, loc_ligatures: bool) -> Vec<String> {
    let fix = |v: &str| -> String {
        let v = if loc_ligatures {
            v.replace('\u{FE20}', "\u{361}")
                .replace('\u{FE21}', "")
                .replace('\u{FE22}', "\u{360}")
                .replace('\u{FE23}', "")
        } else {
            v.to_string()
        };
        v.nfc().collect()
    };
    record
        .fields
        .iter()
        .map(|f| match f {
            Field::Control(c) => format!("={} {}", c.tag, fix(&c.value)),
            Field::Data(d) => {
                let subs: String = d
                    .subfields
                    .iter()
                    .map(|s| format!("${}{}", s.code, fix(&s.value)))
                    .collect();
                format!("={} {}{}{subs}", d.tag, d.ind1, d.ind2)
            }
        })
        .collect()
}

/// Leader text without the positions that differ between a MARC-8 and a UTF-8 version
/// of a record: the record length (00-04), the coding scheme (09), the base address (12-16).
fn leader_core(record: &Record) -> String {
    record
        .leader
        .as_str()
        .chars()
        .enumerate()
        .filter(|(i, _)| !matches!(i, 0..=4 | 9 | 12..=16))
        .map(|(_, c)| c)
        .collect()
}

/// How a mnemonic file compares with the ISO 2709 file it was made from.
#[derive(Debug, Default, PartialEq, Eq)]
struct PairCount {
    records: usize,
    exact: usize,
    nfc: usize,
    nfc_and_ligatures: usize,
}

fn compare_pair(mrk: &Path, iso: &Path) -> PairCount {
    let ours = read_any(mrk, Format::Mrk, Mode::Strict);
    let theirs = read_any(iso, Format::Iso2709, Mode::Lenient);
    assert_eq!(ours.len(), theirs.len(), "{}", mrk.display());
    let mut count = PairCount {
        records: ours.len(),
        ..PairCount::default()
    };
    for (o, t) in ours.iter().zip(&theirs) {
        assert_eq!(leader_core(o), leader_core(t), "{}", mrk.display());
        count.exact += usize::from(o.fields == t.fields);
        count.nfc += usize::from(comparable(o, false) == comparable(t, false));
        let same = comparable(o, true) == comparable(t, true);
        count.nfc_and_ligatures += usize::from(same);
        if !same {
            for (a, b) in comparable(o, true).iter().zip(&comparable(t, true)) {
                if a != b {
                    println!("{}:\n  mrk: {a}\n  iso: {b}", mrk.display());
                }
            }
        }
    }
    count
}

#[test]
fn brkrtest_mrk_matches_its_utf8_iso_file() {
    let mrk = fixture("mrk/brkrtest.mrk");
    let recs = read_any(&mrk, Format::Mrk, Mode::Strict);
    assert_eq!(recs.len(), 8);
    assert_eq!(recs[0].leader.as_str(), "01201nam  2200253 a 4500");
    assert_eq!(recs[0].control("001"), Some("tes96000001 "));
    assert_eq!(
        recs[0].control("008"),
        Some("960221s1955    dcuabcdjdbkoqu001 0deng d")
    );
    let f500: Vec<_> = recs[0]
        .fields("500")
        .filter_map(|f| f.subfield('a'))
        .collect();
    assert!(f500[0].ends_with("(backsolidus \\) used for blanks in certain areas."));
    assert_eq!(
        f500[1],
        "This is a test for the conversion of curly braces; the opening curly brace ({) and the closing curly brace (})."
    );
    let r2: Vec<_> = recs[1]
        .fields("500")
        .filter_map(|f| f.subfield('a'))
        .collect();
    assert_eq!(
        r2[0],
        "This is a test of diacritics like the uppercase Polish L in Łódź"
    );
    assert!(r2.contains(&"the lowercase o-hook (with pseudo question mark) in Sở"));
    assert!(r2.contains(
        &"the ligature first and second halves in di\u{FE20}a\u{FE21}di\u{FE20}a\u{FE21}"
    ));
    assert!(recs[3].fields("500").any(|f| f
        .subfield('a')
        .is_some_and(|v| v.contains("curly brackets, {text}, also included"))));

    // brkrtest_UTF8.mrc holds the same text in NFD, with the LoC mapping of the ligature.
    let count = compare_pair(&mrk, &fixture("mrk/brkrtest_UTF8.mrc"));
    assert_eq!(
        count,
        PairCount {
            records: 8,
            exact: 3,
            nfc: 4,
            nfc_and_ligatures: 8
        }
    );
}

#[test]
fn camel_and_u17_mrk_match_their_iso_files() {
    let mrk = fixture("mrk/camel.mrk");
    let recs = read_any(&mrk, Format::Mrk, Mode::Strict);
    assert_eq!(recs.len(), 10);
    assert_eq!(recs[0].leader.as_str(), "00755cam  22002414a 4500");
    assert_eq!(recs[0].control("001"), Some("fol05731351 "));
    assert_eq!(
        recs[0].subfield("245", 'a'),
        Some("ActivePerl with ASP and ADO /")
    );
    assert_eq!(recs[0].subfield("010", 'a'), Some("   00020737 "));
    let iso = read_any(&fixture("mrk/camel.usmarc"), Format::Iso2709, Mode::Lenient);
    for (m, i) in recs.iter().zip(&iso) {
        assert_eq!(m, i);
    }
    let u17 = read_any(&fixture("mrk/u17_marc4j.mrk8"), Format::Mrk, Mode::Strict);
    assert_eq!(u17[0].subfield("020", 'c'), Some("Rs160.00 ($35.00 U.S.)"));
    let iso = read_any(&fixture("mrk/u17_utf8.mrc"), Format::Iso2709, Mode::Lenient);
    assert_eq!(u17, iso);
}

#[test]
fn shared_mrk_pairs() {
    let Some(root) = shared_fixtures() else {
        println!("../shared/fixtures not found: mnemonic pairs skipped");
        return;
    };
    let m = root.join("marc");
    let pairs = [
        ("marc4j/brkrtest.mrk", "marc4j/brkrtest_UTF8.mrc", 3),
        ("marc4j/brkrtest.mrk", "marc4j/brkrtest.mrc", 8),
        ("marc4j/brkrtest.mrk8", "marc4j/brkrtest_UTF8.mrc", 8),
        ("marc4j/brkrtest1.mrk8", "marc4j/brkrtest_UTF8.mrc", 8),
        (
            "perl/marc-marcmaker/camel.mrk",
            "perl/marc-marcmaker/camel.usmarc",
            10,
        ),
        ("marc21-crate/ada.mrk", "marc21-crate/ada.mrc", 1),
        ("marc4j/u17_marc4j.mrk8", "marc4j/u17_utf8.mrc", 1),
    ];
    for (mrk, iso, exact) in pairs {
        let count = compare_pair(&m.join(mrk), &m.join(iso));
        println!("{mrk} vs {iso}: {count:?}");
        assert_eq!(count.exact, exact, "{mrk} vs {iso}");
        assert_eq!(count.nfc_and_ligatures, count.records, "{mrk} vs {iso}");
    }
}
