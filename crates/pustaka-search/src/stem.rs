//! An Indonesian stemmer: Fadillah Z. Tala's rule-based algorithm ("A Study of Stemming
//! Effects on Information Retrieval in Bahasa Indonesia", 2003), as Lucene's
//! `IndonesianStemmer` implements it: particles (-kah, -lah, -pun), possessives (-ku, -mu,
//! -nya), first-order prefixes (meng-, meny-, men-, mem-, me-, peng-, peny-, pen-, pem-,
//! di-, ter-, ke-), second-order prefixes (ber-, be-, per-, pe-) and suffixes (-kan, -an,
//! -i), never taking a word below two syllables. So "petani", "pertanian" and "bertani" all
//! stem to "tani". Two changes from Lucene: men- before a vowel restores a dropped t-, as
//! pen- does ("menulis", "penulis" and "tulisan" meet at "tulis"), and "pelajar"/"belajar"
//! lose pel-/bel- at any length ("pelajaran" meets "belajar" at "ajar").
//!
//! It is used on a twin field only (see [`crate::analysis::FOLD_STEM`]) and only for records
//! in Indonesian, Malay or of unknown language, so exact words outrank stem matches and
//! other languages are left alone.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

const MENG: u8 = 1;
const PENG: u8 = 2;
const DI: u8 = 4;
const TER: u8 = 8;
const KE: u8 = 16;
const BER: u8 = 32;
const PE: u8 = 64;

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

struct Stemmer {
    w: Vec<u8>,
    syllables: usize,
    flags: u8,
}

impl Stemmer {
    fn starts(&self, p: &str) -> bool {
        self.w.starts_with(p.as_bytes())
    }
    fn ends(&self, s: &str) -> bool {
        self.w.ends_with(s.as_bytes())
    }
    fn cut_front(&mut self, n: usize, flag: u8) {
        self.w.drain(..n);
        self.flags |= flag;
        self.syllables -= 1;
    }
    fn cut_back(&mut self, n: usize) {
        let len = self.w.len() - n;
        self.w.truncate(len);
        self.syllables -= 1;
    }

    fn particle(&mut self) {
        if self.ends("kah") || self.ends("lah") || self.ends("pun") {
            self.cut_back(3);
        }
    }

    fn possessive(&mut self) {
        if self.ends("nya") {
            self.cut_back(3);
        } else if self.ends("ku") || self.ends("mu") {
            self.cut_back(2);
        }
    }

    fn first_order_prefix(&mut self) {
        let len = self.w.len();
        let vowel_at = |i: usize, w: &[u8]| w.get(i).copied().is_some_and(is_vowel);
        if self.starts("meng") {
            self.cut_front(4, MENG);
        } else if self.starts("meny") && len > 4 && vowel_at(4, &self.w) {
            self.w[3] = b's';
            self.cut_front(3, MENG);
        } else if self.starts("men") && len > 4 && vowel_at(3, &self.w) {
            // men- before a vowel stands for a dropped t- (menulis: tulis), as pen- does.
            self.w[2] = b't';
            self.cut_front(2, MENG);
        } else if self.starts("men") || self.starts("mem") {
            self.cut_front(3, MENG);
        } else if self.starts("me") {
            self.cut_front(2, MENG);
        } else if self.starts("peng") {
            self.cut_front(4, PENG);
        } else if self.starts("peny") && len > 4 && vowel_at(4, &self.w) {
            self.w[3] = b's';
            self.cut_front(3, PENG);
        } else if self.starts("peny") {
            self.cut_front(4, PENG);
        } else if self.starts("pen") && len > 4 && vowel_at(3, &self.w) {
            self.w[2] = b't';
            self.cut_front(2, PENG);
        } else if self.starts("pen") || self.starts("pem") {
            self.cut_front(3, PENG);
        } else if self.starts("di") {
            self.cut_front(2, DI);
        } else if self.starts("ter") {
            self.cut_front(3, TER);
        } else if self.starts("ke") {
            self.cut_front(2, KE);
        }
    }

    fn second_order_prefix(&mut self) {
        let len = self.w.len();
        if self.starts("ber") || self.starts("belajar") {
            self.cut_front(3, BER);
        } else if self.starts("be")
            && len > 4
            && !is_vowel(self.w[2])
            && self.w[3] == b'e'
            && self.w[4] == b'r'
        {
            self.cut_front(2, BER);
        } else if self.starts("per") || self.starts("pelajar") {
            self.cut_front(3, 0);
        } else if self.starts("pe") {
            self.cut_front(2, PE);
        }
    }

    fn suffix(&mut self) {
        if self.ends("kan") && self.flags & (KE | PENG | PE) == 0 {
            self.cut_back(3);
        } else if self.ends("an") && self.flags & (DI | MENG | TER) == 0 {
            self.cut_back(2);
        } else if self.ends("i") && !self.ends("si") && self.flags & (BER | KE | PENG) == 0 {
            self.cut_back(1);
        }
    }
}

/// The stem of a lower-case, ASCII-folded word; other words come back unchanged.
pub fn stem(word: &str) -> String {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let w = word.as_bytes().to_vec();
    let syllables = w.iter().filter(|b| is_vowel(**b)).count();
    let mut s = Stemmer {
        w,
        syllables,
        flags: 0,
    };
    if s.syllables > 2 {
        s.particle();
    }
    if s.syllables > 2 {
        s.possessive();
    }
    let before = s.w.len();
    if s.syllables > 2 {
        s.first_order_prefix();
    }
    if s.w.len() != before {
        let before = s.w.len();
        if s.syllables > 2 {
            s.suffix();
        }
        if s.w.len() != before && s.syllables > 2 {
            s.second_order_prefix();
        }
    } else {
        if s.syllables > 2 {
            s.second_order_prefix();
        }
        if s.syllables > 2 {
            s.suffix();
        }
    }
    String::from_utf8(s.w).unwrap_or_else(|_| word.to_string())
}

/// Token filter applying [`stem`].
#[derive(Clone, Copy, Debug)]
pub struct IndonesianStem;

impl TokenFilter for IndonesianStem {
    type Tokenizer<T: Tokenizer> = StemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemFilter<T> {
        StemFilter { inner: tokenizer }
    }
}

/// The tokenizer [`IndonesianStem`] wraps around another one.
#[derive(Clone, Debug)]
pub struct StemFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemFilter<T> {
    type TokenStream<'a> = StemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`StemFilter`].
#[derive(Debug)]
pub struct StemStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for StemStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = stem(&token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// The word list the stemmer was checked against: (word, expected stem).
    const WORDS: &[(&str, &str)] = &[
        ("petani", "tani"),
        ("pertanian", "tani"),
        ("bertani", "tani"),
        ("membaca", "baca"),
        ("pembaca", "baca"),
        ("bacaan", "baca"),
        ("dibaca", "baca"),
        ("menulis", "tulis"),
        ("penulis", "tulis"),
        ("tulisan", "tulis"),
        ("pendidikan", "didik"),
        ("kebudayaan", "budaya"),
        ("perpustakaan", "pustaka"),
        ("pustakawan", "pustakaw"),
        ("sejarah", "sejarah"),
        ("ekonomi", "ekonom"),
        ("bukunya", "buku"),
        ("bacalah", "baca"),
        ("menyapu", "sapu"),
        ("terbakar", "bakar"),
        ("kekuasaan", "kuasa"),
        ("pelajaran", "ajar"),
        ("belajar", "ajar"),
        ("tani", "tani"),
        ("indonesia", "indonesia"),
    ];

    #[test]
    fn stems_the_word_list() {
        let wrong: Vec<String> = WORDS
            .iter()
            .filter(|(w, s)| stem(w) != *s)
            .map(|(w, s)| format!("{w}: want {s}, got {}", stem(w)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
