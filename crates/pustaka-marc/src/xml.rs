//! MARCXML: MARC 21 records as XML, in the Library of Congress "MARC21 slim" schema.
//!
//! A document holds `<record>` elements, usually inside one `<collection>`. A record has a
//! `<leader>`, `<controlfield tag="001">` elements holding a value, and
//! `<datafield tag="245" ind1="1" ind2="0">` elements holding `<subfield code="a">`
//! elements. The reader streams: each record is returned as soon as its `</record>` is
//! read, so a collection of any size is read in constant memory. It reads text the way
//! pymarc 5.4.0's `parse_xml_to_array` does, which is the reference for what a record
//! holds: namespaces and prefixes are ignored (`marc:record`, a default namespace and no
//! namespace read alike), text is kept exactly (white space is not stripped; line ends are
//! normalised as XML requires), a missing `ind1`/`ind2` is a blank, a record without a
//! `<leader>` gets pymarc's blank leader (`"          22        4500"`) in lenient mode, a
//! subfield with an empty `code` is dropped, and unknown elements are skipped. Unlike
//! pymarc, the element decides whether a field is a control field (pymarc decides by tag
//! and loses the text of `<controlfield tag="FMT">`).
//!
//! Where pymarc fails, strict mode returns an [`ErrorKind::Xml`] error with the line and
//! byte offset: for a field without a `tag` attribute, a subfield without `code`, a leader
//! that is not 24 characters, a tag that is not three characters, a record without a
//! leader. Lenient mode repairs these with a warning. A document that is not well-formed
//! XML (mismatched tags, a truncated file, an undefined entity, a bad character reference,
//! a raw control character) ends iteration after its error; in lenient mode bad character
//! references, undefined entities, forbidden control characters and invalid UTF-8 are
//! repaired instead. Documents declared as ISO-8859-1 or windows-1252 are transcoded, other
//! non-UTF-8 encodings are refused. Byte offsets and lines in errors and warnings are those
//! of the input as given, before transcoding or the replacement of invalid UTF-8.
//!
//! The writer writes a `<collection>` in the MARC21 slim namespace with one indented
//! `<record>` per record. Characters XML 1.0 cannot hold (control characters other than
//! tab, line feed and carriage return, U+FFFE, U+FFFF) make [`XmlWriter`] return an
//! [`ErrorKind::Unwritable`] error naming the field, so nothing is lost silently; carriage
//! returns, tabs and line feeds in attributes are written as character references so that
//! they read back exactly.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{self, BufRead, Read, Write};

use quick_xml::events::{BytesStart, Event};

use crate::error::{ErrorKind, MarcError, MarcWarning, Position};
use crate::record::{ControlField, DataField, Field, Indicator, Leader, Record, Subfield, Tag};
use crate::{Mode, ReadOptions, RecordWriter};

/// The MARCXML namespace, `http://www.loc.gov/MARC21/slim`.
pub const MARC_XML_NS: &str = "http://www.loc.gov/MARC21/slim";

/// The leader pymarc gives a record read without a `<leader>` element.
const PYMARC_BLANK_LEADER: &str = "          22        4500";

// ---------------------------------------------------------------------------------------
// Input: transcoding and line counting
// ---------------------------------------------------------------------------------------

/// How the input bytes are turned into the UTF-8 quick-xml reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transcode {
    /// UTF-8 passed through; invalid bytes are an error of quick-xml.
    Utf8,
    /// UTF-8 with invalid sequences replaced by U+FFFD (lenient mode).
    Utf8Repair,
    /// ISO-8859-1: every byte is the code point of the same value.
    Latin1,
    /// windows-1252: ISO-8859-1 with printable characters in 0x80-0x9F.
    Cp1252,
}

/// Line numbers of byte offsets in the stream quick-xml reads.
///
/// Line breaks (`\n`, `\r\n`, lone `\r`) are recorded as they are consumed; those before the
/// current event are folded into a count, so memory stays bounded by one event.
#[derive(Debug, Default)]
struct Lines {
    consumed: u64,
    folded: usize,
    breaks: Vec<u64>,
    pending_cr: Option<u64>,
}

impl Lines {
    fn feed(&mut self, bytes: &[u8]) {
        for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            let off = self.consumed + i as u64;
            if let Some(cr) = self.pending_cr.take() {
                if bytes[i] == b'\n' && cr + 1 == off {
                    self.breaks.push(off);
                    continue;
                }
                self.breaks.push(cr);
            }
            if bytes[i] == b'\r' {
                self.pending_cr = Some(off);
            } else {
                self.breaks.push(off);
            }
        }
        let end = self.consumed + bytes.len() as u64;
        if let Some(cr) = self.pending_cr {
            if cr + 1 < end {
                self.breaks.push(cr);
                self.pending_cr = None;
            }
        }
        self.consumed = end;
    }

    /// The line (from 1) of the byte at `offset`, for offsets at or after the last fold.
    fn line_at(&self, offset: u64) -> usize {
        let pending = usize::from(self.pending_cr.is_some_and(|cr| cr < offset));
        1 + self.folded + self.breaks.partition_point(|&b| b < offset) + pending
    }

    /// Folds the breaks before `offset` into the count.
    fn fold(&mut self, offset: u64) {
        let k = self.breaks.partition_point(|&b| b < offset);
        self.folded += k;
        self.breaks.drain(..k);
    }
}

/// Takes the first bytes of `src`, enough to hold an XML declaration: up to the first
/// `?>`, at most 1024 bytes, or five bytes when they do not open a declaration.
fn take_head<R: BufRead>(src: &mut R) -> Vec<u8> {
    let mut head = Vec::new();
    loop {
        let bom = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let opened = &head[bom..];
        if head.len() >= 1024
            || memchr::memmem::find(&head, b"?>").is_some()
            || (opened.len() >= 5 && !opened.starts_with(b"<?xml"))
            || head.starts_with(b"\xFF\xFE")
            || head.starts_with(b"\xFE\xFF")
        {
            break;
        }
        let buf = match src.fill_buf() {
            Ok(b) if !b.is_empty() => b,
            _ => break,
        };
        let n = buf.len().min(1024 - head.len());
        head.extend_from_slice(&buf[..n]);
        src.consume(n);
    }
    head
}

const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// windows-1252 characters for bytes 0x80-0x9F (undefined bytes keep their C1 value).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Maps byte offsets in the stream quick-xml reads back to offsets in the input.
///
/// Transcoding changes lengths (an ISO-8859-1 `é` is one input byte and two UTF-8 bytes;
/// an invalid UTF-8 sequence of one to three bytes becomes the three bytes of U+FFFD).
/// After each unit whose output length differs from its input length a breakpoint
/// `(out, in)` is recorded: output byte `out` is input byte `in`, and bytes up to the next
/// unit correspond one to one. An offset inside a unit maps to a byte of that unit.
/// Breakpoints before the current event are folded into `base`, so memory stays bounded by
/// one event and one chunk of read-ahead.
#[derive(Debug, Default)]
struct OffsetMap {
    base: (u64, u64),
    breaks: Vec<(u64, u64)>,
}

impl OffsetMap {
    /// Records that output byte `out` is input byte `inp`.
    fn record(&mut self, out: u64, inp: u64) {
        self.breaks.push((out, inp));
    }

    /// The input offset of output byte `offset`, for offsets at or after the last fold.
    fn input_offset(&self, offset: u64) -> u64 {
        let k = self.breaks.partition_point(|&(out, _)| out <= offset);
        let (out, inp) = if k == 0 {
            self.base
        } else {
            self.breaks[k - 1]
        };
        let mapped = inp + offset.saturating_sub(out);
        match self.breaks.get(k) {
            // `offset` lies before the next breakpoint, in the unit that ends there at the
            // latest: keep it inside that unit's input bytes.
            Some(&(_, next_in)) => mapped.min(next_in.saturating_sub(1).max(inp)),
            None => mapped,
        }
    }

    /// Folds the breakpoints at or before `offset` into the base.
    fn fold(&mut self, offset: u64) {
        let k = self.breaks.partition_point(|&(out, _)| out <= offset);
        if k > 0 {
            self.base = self.breaks[k - 1];
            self.breaks.drain(..k);
        }
    }
}

/// Transcoding state carried from chunk to chunk.
#[derive(Debug)]
struct Transcoder {
    mode: Transcode,
    /// The bytes of an incomplete UTF-8 sequence at the end of the last chunk.
    carry: Vec<u8>,
    /// Input bytes transcoded so far (the carry not included).
    in_pos: u64,
    /// Output bytes produced so far.
    out_pos: u64,
    map: OffsetMap,
    /// Invalid UTF-8 sequences replaced and not yet reported: output and input offsets.
    repairs: VecDeque<(u64, u64)>,
}

impl Transcoder {
    fn new(mode: Transcode) -> Self {
        Transcoder {
            mode,
            carry: Vec::new(),
            in_pos: 0,
            out_pos: 0,
            map: OffsetMap::default(),
            repairs: VecDeque::new(),
        }
    }

    /// Appends input bytes copied unchanged to the output.
    fn pass(&mut self, out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend_from_slice(bytes);
        self.in_pos += bytes.len() as u64;
        self.out_pos += bytes.len() as u64;
    }

    /// Appends `text` standing for `n` input bytes, recording a breakpoint where the
    /// lengths differ.
    fn replace(&mut self, out: &mut Vec<u8>, text: &[u8], n: usize) {
        out.extend_from_slice(text);
        self.in_pos += n as u64;
        self.out_pos += text.len() as u64;
        if text.len() != n {
            self.map.record(self.out_pos, self.in_pos);
        }
    }

    /// Replaces `n` invalid input bytes by U+FFFD.
    fn repair(&mut self, out: &mut Vec<u8>, n: usize) {
        self.repairs.push_back((self.out_pos, self.in_pos));
        self.replace(out, REPLACEMENT, n);
    }

    fn chunk(&mut self, chunk: &[u8], out: &mut Vec<u8>) {
        let mut tmp = [0u8; 4];
        match self.mode {
            Transcode::Utf8 => self.pass(out, chunk),
            Transcode::Latin1 | Transcode::Cp1252 => {
                let mut rest = chunk;
                while !rest.is_empty() {
                    let ascii = rest.iter().position(|&b| b >= 0x80).unwrap_or(rest.len());
                    self.pass(out, &rest[..ascii]);
                    let Some(&b) = rest.get(ascii) else {
                        break;
                    };
                    let c = if self.mode == Transcode::Cp1252 && (0x80..0xA0).contains(&b) {
                        CP1252_HIGH[usize::from(b - 0x80)]
                    } else {
                        char::from(b)
                    };
                    self.replace(out, c.encode_utf8(&mut tmp).as_bytes(), 1);
                    rest = &rest[ascii + 1..];
                }
            }
            Transcode::Utf8Repair => {
                let data: Cow<'_, [u8]> = if self.carry.is_empty() {
                    Cow::Borrowed(chunk)
                } else {
                    let mut v = std::mem::take(&mut self.carry);
                    v.extend_from_slice(chunk);
                    Cow::Owned(v)
                };
                let mut rest: &[u8] = &data;
                loop {
                    match std::str::from_utf8(rest) {
                        Ok(s) => {
                            self.pass(out, s.as_bytes());
                            break;
                        }
                        Err(e) => {
                            let good = e.valid_up_to();
                            self.pass(out, &rest[..good]);
                            match e.error_len() {
                                Some(n) => {
                                    self.repair(out, n);
                                    rest = &rest[good + n..];
                                }
                                None => {
                                    self.carry.extend_from_slice(&rest[good..]);
                                    break;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Ends the input: an incomplete sequence left over becomes U+FFFD.
    fn finish(&mut self, out: &mut Vec<u8>) {
        if !self.carry.is_empty() {
            let n = self.carry.len();
            self.carry.clear();
            self.repair(out, n);
        }
    }
}

/// The reader's byte source: transcodes to UTF-8 where needed, counts lines and maps
/// offsets back to the input.
struct Source<R> {
    inner: R,
    out: Vec<u8>,
    out_pos: usize,
    inner_done: bool,
    transcoder: Transcoder,
    /// Lines of the stream quick-xml reads; transcoding keeps every line break (they are
    /// ASCII) and adds none, so these are the lines of the input.
    lines: Lines,
}

impl<R: BufRead> Source<R> {
    /// A source whose first bytes, `head`, were already taken from `inner`.
    fn new(inner: R, transcode: Transcode, head: Vec<u8>) -> Self {
        let mut source = Source {
            inner,
            out: Vec::new(),
            out_pos: 0,
            inner_done: false,
            transcoder: Transcoder::new(transcode),
            lines: Lines::default(),
        };
        if transcode == Transcode::Utf8 {
            source.out = head;
        } else {
            source.transcoder.chunk(&head, &mut source.out);
        }
        source
    }

    /// The input offset and line of output byte `offset`, for offsets at or after the last
    /// fold.
    fn locate(&self, offset: u64) -> (u64, usize) {
        (
            self.transcoder.map.input_offset(offset),
            self.lines.line_at(offset),
        )
    }

    /// Forgets what is kept about the stream before output byte `offset`.
    fn fold(&mut self, offset: u64) {
        self.lines.fold(offset);
        self.transcoder.map.fold(offset);
    }
}

impl<R: BufRead> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(buf.len());
            buf[..n].copy_from_slice(&avail[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.transcoder.mode == Transcode::Utf8 {
            if self.out_pos < self.out.len() {
                return Ok(&self.out[self.out_pos..]);
            }
            return self.inner.fill_buf();
        }
        while self.out_pos >= self.out.len() && !self.inner_done {
            self.out.clear();
            self.out_pos = 0;
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                self.inner_done = true;
                self.transcoder.finish(&mut self.out);
                break;
            }
            let n = chunk.len();
            self.transcoder.chunk(chunk, &mut self.out);
            self.inner.consume(n);
        }
        Ok(&self.out[self.out_pos..])
    }

    fn consume(&mut self, amt: usize) {
        if self.transcoder.mode == Transcode::Utf8 && self.out_pos >= self.out.len() {
            if amt > 0 {
                if let Ok(buf) = self.inner.fill_buf() {
                    let k = amt.min(buf.len());
                    self.lines.feed(&buf[..k]);
                }
            }
            self.inner.consume(amt);
        } else {
            let end = (self.out_pos + amt).min(self.out.len());
            self.lines.feed(&self.out[self.out_pos..end]);
            self.out_pos = end;
        }
    }
}

/// What the first bytes say about the document's encoding.
enum Detected {
    Use(Transcode),
    /// A declared encoding this reader does not transcode.
    Unsupported(String),
    /// UTF-16 (by byte order mark or by the zero bytes of `<?`).
    Utf16,
}

fn detect_encoding(head: &[u8]) -> Detected {
    if head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.starts_with(b"<\0?\0")
        || head.starts_with(b"\0<\0?")
    {
        return Detected::Utf16;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(decl) = head.strip_prefix(b"<?xml") else {
        return Detected::Use(Transcode::Utf8);
    };
    let end = memchr::memmem::find(decl, b"?>").unwrap_or(decl.len().min(200));
    let decl = &decl[..end];
    let Some(at) = memchr::memmem::find(decl, b"encoding") else {
        return Detected::Use(Transcode::Utf8);
    };
    let rest = &decl[at + 8..];
    let rest = rest.trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b"=") else {
        return Detected::Use(Transcode::Utf8);
    };
    let rest = rest.trim_ascii_start();
    let Some((&quote, rest)) = rest.split_first() else {
        return Detected::Use(Transcode::Utf8);
    };
    if quote != b'"' && quote != b'\'' {
        return Detected::Use(Transcode::Utf8);
    }
    let name_end = rest.iter().position(|&b| b == quote).unwrap_or(rest.len());
    let name = String::from_utf8_lossy(&rest[..name_end]).to_ascii_lowercase();
    match name.as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => Detected::Use(Transcode::Utf8),
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" | "cp819" => {
            Detected::Use(Transcode::Latin1)
        }
        "windows-1252" | "cp1252" => Detected::Use(Transcode::Cp1252),
        "utf-16" | "utf16" | "utf-16le" | "utf-16be" => Detected::Utf16,
        _ => Detected::Unsupported(name),
    }
}

// ---------------------------------------------------------------------------------------
// Characters and references
// ---------------------------------------------------------------------------------------

/// True for characters XML 1.0 allows in a document.
fn xml10_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character XML 1.0 does not allow, if any.
fn first_forbidden(s: &str) -> Option<char> {
    let bytes = s.as_bytes();
    let suspicious = bytes
        .iter()
        .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if !suspicious {
        return None;
    }
    s.chars().find(|&c| !xml10_char(c))
}

/// Normalises XML line ends: `\r\n` and lone `\r` become `\n`.
fn push_eol_normalized(out: &mut String, s: &str) {
    if !s.contains('\r') {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
}

/// What a reference `&name;` stands for.
enum Resolved {
    Char(char),
    /// A character reference to a character XML 1.0 does not allow (but Unicode has).
    Forbidden(char),
    /// A character reference to no Unicode scalar value.
    NotAChar,
    /// An entity that is not one of the five predefined ones.
    Unknown,
}

fn resolve_reference(name: &str) -> Resolved {
    match name {
        "lt" => return Resolved::Char('<'),
        "gt" => return Resolved::Char('>'),
        "amp" => return Resolved::Char('&'),
        "apos" => return Resolved::Char('\''),
        "quot" => return Resolved::Char('"'),
        _ => {}
    }
    let Some(num) = name.strip_prefix('#') else {
        return Resolved::Unknown;
    };
    let value = match num.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()
        }
        None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num.parse().ok(),
        _ => return Resolved::NotAChar,
    };
    match value.and_then(char::from_u32) {
        Some(c) if xml10_char(c) => Resolved::Char(c),
        Some(c) => Resolved::Forbidden(c),
        None => Resolved::NotAChar,
    }
}

fn local_name(qname: &str) -> &str {
    match qname.rfind(':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

/// Applies pymarc's (Python's) tag rule: a tag of digits that is not three long is
/// re-written as a three-digit number (`"42"` is `"042"`).
fn normalize_tag(text: &str) -> Option<Tag> {
    if !text.is_empty() && text.len() != 3 && text.bytes().all(|b| b.is_ascii_digit()) {
        let digits = text.trim_start_matches('0');
        if digits.len() > 3 {
            return None;
        }
        let n: u32 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        return Tag::parse(&format!("{n:03}"));
    }
    Tag::parse(text)
}

// ---------------------------------------------------------------------------------------
// The reader
// ---------------------------------------------------------------------------------------

/// A record being read: what pymarc's handler keeps in `_record`.
struct PartialRecord {
    leader: Option<String>,
    fields: Vec<Field>,
    /// The first fault found in strict mode; the record is returned as this error.
    error: Option<MarcError>,
    position: Position,
}

/// A field being read: pymarc's `_field`. A field without a usable tag (lenient mode)
/// is read but not kept.
struct PartialField {
    control: bool,
    tag: Option<Tag>,
    ind1: Indicator,
    ind2: Indicator,
    subfields: Vec<Subfield>,
}

/// The attributes MARCXML uses, as read from one element.
#[derive(Default)]
struct MarcAttrs {
    tag: Option<String>,
    code: Option<String>,
    ind1: Option<String>,
    ind2: Option<String>,
    /// Names of the attributes that were found only with a namespace prefix.
    prefixed: Vec<String>,
}

/// What one XML event led to.
enum Step {
    Continue,
    Emit(Result<Record, MarcError>),
    Fatal(MarcError),
}

/// Streams records from MARCXML.
///
/// ```
/// use pustaka_marc::{xml::XmlReader, ReadOptions};
///
/// let doc = r#"<collection xmlns="http://www.loc.gov/MARC21/slim"><record>
///   <leader>00000nam a2200000 a 4500</leader>
///   <controlfield tag="001">b1</controlfield>
///   <datafield tag="245" ind1="1" ind2="0"><subfield code="a">Laskar pelangi</subfield></datafield>
/// </record></collection>"#;
/// let records: Vec<_> = XmlReader::new(doc.as_bytes(), ReadOptions::default())
///     .collect::<Result<_, _>>()
///     .unwrap();
/// assert_eq!(records[0].subfield("245", 'a'), Some("Laskar pelangi"));
/// ```
pub struct XmlReader<R: BufRead> {
    xml: quick_xml::Reader<Source<R>>,
    buf: Vec<u8>,
    options: ReadOptions,
    warnings: Vec<MarcWarning>,
    /// An error found before reading (an encoding this reader cannot read).
    startup: Option<MarcError>,
    // pymarc's XmlHandler state
    text: String,
    record: Option<PartialRecord>,
    field: Option<PartialField>,
    code: Option<char>,
    // document state
    depth: usize,
    roots: usize,
    record_no: usize,
    /// Byte offset and line of the event being handled.
    at: (u64, usize),
    done: bool,
}

impl<R: BufRead> XmlReader<R> {
    /// A reader over a byte source.
    pub fn new(mut src: R, options: ReadOptions) -> Self {
        let head = take_head(&mut src);
        let detected = detect_encoding(&head);
        let lenient = options.mode == Mode::Lenient;
        let mut warnings = Vec::new();
        let mut startup = None;
        let transcode = match detected {
            Detected::Use(Transcode::Utf8) if lenient => Transcode::Utf8Repair,
            Detected::Use(t) => t,
            Detected::Utf16 => {
                startup = Some(MarcError::new(
                    ErrorKind::Xml,
                    Position::default(),
                    "the document is UTF-16, which this reader does not read; convert it to UTF-8",
                ));
                Transcode::Utf8
            }
            Detected::Unsupported(name) if lenient => {
                warnings.push(MarcWarning {
                    position: Position::default(),
                    message: format!(
                        "the document declares the encoding {name:?}, which this reader does not \
                         transcode; read as UTF-8, invalid bytes replaced by U+FFFD"
                    ),
                });
                Transcode::Utf8Repair
            }
            Detected::Unsupported(name) => {
                startup = Some(MarcError::new(
                    ErrorKind::Xml,
                    Position::default(),
                    format!(
                        "the document declares the encoding {name:?}; only UTF-8, ISO-8859-1 and \
                         windows-1252 are read"
                    ),
                ));
                Transcode::Utf8
            }
        };
        let xml = quick_xml::Reader::from_reader(Source::new(src, transcode, head));
        XmlReader {
            xml,
            buf: Vec::with_capacity(4096),
            options,
            warnings,
            startup,
            text: String::new(),
            record: None,
            field: None,
            code: None,
            depth: 0,
            roots: 0,
            record_no: 0,
            at: (0, 1),
            done: false,
        }
    }

    /// Warnings gathered since the last call.
    pub fn take_warnings(&mut self) -> Vec<MarcWarning> {
        std::mem::take(&mut self.warnings)
    }

    fn lenient(&self) -> bool {
        self.options.mode == Mode::Lenient
    }

    /// The record being read (0 between records).
    fn current_record(&self) -> usize {
        if self.record.is_some() {
            self.record_no
        } else {
            0
        }
    }

    fn here(&self) -> Position {
        Position {
            record: self.current_record(),
            offset: self.at.0,
            line: self.at.1,
            tag: None,
        }
    }

    fn field_here(&self) -> Position {
        let mut p = self.here();
        p.tag = self.field.as_ref().and_then(|f| f.tag);
        p
    }

    fn warn(&mut self, position: Position, message: impl Into<String>) {
        self.warnings.push(MarcWarning {
            position,
            message: message.into(),
        });
    }

    /// A record-level fault: an error for the record in strict mode (returned at once when
    /// no record is open), a warning in lenient mode.
    fn fault(&mut self, position: Position, strict: String, lenient: String) -> Option<Step> {
        if self.lenient() {
            self.warn(position, lenient);
            return None;
        }
        let err = MarcError::new(ErrorKind::Xml, position, strict);
        match &mut self.record {
            Some(rec) => {
                if rec.error.is_none() {
                    rec.error = Some(err);
                }
                None
            }
            None => Some(Step::Emit(Err(err))),
        }
    }

    /// A well-formedness fault that lenient mode repairs: fatal in strict mode.
    fn malformed(
        &mut self,
        position: Position,
        message: String,
        repair: &str,
    ) -> Result<(), MarcError> {
        if self.lenient() {
            self.warn(position, format!("{message}; {repair}"));
            Ok(())
        } else {
            Err(MarcError::new(
                ErrorKind::Xml,
                position,
                format!("the XML is not well-formed: {message}"),
            ))
        }
    }

    /// Reports the invalid UTF-8 sequences replaced in the bytes read so far, at the first
    /// of them. What is read so far ends where the last event ends, whatever the read-ahead.
    fn report_repairs(&mut self) {
        let consumed = self.xml.buffer_position();
        let source = self.xml.get_mut();
        let repairs = &mut source.transcoder.repairs;
        let n = repairs
            .iter()
            .take_while(|&&(out, _)| out < consumed)
            .count();
        if n == 0 {
            return;
        }
        let (out, offset) = repairs[0];
        repairs.drain(..n);
        let line = source.lines.line_at(out);
        let pos = Position {
            record: self.current_record(),
            offset,
            line,
            tag: None,
        };
        self.warn(
            pos,
            format!("{n} invalid UTF-8 byte sequence(s) replaced by U+FFFD"),
        );
    }

    /// Appends the text a reference stands for, repairing in lenient mode.
    fn push_reference(&mut self, name: &str, out: &mut String) -> Result<(), MarcError> {
        match resolve_reference(name) {
            Resolved::Char(c) => out.push(c),
            Resolved::Forbidden(c) => {
                let pos = self.here();
                self.malformed(
                    pos,
                    format!(
                        "&{name}; refers to U+{:04X}, which XML 1.0 does not allow",
                        c as u32
                    ),
                    "the character is kept",
                )?;
                out.push(c);
            }
            Resolved::NotAChar => {
                let pos = self.here();
                self.malformed(
                    pos,
                    format!("&{name}; is not a valid character reference"),
                    "replaced by U+FFFD",
                )?;
                out.push('\u{FFFD}');
            }
            Resolved::Unknown => {
                let pos = self.here();
                self.malformed(
                    pos,
                    format!("the entity &{name}; is not defined"),
                    "kept as it is written",
                )?;
                out.push('&');
                out.push_str(name);
                out.push(';');
            }
        }
        Ok(())
    }

    /// Checks raw text for characters XML forbids (fatal in strict mode).
    fn check_chars(&mut self, s: &str) -> Result<(), MarcError> {
        if let Some(c) = first_forbidden(s) {
            let pos = self.here();
            self.malformed(
                pos,
                format!(
                    "the text holds U+{:04X}, which XML 1.0 does not allow",
                    c as u32
                ),
                "the character is kept",
            )?;
        }
        Ok(())
    }

    /// An attribute value as XML reads it: references resolved, and each literal tab, line
    /// feed or carriage return (a `\r\n` pair counting once) turned into a space.
    fn attribute_value(&mut self, raw: &str) -> Result<String, MarcError> {
        self.check_chars(raw)?;
        if !raw.contains(['&', '\t', '\n', '\r']) {
            return Ok(raw.to_string());
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
            out.push_str(&rest[..i]);
            let c = rest.as_bytes()[i];
            if c == b'&' {
                let after = &rest[i + 1..];
                match after.find(';') {
                    Some(j) => {
                        let name = &after[..j];
                        self.push_reference(name, &mut out)?;
                        rest = &after[j + 1..];
                    }
                    None => {
                        let pos = self.here();
                        self.malformed(
                            pos,
                            "an attribute value holds & without a closing ;".into(),
                            "the & is kept",
                        )?;
                        out.push('&');
                        rest = after;
                    }
                }
            } else {
                out.push(' ');
                rest = if c == b'\r' && rest.as_bytes().get(i + 1) == Some(&b'\n') {
                    &rest[i + 2..]
                } else {
                    &rest[i + 1..]
                };
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    fn read_attrs(&mut self, e: &BytesStart<'_>) -> Result<MarcAttrs, MarcError> {
        let mut attrs = MarcAttrs::default();
        for attr in e.attributes() {
            let attr = attr.map_err(|err| {
                MarcError::new(
                    ErrorKind::Xml,
                    self.here(),
                    format!(
                        "the XML is not well-formed: bad attribute in <{}>: {err}",
                        e.name().as_ref()
                    ),
                )
            })?;
            let key: &str = attr.key.as_ref();
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let prefixed = key.contains(':');
            let local = local_name(key);
            if !matches!(local, "tag" | "code" | "ind1" | "ind2") {
                continue;
            }
            let value = self.attribute_value(&attr.value)?;
            let slot = match local {
                "tag" => &mut attrs.tag,
                "code" => &mut attrs.code,
                "ind1" => &mut attrs.ind1,
                _ => &mut attrs.ind2,
            };
            if prefixed {
                if slot.is_some() {
                    continue;
                }
                *slot = Some(value);
                attrs.prefixed.push(key.to_string());
            } else {
                *slot = Some(value);
                attrs.prefixed.retain(|k| local_name(k) != local);
            }
        }
        Ok(attrs)
    }

    /// Attributes found only with a namespace prefix (`marc:tag`): pymarc does not see
    /// them, so strict mode drops them (a prefixed `tag` is then a missing tag); lenient mode
    /// keeps them, with a warning.
    fn unprefixed(&mut self, attrs: &mut MarcAttrs, element: &str) {
        if attrs.prefixed.is_empty() {
            return;
        }
        let names = std::mem::take(&mut attrs.prefixed);
        let pos = self.field_here();
        if self.lenient() {
            self.warn(
                pos,
                format!(
                    "<{element}> has the attribute(s) {} only with a namespace prefix; read as if unprefixed",
                    names.join(", ")
                ),
            );
            return;
        }
        for name in &names {
            match local_name(name) {
                "tag" => attrs.tag = None,
                "code" => attrs.code = None,
                "ind1" => attrs.ind1 = None,
                _ => attrs.ind2 = None,
            }
        }
    }

    fn on_start(&mut self, e: &BytesStart<'_>) -> Step {
        if self.depth == 0 {
            self.roots += 1;
            if self.roots > 1 && !self.lenient() {
                return Step::Fatal(MarcError::new(
                    ErrorKind::Xml,
                    self.here(),
                    format!(
                        "the XML is not well-formed: a second root element <{}> follows the first",
                        e.name().as_ref()
                    ),
                ));
            }
        }
        self.depth += 1;
        self.text.clear();
        let qname = e.name();
        let qname: &str = qname.as_ref();
        match local_name(qname) {
            "record" => {
                if self.record.is_some() {
                    let pos = self.here();
                    self.warn(
                        pos,
                        "a <record> starts before the previous one ends; the unfinished record is dropped",
                    );
                }
                self.record_no += 1;
                self.record = Some(PartialRecord {
                    leader: None,
                    fields: Vec::new(),
                    error: None,
                    position: self.here(),
                });
            }
            name @ ("controlfield" | "datafield") => {
                let control = name == "controlfield";
                let mut attrs = match self.read_attrs(e) {
                    Ok(a) => a,
                    Err(err) => return Step::Fatal(err),
                };
                self.unprefixed(&mut attrs, name);
                let pos = self.here();
                let tag = match attrs.tag.as_deref() {
                    None => {
                        let step = self.fault(
                            pos,
                            format!("<{name}> without a tag attribute"),
                            format!("<{name}> without a tag attribute; the field is skipped"),
                        );
                        if let Some(step) = step {
                            return step;
                        }
                        None
                    }
                    Some(text) => match normalize_tag(text) {
                        Some(tag) => Some(tag),
                        None => {
                            let trimmed = normalize_tag(text.trim());
                            let step = match trimmed {
                                Some(t) if self.lenient() => {
                                    self.warn(
                                        pos,
                                        format!("<{name}> tag {text:?} has white space around it; read as {t}"),
                                    );
                                    None
                                }
                                _ => self.fault(
                                    pos,
                                    format!("<{name}> has the tag {text:?}, which is not three ASCII characters"),
                                    format!(
                                        "<{name}> has the tag {text:?}, which is not three ASCII characters; \
                                         the field is skipped"
                                    ),
                                ),
                            };
                            if let Some(step) = step {
                                return step;
                            }
                            trimmed.filter(|_| self.lenient())
                        }
                    },
                };
                let ind =
                    |v: Option<String>| v.map_or(Indicator::BLANK, |s| Indicator::from_text(&s));
                self.field = Some(PartialField {
                    control,
                    tag,
                    ind1: ind(attrs.ind1),
                    ind2: ind(attrs.ind2),
                    subfields: Vec::new(),
                });
            }
            "subfield" => {
                let mut attrs = match self.read_attrs(e) {
                    Ok(a) => a,
                    Err(err) => return Step::Fatal(err),
                };
                self.unprefixed(&mut attrs, "subfield");
                let pos = self.field_here();
                self.code = None;
                match attrs.code {
                    None => {
                        if let Some(step) = self.fault(
                            pos,
                            "subfield without a code attribute".into(),
                            "subfield without a code attribute; the subfield is skipped".into(),
                        ) {
                            return step;
                        }
                    }
                    Some(code) => {
                        let mut chars = code.chars();
                        match (chars.next(), chars.next()) {
                            (None, _) => {
                                if let Some(step) = self.fault(
                                    pos,
                                    "subfield with an empty code attribute".into(),
                                    "subfield with an empty code attribute; the subfield is skipped, as pymarc does"
                                        .into(),
                                ) {
                                    return step;
                                }
                            }
                            (Some(c), None) => self.code = Some(c),
                            (Some(c), Some(_)) => {
                                if let Some(step) = self.fault(
                                    pos,
                                    format!("subfield code {code:?} is longer than one character"),
                                    format!("subfield code {code:?} is longer than one character; read as {c:?}"),
                                ) {
                                    return step;
                                }
                                self.code = Some(c);
                            }
                        }
                    }
                }
            }
            "leader" | "collection" => {}
            other => {
                if self.record.is_some() && self.field.is_some() {
                    let pos = self.field_here();
                    let other = other.to_string();
                    self.warn(
                        pos,
                        format!("unknown element <{other}> inside a field is skipped"),
                    );
                }
            }
        }
        Step::Continue
    }

    fn on_end(&mut self, qname: &str) -> Step {
        self.depth = self.depth.saturating_sub(1);
        let text = std::mem::take(&mut self.text);
        match local_name(qname) {
            "record" => {
                if let Some(rec) = self.record.take() {
                    return Step::Emit(self.finish_record(rec));
                }
            }
            "leader" if self.record.is_some() => self.set_leader(text),
            "controlfield" if self.record.is_some() => {
                if let Some(f) = self.field.take() {
                    self.push_field(f, text);
                }
            }
            "datafield" if self.record.is_some() => {
                if let Some(f) = self.field.take() {
                    self.push_field(f, String::new());
                }
            }
            "subfield" => {
                if let Some(field) = &mut self.field {
                    if let Some(code) = self.code.take() {
                        if !field.control && field.tag.is_some() {
                            field.subfields.push(Subfield { code, value: text });
                        }
                    }
                }
            }
            _ => {}
        }
        Step::Continue
    }

    fn set_leader(&mut self, text: String) {
        let n = text.chars().count();
        let pos = self.here();
        let leader = if n == 24 {
            text
        } else if self.lenient() {
            let trimmed = text.trim();
            if trimmed.chars().count() == 24 {
                self.warn(pos, "the leader has white space around it; trimmed");
                trimmed.to_string()
            } else {
                self.warn(
                    pos,
                    format!("the leader has {n} characters, not 24; kept as it is"),
                );
                text
            }
        } else {
            let _ = self.fault(
                pos,
                format!("the leader has {n} characters, not 24"),
                String::new(),
            );
            text
        };
        if let Some(rec) = &mut self.record {
            rec.leader = Some(leader);
        }
    }

    fn push_field(&mut self, f: PartialField, text: String) {
        let Some(tag) = f.tag else { return };
        let field = if f.control {
            Field::Control(ControlField { tag, value: text })
        } else {
            Field::Data(DataField {
                tag,
                ind1: f.ind1,
                ind2: f.ind2,
                subfields: f.subfields,
            })
        };
        if let Some(rec) = &mut self.record {
            rec.fields.push(field);
        }
    }

    fn finish_record(&mut self, rec: PartialRecord) -> Result<Record, MarcError> {
        if let Some(err) = rec.error {
            return Err(err);
        }
        let leader = match rec.leader {
            Some(l) => l,
            None if self.lenient() => {
                self.warn(
                    rec.position,
                    "the record has no <leader>; pymarc's blank leader is used",
                );
                PYMARC_BLANK_LEADER.to_string()
            }
            None => {
                return Err(MarcError::new(
                    ErrorKind::Xml,
                    rec.position,
                    "the record has no <leader>",
                ))
            }
        };
        Ok(Record {
            leader: Leader::new(leader),
            fields: rec.fields,
        })
    }

    fn on_event(&mut self, event: Event<'_>) -> Result<Step, MarcError> {
        match event {
            Event::Start(e) => Ok(self.on_start(&e)),
            Event::Empty(e) => {
                let step = self.on_start(&e);
                if let Step::Fatal(_) = step {
                    return Ok(step);
                }
                let name = e.name();
                let end = self.on_end(name.as_ref());
                Ok(match step {
                    Step::Continue => end,
                    other => other,
                })
            }
            Event::End(e) => {
                let name = e.name();
                Ok(self.on_end(name.as_ref()))
            }
            Event::Text(t) => {
                let s: &str = &t;
                self.check_chars(s)?;
                if self.depth == 0 {
                    if !s.trim_ascii().is_empty() && !self.lenient() {
                        return Err(MarcError::new(
                            ErrorKind::Xml,
                            self.here(),
                            "the XML is not well-formed: text outside the root element",
                        ));
                    }
                    return Ok(Step::Continue);
                }
                push_eol_normalized(&mut self.text, s);
                Ok(Step::Continue)
            }
            Event::CData(t) => {
                let s: &str = &t;
                self.check_chars(s)?;
                if self.depth > 0 {
                    push_eol_normalized(&mut self.text, s);
                }
                Ok(Step::Continue)
            }
            Event::GeneralRef(r) => {
                let name: &str = &r;
                let mut text = std::mem::take(&mut self.text);
                let result = self.push_reference(name, &mut text);
                if self.depth > 0 {
                    self.text = text;
                }
                result.map(|_| Step::Continue)
            }
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {
                Ok(Step::Continue)
            }
            Event::Eof => {
                self.done = true;
                let (offset, line) = self.xml.get_ref().locate(self.xml.buffer_position());
                let pos = Position {
                    record: self.current_record(),
                    offset,
                    line,
                    tag: None,
                };
                if self.depth > 0 {
                    let inside = if self.record.is_some() {
                        "<record>"
                    } else {
                        "the root element"
                    };
                    return Err(MarcError::new(
                        ErrorKind::Xml,
                        pos,
                        format!("the XML is not well-formed: the document ends inside {inside}"),
                    ));
                }
                if self.roots == 0 && !self.lenient() {
                    return Err(MarcError::new(
                        ErrorKind::Xml,
                        pos,
                        "the XML is not well-formed: the document has no root element",
                    ));
                }
                Ok(Step::Continue)
            }
        }
    }
}

impl<R: BufRead> Iterator for XmlReader<R> {
    type Item = Result<Record, MarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(err) = self.startup.take() {
            self.done = true;
            return Some(Err(err));
        }
        while !self.done {
            let start = self.xml.buffer_position();
            self.xml.get_mut().fold(start);
            self.at = self.xml.get_ref().locate(start);
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let step = match self.xml.read_event_into(&mut buf) {
                Ok(event) => match self.on_event(event) {
                    Ok(step) => step,
                    Err(err) => Step::Fatal(err),
                },
                Err(e) => {
                    let (offset, line) = self.xml.get_ref().locate(self.xml.error_position());
                    Step::Fatal(MarcError::new(
                        ErrorKind::Xml,
                        Position {
                            record: self.current_record(),
                            offset,
                            line,
                            tag: None,
                        },
                        format!("the XML is not well-formed: {e}"),
                    ))
                }
            };
            self.buf = buf;
            if self.lenient() {
                self.report_repairs();
            }
            match step {
                Step::Continue => {}
                Step::Emit(result) => return Some(result),
                Step::Fatal(err) => {
                    self.done = true;
                    return Some(Err(err));
                }
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------------------
// The writer
// ---------------------------------------------------------------------------------------

/// Where a character XML cannot hold was met, for the error message.
struct Unrepresentable {
    what: String,
    tag: Option<Tag>,
    c: char,
}

/// Appends `s` escaped for element text (`attr` false) or a double-quoted attribute.
///
/// Characters XML 1.0 cannot hold are written as character references when `refs` is set
/// (not well-formed XML 1.0) and reported otherwise.
fn push_escaped(out: &mut String, s: &str, attr: bool, refs: bool) -> Result<(), char> {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            c if xml10_char(c) => out.push(c),
            c if refs => out.push_str(&format!("&#x{:X};", c as u32)),
            c => return Err(c),
        }
    }
    Ok(())
}

/// Writes one `<record>` element, indented by `indent` levels of two spaces, with a line
/// end after each element.
fn write_record_xml(
    record: &Record,
    out: &mut String,
    indent: usize,
    namespace: bool,
    refs: bool,
) -> Result<(), Unrepresentable> {
    let pad = |out: &mut String, level: usize| {
        for _ in 0..level {
            out.push_str("  ");
        }
    };
    let esc =
        |out: &mut String, s: &str, attr: bool, what: &dyn Fn() -> String, tag: Option<Tag>| {
            push_escaped(out, s, attr, refs).map_err(|c| Unrepresentable {
                what: what(),
                tag,
                c,
            })
        };
    pad(out, indent);
    if namespace {
        out.push_str("<record xmlns=\"");
        out.push_str(MARC_XML_NS);
        out.push_str("\">\n");
    } else {
        out.push_str("<record>\n");
    }
    pad(out, indent + 1);
    out.push_str("<leader>");
    esc(
        out,
        &record.leader.to_utf8_text(),
        false,
        &|| "the leader".into(),
        None,
    )?;
    out.push_str("</leader>\n");
    for field in &record.fields {
        pad(out, indent + 1);
        match field {
            Field::Control(c) => {
                out.push_str("<controlfield tag=\"");
                esc(out, c.tag.as_str(), true, &|| "the tag".into(), Some(c.tag))?;
                out.push_str("\">");
                esc(out, &c.value, false, &|| "the value".into(), Some(c.tag))?;
                out.push_str("</controlfield>\n");
            }
            Field::Data(d) => {
                out.push_str("<datafield tag=\"");
                esc(out, d.tag.as_str(), true, &|| "the tag".into(), Some(d.tag))?;
                out.push_str("\" ind1=\"");
                esc(
                    out,
                    d.ind1.as_str(),
                    true,
                    &|| "the first indicator".into(),
                    Some(d.tag),
                )?;
                out.push_str("\" ind2=\"");
                esc(
                    out,
                    d.ind2.as_str(),
                    true,
                    &|| "the second indicator".into(),
                    Some(d.tag),
                )?;
                out.push_str("\">\n");
                for s in &d.subfields {
                    pad(out, indent + 2);
                    out.push_str("<subfield code=\"");
                    let mut b = [0u8; 4];
                    esc(
                        out,
                        s.code.encode_utf8(&mut b),
                        true,
                        &|| "a subfield code".into(),
                        Some(d.tag),
                    )?;
                    out.push_str("\">");
                    esc(
                        out,
                        &s.value,
                        false,
                        &|| format!("subfield ${}", s.code),
                        Some(d.tag),
                    )?;
                    out.push_str("</subfield>\n");
                }
                pad(out, indent + 1);
                out.push_str("</datafield>\n");
            }
        }
    }
    pad(out, indent);
    out.push_str("</record>\n");
    Ok(())
}

/// One record as a `<record>` element in the MARC21 slim namespace, indented, with a
/// trailing line end.
///
/// Characters XML 1.0 cannot hold are written as character references (`&#x1;`), which
/// XML 1.0 parsers reject and this crate's lenient reader reads back; use [`XmlWriter`] to
/// get an error instead.
pub fn to_string(record: &Record) -> String {
    let mut out = String::with_capacity(4096);
    // With `refs` set nothing is unrepresentable.
    let _ = write_record_xml(record, &mut out, 0, true, true);
    out
}

/// Writes records as one MARCXML `<collection>` document.
///
/// The XML declaration and `<collection xmlns="http://www.loc.gov/MARC21/slim">` are written
/// before the first record (or by [`RecordWriter::finish`] when there is none), and
/// `</collection>` by [`RecordWriter::finish`].
pub struct XmlWriter<W: Write> {
    sink: W,
    started: bool,
    finished: bool,
    written: usize,
    bytes: u64,
    buf: String,
}

impl<W: Write> XmlWriter<W> {
    /// A writer over a byte sink.
    pub fn new(sink: W) -> Self {
        XmlWriter {
            sink,
            started: false,
            finished: false,
            written: 0,
            bytes: 0,
            buf: String::with_capacity(8192),
        }
    }

    fn put(&mut self, text: &str) -> Result<(), MarcError> {
        self.sink
            .write_all(text.as_bytes())
            .map_err(|e| MarcError::io(e, Position::at(self.written, self.bytes)))?;
        self.bytes += text.len() as u64;
        Ok(())
    }

    fn start(&mut self) -> Result<(), MarcError> {
        if !self.started {
            self.started = true;
            self.put(&format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"{MARC_XML_NS}\">\n"
            ))?;
        }
        Ok(())
    }
}

impl<W: Write> RecordWriter for XmlWriter<W> {
    fn write_record(&mut self, record: &Record) -> Result<(), MarcError> {
        self.start()?;
        self.buf.clear();
        let mut buf = std::mem::take(&mut self.buf);
        let result = write_record_xml(record, &mut buf, 1, false, false);
        let number = self.written + 1;
        match result {
            Ok(()) => {
                let r = self.put(&buf);
                self.buf = buf;
                r?;
                self.written = number;
                Ok(())
            }
            Err(u) => {
                self.buf = buf;
                let mut pos = Position::at(number, self.bytes);
                pos.tag = u.tag;
                Err(MarcError::new(
                    ErrorKind::Unwritable,
                    pos,
                    format!(
                        "{} holds U+{:04X}, which XML 1.0 cannot represent; the record is not written",
                        u.what, u.c as u32
                    ),
                ))
            }
        }
    }

    fn finish(&mut self) -> Result<(), MarcError> {
        self.start()?;
        if !self.finished {
            self.finished = true;
            self.put("</collection>\n")?;
        }
        self.sink
            .flush()
            .map_err(|e| MarcError::io(e, Position::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(doc: &[u8], mode: Mode) -> (Vec<Result<Record, MarcError>>, Vec<MarcWarning>) {
        let options = ReadOptions {
            mode,
            ..ReadOptions::default()
        };
        let mut reader = XmlReader::new(doc, options);
        let mut out = Vec::new();
        for r in reader.by_ref() {
            out.push(r);
        }
        (out, reader.take_warnings())
    }

    fn ok_records(doc: &str, mode: Mode) -> Vec<Record> {
        read_all(doc.as_bytes(), mode)
            .0
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">
  <marc:record type="Bibliographic">
    <marc:leader>00000nam a2200000 a 4500</marc:leader>
    <marc:controlfield tag="001"> b1 </marc:controlfield>
    <!-- a comment -->
    <marc:datafield tag="245" ind1="1" ind2="0">
      <marc:subfield code="a">Judul &amp; <![CDATA[<anak>]]> &#x263A;&#65;<!-- c -->!</marc:subfield>
      <marc:subfield code="c">Penulis</marc:subfield>
    </marc:datafield>
    <marc:datafield tag="500">
      <marc:subfield code="a">line1&#13;
line2</marc:subfield>
    </marc:datafield>
  </marc:record>
</marc:collection>
"#;

    #[test]
    fn reads_prefixed_collection_like_pymarc() {
        for mode in [Mode::Strict, Mode::Lenient] {
            let recs = ok_records(DOC, mode);
            assert_eq!(recs.len(), 1);
            let r = &recs[0];
            assert_eq!(r.leader.as_str(), "00000nam a2200000 a 4500");
            assert_eq!(r.control("001"), Some(" b1 "));
            assert_eq!(r.subfield("245", 'a'), Some("Judul & <anak> ☺A!"));
            assert_eq!(r.subfield("245", 'c'), Some("Penulis"));
            let f500 = r.get("500").unwrap().as_data().unwrap();
            assert!(f500.ind1.is_blank() && f500.ind2.is_blank());
            assert_eq!(f500.subfields[0].value, "line1\r\nline2");
        }
    }

    #[test]
    fn small_buffers_read_the_same() {
        let whole = ok_records(DOC, Mode::Strict);
        for mode in [Mode::Strict, Mode::Lenient] {
            for cap in [1, 2, 3, 7] {
                let src = std::io::BufReader::with_capacity(cap, DOC.as_bytes());
                let options = ReadOptions {
                    mode,
                    ..ReadOptions::default()
                };
                let recs: Vec<Record> = XmlReader::new(src, options)
                    .collect::<Result<_, _>>()
                    .unwrap();
                assert_eq!(recs, whole, "capacity {cap}, {mode:?}");
            }
        }
        let latin1 = b"<?xml version='1.0' encoding='iso-8859-1'?>\n<record><leader>00000nam a2200000 a 4500</leader>\n<controlfield tag='001'>\xE9t\xE9</controlfield></record>";
        let src = std::io::BufReader::with_capacity(2, &latin1[..]);
        let mut reader = XmlReader::new(src, ReadOptions::default());
        let r = reader.next().unwrap().unwrap();
        assert_eq!(r.control("001"), Some("\u{e9}t\u{e9}"));
    }

    #[test]
    fn concatenated_documents_read_in_lenient_mode_only() {
        let one = "<?xml version=\"1.0\"?>\n<collection><record><leader>00000nam a2200000 a 4500</leader></record></collection>\n";
        let two = format!("{one}{one}");
        let (lenient, _) = read_all(two.as_bytes(), Mode::Lenient);
        assert_eq!(lenient.len(), 2);
        assert!(lenient.iter().all(Result::is_ok), "{lenient:?}");
        let (strict, _) = read_all(two.as_bytes(), Mode::Strict);
        assert!(strict[0].is_ok());
        assert_eq!(strict[1].as_ref().unwrap_err().position.line, 4);
    }

    #[test]
    fn text_is_reset_by_child_elements_as_in_pymarc() {
        let doc = r#"<record><leader>00000nam a2200000 a 4500</leader>
<datafield tag="245" ind1="0" ind2="0"><subfield code="a">foo<i>bar</i>baz</subfield></datafield></record>"#;
        let recs = ok_records(doc, Mode::Lenient);
        assert_eq!(recs[0].subfield("245", 'a'), Some("baz"));
    }

    #[test]
    fn missing_tag_is_an_error_in_strict_and_skipped_in_lenient() {
        let doc = "<collection>\n<record><leader>00000nam a2200000 a 4500</leader>\n\
                   <datafield ind1=\"0\" ind2=\"0\"><subfield code=\"a\">x</subfield></datafield>\n\
                   <datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield>y</subfield><subfield code=\"b\">z</subfield></datafield>\n\
                   </record>\n<record><leader>00000nam a2200000 a 4500</leader></record></collection>";
        let (strict, _) = read_all(doc.as_bytes(), Mode::Strict);
        assert_eq!(strict.len(), 2);
        let err = strict[0].as_ref().unwrap_err();
        assert_eq!(err.kind, ErrorKind::Xml);
        assert_eq!(err.position.line, 3);
        assert_eq!(err.position.record, 1);
        assert!(err.to_string().contains("without a tag attribute"), "{err}");
        assert!(strict[1].is_ok());
        let (lenient, warnings) = read_all(doc.as_bytes(), Mode::Lenient);
        let r = lenient[0].as_ref().unwrap();
        assert_eq!(r.fields.len(), 1);
        assert_eq!(r.get("245").unwrap().as_data().unwrap().subfields.len(), 1);
        assert_eq!(warnings.len(), 2);
    }

    #[test]
    fn malformed_document_ends_with_a_positioned_error() {
        let doc = "<?xml version=\"1.0\"?>\n<record>\n  <leader>00000nam a2200000 a 4500</leader>\n  <datafield tag=\"245\" ind1=\"1\" ind2=\"0\">\n    <subfield code=\"a\">T</WRONG>\n  </datafield>\n</record>\n";
        for mode in [Mode::Strict, Mode::Lenient] {
            let (items, _) = read_all(doc.as_bytes(), mode);
            assert_eq!(items.len(), 1);
            let err = items[0].as_ref().unwrap_err();
            assert_eq!(err.kind, ErrorKind::Xml);
            assert_eq!(err.position.line, 5, "{err}");
            assert_eq!(
                err.position.offset as usize,
                doc.find("</WRONG>").unwrap(),
                "{err}"
            );
        }
        let truncated = &doc[..doc.find("T</WRONG>").unwrap() + 1];
        let (items, _) = read_all(truncated.as_bytes(), Mode::Strict);
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("ends inside <record>"));
    }

    #[test]
    fn lenient_repairs_bad_characters() {
        let doc = b"<record><leader>00000nam a2200000 a 4500</leader><controlfield tag=\"001\">a\xFFb&#xFFFFFFF;&nope;\x01</controlfield></record>";
        let (strict, _) = read_all(doc, Mode::Strict);
        assert!(strict[0].is_err());
        let (lenient, warnings) = read_all(doc, Mode::Lenient);
        assert_eq!(
            lenient[0].as_ref().unwrap().control("001"),
            Some("a\u{FFFD}b\u{FFFD}&nope;\u{1}")
        );
        assert_eq!(warnings.len(), 4, "{warnings:?}");
    }

    #[test]
    fn latin1_documents_are_transcoded() {
        let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><record><leader>00000nam a2200000 a 4500</leader><controlfield tag=\"001\">caf\xE9</controlfield></record>";
        let (items, _) = read_all(doc, Mode::Strict);
        assert_eq!(items[0].as_ref().unwrap().control("001"), Some("café"));
    }

    /// Reads `doc` whole and one byte per `read`; both must give the same.
    fn read_both_ways(
        doc: &[u8],
        mode: Mode,
    ) -> (Vec<Result<Record, MarcError>>, Vec<MarcWarning>) {
        let whole = read_all(doc, mode);
        let options = ReadOptions {
            mode,
            ..ReadOptions::default()
        };
        let mut reader = XmlReader::new(io::BufReader::with_capacity(1, doc), options);
        let items: Vec<_> = reader.by_ref().collect();
        let warnings = reader.take_warnings();
        assert_eq!(format!("{:?}", whole.0), format!("{items:?}"));
        assert_eq!(format!("{:?}", whole.1), format!("{warnings:?}"));
        whole
    }

    fn find(doc: &[u8], what: &[u8]) -> u64 {
        memchr::memmem::find(doc, what).unwrap() as u64
    }

    #[test]
    fn positions_of_transcoded_documents_are_input_offsets() {
        for encoding in ["ISO-8859-1", "windows-1252"] {
            let mut doc = format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n<collection>")
                .into_bytes();
            doc.extend_from_slice(b"<record><leader>00000nam a2200000 a 4500</leader>\n");
            doc.extend_from_slice(
                b"<controlfield tag=\"001\">\xE9\xE8\x80\x99\xFF</controlfield>\n",
            );
            doc.extend_from_slice(b"<datafield ind1=\"\xE9\"><subfield code=\"a\">\xE0</subfield>");
            doc.extend_from_slice(b"</datafield></record>\n<record><leader>\xE9\xE9");
            let (items, _) = read_both_ways(&doc, Mode::Strict);
            let err = items[0].as_ref().unwrap_err();
            assert_eq!(
                err.position.offset,
                find(&doc, b"<datafield"),
                "{encoding}: {err}"
            );
            assert_eq!(err.position.line, 4, "{encoding}: {err}");
            // The document ends inside a record: at the end of the input, not of the UTF-8.
            let err = items[1].as_ref().unwrap_err();
            assert_eq!(err.position.offset, doc.len() as u64, "{encoding}: {err}");
            assert_eq!(err.position.line, 5, "{encoding}: {err}");
            let (items, warnings) = read_both_ways(&doc, Mode::Lenient);
            assert_eq!(warnings[0].position.offset, find(&doc, b"<datafield"));
            let err = items.last().unwrap().as_ref().unwrap_err();
            assert_eq!(err.position.offset, doc.len() as u64, "{encoding}: {err}");
        }
    }

    #[test]
    fn positions_after_invalid_utf8_are_input_offsets() {
        let mut doc = b"<collection><record><leader>00000nam a2200000 a 4500</leader>\n".to_vec();
        doc.extend_from_slice(b"<controlfield tag=\"001\">a\xFF\xC3b\xE2\x82</controlfield>\n");
        doc.extend_from_slice(b"<controlfield tag=\"0\xF0\x9F\">x</controlfield>\n");
        doc.extend_from_slice(b"<datafield ind1=\"\x80\"/></record></collection>\r\n\xE2\x82");
        let (items, warnings) = read_both_ways(&doc, Mode::Lenient);
        assert_eq!(
            items[0].as_ref().unwrap().control("001"),
            Some("a\u{FFFD}\u{FFFD}b\u{FFFD}")
        );
        let repairs: Vec<_> = warnings
            .iter()
            .filter(|w| w.message.contains("invalid UTF-8"))
            .map(|w| (w.message.as_str(), w.position.offset, w.position.line))
            .collect();
        let m = |n| match n {
            1 => "1 invalid UTF-8 byte sequence(s) replaced by U+FFFD",
            _ => "3 invalid UTF-8 byte sequence(s) replaced by U+FFFD",
        };
        assert_eq!(
            repairs,
            [
                (m(3), find(&doc, b"\xFF"), 2),
                (m(1), find(&doc, b"\xF0"), 3),
                (m(1), find(&doc, b"\x80"), 4),
                (m(1), doc.len() as u64 - 2, 5),
            ],
            "{warnings:?}"
        );
        let tag = warnings.iter().find(|w| w.message.contains("tag")).unwrap();
        assert_eq!(
            tag.position.offset,
            find(&doc, b"<controlfield tag=\"0\xF0")
        );
        let missing = warnings
            .iter()
            .find(|w| w.message.contains("datafield"))
            .unwrap();
        assert_eq!(
            missing.position.offset,
            find(&doc, b"<datafield"),
            "{missing}"
        );
        for w in &warnings {
            assert!(w.position.offset <= doc.len() as u64, "{w}");
        }
    }

    #[test]
    fn leader_length_is_checked_like_pymarc() {
        let doc = "<record><leader>\n 00000nam a2200000 a 4500\n</leader></record>";
        let (strict, _) = read_all(doc.as_bytes(), Mode::Strict);
        assert!(strict[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("not 24"));
        let (lenient, w) = read_all(doc.as_bytes(), Mode::Lenient);
        assert_eq!(
            lenient[0].as_ref().unwrap().leader.as_str(),
            "00000nam a2200000 a 4500"
        );
        assert_eq!(w.len(), 1);
        let empty = ok_records("<record xmlns=\"x\"/>", Mode::Lenient);
        assert_eq!(empty[0].leader.as_str(), PYMARC_BLANK_LEADER);
    }

    #[test]
    fn writer_round_trips_awkward_values() {
        let mut r = Record::new();
        r.push(Field::control(Tag::parse("001").unwrap(), "  a<b>&\"c\"  "));
        r.push(Field::control(Tag::parse("FMT").unwrap(), "BK"));
        r.push(
            DataField::new(Tag::parse("245").unwrap(), '"', Indicator::from_text("0 "))
                .with('a', " tab\there\r\nnew\rline\n ")
                .with('&', "]]> ok")
                .with('b', ""),
        );
        r.push(DataField {
            tag: Tag::parse("500").unwrap(),
            ind1: Indicator::from_text(""),
            ind2: Indicator::from_char('\t'),
            subfields: vec![],
        });
        let bytes = crate::to_bytes(&[r.clone(), r.clone()], crate::Format::MarcXml).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n"));
        assert!(text.ends_with("</collection>\n"));
        for mode in [Mode::Strict, Mode::Lenient] {
            let (items, w) = read_all(&bytes, mode);
            assert!(w.is_empty(), "{w:?}");
            let back: Vec<Record> = items.into_iter().collect::<Result<_, _>>().unwrap();
            assert_eq!(back, vec![r.clone(), r.clone()]);
        }
        let single = to_string(&r);
        assert_eq!(ok_records(&single, Mode::Strict), vec![r]);
    }

    #[test]
    fn writer_refuses_control_characters_and_writes_header_for_no_records() {
        let mut r = Record::new();
        r.push(DataField::new(Tag::parse("245").unwrap(), '0', '0').with('a', "bad\u{1}"));
        let mut out = Vec::new();
        let mut w = XmlWriter::new(&mut out);
        let err = w.write_record(&r).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unwritable);
        assert!(err.to_string().contains("field 245"), "{err}");
        assert!(err.to_string().contains("subfield $a"), "{err}");
        w.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n</collection>\n"
        );
        // to_string writes a reference that the lenient reader reads back.
        let s = to_string(&r);
        assert!(s.contains("bad&#x1;"));
        assert_eq!(
            ok_records(&s, Mode::Lenient)[0].subfield("245", 'a'),
            Some("bad\u{1}")
        );
    }

    #[test]
    fn line_counting_handles_all_line_ends() {
        let mut lines = Lines::default();
        lines.feed(b"a\r\nb\rc\nd\r");
        lines.feed(b"\ne\r");
        lines.feed(b"f");
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(3), 2);
        assert_eq!(lines.line_at(5), 3);
        assert_eq!(lines.line_at(7), 4);
        assert_eq!(lines.line_at(10), 5);
        assert_eq!(lines.line_at(12), 6);
    }
}
