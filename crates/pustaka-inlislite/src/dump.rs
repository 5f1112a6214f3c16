//! A streaming reader for `mysqldump` output.
//!
//! [`DumpReader`] reads any [`BufRead`] a buffer at a time (constant memory, however large
//! the dump: only the statement being read and one row are held) and yields [`Event`]s:
//! each `CREATE TABLE` as a [`TableDef`] (column order, types, charsets), each row of every
//! `INSERT` (extended or not, with or without a column list) as a [`Row`] of typed
//! [`Value`]s, and [`Warning`]s. Everything else a dump holds (`SET`, `LOCK TABLES`,
//! `UNLOCK TABLES`, `DROP TABLE`, `--`/`#`/`/* */` comments, `/*!40101 ... */` executable
//! comments, MariaDB's `/*M!999999\- enable the sandbox mode */` first line, `DELIMITER`
//! blocks) is skipped.
//!
//! Values:
//! - strings with every MySQL escape (`\0 \' \" \b \n \r \t \Z \\`, `''`; `\%` and `\_`
//!   keep their backslash, as MySQL does; any other `\x` is `x`);
//! - `NULL`, numbers (an integer that fits `i64` is [`Value::Int`], anything else keeps
//!   its text in [`Value::Number`]), `TRUE`/`FALSE`;
//! - `_binary '...'` and other charset introducers, hex literals `0x..`/`X'..'`, bit
//!   literals `b'..'`/`0b..`;
//! - `bit(n)` columns, which mysqldump writes as raw bytes in a string (`'\0'`, `'\x01'`),
//!   become [`Value::Int`];
//! - **zero dates** (`0000-00-00`, `0000-00-00 00:00:00`) in date/datetime/timestamp
//!   columns are **kept verbatim**, as [`Value::ZeroDate`], with a [`Warning`]: pustaka
//!   stores dates as text, so the value survives a round trip to MySQL unchanged.
//!
//! Text is decoded per column: `utf8`/`utf8mb4` columns as UTF-8; `latin1` columns as
//! Windows-1252 when the dump was written in latin1 (`SET NAMES latin1`), and, when it
//! holds UTF-8 that had been stored in a latin1 column (a common INLISLite install
//! mistake, which reads as `RÃ©my`), repaired to the intended text with a warning; see
//! [`crate::charset`].
//!
//! Errors ([`DumpError`]) name the line and column (1-based; the column counts bytes). No
//! input makes the reader panic; [`tokenize`] runs it over a byte slice, for fuzzing.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use crate::charset::{decode_text_owned, Repair};

/// A place in the dump: 1-based line and column (in bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: u64,
    /// Column in bytes, from 1.
    pub column: u64,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// A dump that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// The text is not a statement the reader understands where one is needed.
    #[error("dump syntax error at {at}: {message}")]
    Syntax {
        /// Where.
        at: Position,
        /// What was expected, and what was found.
        message: String,
    },
    /// Reading the file failed.
    #[error("reading the dump at {at}: {source}")]
    Io {
        /// How far reading got.
        at: Position,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl DumpError {
    /// Where the error is.
    pub fn position(&self) -> Position {
        match self {
            DumpError::Syntax { at, .. } | DumpError::Io { at, .. } => *at,
        }
    }
}

/// What kind of data a column holds, from its MySQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ColumnKind {
    /// `tinyint` ... `bigint`, `int`.
    Integer,
    /// `decimal`/`numeric`.
    Decimal,
    /// `float`/`double`/`real`.
    Float,
    /// `bit(n)`.
    Bit,
    /// `char`, `varchar`, `text` types, `enum`, `set`, `json`.
    Text,
    /// `binary`, `varbinary`, `blob` types.
    Binary,
    /// `date`.
    Date,
    /// `datetime`, `timestamp`.
    DateTime,
    /// `time`, `year` and anything else.
    Other,
}

impl ColumnKind {
    fn of(sql_type: &str) -> ColumnKind {
        let base = sql_type
            .split(|c: char| c == '(' || c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match base.as_str() {
            "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" => {
                ColumnKind::Integer
            }
            "decimal" | "numeric" | "dec" | "fixed" => ColumnKind::Decimal,
            "float" | "double" | "real" => ColumnKind::Float,
            "bit" => ColumnKind::Bit,
            "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" | "enum"
            | "set" | "json" | "nchar" | "nvarchar" => ColumnKind::Text,
            "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob" => {
                ColumnKind::Binary
            }
            "date" => ColumnKind::Date,
            "datetime" | "timestamp" => ColumnKind::DateTime,
            _ => ColumnKind::Other,
        }
    }
}

/// One column of a `CREATE TABLE`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ColumnDef {
    /// The column name.
    pub name: String,
    /// The MySQL type as written, e.g. `varchar(255)`, `int(11)`, `bit(1)`.
    pub sql_type: String,
    /// The kind of data, from the type.
    pub kind: ColumnKind,
    /// The column's own `CHARACTER SET`, if it names one.
    pub charset: Option<String>,
    /// The whole definition after the name, as written (`varchar(50) NOT NULL`).
    pub definition: String,
}

/// A table as a `CREATE TABLE` statement defines it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableDef {
    /// The table name.
    pub name: String,
    /// The columns, in order.
    pub columns: Vec<ColumnDef>,
    /// The table's default charset (`DEFAULT CHARSET=`), lower case; `utf8mb4` when the
    /// statement names none.
    pub charset: String,
    /// The `PRIMARY KEY` columns.
    pub primary_key: Vec<String>,
    /// The statement as written, without its terminating `;`.
    pub create_sql: String,
    /// Where the statement starts.
    pub at: Position,
}

impl TableDef {
    /// The column called `name` (compared case-insensitively, as MySQL does).
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Whether text in column `c` is stored as latin1.
    fn is_latin1(&self, c: Option<&ColumnDef>) -> bool {
        let cs = c
            .and_then(|c| c.charset.as_deref())
            .unwrap_or(&self.charset);
        cs.eq_ignore_ascii_case("latin1")
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Value {
    /// `NULL`.
    Null,
    /// A whole number that fits `i64` (also `bit` values, `TRUE`/`FALSE`).
    Int(i64),
    /// Any other number, as written (`12.50`, `1e3`, `18446744073709551615`).
    Number(String),
    /// Text, decoded.
    Text(String),
    /// Bytes: `_binary` strings, hex literals, binary/blob columns.
    Bytes(Vec<u8>),
    /// A zero date (`0000-00-00`, `0000-00-00 00:00:00`), kept verbatim.
    ZeroDate(String),
}

impl Value {
    /// The text of a text or zero-date value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) | Value::ZeroDate(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a whole number: integers, and numbers or text that are one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Number(s) | Value::Text(s) => s.trim().parse().ok().or_else(|| {
                let f: f64 = s.trim().parse().ok()?;
                (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
            }),
            _ => None,
        }
    }

    /// Whether the value is `NULL`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// One row of an `INSERT`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The table it goes into.
    pub table: Arc<str>,
    /// The column names, in the order of `values` (the INSERT's column list, else the
    /// table's `CREATE TABLE` order, else `column_1`, `column_2`, ...).
    pub columns: Arc<[String]>,
    /// The values.
    pub values: Vec<Value>,
    /// Where the row's `(` is.
    pub at: Position,
    /// Whether the column names come from the dump (an INSERT column list or a `CREATE
    /// TABLE`); `false` when they are the made-up `column_1`, `column_2`, ...
    pub named: bool,
}

impl Row {
    /// The value of column `name` (compared case-insensitively).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .and_then(|i| self.values.get(i))
    }

    /// `(column, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.columns
            .iter()
            .map(|c| c.as_str())
            .zip(self.values.iter())
    }
}

/// Something the reader fixed or kept as it is, and says so.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Where.
    pub at: Position,
    /// The table, when in a row.
    pub table: Option<String>,
    /// What happened.
    pub message: String,
}

/// What the reader found next.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A `CREATE TABLE`.
    CreateTable(Arc<TableDef>),
    /// A row of an `INSERT`.
    Row(Row),
    /// A warning (zero date kept, mojibake repaired, row with a column count that does not
    /// match, ...).
    Warning(Warning),
}

/// Raw values as written, before the columns' types are applied.
#[derive(Debug)]
enum Raw {
    Null,
    /// A whole number that fits `i64`, read without keeping its text.
    Int(i64),
    Number(String),
    Str {
        bytes: Vec<u8>,
        binary: bool,
    },
    Hex(Vec<u8>),
    Bits(u64),
    Bool(bool),
}

/// The byte scanner: a buffer over the reader with the position of the next byte.
struct Scanner<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    line: u64,
    column: u64,
    consumed: u64,
}

const BUF: usize = 64 * 1024;

impl<R: Read> Scanner<R> {
    fn here(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    /// Makes at least `n` bytes available from `pos` unless the input ends first.
    fn fill(&mut self, n: usize) -> Result<(), DumpError> {
        while self.end - self.pos < n && !self.eof {
            if self.pos > 0 {
                self.buf.copy_within(self.pos..self.end, 0);
                self.end -= self.pos;
                self.pos = 0;
            }
            if self.buf.len() < BUF.max(n) {
                self.buf.resize(BUF.max(n), 0);
            }
            let got = loop {
                match self.inner.read(&mut self.buf[self.end..]) {
                    Ok(k) => break k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(source) => {
                        return Err(DumpError::Io {
                            at: self.here(),
                            source,
                        })
                    }
                }
            };
            if got == 0 {
                self.eof = true;
            }
            self.end += got;
        }
        Ok(())
    }

    fn peek(&mut self) -> Result<Option<u8>, DumpError> {
        if self.pos == self.end {
            self.fill(1)?;
        }
        Ok((self.pos < self.end).then(|| self.buf[self.pos]))
    }

    fn peek_at(&mut self, k: usize) -> Result<Option<u8>, DumpError> {
        if self.end - self.pos <= k {
            self.fill(k + 1)?;
        }
        Ok((self.pos + k < self.end).then(|| self.buf[self.pos + k]))
    }

    fn advance(&mut self, b: u8) {
        self.pos += 1;
        self.consumed += 1;
        if b == b'\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
    }

    fn bump(&mut self) -> Result<Option<u8>, DumpError> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.advance(b);
        }
        Ok(b)
    }

    fn syntax<T>(&self, message: impl Into<String>) -> Result<T, DumpError> {
        Err(DumpError::Syntax {
            at: self.here(),
            message: message.into(),
        })
    }

    /// Consumes the bytes of the buffer up to (not including) `i`, tracking lines.
    fn consume_to(&mut self, i: usize) {
        let chunk = &self.buf[self.pos..i];
        let newlines = memchr::memchr_iter(b'\n', chunk).count() as u64;
        if newlines > 0 {
            let last = memchr::memrchr(b'\n', chunk).unwrap_or(0);
            self.line += newlines;
            self.column = (chunk.len() - last) as u64;
        } else {
            self.column += chunk.len() as u64;
        }
        self.consumed += chunk.len() as u64;
        self.pos = i;
    }

    /// Reads a quoted string whose opening `quote` was consumed; returns its bytes with
    /// escapes resolved.
    fn string(&mut self, quote: u8, out: &mut Vec<u8>) -> Result<(), DumpError> {
        let start = self.here();
        loop {
            if self.pos == self.end {
                self.fill(1)?;
                if self.pos == self.end {
                    return Err(DumpError::Syntax {
                        at: start,
                        message: "a string is not closed before the end of the dump".into(),
                    });
                }
            }
            let slice = &self.buf[self.pos..self.end];
            match memchr::memchr2(quote, b'\\', slice) {
                None => {
                    out.extend_from_slice(slice);
                    let end = self.end;
                    self.consume_to(end);
                }
                Some(k) => {
                    out.extend_from_slice(&slice[..k]);
                    let at = self.pos + k;
                    self.consume_to(at);
                    let b = self.buf[self.pos];
                    self.advance(b);
                    if b == quote {
                        if self.peek()? == Some(quote) {
                            self.advance(quote);
                            out.push(quote);
                        } else {
                            return Ok(());
                        }
                    } else {
                        let Some(e) = self.bump()? else {
                            return Err(DumpError::Syntax {
                                at: start,
                                message: "a string is not closed before the end of the dump".into(),
                            });
                        };
                        match e {
                            b'0' => out.push(0),
                            b'b' => out.push(8),
                            b'n' => out.push(b'\n'),
                            b'r' => out.push(b'\r'),
                            b't' => out.push(b'\t'),
                            b'Z' => out.push(0x1A),
                            b'%' | b'_' => out.extend_from_slice(&[b'\\', e]),
                            other => out.push(other),
                        }
                    }
                }
            }
        }
    }

    /// Skips blanks and comments. Text of `/*! ... */` executable comments is returned
    /// through `exec` (for `SET NAMES`).
    fn skip_blank(&mut self, mut exec: Option<&mut Vec<String>>) -> Result<(), DumpError> {
        loop {
            match self.peek()? {
                Some(b' ' | b'\t' | b'\r' | b'\n' | 0x0C | 0x0B) => {
                    self.bump()?;
                }
                Some(b'-') if self.peek_at(1)? == Some(b'-') => match self.peek_at(2)? {
                    None | Some(b' ' | b'\t' | b'\r' | b'\n') => self.skip_line()?,
                    Some(c) if c < 0x20 => self.skip_line()?,
                    _ => return Ok(()),
                },
                Some(b'#') => self.skip_line()?,
                Some(b'/') if self.peek_at(1)? == Some(b'*') => {
                    let start = self.here();
                    self.bump()?;
                    self.bump()?;
                    let executable = matches!(self.peek()?, Some(b'!' | b'M'));
                    let mut text = Vec::new();
                    loop {
                        match self.bump()? {
                            None => {
                                return Err(DumpError::Syntax {
                                    at: start,
                                    message: "a /* comment is not closed".into(),
                                })
                            }
                            Some(b'*') if self.peek()? == Some(b'/') => {
                                self.bump()?;
                                break;
                            }
                            Some(b) => {
                                if executable && text.len() < 4096 {
                                    text.push(b);
                                }
                            }
                        }
                    }
                    if let (true, Some(exec)) = (executable, exec.as_deref_mut()) {
                        exec.push(String::from_utf8_lossy(&text).into_owned());
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn skip_line(&mut self) -> Result<(), DumpError> {
        loop {
            if self.pos == self.end {
                self.fill(1)?;
                if self.pos == self.end {
                    return Ok(());
                }
            }
            let slice = &self.buf[self.pos..self.end];
            match memchr::memchr(b'\n', slice) {
                Some(k) => {
                    let at = self.pos + k + 1;
                    self.consume_to(at);
                    return Ok(());
                }
                None => {
                    let end = self.end;
                    self.consume_to(end);
                }
            }
        }
    }

    fn is_word_byte(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
    }

    fn word(&mut self) -> Result<String, DumpError> {
        let mut w = Vec::new();
        while let Some(b) = self.peek()? {
            if !Self::is_word_byte(b) || w.len() > 256 {
                break;
            }
            w.push(b);
            self.bump()?;
        }
        Ok(String::from_utf8_lossy(&w).into_owned())
    }

    /// An identifier: `` `quoted` `` (with ``` `` ``` for a backtick), `"quoted"` or bare;
    /// a `db.table` qualifier is dropped.
    fn identifier(&mut self) -> Result<String, DumpError> {
        let mut name = self.one_identifier()?;
        loop {
            if self.peek()? == Some(b'.') {
                self.bump()?;
                name = self.one_identifier()?;
            } else {
                return Ok(name);
            }
        }
    }

    fn one_identifier(&mut self) -> Result<String, DumpError> {
        match self.peek()? {
            Some(q @ (b'`' | b'"')) => {
                self.bump()?;
                let mut out = Vec::new();
                let start = self.here();
                loop {
                    match self.bump()? {
                        None => {
                            return Err(DumpError::Syntax {
                                at: start,
                                message: "a quoted name is not closed".into(),
                            })
                        }
                        Some(b) if b == q => {
                            if self.peek()? == Some(q) {
                                self.bump()?;
                                out.push(q);
                            } else {
                                break;
                            }
                        }
                        Some(b) => {
                            if out.len() > 4096 {
                                return self.syntax("a quoted name is longer than 4096 bytes");
                            }
                            out.push(b)
                        }
                    }
                }
                Ok(String::from_utf8_lossy(&out).into_owned())
            }
            Some(b) if Self::is_word_byte(b) => self.word(),
            other => self.syntax(format!("expected a name, found {}", describe(other))),
        }
    }

    /// Skips (or, with `keep`, collects) the rest of a statement through its terminator.
    fn rest_of_statement(
        &mut self,
        delimiter: &[u8],
        keep: Option<&mut Vec<u8>>,
        start: Position,
    ) -> Result<(), DumpError> {
        let mut keep = keep;
        const MAX_KEPT: usize = 16 * 1024 * 1024;
        loop {
            let Some(b) = self.peek()? else {
                return Err(DumpError::Syntax {
                    at: start,
                    message: "a statement is not terminated before the end of the dump".into(),
                });
            };
            if b == delimiter[0] {
                let mut all = true;
                for (k, d) in delimiter.iter().enumerate().skip(1) {
                    if self.peek_at(k)? != Some(*d) {
                        all = false;
                        break;
                    }
                }
                if all {
                    for _ in 0..delimiter.len() {
                        self.bump()?;
                    }
                    return Ok(());
                }
            }
            match b {
                b'\'' | b'"' | b'`' => {
                    self.bump()?;
                    let mut s = Vec::new();
                    if b == b'`' {
                        loop {
                            match self.bump()? {
                                None => {
                                    return Err(DumpError::Syntax {
                                        at: start,
                                        message: "a quoted name is not closed".into(),
                                    })
                                }
                                Some(b'`') => {
                                    if self.peek()? == Some(b'`') {
                                        self.bump()?;
                                        s.extend_from_slice(b"``");
                                    } else {
                                        break;
                                    }
                                }
                                Some(c) => s.push(c),
                            }
                        }
                    } else {
                        self.string(b, &mut s)?;
                    }
                    if let Some(k) = keep.as_deref_mut() {
                        if k.len() < MAX_KEPT {
                            k.push(b);
                            if b == b'`' {
                                k.extend_from_slice(&s);
                            } else {
                                k.extend_from_slice(&escape_bytes(&s, b));
                            }
                            k.push(b);
                        }
                    }
                }
                b'-' | b'#' | b'/' => {
                    let before = self.consumed;
                    self.skip_blank(None)?;
                    if self.consumed == before {
                        self.bump()?;
                        if let Some(k) = keep.as_deref_mut() {
                            k.push(b);
                        }
                    } else if let Some(k) = keep.as_deref_mut() {
                        k.push(b' ');
                    }
                }
                _ => {
                    self.bump()?;
                    if let Some(k) = keep.as_deref_mut() {
                        if k.len() < MAX_KEPT {
                            k.push(b);
                        }
                    }
                }
            }
        }
    }
}

/// Escapes string bytes for a `quote`-quoted MySQL literal (the inverse of reading one).
pub fn escape_bytes(bytes: &[u8], quote: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 8);
    escape_into(bytes, quote, &mut out);
    out
}

/// [`escape_bytes`] appending to `out` (no allocation of its own), copying the runs of
/// bytes that need no escape in one piece.
pub fn escape_into(bytes: &[u8], quote: u8, out: &mut Vec<u8>) {
    let special = |b: u8| matches!(b, 0 | b'\n' | b'\r' | 0x1A | b'\\') || b == quote;
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !special(b) {
            continue;
        }
        out.extend_from_slice(&bytes[run..i]);
        run = i + 1;
        match b {
            0 => out.extend_from_slice(b"\\0"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x1A => out.extend_from_slice(b"\\Z"),
            b'\\' => {
                // `\%` and `\_` are read back as themselves: write them as they are.
                if matches!(bytes.get(i + 1), Some(b'%' | b'_')) {
                    out.push(b'\\');
                } else {
                    out.extend_from_slice(b"\\\\");
                }
            }
            _ => {
                out.push(b'\\');
                out.push(b);
            }
        }
    }
    out.extend_from_slice(&bytes[run..]);
}

fn describe(b: Option<u8>) -> String {
    match b {
        None => "the end of the dump".into(),
        Some(b) if b.is_ascii_graphic() => format!("'{}'", b as char),
        Some(b) => format!("byte 0x{b:02X}"),
    }
}

/// What each row of an INSERT shares: table, column names, column kinds (and latin1).
type InsertHeader = (Arc<str>, Arc<[String]>, Arc<[(ColumnKind, bool)]>);

/// The INSERT being read: its table, columns and definition.
struct Insert {
    table: Arc<str>,
    columns: Arc<[String]>,
    kinds: Arc<[(ColumnKind, bool)]>,
}

/// Reads a dump statement by statement; see the [module docs](self).
pub struct DumpReader<R> {
    scan: Scanner<R>,
    tables: std::collections::HashMap<String, Arc<TableDef>>,
    insert: Option<Insert>,
    pending: std::collections::VecDeque<Event>,
    delimiter: Vec<u8>,
    dump_latin1: bool,
    failed: bool,
    /// The text of the number being read (kept to spare an allocation per value).
    number: String,
    /// The raw values of the row being read (kept to spare an allocation per row).
    raws: Vec<Raw>,
}

impl DumpReader<BufReader<File>> {
    /// Opens a dump file.
    pub fn open(path: impl AsRef<Path>) -> std::io::Result<Self> {
        Ok(DumpReader::new(BufReader::with_capacity(
            BUF,
            File::open(path)?,
        )))
    }
}

impl<R: BufRead> DumpReader<R> {
    /// A reader over `inner`.
    pub fn new(inner: R) -> Self {
        DumpReader {
            scan: Scanner {
                inner,
                buf: Vec::new(),
                pos: 0,
                end: 0,
                eof: false,
                line: 1,
                column: 1,
                consumed: 0,
            },
            tables: Default::default(),
            insert: None,
            pending: Default::default(),
            delimiter: b";".to_vec(),
            dump_latin1: false,
            failed: false,
            number: String::new(),
            raws: Vec::new(),
        }
    }

    /// Bytes read so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.scan.consumed
    }

    /// The position of the next byte.
    pub fn position(&self) -> Position {
        self.scan.here()
    }

    /// The `CREATE TABLE` read so far for `table`.
    pub fn table(&self, table: &str) -> Option<&Arc<TableDef>> {
        self.tables.get(table)
    }

    /// The next event, `Ok(None)` at the end of the dump. After an error, the reader
    /// stays at its end.
    pub fn next_event(&mut self) -> Result<Option<Event>, DumpError> {
        if let Some(e) = self.pending.pop_front() {
            return Ok(Some(e));
        }
        if self.failed {
            return Ok(None);
        }
        match self.step() {
            Ok(e) => Ok(e.or_else(|| self.pending.pop_front())),
            Err(e) => {
                self.failed = true;
                self.insert = None;
                Err(e)
            }
        }
    }

    fn step(&mut self) -> Result<Option<Event>, DumpError> {
        loop {
            if self.insert.is_some() {
                return self.row().map(Some);
            }
            let mut exec = Vec::new();
            self.scan.skip_blank(Some(&mut exec))?;
            for text in exec {
                self.note_set_names(&text);
            }
            let start = self.scan.here();
            let Some(b) = self.scan.peek()? else {
                return Ok(None);
            };
            if b == b';' {
                self.scan.bump()?;
                continue;
            }
            if !Scanner::<R>::is_word_byte(b) {
                return self
                    .scan
                    .syntax(format!("expected a statement, found {}", describe(Some(b))));
            }
            let word = self.scan.word()?.to_ascii_uppercase();
            match word.as_str() {
                "INSERT" | "REPLACE" => {
                    self.start_insert()?;
                    continue;
                }
                "CREATE" => {
                    let mut text = b"CREATE".to_vec();
                    let delimiter = self.delimiter.clone();
                    self.scan
                        .rest_of_statement(&delimiter, Some(&mut text), start)?;
                    let text = String::from_utf8_lossy(&text).into_owned();
                    if let Some(def) = parse_create_table(&text, start)? {
                        let def = Arc::new(def);
                        self.tables.insert(def.name.clone(), def.clone());
                        return Ok(Some(Event::CreateTable(def)));
                    }
                }
                "DELIMITER" => {
                    let mut line = Vec::new();
                    while let Some(c) = self.scan.peek()? {
                        if c == b'\n' || line.len() > 64 {
                            break;
                        }
                        line.push(c);
                        self.scan.bump()?;
                    }
                    let d = String::from_utf8_lossy(&line).trim().as_bytes().to_vec();
                    if d.is_empty() {
                        return self.scan.syntax("DELIMITER without a delimiter");
                    }
                    self.delimiter = d;
                }
                "SET" => {
                    let mut text = b"SET".to_vec();
                    let delimiter = self.delimiter.clone();
                    self.scan
                        .rest_of_statement(&delimiter, Some(&mut text), start)?;
                    let text = String::from_utf8_lossy(&text).into_owned();
                    self.note_set_names(&text);
                }
                _ => {
                    let delimiter = self.delimiter.clone();
                    self.scan.rest_of_statement(&delimiter, None, start)?;
                }
            }
        }
    }

    fn note_set_names(&mut self, text: &str) {
        let upper = text.to_ascii_uppercase();
        if let Some(i) = upper.find("SET NAMES") {
            let rest = upper[i + 9..].trim_start().trim_start_matches(['\'', '"']);
            self.dump_latin1 = rest.starts_with("LATIN1");
        }
    }

    fn start_insert(&mut self) -> Result<(), DumpError> {
        loop {
            self.scan.skip_blank(None)?;
            let at = self.scan.here();
            let w = self.scan.word()?.to_ascii_uppercase();
            match w.as_str() {
                "INTO" => break,
                "IGNORE" | "LOW_PRIORITY" | "DELAYED" | "HIGH_PRIORITY" => {}
                "" => return self.scan.syntax("expected INTO after INSERT"),
                other => {
                    return Err(DumpError::Syntax {
                        at,
                        message: format!("expected INTO after INSERT, found {other}"),
                    })
                }
            }
        }
        self.scan.skip_blank(None)?;
        let table = self.scan.identifier()?;
        self.scan.skip_blank(None)?;
        let mut listed: Option<Vec<String>> = None;
        if self.scan.peek()? == Some(b'(') {
            self.scan.bump()?;
            let mut cols = Vec::new();
            loop {
                self.scan.skip_blank(None)?;
                cols.push(self.scan.identifier()?);
                self.scan.skip_blank(None)?;
                match self.scan.peek()? {
                    Some(b',') => {
                        self.scan.bump()?;
                    }
                    Some(b')') => {
                        self.scan.bump()?;
                        break;
                    }
                    other => {
                        return self.scan.syntax(format!(
                            "expected ',' or ')' in the column list, found {}",
                            describe(other)
                        ))
                    }
                }
            }
            listed = Some(cols);
            self.scan.skip_blank(None)?;
        }
        let at = self.scan.here();
        let w = self.scan.word()?.to_ascii_uppercase();
        if w != "VALUES" && w != "VALUE" {
            return Err(DumpError::Syntax {
                at,
                message: format!(
                    "expected VALUES in the INSERT into {table}, found {}",
                    if w.is_empty() {
                        describe(self.scan.peek()?)
                    } else {
                        w
                    }
                ),
            });
        }
        let def = self.tables.get(&table).cloned();
        let columns: Vec<String> = match (&listed, &def) {
            (Some(c), _) => c.clone(),
            (None, Some(d)) => d.columns.iter().map(|c| c.name.clone()).collect(),
            (None, None) => Vec::new(),
        };
        let kinds = columns
            .iter()
            .map(|name| match &def {
                Some(d) => {
                    let c = d.column(name);
                    (
                        c.map(|c| c.kind).unwrap_or(ColumnKind::Other),
                        d.is_latin1(c),
                    )
                }
                None => (ColumnKind::Other, false),
            })
            .collect();
        self.insert = Some(Insert {
            table: Arc::from(table.as_str()),
            columns: columns.into(),
            kinds,
        });
        Ok(())
    }

    /// Reads one `( ... )` tuple of the current INSERT and what follows it.
    fn row(&mut self) -> Result<Event, DumpError> {
        let Some(ins) = self.insert.as_ref() else {
            return self.scan.syntax("no INSERT is being read");
        };
        let header = (ins.table.clone(), ins.columns.clone(), ins.kinds.clone());
        self.scan.skip_blank(None)?;
        let at = self.scan.here();
        match self.scan.peek()? {
            Some(b'(') => {
                self.scan.bump()?;
            }
            other => {
                return Err(DumpError::Syntax {
                    at,
                    message: format!("expected '(' to start a row, found {}", describe(other)),
                })
            }
        }
        // The values' vector is kept across rows (emptied by `typed_row`).
        let mut raws = std::mem::take(&mut self.raws);
        raws.clear();
        loop {
            self.scan.skip_blank(None)?;
            if raws.is_empty() && self.scan.peek()? == Some(b')') {
                self.scan.bump()?;
                break;
            }
            raws.push(self.raw_value()?);
            self.scan.skip_blank(None)?;
            match self.scan.peek()? {
                Some(b',') => {
                    self.scan.bump()?;
                }
                Some(b')') => {
                    self.scan.bump()?;
                    break;
                }
                other => {
                    return self.scan.syntax(format!(
                        "expected ',' or ')' after a value, found {}",
                        describe(other)
                    ))
                }
            }
        }
        self.scan.skip_blank(None)?;
        match self.scan.peek()? {
            Some(b',') => {
                self.scan.bump()?;
            }
            Some(b';') => {
                self.scan.bump()?;
                self.insert = None;
            }
            None => {
                self.insert = None;
                return self
                    .scan
                    .syntax("the INSERT is not terminated with ';' before the end of the dump");
            }
            Some(b) if b == self.delimiter[0] => {
                let d = self.delimiter.clone();
                for (k, c) in d.iter().enumerate() {
                    if self.scan.peek_at(k)? != Some(*c) {
                        return self.scan.syntax(format!(
                            "expected ',' or ';' after a row, found {}",
                            describe(Some(b))
                        ));
                    }
                }
                for _ in 0..d.len() {
                    self.scan.bump()?;
                }
                self.insert = None;
            }
            other => {
                return self.scan.syntax(format!(
                    "expected ',' or ';' after a row, found {}",
                    describe(other)
                ))
            }
        }
        Ok(self.typed_row(raws, at, header))
    }

    fn typed_row(
        &mut self,
        mut raws: Vec<Raw>,
        at: Position,
        (table, columns, kinds): InsertHeader,
    ) -> Event {
        let named = !columns.is_empty() || raws.is_empty();
        let columns = if columns.is_empty() && !raws.is_empty() {
            (1..=raws.len()).map(|i| format!("column_{i}")).collect()
        } else {
            columns
        };
        if raws.len() != columns.len() {
            self.pending.push_back(Event::Warning(Warning {
                at,
                table: Some(table.to_string()),
                message: format!(
                    "the row has {} values for {} columns",
                    raws.len(),
                    columns.len()
                ),
            }));
        }
        let mut values = Vec::with_capacity(raws.len());
        for (i, raw) in raws.drain(..).enumerate() {
            let (kind, latin1) = kinds.get(i).copied().unwrap_or((ColumnKind::Other, false));
            let (value, warning) = typed(raw, kind, latin1, self.dump_latin1);
            if let Some(message) = warning {
                self.pending.push_back(Event::Warning(Warning {
                    at,
                    table: Some(table.to_string()),
                    message: format!(
                        "{}: {message}",
                        columns.get(i).map(String::as_str).unwrap_or("?")
                    ),
                }));
            }
            values.push(value);
        }
        self.raws = raws;
        Event::Row(Row {
            table,
            columns,
            values,
            at,
            named,
        })
    }

    fn raw_value(&mut self) -> Result<Raw, DumpError> {
        let s = &mut self.scan;
        let Some(b) = s.peek()? else {
            return s.syntax("expected a value, found the end of the dump");
        };
        match b {
            b'\'' | b'"' => {
                s.bump()?;
                let mut bytes = Vec::new();
                s.string(b, &mut bytes)?;
                Ok(Raw::Str {
                    bytes,
                    binary: false,
                })
            }
            b'0' if matches!(s.peek_at(1)?, Some(b'x' | b'X')) => {
                s.bump()?;
                s.bump()?;
                let digits = s.word()?;
                hex(&digits)
                    .map(Raw::Hex)
                    .ok_or(())
                    .or_else(|_| s.syntax(format!("bad hex literal 0x{digits}")))
            }
            b'0' if matches!(s.peek_at(1)?, Some(b'b')) => {
                s.bump()?;
                s.bump()?;
                let digits = s.word()?;
                bits(&digits)
                    .map(Raw::Bits)
                    .ok_or(())
                    .or_else(|_| s.syntax(format!("bad bit literal 0b{digits}")))
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                // Most values of a dump are ids and counts: read into one buffer kept
                // across values, and kept as text only when not a plain whole number.
                let text = &mut self.number;
                text.clear();
                if matches!(b, b'-' | b'+') {
                    text.push(b as char);
                    s.bump()?;
                    s.skip_blank(None)?;
                }
                let mut digits = 0;
                while let Some(c) = s.peek()? {
                    let ok = c.is_ascii_digit()
                        || c == b'.'
                        || ((c == b'e' || c == b'E') && digits > 0)
                        || ((c == b'-' || c == b'+')
                            && matches!(text.as_bytes().last(), Some(b'e' | b'E')));
                    if !ok || text.len() > 400 {
                        break;
                    }
                    if c.is_ascii_digit() {
                        digits += 1;
                    }
                    text.push(c as char);
                    s.bump()?;
                }
                if digits == 0 {
                    return s.syntax(format!("bad number {text:?}"));
                }
                match text.parse::<i64>() {
                    Ok(i) if plain_int(text, i) => Ok(Raw::Int(i)),
                    _ => Ok(Raw::Number(text.clone())),
                }
            }
            b'x' | b'X' if s.peek_at(1)? == Some(b'\'') => {
                s.bump()?;
                s.bump()?;
                let mut bytes = Vec::new();
                s.string(b'\'', &mut bytes)?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                hex(&text)
                    .filter(|_| text.len() % 2 == 0)
                    .map(Raw::Hex)
                    .ok_or(())
                    .or_else(|_| s.syntax(format!("bad hex literal X'{text}'")))
            }
            b'b' | b'B' if s.peek_at(1)? == Some(b'\'') => {
                s.bump()?;
                s.bump()?;
                let mut bytes = Vec::new();
                s.string(b'\'', &mut bytes)?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                bits(&text)
                    .map(Raw::Bits)
                    .ok_or(())
                    .or_else(|_| s.syntax(format!("bad bit literal b'{text}'")))
            }
            b'_' => {
                let introducer = s.word()?.to_ascii_lowercase();
                s.skip_blank(None)?;
                match self.raw_value()? {
                    Raw::Str { bytes, .. } => Ok(Raw::Str {
                        bytes,
                        binary: introducer == "_binary",
                    }),
                    Raw::Hex(h) if introducer == "_binary" => Ok(Raw::Hex(h)),
                    Raw::Hex(h) => Ok(Raw::Str {
                        bytes: h,
                        binary: false,
                    }),
                    _ => self
                        .scan
                        .syntax(format!("expected a string after {introducer}")),
                }
            }
            c if c.is_ascii_alphabetic() => {
                let at = s.here();
                // NULL, TRUE or FALSE, read without allocating: a dump holds millions of
                // NULLs. A longer word is no value.
                let mut word = [0u8; 5];
                let mut len = 0;
                while let Some(b) = s.peek()? {
                    if !Scanner::<R>::is_word_byte(b) {
                        break;
                    }
                    if len == word.len() {
                        let rest = s.word()?;
                        return Err(DumpError::Syntax {
                            at,
                            message: format!(
                                "expected a value, found {}{rest}",
                                String::from_utf8_lossy(&word)
                            ),
                        });
                    }
                    word[len] = b;
                    len += 1;
                    s.bump()?;
                }
                let word = &word[..len];
                if word.eq_ignore_ascii_case(b"NULL") {
                    Ok(Raw::Null)
                } else if word.eq_ignore_ascii_case(b"TRUE") {
                    Ok(Raw::Bool(true))
                } else if word.eq_ignore_ascii_case(b"FALSE") {
                    Ok(Raw::Bool(false))
                } else {
                    Err(DumpError::Syntax {
                        at,
                        message: format!(
                            "expected a value, found {}",
                            String::from_utf8_lossy(word)
                        ),
                    })
                }
            }
            other => s.syntax(format!("expected a value, found {}", describe(Some(other)))),
        }
    }
}

/// Types one row as a server's text protocol sends it (`None` for NULL, else the value's
/// text or bytes, as `mysqldump` would have written them), exactly as [`DumpReader`] types
/// a dump row of `def`; returns the row and its warnings. `dump_latin1` is whether the
/// connection's charset is latin1.
#[cfg(feature = "mysql")]
pub(crate) fn typed_server_row(
    def: &TableDef,
    table: &Arc<str>,
    columns: &Arc<[String]>,
    values: Vec<Option<Vec<u8>>>,
    at: Position,
    dump_latin1: bool,
) -> (Row, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut typed_values = Vec::with_capacity(values.len());
    for (i, v) in values.into_iter().enumerate() {
        let c = columns.get(i).and_then(|name| def.column(name));
        let kind = c.map(|c| c.kind).unwrap_or(ColumnKind::Other);
        let raw = match v {
            None => Raw::Null,
            Some(bytes) => match kind {
                ColumnKind::Integer | ColumnKind::Decimal | ColumnKind::Float => {
                    Raw::Number(String::from_utf8_lossy(&bytes).into_owned())
                }
                _ => Raw::Str {
                    bytes,
                    binary: false,
                },
            },
        };
        let (value, warning) = typed(raw, kind, def.is_latin1(c), dump_latin1);
        if let Some(message) = warning {
            warnings.push(Warning {
                at,
                table: Some(table.to_string()),
                message: format!(
                    "{}: {message}",
                    columns.get(i).map(String::as_str).unwrap_or("?")
                ),
            });
        }
        typed_values.push(value);
    }
    let row = Row {
        table: table.clone(),
        columns: columns.clone(),
        values: typed_values,
        at,
        named: true,
    };
    (row, warnings)
}

fn hex(digits: &str) -> Option<Vec<u8>> {
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) || digits.is_empty() {
        return None;
    }
    let padded = if digits.len() % 2 == 1 {
        format!("0{digits}")
    } else {
        digits.to_string()
    };
    (0..padded.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&padded[i..i + 2], 16).ok())
        .collect()
}

fn bits(digits: &str) -> Option<u64> {
    if digits.len() > 64 || !digits.bytes().all(|b| b == b'0' || b == b'1') {
        return None;
    }
    if digits.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(digits, 2).ok()
}

fn be_int(bytes: &[u8]) -> Option<i64> {
    if bytes.len() > 8 {
        return None;
    }
    let v = bytes.iter().fold(0u64, |acc, &b| (acc << 8) | b as u64);
    i64::try_from(v).ok()
}

fn is_zero_date(s: &str) -> bool {
    s.starts_with("0000-00-00")
}

/// Types raw values with their columns; returns the value and, when something was kept
/// or repaired, a warning text.
/// Whether `text`, which parses as `i`, is a whole number written plainly: no `+` sign and
/// no negative zero, whose text a round trip would not give back from the number.
fn plain_int(text: &str, i: i64) -> bool {
    !(text.starts_with('+') || (text.starts_with("-0") && i == 0))
}

fn typed(raw: Raw, kind: ColumnKind, latin1: bool, dump_latin1: bool) -> (Value, Option<String>) {
    match raw {
        Raw::Null => (Value::Null, None),
        Raw::Bool(b) => (Value::Int(b as i64), None),
        Raw::Bits(v) => match i64::try_from(v) {
            Ok(i) => (Value::Int(i), None),
            Err(_) => (Value::Number(v.to_string()), None),
        },
        Raw::Int(i) => (Value::Int(i), None),
        Raw::Number(text) => match text.parse::<i64>() {
            Ok(i) if plain_int(&text, i) => (Value::Int(i), None),
            _ => (Value::Number(text), None),
        },
        Raw::Hex(bytes) => match kind {
            ColumnKind::Bit | ColumnKind::Integer => match be_int(&bytes) {
                Some(i) => (Value::Int(i), None),
                None => (Value::Bytes(bytes), None),
            },
            ColumnKind::Text => match String::from_utf8(bytes) {
                Ok(s) => (Value::Text(s), None),
                Err(e) => (Value::Bytes(e.into_bytes()), None),
            },
            _ => (Value::Bytes(bytes), None),
        },
        Raw::Str { bytes, binary } => {
            if kind == ColumnKind::Bit {
                if let Some(i) = be_int(&bytes) {
                    return (Value::Int(i), None);
                }
            }
            if binary || kind == ColumnKind::Binary {
                return (Value::Bytes(bytes), None);
            }
            let (text, repair) = decode_text_owned(bytes, latin1, dump_latin1);
            let warning = match repair {
                Repair::None => None,
                Repair::Mojibake => Some(format!(
                    "UTF-8 text stored in a latin1 column, read as UTF-8: {}",
                    preview(&text)
                )),
                Repair::NotUtf8 => Some(format!(
                    "bytes that are not UTF-8 in a UTF-8 column, read as latin1: {}",
                    preview(&text)
                )),
            };
            if matches!(kind, ColumnKind::Date | ColumnKind::DateTime) && is_zero_date(&text) {
                let w = format!("zero date {text} kept verbatim");
                return (Value::ZeroDate(text), Some(w));
            }
            (Value::Text(text), warning)
        }
    }
}

fn preview(text: &str) -> String {
    let p: String = text.chars().take(40).collect();
    if p.len() < text.len() {
        format!("{p:?}...")
    } else {
        format!("{p:?}")
    }
}

/// Parses a `CREATE TABLE` statement (as collected, comments replaced by a space);
/// `Ok(None)` for other `CREATE` statements.
fn parse_create_table(text: &str, at: Position) -> Result<Option<TableDef>, DumpError> {
    let syntax = |message: String| DumpError::Syntax { at, message };
    let mut t = Tokens::new(text);
    t.next(); // CREATE
    let mut w = t.next();
    while matches!(
        w.as_deref().map(str::to_ascii_uppercase).as_deref(),
        Some("TEMPORARY" | "OR" | "REPLACE")
    ) {
        w = t.next();
    }
    if !w.is_some_and(|w| w.eq_ignore_ascii_case("TABLE")) {
        return Ok(None);
    }
    let mut name = t
        .next()
        .ok_or_else(|| syntax("CREATE TABLE without a name".into()))?;
    if name.eq_ignore_ascii_case("IF") {
        t.next();
        t.next();
        name = t
            .next()
            .ok_or_else(|| syntax("CREATE TABLE without a name".into()))?;
    }
    while t.peek_is(".") {
        t.next();
        name = t
            .next()
            .ok_or_else(|| syntax("CREATE TABLE without a name".into()))?;
    }
    let name = unquote(&name);
    let open = text[t.pos..]
        .find('(')
        .map(|i| t.pos + i)
        .ok_or_else(|| syntax(format!("CREATE TABLE {name} without a column list")))?;
    // Find the matching ')', outside quotes.
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let mut close = None;
    let mut parts = Vec::new();
    let mut part_start = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    parts.push(&text[part_start..i]);
                    close = Some(i);
                    break;
                }
            }
            b',' if depth == 1 => {
                parts.push(&text[part_start..i]);
                part_start = i + 1;
            }
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if bytes[i] == b'\\' && q != b'`' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let close =
        close.ok_or_else(|| syntax(format!("CREATE TABLE {name}: unbalanced parentheses")))?;
    let mut columns = Vec::new();
    let mut primary_key = Vec::new();
    for part in parts {
        let part = part.trim();
        let mut pt = Tokens::new(part);
        let Some(first) = pt.next() else { continue };
        let upper = first.to_ascii_uppercase();
        if !first.starts_with('`') && !first.starts_with('"') {
            match upper.as_str() {
                "PRIMARY" => {
                    if let (Some(o), Some(c)) = (part.find('('), part.rfind(')')) {
                        if o < c {
                            primary_key = part[o + 1..c]
                                .split(',')
                                .map(|c| unquote(c.trim().split('(').next().unwrap_or("").trim()))
                                .collect();
                        }
                    }
                    continue;
                }
                "KEY" | "INDEX" | "UNIQUE" | "CONSTRAINT" | "FOREIGN" | "FULLTEXT" | "SPATIAL"
                | "CHECK" | "PERIOD" => continue,
                _ => {}
            }
        }
        let col = unquote(&first);
        let definition = part[pt.pos..].trim().to_string();
        let sql_type = {
            let mut dt = Tokens::new(&definition);
            let mut ty = dt.next().unwrap_or_default();
            if dt.peek_is("(") {
                let o = dt.pos;
                let c = definition[o..]
                    .find(')')
                    .map(|k| o + k + 1)
                    .unwrap_or(definition.len());
                ty.push_str(&definition[o..c]);
                dt.pos = c;
            }
            if dt.peek_upper_is("UNSIGNED") {
                ty.push_str(" unsigned");
            }
            ty
        };
        let charset = {
            let up = definition.to_ascii_uppercase();
            up.find("CHARACTER SET ")
                .map(|i| i + 14)
                .or_else(|| up.find("CHARSET ").map(|i| i + 8))
                .map(|i| {
                    definition[i..]
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase()
                })
        };
        columns.push(ColumnDef {
            name: col,
            kind: ColumnKind::of(&sql_type),
            sql_type,
            charset,
            definition,
        });
    }
    let tail = text[close + 1..].to_ascii_uppercase();
    let charset = tail
        .find("CHARSET=")
        .map(|i| i + 8)
        .or_else(|| tail.find("CHARACTER SET=").map(|i| i + 14))
        .or_else(|| tail.find("CHARACTER SET ").map(|i| i + 14))
        .map(|i| {
            tail[i..]
                .trim_start()
                .split(|c: char| c.is_whitespace() || c == ';')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .unwrap_or_else(|| "utf8mb4".into());
    Ok(Some(TableDef {
        name,
        columns,
        charset,
        primary_key,
        create_sql: text.trim().to_string(),
        at,
    }))
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['`', '"'] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            let inner = &s[1..s.len() - 1];
            return inner.replace(&format!("{q}{q}"), &q.to_string());
        }
    }
    s.to_string()
}

/// A tiny tokenizer for DDL text: quoted names, words, single punctuation.
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Tokens { text, pos: 0 }
    }

    fn skip_ws(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn next(&mut self) -> Option<String> {
        self.skip_ws();
        let rest = &self.text[self.pos..];
        let first = rest.chars().next()?;
        let len = if first == '`' || first == '"' || first == '\'' {
            let mut end = rest.len();
            let mut it = rest.char_indices().skip(1).peekable();
            while let Some((i, c)) = it.next() {
                if c == first {
                    if it.peek().map(|p| p.1) == Some(first) {
                        it.next();
                        continue;
                    }
                    end = i + 1;
                    break;
                }
            }
            end
        } else if first.is_alphanumeric() || first == '_' || first == '$' {
            rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                .unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        self.pos += len;
        Some(rest[..len].to_string())
    }

    fn peek_is(&mut self, s: &str) -> bool {
        self.skip_ws();
        self.text[self.pos..].starts_with(s)
    }

    fn peek_upper_is(&mut self, s: &str) -> bool {
        self.skip_ws();
        let rest = &self.text[self.pos..];
        rest.len() >= s.len()
            && rest.is_char_boundary(s.len())
            && rest[..s.len()].eq_ignore_ascii_case(s)
    }
}

/// Reads a whole dump held in memory and returns its events: the tokenizer as a function
/// of bytes, for fuzzing and tests. Stops at the first error.
pub fn tokenize(bytes: &[u8]) -> Result<Vec<Event>, DumpError> {
    let mut reader = DumpReader::new(bytes);
    let mut out = Vec::new();
    while let Some(e) = reader.next_event()? {
        out.push(e);
    }
    Ok(out)
}

/// The rows of a dump file, as `(table, row)`, read as a stream; see [`DumpReader`] for
/// `CREATE TABLE` and warnings.
pub fn read_dump(path: impl AsRef<Path>) -> std::io::Result<Rows<BufReader<File>>> {
    Ok(Rows {
        reader: DumpReader::open(path)?,
    })
}

/// The iterator [`read_dump`] returns.
pub struct Rows<R> {
    reader: DumpReader<R>,
}

impl<R: BufRead> Rows<R> {
    /// The reader underneath (position, bytes read, table definitions).
    pub fn reader(&self) -> &DumpReader<R> {
        &self.reader
    }
}

impl<R: BufRead> Iterator for Rows<R> {
    type Item = Result<(String, Row), DumpError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.reader.next_event() {
                Ok(Some(Event::Row(row))) => return Some(Ok((row.table.to_string(), row))),
                Ok(Some(_)) => continue,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl<R: BufRead> Iterator for DumpReader<R> {
    type Item = Result<Event, DumpError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_event().transpose()
    }
}
