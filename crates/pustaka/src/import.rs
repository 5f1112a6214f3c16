//! Batch import of MARC records into the catalogue.
//!
//! Records are written in batches, each batch one transaction: a crash or a store error
//! loses at most the batch in flight, never part of a record. A record that cannot be
//! stored (it could not be read, or cannot be encoded as ISO 2709) is rejected with its
//! number and the reason, and the import goes on when asked to.

use std::fmt::Display;

use pustaka_marc::{DataField, Field, Record, Tag};
use rusqlite::Connection;

use crate::catalog::{check_worksheet, write_new};
use crate::error::{LibraryError, Result, SqlContext};
use crate::items::NewItem;
use crate::time::Timestamp;

/// How to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// The worksheet (material type) of every imported record; 1 = Buku.
    pub worksheet_id: i64,
    /// Records per transaction.
    pub batch_size: usize,
    /// Go on after a rejected record (true), or stop there (false), rolling back the batch
    /// it was in.
    pub keep_going: bool,
    /// The time of the import: BIBIDs, `CreateDate` and 005 come from it.
    pub at: Timestamp,
    /// Create items (`collections` rows) from these fields of each record; `None` creates
    /// none. See [`ItemSource`] for the subfields read.
    pub items_from: Option<ItemSource>,
}

/// The field items are read from during an import.
///
/// A record whose item field has no barcode, or a barcode already used (in the library or
/// earlier in the same record), is rejected as a whole: no catalogue row, no items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemSource {
    /// INLISLite's `990 $a`: the accession number (`NoInduk`), also used as the barcode
    /// (`NomorBarcode`), since INLISLite's 990 carries nothing else. The record's 990 fields
    /// are kept as they are: they already list the items' accession numbers.
    F990,
    /// Koha's item field 952: `$p` barcode, `$i` inventory number (`NoInduk`), `$o` call
    /// number, `$g` price (digits before any decimal point), `$d` date acquired
    /// (`TanggalPengadaan`); other subfields are not mapped. The 952 fields stay in the
    /// record, and a `990 $a NoInduk` is appended per item that has one (replacing any 990),
    /// as adding items does.
    F952,
}

impl ItemSource {
    /// The tag read: `"990"` or `"952"`.
    pub fn tag(&self) -> &'static str {
        match self {
            ItemSource::F990 => "990",
            ItemSource::F952 => "952",
        }
    }

    /// Parses `"990"` or `"952"`.
    pub fn from_tag(tag: &str) -> Option<ItemSource> {
        match tag {
            "990" => Some(ItemSource::F990),
            "952" => Some(ItemSource::F952),
            _ => None,
        }
    }

    /// The items described by a record's fields, in field order; a field without a barcode
    /// is a validation error naming the field's position.
    pub fn items(&self, record: &Record) -> Result<Vec<NewItem>> {
        let mut items = Vec::new();
        for (n, field) in record.fields(self.tag()).enumerate() {
            let Some(data) = field.as_data() else {
                continue;
            };
            let get = |code: char| {
                data.subfield(code)
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let barcode_code = match self {
                ItemSource::F990 => 'a',
                ItemSource::F952 => 'p',
            };
            let Some(barcode) = get(barcode_code) else {
                return Err(LibraryError::Validation {
                    field: format!("{} ${barcode_code}", self.tag()),
                    message: format!("item field {} number {} has no barcode", self.tag(), n + 1),
                });
            };
            let mut item = NewItem::new(barcode.clone());
            match self {
                ItemSource::F990 => item.no_induk = Some(barcode),
                ItemSource::F952 => {
                    item.no_induk = get('i');
                    item.call_number = get('o');
                    item.price = get('g').and_then(|p| {
                        p.split(['.', ','])
                            .next()
                            .and_then(|whole| whole.trim().parse().ok())
                    });
                    item.tanggal_pengadaan = get('d');
                }
            }
            items.push(item);
        }
        Ok(items)
    }
}

impl ImportOptions {
    /// Worksheet 1 (Buku), batches of 1,000, keep going after rejected records.
    pub fn new(at: Timestamp) -> Self {
        ImportOptions {
            worksheet_id: 1,
            batch_size: 1000,
            keep_going: true,
            at,
            items_from: None,
        }
    }
}

/// A record that was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Its number in the input, counting from 1.
    pub record: usize,
    /// Why, as a sentence.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Records committed to the catalogue.
    pub imported: usize,
    /// Items (`collections` rows) committed, when items were read from the records.
    pub items: usize,
    /// Records rejected, in input order.
    pub rejected: Vec<Rejection>,
    /// True when the import stopped at a rejection (`keep_going` false); the batch that
    /// held it was rolled back and its records are not counted in `imported`.
    pub stopped: bool,
}

/// Imports records (the `Err` items are read errors, reported as rejections).
pub(crate) fn import_records<I, E>(
    conn: &Connection,
    records: I,
    options: &ImportOptions,
) -> Result<ImportReport>
where
    I: IntoIterator<Item = std::result::Result<Record, E>>,
    E: Display,
{
    if options.batch_size == 0 {
        return Err(LibraryError::Validation {
            field: "batch_size".into(),
            message: "must be at least 1".into(),
        });
    }
    check_worksheet(conn, options.worksheet_id)?;
    let mut report = ImportReport::default();
    let mut tx = crate::store::write_tx(conn, || "starting the first import batch".into())?;
    let mut in_batch = 0usize;
    let mut items_in_batch = 0usize;
    for (index, item) in records.into_iter().enumerate() {
        let number = index + 1;
        let outcome = match item {
            Err(e) => Err(e.to_string()),
            Ok(record) => match write_one(&tx, record, number, options) {
                Ok(items) => Ok(items),
                Err(
                    e @ (LibraryError::Marc { .. }
                    | LibraryError::Validation { .. }
                    | LibraryError::Conflict { .. }),
                ) => Err(e.to_string()),
                Err(e) => return Err(e),
            },
        };
        match outcome {
            Ok(items) => {
                in_batch += 1;
                items_in_batch += items;
            }
            Err(reason) => {
                report.rejected.push(Rejection {
                    record: number,
                    reason,
                });
                if !options.keep_going {
                    report.stopped = true;
                    // Dropping the transaction rolls the batch back.
                    return Ok(report);
                }
            }
        }
        if in_batch == options.batch_size {
            tx.commit()
                .ctx(|| format!("committing the import batch ending at record {number}"))?;
            report.imported += in_batch;
            report.items += items_in_batch;
            in_batch = 0;
            items_in_batch = 0;
            tx = crate::store::write_tx(conn, || {
                format!("starting the import batch after record {number}")
            })?;
        }
    }
    tx.commit()
        .ctx(|| "committing the last import batch".into())?;
    report.imported += in_batch;
    report.items += items_in_batch;
    Ok(report)
}

/// Writes one record and its items (the caller holds the batch transaction); returns the
/// number of items. Every check that can reject the record runs before the first write,
/// so a rejected record leaves nothing behind in the batch.
fn write_one(
    conn: &Connection,
    mut record: Record,
    number: usize,
    options: &ImportOptions,
) -> Result<usize> {
    let what = format!("record {number} of the import");
    let Some(source) = options.items_from else {
        write_new(conn, &record, options.worksheet_id, options.at, &what)?;
        return Ok(0);
    };
    let items = source.items(&record).map_err(|e| match e {
        LibraryError::Validation { field, message } => LibraryError::Validation {
            field,
            message: format!("{what}: {message}"),
        },
        other => other,
    })?;
    for (i, item) in items.iter().enumerate() {
        let barcode = item.nomor_barcode.as_str();
        if items[..i].iter().any(|o| o.nomor_barcode == barcode) {
            return Err(LibraryError::Conflict {
                table: "collections",
                message: format!("{what}: NomorBarcode {barcode} appears twice in the record"),
            });
        }
        if let Some(existing) = crate::items::find_id(conn, barcode)? {
            return Err(LibraryError::Conflict {
                table: "collections",
                message: format!(
                    "{what}: NomorBarcode {barcode} is already used by item {existing}"
                ),
            });
        }
    }
    if source == ItemSource::F952 && items.iter().any(|i| i.no_induk.is_some()) {
        record.remove("990");
        let tag = Tag::parse("990").expect("990 is a tag");
        for no_induk in items.iter().filter_map(|i| i.no_induk.as_deref()) {
            record.push(Field::Data(
                DataField::new(tag, ' ', ' ').with('a', no_induk),
            ));
        }
    }
    let id = write_new(conn, &record, options.worksheet_id, options.at, &what)?;
    for item in &items {
        crate::items::insert(conn, id, &item.nomor_barcode, item, options.at)?;
    }
    Ok(items.len())
}
