//! The ISO 2709 reader, strict and lenient, on arbitrary bytes; also the one-record decoder
//! and the zero-copy `raw` views.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pustaka_marc::iso2709::{self, raw};
use pustaka_marc::{Format, Mode, ReadOptions};

fuzz_target!(|data: &[u8]| {
    pustaka_marc_fuzz::drain(data, Format::Iso2709);

    for mode in [Mode::Strict, Mode::Lenient] {
        let options = ReadOptions {
            mode,
            ..ReadOptions::default()
        };
        if let Ok((record, _warnings)) = iso2709::decode(data, options) {
            pustaka_marc_fuzz::check_record(&record);
        }
    }

    let mut total = 0;
    for chunk in raw::split_records(data) {
        assert!(!chunk.is_empty(), "split_records yielded an empty record");
        total += chunk.len();
        if let Ok(rec) = raw::RawRecord::new(chunk) {
            let _ = (
                rec.leader(),
                rec.directory(),
                rec.base_address(),
                rec.bytes(),
            );
            for field in rec.fields() {
                let _ = (field.is_control(), field.indicators());
                for (_code, _value) in field.subfields() {}
            }
        }
    }
    assert!(total <= data.len());
});
