//! The catalogue: bibliographic records stored as INLISLite stores them.
//!
//! A catalogue record lives in four places, all written in one transaction: a `catalogs` row
//! (identifiers and the display columns INLISLite derives from the MARC), one
//! `catalog_ruas` row per field, one `catalog_subruas` row per subfield, and the ISO 2709
//! bytes in `marc_records`, from which reads are served. On every write the record gets
//! INLISLite's system fields: 001 is the control number, 005 the time of the write, and the
//! first 035 holds the BIBID; an incoming 001 (with its 003) is kept as `035 $a (ORG)number`.
//!
//! Deleting moves the rows to INLISLite's `quarantined_*` tables; [`Catalogue::restore`]
//! brings them back under the same id, BIBID and control number.

pub mod display;
pub mod ruas;

use std::collections::VecDeque;

use pustaka_marc::{DataField, Field, Leader, ReadOptions, Record, Tag};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{LibraryError, Result, SqlContext};
use crate::time::Timestamp;
pub use display::DisplayColumns;
pub use ruas::{Ruas, SubRuas};

/// A catalogue record: its `catalogs` row and its MARC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// `catalogs.ID`.
    pub id: i64,
    /// `BIBID`, e.g. `0010-0124000001`.
    pub bibid: String,
    /// `ControlNumber`, e.g. `INLIS000000000000001`; also the record's 001.
    pub control_number: String,
    /// `Worksheet_id`: the material type (1 = Buku).
    pub worksheet_id: i64,
    /// The display columns.
    pub display: DisplayColumns,
    /// `CreateDate`.
    pub create_date: Option<String>,
    /// `UpdateDate`.
    pub update_date: Option<String>,
    /// The MARC record exactly as written.
    pub record: Record,
}

/// The catalogue of a library: add, read, update, delete and restore records.
///
/// Obtained from [`crate::Library::catalog`]. Each method is one transaction.
pub struct Catalogue<'a> {
    conn: &'a Connection,
}

impl<'a> Catalogue<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Self {
        Catalogue { conn }
    }

    /// Adds a record under a worksheet (material type), assigning its BIBID and control
    /// number from `at` and the records already stored.
    pub fn add(&self, record: &Record, worksheet_id: i64, at: Timestamp) -> Result<Catalog> {
        let tx = crate::store::write_tx(self.conn, || {
            "starting a transaction to add a catalog".into()
        })?;
        check_worksheet(&tx, worksheet_id)?;
        let id = write_new(&tx, record, worksheet_id, at, "the new record")?;
        let catalog = load(&tx, id)?;
        tx.commit().ctx(|| format!("committing catalog {id}"))?;
        Ok(catalog)
    }

    /// The record with this `catalogs.ID`.
    pub fn get(&self, id: i64) -> Result<Catalog> {
        load(self.conn, id)
    }

    /// The record with this BIBID.
    pub fn get_by_bibid(&self, bibid: &str) -> Result<Catalog> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT ID FROM catalogs WHERE BIBID = ?1")
            .and_then(|mut s| s.query_row([bibid], |r| r.get(0)).optional())
            .ctx(|| format!("looking up BIBID {bibid} in catalogs"))?;
        match id {
            Some(id) => load(self.conn, id),
            None => Err(LibraryError::NotFound {
                what: "catalog with BIBID",
                key: bibid.to_string(),
            }),
        }
    }

    /// Replaces the MARC of a record, keeping its id, BIBID, control number, worksheet and
    /// `CreateDate`; fields, subfields, display columns and 005 are rewritten.
    pub fn update(&self, id: i64, record: &Record, at: Timestamp) -> Result<Catalog> {
        let tx = crate::store::write_tx(self.conn, || {
            format!("starting a transaction to update catalog {id}")
        })?;
        rewrite(&tx, id, record, at)?;
        let catalog = load(&tx, id)?;
        tx.commit()
            .ctx(|| format!("committing the update of catalog {id}"))?;
        Ok(catalog)
    }

    /// Deletes a record the way INLISLite does: its `catalogs`, `catalog_ruas`,
    /// `catalog_subruas` and `marc_records` rows move to the `quarantined_*` tables, stamped
    /// with `QUARANTINEDDATE` = `at`. A record that still has items cannot be deleted.
    pub fn delete(&self, id: i64, at: Timestamp) -> Result<()> {
        let tx = crate::store::write_tx(self.conn, || {
            format!("starting a transaction to delete catalog {id}")
        })?;
        identifiers(&tx, id)?;
        let items: i64 = tx
            .query_row(
                "SELECT count(*) FROM collections WHERE Catalog_id = ?1",
                [id],
                |r| r.get(0),
            )
            .ctx(|| format!("counting the items of catalog {id}"))?;
        if items > 0 {
            return Err(LibraryError::Conflict {
                table: "collections",
                message: format!("catalog {id} still has {items} item(s); delete them first"),
            });
        }
        let stamp = at.to_string();
        // (table, statement, whether it takes the quarantine stamp as ?2)
        let steps: [(&str, &str, bool); 5] = [
            (
                "quarantined_catalogs",
                "INSERT INTO quarantined_catalogs SELECT * FROM catalogs WHERE ID = ?1",
                false,
            ),
            (
                "quarantined_catalogs",
                "UPDATE quarantined_catalogs SET QUARANTINEDDATE = ?2 WHERE ID = ?1",
                true,
            ),
            (
                "quarantined_catalog_subruas",
                "INSERT INTO quarantined_catalog_subruas
                 SELECT s.*, NULL, ?2, NULL FROM catalog_subruas s
                 JOIN catalog_ruas r ON s.RuasID = r.ID WHERE r.CatalogId = ?1",
                true,
            ),
            (
                "quarantined_catalog_ruas",
                "INSERT INTO quarantined_catalog_ruas
                 SELECT *, NULL, ?2, NULL FROM catalog_ruas WHERE CatalogId = ?1",
                true,
            ),
            (
                "quarantined_marc_records",
                "INSERT INTO quarantined_marc_records SELECT * FROM marc_records
                 WHERE Catalog_id = ?1",
                false,
            ),
        ];
        for (table, sql, uses_stamp) in steps {
            if uses_stamp {
                tx.execute(sql, params![id, stamp])
            } else {
                tx.execute(sql, params![id])
            }
            .ctx(|| format!("moving catalog {id} to {table}"))?;
        }
        delete_rows(&tx, id)?;
        tx.execute("DELETE FROM catalogs WHERE ID = ?1", [id])
            .ctx(|| format!("deleting catalogs row {id}"))?;
        tx.commit()
            .ctx(|| format!("committing the deletion of catalog {id}"))
    }

    /// Brings a deleted record back from quarantine under its own id, BIBID and control
    /// number; `UpdateDate` becomes `at`.
    pub fn restore(&self, id: i64, at: Timestamp) -> Result<Catalog> {
        let tx = crate::store::write_tx(self.conn, || {
            format!("starting a transaction to restore catalog {id}")
        })?;
        let bibid: Option<String> = tx
            .query_row(
                "SELECT BIBID FROM quarantined_catalogs WHERE ID = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .ctx(|| format!("looking up catalog {id} in quarantined_catalogs"))?;
        let Some(bibid) = bibid else {
            return Err(LibraryError::NotFound {
                what: "quarantined catalog",
                key: id.to_string(),
            });
        };
        let taken: i64 = tx
            .query_row(
                "SELECT count(*) FROM catalogs WHERE ID = ?1 OR BIBID = ?2",
                params![id, bibid],
                |r| r.get(0),
            )
            .ctx(|| format!("checking catalogs for id {id} and BIBID {bibid}"))?;
        if taken > 0 {
            return Err(LibraryError::Conflict {
                table: "catalogs",
                message: format!("id {id} or BIBID {bibid} is in use; cannot restore"),
            });
        }
        let steps: [(&str, String); 8] = [
            (
                "catalogs",
                "INSERT INTO catalogs SELECT * FROM quarantined_catalogs WHERE ID = ?1".into(),
            ),
            (
                "catalog_ruas",
                format!(
                    "INSERT INTO catalog_ruas ({RUAS_COLUMNS}) SELECT {RUAS_COLUMNS}
                     FROM quarantined_catalog_ruas WHERE CatalogId = ?1"
                ),
            ),
            (
                "catalog_subruas",
                format!(
                    "INSERT INTO catalog_subruas ({SUBRUAS_COLUMNS}) SELECT {SUBRUAS_COLUMNS}
                     FROM quarantined_catalog_subruas WHERE RuasID IN
                     (SELECT ID FROM quarantined_catalog_ruas WHERE CatalogId = ?1)"
                ),
            ),
            (
                "marc_records",
                "INSERT INTO marc_records SELECT * FROM quarantined_marc_records
                 WHERE Catalog_id = ?1"
                    .into(),
            ),
            (
                "quarantined_catalog_subruas",
                "DELETE FROM quarantined_catalog_subruas WHERE RuasID IN
                 (SELECT ID FROM quarantined_catalog_ruas WHERE CatalogId = ?1)"
                    .into(),
            ),
            (
                "quarantined_catalog_ruas",
                "DELETE FROM quarantined_catalog_ruas WHERE CatalogId = ?1".into(),
            ),
            (
                "quarantined_marc_records",
                "DELETE FROM quarantined_marc_records WHERE Catalog_id = ?1".into(),
            ),
            (
                "quarantined_catalogs",
                "DELETE FROM quarantined_catalogs WHERE ID = ?1".into(),
            ),
        ];
        for (table, sql) in &steps {
            tx.execute(sql, [id])
                .ctx(|| format!("restoring catalog {id} ({table})"))?;
        }
        tx.execute(
            "UPDATE catalogs SET QUARANTINEDBY = NULL, QUARANTINEDDATE = NULL,
                 QUARANTINEDTERMINAL = NULL, UpdateDate = ?2 WHERE ID = ?1",
            params![id, at.to_string()],
        )
        .ctx(|| format!("clearing the quarantine stamp of catalog {id}"))?;
        let catalog = load(&tx, id)?;
        tx.commit()
            .ctx(|| format!("committing the restore of catalog {id}"))?;
        Ok(catalog)
    }

    /// The `catalog_ruas` rows of a record with their `catalog_subruas` rows, in
    /// `Sequence` order: the record as INLISLite reads it.
    pub fn ruas(&self, id: i64) -> Result<Vec<Ruas>> {
        identifiers(self.conn, id)?;
        read_ruas(self.conn, id)
    }

    /// Every record, in id order, read lazily a page at a time.
    pub fn iter(&self) -> CatalogIter<'a> {
        CatalogIter {
            conn: self.conn,
            after: i64::MIN,
            page: VecDeque::new(),
            done: false,
        }
    }

    /// Every record's MARC exactly as written, in id order, read straight from
    /// `marc_records` a page at a time (the export path: no display columns, one query per
    /// page). A record without `marc_records` bytes is rebuilt from its field rows.
    pub fn marc_records(&self) -> MarcRecords<'a> {
        MarcRecords {
            conn: self.conn,
            after: i64::MIN,
            page: VecDeque::new(),
            done: false,
        }
    }

    /// How many records the catalogue holds (quarantined ones not counted).
    pub fn count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM catalogs", [], |r| r.get(0))
            .ctx(|| "counting catalogs".into())
    }
}

/// An iterator over every catalogue record in id order; see [`Catalogue::iter`].
pub struct CatalogIter<'a> {
    conn: &'a Connection,
    after: i64,
    page: VecDeque<i64>,
    done: bool,
}

const PAGE: i64 = 256;

impl Iterator for CatalogIter<'_> {
    type Item = Result<Catalog>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.page.is_empty() && !self.done {
            let ids = self
                .conn
                .prepare_cached("SELECT ID FROM catalogs WHERE ID > ?1 ORDER BY ID LIMIT ?2")
                .and_then(|mut s| {
                    s.query_map(params![self.after, PAGE], |r| r.get::<_, i64>(0))?
                        .collect::<rusqlite::Result<VecDeque<i64>>>()
                })
                .ctx(|| format!("listing catalogs after id {}", self.after));
            match ids {
                Ok(ids) => {
                    self.done = (ids.len() as i64) < PAGE;
                    if let Some(last) = ids.back() {
                        self.after = *last;
                    }
                    self.page = ids;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        let id = self.page.pop_front()?;
        Some(load(self.conn, id))
    }
}

/// One record of an export: its `catalogs.ID`, BIBID and MARC as stored in `marc_records`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    /// `catalogs.ID`.
    pub id: i64,
    /// `catalogs.BIBID`.
    pub bibid: String,
    /// The MARC record exactly as written.
    pub record: Record,
}

/// An iterator over every record's MARC in id order, read from `marc_records` a page at a
/// time; see [`Catalogue::marc_records`].
pub struct MarcRecords<'a> {
    conn: &'a Connection,
    after: i64,
    page: VecDeque<(i64, String, Option<Vec<u8>>)>,
    done: bool,
}

impl MarcRecords<'_> {
    fn fill(&mut self) -> Result<()> {
        let page = self
            .conn
            .prepare_cached(
                "SELECT c.ID, c.BIBID, m.Iso2709 FROM catalogs c
                 LEFT JOIN marc_records m ON m.Catalog_id = c.ID
                 WHERE c.ID > ?1 ORDER BY c.ID LIMIT ?2",
            )
            .and_then(|mut s| {
                s.query_map(params![self.after, PAGE], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<VecDeque<_>>>()
            })
            .ctx(|| format!("reading marc_records after catalog {}", self.after))?;
        self.done = (page.len() as i64) < PAGE;
        if let Some((last, _, _)) = page.back() {
            self.after = *last;
        }
        self.page = page;
        Ok(())
    }
}

impl Iterator for MarcRecords<'_> {
    type Item = Result<StoredRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.page.is_empty() && !self.done {
            if let Err(e) = self.fill() {
                self.done = true;
                return Some(Err(e));
            }
        }
        let (id, bibid, bytes) = self.page.pop_front()?;
        let record = match bytes {
            Some(bytes) => pustaka_marc::iso2709::decode(&bytes, ReadOptions::default())
                .map(|(record, _)| record)
                .map_err(|source| LibraryError::Marc {
                    context: format!("marc_records row of catalog {id} (BIBID {bibid})"),
                    source,
                }),
            // A row that came from INLISLite without ISO 2709 bytes: rebuild it.
            None => read_ruas(self.conn, id)
                .map(|rows| ruas::decode(Leader::default_bibliographic(), &rows)),
        };
        Some(record.map(|record| StoredRecord { id, bibid, record }))
    }
}

const RUAS_COLUMNS: &str = "ID, CatalogId, Tag, Indicator1, Indicator2, Value, Sequence, \
     CreateBy, CreateDate, CreateTerminal, UpdateBy, UpdateDate, UpdateTerminal";
const SUBRUAS_COLUMNS: &str = "ID, RuasID, SubRuas, Value, Sequence, \
     CreateBy, CreateDate, CreateTerminal, UpdateBy, UpdateDate, UpdateTerminal";

/// Rewrites a record in place (the caller holds the transaction): system fields, display
/// columns, `UpdateDate`, field and subfield rows and `marc_records`.
pub(crate) fn rewrite(conn: &Connection, id: i64, record: &Record, at: Timestamp) -> Result<()> {
    let (bibid, control_number) = identifiers(conn, id)?;
    let record = with_system_fields(record, &bibid, &control_number, at);
    let bytes = encode(&record, &format!("catalog {id}"))?;
    let display = DisplayColumns::derive(&record);
    delete_rows(conn, id)?;
    conn.prepare_cached(
        "UPDATE catalogs SET Title = ?2, Author = ?3, Edition = ?4, Publikasi = ?5,
             PublishLocation = ?6, Publisher = ?7, PublishYear = ?8, Subject = ?9,
             PhysicalDescription = ?10, ISBN = ?11, CallNumber = ?12, DeweyNo = ?13,
             Note = ?14, Languages = ?15, IsRDA = ?16, UpdateDate = ?17
         WHERE ID = ?1",
    )
    .and_then(|mut s| {
        let d = &display;
        s.execute(params![
            id,
            d.title,
            d.author,
            d.edition,
            d.publikasi,
            d.publish_location,
            d.publisher,
            d.publish_year,
            d.subject,
            d.physical_description,
            d.isbn,
            d.call_number,
            d.dewey_no,
            d.note,
            d.languages,
            d.is_rda,
            at.to_string(),
        ])
    })
    .ctx(|| format!("updating catalogs row {id}"))?;
    write_rows(conn, id, &record, &bytes, at)?;
    Ok(())
}

/// Fails unless the worksheet exists.
pub(crate) fn check_worksheet(conn: &Connection, worksheet_id: i64) -> Result<()> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT ID FROM worksheets WHERE ID = ?1")
        .and_then(|mut s| s.query_row([worksheet_id], |r| r.get(0)).optional())
        .ctx(|| format!("looking up worksheet {worksheet_id}"))?;
    match found {
        Some(_) => Ok(()),
        None => Err(LibraryError::Validation {
            field: "Worksheet_id".into(),
            message: format!("worksheet {worksheet_id} does not exist in worksheets"),
        }),
    }
}

/// Writes a new record (the caller holds the transaction and has checked the worksheet);
/// returns its id. `what` names the record in errors.
pub(crate) fn write_new(
    conn: &Connection,
    record: &Record,
    worksheet_id: i64,
    at: Timestamp,
    what: &str,
) -> Result<i64> {
    let bibid = next_bibid(conn, at)?;
    let control_number = next_control_number(conn)?;
    let record = with_system_fields(record, &bibid, &control_number, at);
    let bytes = encode(&record, what)?;
    let d = DisplayColumns::derive(&record);
    conn.prepare_cached(
        "INSERT INTO catalogs (ControlNumber, BIBID, Title, Author, Edition, Publikasi,
             PublishLocation, Publisher, PublishYear, Subject, PhysicalDescription, ISBN,
             CallNumber, DeweyNo, Note, Languages, IsRDA, Worksheet_id, CreateDate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19)",
    )
    .and_then(|mut s| {
        s.execute(params![
            control_number,
            bibid,
            d.title,
            d.author,
            d.edition,
            d.publikasi,
            d.publish_location,
            d.publisher,
            d.publish_year,
            d.subject,
            d.physical_description,
            d.isbn,
            d.call_number,
            d.dewey_no,
            d.note,
            d.languages,
            d.is_rda,
            worksheet_id,
            at.to_string(),
        ])
    })
    .ctx(|| format!("inserting {what} (BIBID {bibid}) into catalogs"))?;
    let id = conn.last_insert_rowid();
    write_rows(conn, id, &record, &bytes, at)?;
    Ok(id)
}

/// The record as stored: the system fields first (001 control number, 005 time of the
/// write, 035 BIBID), then an 035 keeping the incoming 001/003, then the other fields in
/// their order. An incoming 001, 005 or BIBID 035 that this library wrote is replaced.
fn with_system_fields(record: &Record, bibid: &str, control_number: &str, at: Timestamp) -> Record {
    let tag = |t: &str| Tag::parse(t).expect("system tags are valid");
    let org = record
        .control("003")
        .map(str::trim)
        .filter(|v| !v.is_empty());
    // Every incoming 001 that is not this record's own control number is kept in an 035.
    let incoming_001: Vec<&str> = record
        .fields("001")
        .filter_map(Field::as_control)
        .map(str::trim)
        .filter(|v| !v.is_empty() && *v != control_number)
        .collect();
    let kept_035: Vec<String> = incoming_001
        .iter()
        .map(|number| match org {
            Some(org) => format!("({org}){number}"),
            None => number.to_string(),
        })
        .collect();
    let mut rest: Vec<Field> = Vec::with_capacity(record.fields.len() + 3);
    for field in &record.fields {
        match field.tag().as_str() {
            "001" | "005" => {}
            "003" if !incoming_001.is_empty() => {}
            "035" if field.subfield('a') == Some(bibid) => {}
            _ => rest.push(field.clone()),
        }
    }
    let already_kept = |value: &str| {
        rest.iter()
            .any(|f| f.tag() == "035" && f.subfield('a') == Some(value))
    };
    let mut fields = vec![
        Field::control(tag("001"), control_number),
        Field::control(tag("005"), at.marc_005()),
        Field::Data(DataField::new(tag("035"), ' ', ' ').with('a', bibid)),
    ];
    for value in kept_035.into_iter().filter(|v| !already_kept(v)) {
        fields.push(Field::Data(
            DataField::new(tag("035"), ' ', ' ').with('a', value),
        ));
    }
    fields.extend(rest);
    Record {
        leader: record.leader.clone(),
        fields,
    }
}

fn encode(record: &Record, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(1024);
    pustaka_marc::iso2709::write_record(record, &mut bytes).map_err(|source| {
        LibraryError::Marc {
            context: what.to_string(),
            source,
        }
    })?;
    Ok(bytes)
}

/// Inserts the `catalog_ruas`, `catalog_subruas` and `marc_records` rows of a record.
fn write_rows(
    conn: &Connection,
    id: i64,
    record: &Record,
    bytes: &[u8],
    at: Timestamp,
) -> Result<()> {
    let stamp = at.to_string();
    let mut ruas_stmt = conn
        .prepare_cached(
            "INSERT INTO catalog_ruas (CatalogId, Tag, Indicator1, Indicator2, Value, Sequence,
                 CreateDate) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .ctx(|| "preparing the catalog_ruas insert".into())?;
    let mut sub_stmt = conn
        .prepare_cached(
            "INSERT INTO catalog_subruas (RuasID, SubRuas, Value, Sequence, CreateDate)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .ctx(|| "preparing the catalog_subruas insert".into())?;
    for row in ruas::encode(record) {
        ruas_stmt
            .execute(params![
                id,
                row.tag,
                row.indicator1,
                row.indicator2,
                row.value,
                row.sequence,
                stamp
            ])
            .ctx(|| {
                format!(
                    "inserting field {} of catalog {id} into catalog_ruas",
                    row.tag
                )
            })?;
        let ruas_id = conn.last_insert_rowid();
        for sub in &row.subruas {
            sub_stmt
                .execute(params![ruas_id, sub.code, sub.value, sub.sequence, stamp])
                .ctx(|| {
                    format!(
                        "inserting subfield ${} of field {} of catalog {id} into catalog_subruas",
                        sub.code, row.tag
                    )
                })?;
        }
    }
    conn.prepare_cached("INSERT INTO marc_records (Catalog_id, Iso2709) VALUES (?1, ?2)")
        .and_then(|mut s| s.execute(params![id, bytes]))
        .ctx(|| format!("inserting catalog {id} into marc_records"))?;
    Ok(())
}

/// Removes the `catalog_subruas`, `catalog_ruas` and `marc_records` rows of a record.
fn delete_rows(conn: &Connection, id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM catalog_subruas WHERE RuasID IN
             (SELECT ID FROM catalog_ruas WHERE CatalogId = ?1)",
        [id],
    )
    .ctx(|| format!("deleting the catalog_subruas rows of catalog {id}"))?;
    conn.execute("DELETE FROM catalog_ruas WHERE CatalogId = ?1", [id])
        .ctx(|| format!("deleting the catalog_ruas rows of catalog {id}"))?;
    conn.execute("DELETE FROM marc_records WHERE Catalog_id = ?1", [id])
        .ctx(|| format!("deleting the marc_records row of catalog {id}"))?;
    Ok(())
}

/// The BIBID and control number of a record, or NotFound.
fn identifiers(conn: &Connection, id: i64) -> Result<(String, String)> {
    conn.prepare_cached("SELECT BIBID, ControlNumber FROM catalogs WHERE ID = ?1")
        .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .ctx(|| format!("reading catalogs row {id}"))?
        .ok_or_else(|| LibraryError::NotFound {
            what: "catalog",
            key: id.to_string(),
        })
}

/// The next BIBID for the month of `at`: `0010-` + MMYY + the highest 6-digit sequence
/// under that prefix plus one. Quarantined records count, so a restore never collides.
fn next_bibid(conn: &Connection, at: Timestamp) -> Result<String> {
    let prefix = format!("0010-{:02}{:02}", at.month(), at.year() % 100);
    let next = next_in_sequence(
        conn,
        "BIBID",
        &prefix,
        6,
        "SELECT max(v) FROM (
             SELECT max(BIBID) AS v FROM catalogs
             WHERE BIBID BETWEEN ?1 AND ?2 AND length(BIBID) = ?3
             UNION ALL
             SELECT max(BIBID) FROM quarantined_catalogs
             WHERE BIBID BETWEEN ?1 AND ?2 AND length(BIBID) = ?3)",
    )?;
    Ok(format!("{prefix}{next:06}"))
}

/// The next control number: `INLIS` + 15 digits, the highest so far plus one.
fn next_control_number(conn: &Connection) -> Result<String> {
    let next = next_in_sequence(
        conn,
        "ControlNumber",
        "INLIS",
        15,
        "SELECT max(v) FROM (
             SELECT max(ControlNumber) AS v FROM catalogs
             WHERE ControlNumber BETWEEN ?1 AND ?2 AND length(ControlNumber) = ?3
             UNION ALL
             SELECT max(ControlNumber) FROM quarantined_catalogs
             WHERE ControlNumber BETWEEN ?1 AND ?2 AND length(ControlNumber) = ?3)",
    )?;
    Ok(format!("INLIS{next:015}"))
}

fn next_in_sequence(
    conn: &Connection,
    column: &str,
    prefix: &str,
    digits: usize,
    sql: &str,
) -> Result<u64> {
    let low = format!("{prefix}{}", "0".repeat(digits));
    let high = format!("{prefix}{}", "9".repeat(digits));
    let max: Option<String> = conn
        .prepare_cached(sql)
        .and_then(|mut s| {
            s.query_row(params![low, high, (prefix.len() + digits) as i64], |r| {
                r.get(0)
            })
        })
        .ctx(|| format!("finding the highest {column} under {prefix}"))?;
    let last = max
        .and_then(|m| m[prefix.len()..].parse::<u64>().ok())
        .unwrap_or(0);
    if last >= 10u64.pow(digits as u32) - 1 {
        return Err(LibraryError::Conflict {
            table: "catalogs",
            message: format!("the {column} sequence under {prefix} is exhausted"),
        });
    }
    Ok(last + 1)
}

/// The columns of a `catalog_ruas` row left-joined (as `r`) to its `catalog_subruas` rows
/// (as `s`), in the order [`ruas_from_row`] reads them.
pub(crate) const JOINED_RUAS_COLUMNS: &str = "r.ID, r.Tag, r.Indicator1, r.Indicator2, r.Value, \
     r.Sequence, s.ID, s.SubRuas, s.Value, s.Sequence";

/// One joined row of [`JOINED_RUAS_COLUMNS`], starting at column `at`: the field row's id, the
/// field without its subfields, and the subfield row (with its `Sequence` and `ID`, the
/// keys fields are ordered by) when the join found one.
pub(crate) type JoinedRuas = (i64, Ruas, Option<(i64, i64, SubRuas)>);

/// Reads one row of [`JOINED_RUAS_COLUMNS`] starting at column `at`.
pub(crate) fn ruas_from_row(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<JoinedRuas> {
    let ruas = Ruas {
        tag: row.get(at + 1)?,
        indicator1: row.get(at + 2)?,
        indicator2: row.get(at + 3)?,
        value: row.get::<_, Option<String>>(at + 4)?.unwrap_or_default(),
        sequence: row.get(at + 5)?,
        subruas: Vec::new(),
    };
    let sub = match row.get::<_, Option<i64>>(at + 6)? {
        Some(sub_id) => {
            let sub = SubRuas {
                code: row.get::<_, Option<String>>(at + 7)?.unwrap_or_default(),
                value: row.get::<_, Option<String>>(at + 8)?.unwrap_or_default(),
                sequence: row.get(at + 9)?,
            };
            Some((sub.sequence, sub_id, sub))
        }
        None => None,
    };
    Ok((row.get(at)?, ruas, sub))
}

/// Reads a record's field rows with their subfield rows, in `Sequence` order.
pub(crate) fn read_ruas(conn: &Connection, id: i64) -> Result<Vec<Ruas>> {
    let context = || format!("reading the catalog_ruas rows of catalog {id}");
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {JOINED_RUAS_COLUMNS}
             FROM catalog_ruas r LEFT JOIN catalog_subruas s ON s.RuasID = r.ID
             WHERE r.CatalogId = ?1
             ORDER BY r.Sequence, r.ID, s.Sequence, s.ID"
        ))
        .ctx(context)?;
    let mut rows = stmt.query([id]).ctx(context)?;
    let mut out: Vec<Ruas> = Vec::new();
    let mut last_id = None;
    while let Some(row) = rows.next().ctx(context)? {
        let (ruas_id, ruas, sub) = ruas_from_row(row, 0).ctx(context)?;
        if last_id != Some(ruas_id) {
            last_id = Some(ruas_id);
            out.push(ruas);
        }
        if let (Some((_, _, sub)), Some(last)) = (sub, out.last_mut()) {
            last.subruas.push(sub);
        }
    }
    Ok(out)
}

/// Loads a catalogue record: its row, and its MARC from `marc_records` (or, for a row
/// that came from INLISLite without one, rebuilt from `catalog_ruas`/`catalog_subruas`).
pub(crate) fn load(conn: &Connection, id: i64) -> Result<Catalog> {
    let row = conn
        .prepare_cached(
            "SELECT c.BIBID, c.ControlNumber, c.Worksheet_id, c.Title, c.Author, c.Edition,
                    c.Publikasi, c.PublishLocation, c.Publisher, c.PublishYear, c.Subject,
                    c.PhysicalDescription, c.ISBN, c.CallNumber, c.DeweyNo, c.Note,
                    c.Languages, c.IsRDA, c.CreateDate, c.UpdateDate, m.Iso2709
             FROM catalogs c LEFT JOIN marc_records m ON m.Catalog_id = c.ID
             WHERE c.ID = ?1",
        )
        .and_then(|mut s| {
            s.query_row([id], |r| {
                let display = DisplayColumns {
                    title: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    author: r.get(4)?,
                    edition: r.get(5)?,
                    publikasi: r.get(6)?,
                    publish_location: r.get(7)?,
                    publisher: r.get(8)?,
                    publish_year: r.get(9)?,
                    subject: r.get(10)?,
                    physical_description: r.get(11)?,
                    isbn: r.get(12)?,
                    call_number: r.get(13)?,
                    dewey_no: r.get(14)?,
                    note: r.get(15)?,
                    languages: r.get(16)?,
                    is_rda: r.get::<_, Option<i64>>(17)?.unwrap_or(0) != 0,
                };
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    display,
                    r.get::<_, Option<String>>(18)?,
                    r.get::<_, Option<String>>(19)?,
                    r.get::<_, Option<Vec<u8>>>(20)?,
                ))
            })
            .optional()
        })
        .ctx(|| format!("reading catalog {id}"))?;
    let Some((bibid, control_number, worksheet_id, display, create_date, update_date, bytes)) = row
    else {
        return Err(LibraryError::NotFound {
            what: "catalog",
            key: id.to_string(),
        });
    };
    let record = match bytes {
        Some(bytes) => pustaka_marc::iso2709::decode(&bytes, ReadOptions::default())
            .map(|(record, _)| record)
            .map_err(|source| LibraryError::Marc {
                context: format!("marc_records row of catalog {id}"),
                source,
            })?,
        None => ruas::decode(Leader::default_bibliographic(), &read_ruas(conn, id)?),
    };
    Ok(Catalog {
        id,
        bibid,
        control_number,
        worksheet_id,
        display,
        create_date,
        update_date,
        record,
    })
}
