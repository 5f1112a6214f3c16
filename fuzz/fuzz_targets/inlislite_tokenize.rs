//! The INLISLite dump tokenizer (`pustaka_inlislite::dump`) on arbitrary bytes.
//!
//! Besides "no panic", it checks that the reader ends (a bounded number of events per input
//! byte), that an error names a line and column inside the input and ends the stream, that
//! the events and the error are the same whether the reader gets the whole input or a few
//! bytes per `read`, and that every text value read, written back with `escape_bytes` as
//! a string literal, reads back unchanged (what the export relies on).
#![no_main]

use std::io::BufReader;

use libfuzzer_sys::fuzz_target;
use pustaka_inlislite::dump::{escape_bytes, tokenize, DumpReader, Event, Value};
use pustaka_marc_fuzz::Trickle;

/// Events and the error (as text, with its line and column) of one reading.
type Outcome = (Vec<Event>, Option<(u64, u64, String)>);

fn read_all<R: std::io::BufRead>(mut reader: DumpReader<R>, len: usize) -> Outcome {
    let mut events = Vec::new();
    loop {
        match reader.next_event() {
            Ok(Some(e)) => {
                events.push(e);
                // A row needs at least "()" and each warning belongs to a value or a row.
                assert!(events.len() <= 2 * len + 2, "the reader does not end");
            }
            Ok(None) => return (events, None),
            Err(e) => {
                let at = e.position();
                assert!(
                    matches!(reader.next_event(), Ok(None)),
                    "the reader goes on after an error"
                );
                return (events, Some((at.line, at.column, e.to_string())));
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let whole = read_all(DumpReader::new(data), data.len());
    if let Some((line, column, message)) = &whole.1 {
        let lines = data.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        assert!(
            *line >= 1 && *line <= lines,
            "line {line} of {lines}: {message}"
        );
        assert!(
            *column >= 1 && *column <= data.len() as u64 + 1,
            "column {column}: {message}"
        );
        assert!(
            message.contains(&format!("line {line}, column {column}")),
            "{message}"
        );
    }
    for step in [1, 5] {
        let trickled = read_all(
            DumpReader::new(BufReader::with_capacity(3, Trickle::new(data, step))),
            data.len(),
        );
        assert_eq!(whole, trickled, "reading {step} bytes at a time");
    }
    assert_eq!(
        tokenize(data).map_err(|e| e.to_string()),
        match &whole.1 {
            None => Ok(whole.0.clone()),
            Some((_, _, m)) => Err(m.clone()),
        }
    );
    for event in &whole.0 {
        let Event::Row(row) = event else { continue };
        for v in &row.values {
            let Value::Text(t) = v else { continue };
            let mut sql = b"INSERT INTO t VALUES ('".to_vec();
            sql.extend_from_slice(&escape_bytes(t.as_bytes(), b'\''));
            sql.extend_from_slice(b"');");
            let back = tokenize(&sql).expect("an escaped string reads back");
            let Some(Event::Row(r)) = back.first() else {
                panic!("no row read back")
            };
            assert_eq!(r.values, vec![Value::Text(t.clone())]);
        }
    }
});
