//! ISO 2709 (MARC transmission format, `.mrc`): streaming reader and writer.
//!
//! A record is a 24-byte leader, a directory of 12-byte entries (tag, length, offset), the
//! field data, and a record terminator (0x1D). The reader frames records by the length the
//! leader states, as every MARC tool does; in lenient mode it falls back to the record
//! terminator when the two disagree (records over 99,999 bytes, wrong lengths), skips NUL
//! or junk filler between records, and reads a truncated last record as far as it goes.

mod decode;
pub mod raw;
mod write;

use std::io::Read;

pub use write::{write_record, Iso2709Writer};

use crate::error::{ErrorKind, MarcError, MarcWarning, Position};
use crate::marc8::Marc8Options;
use crate::record::Record;
use crate::{Mode, ReadOptions};
use decode::{decode_record, DecodeCtx};
use raw::RECORD_TERMINATOR;

const BLOCK: usize = 1 << 18;

/// Streams records from ISO 2709 bytes.
///
/// Iterating yields one `Result` per record in input order; warnings about repairs pile up
/// in [`Iso2709Reader::take_warnings`]. After a fatal error (the input's framing is lost)
/// iteration ends, in either mode.
pub struct Iso2709Reader<R> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    consumed: u64,
    record_no: usize,
    options: ReadOptions,
    warnings: Vec<MarcWarning>,
    done: bool,
}

impl<R: Read> Iso2709Reader<R> {
    /// A reader over any byte source (a file, a socket, a slice).
    pub fn new(src: R, options: ReadOptions) -> Self {
        Iso2709Reader {
            src,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            eof: false,
            consumed: 0,
            record_no: 0,
            options,
            warnings: Vec::new(),
            done: false,
        }
    }

    /// Warnings gathered since the last call, oldest first.
    pub fn take_warnings(&mut self) -> Vec<MarcWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// Number of records (and rejected chunks) met so far.
    pub fn records_seen(&self) -> usize {
        self.record_no
    }

    fn offset(&self, at: usize) -> u64 {
        self.consumed + (at - self.pos) as u64
    }

    /// Makes sure at least `n` bytes are buffered past `pos`, unless the input ends first.
    ///
    /// `buf[..end]` holds the data; `buf[end..]` is spare room, zeroed once when the buffer
    /// grows rather than on every read, so sources that return a few bytes at a time (pipes,
    /// sockets) stay cheap.
    fn fill(&mut self, n: usize) -> Result<(), MarcError> {
        while self.end - self.pos < n && !self.eof {
            if self.pos > 0 && self.pos >= self.end / 2 {
                self.buf.copy_within(self.pos..self.end, 0);
                self.end -= self.pos;
                self.pos = 0;
            }
            let need = self.pos + n;
            if self.buf.len() < need.max(self.end + BLOCK / 4) {
                let size = need.max(self.end + BLOCK).max(self.buf.len());
                self.buf.resize(size, 0);
            }
            let got = loop {
                match self.src.read(&mut self.buf[self.end..]) {
                    Ok(k) => break k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let at = self.offset(self.end);
                        return Err(MarcError::io(e, Position::at(self.record_no, at)));
                    }
                }
            };
            self.end += got;
            if got == 0 {
                self.eof = true;
            }
        }
        Ok(())
    }

    fn available(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// Advances past `n` buffered bytes.
    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.consumed += n as u64;
    }

    /// Finds the first record terminator at or after `from` bytes into the available data,
    /// reading more input as needed; returns the length up to and including it.
    fn find_terminator(&mut self, from: usize) -> Result<Option<usize>, MarcError> {
        let mut searched = from;
        loop {
            let avail = self.available();
            if let Some(i) = memchr::memchr(RECORD_TERMINATOR, avail.get(searched..).unwrap_or(&[]))
            {
                return Ok(Some(searched + i + 1));
            }
            if self.eof {
                return Ok(None);
            }
            searched = avail.len().max(from);
            self.fill(avail.len() + BLOCK)?;
        }
    }

    fn warn(&mut self, at: u64, message: String) {
        self.warnings.push(MarcWarning {
            position: Position::at(self.record_no, at),
            message,
        });
    }

    /// Lenient mode: skips NUL, white space, Ctrl-Z and stray terminators before a record.
    fn skip_filler(&mut self) -> Result<(), MarcError> {
        let is_filler = |b: &u8| matches!(b, 0 | b' ' | b'\t' | b'\r' | b'\n' | 0x1A | 0x1D | 0x1E);
        let start = self.consumed;
        let mut skipped = 0usize;
        loop {
            self.fill(1)?;
            let n = self.available().iter().take_while(|b| is_filler(b)).count();
            if n == 0 {
                break;
            }
            skipped += n;
            self.advance(n);
        }
        if skipped > 0 {
            let next = self.record_no + 1;
            let what = if self.available().is_empty() {
                "at the end of the input".to_string()
            } else {
                format!("before record {next}")
            };
            self.warnings.push(MarcWarning {
                position: Position::at(next, start),
                message: format!(
                    "skipped {skipped} bytes of filler (NUL, blanks or terminators) {what}"
                ),
            });
        }
        Ok(())
    }

    /// Frames the next record: returns its length in the buffer, or an error for the chunk.
    fn frame(&mut self) -> Result<Option<usize>, MarcError> {
        let lenient = self.options.mode == Mode::Lenient;
        if lenient {
            self.skip_filler()?;
        }
        self.fill(5)?;
        let avail = self.available().len();
        if avail == 0 {
            return Ok(None);
        }
        self.record_no += 1;
        let here = self.consumed;
        let pos = Position::at(self.record_no, here);
        if avail < 5 {
            if lenient {
                let n = avail;
                self.advance(n);
                self.warn(
                    here,
                    format!("ignored {n} trailing bytes too short to be a record"),
                );
                self.record_no -= 1;
                return Ok(None);
            }
            self.advance(avail);
            return Err(MarcError::new(
                ErrorKind::TruncatedRecord,
                pos,
                format!("the input ends {avail} bytes into a record"),
            ));
        }
        let head = &self.available()[..5];
        let stated = std::str::from_utf8(head).ok().and_then(|s| {
            s.trim_matches(|c: char| c.is_ascii_whitespace())
                .parse::<usize>()
                .ok()
        });
        let Some(stated) = stated else {
            let head = String::from_utf8_lossy(head).into_owned();
            if !lenient {
                return Err(MarcError::new(
                    ErrorKind::RecordLengthInvalid,
                    pos,
                    format!("the record length {head:?} (leader/00-04) is not a number"),
                ));
            }
            // Junk where a record should start: read to the next terminator and try that.
            let end = self.find_terminator(0)?.unwrap_or(self.available().len());
            self.warn(
                here,
                format!("the record length {head:?} is not a number; framed the record by its terminator ({end} bytes)"),
            );
            return Ok(Some(end));
        };
        // pymarc reads `length - 5` more bytes; a length below 5 reads the rest of the input.
        if stated >= 5 {
            self.fill(stated)?;
        } else {
            while !self.eof {
                let n = self.available().len() + BLOCK;
                self.fill(n)?;
            }
        }
        let avail = self.available();
        let len = if stated >= 5 { stated } else { avail.len() };
        if avail.len() >= len && len > 0 && avail[len - 1] == RECORD_TERMINATOR {
            return Ok(Some(len));
        }
        let truncated = avail.len() < len;
        if !lenient {
            let (kind, message) = if truncated {
                (
                    ErrorKind::TruncatedRecord,
                    format!(
                        "the leader states {stated} bytes but the input ends after {}",
                        avail.len()
                    ),
                )
            } else {
                (
                    ErrorKind::EndOfRecordNotFound,
                    format!(
                        "byte {} of the record, where the leader says it ends, is not the record terminator 0x1D",
                        len.saturating_sub(1)
                    ),
                )
            };
            let n = avail.len().min(len);
            self.advance(n);
            return Err(MarcError::new(kind, pos, message));
        }
        match self.find_terminator(24)? {
            Some(end) => {
                self.warn(
                    here,
                    format!(
                        "the leader states {stated} bytes but the record terminator comes after {end}; trusted the terminator"
                    ),
                );
                Ok(Some(end))
            }
            None => {
                let end = self.available().len();
                self.warn(
                    here,
                    format!(
                        "the last record is truncated: the leader states {stated} bytes, the input has {end} and no record terminator; read what is there"
                    ),
                );
                Ok(Some(end))
            }
        }
    }

    fn next_record(&mut self) -> Option<Result<Record, MarcError>> {
        if self.done {
            return None;
        }
        let len = match self.frame() {
            Ok(Some(len)) => len,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                if e.is_fatal() {
                    self.done = true;
                }
                return Some(Err(e));
            }
        };
        let ctx = DecodeCtx {
            record: self.record_no,
            offset: self.consumed,
            mode: self.options.mode,
            marc8: self.options.marc8,
        };
        let chunk = &self.buf[self.pos..self.pos + len];
        let result = decode_record(chunk, &ctx, &mut self.warnings);
        self.advance(len);
        Some(result)
    }
}

impl<R: Read> Iterator for Iso2709Reader<R> {
    type Item = Result<Record, MarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

/// Decodes one record from its ISO 2709 bytes (leader through record terminator).
pub fn decode(bytes: &[u8], options: ReadOptions) -> Result<(Record, Vec<MarcWarning>), MarcError> {
    let mut warnings = Vec::new();
    let ctx = DecodeCtx {
        record: 1,
        offset: 0,
        mode: options.mode,
        marc8: options.marc8,
    };
    decode_record(bytes, &ctx, &mut warnings).map(|r| (r, warnings))
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            mode: Mode::Strict,
            marc8: Marc8Options::default(),
        }
    }
}
