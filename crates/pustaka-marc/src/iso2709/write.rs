//! Writing records as ISO 2709, always in UTF-8 with leader/09 `a`.

use std::io::Write;

use super::raw::{FIELD_TERMINATOR, RECORD_TERMINATOR, SUBFIELD_DELIMITER};
use crate::error::{ErrorKind, MarcError, Position};
use crate::record::{Field, Record, LEADER_LEN};

/// Encodes one record as ISO 2709 bytes, appending to `out`.
///
/// The record length (leader/00-04), base address (leader/12-16) and directory are
/// recomputed, and leader/09 is set to `a` (UTF-8). A field over 9,999 bytes, a record over
/// 99,999 bytes, or an indicator that is not one ASCII character cannot be expressed in
/// ISO 2709 and is an error naming the field; `out` is left as it was.
pub fn write_record(record: &Record, out: &mut Vec<u8>) -> Result<(), MarcError> {
    let start = out.len();
    let result = encode(record, out);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

fn unwritable(tag: Option<crate::Tag>, message: String) -> MarcError {
    let position = Position {
        tag,
        ..Position::default()
    };
    MarcError::new(ErrorKind::Unwritable, position, message)
}

/// Refuses text holding one of ISO 2709's three structural bytes, which would silently
/// change the record's structure when read back.
fn check_text(text: &str, tag: crate::Tag, what: &str) -> Result<(), MarcError> {
    match text
        .bytes()
        .position(|b| matches!(b, SUBFIELD_DELIMITER | FIELD_TERMINATOR | RECORD_TERMINATOR))
    {
        None => Ok(()),
        Some(at) => Err(unwritable(
            Some(tag),
            format!(
                "{what} holds the byte 0x{:02X} at {at}, which ISO 2709 reserves for its structure",
                text.as_bytes()[at]
            ),
        )),
    }
}

fn encode(record: &Record, out: &mut Vec<u8>) -> Result<(), MarcError> {
    let mut data: Vec<u8> = Vec::with_capacity(1024);
    let mut directory: Vec<u8> = Vec::with_capacity(record.fields.len() * 12 + 1);
    for field in &record.fields {
        let field_start = data.len();
        match field {
            Field::Control(f) => {
                check_text(&f.value, f.tag, "the value")?;
                data.extend_from_slice(f.value.as_bytes())
            }
            Field::Data(f) => {
                for ind in [&f.ind1, &f.ind2] {
                    match ind.as_char() {
                        Some(c) if c.is_ascii() => data.push(c as u8),
                        _ => {
                            return Err(unwritable(
                                Some(f.tag),
                                format!(
                                    "the indicator {:?} is not one ASCII character, which ISO 2709 requires",
                                    ind.as_str()
                                ),
                            ))
                        }
                    }
                }
                for s in &f.subfields {
                    let mut code = [0u8; 4];
                    check_text(s.code.encode_utf8(&mut code), f.tag, "a subfield code")?;
                    check_text(&s.value, f.tag, &format!("subfield ${}", s.code))?;
                    data.push(SUBFIELD_DELIMITER);
                    let mut buf = [0u8; 4];
                    data.extend_from_slice(s.code.encode_utf8(&mut buf).as_bytes());
                    data.extend_from_slice(s.value.as_bytes());
                }
            }
        }
        data.push(FIELD_TERMINATOR);
        let len = data.len() - field_start;
        if len > 9999 {
            return Err(unwritable(
                Some(field.tag()),
                format!("the field is {len} bytes long; ISO 2709 allows at most 9,999"),
            ));
        }
        if field_start > 99_999 {
            return Err(unwritable(
                Some(field.tag()),
                format!("the field starts at data offset {field_start}, past the 99,999 bytes ISO 2709 can address"),
            ));
        }
        directory.extend_from_slice(field.tag().as_bytes());
        write_digits(&mut directory, len, 4);
        write_digits(&mut directory, field_start, 5);
    }
    directory.push(FIELD_TERMINATOR);
    let base = LEADER_LEN + directory.len();
    let total = base + data.len() + 1;
    if total > 99_999 {
        return Err(unwritable(
            None,
            format!("the record is {total} bytes long; ISO 2709 allows at most 99,999"),
        ));
    }
    let mut leader: Vec<u8> = record
        .leader
        .as_str()
        .chars()
        .map(|c| if c.is_ascii() { c as u8 } else { b' ' })
        .collect();
    leader.resize(LEADER_LEN, b' ');
    let mut digits = Vec::with_capacity(5);
    write_digits(&mut digits, total, 5);
    leader[0..5].copy_from_slice(&digits);
    digits.clear();
    write_digits(&mut digits, base, 5);
    leader[12..17].copy_from_slice(&digits);
    leader[9] = b'a';
    out.extend_from_slice(&leader);
    out.extend_from_slice(&directory);
    out.extend_from_slice(&data);
    out.push(RECORD_TERMINATOR);
    Ok(())
}

fn write_digits(out: &mut Vec<u8>, n: usize, width: usize) {
    let s = format!("{n:0width$}");
    out.extend_from_slice(s.as_bytes());
}

/// Writes records one after another as ISO 2709 to any byte sink.
pub struct Iso2709Writer<W: Write> {
    sink: W,
    buf: Vec<u8>,
    written: usize,
}

impl<W: Write> Iso2709Writer<W> {
    /// A writer over a byte sink.
    pub fn new(sink: W) -> Self {
        Iso2709Writer {
            sink,
            buf: Vec::with_capacity(4096),
            written: 0,
        }
    }

    /// Writes one record; on error nothing of it is written.
    pub fn write(&mut self, record: &Record) -> Result<(), MarcError> {
        self.buf.clear();
        self.written += 1;
        write_record(record, &mut self.buf).map_err(|mut e| {
            e.position.record = self.written;
            e
        })?;
        self.sink
            .write_all(&self.buf)
            .map_err(|e| MarcError::io(e, Position::at(self.written, 0)))
    }

    /// Flushes the sink.
    pub fn flush(&mut self) -> Result<(), MarcError> {
        self.sink
            .flush()
            .map_err(|e| MarcError::io(e, Position::default()))
    }

    /// Flushes and returns the sink.
    pub fn finish(mut self) -> Result<W, MarcError> {
        self.sink
            .flush()
            .map_err(|e| MarcError::io(e, Position::default()))?;
        Ok(self.sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DataField, Tag};

    #[test]
    fn a_value_holding_a_subfield_delimiter_is_refused_not_corrupted() {
        let mut r = Record::new();
        r.push(DataField::new(Tag::parse("245").unwrap(), '1', '0').with('a', "a\u{1f}bc"));
        let mut out = b"keep".to_vec();
        let err = write_record(&r, &mut out).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unwritable);
        assert_eq!(err.position.tag, Tag::parse("245"));
        assert_eq!(
            err.message,
            "subfield $a holds the byte 0x1F at 1, which ISO 2709 reserves for its structure"
        );
        assert_eq!(out, b"keep");
    }
}
