//! Placeholder being replaced.
#![allow(missing_docs)]
use crate::{MarcError, MarcWarning, ReadOptions, Record, RecordWriter};
use std::io::{BufRead, Write};
pub struct XmlReader<R> {
    _src: R,
    _options: ReadOptions,
}
impl<R: BufRead> XmlReader<R> {
    pub fn new(src: R, options: ReadOptions) -> Self {
        XmlReader {
            _src: src,
            _options: options,
        }
    }
    pub fn take_warnings(&mut self) -> Vec<MarcWarning> {
        Vec::new()
    }
}
impl<R: BufRead> Iterator for XmlReader<R> {
    type Item = Result<Record, MarcError>;
    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}
pub struct XmlWriter<W> {
    _sink: W,
}
impl<W: Write> XmlWriter<W> {
    pub fn new(sink: W) -> Self {
        XmlWriter { _sink: sink }
    }
}
impl<W: Write> RecordWriter for XmlWriter<W> {
    fn write_record(&mut self, _record: &Record) -> Result<(), MarcError> {
        Ok(())
    }
    fn finish(&mut self) -> Result<(), MarcError> {
        Ok(())
    }
}
