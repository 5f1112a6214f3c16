//! Text decoding for dump strings: UTF-8, MySQL's `latin1` (Windows-1252), and repair of
//! UTF-8 text that was stored in `latin1` columns (mojibake such as `RÃ©my` for `Rémy`).

/// MySQL's `latin1` is Windows-1252, with the five bytes cp1252 leaves undefined (0x81,
/// 0x8D, 0x8F, 0x90, 0x9D) mapped to the C1 controls of the same number.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decodes bytes as MySQL `latin1` (Windows-1252): every byte is one character.
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// Encodes text as MySQL `latin1` (Windows-1252); `None` when a character has no byte.
pub fn encode_cp1252(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| match c as u32 {
            0..=0x7F | 0xA0..=0xFF => Some(c as u8),
            _ => CP1252_HIGH
                .iter()
                .position(|&h| h == c)
                .map(|i| 0x80 + i as u8),
        })
        .collect()
}

/// If `text` is UTF-8 that was read as `latin1` (each UTF-8 byte became one character),
/// the text it should have been; `None` when it is not such text.
///
/// The test is strict: the text must hold a non-ASCII character, every character must be
/// a `latin1` byte, and those bytes must be valid UTF-8 holding a multi-byte sequence.
/// Genuine `latin1` text almost never passes it (`Ã` followed by a byte 0x80-0xBF is
/// rare in real words).
pub fn fix_mojibake(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let bytes = encode_cp1252(text)?;
    let fixed = String::from_utf8(bytes).ok()?;
    (fixed != text).then_some(fixed)
}

/// What decoding a string did beyond reading it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repair {
    /// Nothing: the bytes were text in the expected encoding.
    None,
    /// UTF-8 text found in a `latin1` column was taken as UTF-8.
    Mojibake,
    /// Bytes that are not UTF-8 in a UTF-8 column were read as `latin1`.
    NotUtf8,
}

/// Decodes one string of a column whose stored charset is latin1 (`latin1 == true`) or
/// UTF-8, from a dump written in UTF-8 (`dump_latin1 == false`, mysqldump's default) or in
/// latin1 (`SET NAMES latin1`).
pub fn decode_text(bytes: &[u8], latin1: bool, dump_latin1: bool) -> (String, Repair) {
    match std::str::from_utf8(bytes) {
        Ok(text) if latin1 && !dump_latin1 => match fix_mojibake(text) {
            Some(fixed) => (fixed, Repair::Mojibake),
            None => (text.to_string(), Repair::None),
        },
        // A latin1 dump of a latin1 column holds the stored bytes: valid UTF-8 with a
        // non-ASCII character there is UTF-8 stored in latin1.
        Ok(text) if latin1 && !text.is_ascii() => (text.to_string(), Repair::Mojibake),
        Ok(text) => (text.to_string(), Repair::None),
        Err(_) if latin1 => (decode_cp1252(bytes), Repair::None),
        Err(_) => (decode_cp1252(bytes), Repair::NotUtf8),
    }
}

/// [`decode_text`] taking the bytes: UTF-8 text in a UTF-8 column (the common case) becomes
/// the `String` without a copy.
pub fn decode_text_owned(bytes: Vec<u8>, latin1: bool, dump_latin1: bool) -> (String, Repair) {
    if latin1 {
        return decode_text(&bytes, latin1, dump_latin1);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, Repair::None),
        Err(e) => (decode_cp1252(e.as_bytes()), Repair::NotUtf8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_high_bytes_decode_to_their_characters() {
        assert_eq!(decode_cp1252(b"R\xe9my \x80 \x93x\x94"), "Rémy € “x”");
        assert_eq!(
            encode_cp1252("Rémy € “x”").unwrap(),
            b"R\xe9my \x80 \x93x\x94"
        );
    }

    #[test]
    fn utf8_read_as_latin1_is_repaired() {
        assert_eq!(fix_mojibake("RÃ©my Sylado").as_deref(), Some("Rémy Sylado"));
        assert_eq!(fix_mojibake("â€“").as_deref(), Some("–"));
        assert_eq!(fix_mojibake("Rémy Sylado"), None);
        assert_eq!(fix_mojibake("plain"), None);
        assert_eq!(
            decode_text("RÃ©my".as_bytes(), true, false),
            ("Rémy".to_string(), Repair::Mojibake)
        );
        assert_eq!(
            decode_text(b"R\xe9my", true, true),
            ("Rémy".to_string(), Repair::None)
        );
        assert_eq!(
            decode_text("Rémy".as_bytes(), true, true),
            ("Rémy".to_string(), Repair::Mojibake)
        );
        assert_eq!(
            decode_text(b"R\xe9my", false, false),
            ("Rémy".to_string(), Repair::NotUtf8)
        );
        for (bytes, latin1, dump_latin1) in [
            (&b"R\xe9my"[..], false, false),
            ("Rémy".as_bytes(), false, false),
            ("RÃ©my".as_bytes(), true, false),
            (&b"R\xe9my"[..], true, true),
        ] {
            assert_eq!(
                decode_text_owned(bytes.to_vec(), latin1, dump_latin1),
                decode_text(bytes, latin1, dump_latin1)
            );
        }
    }
}
