//! Zero-copy views of one ISO 2709 record: leader, directory and field slices.
//!
//! [`RawRecord`] borrows the record's bytes and decodes nothing: it is the fast path for
//! scanning large files (every field and subfield is reachable as a byte slice) and the
//! first step of decoding into a [`crate::Record`].

/// Record terminator.
pub const RECORD_TERMINATOR: u8 = 0x1D;
/// Field terminator.
pub const FIELD_TERMINATOR: u8 = 0x1E;
/// Subfield delimiter.
pub const SUBFIELD_DELIMITER: u8 = 0x1F;

/// A directory entry: tag and the field's bytes (without its terminator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawField<'a> {
    /// The tag bytes as the directory gives them.
    pub tag: [u8; 3],
    /// The field's data, without the field terminator.
    pub data: &'a [u8],
}

impl<'a> RawField<'a> {
    /// True for a control field: a numeric tag below `010`.
    pub fn is_control(&self) -> bool {
        self.tag.iter().all(u8::is_ascii_digit) && &self.tag < b"010"
    }

    /// The bytes before the first subfield delimiter: the indicators of a data field.
    pub fn indicators(&self) -> &'a [u8] {
        let end = memchr::memchr(SUBFIELD_DELIMITER, self.data).unwrap_or(self.data.len());
        &self.data[..end]
    }

    /// The subfields of a data field as (code byte, value bytes), skipping empty ones.
    pub fn subfields(&self) -> impl Iterator<Item = (u8, &'a [u8])> + 'a {
        let data = self.data;
        let start = memchr::memchr(SUBFIELD_DELIMITER, data).unwrap_or(data.len());
        data[start..]
            .split(|b| *b == SUBFIELD_DELIMITER)
            .skip(1)
            .filter(|s| !s.is_empty())
            .map(|s| (s[0], &s[1..]))
    }
}

/// A record's bytes with its directory located, ready for field access.
#[derive(Debug, Clone, Copy)]
pub struct RawRecord<'a> {
    bytes: &'a [u8],
    base: usize,
}

/// Why a record's structure could not be read (the decoder adds the position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawError {
    /// Fewer than 24 bytes.
    ShortLeader,
    /// Base address not digits.
    BaseAddressNotDigits,
    /// Base address zero.
    BaseAddressZero,
    /// Base address at or past the end.
    BaseAddressPastEnd(usize),
}

impl<'a> RawRecord<'a> {
    /// Locates the directory of a framed record (leader through record terminator).
    ///
    /// Only the leader and base address are checked here; entries are checked as they
    /// are read, so that a scan over clean data costs one pass.
    pub fn new(bytes: &'a [u8]) -> Result<RawRecord<'a>, RawError> {
        if bytes.len() < 24 {
            return Err(RawError::ShortLeader);
        }
        let base =
            crate::record::parse_digits(&bytes[12..17]).ok_or(RawError::BaseAddressNotDigits)?;
        if base == 0 {
            return Err(RawError::BaseAddressZero);
        }
        if base >= bytes.len() {
            return Err(RawError::BaseAddressPastEnd(base));
        }
        Ok(RawRecord { bytes, base })
    }

    /// All the record's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The 24 leader bytes.
    pub fn leader(&self) -> &'a [u8] {
        &self.bytes[..24]
    }

    /// The base address of data.
    pub fn base_address(&self) -> usize {
        self.base
    }

    /// The directory bytes (between the leader and the directory's field terminator).
    pub fn directory(&self) -> &'a [u8] {
        &self.bytes[24..self.base.max(25) - 1]
    }

    /// The fields the directory names, in directory order. Entries whose length or offset
    /// are not digits, or that point outside the record, are skipped; use
    /// [`crate::iso2709`]'s decoder for reports on them.
    pub fn fields(&self) -> impl Iterator<Item = RawField<'a>> + 'a {
        let bytes = self.bytes;
        let base = self.base;
        self.directory().chunks_exact(12).filter_map(move |e| {
            let len = crate::record::parse_digits(&e[3..7])?;
            let off = crate::record::parse_digits(&e[7..12])?;
            let start = base + off;
            let end = (start + len).checked_sub(1)?;
            if end > bytes.len() || start > end {
                return None;
            }
            Some(RawField {
                tag: [e[0], e[1], e[2]],
                data: &bytes[start..end],
            })
        })
    }
}

/// Splits a buffer of concatenated well-formed records at their record terminators, for
/// fast scans; every item is one record's bytes including its terminator.
pub fn split_records(buf: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = buf;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let len = crate::record::parse_digits(rest.get(..5)?)
            .filter(|&n| n >= 24 && n <= rest.len() && rest[n - 1] == RECORD_TERMINATOR)
            .or_else(|| memchr::memchr(RECORD_TERMINATOR, rest).map(|i| i + 1))
            .unwrap_or(rest.len());
        let (record, tail) = rest.split_at(len);
        rest = tail;
        Some(record)
    })
}
