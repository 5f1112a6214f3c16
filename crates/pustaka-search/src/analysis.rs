//! Text analysis: the tokenizers registered on the index and the normalisers shared by the
//! indexer and the query parser (folding, old Indonesian spelling, ISBN/ISSN forms).

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Name of the analyzer for ordinary text fields: words, lower case, ASCII folding.
pub const FOLD: &str = "pustaka_fold";
/// Name of the analyzer for the old-spelling twin fields: [`FOLD`] then [`old_spelling`].
pub const FOLD_OLD: &str = "pustaka_fold_old";

/// Name of the analyzer for the Indonesian stem twin fields: [`FOLD`] then
/// [`crate::stem::stem`].
pub const FOLD_STEM: &str = "pustaka_fold_stem";

/// The stemming analyzer: [`fold_analyzer`] followed by the Indonesian stemmer.
pub fn fold_stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(crate::stem::IndonesianStem)
        .build()
}

/// The ordinary analyzer: split on non-alphanumerics, lower-case, ASCII-fold, drop tokens
/// longer than 60 bytes.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The old-spelling analyzer: [`fold_analyzer`] followed by [`old_spelling`] on each token.
pub fn fold_old_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(OldSpelling)
        .build()
}

/// Tokens of `text` as the analyzer `analyzer` produces them.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Whether `word` holds one of the digraphs [`old_spelling`] rewrites (when it does not,
/// `old_spelling` gives it back unchanged).
pub(crate) fn has_old_digraph(word: &str) -> bool {
    word.as_bytes()
        .windows(2)
        .any(|w| matches!(w, b"oe" | b"dj" | b"tj" | b"nj" | b"sj" | b"ch"))
}

/// Maps a lower-case, folded word from the pre-1972 (van Ophuijsen / Soewandi) Indonesian
/// spelling to the current one: `oe`->`u`, `dj`->`j`, `tj`->`c`, `nj`->`ny`, `sj`->`sy`,
/// `ch`->`kh`. Applied to both the index and the query, so "Soekarno" and "Sukarno" meet.
pub fn old_spelling(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < b.len() {
        let pair = if i + 1 < b.len() {
            Some((b[i], b[i + 1]))
        } else {
            None
        };
        let rep = match pair {
            Some((b'o', b'e')) => Some("u"),
            Some((b'd', b'j')) => Some("j"),
            Some((b't', b'j')) => Some("c"),
            Some((b'n', b'j')) => Some("ny"),
            Some((b's', b'j')) => Some("sy"),
            Some((b'c', b'h')) => Some("kh"),
            _ => None,
        };
        match rep {
            Some(r) => {
                out.push_str(r);
                i += 2;
            }
            None => {
                // Multi-byte characters are copied whole.
                let ch_len = word[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&word[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    out
}

/// Token filter applying [`old_spelling`].
#[derive(Clone, Copy, Debug)]
pub struct OldSpelling;

impl TokenFilter for OldSpelling {
    type Tokenizer<T: Tokenizer> = OldSpellingFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> OldSpellingFilter<T> {
        OldSpellingFilter { inner: tokenizer }
    }
}

/// The tokenizer [`OldSpelling`] wraps around another one.
#[derive(Clone, Debug)]
pub struct OldSpellingFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for OldSpellingFilter<T> {
    type TokenStream<'a> = OldSpellingStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        OldSpellingStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`OldSpellingFilter`].
#[derive(Debug)]
pub struct OldSpellingStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for OldSpellingStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if needs_old_spelling(&token.text) {
            token.text = old_spelling(&token.text);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

fn needs_old_spelling(word: &str) -> bool {
    word.as_bytes()
        .windows(2)
        .any(|w| matches!(w, b"oe" | b"dj" | b"tj" | b"nj" | b"sj" | b"ch"))
}

/// Normalises a title for the exact-title keyword field: the folded words joined by single
/// spaces ("Laskar pelangi : sebuah novel /" -> "laskar pelangi sebuah novel").
pub fn exact_key(analyzer: &mut TextAnalyzer, text: &str) -> String {
    tokens(analyzer, text).join(" ")
}

/// The ISBN forms to index or look up for `text` (digits, hyphens, spaces, qualifiers such as
/// "(pbk.)" are tolerated): the ISBN-13 and, for 978 ISBNs, the ISBN-10, without hyphens,
/// `X` upper case. `None` when `text` holds no 10- or 13-digit ISBN.
pub fn isbn_forms(text: &str) -> Option<Vec<String>> {
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            if digits.len() == 13 {
                break;
            }
        } else if (c == 'x' || c == 'X') && digits.len() == 9 {
            digits.push('X');
            break;
        } else if matches!(c, '-' | '\u{2010}' | '\u{2013}') || (c == ' ' && digits.len() != 10) {
            continue;
        } else if !digits.is_empty() {
            break;
        }
    }
    match digits.len() {
        10 => {
            let body = &digits[..9];
            if !body.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let thirteen = format!("978{body}");
            let check = isbn13_check(&thirteen);
            Some(vec![format!("{thirteen}{check}"), digits])
        }
        13 if digits.bytes().all(|b| b.is_ascii_digit()) => {
            let mut forms = vec![digits.clone()];
            if let Some(body) = digits.strip_prefix("978") {
                let body = &body[..9];
                forms.push(format!("{body}{}", isbn10_check(body)));
            }
            Some(forms)
        }
        _ => None,
    }
}

fn isbn13_check(twelve: &str) -> char {
    let sum: u32 = twelve
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

fn isbn10_check(nine: &str) -> char {
    let sum: u32 = nine
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * (10 - i as u32))
        .sum();
    match (11 - sum % 11) % 11 {
        10 => 'X',
        d => char::from(b'0' + d as u8),
    }
}

/// The normalised ISSN in `text` ("0317-8471" and "03178471" -> "03178471"), if any.
pub fn issn_form(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() || ((c == 'x' || c == 'X') && out.len() == 7) {
            out.push(c.to_ascii_uppercase());
            if out.len() == 8 {
                return Some(out);
            }
        } else if c == '-' && out.len() == 4 {
            continue;
        } else if !out.is_empty() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_spelling_maps_the_six_digraphs() {
        assert_eq!(old_spelling("soekarno"), "sukarno");
        assert_eq!(old_spelling("djakarta"), "jakarta");
        assert_eq!(old_spelling("tjokroaminoto"), "cokroaminoto");
        assert_eq!(old_spelling("njonja"), "nyonya");
        assert_eq!(old_spelling("sjahrir"), "syahrir");
        assert_eq!(old_spelling("achmad"), "akhmad");
        assert_eq!(old_spelling("sukarno"), "sukarno");
    }

    #[test]
    fn analyzers_fold_case_and_diacritics() {
        let mut a = fold_analyzer();
        assert_eq!(
            tokens(&mut a, "Économie du Ḥadīth"),
            ["economie", "du", "hadith"]
        );
        let mut o = fold_old_analyzer();
        assert_eq!(
            tokens(&mut o, "Pidato Soekarno di Djakarta"),
            ["pidato", "sukarno", "di", "jakarta"]
        );
    }

    #[test]
    fn isbn_forms_give_both_lengths() {
        assert_eq!(
            isbn_forms("0-306-40615-2 (pbk.)").unwrap(),
            ["9780306406157", "0306406152"]
        );
        assert_eq!(
            isbn_forms("978-0-306-40615-7").unwrap(),
            ["9780306406157", "0306406152"]
        );
        assert_eq!(
            isbn_forms("080442957X").unwrap(),
            ["9780804429573", "080442957X"]
        );
        assert_eq!(isbn_forms("979-10-90636-07-1").unwrap(), ["9791090636071"]);
        assert!(isbn_forms("12345").is_none());
        assert_eq!(issn_form("0317-8471").as_deref(), Some("03178471"));
    }
}
