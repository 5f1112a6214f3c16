//! Batch import of MARC records into the catalogue.
//!
//! Records are written in batches, each batch one transaction: a crash or a store error
//! loses at most the batch in flight, never part of a record. A record that cannot be
//! stored (it could not be read, or cannot be encoded as ISO 2709) is rejected with its
//! number and the reason, and the import goes on when asked to.

use std::fmt::Display;

use pustaka_marc::Record;
use rusqlite::Connection;

use crate::catalog::{check_worksheet, write_new};
use crate::error::{LibraryError, Result, SqlContext};
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
}

impl ImportOptions {
    /// Worksheet 1 (Buku), batches of 1,000, keep going after rejected records.
    pub fn new(at: Timestamp) -> Self {
        ImportOptions {
            worksheet_id: 1,
            batch_size: 1000,
            keep_going: true,
            at,
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
    for (index, item) in records.into_iter().enumerate() {
        let number = index + 1;
        let outcome = match item {
            Err(e) => Err(e.to_string()),
            Ok(record) => match write_new(
                &tx,
                &record,
                options.worksheet_id,
                options.at,
                &format!("record {number} of the import"),
            ) {
                Ok(_) => Ok(()),
                Err(e @ (LibraryError::Marc { .. } | LibraryError::Validation { .. })) => {
                    Err(e.to_string())
                }
                Err(e) => return Err(e),
            },
        };
        match outcome {
            Ok(()) => in_batch += 1,
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
            in_batch = 0;
            tx = crate::store::write_tx(conn, || {
                format!("starting the import batch after record {number}")
            })?;
        }
    }
    tx.commit()
        .ctx(|| "committing the last import batch".into())?;
    report.imported += in_batch;
    Ok(report)
}
