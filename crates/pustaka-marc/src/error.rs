//! Errors and warnings, each with the address of what it is about.
//!
//! Every reader counts records from 1 and bytes from 0 of the input. An error stops the
//! record it names; a warning records a repair that let a record through (lenient mode, or
//! a character-set repair that never stops a record). Both print as one sentence with the
//! facts in it, e.g. "record 7 at byte 10422, field 245: subfield code is not ASCII".

use std::fmt;

use crate::record::Tag;

/// Where in an input something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Record number, counting from 1 (0 when not inside a record).
    pub record: usize,
    /// Byte offset from the start of the input.
    pub offset: u64,
    /// Line number (text formats: MARCXML, JSON, mnemonic), counting from 1; 0 when unknown.
    pub line: usize,
    /// The field tag, where the problem is inside a field.
    pub tag: Option<Tag>,
}

impl Position {
    /// A position at a record and byte offset.
    pub fn at(record: usize, offset: u64) -> Position {
        Position {
            record,
            offset,
            line: 0,
            tag: None,
        }
    }

    /// The same position, inside the field with this tag.
    pub fn with_tag(mut self, tag: Tag) -> Position {
        self.tag = Some(tag);
        self
    }

    /// The same position, on this line of a text input.
    pub fn with_line(mut self, line: usize) -> Position {
        self.line = line;
        self
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.record > 0 {
            write!(f, "record {} ", self.record)?;
        }
        if self.line > 0 {
            write!(f, "at line {} (byte {})", self.line, self.offset)?;
        } else {
            write!(f, "at byte {}", self.offset)?;
        }
        if let Some(tag) = self.tag {
            write!(f, ", field {tag}")?;
        }
        Ok(())
    }
}

/// What went wrong with a record or an input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Leader/00-04 are not five digits.
    RecordLengthInvalid,
    /// The input ends before the length the leader states.
    TruncatedRecord,
    /// The byte before the stated record end is not the record terminator (0x1D).
    EndOfRecordNotFound,
    /// The leader is shorter than 24 bytes or not ASCII.
    LeaderInvalid,
    /// The base address (leader/12-16) is zero or missing.
    BaseAddressNotFound,
    /// The base address is not digits or lies beyond the end of the record.
    BaseAddressInvalid,
    /// The directory is not a whole number of 12-byte entries, or holds non-ASCII bytes.
    DirectoryInvalid,
    /// A directory entry's length or offset is not digits, or points past the record.
    DirectoryEntryInvalid,
    /// The record has no fields.
    NoFields,
    /// The record is longer than the 99,999 bytes a leader can state.
    RecordTooLong,
    /// A data field's indicators are not exactly two bytes.
    IndicatorsInvalid,
    /// A subfield code is not an ASCII character.
    SubfieldCodeInvalid,
    /// Text that should be UTF-8 is not.
    InvalidUtf8,
    /// Bytes that are not a record where a record should start (junk, NUL filler).
    Junk,
    /// MARCXML that is not well-formed, or lacks what a record needs.
    Xml,
    /// JSON that is not MARC-in-JSON.
    Json,
    /// A mnemonic (`.mrk`) line that cannot be read.
    Mnemonic,
    /// A tag that is not three ASCII characters.
    TagInvalid,
    /// Reading or writing the underlying file failed.
    Io,
    /// A record that cannot be written in the asked format (e.g. a field over 9,999 bytes).
    Unwritable,
}

impl ErrorKind {
    /// A stable name for the kind, as scripts and bindings report it (the variant's name).
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::RecordLengthInvalid => "RecordLengthInvalid",
            ErrorKind::TruncatedRecord => "TruncatedRecord",
            ErrorKind::EndOfRecordNotFound => "EndOfRecordNotFound",
            ErrorKind::LeaderInvalid => "LeaderInvalid",
            ErrorKind::BaseAddressNotFound => "BaseAddressNotFound",
            ErrorKind::BaseAddressInvalid => "BaseAddressInvalid",
            ErrorKind::DirectoryInvalid => "DirectoryInvalid",
            ErrorKind::DirectoryEntryInvalid => "DirectoryEntryInvalid",
            ErrorKind::NoFields => "NoFields",
            ErrorKind::RecordTooLong => "RecordTooLong",
            ErrorKind::IndicatorsInvalid => "IndicatorsInvalid",
            ErrorKind::SubfieldCodeInvalid => "SubfieldCodeInvalid",
            ErrorKind::InvalidUtf8 => "InvalidUtf8",
            ErrorKind::Junk => "Junk",
            ErrorKind::Xml => "Xml",
            ErrorKind::Json => "Json",
            ErrorKind::Mnemonic => "Mnemonic",
            ErrorKind::TagInvalid => "TagInvalid",
            ErrorKind::Io => "Io",
            ErrorKind::Unwritable => "Unwritable",
        }
    }

    /// The name pymarc gives to the same failure, for comparing with its behaviour.
    pub fn pymarc_name(&self) -> &'static str {
        match self {
            ErrorKind::RecordLengthInvalid => "RecordLengthInvalid",
            ErrorKind::TruncatedRecord => "TruncatedRecord",
            ErrorKind::EndOfRecordNotFound => "EndOfRecordNotFound",
            ErrorKind::LeaderInvalid => "RecordLeaderInvalid",
            ErrorKind::BaseAddressNotFound => "BaseAddressNotFound",
            ErrorKind::BaseAddressInvalid => "BaseAddressInvalid",
            ErrorKind::DirectoryInvalid => "RecordDirectoryInvalid",
            ErrorKind::DirectoryEntryInvalid => "ValueError",
            ErrorKind::NoFields => "NoFieldsFound",
            ErrorKind::InvalidUtf8 => "UnicodeDecodeError",
            _ => "Other",
        }
    }
}

/// An error from reading or writing MARC: what failed, where, and why.
#[derive(Debug, thiserror::Error)]
#[error("{position}: {message}")]
pub struct MarcError {
    /// The kind of failure.
    pub kind: ErrorKind,
    /// Where it happened.
    pub position: Position,
    /// A sentence with the facts.
    pub message: String,
    /// The I/O error underneath, for [`ErrorKind::Io`].
    #[source]
    pub source: Option<std::io::Error>,
}

impl MarcError {
    /// Makes an error.
    pub fn new(kind: ErrorKind, position: Position, message: impl Into<String>) -> MarcError {
        MarcError {
            kind,
            position,
            message: message.into(),
            source: None,
        }
    }

    /// Wraps an I/O error met at a position.
    pub fn io(err: std::io::Error, position: Position) -> MarcError {
        MarcError {
            kind: ErrorKind::Io,
            position,
            message: format!("I/O error: {err}"),
            source: Some(err),
        }
    }

    /// True when reading cannot go on after this error (the input's framing is lost).
    pub fn is_fatal(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::RecordLengthInvalid
                | ErrorKind::TruncatedRecord
                | ErrorKind::EndOfRecordNotFound
                | ErrorKind::Io
                | ErrorKind::Junk
        )
    }
}

/// A repair made while reading: the record was kept, and this says what was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarcWarning {
    /// Where the repair was made.
    pub position: Position,
    /// A sentence saying what was wrong and what was done.
    pub message: String,
}

impl fmt::Display for MarcWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position, self.message)
    }
}

/// Result alias for this crate.
pub type Result<T, E = MarcError> = std::result::Result<T, E>;
