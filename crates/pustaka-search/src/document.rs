//! What one catalogue record contributes to the index: text per field group, exact-title
//! keys, normalised ISBN/ISSN, year, language, material type and the result-line values.

use pustaka_marc::{DataField, Field, Record};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;

/// Values that come from the library rather than from the MARC record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra {
    /// The record's BIBID (`catalogs.BIBID`).
    pub bibid: String,
    /// The material type (INLISLite worksheet name, e.g. "Buku"); when `None` it is derived
    /// from leader/06-07.
    pub material_type: Option<String>,
    /// A call number from the items, used when the record has none (084/090/082/050).
    pub call_number: Option<String>,
    /// The locations holding the record's items (e.g. "Ruang Referensi"), the `location`
    /// facet.
    pub locations: Vec<String>,
    /// The availability of the record's items ("available", "on loan", ...), the
    /// `availability` facet: one value per distinct state among its items.
    pub availability: Vec<String>,
}

/// The indexable content of a record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Title group text (240/245/246/440/490/740/830).
    pub title: Vec<String>,
    /// Exact-title keys (folded, single-spaced): 245 $a, $a+$b, $a+$b+$n+$p, without
    /// non-filing characters, and 240/246/740 $a.
    pub title_exact: Vec<String>,
    /// Author group text (100/110/111/700/710/711/800-811, 245 $c).
    pub author: Vec<String>,
    /// Subject group text (600-651).
    pub subject: Vec<String>,
    /// Publisher and place (260/264 $a $b).
    pub publisher: Vec<String>,
    /// Notes (500, 505, 520).
    pub notes: Vec<String>,
    /// Call numbers (084, 090, 082, 050).
    pub call_number: Vec<String>,
    /// ISBNs, each in ISBN-13 and (for 978) ISBN-10 form.
    pub isbn: Vec<String>,
    /// ISSNs, 8 characters.
    pub issn: Vec<String>,
    /// Publication year.
    pub year: Option<i64>,
    /// Language code, lower case.
    pub language: Option<String>,
    /// Material type.
    pub material_type: String,
    /// Author facet values (main and added entries' names).
    pub author_facets: Vec<String>,
    /// Subject facet values (600-651 $a).
    pub subject_facets: Vec<String>,
    /// Result-line title.
    pub display_title: String,
    /// Result-line author.
    pub display_author: String,
    /// Result-line publisher.
    pub display_publisher: String,
    /// Result-line call number.
    pub display_call_number: String,
    /// Title sort key: the folded 245 $a $b $n $p without its non-filing characters.
    pub sort_title: String,
}

fn data<'a>(record: &'a Record, tags: &'a [&'a str]) -> impl Iterator<Item = &'a DataField> + 'a {
    record.fields_any(tags).filter_map(Field::as_data)
}

/// The alphabetic subfields of `f` (no $0-$9 linking or control subfields), joined.
fn alpha(f: &DataField, skip: &[char]) -> String {
    let mut out = String::new();
    for s in &f.subfields {
        if s.code.is_ascii_alphabetic() && !skip.contains(&s.code) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(s.value.trim());
        }
    }
    out
}

fn codes(f: &DataField, codes: &[char]) -> String {
    let mut out = String::new();
    for v in f.subfields_with(codes) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(v.trim());
    }
    out
}

/// Strips ISBD punctuation from the end of a display value (" /", " :", ",", ".").
pub fn trim_punct(s: &str) -> String {
    let t = s.trim().trim_end_matches([' ', '/', ':', ';', ',', '=']);
    let t = match t.strip_suffix('.') {
        // Keep the stop of an initial ("Andrea H.").
        Some(head) if is_initial(head) => t,
        Some(head) => head,
        None => t,
    };
    t.trim().to_string()
}

fn is_initial(head: &str) -> bool {
    let mut rev = head.chars().rev();
    matches!(
        (rev.next(), rev.next()),
        (Some(c), None | Some(' ' | '.')) if c.is_uppercase()
    )
}

fn push_nonempty(v: &mut Vec<String>, s: String) {
    if !s.trim().is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

/// Extracts what the index needs from `record`.
pub fn extract(record: &Record, extra: &Extra, fold: &mut TextAnalyzer) -> Extracted {
    let mut x = Extracted::default();

    // Title group.
    for f in data(record, &["245"]) {
        let abnp = codes(f, &['a', 'b', 'n', 'p']);
        push_nonempty(&mut x.title, abnp.clone());
        if x.display_title.is_empty() {
            x.display_title = trim_punct(&abnp);
        }
        let a = f.subfield('a').unwrap_or("");
        let ab = codes(f, &['a', 'b']);
        let skip = f.ind2.as_char().and_then(|c| c.to_digit(10)).unwrap_or(0) as usize;
        if x.sort_title.is_empty() {
            let filing: String = abnp.chars().skip(skip).collect();
            x.sort_title = analysis::exact_key(fold, &filing);
        }
        for t in [a, ab.as_str(), abnp.as_str()] {
            push_nonempty(&mut x.title_exact, analysis::exact_key(fold, t));
            if skip > 0 {
                let rest: String = t.chars().skip(skip).collect();
                push_nonempty(&mut x.title_exact, analysis::exact_key(fold, &rest));
            }
        }
        if let Some(c) = f.subfield('c') {
            push_nonempty(&mut x.author, c.to_string());
        }
    }
    for f in data(record, &["240", "246", "740"]) {
        push_nonempty(&mut x.title, alpha(f, &['i', 'h', '5']));
        if let Some(a) = f.subfield('a') {
            push_nonempty(&mut x.title_exact, analysis::exact_key(fold, a));
        }
    }
    for f in data(record, &["440", "490", "830"]) {
        push_nonempty(&mut x.title, codes(f, &['a', 'n', 'p', 'v']));
    }

    // Author group.
    for f in data(
        record,
        &[
            "100", "110", "111", "700", "710", "711", "800", "810", "811",
        ],
    ) {
        push_nonempty(&mut x.author, codes(f, &['a', 'b', 'c', 'd', 'q', 'n']));
        let name = trim_punct(&codes(f, &['a', 'b']));
        if !name.is_empty() {
            if x.display_author.is_empty() && matches!(f.tag.as_str(), "100" | "110" | "111") {
                x.display_author = name.clone();
            }
            push_nonempty(&mut x.author_facets, name);
        }
    }
    if x.display_author.is_empty() {
        if let Some(c) = record.subfield("245", 'c') {
            x.display_author = trim_punct(c);
        } else if let Some(first) = x.author_facets.first() {
            x.display_author = first.clone();
        }
    }

    // Subjects.
    for f in data(record, &["600", "610", "611", "630", "648", "650", "651"]) {
        push_nonempty(&mut x.subject, alpha(f, &[]));
        if let Some(a) = f.subfield('a') {
            push_nonempty(&mut x.subject_facets, trim_punct(a));
        }
    }

    // Publisher.
    for f in data(record, &["260", "264"]) {
        push_nonempty(&mut x.publisher, codes(f, &['a', 'b']));
    }
    x.display_publisher = record.publisher().map(trim_punct).unwrap_or_default();

    // Notes.
    for f in data(record, &["500", "505", "520"]) {
        push_nonempty(&mut x.notes, codes(f, &['a', 't']));
    }

    // Call numbers.
    for f in data(record, &["084", "090", "082", "050"]) {
        let cn = codes(f, &['a', 'b']);
        if x.display_call_number.is_empty() {
            x.display_call_number = cn.clone();
        }
        push_nonempty(&mut x.call_number, cn);
    }
    if let Some(cn) = &extra.call_number {
        if x.display_call_number.is_empty() {
            x.display_call_number = cn.clone();
        }
        push_nonempty(&mut x.call_number, cn.clone());
    }

    // ISBN / ISSN.
    for f in data(record, &["020"]) {
        for v in f.subfields_with(&['a', 'z']) {
            for form in analysis::isbn_forms(v).unwrap_or_default() {
                push_nonempty(&mut x.isbn, form);
            }
        }
    }
    for f in data(record, &["022"]) {
        for v in f.subfields_with(&['a', 'y', 'z']) {
            if let Some(issn) = analysis::issn_form(v) {
                push_nonempty(&mut x.issn, issn);
            }
        }
    }

    // Year, language from 008.
    let f008 = record.control("008").unwrap_or("");
    x.year = f008
        .get(7..11)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse().ok())
        .filter(|y| (1000..=2100).contains(y))
        .or_else(|| {
            data(record, &["264", "260"])
                .filter_map(|f| f.subfield('c'))
                .find_map(first_year)
        });
    x.language = f008
        .get(35..38)
        .map(str::to_ascii_lowercase)
        .filter(|l| l.bytes().all(|b| b.is_ascii_lowercase()) && l != "und" && l != "zxx");

    x.material_type = extra
        .material_type
        .clone()
        .unwrap_or_else(|| material_type(record).to_string());
    x
}

fn first_year(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        let after_ok = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if before_ok && after_ok && w.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(w)
                .ok()?
                .parse()
                .ok()
                .filter(|y| (1000..=2100).contains(y))
        } else {
            None
        }
    })
}

/// The material type from leader/06-07, named as INLISLite worksheets name them.
pub fn material_type(record: &Record) -> &'static str {
    let leader = &record.leader;
    match (leader.byte(6), leader.byte(7)) {
        (Some(b'a'), Some(b'b' | b'i' | b's')) => "Terbitan Berkala",
        (Some(b'a'), _) => "Buku",
        (Some(b't'), _) => "Manuskrip",
        (Some(b'c' | b'd'), _) => "Musik",
        (Some(b'e' | b'f'), _) => "Peta",
        (Some(b'g'), _) => "Film",
        (Some(b'i' | b'j'), _) => "Rekaman Suara",
        (Some(b'k'), _) => "Bahan Grafis",
        (Some(b'm'), _) => "Sumber Elektronik",
        (Some(b'o' | b'p'), _) => "Bahan Campuran",
        (Some(b'r'), _) => "Realia",
        _ => "Lainnya",
    }
}
