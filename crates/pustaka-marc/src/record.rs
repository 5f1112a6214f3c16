//! The MARC 21 record model: a leader and an ordered list of fields.
//!
//! A [`Record`] keeps its fields in the order they were read or added, because field order
//! carries meaning in cataloguing (the first 020 is the main ISBN, 880 fields pair with the
//! field they transliterate). Control fields (`001`-`009`) hold one value; data fields hold two
//! indicators and an ordered list of subfields. Tags are three ASCII characters and may be
//! alphanumeric (`FMT`, `CAT`), as many systems write them.

use std::fmt;

/// Length of a MARC 21 leader in bytes.
pub const LEADER_LEN: usize = 24;

/// The 24-character leader that opens every record.
///
/// Kept as text, because real files carry leaders that break the standard (blanks where
/// digits belong, non-ASCII bytes in MARCXML) and nothing read may be lost.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Leader(String);

impl Leader {
    /// Wraps leader text as it was read; any length is kept.
    pub fn new(text: impl Into<String>) -> Self {
        Leader(text.into())
    }

    /// A blank leader for a new UTF-8 bibliographic record of language material.
    pub fn default_bibliographic() -> Self {
        Leader("00000nam a2200000 i 4500".to_string())
    }

    /// The leader text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The byte at position `pos` (0-based), if the leader is that long.
    pub fn byte(&self, pos: usize) -> Option<u8> {
        self.0.as_bytes().get(pos).copied()
    }

    /// Sets the ASCII byte at `pos`, padding a short leader with blanks first.
    ///
    /// A non-ASCII character at that position is replaced whole.
    pub fn set(&mut self, pos: usize, value: u8) {
        debug_assert!(value.is_ascii());
        let mut chars: Vec<char> = self.0.chars().collect();
        while chars.len() <= pos {
            chars.push(' ');
        }
        chars[pos] = value as char;
        self.0 = chars.into_iter().collect();
    }

    /// The leader as written by this crate's writers, whose output is always Unicode:
    /// leader/09 set to `a` (UTF-8) when the leader is long enough to have it.
    pub fn to_utf8_text(&self) -> std::borrow::Cow<'_, str> {
        match self.0.as_bytes().get(9) {
            Some(b'a') | None => std::borrow::Cow::Borrowed(&self.0),
            Some(_) => {
                let mut l = self.clone();
                l.set(9, b'a');
                std::borrow::Cow::Owned(l.0)
            }
        }
    }

    /// Record status (leader/05), e.g. `n` new, `c` corrected, `d` deleted.
    pub fn record_status(&self) -> Option<char> {
        self.byte(5).map(char::from)
    }

    /// Type of record (leader/06), e.g. `a` language material, `g` projected medium.
    pub fn record_type(&self) -> Option<char> {
        self.byte(6).map(char::from)
    }

    /// Bibliographic level (leader/07), e.g. `m` monograph, `s` serial.
    pub fn bibliographic_level(&self) -> Option<char> {
        self.byte(7).map(char::from)
    }

    /// Character coding scheme (leader/09): `a` is UTF-8, blank is MARC-8.
    pub fn coding_scheme(&self) -> Option<char> {
        self.byte(9).map(char::from)
    }

    /// True when leader/09 says the record is UTF-8 (`a`).
    pub fn is_utf8(&self) -> bool {
        self.byte(9) == Some(b'a')
    }

    /// The record length the leader states (leader/00-04), if those are digits.
    pub fn record_length(&self) -> Option<usize> {
        parse_digits(self.0.as_bytes().get(0..5)?)
    }

    /// The base address of data the leader states (leader/12-16), if those are digits.
    pub fn base_address(&self) -> Option<usize> {
        parse_digits(self.0.as_bytes().get(12..17)?)
    }
}

impl fmt::Debug for Leader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Leader({:?})", self.0)
    }
}

impl fmt::Display for Leader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses ASCII digits, returning `None` on anything else (including blanks).
pub(crate) fn parse_digits(bytes: &[u8]) -> Option<usize> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0usize, |n, b| n * 10 + usize::from(b - b'0')),
    )
}

/// A field tag: exactly three ASCII characters, digits or letters (`245`, `880`, `FMT`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag([u8; 3]);

impl Tag {
    /// Makes a tag from three ASCII bytes; `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Tag> {
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii) && bytes.iter().all(|b| *b >= 0x20) => {
                Some(Tag([*a, *b, *c]))
            }
            _ => None,
        }
    }

    /// Parses a tag from text; `None` unless it is three printable ASCII characters.
    #[allow(clippy::should_implement_trait)]
    pub fn parse(text: &str) -> Option<Tag> {
        Tag::from_bytes(text.as_bytes())
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("tags are ASCII by construction")
    }

    /// The tag's bytes.
    pub fn as_bytes(&self) -> &[u8; 3] {
        &self.0
    }

    /// True for the control-field tags `001`-`009` (numeric and below `010`).
    ///
    /// `000` counts as a control tag too, as pymarc and ruby-marc treat it.
    pub fn is_control(&self) -> bool {
        self.0.iter().all(u8::is_ascii_digit) && &self.0 < b"010"
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({})", self.as_str())
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Tag {
    fn eq(&self, other: &str) -> bool {
        self.0.as_slice() == other.as_bytes()
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_slice() == other.as_bytes()
    }
}

/// An indicator: normally one character (a blank is `' '`).
///
/// MARCXML in the wild also carries empty or two-character indicators; they are kept
/// verbatim so that nothing read is lost.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Indicator(IndicatorRepr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum IndicatorRepr {
    Inline { bytes: [u8; 4], len: u8 },
    Text(Box<str>),
}

impl Indicator {
    /// The blank indicator.
    pub const BLANK: Indicator = Indicator(IndicatorRepr::Inline {
        bytes: [b' ', 0, 0, 0],
        len: 1,
    });

    /// An indicator of one character.
    pub fn from_char(c: char) -> Indicator {
        let mut bytes = [0u8; 4];
        let len = c.encode_utf8(&mut bytes).len() as u8;
        Indicator(IndicatorRepr::Inline { bytes, len })
    }

    /// An indicator from text as read (normally one character).
    pub fn from_text(text: &str) -> Indicator {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Indicator::from_char(c),
            _ => Indicator(IndicatorRepr::Text(text.into())),
        }
    }

    /// The indicator as text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            IndicatorRepr::Inline { bytes, len } => std::str::from_utf8(&bytes[..*len as usize])
                .expect("inline indicators hold one encoded char"),
            IndicatorRepr::Text(text) => text,
        }
    }

    /// The indicator as a single character, when it is one.
    pub fn as_char(&self) -> Option<char> {
        let mut chars = self.as_str().chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    /// True for the blank indicator `' '`.
    pub fn is_blank(&self) -> bool {
        self.as_str() == " "
    }
}

impl Default for Indicator {
    fn default() -> Self {
        Indicator::BLANK
    }
}

impl From<char> for Indicator {
    fn from(c: char) -> Self {
        Indicator::from_char(c)
    }
}

impl fmt::Debug for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One subfield of a data field: a code and its value (`$a Judul`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Subfield {
    /// The subfield code, normally a lower-case letter or a digit.
    pub code: char,
    /// The value, in Unicode.
    pub value: String,
}

impl Subfield {
    /// Makes a subfield.
    pub fn new(code: char, value: impl Into<String>) -> Self {
        Subfield {
            code,
            value: value.into(),
        }
    }
}

/// A control field (`001`-`009`): a tag and one value.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ControlField {
    /// The tag.
    pub tag: Tag,
    /// The value.
    pub value: String,
}

/// A data field: tag, two indicators and ordered subfields.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct DataField {
    /// The tag.
    pub tag: Tag,
    /// First indicator.
    pub ind1: Indicator,
    /// Second indicator.
    pub ind2: Indicator,
    /// Subfields in order.
    pub subfields: Vec<Subfield>,
}

impl DataField {
    /// A data field with the given tag and indicators and no subfields.
    pub fn new(tag: Tag, ind1: impl Into<Indicator>, ind2: impl Into<Indicator>) -> Self {
        DataField {
            tag,
            ind1: ind1.into(),
            ind2: ind2.into(),
            subfields: Vec::new(),
        }
    }

    /// Appends a subfield (builder style).
    pub fn with(mut self, code: char, value: impl Into<String>) -> Self {
        self.subfields.push(Subfield::new(code, value));
        self
    }

    /// The value of the first subfield with this code.
    pub fn subfield(&self, code: char) -> Option<&str> {
        self.subfields
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.value.as_str())
    }

    /// Values of every subfield whose code is among `codes`, in field order.
    pub fn subfields_with<'a>(&'a self, codes: &'a [char]) -> impl Iterator<Item = &'a str> + 'a {
        self.subfields
            .iter()
            .filter(move |s| codes.contains(&s.code))
            .map(|s| s.value.as_str())
    }

    /// Every subfield value joined by single spaces, as pymarc's `Field.value()` gives it.
    pub fn value(&self) -> String {
        let mut out = String::new();
        for s in &self.subfields {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(s.value.trim());
        }
        out
    }
}

/// A field of a record: control or data.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Field {
    /// A control field (`001`-`009`).
    Control(ControlField),
    /// A data field (`010` and above, and alphanumeric tags).
    Data(DataField),
}

impl Field {
    /// A control field.
    pub fn control(tag: Tag, value: impl Into<String>) -> Field {
        Field::Control(ControlField {
            tag,
            value: value.into(),
        })
    }

    /// The field's tag.
    pub fn tag(&self) -> Tag {
        match self {
            Field::Control(f) => f.tag,
            Field::Data(f) => f.tag,
        }
    }

    /// True for a control field.
    pub fn is_control(&self) -> bool {
        matches!(self, Field::Control(_))
    }

    /// The data field, if this is one.
    pub fn as_data(&self) -> Option<&DataField> {
        match self {
            Field::Data(f) => Some(f),
            Field::Control(_) => None,
        }
    }

    /// The control value, if this is a control field.
    pub fn as_control(&self) -> Option<&str> {
        match self {
            Field::Control(f) => Some(&f.value),
            Field::Data(_) => None,
        }
    }

    /// The first subfield with this code (always `None` for a control field).
    pub fn subfield(&self, code: char) -> Option<&str> {
        self.as_data().and_then(|f| f.subfield(code))
    }

    /// The field as pymarc's `format_field` gives it: subfields except `$6` joined by
    /// spaces, with ` -- ` before `$v $x $y $z` in subject fields (6XX).
    pub fn format(&self) -> String {
        let f = match self {
            Field::Control(f) => return f.value.clone(),
            Field::Data(f) => f,
        };
        let subject = f.tag.as_bytes()[0] == b'6';
        let mut out = String::new();
        for s in f.subfields.iter().filter(|s| s.code != '6') {
            if subject && matches!(s.code, 'v' | 'x' | 'y' | 'z') {
                out.push_str(" -- ");
            } else {
                out.push(' ');
            }
            out.push_str(&s.value);
        }
        out.trim().to_string()
    }

    /// The field's text: the control value, or the subfield values joined by spaces.
    pub fn value(&self) -> String {
        match self {
            Field::Control(f) => f.value.clone(),
            Field::Data(f) => f.value(),
        }
    }
}

impl From<DataField> for Field {
    fn from(f: DataField) -> Self {
        Field::Data(f)
    }
}

impl From<ControlField> for Field {
    fn from(f: ControlField) -> Self {
        Field::Control(f)
    }
}

/// A MARC 21 record: a leader and its fields in order.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Record {
    /// The leader. Lengths and the base address are recomputed when the record is written.
    pub leader: Leader,
    /// The fields, in order.
    pub fields: Vec<Field>,
}

impl Default for Record {
    fn default() -> Self {
        Record::new()
    }
}

impl Record {
    /// An empty bibliographic record with a UTF-8 leader.
    pub fn new() -> Self {
        Record {
            leader: Leader::default_bibliographic(),
            fields: Vec::new(),
        }
    }

    /// Appends a field at the end.
    pub fn push(&mut self, field: impl Into<Field>) {
        self.fields.push(field.into());
    }

    /// Inserts a field in tag order: after the last field whose tag is not greater.
    pub fn insert_ordered(&mut self, field: impl Into<Field>) {
        let field = field.into();
        let tag = field.tag();
        let at = self
            .fields
            .iter()
            .rposition(|f| f.tag() <= tag)
            .map_or(0, |i| i + 1);
        self.fields.insert(at, field);
    }

    /// The first field with this tag.
    pub fn get(&self, tag: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.tag() == tag)
    }

    /// Every field with this tag, in order.
    pub fn fields<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields.iter().filter(move |f| f.tag() == tag)
    }

    /// Every field whose tag is among `tags`, in record order.
    pub fn fields_any<'a>(&'a self, tags: &'a [&'a str]) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields
            .iter()
            .filter(move |f| tags.iter().any(|t| f.tag() == *t))
    }

    /// Removes every field with this tag; returns how many were removed.
    pub fn remove(&mut self, tag: &str) -> usize {
        let before = self.fields.len();
        self.fields.retain(|f| f.tag() != tag);
        before - self.fields.len()
    }

    /// The value of the first control field with this tag.
    pub fn control(&self, tag: &str) -> Option<&str> {
        self.get(tag).and_then(Field::as_control)
    }

    /// The first subfield `code` of the first field with this tag.
    pub fn subfield(&self, tag: &str, code: char) -> Option<&str> {
        self.get(tag).and_then(|f| f.subfield(code))
    }

    /// The title proper with its remainder, as pymarc's `Record.title` gives it:
    /// 245 $a, then $b joined with a space.
    pub fn title(&self) -> Option<String> {
        let f = self.get("245")?.as_data()?;
        let a = f.subfield('a');
        let b = f.subfield('b');
        match (a, b) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (Some(a), None) => Some(a.to_string()),
            (None, _) => None,
        }
    }

    /// The main entry (100, 110 or 111, first found) formatted as pymarc's `Record.author`
    /// gives it: subfields other than `$6` joined by spaces.
    pub fn author(&self) -> Option<String> {
        ["100", "110", "111"]
            .iter()
            .find_map(|t| self.get(t))
            .map(Field::format)
    }

    /// The ISBN of the first 020 $a as pymarc's `Record.isbn` gives it: the first run of
    /// digits, hyphens and X, with the hyphens removed (`"0-14-044913-2 (pbk.)"` gives
    /// `"0140449132"`).
    pub fn isbn(&self) -> Option<String> {
        let a = self.subfield("020", 'a')?;
        let start = a.find(|c: char| c.is_ascii_digit() || matches!(c, '-' | 'x' | 'X'))?;
        let run: String = a[start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | 'x' | 'X'))
            .filter(|c| *c != '-')
            .collect();
        Some(run)
    }

    /// Every ISBN in 020 $a, the number alone (hyphens removed, qualifiers like "(pbk.)"
    /// dropped), in record order; values that hold no 10- or 13-digit ISBN are skipped.
    pub fn isbns(&self) -> Vec<String> {
        self.fields("020")
            .filter_map(|f| f.subfield('a'))
            .filter_map(clean_isbn)
            .collect()
    }

    /// The first ISSN (022 $a).
    pub fn issn(&self) -> Option<&str> {
        self.subfield("022", 'a')
    }

    /// Publisher name (264 $b with second indicator 1, else 260 $b).
    pub fn publisher(&self) -> Option<&str> {
        self.publication_field().and_then(|f| f.subfield('b'))
    }

    /// Place of publication (264 $a with second indicator 1, else 260 $a).
    pub fn publication_place(&self) -> Option<&str> {
        self.publication_field().and_then(|f| f.subfield('a'))
    }

    /// Date of publication as written (264 $c with second indicator 1, else 260 $c).
    pub fn publication_date(&self) -> Option<&str> {
        self.publication_field().and_then(|f| f.subfield('c'))
    }

    fn publication_field(&self) -> Option<&DataField> {
        self.fields("264")
            .filter_map(Field::as_data)
            .find(|f| f.ind2.as_str() == "1")
            .or_else(|| self.get("260").and_then(Field::as_data))
    }

    /// Subject headings (600-651, 653-655): each field's subfields joined by " -- ".
    pub fn subjects(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter_map(Field::as_data)
            .filter(|f| {
                let t = f.tag.as_str();
                ("600"..="655").contains(&t)
            })
            .map(|f| {
                f.subfields
                    .iter()
                    .filter(|s| s.code.is_ascii_alphabetic())
                    .map(|s| s.value.trim_end_matches(['.', ' ']))
                    .collect::<Vec<_>>()
                    .join(" -- ")
            })
            .collect()
    }
}

/// Extracts the ISBN digits from an 020 $a value: `"0-14-044913-2 (pbk.)"` becomes
/// `"0140449132"`. Returns `None` when no 10- or 13-character ISBN is present.
pub fn clean_isbn(value: &str) -> Option<String> {
    let mut out = String::with_capacity(13);
    for c in value.trim().chars() {
        match c {
            '0'..='9' => out.push(c),
            'x' | 'X' if out.len() == 9 => out.push('X'),
            '-' | ' ' if !out.is_empty() && out.len() < 13 => {}
            _ if out.is_empty() => {}
            _ => break,
        }
        if out.len() == 13 {
            break;
        }
    }
    matches!(out.len(), 10 | 13).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(t: &str) -> Tag {
        Tag::parse(t).unwrap()
    }

    #[test]
    fn title_joins_a_and_b_like_pymarc() {
        let mut r = Record::new();
        r.push(
            DataField::new(tag("245"), '1', '0')
                .with('a', "Laskar pelangi :")
                .with('b', "novel /")
                .with('c', "Andrea Hirata."),
        );
        assert_eq!(r.title().as_deref(), Some("Laskar pelangi : novel /"));
    }

    #[test]
    fn isbn_drops_hyphens_and_qualifier() {
        assert_eq!(
            clean_isbn("979-3062-79-7 (pbk.)").as_deref(),
            Some("9793062797")
        );
        assert_eq!(
            clean_isbn("9786020324784 :").as_deref(),
            Some("9786020324784")
        );
        assert_eq!(clean_isbn("0-14-044913-x").as_deref(), Some("014044913X"));
        assert_eq!(clean_isbn("(pbk.)"), None);
    }

    #[test]
    fn control_tags_are_numeric_below_010() {
        assert!(tag("001").is_control());
        assert!(tag("009").is_control());
        assert!(!tag("010").is_control());
        assert!(!tag("00A").is_control());
        assert!(!tag("FMT").is_control());
    }

    #[test]
    fn insert_ordered_keeps_tag_order() {
        let mut r = Record::new();
        r.push(Field::control(tag("001"), "x"));
        r.push(DataField::new(tag("245"), '0', '0').with('a', "T"));
        r.insert_ordered(DataField::new(tag("035"), ' ', ' ').with('a', "(X)1"));
        let tags: Vec<_> = r.fields.iter().map(|f| f.tag().to_string()).collect();
        assert_eq!(tags, ["001", "035", "245"]);
    }

    #[test]
    fn odd_indicators_are_kept() {
        assert_eq!(Indicator::from_text("").as_str(), "");
        assert_eq!(Indicator::from_text("0 ").as_str(), "0 ");
        assert_eq!(Indicator::from_text("\u{a0}").as_char(), Some('\u{a0}'));
        assert!(Indicator::BLANK.is_blank());
    }
}
