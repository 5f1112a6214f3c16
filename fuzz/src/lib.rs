//! Checks shared by the fuzz targets.
//!
//! Every target feeds its input to one reader in strict and in lenient mode and drains the
//! iterator. Besides "no panic", the harness checks what must hold for any input:
//!
//! * the reader ends: it yields at most one item per input byte (plus one);
//! * the output does not depend on how the source hands out its bytes: reading through a
//!   source that gives a few bytes per `read` yields the same records, errors and warnings
//!   as reading the whole slice;
//! * error and warning positions lie inside the input;
//! * every record a reader yields can be used: its accessors work, every writer either
//!   writes it or refuses it with an error, and MARC-in-JSON (which can express any record)
//!   reads it back unchanged.

use std::io::{BufReader, Read};

use pustaka_marc::{
    marc8, read_bytes, to_bytes, ErrorKind, Format, Leader, MarcWarning, Mode, Position,
    ReadOptions, Reader, Record,
};

/// All formats, in a fixed order.
pub const FORMATS: [Format; 4] = [Format::Iso2709, Format::MarcXml, Format::Json, Format::Mrk];

/// One item a reader yields, in a comparable form (errors without their I/O source).
pub type Outcome = Result<Record, (ErrorKind, Position, String)>;

/// A byte source that hands out at most `step` bytes per `read`.
pub struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl<'a> Trickle<'a> {
    /// A source over `data` giving at most `step` (at least 1) bytes at a time.
    pub fn new(data: &'a [u8], step: usize) -> Self {
        Trickle {
            data,
            step: step.max(1),
        }
    }
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Drains a reader, checking that it ends; returns its items and warnings in order.
///
/// Panics when the reader yields more than `input_len + 1` items: no format can hold more
/// records (or errors) than it has bytes, so a reader that does is looping.
pub fn read_all<R: std::io::BufRead>(
    mut reader: Reader<R>,
    input_len: usize,
) -> (Vec<Outcome>, Vec<MarcWarning>) {
    let limit = input_len + 1;
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    while let Some(item) = reader.next() {
        assert!(
            items.len() < limit,
            "{:?} reader yielded more than {limit} items from {input_len} bytes: it does not end",
            reader.format()
        );
        warnings.extend(reader.take_warnings());
        items.push(item.map_err(|e| {
            // Display must not panic either.
            let _ = e.to_string();
            (e.kind, e.position, e.message)
        }));
    }
    warnings.extend(reader.take_warnings());
    for w in &warnings {
        let _ = w.to_string();
    }
    // Positions lie inside the input.
    let errors = items.iter().filter_map(|i| i.as_ref().err()).map(|e| &e.1);
    for pos in errors.chain(warnings.iter().map(|w| &w.position)) {
        assert!(
            pos.offset <= input_len as u64,
            "{:?} reader reports byte {} of a {input_len}-byte input: {pos:?}",
            reader.format(),
            pos.offset
        );
    }
    (items, warnings)
}

/// Reads `data` as `format` in both modes, whole and trickled, and checks every record.
pub fn drain(data: &[u8], format: Format) {
    // A deterministic chunk size from the input, so that crashes reproduce: 1 to 5 bytes
    // for short inputs, at most about 70 reads for long ones (the ISO 2709 reader zero-fills
    // a 256 KiB block on every `read`, which would otherwise dominate the run time).
    let step = data.len() / 64 + 1 + data.len() % 5;
    for mode in [Mode::Strict, Mode::Lenient] {
        let options = ReadOptions {
            mode,
            ..ReadOptions::default()
        };
        let whole = read_all(Reader::new(data, format, options), data.len());
        let src = BufReader::with_capacity(step, Trickle::new(data, step));
        let trickled = read_all(Reader::new(src, format, options), data.len());
        assert!(
            whole == trickled,
            "{format:?} {mode:?}: reading {step} bytes at a time gives a different result\nwhole:    {whole:?}\ntrickled: {trickled:?}"
        );
        for record in whole.0.iter().flatten() {
            check_record(record);
        }
    }
}

/// Uses a record every way a caller might: accessors, every writer, a JSON round trip.
pub fn check_record(record: &Record) {
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
        // Writers may refuse a record (ISO 2709 limits); they must not panic.
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
    assert_eq!(back.len(), 1, "JSON round trip: {back:?}");
    match &back[0] {
        Ok(r) => assert_eq!(r, &want, "JSON round trip changed the record"),
        Err(e) => panic!(
            "JSON round trip: the written record does not read back: {e}\n{}",
            String::from_utf8_lossy(&json)
        ),
    }
}

/// Decodes `data` as one MARC-8 string with and without NCR decoding and checks the result.
pub fn marc8(data: &[u8]) {
    for decode_ncr in [true, false] {
        let mut issues = Vec::new();
        let text = marc8::decode(data, marc8::Marc8Options { decode_ncr }, &mut issues);
        assert!(
            unicode_normalization::is_nfc(&text),
            "MARC-8 output is not NFC: {text:?}"
        );
        assert!(issues.len() <= 50, "{} issues reported", issues.len());
        for issue in &issues {
            assert!(
                issue.offset <= data.len(),
                "issue offset {} past the {}-byte input: {}",
                issue.offset,
                data.len(),
                issue.message
            );
        }
    }
}
