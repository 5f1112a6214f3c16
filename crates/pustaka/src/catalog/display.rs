//! The display columns of `catalogs`, derived from the MARC as INLISLite's
//! `CatalogHelpers::convertToCatalogFields` derives them.
//!
//! "Stripped" text is a field's subfield values with the `$x` markers removed, each value
//! trimmed and joined by single spaces. Values longer than the MySQL column (`varchar(700)`
//! or `varchar(255)`) are cut at that many characters, as MySQL would store them, so the row
//! can go back into INLISLite.

use pustaka_marc::{DataField, Field, Record};

/// The display columns of one `catalogs` row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DisplayColumns {
    /// `Title`: every subfield value of the first 245.
    pub title: String,
    /// `Author`: `$a` of 100/700/710/711, with ` (<$e>)` when present, joined by ` ; `.
    pub author: Option<String>,
    /// `Edition`: 250 stripped, joined by ` ; `.
    pub edition: Option<String>,
    /// `Publikasi`: every subfield value of 260/264, fields joined by `;`.
    pub publikasi: Option<String>,
    /// `PublishLocation`: 260/264 `$a`, joined by `;`.
    pub publish_location: Option<String>,
    /// `Publisher`: 260/264 `$b`, joined by `;`.
    pub publisher: Option<String>,
    /// `PublishYear`: 260/264 `$c`, joined by `;`.
    pub publish_year: Option<String>,
    /// `Subject`: 650, 600 and 651 stripped, joined by ` -- `.
    pub subject: Option<String>,
    /// `PhysicalDescription`: 300 stripped, joined by ` ; `.
    pub physical_description: Option<String>,
    /// `ISBN`: 020, 022 and 024 stripped, joined by ` ; `.
    pub isbn: Option<String>,
    /// `CallNumber`: 084 stripped (090 when there is no 084), joined by ` ; `.
    pub call_number: Option<String>,
    /// `DeweyNo`: 082 stripped, joined by ` ; `.
    pub dewey_no: Option<String>,
    /// `Note`: 500/502/504/505/520/542 stripped, joined by ` ; `.
    pub note: Option<String>,
    /// `Languages`: 008/35-37 when the 008 is at least 40 characters.
    pub languages: Option<String>,
    /// `IsRDA`: true when the record has a 264.
    pub is_rda: bool,
}

impl DisplayColumns {
    /// Derives the columns from a record.
    pub fn derive(record: &Record) -> DisplayColumns {
        let data = |tags: &[&'static str]| data_fields(record, tags);
        let stripped_join = |tags: &[&'static str], sep: &str, width: usize| {
            non_empty(
                data(tags)
                    .iter()
                    .map(|f| stripped(f))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(sep),
                width,
            )
        };
        let publication = data(&["260", "264"]);
        let pub_sub = |code: char| {
            non_empty(
                publication
                    .iter()
                    .flat_map(|f| {
                        f.subfields
                            .iter()
                            .filter(|s| s.code == code)
                            .map(|s| s.value.trim())
                    })
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(";"),
                255,
            )
        };
        let author = data(&["100", "700", "710", "711"])
            .iter()
            .filter_map(|f| {
                let a = f.subfield('a')?.trim();
                Some(match f.subfield('e').map(str::trim) {
                    Some(e) if !e.is_empty() => format!("{a} ({e})"),
                    _ => a.to_string(),
                })
            })
            .collect::<Vec<_>>()
            .join(" ; ");
        let call_number = match stripped_join(&["084"], " ; ", 700) {
            Some(c) => Some(c),
            None => stripped_join(&["090"], " ; ", 700),
        };
        let languages = record
            .control("008")
            .filter(|v| v.chars().count() >= 40)
            .map(|v| v.chars().skip(35).take(3).collect::<String>());
        DisplayColumns {
            title: record
                .get("245")
                .and_then(Field::as_data)
                .map(|f| truncate(stripped(f), 700))
                .unwrap_or_default(),
            author: non_empty(author, 700),
            edition: stripped_join(&["250"], " ; ", 255),
            publikasi: non_empty(
                publication
                    .iter()
                    .map(|f| stripped(f))
                    .collect::<Vec<_>>()
                    .join(";"),
                700,
            ),
            publish_location: pub_sub('a'),
            publisher: pub_sub('b'),
            publish_year: pub_sub('c'),
            subject: stripped_join(&["650", "600", "651"], " -- ", 700),
            physical_description: stripped_join(&["300"], " ; ", 255),
            isbn: stripped_join(&["020", "022", "024"], " ; ", 700),
            call_number,
            dewey_no: stripped_join(&["082"], " ; ", 255),
            note: stripped_join(
                &["500", "502", "504", "505", "520", "542"],
                " ; ",
                usize::MAX,
            ),
            languages: languages.and_then(|l| non_empty(l, 255)),
            is_rda: record.get("264").is_some(),
        }
    }
}

/// The data fields with these tags: tags in the listed order, each in record order, as
/// the PHP loops over tags.
fn data_fields<'r>(record: &'r Record, tags: &[&'static str]) -> Vec<&'r DataField> {
    tags.iter()
        .flat_map(|t| record.fields(t).filter_map(Field::as_data))
        .collect()
}

/// A field's subfield values, each trimmed, joined by single spaces.
fn stripped(f: &DataField) -> String {
    f.subfields
        .iter()
        .map(|s| s.value.trim())
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn non_empty(text: String, width: usize) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| truncate(text.to_string(), width))
}

fn truncate(text: String, width: usize) -> String {
    match text.char_indices().nth(width) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text,
    }
}
