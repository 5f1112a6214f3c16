//! Mnemonic text: MarcEdit `.mrk` / `.mrk8` and the Library of Congress MARCMaker format.
//!
//! One line per field: `=LDR  00000nam\\2200000\a\4500`, `=001  ocm123`,
//! `=245  10$aTitle :$bsub /$cAuthor.`: an equals sign, the tag, two spaces, then the value.
//! In the leader, in control fields and in indicators a backslash stands for a blank; in
//! data fields `$` starts a subfield (its code is the next character) and a backslash is
//! itself. Records are separated by blank lines; `\r\n`, `\r` and `\n` line ends are all
//! read. Characters that would be read as syntax, and characters outside ASCII in `.mrk`
//! files, are written as mnemonics in braces: `{dollar}`, `{lcub}`, `{rcub}`, `{bsol}`, the
//! MARC-8 names of the Library of Congress MARCMaker table (`{acute}`, `{eth}`, `{Lstrok}`,
//! `{eacute}`, ...), two-digit MARC-8 codes (`{E2}`) and Unicode forms (`{U+00E9}`,
//! `{&#x00E9;}`, `{&#233;}`). A mnemonic of a combining diacritic comes before its base
//! letter, as in MARC-8 (`{acute}e`); the reader moves it after the base and normalises that
//! value to NFC. Values of records whose leader says MARC-8 that carry escape sequences
//! (`{esc}`) or raw MARC-8 bytes are decoded with [`crate::marc8`]. An unknown mnemonic
//! (`{text}`) is kept as written, with a warning.
//!
//! A line that does not start with `=` continues the field above it in lenient mode (joined
//! as it is, the way MARCMaker wraps long fields) and is an error in strict mode; a line
//! whose tag is not three letters or digits is an error in strict mode and skipped with a
//! warning in lenient mode. Tags `001`-`009` are control fields; an alphanumeric tag
//! (`FMT`) is a control field when its line has no `$`, a data field otherwise.
//!
//! The writer writes MarcEdit `.mrk8` style: UTF-8, `\n` line ends, `=LDR  ` first, a blank
//! line after each record. Only `{dollar}`, `{lcub}`, `{rcub}`, `{bsol}` and `{U+XXXX}` (for
//! control characters) are written, blanks of the leader, control fields and indicators as
//! `\`; everything else is written as it is, so that writing then reading gives the record
//! back exactly. Fields the text form cannot carry are refused with
//! [`ErrorKind::Unwritable`] rather than changed: an indicator that is not one character, a
//! tag that is not three letters or digits, and fields the reader would take for the other
//! kind (a data field tagged `001`-`009`, a control field tagged `010` or above, a data
//! field with an alphanumeric tag and no subfields); such a record is not written at all.

use std::io::{BufRead, Write};

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

use crate::error::{ErrorKind, MarcError, MarcWarning, Position};
use crate::record::{ControlField, DataField, Field, Indicator, Leader, Record, Subfield, Tag};
use crate::{marc8, Mode, ReadOptions, RecordWriter};

// ---------------------------------------------------------------------------------------
// Mnemonics
// ---------------------------------------------------------------------------------------

/// Named mnemonics and the Unicode text they stand for, sorted by name (byte order).
///
/// The MARC-8 names follow the Library of Congress MARCMaker character table (with the
/// ANSEL ligature and double-tilde halves mapped as [`crate::marc8`] maps them); the Latin
/// letters and symbols use their SGML/HTML entity meaning.
#[rustfmt::skip]
static NAMED: &[(&str, &str)] = &[
    ("AElig", "\u{C6}"), ("Aacute", "\u{C1}"), ("Abreve", "\u{102}"), ("Acirc", "\u{C2}"),
    ("Agrave", "\u{C0}"), ("Aogon", "\u{104}"), ("Aring", "\u{C5}"), ("Atilde", "\u{C3}"),
    ("Auml", "\u{C4}"), ("Cacute", "\u{106}"), ("Ccaron", "\u{10C}"), ("Ccedil", "\u{C7}"),
    ("Dagger", "\u{2021}"), ("Dcaron", "\u{10E}"), ("Dstrok", "\u{110}"), ("ETH", "\u{D0}"),
    ("Eacute", "\u{C9}"), ("Ecaron", "\u{11A}"), ("Ecirc", "\u{CA}"), ("Egrave", "\u{C8}"),
    ("Ehookr", "\u{118}"), ("Eogon", "\u{118}"), ("Euml", "\u{CB}"), ("Gbreve", "\u{11E}"),
    ("IJlig", "\u{132}"), ("Iacute", "\u{CD}"), ("Icaron", "\u{1CF}"), ("Icirc", "\u{CE}"),
    ("Idot", "\u{130}"), ("Igrave", "\u{CC}"), ("Iuml", "\u{CF}"), ("Lacute", "\u{139}"),
    ("Lcaron", "\u{13D}"), ("Lstrok", "\u{141}"), ("Nacute", "\u{143}"), ("Ncaron", "\u{147}"),
    ("Ntilde", "\u{D1}"), ("OElig", "\u{152}"), ("Oacute", "\u{D3}"), ("Ocirc", "\u{D4}"),
    ("Odblac", "\u{150}"), ("Ograve", "\u{D2}"), ("Ohorn", "\u{1A0}"), ("Oslash", "\u{D8}"),
    ("Ostrok", "\u{D8}"), ("Otilde", "\u{D5}"), ("Ouml", "\u{D6}"), ("Racute", "\u{154}"),
    ("Rcaron", "\u{158}"), ("Sacute", "\u{15A}"), ("Scaron", "\u{160}"), ("Scedil", "\u{15E}"),
    ("Scommab", "\u{218}"), ("THORN", "\u{DE}"), ("Tcaron", "\u{164}"), ("Tcommab", "\u{21A}"),
    ("Uacute", "\u{DA}"), ("Ucirc", "\u{DB}"), ("Udblac", "\u{170}"), ("Ugrave", "\u{D9}"),
    ("Uhorn", "\u{1AF}"), ("Uring", "\u{16E}"), ("Uuml", "\u{DC}"), ("Yacute", "\u{DD}"),
    ("Yuml", "\u{178}"), ("Zacute", "\u{179}"), ("Zcaron", "\u{17D}"), ("Zdot", "\u{17B}"),
    ("aacute", "\u{E1}"), ("abreve", "\u{103}"), ("acirc", "\u{E2}"), ("acute", "\u{301}"),
    ("aelig", "\u{E6}"), ("agrave", "\u{E0}"), ("alif", "\u{2BC}"), ("amp", "&"),
    ("aogon", "\u{105}"), ("apos", "'"), ("aring", "\u{E5}"), ("ast", "*"), ("atilde", "\u{E3}"),
    ("auml", "\u{E4}"), ("ayn", "\u{2BB}"), ("breve", "\u{306}"), ("breveb", "\u{32E}"),
    ("brvbar", "\u{A6}"), ("bsol", "\\"), ("bull", "\u{2022}"), ("cacute", "\u{107}"),
    ("candra", "\u{310}"), ("caron", "\u{30C}"), ("ccaron", "\u{10D}"), ("ccedil", "\u{E7}"),
    ("cedil", "\u{327}"), ("cent", "\u{A2}"), ("circ", "\u{302}"), ("circb", "\u{32D}"),
    ("colon", ":"), ("comma", ","), ("commaa", "\u{313}"), ("commab", "\u{326}"), ("commat", "@"),
    ("copy", "\u{A9}"), ("curren", "\u{A4}"), ("dagger", "\u{2020}"), ("dblac", "\u{30B}"),
    ("dbldotb", "\u{324}"), ("dblunder", "\u{333}"), ("dcaron", "\u{10F}"), ("deg", "\u{B0}"),
    ("diaer", "\u{308}"), ("divide", "\u{F7}"), ("dollar", "$"), ("dot", "\u{307}"),
    ("dotb", "\u{323}"), ("dstrok", "\u{111}"), ("eacute", "\u{E9}"), ("ecaron", "\u{11B}"),
    ("ecirc", "\u{EA}"), ("egrave", "\u{E8}"), ("ehookr", "\u{119}"), ("eogon", "\u{119}"),
    ("equals", "="), ("esc", "\u{1B}"), ("eth", "\u{F0}"), ("euml", "\u{EB}"), ("euro", "\u{20AC}"),
    ("excl", "!"), ("flat", "\u{266D}"), ("fnof", "\u{192}"), ("frac12", "\u{BD}"),
    ("frac14", "\u{BC}"), ("frac34", "\u{BE}"), ("gbreve", "\u{11F}"), ("grave", "\u{300}"),
    ("gt", ">"), ("hardsign", "\u{2BA}"), ("hellip", "\u{2026}"), ("hooka", "\u{309}"),
    ("hookl", "\u{326}"), ("hookr", "\u{328}"), ("hyphen", "-"), ("iacute", "\u{ED}"),
    ("icaron", "\u{1D0}"), ("icirc", "\u{EE}"), ("iexcl", "\u{A1}"), ("igrave", "\u{EC}"),
    ("ijlig", "\u{133}"), ("inodot", "\u{131}"), ("iquest", "\u{BF}"), ("iuml", "\u{EF}"),
    ("joiner", "\u{200D}"), ("lacute", "\u{13A}"), ("laquo", "\u{AB}"), ("lcaron", "\u{13E}"),
    ("lcub", "{"), ("ldbltil", "\u{FE22}"), ("ldquo", "\u{201C}"), ("llig", "\u{FE20}"),
    ("lpar", "("), ("lsqb", "["), ("lsquo", "\u{2018}"), ("lstrok", "\u{142}"), ("lt", "<"),
    ("macr", "\u{304}"), ("mdash", "\u{2014}"), ("middot", "\u{B7}"), ("mlPrime", "\u{2BA}"),
    ("mllhring", "\u{2BB}"), ("mlprime", "\u{2B9}"), ("mlrhring", "\u{2BC}"), ("nacute", "\u{144}"),
    ("nbsp", "\u{A0}"), ("ncaron", "\u{148}"), ("ndash", "\u{2013}"), ("nonjoin", "\u{200C}"),
    ("ntilde", "\u{F1}"), ("num", "#"), ("oacute", "\u{F3}"), ("ocirc", "\u{F4}"),
    ("odblac", "\u{151}"), ("oelig", "\u{153}"), ("ogon", "\u{328}"), ("ograve", "\u{F2}"),
    ("ohorn", "\u{1A1}"), ("ordf", "\u{AA}"), ("ordm", "\u{BA}"), ("oslash", "\u{F8}"),
    ("ostrok", "\u{F8}"), ("otilde", "\u{F5}"), ("ouml", "\u{F6}"), ("para", "\u{B6}"),
    ("percnt", "%"), ("period", "."), ("phono", "\u{2117}"), ("pipe", "|"), ("plus", "+"),
    ("plusmn", "\u{B1}"), ("pound", "\u{A3}"), ("quest", "?"), ("quot", "\""),
    ("racute", "\u{155}"), ("raquo", "\u{BB}"), ("rcaron", "\u{159}"), ("rcedil", "\u{31C}"),
    ("rcommaa", "\u{315}"), ("rcub", "}"), ("rdbltil", "\u{FE23}"), ("rdquo", "\u{201D}"),
    ("reg", "\u{AE}"), ("ring", "\u{30A}"), ("ringb", "\u{325}"), ("rlig", "\u{FE21}"),
    ("rpar", ")"), ("rsqb", "]"), ("rsquo", "\u{2019}"), ("sacute", "\u{15B}"),
    ("scaron", "\u{161}"), ("scedil", "\u{15F}"), ("scommab", "\u{219}"), ("scriptl", "\u{2113}"),
    ("sect", "\u{A7}"), ("semi", ";"), ("sharp", "\u{266F}"), ("shy", "\u{AD}"),
    ("softsign", "\u{2B9}"), ("sol", "/"), ("space", " "), ("spcirc", "^"), ("spgrave", "`"),
    ("sptilde", "~"), ("spundscr", "_"), ("squf", "|"), ("sup1", "\u{B9}"), ("sup2", "\u{B2}"),
    ("sup3", "\u{B3}"), ("szlig", "\u{DF}"), ("tcaron", "\u{165}"), ("tcommab", "\u{21B}"),
    ("thorn", "\u{FE}"), ("tilde", "\u{303}"), ("times", "\u{D7}"), ("trade", "\u{2122}"),
    ("uacute", "\u{FA}"), ("ucirc", "\u{FB}"), ("udblac", "\u{171}"), ("ugrave", "\u{F9}"),
    ("uhorn", "\u{1B0}"), ("uml", "\u{308}"), ("under", "\u{332}"), ("uring", "\u{16F}"),
    ("uuml", "\u{FC}"), ("verbar", "|"), ("vlineb", "\u{329}"), ("yacute", "\u{FD}"),
    ("yen", "\u{A5}"), ("yuml", "\u{FF}"), ("zacute", "\u{17A}"), ("zcaron", "\u{17E}"),
    ("zdot", "\u{17C}"),
];

/// Names that are parts of MARC-8 escape sequences (`{esc}{cyril}` is `ESC ( N`): only
/// meaningful in values decoded as MARC-8.
static ESCAPE_PARTS: &[(&str, &[u8])] = &[
    ("arab", b"(3"),
    ("cjk", b"$1"),
    ("cyril", b"(N"),
    ("greek", b"g"),
    ("hebrew", b"(2"),
    ("latin", b"(B"),
    ("sub", b"b"),
    ("super", b"p"),
];

/// The ANSEL (MARC-8 Extended Latin) graphic characters, as [`crate::marc8`] maps them.
#[rustfmt::skip]
static ANSEL: &[(u8, char)] = &[
    (0x88, '\u{98}'), (0x89, '\u{9C}'), (0x8D, '\u{200D}'), (0x8E, '\u{200C}'),
    (0xA1, '\u{141}'), (0xA2, '\u{D8}'), (0xA3, '\u{110}'), (0xA4, '\u{DE}'), (0xA5, '\u{C6}'),
    (0xA6, '\u{152}'), (0xA7, '\u{2B9}'), (0xA8, '\u{B7}'), (0xA9, '\u{266D}'), (0xAA, '\u{AE}'),
    (0xAB, '\u{B1}'), (0xAC, '\u{1A0}'), (0xAD, '\u{1AF}'), (0xAE, '\u{2BC}'), (0xB0, '\u{2BB}'),
    (0xB1, '\u{142}'), (0xB2, '\u{F8}'), (0xB3, '\u{111}'), (0xB4, '\u{FE}'), (0xB5, '\u{E6}'),
    (0xB6, '\u{153}'), (0xB7, '\u{2BA}'), (0xB8, '\u{131}'), (0xB9, '\u{A3}'), (0xBA, '\u{F0}'),
    (0xBC, '\u{1A1}'), (0xBD, '\u{1B0}'), (0xC0, '\u{B0}'), (0xC1, '\u{2113}'), (0xC2, '\u{2117}'),
    (0xC3, '\u{A9}'), (0xC4, '\u{266F}'), (0xC5, '\u{BF}'), (0xC6, '\u{A1}'), (0xC7, '\u{DF}'),
    (0xC8, '\u{20AC}'), (0xE0, '\u{309}'), (0xE1, '\u{300}'), (0xE2, '\u{301}'), (0xE3, '\u{302}'),
    (0xE4, '\u{303}'), (0xE5, '\u{304}'), (0xE6, '\u{306}'), (0xE7, '\u{307}'), (0xE8, '\u{308}'),
    (0xE9, '\u{30C}'), (0xEA, '\u{30A}'), (0xEB, '\u{FE20}'), (0xEC, '\u{FE21}'), (0xED, '\u{315}'),
    (0xEE, '\u{30B}'), (0xEF, '\u{310}'), (0xF0, '\u{327}'), (0xF1, '\u{328}'), (0xF2, '\u{323}'),
    (0xF3, '\u{324}'), (0xF4, '\u{325}'), (0xF5, '\u{333}'), (0xF6, '\u{332}'), (0xF7, '\u{326}'),
    (0xF8, '\u{31C}'), (0xF9, '\u{32E}'), (0xFA, '\u{FE22}'), (0xFB, '\u{FE23}'), (0xFE, '\u{313}'),
];

/// What a mnemonic stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    /// Unicode text.
    Text(&'static str),
    /// One character (from a code: `{E2}`, `{U+00E9}`, `{&#233;}`).
    Char(char),
    /// A MARC-8 escape sequence part (`{cyril}`); bytes for MARC-8 decoding.
    EscapePart(&'static [u8]),
    /// Not a mnemonic this reader knows.
    Unknown,
}

/// A `{...}` at the start of `bytes`: its length with the braces and its meaning; `None`
/// when the brace does not open something shaped like a mnemonic (then it is a brace).
fn parse_mnemonic(bytes: &[u8]) -> Option<(usize, Meaning)> {
    debug_assert_eq!(bytes.first(), Some(&b'{'));
    let close = bytes.iter().take(34).position(|&b| b == b'}')?;
    let name = &bytes[1..close];
    if name.is_empty()
        || !name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'#' | b'&' | b';' | b'_'))
    {
        return None;
    }
    let name = std::str::from_utf8(name).ok()?;
    Some((close + 1, meaning(name)))
}

fn meaning(name: &str) -> Meaning {
    if let Ok(i) = NAMED.binary_search_by(|(n, _)| n.cmp(&name)) {
        return Meaning::Text(NAMED[i].1);
    }
    if let Some((_, bytes)) = ESCAPE_PARTS.iter().find(|(n, _)| *n == name) {
        return Meaning::EscapePart(bytes);
    }
    let b = name.as_bytes();
    if b.len() == 1 {
        return Meaning::Char(char::from(b[0]));
    }
    if b.len() == 2 && b.iter().all(u8::is_ascii_hexdigit) {
        let code = u8::from_str_radix(name, 16).unwrap_or(0);
        return marc8_code(code).map_or(Meaning::Unknown, Meaning::Char);
    }
    let (digits, radix, lengths) =
        if let Some(hex) = name.strip_prefix("U+").or_else(|| name.strip_prefix("u+")) {
            (hex, 16, 4..=6)
        } else if let Some(hex) = name.strip_prefix("&#x").and_then(|r| r.strip_suffix(';')) {
            (hex, 16, 1..=6)
        } else if let Some(dec) = name.strip_prefix("&#").and_then(|r| r.strip_suffix(';')) {
            (dec, 10, 1..=7)
        } else {
            return Meaning::Unknown;
        };
    let number = if lengths.contains(&digits.len()) {
        u32::from_str_radix(digits, radix).ok()
    } else {
        None
    };
    number
        .and_then(char::from_u32)
        .map_or(Meaning::Unknown, Meaning::Char)
}

/// The character of a one-byte MARC-8 code in the default sets (ASCII and ANSEL).
fn marc8_code(code: u8) -> Option<char> {
    match code {
        0x00..=0x7E => Some(char::from(code)),
        _ => ANSEL.iter().find(|(b, _)| *b == code).map(|(_, c)| *c),
    }
}

/// The MARC-8 byte of a character in the default sets, if it has one.
fn marc8_byte(c: char) -> Option<u8> {
    if (c as u32) < 0x7F {
        return Some(c as u8);
    }
    ANSEL.iter().find(|(_, a)| *a == c).map(|(b, _)| *b)
}

fn is_mark(c: char) -> bool {
    canonical_combining_class(c) != 0
}

/// Appends Unicode text as MARC-8 bytes: combining marks before their base, characters
/// outside ASCII and ANSEL as numeric character references.
fn push_marc8(out: &mut Vec<u8>, text: &str) {
    let chars: Vec<char> = text.nfd().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut j = i + 1;
        while j < chars.len() && is_mark(chars[j]) {
            j += 1;
        }
        let (base, marks) = if is_mark(chars[i]) {
            (None, &chars[i..j])
        } else {
            (Some(chars[i]), &chars[i + 1..j])
        };
        for &c in marks.iter().chain(base.iter()) {
            match marc8_byte(c) {
                Some(b) => out.push(b),
                None => out.extend_from_slice(format!("&#x{:04X};", c as u32).as_bytes()),
            }
        }
        i = j;
    }
}

// ---------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------

/// One line of input, without its line end.
struct Line {
    bytes: Vec<u8>,
    number: usize,
    offset: u64,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.bytes.iter().all(|b| matches!(b, b' ' | b'\t'))
    }
}

/// Faults met while building one record: the first is the record's error in strict mode;
/// in lenient mode each is a warning saying what was repaired.
struct Faults {
    strict: bool,
    error: Option<MarcError>,
}

impl Faults {
    fn fault(&mut self, warnings: &mut Vec<MarcWarning>, pos: Position, msg: String, repair: &str) {
        if self.strict {
            if self.error.is_none() {
                self.error = Some(MarcError::new(ErrorKind::Mnemonic, pos, msg));
            }
        } else {
            warnings.push(MarcWarning {
                position: pos,
                message: format!("{msg}; {repair}"),
            });
        }
    }
}

/// A field line as split from the text, before its value is decoded.
struct RawField {
    tag: Tag,
    content: Vec<u8>,
    position: Position,
}

/// Streams records from mnemonic text.
///
/// ```
/// use pustaka_marc::{mrk::MrkReader, ReadOptions};
///
/// let text = "=LDR  00000nam\\\\2200000\\a\\4500\n=001  b1\n=245  10$aLaskar pelangi /$cAndrea Hirata.\n\n";
/// let records: Vec<_> = MrkReader::new(text.as_bytes(), ReadOptions::default())
///     .collect::<Result<_, _>>()
///     .unwrap();
/// assert_eq!(records[0].leader.as_str(), "00000nam  2200000 a 4500");
/// assert_eq!(records[0].subfield("245", 'c'), Some("Andrea Hirata."));
/// ```
pub struct MrkReader<R: BufRead> {
    src: R,
    options: ReadOptions,
    warnings: Vec<MarcWarning>,
    /// Number of the next line (from 1) and byte offset of its start.
    line_no: usize,
    offset: u64,
    /// The last line ended with `\r`: a `\n` right after it belongs to that line end.
    skip_lf: bool,
    /// A `=LDR` line met inside a record: it starts the next one.
    lookahead: Option<Line>,
    record_no: usize,
    done: bool,
}

impl<R: BufRead> MrkReader<R> {
    /// A reader over a byte source.
    pub fn new(src: R, options: ReadOptions) -> Self {
        MrkReader {
            src,
            options,
            warnings: Vec::new(),
            line_no: 1,
            offset: 0,
            skip_lf: false,
            lookahead: None,
            record_no: 0,
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

    fn warn(&mut self, position: Position, message: impl Into<String>) {
        self.warnings.push(MarcWarning {
            position,
            message: message.into(),
        });
    }

    /// Reads one line; `None` at the end of the input.
    fn read_line(&mut self) -> Result<Option<Line>, MarcError> {
        let mut bytes = Vec::new();
        let start = self.offset;
        let number = self.line_no;
        let mut any = false;
        loop {
            let buf = match self.src.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let pos = Position::at(self.record_no, self.offset).with_line(self.line_no);
                    return Err(MarcError::io(e, pos));
                }
            };
            if buf.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            if self.skip_lf {
                self.skip_lf = false;
                if buf[0] == b'\n' {
                    self.src.consume(1);
                    self.offset += 1;
                    continue;
                }
            }
            any = true;
            match memchr::memchr2(b'\r', b'\n', buf) {
                Some(i) => {
                    bytes.extend_from_slice(&buf[..i]);
                    self.skip_lf = buf[i] == b'\r';
                    self.src.consume(i + 1);
                    self.offset += i as u64 + 1;
                    break;
                }
                None => {
                    let n = buf.len();
                    bytes.extend_from_slice(buf);
                    self.src.consume(n);
                    self.offset += n as u64;
                }
            }
        }
        self.line_no += 1;
        if number == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        Ok(Some(Line {
            bytes,
            number,
            offset: start,
        }))
    }

    /// The lines of the next record: field lines with their continuations joined.
    fn next_lines(&mut self) -> Result<Vec<Line>, MarcError> {
        let mut lines: Vec<Line> = Vec::new();
        loop {
            let line = match self.lookahead.take() {
                Some(l) => l,
                None => match self.read_line()? {
                    Some(l) => l,
                    None => break,
                },
            };
            if line.is_blank() {
                if lines.is_empty() {
                    continue;
                }
                break;
            }
            if line.bytes.starts_with(b"=LDR") && !lines.is_empty() {
                self.lookahead = Some(line);
                break;
            }
            lines.push(line);
        }
        Ok(lines)
    }

    fn line_pos(&self, line: &Line) -> Position {
        Position::at(self.record_no, line.offset).with_line(line.number)
    }

    /// Builds the next record from its lines.
    ///
    /// The flag is false when lenient mode found nothing of a record in the lines.
    fn record_from(&mut self, lines: Vec<Line>) -> (Result<Record, MarcError>, bool) {
        let strict = !self.lenient();
        let mut faults = Faults {
            strict,
            error: None,
        };
        // Split lines into fields, joining continuation lines.
        let mut leader: Option<(Vec<u8>, Position)> = None;
        let mut raw: Vec<RawField> = Vec::new();
        let mut last_was_field = false;
        for line in lines {
            let pos = self.line_pos(&line);
            let bytes = &line.bytes;
            if bytes.first() != Some(&b'=') {
                if last_was_field {
                    faults.fault(
                        &mut self.warnings,
                        pos,
                        "the line does not start with = (a field continued from the line above?)"
                            .into(),
                        "joined to the field above",
                    );
                    if strict {
                        continue;
                    }
                    match (raw.last_mut(), &mut leader) {
                        (Some(f), _) => f.content.extend_from_slice(bytes),
                        (None, Some((l, _))) => l.extend_from_slice(bytes),
                        (None, None) => {}
                    }
                } else {
                    faults.fault(
                        &mut self.warnings,
                        pos,
                        "the line is not a field: it does not start with =".into(),
                        "skipped",
                    );
                }
                continue;
            }
            let tag_bytes = bytes.get(1..4).unwrap_or(&bytes[1..]);
            let tag_ok = tag_bytes.len() == 3 && tag_bytes.iter().all(u8::is_ascii_alphanumeric);
            if !tag_ok {
                let shown = String::from_utf8_lossy(&bytes[1..bytes.len().min(8)]).into_owned();
                faults.fault(
                    &mut self.warnings,
                    pos,
                    format!("the line is not a field: the tag after = is not three letters or digits ({shown:?})"),
                    "skipped",
                );
                last_was_field = false;
                continue;
            }
            let tag = Tag::from_bytes(tag_bytes).expect("three ASCII alphanumerics");
            let content: Vec<u8> = match bytes.get(4..6) {
                Some(b"  ") => bytes[6..].to_vec(),
                None if bytes.len() == 4 || bytes[4] == b' ' => Vec::new(),
                _ => {
                    faults.fault(
                        &mut self.warnings,
                        pos.with_tag(tag),
                        "the tag is not followed by two spaces".into(),
                        "read from the first character that is not a blank",
                    );
                    let rest = &bytes[4..];
                    let skip = rest
                        .iter()
                        .take_while(|b| matches!(b, b' ' | b'\t'))
                        .count();
                    rest[skip..].to_vec()
                }
            };
            last_was_field = true;
            if tag == "LDR" {
                if leader.is_some() {
                    faults.fault(
                        &mut self.warnings,
                        pos,
                        "a second =LDR line in the record".into(),
                        "the later leader is used",
                    );
                }
                leader = Some((content, pos));
                continue;
            }
            raw.push(RawField {
                tag,
                content,
                position: pos.with_tag(tag),
            });
        }

        // The leader decides how raw non-UTF-8 bytes are read.
        let (leader_text, marc8_record) = match &leader {
            Some((bytes, pos)) => {
                let text = self.decode(bytes, true, false, *pos, &mut faults.error);
                let n = text.chars().count();
                if n != 24 {
                    self.warn(
                        *pos,
                        format!("the leader has {n} characters, not 24; kept as it is"),
                    );
                }
                let marc8 = text.as_bytes().get(9) != Some(&b'a');
                (text, marc8)
            }
            None => {
                if let Some(first) = raw.first() {
                    let mut pos = first.position;
                    pos.tag = None;
                    faults.fault(
                        &mut self.warnings,
                        pos,
                        "the record has no =LDR line".into(),
                        "a default leader is used",
                    );
                }
                (Leader::default_bibliographic().as_str().to_string(), false)
            }
        };
        let has_content = leader.is_some() || !raw.is_empty();
        let mut record = Record {
            leader: Leader::new(leader_text),
            fields: Vec::with_capacity(raw.len()),
        };
        for f in raw {
            let pos = f.position;
            let content = &f.content[..];
            let control = f.tag.is_control()
                || (!f.tag.as_bytes().iter().all(u8::is_ascii_digit) && !content.contains(&b'$'));
            if control {
                let value = self.decode(content, true, marc8_record, pos, &mut faults.error);
                record
                    .fields
                    .push(Field::Control(ControlField { tag: f.tag, value }));
                continue;
            }
            // Indicators: two characters, `\` a blank, a mnemonic for one character allowed.
            let mut rest = content;
            let mut inds = [Indicator::BLANK, Indicator::BLANK];
            for (k, ind) in inds.iter_mut().enumerate() {
                match rest.first() {
                    None => {
                        self.warn(
                            pos,
                            format!("indicator {} is missing; read as a blank", k + 1),
                        );
                    }
                    Some(b'$') => {
                        faults.fault(
                            &mut self.warnings,
                            pos,
                            format!("indicator {} is missing before the first $", k + 1),
                            "read as a blank",
                        );
                    }
                    Some(_) => {
                        let (c, len) = one_char(rest, true);
                        *ind = Indicator::from_char(c);
                        rest = &rest[len..];
                    }
                }
            }
            let [ind1, ind2] = inds;
            let mut df = DataField {
                tag: f.tag,
                ind1,
                ind2,
                subfields: Vec::new(),
            };
            let first = rest.iter().position(|&b| b == b'$').unwrap_or(rest.len());
            if first > 0 {
                let shown = String::from_utf8_lossy(&rest[..first.min(40)]).into_owned();
                faults.fault(
                    &mut self.warnings,
                    pos,
                    format!("text before the first $ of a data field: {shown:?}"),
                    "dropped",
                );
            }
            let mut pieces = rest[first..].split(|&b| b == b'$');
            pieces.next(); // empty: before the first `$`
            for piece in pieces {
                if piece.is_empty() {
                    faults.fault(
                        &mut self.warnings,
                        pos,
                        "a $ without a subfield code".into(),
                        "skipped",
                    );
                    continue;
                }
                let (code, len) = one_char(piece, false);
                let value = self.decode(&piece[len..], false, marc8_record, pos, &mut faults.error);
                df.subfields.push(Subfield { code, value });
            }
            record.fields.push(Field::Data(df));
        }
        match faults.error {
            Some(e) => (Err(e), true),
            None => (Ok(record), has_content),
        }
    }

    /// Decodes a value: `\` as a blank where `blanks` is set, mnemonics expanded.
    fn decode(
        &mut self,
        raw: &[u8],
        blanks: bool,
        marc8_record: bool,
        pos: Position,
        error: &mut Option<MarcError>,
    ) -> String {
        let utf8 = std::str::from_utf8(raw);
        let wants_marc8 = marc8_record
            && (utf8.is_err()
                || raw.contains(&0x1B)
                || memchr::memmem::find(raw, b"{esc}").is_some()
                || memchr::memmem::find(raw, b"{1B}").is_some()
                || memchr::memmem::find(raw, b"{1b}").is_some());
        if wants_marc8 {
            return self.decode_marc8(raw, blanks, pos);
        }
        let text = match utf8 {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => {
                if self.lenient() {
                    self.warn(
                        pos,
                        "the text is not valid UTF-8; bad bytes replaced by U+FFFD",
                    );
                } else if error.is_none() {
                    *error = Some(MarcError::new(
                        ErrorKind::InvalidUtf8,
                        pos,
                        "the text is not valid UTF-8 (nor MARC-8: the leader says UTF-8)",
                    ));
                }
                String::from_utf8_lossy(raw)
            }
        };
        if !(text.contains('{') || blanks && text.contains('\\')) {
            return text.into_owned();
        }
        self.expand(&text, blanks, pos)
    }

    /// Expands mnemonics in UTF-8 text, moving combining marks after their base.
    fn expand(&mut self, text: &str, blanks: bool, pos: Position) -> String {
        let mut out = String::with_capacity(text.len());
        let mut pending: Vec<char> = Vec::new();
        let mut marks_used = false;
        let mut rest = text;
        let push = |out: &mut String, pending: &mut Vec<char>, c: char| {
            out.push(c);
            out.extend(pending.drain(..));
        };
        while let Some(i) = rest.find(|c: char| c == '{' || (blanks && c == '\\')) {
            let mut plain = rest[..i].chars();
            if let Some(c) = plain.next() {
                push(&mut out, &mut pending, c);
                out.push_str(plain.as_str());
            }
            let tail = &rest[i..];
            if let Some(after) = tail.strip_prefix('\\') {
                push(&mut out, &mut pending, ' ');
                rest = after;
                continue;
            }
            let Some((len, meaning)) = parse_mnemonic(tail.as_bytes()) else {
                push(&mut out, &mut pending, '{');
                rest = &tail[1..];
                continue;
            };
            let written = &tail[..len];
            match meaning {
                Meaning::Text(s) => {
                    let mut chars = s.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if is_mark(c) => {
                            pending.push(c);
                            marks_used = true;
                        }
                        (Some('\u{1B}'), None) => {
                            self.warn(
                                pos,
                                "{esc} in a value read as UTF-8 (the leader says UTF-8): kept as U+001B",
                            );
                            push(&mut out, &mut pending, '\u{1B}');
                        }
                        _ => {
                            for c in s.chars() {
                                push(&mut out, &mut pending, c);
                            }
                        }
                    }
                }
                Meaning::Char(c) if is_mark(c) => {
                    pending.push(c);
                    marks_used = true;
                }
                Meaning::Char(c) => push(&mut out, &mut pending, c),
                Meaning::EscapePart(_) | Meaning::Unknown => {
                    self.warn(pos, format!("unknown mnemonic {written}; kept as written"));
                    let mut cs = written.chars();
                    if let Some(c) = cs.next() {
                        push(&mut out, &mut pending, c);
                    }
                    out.push_str(cs.as_str());
                }
            }
            rest = &tail[len..];
        }
        let mut plain = rest.chars();
        if let Some(c) = plain.next() {
            push(&mut out, &mut pending, c);
            out.push_str(plain.as_str());
        }
        if !pending.is_empty() {
            self.warn(
                pos,
                "a combining diacritic mnemonic ends the value without a base character; kept at the end",
            );
            out.extend(pending.drain(..));
        }
        if marks_used {
            out = out.nfc().collect();
        }
        out
    }

    /// Decodes a value of a MARC-8 record that carries escape sequences or raw MARC-8
    /// bytes: mnemonics become MARC-8 bytes, then [`marc8::decode`] converts the whole.
    fn decode_marc8(&mut self, raw: &[u8], blanks: bool, pos: Position) -> String {
        let mut bytes = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let b = raw[i];
            if b == b'\\' && blanks {
                bytes.push(b' ');
                i += 1;
                continue;
            }
            if b != b'{' {
                bytes.push(b);
                i += 1;
                continue;
            }
            match parse_mnemonic(&raw[i..]) {
                None => {
                    bytes.push(b'{');
                    i += 1;
                }
                Some((len, meaning)) => {
                    match meaning {
                        Meaning::Text(s) => push_marc8(&mut bytes, s),
                        Meaning::Char(c) => {
                            // A two-digit code is a MARC-8 byte as written.
                            if len == 4
                                && raw[i + 1].is_ascii_hexdigit()
                                && raw[i + 2].is_ascii_hexdigit()
                            {
                                let code = std::str::from_utf8(&raw[i + 1..i + 3])
                                    .ok()
                                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                                    .unwrap_or(b'?');
                                bytes.push(code);
                            } else {
                                let mut tmp = [0u8; 4];
                                push_marc8(&mut bytes, c.encode_utf8(&mut tmp));
                            }
                        }
                        Meaning::EscapePart(part) => bytes.extend_from_slice(part),
                        Meaning::Unknown => {
                            let written = String::from_utf8_lossy(&raw[i..i + len]).into_owned();
                            self.warn(pos, format!("unknown mnemonic {written}; kept as written"));
                            bytes.extend_from_slice(&raw[i..i + len]);
                        }
                    }
                    i += len;
                }
            }
        }
        let mut options = self.options.marc8;
        options.decode_ncr = true;
        let mut issues = Vec::new();
        let text = marc8::decode(&bytes, options, &mut issues);
        for issue in issues {
            self.warn(pos, format!("MARC-8: {}", issue.message));
        }
        text
    }
}

/// The first character of `bytes` (a one-character mnemonic where `{` opens one, `\` a
/// blank where `blank` is set) and how many bytes it takes. Invalid UTF-8 gives U+FFFD.
fn one_char(bytes: &[u8], blank: bool) -> (char, usize) {
    match bytes[0] {
        b'\\' if blank => (' ', 1),
        b'{' => match parse_mnemonic(bytes) {
            Some((len, Meaning::Char(c))) => (c, len),
            Some((len, Meaning::Text(s))) if s.chars().count() == 1 => {
                (s.chars().next().unwrap_or('{'), len)
            }
            _ => ('{', 1),
        },
        b if b.is_ascii() => (char::from(b), 1),
        _ => {
            let n = bytes.len().min(4);
            for len in (2..=n).rev() {
                let c = std::str::from_utf8(&bytes[..len])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .filter(|c| c.len_utf8() == len);
                if let Some(c) = c {
                    return (c, len);
                }
            }
            ('\u{FFFD}', 1)
        }
    }
}

impl<R: BufRead> Iterator for MrkReader<R> {
    type Item = Result<Record, MarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let lines = match self.next_lines() {
                Ok(l) => l,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            if lines.is_empty() {
                self.done = true;
                return None;
            }
            self.record_no += 1;
            match self.record_from(lines) {
                (result, true) => return Some(result),
                // Lenient mode skipped every line: nothing of a record was there.
                (_, false) => self.record_no -= 1,
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------------------
// The writer
// ---------------------------------------------------------------------------------------

/// Appends `s` with the mnemonics the reader needs; `blanks` writes spaces as `\`.
fn push_escaped(out: &mut String, s: &str, blanks: bool) {
    for c in s.chars() {
        match c {
            '$' => out.push_str("{dollar}"),
            '{' => out.push_str("{lcub}"),
            '}' => out.push_str("{rcub}"),
            '\\' => out.push_str("{bsol}"),
            ' ' if blanks => out.push('\\'),
            c if c.is_control() => out.push_str(&format!("{{U+{:04X}}}", c as u32)),
            c => out.push(c),
        }
    }
}

/// Why a field cannot be written in mnemonic form.
fn unwritable(field: &Field) -> Option<String> {
    match field {
        Field::Control(c) => {
            let t = c.tag.as_bytes();
            if !t.iter().all(u8::is_ascii_alphanumeric) {
                Some(format!(
                    "the tag {:?} is not three letters or digits",
                    c.tag.as_str()
                ))
            } else if !c.tag.is_control() && t.iter().all(u8::is_ascii_digit) {
                Some(
                    "a control field with a numeric tag of 010 or above reads back as a data field"
                        .into(),
                )
            } else {
                None
            }
        }
        Field::Data(d) => {
            let t = d.tag.as_bytes();
            if !t.iter().all(u8::is_ascii_alphanumeric) {
                Some(format!(
                    "the tag {:?} is not three letters or digits",
                    d.tag.as_str()
                ))
            } else if d.tag.is_control() {
                Some(
                    "a data field with a control tag (001-009) reads back as a control field"
                        .into(),
                )
            } else if !t.iter().all(u8::is_ascii_digit) && d.subfields.is_empty() {
                Some("a data field with an alphanumeric tag and no subfields reads back as a control field".into())
            } else if d.ind1.as_char().is_none() || d.ind2.as_char().is_none() {
                Some(format!(
                    "the indicators {:?} and {:?} are not one character each",
                    d.ind1.as_str(),
                    d.ind2.as_str()
                ))
            } else {
                None
            }
        }
    }
}

fn push_indicator(out: &mut String, ind: &Indicator) {
    match ind.as_char() {
        Some(c) => {
            let mut b = [0u8; 4];
            push_escaped(out, c.encode_utf8(&mut b), true);
        }
        None => {
            // Only in `to_string`: written as it is (or a blank when empty).
            if ind.as_str().is_empty() {
                out.push('\\');
            } else {
                push_escaped(out, ind.as_str(), true);
            }
        }
    }
}

fn write_mrk(record: &Record, out: &mut String) {
    out.push_str("=LDR  ");
    push_escaped(out, &record.leader.to_utf8_text(), true);
    out.push('\n');
    for field in &record.fields {
        out.push('=');
        match field {
            Field::Control(c) => {
                out.push_str(c.tag.as_str());
                out.push_str("  ");
                push_escaped(out, &c.value, true);
            }
            Field::Data(d) => {
                out.push_str(d.tag.as_str());
                out.push_str("  ");
                push_indicator(out, &d.ind1);
                push_indicator(out, &d.ind2);
                for s in &d.subfields {
                    out.push('$');
                    let mut b = [0u8; 4];
                    push_escaped(out, s.code.encode_utf8(&mut b), false);
                    push_escaped(out, &s.value, false);
                }
            }
        }
        out.push('\n');
    }
}

/// One record in mnemonic form: its lines, each ending in `\n`, without the blank line
/// that separates records.
///
/// Fields [`MrkWriter`] refuses (see the module documentation) are written as well as the
/// form allows, for display: an indicator that is not one character is written as it is,
/// an empty one as a blank.
pub fn to_string(record: &Record) -> String {
    let mut out = String::with_capacity(2048);
    write_mrk(record, &mut out);
    out
}

/// Writes records as MarcEdit `.mrk8` text: UTF-8, `\n` line ends, a blank line after
/// each record.
pub struct MrkWriter<W: Write> {
    sink: W,
    written: usize,
    bytes: u64,
    buf: String,
}

impl<W: Write> MrkWriter<W> {
    /// A writer over a byte sink.
    pub fn new(sink: W) -> Self {
        MrkWriter {
            sink,
            written: 0,
            bytes: 0,
            buf: String::with_capacity(4096),
        }
    }
}

impl<W: Write> RecordWriter for MrkWriter<W> {
    fn write_record(&mut self, record: &Record) -> Result<(), MarcError> {
        let number = self.written + 1;
        if let Some((field, why)) = record
            .fields
            .iter()
            .find_map(|f| unwritable(f).map(|why| (f, why)))
        {
            return Err(MarcError::new(
                ErrorKind::Unwritable,
                Position::at(number, self.bytes).with_tag(field.tag()),
                format!("{why}; the record is not written"),
            ));
        }
        self.buf.clear();
        write_mrk(record, &mut self.buf);
        self.buf.push('\n');
        self.sink
            .write_all(self.buf.as_bytes())
            .map_err(|e| MarcError::io(e, Position::at(number, self.bytes)))?;
        self.bytes += self.buf.len() as u64;
        self.written = number;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), MarcError> {
        self.sink
            .flush()
            .map_err(|e| MarcError::io(e, Position::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8], mode: Mode) -> (Vec<Result<Record, MarcError>>, Vec<MarcWarning>) {
        let options = ReadOptions {
            mode,
            ..ReadOptions::default()
        };
        let mut reader = MrkReader::new(text, options);
        let items: Vec<_> = reader.by_ref().collect();
        (items, reader.take_warnings())
    }

    fn records(text: &str, mode: Mode) -> Vec<Record> {
        read_all(text.as_bytes(), mode)
            .0
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn named_table_is_sorted_and_unique() {
        for w in NAMED.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn reads_fields_blanks_and_line_ends() {
        let text = "=LDR  00000nam\\\\2200000\\a\\4500\r\n=001  ocm123\\\r\n=008  \\\\x\r=245  10$aTitle :$bsub /$cAuthor.\n=500  \\\\$aback\\slash {dollar}5 {lcub}x{rcub} {bsol}\n\n\n=LDR  00000nam  2200000 a 4500\n=FMT  BK\n=CAT  \\\\$aX\n";
        for mode in [Mode::Strict, Mode::Lenient] {
            let recs = records(text, mode);
            assert_eq!(recs.len(), 2);
            let r = &recs[0];
            assert_eq!(r.leader.as_str(), "00000nam  2200000 a 4500");
            assert_eq!(r.control("001"), Some("ocm123 "));
            assert_eq!(r.control("008"), Some("  x"));
            let f245 = r.get("245").unwrap().as_data().unwrap();
            assert_eq!((f245.ind1.as_str(), f245.ind2.as_str()), ("1", "0"));
            assert_eq!(r.subfield("245", 'b'), Some("sub /"));
            assert_eq!(r.subfield("500", 'a'), Some("back\\slash $5 {x} \\"));
            assert_eq!(recs[1].control("FMT"), Some("BK"));
            assert_eq!(recs[1].subfield("CAT", 'a'), Some("X"));
        }
    }

    #[test]
    fn small_buffers_read_the_same() {
        let text = "\u{FEFF}=LDR  00000nam a2200000 a 4500\r\n=001  x\r=245  10$aK\u{f6}ln {acute}e\r\n\r\n=LDR  00000nam a2200000 a 4500\n=001  y";
        let whole = records(text, Mode::Strict);
        assert_eq!(whole.len(), 2);
        assert_eq!(whole[0].subfield("245", 'a'), Some("K\u{f6}ln \u{e9}"));
        for cap in [1, 2, 3] {
            let src = std::io::BufReader::with_capacity(cap, text.as_bytes());
            let recs: Vec<Record> = MrkReader::new(src, ReadOptions::default())
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(recs, whole, "capacity {cap}");
        }
    }

    #[test]
    fn diacritic_mnemonics_come_before_the_base_letter() {
        let text = "=LDR  00000nam  2200000 a 4500\n=500  \\\\$a{Lstrok}{acute}od{acute}z, d{acute}esir{acute}ee, {U+00E9}{&#x00E9;}{&#233;}{eacute}, k{dotb}{macr}a, {text}, {), x{acute}\n";
        let (items, warnings) = read_all(text.as_bytes(), Mode::Strict);
        let r = items[0].as_ref().unwrap();
        assert_eq!(
            r.subfield("500", 'a'),
            Some("Łódź, désirée, éééé, ka\u{323}\u{304}, {text}, {), x\u{301}")
                .map(|s| s.nfc().collect::<String>())
                .as_deref()
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn escape_sequences_use_the_marc8_decoder() {
        let text = "=LDR  00000nam  2200000 a 4500\n=255  \\\\$aW 129{esc}p0{esc}s, {esc}{cyril}Kniga{esc}s\n";
        let recs = records(text, Mode::Strict);
        let value = recs[0].subfield("255", 'a').unwrap();
        assert!(value.starts_with("W 129\u{2070}"), "{value:?}");
    }

    #[test]
    fn bad_lines_are_errors_in_strict_and_skipped_in_lenient() {
        let text = "=LDR  00000nam  2200000 a 4500\n=24  10$aT\n=245  10$aTitle\ncontinued\n\n=LDR  00000nam  2200000 a 4500\n=001  x\n";
        let (strict, _) = read_all(text.as_bytes(), Mode::Strict);
        assert_eq!(strict.len(), 2);
        let err = strict[0].as_ref().unwrap_err();
        assert_eq!(err.kind, ErrorKind::Mnemonic);
        assert_eq!(err.position.line, 2);
        assert!(strict[1].is_ok());
        let (lenient, warnings) = read_all(text.as_bytes(), Mode::Lenient);
        let r = lenient[0].as_ref().unwrap();
        assert_eq!(r.subfield("245", 'a'), Some("Titlecontinued"));
        assert_eq!(r.fields.len(), 1);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn writer_round_trips_awkward_values() {
        let mut r = Record::new();
        r.leader = Leader::new("01234cam\\a2200001 a 4500");
        r.push(Field::control(Tag::parse("001").unwrap(), " a\\b $c {x} "));
        r.push(Field::control(Tag::parse("FMT").unwrap(), "B$K"));
        r.push(
            DataField::new(Tag::parse("245").unwrap(), '\\', '$')
                .with('a', "  $5.00 {acute} \\ back\nline\r\t ")
                .with('$', "code dollar")
                .with('{', "code brace")
                .with('b', ""),
        );
        r.push(DataField::new(Tag::parse("500").unwrap(), ' ', '{'));
        r.push(
            DataField::new(Tag::parse("ABC").unwrap(), '1', ' ').with('z', "é and e\u{301} kept"),
        );
        let bytes = crate::to_bytes(&[r.clone(), r.clone()], crate::Format::Mrk).unwrap();
        for mode in [Mode::Strict, Mode::Lenient] {
            let (items, w) = read_all(&bytes, mode);
            assert!(w.is_empty(), "{w:?}");
            let back: Vec<Record> = items.into_iter().collect::<Result<_, _>>().unwrap();
            assert_eq!(back, vec![r.clone(), r.clone()]);
        }
        assert!(to_string(&r).starts_with(
            "=LDR  01234cam{bsol}a2200001\\a\\4500\n=001  \\a{bsol}b\\{dollar}c\\{lcub}x{rcub}\\\n"
        ));
    }

    #[test]
    fn writer_refuses_what_text_cannot_carry() {
        let mut r = Record::new();
        r.push(DataField {
            tag: Tag::parse("245").unwrap(),
            ind1: Indicator::from_text("0 "),
            ind2: Indicator::BLANK,
            subfields: vec![],
        });
        let mut out = Vec::new();
        let err = MrkWriter::new(&mut out).write_record(&r).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unwritable);
        assert!(err.to_string().contains("field 245"), "{err}");
        assert!(out.is_empty());
    }
}
