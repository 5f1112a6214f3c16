//! The query language and its parser.
//!
//! A query is a sequence of clauses separated by white space:
//! - a plain word (`pelangi`), matched in title, author, subject, publisher, call number and
//!   notes (an ISBN- or ISSN-shaped word also matches the normalised ISBN/ISSN exactly);
//! - a phrase in double quotes (`"laskar pelangi"`);
//! - a field clause `prefix:value` or `prefix:"a phrase"`, with the prefixes in Indonesian and
//!   as Koha/Zebra users type them: `judul:`/`ti:`, `pengarang:`/`au:`, `subjek:`/`su:`,
//!   `penerbit:`/`pb:`, `isbn:`/`nb:`, `issn:`/`ns:`, `tahun:`/`yr:` (a year, or a range
//!   `2000..2010`, `2000..`, `..2010`), `bahasa:`/`ln:` (MARC language code), and
//!   `nomor:`/`callnum:`.
//!
//! A word with a colon whose prefix is not one of these (`Java:`) is a plain word. Malformed
//! input (an unterminated quote, an empty field value, a bad year range) is a [`QueryError`]
//! naming the byte position; the parser never panics.

use std::fmt;

/// A malformed query: what is wrong and the byte offset in the query text where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed query at byte {position}: {message}")]
pub struct QueryError {
    /// Byte offset into the query text.
    pub position: usize,
    /// What is wrong there.
    pub message: String,
}

/// The field a field clause restricts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldName {
    /// `judul:` / `ti:`: the title group.
    Title,
    /// `pengarang:` / `au:`: the author group.
    Author,
    /// `subjek:` / `su:`: the subject group.
    Subject,
    /// `penerbit:` / `pb:`: publisher and place.
    Publisher,
    /// `isbn:` / `nb:`: an ISBN, any form.
    Isbn,
    /// `issn:` / `ns:`: an ISSN.
    Issn,
    /// `tahun:` / `yr:`: publication year or range.
    Year,
    /// `bahasa:` / `ln:`: MARC language code (008/35-37).
    Language,
    /// `nomor:` / `callnum:`: call number.
    CallNumber,
}

impl FieldName {
    /// The field for a prefix as typed (case-insensitive), if it is one.
    pub fn from_prefix(prefix: &str) -> Option<FieldName> {
        Some(match prefix.to_ascii_lowercase().as_str() {
            "judul" | "ti" | "title" => FieldName::Title,
            "pengarang" | "au" | "author" => FieldName::Author,
            "subjek" | "su" | "subject" => FieldName::Subject,
            "penerbit" | "pb" | "publisher" => FieldName::Publisher,
            "isbn" | "nb" => FieldName::Isbn,
            "issn" | "ns" => FieldName::Issn,
            "tahun" | "yr" | "year" => FieldName::Year,
            "bahasa" | "ln" | "language" => FieldName::Language,
            "nomor" | "callnum" => FieldName::CallNumber,
            _ => return None,
        })
    }
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FieldName::Title => "judul",
            FieldName::Author => "pengarang",
            FieldName::Subject => "subjek",
            FieldName::Publisher => "penerbit",
            FieldName::Isbn => "isbn",
            FieldName::Issn => "issn",
            FieldName::Year => "tahun",
            FieldName::Language => "bahasa",
            FieldName::CallNumber => "nomor",
        })
    }
}

/// The value of a field clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// One word (it may still analyse into several tokens, which then form a phrase).
    Word(String),
    /// A quoted phrase.
    Phrase(String),
    /// A year range, bounds inclusive; `None` is open.
    Range(Option<i64>, Option<i64>),
}

/// One clause of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// A plain word, searched in every text field.
    Word {
        /// The word as typed.
        text: String,
        /// Its byte offset.
        position: usize,
    },
    /// A quoted phrase, searched in every text field.
    Phrase {
        /// The phrase without its quotes.
        text: String,
        /// Byte offset of the opening quote.
        position: usize,
    },
    /// A field-restricted clause.
    Field {
        /// The field.
        field: FieldName,
        /// Its value.
        value: FieldValue,
        /// Byte offset of the prefix.
        position: usize,
    },
}

/// A parsed query: its clauses in the order typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// The clauses.
    pub clauses: Vec<Clause>,
}

impl ParsedQuery {
    /// The plain words and phrases (no field clauses) joined by spaces: the text matched
    /// against whole titles for known-item boosting.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for c in &self.clauses {
            if let Clause::Word { text, .. } | Clause::Phrase { text, .. } = c {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(text);
            }
        }
        out
    }
}

/// Parses query text; see the [module documentation](self) for the language.
pub fn parse(text: &str) -> Result<ParsedQuery, QueryError> {
    let mut clauses = Vec::new();
    let mut i = 0;
    let len = text.len();
    while i < len {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c == '"' {
            let (phrase, next) = quoted(text, i)?;
            if !phrase.trim().is_empty() {
                clauses.push(Clause::Phrase {
                    text: phrase.trim().to_string(),
                    position: i,
                });
            }
            i = next;
            continue;
        }
        // A run up to white space, a quote or a colon.
        let start = i;
        let mut j = i;
        let mut stop = None;
        for (k, ch) in text[i..].char_indices() {
            if ch.is_whitespace() || ch == '"' || ch == ':' {
                stop = Some((i + k, ch));
                break;
            }
            j = i + k + ch.len_utf8();
        }
        let end = stop.map_or(len, |(k, _)| k);
        debug_assert!(j <= end);
        if let Some((colon, ':')) = stop {
            if let Some(field) = FieldName::from_prefix(&text[start..colon]) {
                let (value, next) = field_value(text, field, colon + 1)?;
                clauses.push(Clause::Field {
                    field,
                    value,
                    position: start,
                });
                i = next;
                continue;
            }
            // Not a prefix: the colon belongs to the word.
            let word_end = text[colon..]
                .char_indices()
                .find(|(_, ch)| ch.is_whitespace() || *ch == '"')
                .map_or(len, |(k, _)| colon + k);
            push_word(&mut clauses, &text[start..word_end], start);
            i = word_end;
            continue;
        }
        push_word(&mut clauses, &text[start..end], start);
        i = end;
    }
    Ok(ParsedQuery { clauses })
}

fn push_word(clauses: &mut Vec<Clause>, word: &str, position: usize) {
    if !word.is_empty() {
        clauses.push(Clause::Word {
            text: word.to_string(),
            position,
        });
    }
}

/// The phrase opened by the quote at `open`, and the offset after its closing quote.
fn quoted(text: &str, open: usize) -> Result<(&str, usize), QueryError> {
    let body = open + 1;
    match text[body..].find('"') {
        Some(k) => Ok((&text[body..body + k], body + k + 1)),
        None => Err(QueryError {
            position: open,
            message: "unterminated phrase: this quote has no closing quote".into(),
        }),
    }
}

fn field_value(text: &str, field: FieldName, at: usize) -> Result<(FieldValue, usize), QueryError> {
    let rest = &text[at..];
    let empty = || QueryError {
        position: at,
        message: format!("empty value after `{field}:`"),
    };
    match rest.chars().next() {
        None => return Err(empty()),
        Some(c) if c.is_whitespace() => return Err(empty()),
        Some('"') => {
            let (phrase, next) = quoted(text, at)?;
            if phrase.trim().is_empty() {
                return Err(empty());
            }
            if field == FieldName::Year {
                return Ok((year_value(phrase.trim(), at + 1)?, next));
            }
            return Ok((FieldValue::Phrase(phrase.trim().to_string()), next));
        }
        Some(_) => {}
    }
    let end = rest
        .char_indices()
        .find(|(_, ch)| ch.is_whitespace() || *ch == '"')
        .map_or(text.len(), |(k, _)| at + k);
    let word = &text[at..end];
    if field == FieldName::Year {
        return Ok((year_value(word, at)?, end));
    }
    Ok((FieldValue::Word(word.to_string()), end))
}

fn year_value(word: &str, at: usize) -> Result<FieldValue, QueryError> {
    let bad = |offset: usize, message: &str| QueryError {
        position: at + offset,
        message: message.to_string(),
    };
    let year = |s: &str, offset: usize| -> Result<Option<i64>, QueryError> {
        if s.is_empty() {
            return Ok(None);
        }
        if s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(
                offset,
                "expected a year (up to 4 digits) or a range like 2000..2010",
            ));
        }
        Ok(s.parse::<i64>().ok())
    };
    let (lo, hi) = if let Some(k) = word.find("..") {
        (year(&word[..k], 0)?, year(&word[k + 2..], k + 2)?)
    } else {
        let y = year(word, 0)?;
        (y, y)
    };
    if lo.is_none() && hi.is_none() {
        return Err(bad(0, "a year range needs at least one bound"));
    }
    if let (Some(l), Some(h)) = (lo, hi) {
        if l > h {
            return Err(bad(0, "year range runs backwards"));
        }
    }
    Ok(FieldValue::Range(lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_phrases_and_prefixes() {
        let q = parse(r#"laskar "pelangi novel" ti:hirata au:"andrea h" tahun:2000..2010 Java:x"#)
            .unwrap();
        assert_eq!(q.clauses.len(), 6);
        assert_eq!(
            q.clauses[4],
            Clause::Field {
                field: FieldName::Year,
                value: FieldValue::Range(Some(2000), Some(2010)),
                position: 47
            }
        );
        assert_eq!(
            q.clauses[5],
            Clause::Word {
                text: "Java:x".into(),
                position: 64
            }
        );
        assert_eq!(q.plain_text(), "laskar pelangi novel Java:x");
    }

    #[test]
    fn malformed_queries_name_the_position() {
        assert_eq!(parse(r#"laskar "pelangi"#).unwrap_err().position, 7);
        assert_eq!(parse("judul: x").unwrap_err().position, 6);
        assert_eq!(parse("tahun:20x0").unwrap_err().position, 6);
        assert_eq!(parse("yr:2010..2000").unwrap_err().position, 3);
        assert_eq!(parse("yr:2000..abc").unwrap_err().position, 9);
        assert!(parse("").unwrap().clauses.is_empty());
    }
}
