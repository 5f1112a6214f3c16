//! The fast path for clean UTF-8 ISO 2709 records: check once, keep the bytes, decode lazily.
//!
//! [`is_clean`] says whether a framed record is one that `pustaka_marc`'s decoder reads with
//! no error and no warning, in either mode, and that is UTF-8 (leader/09 `a`). Such a record
//! is kept as its bytes and decoded field by field when Python asks, by the functions here,
//! which give exactly what the core decoder gives for it (the tests compare the two on the
//! LoC file). Every other record goes through the core decoder at read time, so errors and
//! warnings are reported where and when the core reports them.

use std::sync::Arc;

/// Record terminator.
pub(crate) const RT: u8 = 0x1D;
/// Field terminator.
pub(crate) const FT: u8 = 0x1E;
/// Subfield delimiter.
pub(crate) const SD: u8 = 0x1F;

/// The bytes of a clean record, shared by the record and its lazily decoded fields.
pub(crate) type RawBytes = Arc<[u8]>;

/// Parses ASCII digits only.
fn digits(bytes: &[u8]) -> Option<usize> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0usize, |n, b| n * 10 + usize::from(b - b'0')),
    )
}

/// The stated length of a record starting at `head`, when its first five bytes are digits.
pub(crate) fn stated_length(head: &[u8]) -> Option<usize> {
    digits(head.get(..5)?)
}

/// True when a tag is a control tag (`000`-`009`), as the core decides it.
pub(crate) fn is_control_tag(tag: &[u8]) -> bool {
    tag.len() == 3 && tag.iter().all(u8::is_ascii_digit) && tag < b"010".as_slice()
}

/// True when the framed record (leader through record terminator) is UTF-8 and so well
/// formed that the core decoder reads it without error or warning.
///
/// One pass checks that everything after the directory is UTF-8 and that every subfield
/// delimiter there is followed by an ASCII byte; then each directory entry is checked to
/// point inside the record, on character boundaries (so its slice is UTF-8 too), and, for a
/// data field, at exactly two ASCII indicators. Stricter than the core where it is cheaper
/// (a delimiter in a control field, bad bytes outside every field): such records simply go
/// through the core decoder.
pub(crate) fn is_clean(chunk: &[u8]) -> bool {
    let Some(base) = clean_base(chunk) else {
        return false;
    };
    let region = &chunk[base..];
    if std::str::from_utf8(region).is_err() {
        return false;
    }
    for i in memchr::memchr_iter(SD, region) {
        if region.get(i + 1).is_some_and(|b| !b.is_ascii()) {
            return false;
        }
    }
    let is_continuation = |b: u8| (0x80..0xC0).contains(&b);
    let directory = &chunk[24..base - 1];
    for entry in directory.chunks_exact(12) {
        let tag = &entry[..3];
        if tag.iter().any(|b| *b < 0x20) {
            return false;
        }
        let (Some(len), Some(off)) = (digits(&entry[3..7]), digits(&entry[7..12])) else {
            return false;
        };
        let start = base + off;
        if len == 0 || start + len > chunk.len() {
            return false;
        }
        let end = start + len - 1;
        if is_continuation(chunk[end]) || (start < end && is_continuation(chunk[start])) {
            return false;
        }
        if is_control_tag(tag) {
            continue;
        }
        // Exactly two indicators, ASCII, then a delimiter or the end of the field.
        let data = &chunk[start..end];
        match data {
            [a, b] | [a, b, SD, ..] if a.is_ascii() && b.is_ascii() && *a != SD && *b != SD => {}
            _ => return false,
        }
    }
    true
}

fn clean_base(chunk: &[u8]) -> Option<usize> {
    let leader = chunk.get(..24)?;
    if !leader.is_ascii() || leader[9] != b'a' {
        return None;
    }
    let base = digits(&leader[12..17])?;
    if base < 25 + 12 || base >= chunk.len() || chunk[base - 1] != FT {
        return None;
    }
    let directory = &chunk[24..base - 1];
    if directory.len() % 12 != 0 || !directory.is_ascii() {
        return None;
    }
    Some(base)
}

/// A field of a clean record: tag and the byte range of its data (without terminator).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawField {
    pub tag: [u8; 3],
    pub start: u32,
    pub end: u32,
}

impl RawField {
    /// The field's data bytes.
    pub fn data<'a>(&self, rec: &'a [u8]) -> &'a [u8] {
        rec.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }

    /// True for a control field.
    pub fn is_control(&self) -> bool {
        is_control_tag(&self.tag)
    }
}

/// The leader of a clean record.
pub(crate) fn leader(rec: &[u8]) -> &str {
    rec.get(..24)
        .and_then(|l| std::str::from_utf8(l).ok())
        .unwrap_or("")
}

/// The fields of a clean record, in directory order.
pub(crate) fn fields(rec: &[u8]) -> impl Iterator<Item = RawField> + '_ {
    let base = rec.get(12..17).and_then(digits).unwrap_or(0);
    let directory = if base > 25 {
        rec.get(24..base - 1).unwrap_or_default()
    } else {
        &[]
    };
    directory.chunks_exact(12).filter_map(move |e| {
        let len = digits(&e[3..7])?;
        let off = digits(&e[7..12])?;
        let start = base + off;
        let end = (start + len).checked_sub(1)?;
        if len == 0 || end >= rec.len() {
            return None;
        }
        Some(RawField {
            tag: [e[0], e[1], e[2]],
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    })
}

/// Number of directory entries of a clean record.
pub(crate) fn field_count(rec: &[u8]) -> usize {
    let base = rec.get(12..17).and_then(digits).unwrap_or(0);
    base.saturating_sub(25) / 12
}

/// The text of a clean record's bytes (always valid UTF-8 after [`is_clean`]).
pub(crate) fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The first field with this tag, reading only the directory's tags until it is found.
pub(crate) fn find_field(rec: &[u8], tag: &[u8]) -> Option<RawField> {
    let base = rec.get(12..17).and_then(digits).unwrap_or(0);
    if base <= 25 {
        return None;
    }
    let directory = rec.get(24..base - 1)?;
    let e = directory.chunks_exact(12).find(|e| &e[..3] == tag)?;
    let len = digits(&e[3..7])?;
    let off = digits(&e[7..12])?;
    let start = base + off;
    let end = (start + len).checked_sub(1)?;
    if len == 0 || end >= rec.len() {
        return None;
    }
    Some(RawField {
        tag: [e[0], e[1], e[2]],
        start: u32::try_from(start).ok()?,
        end: u32::try_from(end).ok()?,
    })
}

/// The two indicator bytes of a data field's data.
pub(crate) fn indicators(data: &[u8]) -> (u8, u8) {
    (
        data.first().copied().unwrap_or(b' '),
        data.get(1).copied().unwrap_or(b' '),
    )
}

/// The subfields of a data field's data as (code byte, value bytes), skipping empty ones.
///
/// What the core decoder reads: the data after the two indicators, split at the subfield
/// delimiters, the part before the first delimiter dropped.
pub(crate) fn subfields(data: &[u8]) -> Subfields<'_> {
    let rest = data.get(2..).unwrap_or_default();
    let pos = memchr::memchr(SD, rest).map_or(rest.len(), |i| i);
    Subfields { rest, pos }
}

/// Iterator of [`subfields`]: `pos` is at a delimiter (or the end).
pub(crate) struct Subfields<'a> {
    rest: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Subfields<'a> {
    type Item = (u8, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let start = self.pos + 1;
            if start > self.rest.len() {
                return None;
            }
            let tail = &self.rest[start..];
            let len = memchr::memchr(SD, tail).unwrap_or(tail.len());
            self.pos = start + len;
            if let [code, value @ ..] = &tail[..len] {
                return Some((*code, value));
            }
        }
    }
}

/// Subfield spans of a data field: (code, value start, value end) within the field data.
/// Up to 8 kept inline (most fields have fewer), more on the heap.
pub(crate) struct Spans {
    inline: [(u8, u32, u32); 8],
    len: usize,
    more: Vec<(u8, u32, u32)>,
}

impl Spans {
    pub(crate) fn new() -> Spans {
        Spans {
            inline: [(0, 0, 0); 8],
            len: 0,
            more: Vec::new(),
        }
    }

    fn push(&mut self, span: (u8, u32, u32)) {
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = span;
        } else {
            self.more.push(span);
        }
        self.len += 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &(u8, u32, u32)> + '_ {
        self.inline[..self.len.min(8)]
            .iter()
            .chain(self.more.iter())
    }
}

/// The spans of what [`subfields`] yields, found in one pass with a plain byte loop (field
/// data is short, where a vectorised search costs more to set up than it saves).
pub(crate) fn subfield_spans(data: &[u8], out: &mut Spans) {
    // Skip what comes before the first delimiter (nothing, in a clean record).
    let mut i = find_sd(data, 2);
    while i < data.len() {
        // `i` is at a delimiter.
        let start = i + 1;
        let end = find_sd(data, start);
        if end > start {
            out.push((data[start], (start + 1) as u32, end as u32));
        }
        i = end;
    }
}

/// The index of the first subfield delimiter at or after `from`, or `data.len()`: eight
/// bytes at a time (a word has a delimiter when `w ^ 0x1F..` has a zero byte; the lowest
/// flagged byte is the first zero), for the short runs field data are made of.
#[inline]
fn find_sd(data: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const PATTERN: u64 = ONES * SD as u64;
    let mut i = from;
    while let Some(chunk) = data.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word) ^ PATTERN;
        let found = v.wrapping_sub(ONES) & !v & HIGHS;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < data.len() {
        if data[i] == SD {
            return i;
        }
        i += 1;
    }
    data.len()
}

/// The value of the first subfield with this code.
pub(crate) fn first_subfield(data: &[u8], code: u8) -> Option<&[u8]> {
    subfields(data).find(|(c, _)| *c == code).map(|(_, v)| v)
}
