//! MARC 21 records for library software: read and write every real MARC file correctly.
//!
//! `pustaka-marc` reads and writes the four formats catalogue records travel in:
//! ISO 2709 (`.mrc`, the transmission format), MARCXML, MARC-in-JSON (single object, array
//! or JSON Lines, in the layout pymarc's `as_json` writes) and MarcEdit mnemonic text
//! (`.mrk`). It converts MARC-8, the character set of decades of catalogue records, to
//! Unicode with the Library of Congress code tables, and it reads broken files: in
//! [`Mode::Lenient`] it repairs what can be repaired and says what it did, with the record
//! number and byte offset, and no input makes it panic.
//!
//! ```
//! use pustaka_marc::{read_bytes, Format, ReadOptions, Record, DataField, Tag};
//!
//! let mut record = Record::new();
//! record.push(DataField::new(Tag::parse("245").unwrap(), '1', '0')
//!     .with('a', "Laskar pelangi /")
//!     .with('c', "Andrea Hirata."));
//! let bytes = pustaka_marc::to_bytes(&[record.clone()], Format::Iso2709).unwrap();
//!
//! let back: Vec<Record> = read_bytes(&bytes, None, ReadOptions::default())
//!     .unwrap()
//!     .collect::<Result<_, _>>()
//!     .unwrap();
//! assert_eq!(back[0].title().as_deref(), Some("Laskar pelangi /"));
//! assert_eq!(back[0].fields, record.fields);
//! ```
//!
//! Key types: [`Record`] (leader plus ordered [`Field`]s), [`Reader`] (any format, detected
//! by content), [`MarcError`] and [`MarcWarning`] (what and where), [`iso2709::raw`] for
//! zero-copy scans of large files.

pub mod error;
pub mod iso2709;
pub mod json;
pub mod marc8;
pub mod mrk;
pub mod record;
pub mod xml;

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

pub use error::{ErrorKind, MarcError, MarcWarning, Position};
pub use record::{
    clean_isbn, ControlField, DataField, Field, Indicator, Leader, Record, Subfield, Tag,
};

/// How readers treat malformed input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Every structural fault is an error for its record.
    #[default]
    Strict,
    /// Faults are repaired where possible, each repair reported as a warning.
    Lenient,
}

/// Options shared by all readers.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Strict or lenient reading.
    pub mode: Mode,
    /// MARC-8 conversion options.
    pub marc8: marc8::Marc8Options,
}

impl ReadOptions {
    /// Lenient reading with default conversion options.
    pub fn lenient() -> Self {
        ReadOptions {
            mode: Mode::Lenient,
            ..ReadOptions::default()
        }
    }
}

/// The record formats this crate reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// ISO 2709 transmission format (`.mrc`).
    Iso2709,
    /// MARCXML (`.xml`).
    MarcXml,
    /// MARC-in-JSON: one record per line when writing (JSON Lines).
    Json,
    /// MarcEdit mnemonic text (`.mrk`).
    Mrk,
}

impl Format {
    /// Parses a format name as the command line takes it.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "iso2709" | "mrc" | "marc" | "usmarc" => Some(Format::Iso2709),
            "marcxml" | "xml" => Some(Format::MarcXml),
            "json" | "jsonl" | "marc-in-json" | "mij" => Some(Format::Json),
            "mrk" | "mnemonic" | "text" => Some(Format::Mrk),
            _ => None,
        }
    }

    /// The canonical name.
    pub fn name(&self) -> &'static str {
        match self {
            Format::Iso2709 => "iso2709",
            Format::MarcXml => "marcxml",
            Format::Json => "json",
            Format::Mrk => "mrk",
        }
    }

    /// Guesses the format from the first bytes of an input.
    ///
    /// `<` is MARCXML, `{` or `[` MARC-in-JSON, `=` mnemonic text; anything else is taken
    /// for ISO 2709 (whose first five bytes are normally digits). A UTF-8 byte order mark
    /// and leading white space are skipped.
    pub fn detect(head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let first = head.iter().find(|b| !b.is_ascii_whitespace());
        match first {
            Some(b'<') => Format::MarcXml,
            Some(b'{') | Some(b'[') => Format::Json,
            Some(b'=') => Format::Mrk,
            _ => Format::Iso2709,
        }
    }
}

/// A reader of any supported format: iterate it for records.
///
/// The variants differ in size; a reader is made once per input, so boxing would buy
/// nothing.
#[allow(clippy::large_enum_variant)]
pub enum Reader<R: BufRead> {
    /// ISO 2709.
    Iso2709(iso2709::Iso2709Reader<R>),
    /// MARCXML.
    MarcXml(xml::XmlReader<R>),
    /// MARC-in-JSON.
    Json(json::JsonReader<R>),
    /// Mnemonic text.
    Mrk(mrk::MrkReader<R>),
}

impl<R: BufRead> Reader<R> {
    /// A reader for a known format.
    pub fn new(src: R, format: Format, options: ReadOptions) -> Self {
        match format {
            Format::Iso2709 => Reader::Iso2709(iso2709::Iso2709Reader::new(src, options)),
            Format::MarcXml => Reader::MarcXml(xml::XmlReader::new(src, options)),
            Format::Json => Reader::Json(json::JsonReader::new(src, options)),
            Format::Mrk => Reader::Mrk(mrk::MrkReader::new(src, options)),
        }
    }

    /// A reader whose format is detected from the first bytes of `src`.
    pub fn detect(mut src: R, options: ReadOptions) -> Result<Self, MarcError> {
        let head = src
            .fill_buf()
            .map_err(|e| MarcError::io(e, Position::default()))?;
        let format = Format::detect(head);
        Ok(Reader::new(src, format, options))
    }

    /// The format being read.
    pub fn format(&self) -> Format {
        match self {
            Reader::Iso2709(_) => Format::Iso2709,
            Reader::MarcXml(_) => Format::MarcXml,
            Reader::Json(_) => Format::Json,
            Reader::Mrk(_) => Format::Mrk,
        }
    }

    /// Warnings about repairs gathered since the last call.
    pub fn take_warnings(&mut self) -> Vec<MarcWarning> {
        match self {
            Reader::Iso2709(r) => r.take_warnings(),
            Reader::MarcXml(r) => r.take_warnings(),
            Reader::Json(r) => r.take_warnings(),
            Reader::Mrk(r) => r.take_warnings(),
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record, MarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Reader::Iso2709(r) => r.next(),
            Reader::MarcXml(r) => r.next(),
            Reader::Json(r) => r.next(),
            Reader::Mrk(r) => r.next(),
        }
    }
}

/// Opens a file for reading; `format` `None` detects it from the content.
pub fn read_path(
    path: impl AsRef<Path>,
    format: Option<Format>,
    options: ReadOptions,
) -> Result<Reader<BufReader<File>>, MarcError> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| {
        let mut err = MarcError::io(e, Position::default());
        err.message = format!("cannot open {}: {}", path.display(), err.message);
        err
    })?;
    let src = BufReader::with_capacity(1 << 16, file);
    match format {
        Some(f) => Ok(Reader::new(src, f, options)),
        None => Reader::detect(src, options),
    }
}

/// Reads records from bytes in memory; `format` `None` detects it from the content.
pub fn read_bytes(
    bytes: &[u8],
    format: Option<Format>,
    options: ReadOptions,
) -> Result<Reader<&[u8]>, MarcError> {
    let format = format.unwrap_or_else(|| Format::detect(bytes));
    Ok(Reader::new(bytes, format, options))
}

/// A sink for records in one format; [`RecordWriter::finish`] completes the document
/// (closing tags for MARCXML) and flushes.
pub trait RecordWriter {
    /// Writes one record; on error nothing of it is written.
    fn write_record(&mut self, record: &Record) -> Result<(), MarcError>;
    /// Completes the output and flushes it.
    fn finish(&mut self) -> Result<(), MarcError>;
}

impl<W: Write> RecordWriter for iso2709::Iso2709Writer<W> {
    fn write_record(&mut self, record: &Record) -> Result<(), MarcError> {
        self.write(record)
    }
    fn finish(&mut self) -> Result<(), MarcError> {
        self.flush()
    }
}

/// A writer for the given format over a byte sink.
pub fn writer<'a, W: Write + 'a>(sink: W, format: Format) -> Box<dyn RecordWriter + 'a> {
    match format {
        Format::Iso2709 => Box::new(iso2709::Iso2709Writer::new(sink)),
        Format::MarcXml => Box::new(xml::XmlWriter::new(sink)),
        Format::Json => Box::new(json::JsonWriter::new(sink)),
        Format::Mrk => Box::new(mrk::MrkWriter::new(sink)),
    }
}

/// Serialises records to bytes in one format.
pub fn to_bytes(records: &[Record], format: Format) -> Result<Vec<u8>, MarcError> {
    let mut out = Vec::new();
    {
        let mut w = writer(&mut out, format);
        for r in records {
            w.write_record(r)?;
        }
        w.finish()?;
    }
    Ok(out)
}
