//! MARC-in-JSON: the layout pymarc's `as_json` writes and Ross Singer's proposal defines.
//!
//! `{"leader": "...", "fields": [{"001": "value"}, {"245": {"ind1": "1", "ind2": "0",
//! "subfields": [{"a": "Title"}]}}]}`. The reader takes one object, an array of objects, or
//! one object per line (JSON Lines, or any whitespace-separated sequence). Like pymarc it
//! accepts raw control characters inside strings (strictly invalid JSON that real exports
//! contain), and reports each with a warning. The writer writes JSON Lines.

use std::io::{BufRead, Read, Write};

use serde_json::{Map, Value};

use crate::error::{ErrorKind, MarcError, MarcWarning, Position};
use crate::record::{ControlField, DataField, Field, Indicator, Leader, Record, Subfield, Tag};
use crate::{Mode, ReadOptions, RecordWriter};

/// The pymarc `as_dict()` form of a record as a JSON value.
pub fn to_value(record: &Record) -> Value {
    let fields: Vec<Value> = record
        .fields
        .iter()
        .map(|f| {
            let mut m = Map::with_capacity(1);
            match f {
                Field::Control(c) => {
                    m.insert(c.tag.to_string(), Value::String(c.value.clone()));
                }
                Field::Data(d) => {
                    let subs: Vec<Value> = d
                        .subfields
                        .iter()
                        .map(|s| {
                            let mut sm = Map::with_capacity(1);
                            sm.insert(s.code.to_string(), Value::String(s.value.clone()));
                            Value::Object(sm)
                        })
                        .collect();
                    let mut inner = Map::with_capacity(3);
                    inner.insert("ind1".into(), Value::String(d.ind1.as_str().into()));
                    inner.insert("ind2".into(), Value::String(d.ind2.as_str().into()));
                    inner.insert("subfields".into(), Value::Array(subs));
                    m.insert(d.tag.to_string(), Value::Object(inner));
                }
            }
            Value::Object(m)
        })
        .collect();
    let mut m = Map::with_capacity(2);
    m.insert(
        "leader".into(),
        Value::String(record.leader.as_str().into()),
    );
    m.insert("fields".into(), Value::Array(fields));
    Value::Object(m)
}

/// A record as one line of MARC-in-JSON (no trailing newline), keys in pymarc's order.
///
/// Like every writer of this crate it marks the text as UTF-8 (leader/09 `a`); the leader is
/// otherwise as read. [`to_value`] keeps the leader exactly as read, like pymarc's `as_dict`.
pub fn to_string(record: &Record) -> String {
    let mut out = String::with_capacity(2048);
    write_json(record, &mut out);
    out
}

fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_json(record: &Record, out: &mut String) {
    out.push_str("{\"leader\": ");
    push_json_str(out, &record.leader.to_utf8_text());
    out.push_str(", \"fields\": [");
    for (i, f) in record.fields.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('{');
        match f {
            Field::Control(c) => {
                push_json_str(out, c.tag.as_str());
                out.push_str(": ");
                push_json_str(out, &c.value);
            }
            Field::Data(d) => {
                push_json_str(out, d.tag.as_str());
                out.push_str(": {\"ind1\": ");
                push_json_str(out, d.ind1.as_str());
                out.push_str(", \"ind2\": ");
                push_json_str(out, d.ind2.as_str());
                out.push_str(", \"subfields\": [");
                for (j, s) in d.subfields.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    out.push('{');
                    let mut b = [0u8; 4];
                    push_json_str(out, s.code.encode_utf8(&mut b));
                    out.push_str(": ");
                    push_json_str(out, &s.value);
                    out.push('}');
                }
                out.push_str("]}");
            }
        }
        out.push('}');
    }
    out.push_str("]}");
}

/// Builds a record from a MARC-in-JSON value, as pymarc's `JSONReader` does: a field whose
/// value is an object with `subfields` is a data field, anything else a control field.
pub fn from_value(
    value: &Value,
    position: Position,
    mode: Mode,
    warnings: &mut Vec<MarcWarning>,
) -> Result<Record, MarcError> {
    let err = |msg: String| MarcError::new(ErrorKind::Json, position, msg);
    let obj = value.as_object().ok_or_else(|| {
        err(format!(
            "a record must be a JSON object, found {}",
            kind_of(value)
        ))
    })?;
    let leader = match obj.get("leader") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(err(format!(
                "\"leader\" must be a string, found {}",
                kind_of(other)
            )))
        }
        None => return Err(err("the record has no \"leader\"".into())),
    };
    let fields = match obj.get("fields") {
        Some(Value::Array(a)) => a,
        Some(other) => {
            return Err(err(format!(
                "\"fields\" must be an array, found {}",
                kind_of(other)
            )))
        }
        None => return Err(err("the record has no \"fields\"".into())),
    };
    let mut record = Record {
        leader: Leader::new(leader),
        fields: Vec::with_capacity(fields.len()),
    };
    for (i, f) in fields.iter().enumerate() {
        let fobj = f.as_object().filter(|o| !o.is_empty()).ok_or_else(|| {
            err(format!(
                "field {} must be an object with one tag key",
                i + 1
            ))
        })?;
        let (tag_text, v) = fobj.iter().next().expect("checked non-empty");
        let tag = Tag::parse(tag_text).ok_or_else(|| {
            err(format!(
                "field {}: the tag {tag_text:?} is not three ASCII characters",
                i + 1
            ))
        })?;
        let pos = position.with_tag(tag);
        let ferr = |msg: String| MarcError::new(ErrorKind::Json, pos, msg);
        match v {
            Value::Object(d) if d.contains_key("subfields") => {
                let mut ind = |name: &str| -> Result<Indicator, MarcError> {
                    match d.get(name) {
                        Some(Value::String(s)) => Ok(Indicator::from_text(s)),
                        None if mode == Mode::Lenient => {
                            warnings.push(MarcWarning {
                                position: pos,
                                message: format!("no \"{name}\"; read as blank"),
                            });
                            Ok(Indicator::BLANK)
                        }
                        None => Err(ferr(format!("the field has no \"{name}\""))),
                        Some(other) => Err(ferr(format!(
                            "\"{name}\" must be a string, found {}",
                            kind_of(other)
                        ))),
                    }
                };
                let ind1 = ind("ind1")?;
                let ind2 = ind("ind2")?;
                let subs = d["subfields"]
                    .as_array()
                    .ok_or_else(|| ferr("\"subfields\" must be an array".into()))?;
                let mut df = DataField {
                    tag,
                    ind1,
                    ind2,
                    subfields: Vec::with_capacity(subs.len()),
                };
                for s in subs {
                    let sobj = s.as_object().ok_or_else(|| {
                        ferr(format!(
                            "a subfield must be an object, found {}",
                            kind_of(s)
                        ))
                    })?;
                    for (code_text, value) in sobj {
                        let value = value.as_str().ok_or_else(|| {
                            ferr(format!(
                                "subfield {code_text:?} must be a string, found {}",
                                kind_of(value)
                            ))
                        })?;
                        let mut chars = code_text.chars();
                        let code = match (chars.next(), chars.next()) {
                            (Some(c), None) => c,
                            _ if mode == Mode::Lenient && !code_text.is_empty() => {
                                let c = code_text.chars().next().expect("not empty");
                                warnings.push(MarcWarning {
                                    position: pos,
                                    message: format!("subfield code {code_text:?} is not one character; read as {c:?}"),
                                });
                                c
                            }
                            _ => {
                                return Err(ferr(format!(
                                    "subfield code {code_text:?} is not one character"
                                )))
                            }
                        };
                        df.subfields.push(Subfield::new(code, value));
                    }
                }
                record.fields.push(Field::Data(df));
            }
            Value::String(s) => record.fields.push(Field::Control(ControlField {
                tag,
                value: s.clone(),
            })),
            other => {
                return Err(ferr(format!(
                    "a field must be a string or an object with \"subfields\", found {}",
                    kind_of(other)
                )))
            }
        }
    }
    Ok(record)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where the escaper expanded raw control characters, so that positions in the escaped
/// stream serde_json reads can be mapped back to bytes of the input.
#[derive(Default)]
struct Escapes {
    /// Escaped-stream offsets of expansions not yet folded, in order.
    at: Vec<u64>,
    /// Expansions already folded (all before `folded_until`).
    folded: u64,
}

/// Each raw control character `c` becomes the six bytes `\u00XX`: five more than the input.
const EXPANSION: u64 = 5;

impl Escapes {
    /// The input offset of an escaped-stream offset at or after the folded part.
    fn to_input(&self, out: u64) -> u64 {
        let before = self.folded + self.at.partition_point(|&p| p < out) as u64;
        out - EXPANSION * before
    }

    /// Counts the expansions in `[from, to)` and forgets those before `to`.
    fn take_between(&mut self, from: u64, to: u64) -> usize {
        let lo = self.at.partition_point(|&p| p < from);
        let hi = self.at.partition_point(|&p| p < to);
        self.folded += hi as u64;
        self.at.drain(..hi);
        hi - lo
    }
}

/// Escapes raw control characters inside JSON strings so that serde_json accepts what
/// Python's `json.load(strict=False)` accepts, recording where it did.
struct ControlEscaper<R> {
    src: R,
    in_string: bool,
    escaped: bool,
    pending: Vec<u8>,
    /// Bytes handed to serde_json so far.
    out_offset: u64,
    escapes: std::sync::Arc<std::sync::Mutex<Escapes>>,
}

impl<R: Read> Read for ControlEscaper<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            let mut raw = vec![0u8; out.len().clamp(1, 1 << 16)];
            let n = self.src.read(&mut raw)?;
            let mut produced = self.out_offset;
            for &b in &raw[..n] {
                if self.in_string {
                    if self.escaped {
                        self.escaped = false;
                    } else if b == b'\\' {
                        self.escaped = true;
                    } else if b == b'"' {
                        self.in_string = false;
                    } else if b < 0x20 {
                        self.escapes
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .at
                            .push(produced);
                        self.pending
                            .extend_from_slice(format!("\\u{b:04x}").as_bytes());
                        produced += EXPANSION + 1;
                        continue;
                    }
                } else if b == b'"' {
                    self.in_string = true;
                }
                self.pending.push(b);
                produced += 1;
            }
            if n == 0 {
                return Ok(0);
            }
        }
        let k = self.pending.len().min(out.len());
        out[..k].copy_from_slice(&self.pending[..k]);
        self.pending.drain(..k);
        self.out_offset += k as u64;
        Ok(k)
    }
}

type ValueStream<R> =
    serde_json::StreamDeserializer<'static, serde_json::de::IoRead<ControlEscaper<R>>, Value>;

/// Streams records from MARC-in-JSON.
pub struct JsonReader<R: BufRead> {
    stream: Option<ValueStream<R>>,
    queue: std::vec::IntoIter<Value>,
    options: ReadOptions,
    record_no: usize,
    warnings: Vec<MarcWarning>,
    escapes: std::sync::Arc<std::sync::Mutex<Escapes>>,
    /// Escaped-stream offset where the last top-level value ended.
    last_end: u64,
    /// Input offset reported for records of the current top-level value.
    offset: u64,
    /// Raw control characters in the current top-level value, not yet reported.
    unreported_escapes: usize,
    done: bool,
}

impl<R: BufRead> JsonReader<R> {
    /// A reader over a byte source.
    pub fn new(src: R, options: ReadOptions) -> Self {
        let escapes = std::sync::Arc::new(std::sync::Mutex::new(Escapes::default()));
        let escaper = ControlEscaper {
            src,
            in_string: false,
            escaped: false,
            pending: Vec::new(),
            out_offset: 0,
            escapes: escapes.clone(),
        };
        let stream = serde_json::Deserializer::from_reader(escaper).into_iter::<Value>();
        JsonReader {
            stream: Some(stream),
            queue: Vec::new().into_iter(),
            options,
            record_no: 0,
            warnings: Vec::new(),
            escapes,
            last_end: 0,
            offset: 0,
            unreported_escapes: 0,
            done: false,
        }
    }

    /// Warnings gathered since the last call.
    pub fn take_warnings(&mut self) -> Vec<MarcWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// Notes where a top-level value ended and how many raw control characters it held.
    fn value_ended(&mut self, end: u64) {
        let mut escapes = self
            .escapes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.offset = escapes.to_input(end);
        self.unreported_escapes += escapes.take_between(self.last_end, end);
        self.last_end = end;
    }

    fn next_value(&mut self) -> Option<Result<Value, MarcError>> {
        loop {
            if let Some(v) = self.queue.next() {
                return Some(Ok(v));
            }
            let stream = self.stream.as_mut()?;
            match stream.next() {
                None => {
                    self.stream = None;
                    return None;
                }
                Some(Ok(Value::Array(items))) => {
                    let end = stream.byte_offset() as u64;
                    self.value_ended(end);
                    self.queue = items.into_iter();
                }
                Some(Ok(v)) => {
                    let end = stream.byte_offset() as u64;
                    self.value_ended(end);
                    return Some(Ok(v));
                }
                Some(Err(e)) => {
                    self.stream = None;
                    let end = self.last_end;
                    let offset = self
                        .escapes
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .to_input(end);
                    let pos = Position::at(self.record_no + 1, offset).with_line(e.line());
                    return Some(Err(MarcError::new(
                        ErrorKind::Json,
                        pos,
                        format!("not valid JSON after byte {offset}: {e}"),
                    )));
                }
            }
        }
    }

    /// Warns once, on the first record of a value, about raw control characters in it.
    fn report_escapes(&mut self) {
        if self.unreported_escapes > 0 {
            self.warnings.push(MarcWarning {
                position: Position::at(self.record_no, self.offset),
                message: format!(
                    "{} raw control characters inside JSON strings were read as if escaped",
                    self.unreported_escapes
                ),
            });
            self.unreported_escapes = 0;
        }
    }
}

impl<R: BufRead> Iterator for JsonReader<R> {
    type Item = Result<Record, MarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let value = match self.next_value() {
            Some(Ok(v)) => v,
            Some(Err(e)) => {
                self.done = true;
                return Some(Err(e));
            }
            None => {
                self.done = true;
                return None;
            }
        };
        self.record_no += 1;
        self.report_escapes();
        let pos = Position::at(self.record_no, self.offset);
        Some(from_value(
            &value,
            pos,
            self.options.mode,
            &mut self.warnings,
        ))
    }
}

/// Writes records as JSON Lines: one MARC-in-JSON object per line.
pub struct JsonWriter<W: Write> {
    sink: W,
    line: String,
    written: usize,
}

impl<W: Write> JsonWriter<W> {
    /// A writer over a byte sink.
    pub fn new(sink: W) -> Self {
        JsonWriter {
            sink,
            line: String::with_capacity(4096),
            written: 0,
        }
    }
}

impl<W: Write> RecordWriter for JsonWriter<W> {
    fn write_record(&mut self, record: &Record) -> Result<(), MarcError> {
        self.written += 1;
        self.line.clear();
        write_json(record, &mut self.line);
        self.line.push('\n');
        self.sink
            .write_all(self.line.as_bytes())
            .map_err(|e| MarcError::io(e, Position::at(self.written, 0)))
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
    use crate::read_bytes;

    #[test]
    fn reads_object_array_and_lines() {
        let one = r#"{"leader":"00000nam a2200000 a 4500","fields":[{"001":"x1"},{"245":{"ind1":"1","ind2":"0","subfields":[{"a":"Judul"},{"c":"Penulis"}]}}]}"#;
        let arr = format!("[{one},{one}]");
        let lines = format!("{one}\n{one}\n{one}\n");
        for (text, n) in [(one.to_string(), 1), (arr, 2), (lines, 3)] {
            let recs: Vec<Record> = read_bytes(text.as_bytes(), None, ReadOptions::default())
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(recs.len(), n);
            assert_eq!(recs[0].control("001"), Some("x1"));
            assert_eq!(recs[0].subfield("245", 'c'), Some("Penulis"));
        }
    }

    #[test]
    fn raw_control_characters_are_accepted() {
        let text = "{\"leader\":\"00000nam a2200000 a 4500\",\"fields\":[{\"500\":{\"ind1\":\" \",\"ind2\":\" \",\"subfields\":[{\"a\":\"line1\tline2\"}]}}]}";
        let recs: Vec<Record> = read_bytes(text.as_bytes(), None, ReadOptions::default())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(recs[0].subfield("500", 'a'), Some("line1\tline2"));
    }

    #[test]
    fn writer_output_is_pymarc_as_json() {
        let mut r = Record::new();
        r.push(Field::control(Tag::parse("001").unwrap(), "42"));
        r.push(DataField::new(Tag::parse("245").unwrap(), '0', ' ').with('a', "Kata \"kunci\""));
        assert_eq!(
            to_string(&r),
            r#"{"leader": "00000nam a2200000 i 4500", "fields": [{"001": "42"}, {"245": {"ind1": "0", "ind2": " ", "subfields": [{"a": "Kata \"kunci\""}]}}]}"#
        );
        assert_eq!(
            serde_json::from_str::<Value>(&to_string(&r)).unwrap(),
            to_value(&r)
        );
    }

    #[test]
    fn malformed_json_is_an_error_with_a_line() {
        let text = "{\"leader\": \"x\",\n \"fields\": [oops]}";
        let mut reader = read_bytes(text.as_bytes(), None, ReadOptions::default()).unwrap();
        let err = reader.next().unwrap().unwrap_err();
        assert_eq!(err.kind, ErrorKind::Json);
        assert_eq!(err.position.line, 2);
        assert!(reader.next().is_none());
    }
}
