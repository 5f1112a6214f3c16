//! Items: the physical copies of a catalogue record, rows of INLISLite's `collections`.
//!
//! Each item has a unique barcode (`NomorBarcode`) and an accession number (`NoInduk`, not
//! unique). Adding an item rewrites the record's 990 fields as INLISLite does: one
//! `990 $a <NoInduk>` per item, at the end of the record.

use pustaka_marc::{DataField, Field, Tag};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::catalog;
use crate::error::{LibraryError, Result, SqlContext};
use crate::time::Timestamp;

/// Item status `Tersedia`: available for loan.
pub const STATUS_AVAILABLE: i64 = 1;
/// Item status `Dipinjam`: on loan.
pub const STATUS_ON_LOAN: i64 = 5;
/// Item status 9: the column default in INLISLite (name not documented; seeded as `Tandon`).
pub const STATUS_DEFAULT: i64 = 9;
/// Item status `Dibaca`: being read in the library.
pub const STATUS_READ_IN_PLACE: i64 = 11;

/// An item to add: the `collections` columns a cataloguer fills in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewItem {
    /// `NomorBarcode`: unique, required.
    pub nomor_barcode: String,
    /// `NoInduk`: the accession number, written to the record's 990.
    pub no_induk: Option<String>,
    /// `CallNumber`.
    pub call_number: Option<String>,
    /// `Location_Library_id`: the library (`location_library`).
    pub location_library_id: Option<i64>,
    /// `Location_id`: the room or shelf (`locations`).
    pub location_id: Option<i64>,
    /// `Media_id` (`collectionmedias`).
    pub media_id: Option<i64>,
    /// `Source_id` (`collectionsources`).
    pub source_id: Option<i64>,
    /// `Category_id` (`collectioncategorys`).
    pub category_id: Option<i64>,
    /// `Rule_id` (`collectionrules`).
    pub rule_id: Option<i64>,
    /// `Status_id` (`collectionstatus`); `None` takes INLISLite's column default, 9.
    pub status_id: Option<i64>,
    /// `Price`, a whole amount (`decimal(10,0)`).
    pub price: Option<i64>,
    /// `Currency`, e.g. `IDR`.
    pub currency: Option<String>,
    /// `TanggalPengadaan`: acquisition date, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`.
    pub tanggal_pengadaan: Option<String>,
}

impl NewItem {
    /// An item with this barcode and nothing else set.
    pub fn new(nomor_barcode: impl Into<String>) -> Self {
        NewItem {
            nomor_barcode: nomor_barcode.into(),
            ..NewItem::default()
        }
    }
}

/// A stored item: its id, its record and its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// `collections.ID`.
    pub id: i64,
    /// `Catalog_id`.
    pub catalog_id: Option<i64>,
    /// `CreateDate`.
    pub create_date: Option<String>,
    /// The columns as stored (`Status_id` with its default applied).
    pub columns: NewItem,
}

/// The items of a library. Obtained from [`crate::Library::items`]; each method is one
/// transaction.
pub struct Items<'a> {
    conn: &'a Connection,
}

const SELECT: &str = "SELECT ID, Catalog_id, Status_id, CreateDate, NomorBarcode, NoInduk,
     CallNumber, Location_Library_id, Location_id, Media_id, Source_id, Category_id, Rule_id,
     Price, Currency, TanggalPengadaan FROM collections";

impl<'a> Items<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Self {
        Items { conn }
    }

    /// Adds an item to a catalogue record and rewrites the record's 990 fields.
    pub fn add(&self, catalog_id: i64, item: &NewItem, at: Timestamp) -> Result<Item> {
        let barcode = item.nomor_barcode.trim();
        if barcode.is_empty() {
            return Err(LibraryError::Validation {
                field: "NomorBarcode".into(),
                message: "an item needs a barcode".into(),
            });
        }
        let tx = crate::store::write_tx(self.conn, || {
            format!("starting a transaction to add item {barcode}")
        })?;
        let record = catalog::load(&tx, catalog_id)?.record;
        if let Some(existing) = find_id(&tx, barcode)? {
            return Err(LibraryError::Conflict {
                table: "collections",
                message: format!("NomorBarcode {barcode} is already used by item {existing}"),
            });
        }
        if let Some(status) = item.status_id {
            let known: Option<i64> = tx
                .query_row(
                    "SELECT ID FROM collectionstatus WHERE ID = ?1",
                    [status],
                    |r| r.get(0),
                )
                .optional()
                .ctx(|| format!("looking up collectionstatus {status}"))?;
            if known.is_none() {
                return Err(LibraryError::Validation {
                    field: "Status_id".into(),
                    message: format!("status {status} does not exist in collectionstatus"),
                });
            }
        }
        let id = insert(&tx, catalog_id, barcode, item, at)?;
        rewrite_990(&tx, catalog_id, record, at)?;
        let stored = get(&tx, id)?;
        tx.commit().ctx(|| format!("committing item {barcode}"))?;
        Ok(stored)
    }

    /// The item with this `collections.ID`.
    pub fn get(&self, id: i64) -> Result<Item> {
        get(self.conn, id)
    }

    /// The item with this barcode.
    pub fn get_by_barcode(&self, barcode: &str) -> Result<Item> {
        match find_id(self.conn, barcode)? {
            Some(id) => get(self.conn, id),
            None => Err(LibraryError::NotFound {
                what: "item with NomorBarcode",
                key: barcode.to_string(),
            }),
        }
    }

    /// The items of a catalogue record, in id order.
    pub fn for_catalog(&self, catalog_id: i64) -> Result<Vec<Item>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE Catalog_id = ?1 ORDER BY ID"))
            .ctx(|| format!("listing the items of catalog {catalog_id}"))?;
        stmt.query_map([catalog_id], read_item)
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx(|| format!("listing the items of catalog {catalog_id}"))
    }
}

/// Replaces the record's 990 fields with one `990 $a <NoInduk>` per item, at the end.
fn rewrite_990(
    conn: &Connection,
    catalog_id: i64,
    mut record: pustaka_marc::Record,
    at: Timestamp,
) -> Result<()> {
    let numbers: Vec<String> = conn
        .prepare_cached(
            "SELECT NoInduk FROM collections WHERE Catalog_id = ?1
                 AND NoInduk IS NOT NULL AND trim(NoInduk) <> '' ORDER BY ID",
        )
        .and_then(|mut s| {
            s.query_map([catalog_id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .ctx(|| format!("reading the accession numbers of catalog {catalog_id}"))?;
    record.remove("990");
    let tag = Tag::parse("990").expect("990 is a tag");
    for number in numbers {
        record.push(Field::Data(DataField::new(tag, ' ', ' ').with('a', number)));
    }
    catalog::rewrite(conn, catalog_id, &record, at)
}

/// Inserts a `collections` row (the caller holds the transaction and has checked the
/// barcode); returns its id. The record's 990 fields are not touched.
pub(crate) fn insert(
    conn: &Connection,
    catalog_id: i64,
    barcode: &str,
    item: &NewItem,
    at: Timestamp,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO collections (NomorBarcode, NoInduk, CallNumber, Location_Library_id,
             Location_id, Media_id, Source_id, Category_id, Rule_id, Status_id, Price,
             Currency, TanggalPengadaan, Catalog_id, CreateDate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, coalesce(?10, 9), ?11, ?12, ?13,
             ?14, ?15)",
    )
    .and_then(|mut s| {
        s.execute(params![
            barcode,
            item.no_induk,
            item.call_number,
            item.location_library_id,
            item.location_id,
            item.media_id,
            item.source_id,
            item.category_id,
            item.rule_id,
            item.status_id,
            item.price,
            item.currency,
            item.tanggal_pengadaan,
            catalog_id,
            at.to_string(),
        ])
    })
    .ctx(|| format!("inserting item {barcode} into collections"))?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn find_id(conn: &Connection, barcode: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT ID FROM collections WHERE NomorBarcode = ?1")
        .and_then(|mut s| s.query_row([barcode], |r| r.get(0)).optional())
        .ctx(|| format!("looking up NomorBarcode {barcode} in collections"))
}

fn get(conn: &Connection, id: i64) -> Result<Item> {
    conn.prepare_cached(&format!("{SELECT} WHERE ID = ?1"))
        .and_then(|mut s| s.query_row([id], read_item).optional())
        .ctx(|| format!("reading collections row {id}"))?
        .ok_or_else(|| LibraryError::NotFound {
            what: "item",
            key: id.to_string(),
        })
}

fn read_item(r: &Row<'_>) -> rusqlite::Result<Item> {
    Ok(Item {
        id: r.get(0)?,
        catalog_id: r.get(1)?,
        create_date: r.get(3)?,
        columns: NewItem {
            nomor_barcode: r.get(4)?,
            no_induk: r.get(5)?,
            call_number: r.get(6)?,
            location_library_id: r.get(7)?,
            location_id: r.get(8)?,
            media_id: r.get(9)?,
            source_id: r.get(10)?,
            category_id: r.get(11)?,
            rule_id: r.get(12)?,
            status_id: r.get(2)?,
            price: r.get(13)?,
            currency: r.get(14)?,
            tanggal_pengadaan: r.get(15)?,
        },
    })
}
