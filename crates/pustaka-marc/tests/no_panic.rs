//! No input makes a reader panic or loop, and what the writers write reads back unchanged.
//!
//! * Arbitrary bytes, and real records with bytes flipped, inserted, deleted, truncated and
//!   leaders spliced in, go through every reader (ISO 2709, MARCXML, MARC-in-JSON, mnemonic
//!   and format detection) in strict and lenient mode, and through the MARC-8 decoder. Every
//!   reader must end, yielding at most one item per input byte (plus one); its output must
//!   not depend on how many bytes each `read` of the source returns; every record it yields
//!   must survive the accessors, every writer, and a MARC-in-JSON round trip unchanged.
//! * Random records (alphanumeric tags, printable ASCII indicators, alphanumeric subfield
//!   codes, any Unicode text without C0 controls) written in each format read back equal in
//!   strict mode, without warnings.
//! * Inputs the fuzzers (`fuzz/`) found are kept at the end as plain tests.
//!
//! Failures are not persisted to `proptest-regressions/`: a failing case found here goes into
//! the regression tests at the end of this file instead.

use std::io::{BufRead, BufReader, Read};

use proptest::prelude::*;
use proptest::sample::Index;
use pustaka_marc::marc8::{self, Marc8Options};
use pustaka_marc::{
    read_bytes, to_bytes, ControlField, DataField, ErrorKind, Field, Format, Indicator, Leader,
    MarcWarning, Mode, Position, ReadOptions, Reader, Record, Subfield, Tag,
};

/// Upper bound on items drained from one reader, whatever the input.
const MAX_ITEMS: usize = 10_000;

const FORMATS: [Format; 4] = [Format::Iso2709, Format::MarcXml, Format::Json, Format::Mrk];

type Outcome = Result<Record, (ErrorKind, Position, String)>;

fn options(mode: Mode) -> ReadOptions {
    ReadOptions {
        mode,
        ..ReadOptions::default()
    }
}

/// `cases` cases, or as many as `PROPTEST_CASES` says (for longer runs).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Draining readers
// ---------------------------------------------------------------------------------------

/// A byte source that hands out at most `step` bytes per `read`.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Drains a reader, asserting that it ends; returns its items and warnings in order.
fn drain<R: BufRead>(mut reader: Reader<R>, input_len: usize) -> (Vec<Outcome>, Vec<MarcWarning>) {
    let format = reader.format();
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    while let Some(item) = reader.next() {
        assert!(
            items.len() < MAX_ITEMS,
            "{format:?} reader still yielding after {MAX_ITEMS} items from {input_len} bytes"
        );
        warnings.extend(reader.take_warnings());
        items.push(item.map_err(|e| {
            let _ = e.to_string();
            (e.kind, e.position, e.message)
        }));
    }
    warnings.extend(reader.take_warnings());
    for w in &warnings {
        let _ = w.to_string();
    }
    assert!(
        items.len() <= input_len + 1,
        "{format:?} reader yielded {} items from {input_len} bytes: more than the input can hold",
        items.len()
    );
    // Positions lie inside the input.
    let errors = items.iter().filter_map(|i| i.as_ref().err()).map(|e| &e.1);
    for pos in errors.chain(warnings.iter().map(|w| &w.position)) {
        assert!(
            pos.offset <= input_len as u64,
            "{format:?} reader reports byte {} of a {input_len}-byte input: {pos:?}",
            pos.offset
        );
    }
    (items, warnings)
}

/// Reads `bytes` as `format` whole and `step` bytes per `read`; both must agree.
fn assert_read_size_invariant(bytes: &[u8], format: Format, mode: Mode, step: usize) {
    let whole = drain(Reader::new(bytes, format, options(mode)), bytes.len());
    let src = BufReader::with_capacity(step, Trickle { data: bytes, step });
    let trickled = drain(Reader::new(src, format, options(mode)), bytes.len());
    assert!(
        whole == trickled,
        "{format:?} {mode:?}: reading {step} bytes at a time gives a different result\n\
         input:    {bytes:02X?}\nwhole:    {whole:?}\ntrickled: {trickled:?}"
    );
}

/// Uses a record every way a caller might: accessors, every writer, a JSON round trip.
fn check_record(record: &Record) {
    let _ = record.title();
    let _ = record.author();
    let _ = record.isbn();
    let _ = record.isbns();
    let _ = record.issn();
    let _ = record.publisher();
    let _ = record.publication_place();
    let _ = record.publication_date();
    let _ = record.subjects();
    let _ = record.leader.record_length();
    let _ = record.leader.base_address();
    for f in &record.fields {
        let _ = f.format();
        let _ = f.value();
    }
    for format in FORMATS {
        // A writer may refuse a record (ISO 2709 limits); it must not panic.
        let _ = to_bytes(std::slice::from_ref(record), format);
    }
    // MARC-in-JSON expresses every record: what was read must come back unchanged, but for
    // leader/09, which every writer sets to `a` (its output is Unicode).
    let json = to_bytes(std::slice::from_ref(record), Format::Json).expect("JSON writing");
    let want = Record {
        leader: Leader::new(record.leader.to_utf8_text()),
        fields: record.fields.clone(),
    };
    let back: Vec<_> = read_bytes(&json, Some(Format::Json), ReadOptions::default())
        .expect("reader")
        .collect();
    assert_eq!(back.len(), 1, "JSON round trip of {record:?}: {back:?}");
    match &back[0] {
        Ok(r) => assert_eq!(r, &want, "JSON round trip changed the record"),
        Err(e) => panic!("JSON round trip: {e}\n{}", String::from_utf8_lossy(&json)),
    }
}

fn check_marc8(bytes: &[u8]) {
    for decode_ncr in [true, false] {
        let mut issues = Vec::new();
        let text = marc8::decode(bytes, Marc8Options { decode_ncr }, &mut issues);
        assert!(
            unicode_normalization::is_nfc(&text),
            "MARC-8 output is not NFC: {text:?}"
        );
        assert!(issues.len() <= 50, "{} MARC-8 issues", issues.len());
        assert!(issues.iter().all(|i| i.offset <= bytes.len()), "{issues:?}");
    }
}

/// Every reader and mode, format detection, and the MARC-8 decoder, on one input.
fn exercise(bytes: &[u8]) {
    // 1 to 5 bytes per `read` for short inputs, about 8 reads for longer ones: the ISO 2709
    // reader zero-fills a 256 KiB block on every `read`, slow in a debug build.
    let step = if bytes.len() < 32 {
        1 + bytes.len() % 5
    } else {
        bytes.len() / 8 + 1 + bytes.len() % 5
    };
    for mode in [Mode::Strict, Mode::Lenient] {
        for format in FORMATS.map(Some).into_iter().chain([None]) {
            let reader = read_bytes(bytes, format, options(mode)).expect("read_bytes");
            let (items, _) = drain(reader, bytes.len());
            for record in items.iter().flatten() {
                check_record(record);
            }
        }
        for format in FORMATS {
            assert_read_size_invariant(bytes, format, mode, step);
        }
    }
    check_marc8(bytes);
}

// ---------------------------------------------------------------------------------------
// Seeds: valid inputs in every format, to mutate
// ---------------------------------------------------------------------------------------

fn tag(t: &str) -> Tag {
    Tag::parse(t).unwrap()
}

fn sample_records() -> Vec<Record> {
    let mut a = Record::new();
    a.push(Field::control(tag("001"), "ocm12345"));
    a.push(Field::control(
        tag("008"),
        "200101s2020    io            000 0 ind d",
    ));
    a.push(
        DataField::new(tag("020"), ' ', ' ')
            .with('a', "979-3062-79-7 (pbk.)")
            .with('c', "Rp 59.000"),
    );
    a.push(
        DataField::new(tag("100"), '1', ' ')
            .with('a', "Hirata, Andrea,")
            .with('e', "pengarang."),
    );
    a.push(
        DataField::new(tag("245"), '1', '0')
            .with('a', "Laskar pelangi :")
            .with('b', "novel /")
            .with('c', "Andrea Hirata."),
    );
    a.push(
        DataField::new(tag("264"), ' ', '1')
            .with('a', "Yogyakarta :")
            .with('b', "Bentang,")
            .with('c', "2005."),
    );
    a.push(
        DataField::new(tag("650"), ' ', '4')
            .with('a', "Fiksi Indonesia")
            .with('v', "Novel."),
    );
    let mut b = Record::new();
    b.leader = Leader::new("00000cam a2200000 i 4500");
    b.push(Field::control(tag("001"), "x2"));
    b.push(DataField::new(tag("FMT"), ' ', ' ').with('a', "BK"));
    b.push(
        DataField::new(tag("245"), '0', '0')
            .with('a', "Ελληνικά & <кириллица> \"中文\" $5 {dollar} \\ é")
            .with('6', "880-01"),
    );
    b.push(DataField::new(tag("880"), '0', '0').with('a', "עברית العربية"));
    b.push(DataField::new(tag("500"), ' ', ' '));
    vec![a, b]
}

/// An ISO 2709 record from raw field bytes (tag, data without terminator).
fn raw_iso(leader: &[u8; 24], fields: &[(&[u8; 3], &[u8])]) -> Vec<u8> {
    let mut dir = Vec::new();
    let mut data = Vec::new();
    for (t, body) in fields {
        dir.extend_from_slice(*t);
        dir.extend_from_slice(format!("{:04}{:05}", body.len() + 1, data.len()).as_bytes());
        data.extend_from_slice(body);
        data.push(0x1E);
    }
    dir.push(0x1E);
    let base = 24 + dir.len();
    let total = base + data.len() + 1;
    let mut out = leader.to_vec();
    out[..5].copy_from_slice(format!("{total:05}").as_bytes());
    out[12..17].copy_from_slice(format!("{base:05}").as_bytes());
    out.extend_from_slice(&dir);
    out.extend_from_slice(&data);
    out.push(0x1D);
    out
}

fn project_file(path: &str) -> Option<Vec<u8>> {
    std::fs::read(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))).ok()
}

const XML_SAMPLE: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">
  <record>
    <leader>00000nam a2200000 a 4500</leader>
    <controlfield tag="001">x1</controlfield>
    <datafield tag="245" ind1="1" ind2="0">
      <subfield code="a">A &amp; B &lt;c&gt; &#x263A; &#233;</subfield>
      <subfield code="c"><![CDATA[cdata <x>]]></subfield>
    </datafield>
    <datafield tag="500" ind1=" " ind2=" "/>
  </record>
  <marc:record xmlns:marc="http://www.loc.gov/MARC21/slim">
    <marc:leader>00000cam  2200000   4500</marc:leader>
    <marc:datafield tag="FMT" ind1="" ind2="12"><marc:subfield code="ab">x</marc:subfield></marc:datafield>
  </marc:record>
</collection>
"#;

const MRK_SAMPLE: &[u8] = b"=LDR  00000nam\\\\2200000\\a\\4500\n\
=001  x1\n\
=008  200101s2020\\\\\\\\io\\\\\\\\\\\\\\\\\\\\\\\\000\\0\\ind\\d\n\
=245  10$aLaskar pelangi /$cAndrea Hirata.\n\
=500  \\\\$aHarga {dollar}5 {lcub}x{rcub} {bsol}\n\
\n\
=LDR  00000cam\\\\2200000\\\\\\4500\n\
=FMT  \\\\BK\n\
=650  \\0$aSubject$xSub$vForm.\n";

const JSON_SAMPLE: &[u8] = b"[{\"leader\":\"00000nam a2200000 a 4500\",\"fields\":[{\"001\":\"x1\"},\
{\"245\":{\"ind1\":\"1\",\"ind2\":\"0\",\"subfields\":[{\"a\":\"Judul\\u00e9\"},{\"c\":\"raw\ttab\"}]}}]},\
{\"leader\":\"l\",\"fields\":[{\"500\":{\"ind1\":\"\",\"ind2\":\"ab\",\"subfields\":[{\"ab\":\"v\",\"c\":\"w\"}]}}]}]";

/// Valid (and a few real, slightly broken) inputs in every format, built once.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(build_seeds)
}

fn build_seeds() -> Vec<Vec<u8>> {
    let records = sample_records();
    let mut seeds: Vec<Vec<u8>> = FORMATS
        .iter()
        .map(|f| to_bytes(&records, *f).expect("sample records are writable"))
        .filter(|b| !b.is_empty())
        .collect();
    // MARC-8: leader/09 blank, escape sequences and combining marks in the values.
    let marc8_line = project_file("fixtures/marc8/test_marc8.txt")
        .and_then(|t| t.split(|&b| b == b'\n').nth(7).map(<[u8]>::to_vec))
        .unwrap_or_else(|| b"\x1b$1!0!\x1b(B".to_vec());
    let mut f245 = b"10\x1faCaf\xe2e \x1b(2\xe0\xed\x1b(B\x1fb".to_vec();
    f245.extend_from_slice(&marc8_line);
    seeds.push(raw_iso(
        b"00000nam  2200000 a 4500",
        &[(b"001", b"m8"), (b"245", &f245), (b"500", b"  \x1fa\x1b)")],
    ));
    seeds.push(XML_SAMPLE.to_vec());
    seeds.push(MRK_SAMPLE.to_vec());
    seeds.push(JSON_SAMPLE.to_vec());
    // Real records from the project's fixtures, when present.
    for path in [
        "fixtures/marc/pymarc/one.dat",
        "fixtures/marc/pymarc/bad_subfield_code.dat",
        "fixtures/marc/rust-marc/marc-8.sample.mrc",
        "fixtures/marc/mrrc/multi_records.mrc",
        "fixtures/marc/pymarc/utf8.xml",
        "fixtures/marc/mrrc/error_fixtures/e401_bad_char_reference.xml",
        "fixtures/marc/pymarc/one.json",
    ] {
        if let Some(mut bytes) = project_file(path) {
            bytes.truncate(4096);
            seeds.push(bytes);
        }
    }
    seeds
}

// ---------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------

/// Bytes that mean something in one of the formats.
const INTERESTING: &[u8] = b"\x1d\x1e\x1f\x00\x1b\n\r\t 09-+<>/\"'&;#{}[]:,=$\\a\xff\xc3\xe2\x80";

const LEADERS: &[&[u8]] = &[
    b"00026nam a2200025 a 4500",
    b"99999nam a2299999 a 4500",
    b"00000",
    b"-0030nam a22-0025 a 4500",
    b" 0030nam a22 0025 a 4500",
    b"00024",
    b"00005",
    b"=LDR  ",
    b"<leader>",
    b"{\"leader\":",
];

/// Starts of valid documents, to be followed by random bytes.
const PREFIXES: &[&[u8]] = &[
    b"<?xml version=\"1.0\"?><collection><record><leader>",
    b"<record><datafield tag=\"245\" ind1=\"1\" ind2=\"0\"><subfield code=\"a\">",
    b"{\"leader\":\"00000nam a2200000 a 4500\",\"fields\":[{\"245\":{\"subfields\":[{\"a\":\"",
    b"[{\"leader\":",
    b"=LDR  00000nam\\\\2200000\\a\\4500\n=245  10$a",
    b"=001  ",
    b"00050nam a2200037 a 4500245000600000\x1e10\x1fa",
    b"00000nam  2200000 a 4500",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(Index, u8),
    Set(Index, u8),
    Insert(Index, u8),
    Delete(Index, u8),
    Truncate(Index),
    Duplicate(Index, Index, u8),
    SpliceLeader(Index, usize),
}

fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![any::<u8>(), prop::sample::select(INTERESTING)]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 1u8..).prop_map(|(i, m)| Mutation::Flip(i, m)),
        3 => (any::<Index>(), byte()).prop_map(|(i, b)| Mutation::Set(i, b)),
        3 => (any::<Index>(), byte()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        2 => (any::<Index>(), 1u8..16).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), any::<Index>(), 1u8..64)
            .prop_map(|(a, b, n)| Mutation::Duplicate(a, b, n)),
        1 => (any::<Index>(), 0..LEADERS.len()).prop_map(|(i, l)| Mutation::SpliceLeader(i, l)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    match *m {
        Mutation::Flip(ref i, mask) if len > 0 => bytes[i.index(len)] ^= mask,
        Mutation::Set(ref i, b) if len > 0 => bytes[i.index(len)] = b,
        Mutation::Insert(ref i, b) => bytes.insert(i.index(len + 1), b),
        Mutation::Delete(ref i, n) if len > 0 => {
            let at = i.index(len);
            bytes.drain(at..(at + usize::from(n)).min(len));
        }
        Mutation::Truncate(ref i) => bytes.truncate(i.index(len + 1)),
        Mutation::Duplicate(ref from, ref to, n) if len > 0 => {
            let at = from.index(len);
            let piece = bytes[at..(at + usize::from(n)).min(len)].to_vec();
            let to = to.index(len + 1);
            bytes.splice(to..to, piece);
        }
        Mutation::SpliceLeader(ref i, l) => {
            let at = i.index(len + 1);
            bytes.splice(at..at, LEADERS[l].iter().copied());
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Random records for round trips
// ---------------------------------------------------------------------------------------

fn printable() -> impl Strategy<Value = char> {
    (0x20u8..=0x7E).prop_map(char::from)
}

fn alnum() -> impl Strategy<Value = char> {
    prop::sample::select(
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            .iter()
            .map(|&b| char::from(b))
            .collect::<Vec<_>>(),
    )
}

/// Any character but the C0 controls (which include the three MARC delimiters), weighted
/// towards the ones text formats must escape.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        5 => printable(),
        3 => prop::sample::select(vec![
            '$', '{', '}', '\\', '<', '>', '&', '"', '\'', '=', ' ', '#', ';', ']', '\u{7f}',
            '\u{85}', '\u{a0}', 'é', '\u{301}', 'ß', '中', '😀', '\u{2028}', '\u{feff}',
            '\u{fffd}', '\u{fffe}', '\u{ffff}', '\u{10ffff}',
        ]),
        2 => any::<char>().prop_filter("no C0 controls", |c| u32::from(*c) >= 0x20),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(text_char(), 0..=max).prop_map(|v| v.into_iter().collect())
}

fn data_tag() -> impl Strategy<Value = Tag> {
    prop::collection::vec(alnum(), 3)
        .prop_map(|v| Tag::parse(&v.into_iter().collect::<String>()).expect("three ASCII"))
        .prop_filter("not a control tag", |t| !t.is_control())
}

fn control_tag() -> impl Strategy<Value = Tag> {
    (1u8..=9).prop_map(|d| tag(&format!("00{d}")))
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        1 => (control_tag(), text(24))
            .prop_map(|(tag, value)| Field::Control(ControlField { tag, value })),
        3 => (
            data_tag(),
            printable(),
            printable(),
            prop::collection::vec((alnum(), text(16)), 0..5),
        )
            .prop_map(|(tag, i1, i2, subs)| {
                Field::Data(DataField {
                    tag,
                    ind1: Indicator::from_char(i1),
                    ind2: Indicator::from_char(i2),
                    subfields: subs
                        .into_iter()
                        .map(|(code, value)| Subfield { code, value })
                        .collect(),
                })
            }),
    ]
}

/// A 24-character leader: digits where lengths go, `a` (UTF-8) at 09, printable elsewhere.
fn leader() -> impl Strategy<Value = Leader> {
    (
        prop::collection::vec(printable(), 24),
        prop::collection::vec(0u8..10, 10),
    )
        .prop_map(|(mut chars, digits)| {
            for (k, pos) in (0..5).chain(12..17).enumerate() {
                chars[pos] = char::from(b'0' + digits[k]);
            }
            chars[9] = 'a';
            Leader::new(chars.into_iter().collect::<String>())
        })
}

fn record() -> impl Strategy<Value = Record> {
    (leader(), prop::collection::vec(field(), 1..8))
        .prop_map(|(leader, fields)| Record { leader, fields })
}

/// Writes records in `format` and reads them back strictly, without warnings.
fn write_and_read(records: &[Record], format: Format) -> (Vec<u8>, Vec<Record>) {
    let bytes = to_bytes(records, format)
        .unwrap_or_else(|e| panic!("{format:?} writer refused a writable record: {e}"));
    let mut reader = read_bytes(&bytes, Some(format), ReadOptions::default()).expect("reader");
    let mut back = Vec::new();
    for item in reader.by_ref().take(records.len() + 1) {
        match item {
            Ok(r) => back.push(r),
            Err(e) => panic!(
                "{format:?}: what the writer wrote does not read back: {e}\n{}",
                String::from_utf8_lossy(&bytes)
            ),
        }
    }
    let warnings = reader.take_warnings();
    assert!(
        warnings.is_empty(),
        "{format:?}: reading back what the writer wrote gives warnings: {warnings:?}\n{}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(
        back.len(),
        records.len(),
        "{format:?}: wrote {} records, read back {}\n{}",
        records.len(),
        back.len(),
        String::from_utf8_lossy(&bytes)
    );
    (bytes, back)
}

fn has_xml_nonchar(record: &Record) -> bool {
    let bad = |s: &str| s.contains(['\u{fffe}', '\u{ffff}']);
    bad(record.leader.as_str())
        || record.fields.iter().any(|f| match f {
            Field::Control(c) => bad(&c.value),
            Field::Data(d) => d.subfields.iter().any(|s| bad(&s.value)),
        })
}

fn has_empty_alphanumeric_data_field(record: &Record) -> bool {
    record.fields.iter().any(|f| match f {
        Field::Data(d) => {
            d.subfields.is_empty() && !d.tag.as_bytes().iter().all(u8::is_ascii_digit)
        }
        Field::Control(_) => false,
    })
}

/// Text formats keep every record exactly, leader included.
fn assert_round_trip_exact(records: &[Record], format: Format) {
    let (bytes, back) = write_and_read(records, format);
    for (i, (want, got)) in records.iter().zip(&back).enumerate() {
        assert!(
            want == got,
            "{format:?}: record {} changed in the round trip\nwrote: {want:?}\nread:  {got:?}\nas:\n{}",
            i + 1,
            String::from_utf8_lossy(&bytes)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

// Case counts keep the file under 30 s in a debug build on one core; set PROPTEST_CASES
// for a longer run.
proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(byte(), 0..600)) {
        exercise(&bytes);
    }

    #[test]
    fn format_like_prefixes_never_panic(
        prefix in prop::sample::select(PREFIXES),
        rest in prop::collection::vec(byte(), 0..200),
    ) {
        let mut bytes = prefix.to_vec();
        bytes.extend_from_slice(&rest);
        exercise(&bytes);
    }

    #[test]
    fn marc8_decode_never_panics(bytes in prop::collection::vec(
        prop_oneof![
            any::<u8>(),
            prop::sample::select(&b"\x1b()$,-sgbpB1234EN3QS!\x88\x89\x8d\x8e\xe0\xe1\xf0\x7f\x80&#xX;"[..]),
        ],
        0..64,
    )) {
        check_marc8(&bytes);
    }
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn mutated_records_never_panic(
        seed in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[seed.index(seeds.len())].clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        exercise(&bytes);
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn iso2709_round_trip(records in prop::collection::vec(record(), 1..4)) {
        let (bytes, back) = write_and_read(&records, Format::Iso2709);
        let mut offset = 0;
        for (want, got) in records.iter().zip(&back) {
            // Lengths, base address and leader/09 are the writer's to set.
            let length = got.leader.record_length().expect("digits in leader/00-04");
            prop_assert_eq!(&bytes[offset + length - 1], &0x1D, "record length {}", length);
            offset += length;
            prop_assert!(got.leader.base_address().is_some(), "{:?}", got.leader);
            let mask = |l: &Leader| -> String {
                l.as_str()
                    .char_indices()
                    .map(|(i, c)| if (0..5).contains(&i) || (12..17).contains(&i) { '#' } else { c })
                    .collect()
            };
            prop_assert_eq!(mask(&got.leader), mask(&want.leader));
            prop_assert_eq!(&got.fields, &want.fields);
        }
        prop_assert_eq!(offset, bytes.len());
    }

    #[test]
    fn json_round_trip(records in prop::collection::vec(record(), 1..4)) {
        assert_round_trip_exact(&records, Format::Json);
    }

    /// XML 1.0 has no way to write U+FFFE or U+FFFF, not even as a character reference: the
    /// writer refuses such records (`xml_writer_refuses_what_xml_cannot_hold` below).
    #[test]
    fn marcxml_round_trip(records in prop::collection::vec(
        record().prop_filter("XML 1.0 cannot hold U+FFFE or U+FFFF", |r| !has_xml_nonchar(r)),
        1..4,
    )) {
        assert_round_trip_exact(&records, Format::MarcXml);
    }

    /// A mnemonic line `=FMT  \\\\` cannot say whether it is a data field without subfields
    /// or a control field: the writer refuses such data fields for alphanumeric tags
    /// (`mrk_writer_refuses_what_mnemonic_cannot_hold` below).
    #[test]
    fn mrk_round_trip(records in prop::collection::vec(
        record().prop_filter("no empty data field with an alphanumeric tag", |r| {
            !has_empty_alphanumeric_data_field(r)
        }),
        1..4,
    )) {
        assert_round_trip_exact(&records, Format::Mrk);
    }
}

#[test]
fn seeds_read_back_cleanly() {
    // The seeds written by the crate's own writers must be valid, or the mutation test
    // would start from garbage.
    let records = sample_records();
    for format in FORMATS {
        let bytes = to_bytes(&records, format).unwrap();
        let back: Vec<Record> = read_bytes(&bytes, Some(format), ReadOptions::default())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(back.len(), records.len(), "{format:?}");
    }
    for seed in seeds() {
        exercise(seed);
    }
}

// ---------------------------------------------------------------------------------------
// Regressions found by the fuzzers (inputs also under fuzz/regressions/)
// ---------------------------------------------------------------------------------------

/// fuzz/regressions/iso2709/lenient-framing-depends-on-read-size: a leader stating 10 bytes
/// whose 10th byte is not the terminator. The lenient reader looked for the record
/// terminator from `min(24, bytes buffered)`, so with the whole input buffered it read the
/// 14 bytes as one record, and with 5 bytes per `read` it cut a 12-byte record at the
/// terminator in byte 11.
#[test]
fn iso2709_lenient_framing_does_not_depend_on_read_size() {
    let input = b"0001000\x1d0:o\x1d0%";
    for step in 1..=input.len() {
        for mode in [Mode::Strict, Mode::Lenient] {
            assert_read_size_invariant(input, Format::Iso2709, mode, step);
        }
    }
}

/// Reads JSON whole, returning items and the warnings that came with each.
fn json_items(input: &[u8]) -> Vec<(Outcome, Vec<MarcWarning>)> {
    let mut reader = read_bytes(input, Some(Format::Json), ReadOptions::default()).unwrap();
    let mut out = Vec::new();
    while let Some(item) = reader.next() {
        let item = item.map_err(|e| (e.kind, e.position, e.message));
        out.push((item, reader.take_warnings()));
    }
    out
}

/// fuzz/regressions/json/raw-control-warning-read-ahead, found by the harness's read-size
/// check on the `json` target at 542d9b4 (fixed since):
/// `JsonReader`'s `ControlEscaper` read ahead of serde_json and counted raw control
/// characters as it read them, so when serde_json peeked past a number the control
/// character inside the *next* value was already counted, and the warning named the
/// number's record, or not, depending on where the source's `read` boundaries fell.
#[test]
fn json_raw_control_warning_names_the_record_that_holds_it() {
    let input = b" 1\"\x01\"";
    let items = json_items(input);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(
        items[0].1.is_empty(),
        "the control character is in the second value, but the first carries the warning: {:?}",
        items[0].1
    );
    assert_eq!(items[1].1.len(), 1, "{items:?}");
}

/// fuzz/regressions/json/positions-after-raw-control, found with the position check in
/// `drain` at 542d9b4 (fixed since): positions came from
/// serde_json's `byte_offset()`, which counts the bytes `ControlEscaper` hands over; every
/// raw control character inside a string becomes six (`\u0001`), so every position after
/// one lay 5 bytes too far per character, here past the end of the input.
#[test]
fn json_positions_count_input_bytes() {
    let mut input = b"{\"leader\":\"\x01\x01\",\"fields\":[]}\n".to_vec();
    let first_end = input.len() - 1;
    input.extend_from_slice(b"{\"leader\":5,\"fields\":[]}");
    let items = json_items(&input);
    assert_eq!(items.len(), 2, "{items:?}");
    let warning = &items[0].1[0].position;
    assert_eq!(
        warning.offset, first_end as u64,
        "the first record ends at byte {first_end}: {warning:?}"
    );
    let error = &items[1].0.as_ref().unwrap_err().1;
    assert!(
        error.offset <= input.len() as u64,
        "the error for record 2 is placed at byte {} of a {}-byte input",
        error.offset,
        input.len()
    );
}

fn xml_items(input: &[u8], mode: Mode) -> Vec<(Outcome, Vec<MarcWarning>)> {
    let mut reader = read_bytes(input, Some(Format::MarcXml), options(mode)).unwrap();
    let mut out = Vec::new();
    while let Some(item) = reader.next() {
        let item = item.map_err(|e| (e.kind, e.position, e.message));
        out.push((item, reader.take_warnings()));
    }
    out
}

/// A collection whose second record holds 40 bytes that are not UTF-8 (0xE9, `é` in
/// Latin-1), followed by a well-formedness error; with the encoding declared or not.
fn xml_with_latin1(declared: bool) -> Vec<u8> {
    let mut x = Vec::new();
    if declared {
        x.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");
    }
    x.extend_from_slice(
        b"<collection><record><leader>00000nam a2200000 a 4500</leader>\
          <datafield tag=\"245\" ind1=\"1\" ind2=\"0\"><subfield code=\"a\">ok</subfield>\
          </datafield></record>\n<record><leader>00000nam a2200000 a 4500</leader>\
          <datafield tag=\"245\" ind1=\"1\" ind2=\"0\"><subfield code=\"a\">",
    );
    x.extend_from_slice(&[0xE9u8; 40]);
    x.extend_from_slice(b"</subfield></datafield></record><record><bad></collection>");
    x
}

/// fuzz/regressions/marcxml/positions-after-transcoding, found by the harness's position
/// check on MARCXML at 1febdf7 (fixed since): the reader
/// took positions from quick-xml, which counts bytes of the reader's transcoded stream, not
/// of the input. Every Latin-1 byte above 0x7F becomes two bytes of UTF-8, every invalid
/// UTF-8 sequence that lenient mode replaces the three bytes of U+FFFD; every position after
/// them lay that much too far, here past the end of the input.
#[test]
fn xml_positions_count_input_bytes() {
    for (declared, mode) in [(true, Mode::Strict), (false, Mode::Lenient)] {
        let input = xml_with_latin1(declared);
        let items = xml_items(&input, mode);
        let (last, _) = items.last().expect("items");
        let err = last.as_ref().expect_err("the document ends malformed");
        let at = memchr_last(&input, b"</collection>");
        assert!(
            err.1.offset <= input.len() as u64,
            "declared {declared}, {mode:?}: the error is placed at byte {} of a {}-byte input \
             (`</collection>` is at byte {at}): {err:?}",
            err.1.offset,
            input.len()
        );
    }
}

fn memchr_last(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .rposition(|w| w == needle)
        .expect("needle")
}

/// fuzz/regressions/marcxml/utf8-repair-warning-read-ahead, found by the harness's
/// read-size check on MARCXML at 1febdf7 (fixed since): lenient mode
/// replaced invalid UTF-8 as its transcoder read input chunks, and warned about the
/// replacements made so far at the next XML event. With the input in memory (or in a 64 KiB
/// `BufReader`) all of them were reported at once, at record 0, byte 0, before the record
/// that holds them; with smaller reads they were split into several warnings elsewhere.
#[test]
fn xml_utf8_repair_warning_names_its_record() {
    let input = xml_with_latin1(false);
    let second = memchr_last(&input, b"<record><leader>");
    let items = xml_items(&input, Mode::Lenient);
    let warnings: Vec<&MarcWarning> = items
        .iter()
        .flat_map(|(_, w)| w)
        .filter(|w| w.message.contains("invalid UTF-8"))
        .collect();
    assert!(!warnings.is_empty(), "{items:?}");
    for w in warnings {
        assert!(
            w.position.record == 2 && w.position.offset >= second as u64,
            "the invalid bytes are in record 2, after byte {second}, but the warning says {:?}: {}",
            w.position,
            w.message
        );
    }
}

/// Not a bug: what the round trip properties leave out, the writers refuse with an error
/// rather than write something that reads back different.
#[test]
fn xml_writer_refuses_what_xml_cannot_hold() {
    for c in ['\u{fffe}', '\u{ffff}'] {
        let mut r = Record::new();
        r.push(DataField::new(tag("245"), '1', '0').with('a', format!("x{c}")));
        let err = to_bytes(&[r], Format::MarcXml).expect_err("XML 1.0 cannot hold it");
        assert_eq!(err.kind, ErrorKind::Unwritable, "{err}");
    }
}

#[test]
fn mrk_writer_refuses_what_mnemonic_cannot_hold() {
    let mut r = Record::new();
    r.push(DataField::new(tag("FMT"), ' ', ' '));
    let err = to_bytes(&[r], Format::Mrk).expect_err("reads back as a control field");
    assert_eq!(err.kind, ErrorKind::Unwritable, "{err}");
}
