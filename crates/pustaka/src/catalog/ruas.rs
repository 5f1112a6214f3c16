//! A record's fields as INLISLite stores them: `catalog_ruas` (one row per field) and
//! `catalog_subruas` (one row per subfield).
//!
//! A data field's `Value` is the whole field with `$` before each code and a space after it
//! (`$a Judul : $b anak judul / $c Nama`); a blank indicator is `#`. A control field's
//! `Value` is its raw text with blanks written as `#`, as INLISLite pads 008; its indicators
//! are NULL. Subfield rows hold each code and value exactly, so the record can be rebuilt
//! from them without the losses of splitting `Value` on `$` (a literal `$`, leading or
//! trailing spaces).

use pustaka_marc::{ControlField, DataField, Field, Indicator, Leader, Record, Subfield, Tag};

/// One `catalog_ruas` row with its `catalog_subruas` rows, ids aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruas {
    /// `Tag`.
    pub tag: String,
    /// `Indicator1`: `None` for a control field, `#` for a blank.
    pub indicator1: Option<String>,
    /// `Indicator2`: `None` for a control field, `#` for a blank.
    pub indicator2: Option<String>,
    /// `Value`: the field text as INLISLite writes it.
    pub value: String,
    /// `Sequence`: the field's place in the record, from 1.
    pub sequence: i64,
    /// The subfield rows (none for a control field).
    pub subruas: Vec<SubRuas>,
}

/// One `catalog_subruas` row, ids aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubRuas {
    /// `SubRuas`: the subfield code.
    pub code: String,
    /// `Value`: the subfield value.
    pub value: String,
    /// `Sequence`: the subfield's place in its field, from 1.
    pub sequence: i64,
}

/// The rows INLISLite stores for a record's fields, in order.
pub fn encode(record: &Record) -> Vec<Ruas> {
    record
        .fields
        .iter()
        .zip(1..)
        .map(|(field, sequence)| match field {
            Field::Control(f) => Ruas {
                tag: f.tag.to_string(),
                indicator1: None,
                indicator2: None,
                value: f.value.replace(' ', "#"),
                sequence,
                subruas: Vec::new(),
            },
            Field::Data(f) => Ruas {
                tag: f.tag.to_string(),
                indicator1: Some(indicator_text(&f.ind1)),
                indicator2: Some(indicator_text(&f.ind2)),
                value: field_text(f),
                sequence,
                subruas: f
                    .subfields
                    .iter()
                    .zip(1..)
                    .map(|(s, sequence)| SubRuas {
                        code: s.code.to_string(),
                        value: s.value.clone(),
                        sequence,
                    })
                    .collect(),
            },
        })
        .collect()
}

/// Rebuilds a record from its rows (taken in `Sequence` order) and a leader.
///
/// Control fields are told apart by their tag (`001`-`009`), as MARC 21 defines them.
/// Rows whose tag is not three ASCII characters cannot be a MARC field and are skipped.
pub fn decode(leader: Leader, rows: &[Ruas]) -> Record {
    let mut rows: Vec<&Ruas> = rows.iter().collect();
    rows.sort_by_key(|r| r.sequence);
    let mut record = Record {
        leader,
        fields: Vec::with_capacity(rows.len()),
    };
    for row in rows {
        let Some(tag) = Tag::parse(&row.tag) else {
            continue;
        };
        if tag.is_control() {
            record.push(ControlField {
                tag,
                value: row.value.replace('#', " "),
            });
        } else {
            let mut subs: Vec<&SubRuas> = row.subruas.iter().collect();
            subs.sort_by_key(|s| s.sequence);
            record.push(DataField {
                tag,
                ind1: indicator_from(row.indicator1.as_deref()),
                ind2: indicator_from(row.indicator2.as_deref()),
                subfields: subs
                    .into_iter()
                    .map(|s| Subfield::new(s.code.chars().next().unwrap_or(' '), s.value.clone()))
                    .collect(),
            });
        }
    }
    record
}

/// The whole-field text of a data field: `$a value $b value`.
pub fn field_text(f: &DataField) -> String {
    let mut out = String::new();
    for s in &f.subfields {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('$');
        out.push(s.code);
        out.push(' ');
        out.push_str(&s.value);
    }
    out
}

fn indicator_text(ind: &Indicator) -> String {
    if ind.is_blank() {
        "#".to_string()
    } else {
        ind.as_str().to_string()
    }
}

fn indicator_from(text: Option<&str>) -> Indicator {
    match text {
        None | Some("#") => Indicator::BLANK,
        Some(t) => Indicator::from_text(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_245_with_indicators_1_0_is_stored_as_inlislite_writes_it() {
        let mut r = Record::new();
        r.push(
            DataField::new(Tag::parse("245").unwrap(), '1', '0')
                .with('a', "Laskar pelangi :")
                .with('b', "novel /")
                .with('c', "Andrea Hirata."),
        );
        r.push(DataField::new(Tag::parse("650").unwrap(), ' ', '4').with('a', "Fiksi"));
        let rows = encode(&r);
        assert_eq!(rows[0].indicator1.as_deref(), Some("1"));
        assert_eq!(rows[0].indicator2.as_deref(), Some("0"));
        assert_eq!(
            rows[0].value,
            "$a Laskar pelangi : $b novel / $c Andrea Hirata."
        );
        assert_eq!(rows[1].indicator1.as_deref(), Some("#"));
        assert_eq!(rows[1].value, "$a Fiksi");
        assert_eq!(decode(r.leader.clone(), &rows), r);
    }

    #[test]
    fn control_blanks_become_hashes_and_come_back() {
        let mut r = Record::new();
        r.push(Field::control(
            Tag::parse("008").unwrap(),
            "240115s2024    io      000 1 ind d",
        ));
        let rows = encode(&r);
        assert_eq!(rows[0].value, "240115s2024####io######000#1#ind#d");
        assert_eq!(rows[0].indicator1, None);
        assert_eq!(decode(r.leader.clone(), &rows), r);
    }
}
