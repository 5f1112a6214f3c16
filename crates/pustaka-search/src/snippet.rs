//! Snippets: for each returned hit, a short excerpt of the field where the query matched
//! (title, author, subject or notes), with the matching words marked.
//!
//! Only the hits of the requested page are processed, from their stored values, so the cost
//! is a few tokenizer passes over a few hundred characters per hit. A word matches when its
//! folded form is a query word, its old-spelling form is a query word's old-spelling form,
//! its Indonesian stem is a query word's stem (title and subject only), or, when the
//! typo-tolerant rung answered, it is within the query word's allowed edit distance.

use std::borrow::Cow;

use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;
use crate::query::{Clause, FieldName, FieldValue, ParsedQuery};

/// Longest excerpt, in characters (without the ellipses).
const MAX_CHARS: usize = 160;
/// Characters of context kept before the first match when the field is cut.
const LEAD_CHARS: usize = 40;

/// The words of one query, ready to be found in result fields.
pub(crate) struct Highlighter {
    words: Words,
    analyzer: TextAnalyzer,
}

/// What a result word is compared with. A query has a handful of words, so plain lists
/// compared in turn beat hashing every word of every hit.
struct Words {
    fold: Vec<String>,
    old: Vec<String>,
    stems: Vec<String>,
    /// Each query stem without its first letter: a word can only stem to a query stem if
    /// it contains this (the stemmer strips affixes and at most recodes the first letter),
    /// which spares stemming most words.
    stem_tails: Vec<String>,
    /// Words of 5+ letters with their allowed edit distance, when the fuzzy rung answered.
    fuzzy: Vec<(Vec<char>, usize)>,
}

/// One place a hit's snippet may come from.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    /// Whether stem matches count here (the stemmed twins cover title and subject).
    pub stemmed: bool,
    /// Looked at only when no earlier source matched (notes: long, and the least telling).
    pub late: bool,
}

fn distinct(words: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

impl Highlighter {
    /// The words of `parsed`'s plain words, phrases and text field clauses.
    pub(crate) fn new(parsed: &ParsedQuery, fuzzy: bool) -> Highlighter {
        let mut fold_an = analysis::fold_analyzer();
        let mut fold = Vec::new();
        for clause in &parsed.clauses {
            let text = match clause {
                Clause::Word { text, .. } | Clause::Phrase { text, .. } => text.as_str(),
                Clause::Field {
                    field:
                        FieldName::Title
                        | FieldName::Author
                        | FieldName::Subject
                        | FieldName::Publisher
                        | FieldName::CallNumber,
                    value: FieldValue::Word(v) | FieldValue::Phrase(v),
                    ..
                } => v.as_str(),
                Clause::Field { .. } => continue,
            };
            fold.extend(analysis::tokens(&mut fold_an, text));
        }
        let fold = distinct(fold);
        let old = distinct(fold.iter().map(|w| analysis::old_spelling(w)));
        let stems = distinct(fold.iter().map(|w| crate::stem::stem(w)));
        let stem_tails = distinct(stems.iter().map(|s| s.chars().skip(1).collect::<String>()));
        let fuzzy = if fuzzy {
            fold.iter()
                .filter_map(|w| {
                    let d = usize::from(crate::index::fuzzy_distance(w));
                    (d > 0).then(|| (w.chars().collect(), d))
                })
                .collect()
        } else {
            Vec::new()
        };
        Highlighter {
            words: Words {
                fold,
                old,
                stems,
                stem_tails,
                fuzzy,
            },
            analyzer: fold_an,
        }
    }

    /// Byte ranges of the matching words of `text`.
    fn marks(&mut self, text: &str, stemmed: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if self.words.fold.is_empty() {
            return out;
        }
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            if self.words.matches(&t.text, stemmed) && text.is_char_boundary(t.offset_from) {
                out.push((t.offset_from, t.offset_to.min(text.len())));
            }
        }
        out
    }

    /// The excerpt of the best-matching source (the first with the most matching words; the
    /// first source when none matches) and the character ranges of its matching words.
    /// Sources marked `late` (long notes) are only looked at when no earlier one matched.
    pub(crate) fn snippet(&mut self, sources: &[Source<'_>]) -> (String, Vec<(usize, usize)>) {
        // (matching words, text, their byte ranges)
        type Best<'t> = Option<(usize, &'t str, Vec<(usize, usize)>)>;
        let mut best: Best<'_> = None;
        for source in sources {
            if source.text.trim().is_empty() {
                continue;
            }
            if source.late && best.as_ref().is_some_and(|(n, _, _)| *n > 0) {
                break;
            }
            let marks = self.marks(source.text, source.stemmed);
            if best.as_ref().is_none_or(|(n, _, _)| marks.len() > *n) {
                best = Some((marks.len(), source.text, marks));
            }
        }
        match best {
            Some((_, text, marks)) => excerpt(text, &marks),
            None => (String::new(), Vec::new()),
        }
    }
}

impl Words {
    fn matches(&self, token: &str, stemmed: bool) -> bool {
        if self.fold.iter().any(|w| w == token) {
            return true;
        }
        // Only a word with an old-spelling digraph changes under old_spelling.
        let old = if analysis::has_old_digraph(token) {
            Cow::Owned(analysis::old_spelling(token))
        } else {
            Cow::Borrowed(token)
        };
        if self.old.iter().any(|w| *w == *old) {
            return true;
        }
        if stemmed
            && self.stem_tails.iter().any(|t| token.contains(t.as_str()))
            && self.stems.contains(&crate::stem::stem(token))
        {
            return true;
        }
        if !self.fuzzy.is_empty() {
            let n = token.chars().count();
            if !self.fuzzy.iter().any(|(w, d)| n.abs_diff(w.len()) <= *d) {
                return false;
            }
            let t: Vec<char> = token.chars().collect();
            return self
                .fuzzy
                .iter()
                .any(|(w, d)| t.len().abs_diff(w.len()) <= *d && within(w, &t, *d));
        }
        false
    }
}

/// Whether the edit distance between `a` and `b` is at most `max`.
fn within(a: &[char], b: &[char], max: usize) -> bool {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= max
}

/// At most [`MAX_CHARS`] characters of `text` around its first mark (cut at spaces, with
/// "…" where cut), and the marks inside it as character ranges of the excerpt.
fn excerpt(text: &str, marks: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    let text_trimmed = text.trim_end();
    let chars: Vec<(usize, char)> = text_trimmed.char_indices().collect();
    let n = chars.len();
    let char_at = |byte: usize| chars.partition_point(|(b, _)| *b < byte);
    let (mut start, mut end) = (0, n);
    if n > MAX_CHARS {
        let first = marks.first().map_or(0, |(from, _)| char_at(*from));
        start = first.saturating_sub(LEAD_CHARS);
        if start + MAX_CHARS > n {
            start = n - MAX_CHARS;
        }
        // Begin at a word: after the previous space.
        if start > 0 {
            if let Some(k) = (start..first.max(start)).find(|&k| chars[k - 1].1 == ' ') {
                start = k;
            }
        }
        end = (start + MAX_CHARS).min(n);
        if end < n {
            if let Some(k) = (start + 1..end).rev().find(|&k| chars[k].1 == ' ') {
                end = k;
            }
        }
    }
    let byte = |c: usize| chars.get(c).map_or(text_trimmed.len(), |(b, _)| *b);
    let (bs, be) = (byte(start), byte(end));
    let mut out = String::new();
    let lead = usize::from(start > 0);
    if start > 0 {
        out.push('…');
    }
    out.push_str(text_trimmed[bs..be].trim_end());
    let body_chars = out.chars().count();
    if end < n {
        out.push('…');
    }
    let ranges = marks
        .iter()
        .filter(|(from, to)| *from >= bs && *to <= be)
        .map(|(from, to)| (char_at(*from) - start + lead, char_at(*to) - start + lead))
        .filter(|(_, to)| *to <= body_chars)
        .collect();
    (out, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn snip(query: &str, fuzzy: bool, texts: &[&str]) -> (String, Vec<(usize, usize)>) {
        let mut h = Highlighter::new(&parse(query).unwrap(), fuzzy);
        let sources: Vec<Source<'_>> = texts
            .iter()
            .map(|t| Source {
                text: t,
                stemmed: true,
                late: false,
            })
            .collect();
        h.snippet(&sources)
    }

    fn marked(s: &(String, Vec<(usize, usize)>)) -> Vec<String> {
        let chars: Vec<char> = s.0.chars().collect();
        s.1.iter()
            .map(|(a, b)| chars[*a..*b].iter().collect())
            .collect()
    }

    #[test]
    fn marks_exact_old_spelling_stem_and_typo_matches() {
        let s = snip(
            "sukarno revolusi",
            false,
            &["Di bawah bendera revolusi / Soekarno"],
        );
        assert_eq!(s.0, "Di bawah bendera revolusi / Soekarno");
        assert_eq!(marked(&s), ["revolusi", "Soekarno"]);

        let s = snip("pertanian", false, &["Andrea", "Petani dan tanah"]);
        assert_eq!(s.0, "Petani dan tanah");
        assert_eq!(marked(&s), ["Petani"]);

        let s = snip("Économie", false, &["Cours d'économie politique"]);
        assert_eq!(marked(&s), ["économie"]);

        let s = snip("orthopedc", true, &["Treatise on orthopedic surgery"]);
        assert_eq!(marked(&s), ["orthopedic"]);
        let s = snip("orthopedc", false, &["Treatise on orthopedic surgery"]);
        assert!(s.1.is_empty());
    }

    #[test]
    fn long_fields_are_cut_around_the_first_match() {
        let long = format!("{} pelangi {}", "kata ".repeat(60), "akhir ".repeat(60));
        let s = snip("pelangi", false, &["Judul lain", &long]);
        assert!(s.0.starts_with('…') && s.0.ends_with('…'), "{}", s.0);
        assert!(s.0.chars().count() <= MAX_CHARS + 2);
        assert_eq!(marked(&s), ["pelangi"]);
        // No match anywhere: the first source, unmarked.
        let s = snip("zzz", false, &["Judul lain", &long]);
        assert_eq!(s, ("Judul lain".to_string(), vec![]));
    }
}
