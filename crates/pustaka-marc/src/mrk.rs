//! Placeholder being replaced.
#![allow(missing_docs)]
use crate::{MarcError, MarcWarning, ReadOptions, Record, RecordWriter};
use std::io::{BufRead, Write};
pub struct MrkReader<R> {
    _src: R,
    _options: ReadOptions,
}
impl<R: BufRead> MrkReader<R> {
    pub fn new(src: R, options: ReadOptions) -> Self {
        MrkReader {
            _src: src,
            _options: options,
        }
    }
    pub fn take_warnings(&mut self) -> Vec<MarcWarning> {
        Vec::new()
    }
}
impl<R: BufRead> Iterator for MrkReader<R> {
    type Item = Result<Record, MarcError>;
    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}
pub struct MrkWriter<W> {
    _sink: W,
}
impl<W: Write> MrkWriter<W> {
    pub fn new(sink: W) -> Self {
        MrkWriter { _sink: sink }
    }
}
impl<W: Write> RecordWriter for MrkWriter<W> {
    fn write_record(&mut self, _record: &Record) -> Result<(), MarcError> {
        Ok(())
    }
    fn finish(&mut self) -> Result<(), MarcError> {
        Ok(())
    }
}
