//! The MARC-8 decoder on arbitrary bytes: no panic, NFC output, issue offsets in range.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pustaka_marc_fuzz::marc8(data);
});
