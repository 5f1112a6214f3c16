//! The marcxml reader, strict and lenient, on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pustaka_marc::Format;

fuzz_target!(|data: &[u8]| {
    pustaka_marc_fuzz::drain(data, Format::MarcXml);
});
