//! Circulation: lending items to members, taking them back, renewing loans, fines.
//!
//! A *loan* is a `collectionloans` header (one per checkout, id = location code + `yymmdd` +
//! a 5-digit daily sequence) with one `collectionloanitems` row per item (`LoanStatus`
//! `'Loan'` while out, `'Return'` once back). A renewal is a `collectionloanextends` row; a
//! late return leaves a `pelanggaran` row (fine in rupiah, suspension in days, `Paid`).
//! The arithmetic (which rule applies, due dates, late days, fines) is INLISLite's, as pure
//! functions in [`rules`]; the services here load the rule rows, check, and write, each
//! operation in one SQLite transaction, at the time `at` the caller passes in.
//!
//! Refusals are [`CirculationError`]s (inside [`crate::LibraryError::Circulation`]) whose
//! [`kind`](CirculationError::kind) names the reason from a fixed list.

mod error;
mod policy;
pub mod rules;

pub use error::{CirculationError, CirculationErrorKind};

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::{LibraryError, Result, SqlContext};
use crate::items::{STATUS_AVAILABLE, STATUS_ON_LOAN, STATUS_READ_IN_PLACE};
use crate::members::{STATUS_ACTIVE, STATUS_SUSPENDED};
use crate::time::{Date, Timestamp};
use rules::{LoanRule, Policy, RenewalState};

/// `collectionrules.ID` of "Dapat dipinjam", the only rule that allows lending.
pub const RULE_LOANABLE: i64 = 1;
/// `jenis_pelanggaran.ID` of "Terlambat" (late), written on late returns.
pub const PELANGGARAN_TERLAMBAT: i64 = 1;
/// `jenis_denda.ID` of "Denda Uang" (money fine), written on late returns.
pub const DENDA_UANG: i64 = 1;
/// Bookings a member may hold at once when `settingparameters` has no
/// `JumlahBookingMaksimal` (the value INLISLite's demo library ships).
pub const DEFAULT_MAX_BOOKINGS: i64 = 2;
/// Days a booking lasts when `settingparameters` has no `BookingExpired`.
pub const DEFAULT_BOOKING_DAYS: i64 = 2;

/// One item lent by a checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanedItem {
    /// The item's barcode (`NomorBarcode`).
    pub barcode: String,
    /// `collectionloanitems.ID`.
    pub loan_item_id: i64,
    /// `LoanDate`: the checkout time.
    pub loan_date: Timestamp,
    /// `DueDate`.
    pub due_date: Date,
}

/// The result of a checkout: the loan header and its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// `collectionloans.ID`, e.g. `SIRK25011400001`.
    pub loan_id: String,
    /// The borrower's `MemberNo`.
    pub member_no: String,
    /// The items, in the order given.
    pub items: Vec<LoanedItem>,
}

/// The result of a return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Return {
    /// The item's barcode.
    pub barcode: String,
    /// The borrower's `MemberNo`.
    pub member_no: String,
    /// `collectionloans.ID`.
    pub loan_id: String,
    /// `ActualReturn`.
    pub returned_at: Timestamp,
    /// The due date the return was measured against.
    pub due_date: Date,
    /// `LateDays`.
    pub late_days: i64,
    /// The fine in rupiah (`pelanggaran.JumlahDenda`), 0 when not late.
    pub fine: i64,
    /// The suspension in days (`pelanggaran.JumlahSuspend`).
    pub suspension_days: i64,
    /// The `pelanggaran.ID` written, when the return was late.
    pub violation_id: Option<i64>,
}

/// The result of a renewal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    /// The item's barcode.
    pub barcode: String,
    /// The new `DueDate`.
    pub due_date: Date,
    /// Renewals made on this loan, this one included.
    pub renewals: i64,
}

/// An open loan of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loan {
    /// `collectionloans.ID`.
    pub loan_id: String,
    /// `collectionloanitems.ID`.
    pub loan_item_id: i64,
    /// The item's barcode.
    pub barcode: String,
    /// The borrower's `MemberNo`.
    pub member_no: String,
    /// `LoanDate`.
    pub loan_date: Timestamp,
    /// `DueDate`.
    pub due_date: Date,
    /// Renewals made (`collectionloanextends` rows).
    pub renewals: i64,
}

/// A `pelanggaran` row: a late return's fine and suspension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `pelanggaran.ID`.
    pub id: i64,
    /// `CollectionLoan_id`.
    pub loan_id: Option<String>,
    /// The item's barcode, when the item still exists.
    pub barcode: Option<String>,
    /// `JumlahDenda`, rupiah.
    pub fine: i64,
    /// `JumlahSuspend`, days.
    pub suspension_days: i64,
    /// `Paid`.
    pub paid: bool,
    /// `CreateDate`.
    pub created: Option<String>,
}

/// A booking: the item is kept for one member until it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// The item's barcode.
    pub barcode: String,
    /// The holder's `MemberNo` (`collections.BookingMemberID`).
    pub member_no: String,
    /// When it was booked (`bookinglogs.bookingDate`).
    pub booked_at: Timestamp,
    /// When it expires (`BookingExpiredDate`): `BookingExpired` days later.
    pub expires_at: Timestamp,
}

/// An item being read in the library (`bacaditempat`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// `bacaditempat.ID`.
    pub id: i64,
    /// The item's barcode.
    pub barcode: String,
    /// The reader's `MemberNo`, when a member.
    pub member_no: Option<String>,
    /// When reading started (`CreateDate`).
    pub started_at: Timestamp,
}

/// What a payment settles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payment {
    /// Every unpaid violation of the member.
    All,
    /// These violations (`pelanggaran.ID`), which must be the member's.
    Violations(Vec<i64>),
    /// An amount in rupiah: unpaid violations oldest first, each settled whole while the
    /// amount left covers it (a `pelanggaran` row is paid or not; there is no partial
    /// payment).
    Amount(i64),
}

/// The result of a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentReceipt {
    /// The violations marked paid.
    pub paid: Vec<i64>,
    /// Their fines added up, rupiah.
    pub total: i64,
}

/// Circulation of a library. Obtained from [`crate::Library::circulation`]; each method is
/// one transaction.
pub struct Circulation<'a> {
    conn: &'a Connection,
}

fn refuse(kind: CirculationErrorKind, message: String) -> LibraryError {
    LibraryError::Circulation(CirculationError::new(kind, message))
}

fn parse_ts(text: Option<String>, what: &str) -> Result<Timestamp> {
    let text = text.unwrap_or_default();
    Timestamp::parse(&text)
        .or_else(|_| Date::parse(&text).and_then(|d| Timestamp::parse(&d.to_datetime())))
        .map_err(|_| LibraryError::Validation {
            field: what.to_string(),
            message: format!("{text:?} is not a date and time"),
        })
}

fn parse_date(text: Option<String>, what: &str) -> Result<Date> {
    let text = text.unwrap_or_default();
    Date::parse(&text).map_err(|_| LibraryError::Validation {
        field: what.to_string(),
        message: format!("{text:?} is not a date"),
    })
}

/// The member columns circulation reads.
struct MemberRow {
    id: i64,
    member_no: String,
    type_id: Option<i64>,
    status: Option<i64>,
    end_date: Option<String>,
}

fn member_by_no(tx: &Connection, member_no: &str) -> Result<MemberRow> {
    tx.prepare_cached(
        "SELECT ID, MemberNo, JenisAnggota_id, StatusAnggota_id, EndDate FROM members
         WHERE MemberNo = ?1",
    )
    .and_then(|mut s| {
        s.query_row([member_no], |r| {
            Ok(MemberRow {
                id: r.get(0)?,
                member_no: r.get(1)?,
                type_id: r.get(2)?,
                status: r.get(3)?,
                end_date: r.get(4)?,
            })
        })
        .optional()
    })
    .ctx(|| format!("looking up member {member_no}"))?
    .ok_or_else(|| {
        refuse(
            CirculationErrorKind::NotFound,
            format!("member {member_no} not found"),
        )
    })
}

/// The item columns circulation reads.
struct ItemRow {
    id: i64,
    barcode: String,
    catalog_id: Option<i64>,
    category_id: Option<i64>,
    location_id: Option<i64>,
    location_library_id: Option<i64>,
    rule_id: Option<i64>,
    status: Option<i64>,
    booking_member: Option<String>,
    booking_expires: Option<String>,
}

fn item_by_barcode(tx: &Connection, barcode: &str) -> Result<ItemRow> {
    tx.prepare_cached(
        "SELECT ID, NomorBarcode, Catalog_id, Category_id, Location_id, Location_Library_id,
             Rule_id, Status_id, BookingMemberID, BookingExpiredDate
         FROM collections WHERE NomorBarcode = ?1",
    )
    .and_then(|mut s| {
        s.query_row([barcode], |r| {
            Ok(ItemRow {
                id: r.get(0)?,
                barcode: r.get(1)?,
                catalog_id: r.get(2)?,
                category_id: r.get(3)?,
                location_id: r.get(4)?,
                location_library_id: r.get(5)?,
                rule_id: r.get(6)?,
                status: r.get(7)?,
                booking_member: r.get(8)?,
                booking_expires: r.get(9)?,
            })
        })
        .optional()
    })
    .ctx(|| format!("looking up item {barcode}"))?
    .ok_or_else(|| {
        refuse(
            CirculationErrorKind::NotFound,
            format!("item {barcode} not found"),
        )
    })
}

/// The open loan of an item.
struct OpenLoan {
    item_id: i64,
    loan_id: String,
    loan_date: Timestamp,
    due_date: Date,
    member_id: i64,
}

fn open_loan(tx: &Connection, item: &ItemRow) -> Result<OpenLoan> {
    type Row = (i64, String, Option<String>, Option<String>, i64);
    let row: Option<Row> = tx
        .prepare_cached(
            "SELECT ID, CollectionLoan_id, LoanDate, DueDate, member_id FROM collectionloanitems
             WHERE Collection_id = ?1 AND LoanStatus = 'Loan' ORDER BY ID LIMIT 1",
        )
        .and_then(|mut s| {
            s.query_row([item.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()
        })
        .ctx(|| format!("looking up the open loan of item {}", item.barcode))?;
    let Some((item_id, loan_id, loan_date, due_date, member_id)) = row else {
        return Err(refuse(
            CirculationErrorKind::NotFound,
            format!("item {} is not on loan", item.barcode),
        ));
    };
    Ok(OpenLoan {
        item_id,
        loan_id,
        loan_date: parse_ts(loan_date, "collectionloanitems.LoanDate")?,
        due_date: parse_date(due_date, "collectionloanitems.DueDate")?,
        member_id,
    })
}

fn count(tx: &Connection, sql: &str, key: i64, what: &str) -> Result<i64> {
    tx.prepare_cached(sql)
        .and_then(|mut s| s.query_row([key], |r| r.get(0)))
        .ctx(|| what.to_string())
}

/// The day borrowing resumes after the member's suspensions (`validatePelanggaran`): the
/// latest `date(CreateDate) + JumlahSuspend` over their `pelanggaran` rows with a suspension.
fn suspended_until(tx: &Connection, member_id: i64) -> Result<Option<Date>> {
    let rows: Vec<(Option<String>, i64)> = tx
        .prepare_cached(
            "SELECT CreateDate, JumlahSuspend FROM pelanggaran
             WHERE Member_id = ?1 AND JumlahSuspend > 0",
        )
        .and_then(|mut s| {
            s.query_map([member_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx(|| format!("reading the suspensions of member {member_id}"))?;
    Ok(rows
        .into_iter()
        .filter_map(|(created, days)| Some(Date::parse(&created?).ok()?.add_days(days)))
        .max())
}

/// The checks on a member before lending (status, end date, suspension).
fn check_member(tx: &Connection, member: &MemberRow, at: Timestamp) -> Result<()> {
    let no = &member.member_no;
    match member.status {
        Some(STATUS_ACTIVE) => {}
        Some(STATUS_SUSPENDED) => {
            return Err(refuse(
                CirculationErrorKind::MemberSuspended,
                format!("member {no} is suspended (StatusAnggota_id 5)"),
            ))
        }
        other => {
            return Err(refuse(
                CirculationErrorKind::MemberInactive,
                format!(
                    "member {no} is not active (StatusAnggota_id {})",
                    other.map_or("NULL".to_string(), |s| s.to_string())
                ),
            ))
        }
    }
    let end = member.end_date.as_deref().and_then(|d| Date::parse(d).ok());
    if let Some(end) = end.filter(|end| *end < at.date()) {
        return Err(refuse(
            CirculationErrorKind::MemberExpired,
            format!("the membership of {no} ended on {end}"),
        ));
    }
    if let Some(until) = suspended_until(tx, member.id)?.filter(|u| at.date() < *u) {
        return Err(refuse(
            CirculationErrorKind::MemberSuspended,
            format!("member {no} is suspended until {until}"),
        ));
    }
    Ok(())
}

fn allowed(tx: &Connection, sql: &str, member_id: i64, value: Option<i64>) -> Result<bool> {
    let Some(value) = value else {
        return Ok(false);
    };
    let n: i64 = tx
        .prepare_cached(sql)
        .and_then(|mut s| s.query_row(params![member_id, value], |r| r.get(0)))
        .ctx(|| format!("reading the loan authorisations of member {member_id}"))?;
    Ok(n > 0)
}

/// The checks on one item for one member; returns the item's material-type rule.
fn check_item(tx: &Connection, member: &MemberRow, item: &ItemRow, at: Timestamp) -> Result<()> {
    let (no, b) = (&member.member_no, &item.barcode);
    if !allowed(
        tx,
        "SELECT count(*) FROM memberloanauthorizecategory
         WHERE Member_id = ?1 AND CategoryLoan_id = ?2",
        member.id,
        item.category_id,
    )? {
        return Err(refuse(
            CirculationErrorKind::NotAllowed,
            format!("member {no} may not borrow item {b}'s category"),
        ));
    }
    if !allowed(
        tx,
        "SELECT count(*) FROM memberloanauthorizelocation
         WHERE Member_id = ?1 AND LocationLoan_id = ?2",
        member.id,
        item.location_id,
    )? {
        return Err(refuse(
            CirculationErrorKind::NotAllowed,
            format!("member {no} may not borrow from item {b}'s location"),
        ));
    }
    if item.status != Some(STATUS_AVAILABLE) {
        return Err(refuse(
            CirculationErrorKind::ItemUnavailable,
            format!(
                "item {b} is not available (Status_id {})",
                item.status.map_or("NULL".to_string(), |s| s.to_string())
            ),
        ));
    }
    check_booking(item, no, at)?;
    if item.rule_id != Some(RULE_LOANABLE) {
        return Err(refuse(
            CirculationErrorKind::NotLoanable,
            format!("item {b}'s rule does not allow lending"),
        ));
    }
    Ok(())
}

/// The next loan header id: the location code + `yymmdd` + the day's next 5-digit number.
fn next_loan_id(tx: &Connection, location_code: &str, day: Date) -> Result<String> {
    let prefix = format!("{location_code}{}", day.yymmdd());
    let len = prefix.chars().count() as i64;
    // The highest `prefix` + 5 digits, read backwards along the primary key: one seek, not
    // a scan of the day's loans (5 digits sort as their numbers).
    let last: Option<String> = tx
        .prepare_cached(
            "SELECT substr(ID, ?2 + 1) FROM collectionloans
             WHERE ID BETWEEN ?1 || '00000' AND ?1 || '99999' AND length(ID) = ?2 + 5
               AND substr(ID, ?2 + 1) GLOB '[0-9][0-9][0-9][0-9][0-9]'
             ORDER BY ID DESC LIMIT 1",
        )
        .and_then(|mut s| s.query_row(params![prefix, len], |r| r.get(0)).optional())
        .ctx(|| format!("numbering the loans of {prefix}"))?;
    let last: Option<i64> = last.and_then(|digits| digits.parse().ok());
    Ok(format!("{prefix}{:05}", last.unwrap_or(0) + 1))
}

fn location_code(tx: &Connection, location_id: Option<i64>) -> Result<String> {
    let Some(id) = location_id else {
        return Ok(String::new());
    };
    let code: Option<String> = tx
        .prepare_cached("SELECT Code FROM locations WHERE ID = ?1")
        .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
        .ctx(|| format!("reading locations {id}"))?;
    Ok(code.unwrap_or_default())
}

impl<'a> Circulation<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Self {
        Circulation { conn }
    }

    fn tx(&self, what: impl FnOnce() -> String) -> Result<Transaction<'a>> {
        crate::store::write_tx(self.conn, what)
    }

    /// Lends `barcodes` to member `member_no` at `at`, all under one `collectionloans`
    /// header; all or nothing. Checks, in order: the member exists, is active (status 3)
    /// and within `EndDate`, is not suspended; then for each item: it exists, the member is
    /// under quota (open loans < resolved `MaxPinjamKoleksi`), may borrow its category and
    /// from its location, it is available (status 1), not booked by another member, and
    /// its rule allows lending.
    pub fn checkout(&self, member_no: &str, barcodes: &[&str], at: Timestamp) -> Result<Checkout> {
        let tx = self.tx(|| format!("starting the checkout of member {member_no}"))?;
        let done = checkout(&tx, member_no, barcodes, at)?;
        tx.commit()
            .ctx(|| format!("committing the checkout of member {member_no}"))?;
        Ok(done)
    }

    /// Runs every check of [`Circulation::checkout`] and computes its result (loan id, due
    /// dates) without writing anything.
    pub fn checkout_dry_run(
        &self,
        member_no: &str,
        barcodes: &[&str],
        at: Timestamp,
    ) -> Result<Checkout> {
        let tx = self.tx(|| format!("starting the dry-run checkout of member {member_no}"))?;
        let done = checkout(&tx, member_no, barcodes, at)?;
        tx.rollback()
            .ctx(|| format!("rolling back the dry-run checkout of member {member_no}"))?;
        Ok(done)
    }

    /// Takes item `barcode` back at `at`: `ActualReturn`, `LateDays`, `LoanStatus
    /// 'Return'`, item status 1, and a `pelanggaran` row (fine, suspension, `Paid` 0) when
    /// late. The fine row is chosen on the return date.
    pub fn return_item(&self, barcode: &str, at: Timestamp) -> Result<Return> {
        let tx = self.tx(|| format!("starting the return of item {barcode}"))?;
        let done = return_item(&tx, barcode, at)?;
        tx.commit()
            .ctx(|| format!("committing the return of item {barcode}"))?;
        Ok(done)
    }

    /// Renews the open loan of item `barcode` at `at`: refused when late, already renewed
    /// that day or renewed the resolved `CountPerpanjang` times; the new due date counts
    /// the resolved `DayPerpanjang` from the renewal date.
    pub fn renew(&self, barcode: &str, at: Timestamp) -> Result<Renewal> {
        let tx = self.tx(|| format!("starting the renewal of item {barcode}"))?;
        let done = renew(&tx, barcode, at)?;
        tx.commit()
            .ctx(|| format!("committing the renewal of item {barcode}"))?;
        Ok(done)
    }

    /// Books item `barcode` for member `member_no` at `at` (INLISLite's booking on the item:
    /// `BookingMemberID`, `BookingExpiredDate`, a `bookinglogs` row). The member must be
    /// allowed to borrow (as for a checkout); the item must be loanable, available and not
    /// booked by someone else; the member may hold `JumlahBookingMaksimal` bookings; the
    /// booking lasts `BookingExpired` days. Until then only the holder can borrow the item;
    /// the holder's checkout ends the booking.
    pub fn book(&self, member_no: &str, barcode: &str, at: Timestamp) -> Result<Booking> {
        let tx = self.tx(|| format!("starting the booking of item {barcode}"))?;
        let done = book(&tx, member_no, barcode, at)?;
        tx.commit()
            .ctx(|| format!("committing the booking of item {barcode}"))?;
        Ok(done)
    }

    /// Starts reading item `barcode` in the library at `at` (`bacaditempat`, item status
    /// 11), by member `member_no` or by an unnamed visitor. The item must be available.
    pub fn read_in_place(
        &self,
        barcode: &str,
        member_no: Option<&str>,
        at: Timestamp,
    ) -> Result<Reading> {
        let tx = self.tx(|| format!("starting to read item {barcode} in place"))?;
        let done = read_in_place(&tx, barcode, member_no, at)?;
        tx.commit()
            .ctx(|| format!("committing the reading of item {barcode}"))?;
        Ok(done)
    }

    /// Ends the reading in place of item `barcode` at `at` (`Is_return` '1', status 1).
    pub fn return_read_in_place(&self, barcode: &str, at: Timestamp) -> Result<Reading> {
        let tx = self.tx(|| format!("starting the return of item {barcode} read in place"))?;
        let done = return_read_in_place(&tx, barcode, at)?;
        tx.commit()
            .ctx(|| format!("committing the return of item {barcode} read in place"))?;
        Ok(done)
    }

    /// The open loans of member `member_no`, oldest first.
    pub fn loans(&self, member_no: &str) -> Result<Vec<Loan>> {
        let member = member_by_no(self.conn, member_no)?;
        list_loans(self.conn, "AND i.member_id = ?1", &member.id)
    }

    /// The open loans due before `on` (overdue on that date), by due date.
    pub fn overdue(&self, on: Date) -> Result<Vec<Loan>> {
        let mut loans = list_loans(
            self.conn,
            "AND substr(i.DueDate, 1, 10) < ?1",
            &on.to_string(),
        )?;
        loans.sort_by(|a, b| (a.due_date, &a.loan_id).cmp(&(b.due_date, &b.loan_id)));
        Ok(loans)
    }

    /// The unpaid violations (`pelanggaran`, `Paid` 0) of member `member_no`, oldest first.
    pub fn unpaid_fines(&self, member_no: &str) -> Result<Vec<Violation>> {
        let member = member_by_no(self.conn, member_no)?;
        violations(self.conn, member.id, true)
    }

    /// Marks violations of member `member_no` paid at `at` (`Paid` 1, `UpdateDate`).
    pub fn pay(&self, member_no: &str, payment: &Payment, at: Timestamp) -> Result<PaymentReceipt> {
        let tx = self.tx(|| format!("starting a payment by member {member_no}"))?;
        let member = member_by_no(&tx, member_no)?;
        let unpaid = violations(&tx, member.id, true)?;
        let chosen: Vec<&Violation> = match payment {
            Payment::All => unpaid.iter().collect(),
            Payment::Violations(ids) => {
                let mut chosen = Vec::new();
                for id in ids {
                    let v = unpaid.iter().find(|v| v.id == *id).ok_or_else(|| {
                        refuse(
                            CirculationErrorKind::NotFound,
                            format!("member {member_no} has no unpaid violation {id}"),
                        )
                    })?;
                    chosen.push(v);
                }
                chosen
            }
            Payment::Amount(amount) => {
                let mut left = *amount;
                unpaid
                    .iter()
                    .take_while(|v| {
                        let fits = v.fine <= left;
                        if fits {
                            left -= v.fine;
                        }
                        fits
                    })
                    .collect()
            }
        };
        for v in &chosen {
            tx.prepare_cached("UPDATE pelanggaran SET Paid = 1, UpdateDate = ?2 WHERE ID = ?1")
                .and_then(|mut s| s.execute(params![v.id, at.to_string()]))
                .ctx(|| format!("marking pelanggaran {} paid", v.id))?;
        }
        tx.commit()
            .ctx(|| format!("committing a payment by member {member_no}"))?;
        Ok(PaymentReceipt {
            paid: chosen.iter().map(|v| v.id).collect(),
            total: chosen.iter().map(|v| v.fine).sum(),
        })
    }
}

fn checkout(
    tx: &Connection,
    member_no: &str,
    barcodes: &[&str],
    at: Timestamp,
) -> Result<Checkout> {
    let member = member_by_no(tx, member_no)?;
    check_member(tx, &member, at)?;
    let open = count(
        tx,
        "SELECT count(*) FROM collectionloanitems WHERE member_id = ?1 AND LoanStatus = 'Loan'",
        member.id,
        "counting open loans",
    )?;
    let policy = policy::load_policy(tx)?;
    let member_rule = policy::member_type_rule(tx, member.type_id)?;
    let mut planned: Vec<(ItemRow, Date)> = Vec::new();
    for barcode in barcodes {
        let item = item_by_barcode(tx, barcode.trim())?;
        if planned.iter().any(|(p, _)| p.id == item.id) {
            return Err(refuse(
                CirculationErrorKind::ItemUnavailable,
                format!("item {} is named twice in one checkout", item.barcode),
            ));
        }
        let material_rule = check_item_quota_first(
            tx,
            &member,
            &item,
            &policy,
            &member_rule,
            open + planned.len() as i64,
            at,
        )?;
        let sources = policy.sources(at.date(), material_rule.as_ref(), member_rule.as_ref());
        let due = rules::due_date(&policy.calendar, at.date(), sources.loan_days());
        planned.push((item, due));
    }
    let Some((first, _)) = planned.first() else {
        return Err(LibraryError::Validation {
            field: "barcode".into(),
            message: "a checkout needs at least one barcode".into(),
        });
    };
    let code = location_code(tx, first.location_id)?;
    let loan_id = next_loan_id(tx, &code, at.date())?;
    let now = at.to_string();
    let n = planned.len() as i64;
    tx.prepare_cached(
        "INSERT INTO collectionloans (ID, CollectionCount, LoanCount, Member_id,
             LocationLibrary_id, CreateDate, UpdateDate)
         VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?5)",
    )
    .and_then(|mut s| {
        s.execute(params![
            loan_id,
            n,
            member.id,
            first.location_library_id,
            now
        ])
    })
    .ctx(|| format!("inserting collectionloans {loan_id}"))?;
    let mut items = Vec::new();
    for (item, due) in planned {
        tx.prepare_cached(
            "INSERT INTO collectionloanitems (CollectionLoan_id, LoanDate, DueDate, LateDays,
                 LoanStatus, Collection_id, member_id, CreateDate, UpdateDate)
             VALUES (?1, ?2, ?3, 0, 'Loan', ?4, ?5, ?2, ?2)",
        )
        .and_then(|mut s| s.execute(params![loan_id, now, due.to_datetime(), item.id, member.id]))
        .ctx(|| format!("inserting the loan of item {}", item.barcode))?;
        let loan_item_id = tx.last_insert_rowid();
        set_item_status(tx, item.id, STATUS_ON_LOAN, at)?;
        if item.booking_member.as_deref() == Some(member.member_no.as_str()) {
            clear_booking(tx, item.id)?;
        }
        items.push(LoanedItem {
            barcode: item.barcode,
            loan_item_id,
            loan_date: at,
            due_date: due,
        });
    }
    Ok(Checkout {
        loan_id,
        member_no: member.member_no,
        items,
    })
}

/// The quota check (with this item's material type), then [`check_item`].
fn check_item_quota_first(
    tx: &Connection,
    member: &MemberRow,
    item: &ItemRow,
    policy: &Policy,
    member_rule: &Option<LoanRule>,
    on_loan: i64,
    at: Timestamp,
) -> Result<Option<LoanRule>> {
    let material_rule = policy::material_type_rule(tx, item.catalog_id)?;
    let max = policy
        .sources(at.date(), material_rule.as_ref(), member_rule.as_ref())
        .max_items();
    if on_loan >= max {
        return Err(refuse(
            CirculationErrorKind::QuotaExceeded,
            format!(
                "member {} has {on_loan} items on loan, the most allowed is {max}",
                member.member_no
            ),
        ));
    }
    check_item(tx, member, item, at)?;
    Ok(material_rule)
}

fn set_item_status(tx: &Connection, item_id: i64, status: i64, at: Timestamp) -> Result<()> {
    tx.prepare_cached("UPDATE collections SET Status_id = ?2, UpdateDate = ?3 WHERE ID = ?1")
        .and_then(|mut s| s.execute(params![item_id, status, at.to_string()]))
        .ctx(|| format!("setting the status of collections {item_id} to {status}"))?;
    Ok(())
}

fn return_item(tx: &Connection, barcode: &str, at: Timestamp) -> Result<Return> {
    let item = item_by_barcode(tx, barcode.trim())?;
    let loan = open_loan(tx, &item)?;
    let (member_no, type_id): (String, Option<i64>) = tx
        .prepare_cached("SELECT MemberNo, JenisAnggota_id FROM members WHERE ID = ?1")
        .and_then(|mut s| s.query_row([loan.member_id], |r| Ok((r.get(0)?, r.get(1)?))))
        .ctx(|| format!("reading member {} of loan {}", loan.member_id, loan.loan_id))?;
    let policy = policy::load_policy(tx)?;
    let material_rule = policy::material_type_rule(tx, item.catalog_id)?;
    let member_rule = policy::member_type_rule(tx, type_id)?;
    let sources = policy.sources(at.date(), material_rule.as_ref(), member_rule.as_ref());
    let assessed = rules::assess_return(
        &policy.calendar,
        sources.penalty().map(|(p, _)| p),
        loan.loan_date,
        loan.due_date,
        at,
    )?;
    let now = at.to_string();
    tx.prepare_cached(
        "UPDATE collectionloanitems SET ActualReturn = ?2, LateDays = ?3, LoanStatus = 'Return',
             UpdateDate = ?2 WHERE ID = ?1",
    )
    .and_then(|mut s| s.execute(params![loan.item_id, now, assessed.late_days]))
    .ctx(|| format!("returning collectionloanitems {}", loan.item_id))?;
    tx.prepare_cached(
        "UPDATE collectionloans SET ReturnCount = coalesce(ReturnCount, 0) + 1,
             LateCount = coalesce(LateCount, 0) + ?2, UpdateDate = ?3 WHERE ID = ?1",
    )
    .and_then(|mut s| {
        s.execute(params![
            loan.loan_id,
            i64::from(assessed.late_days > 0),
            now
        ])
    })
    .ctx(|| format!("counting the return in collectionloans {}", loan.loan_id))?;
    set_item_status(tx, item.id, STATUS_AVAILABLE, at)?;
    let violation_id = if assessed.late_days > 0 {
        tx.prepare_cached(
            "INSERT INTO pelanggaran (CollectionLoan_id, CollectionLoanItem_id,
                 JenisPelanggaran_id, JenisDenda_id, JumlahDenda, JumlahSuspend, Paid,
                 Member_id, Collection_id, CreateDate, UpdateDate)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?9)",
        )
        .and_then(|mut s| {
            s.execute(params![
                loan.loan_id,
                loan.item_id,
                PELANGGARAN_TERLAMBAT,
                DENDA_UANG,
                assessed.fine,
                assessed.suspension_days,
                loan.member_id,
                item.id,
                now
            ])
        })
        .ctx(|| format!("recording the late return of item {}", item.barcode))?;
        Some(tx.last_insert_rowid())
    } else {
        None
    };
    Ok(Return {
        barcode: item.barcode,
        member_no,
        loan_id: loan.loan_id,
        returned_at: at,
        due_date: loan.due_date,
        late_days: assessed.late_days,
        fine: assessed.fine,
        suspension_days: assessed.suspension_days,
        violation_id,
    })
}

fn renew(tx: &Connection, barcode: &str, at: Timestamp) -> Result<Renewal> {
    let item = item_by_barcode(tx, barcode.trim())?;
    let loan = open_loan(tx, &item)?;
    let type_id: Option<i64> = tx
        .prepare_cached("SELECT JenisAnggota_id FROM members WHERE ID = ?1")
        .and_then(|mut s| s.query_row([loan.member_id], |r| r.get(0)))
        .ctx(|| format!("reading member {} of loan {}", loan.member_id, loan.loan_id))?;
    let extends: Vec<Option<String>> = tx
        .prepare_cached(
            "SELECT DateExtend FROM collectionloanextends WHERE CollectionLoanItem_id = ?1
             ORDER BY DateExtend",
        )
        .and_then(|mut s| {
            s.query_map([loan.item_id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx(|| format!("reading the renewals of item {}", item.barcode))?;
    let policy = policy::load_policy(tx)?;
    let material_rule = policy::material_type_rule(tx, item.catalog_id)?;
    let member_rule = policy::member_type_rule(tx, type_id)?;
    let sources = policy.sources(at.date(), material_rule.as_ref(), member_rule.as_ref());
    let state = RenewalState {
        loaned: loan.loan_date,
        due: loan.due_date,
        renewals: extends.len() as i64,
        last_renewed: extends
            .iter()
            .filter_map(|d| Date::parse(d.as_deref()?).ok())
            .max(),
    };
    let due = rules::renew(
        &policy.calendar,
        state,
        sources.max_renewals(),
        sources.renewal_days(),
        at,
    )
    .map_err(LibraryError::Circulation)?;
    let now = at.to_string();
    tx.prepare_cached(
        "INSERT INTO collectionloanextends (CollectionLoan_id, CollectionLoanItem_id,
             Collection_id, Member_id, DateExtend, DueDateExtend, CreateDate, UpdateDate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?5)",
    )
    .and_then(|mut s| {
        s.execute(params![
            loan.loan_id,
            loan.item_id,
            item.id,
            loan.member_id,
            now,
            due.to_datetime()
        ])
    })
    .ctx(|| format!("recording the renewal of item {}", item.barcode))?;
    tx.prepare_cached("UPDATE collectionloanitems SET DueDate = ?2, UpdateDate = ?3 WHERE ID = ?1")
        .and_then(|mut s| s.execute(params![loan.item_id, due.to_datetime(), now]))
        .ctx(|| format!("moving the due date of item {}", item.barcode))?;
    tx.prepare_cached(
        "UPDATE collectionloans SET ExtendCount = coalesce(ExtendCount, 0) + 1, UpdateDate = ?2
         WHERE ID = ?1",
    )
    .and_then(|mut s| s.execute(params![loan.loan_id, now]))
    .ctx(|| format!("counting the renewal in collectionloans {}", loan.loan_id))?;
    Ok(Renewal {
        barcode: item.barcode,
        due_date: due,
        renewals: state.renewals + 1,
    })
}

/// The open loans matching `filter`, a condition on `i` (`collectionloanitems`) using `?1`.
fn list_loans(conn: &Connection, filter: &str, key: &dyn rusqlite::ToSql) -> Result<Vec<Loan>> {
    let sql = format!(
        "SELECT i.CollectionLoan_id, i.ID, c.NomorBarcode, m.MemberNo, i.LoanDate, i.DueDate,
             (SELECT count(*) FROM collectionloanextends e WHERE e.CollectionLoanItem_id = i.ID)
         FROM collectionloanitems i
         JOIN collections c ON c.ID = i.Collection_id
         JOIN members m ON m.ID = i.member_id
         WHERE i.LoanStatus = 'Loan' {filter}
         ORDER BY i.LoanDate, i.ID"
    );
    type Row = (
        String,
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        i64,
    );
    let rows: Vec<Row> = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map([key], |r| r.try_into())?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx(|| "listing open loans".into())?;
    rows.into_iter()
        .map(
            |(loan_id, loan_item_id, barcode, member_no, loan_date, due, renewals)| {
                Ok(Loan {
                    loan_id,
                    loan_item_id,
                    barcode,
                    member_no,
                    loan_date: parse_ts(loan_date, "collectionloanitems.LoanDate")?,
                    due_date: parse_date(due, "collectionloanitems.DueDate")?,
                    renewals,
                })
            },
        )
        .collect()
}

fn violations(conn: &Connection, member_id: i64, unpaid_only: bool) -> Result<Vec<Violation>> {
    let sql = format!(
        "SELECT p.ID, p.CollectionLoan_id, c.NomorBarcode, coalesce(p.JumlahDenda, 0),
             coalesce(p.JumlahSuspend, 0), coalesce(p.Paid, 0), p.CreateDate
         FROM pelanggaran p LEFT JOIN collections c ON c.ID = p.Collection_id
         WHERE p.Member_id = ?1 {}
         ORDER BY p.CreateDate, p.ID",
        if unpaid_only {
            "AND coalesce(p.Paid, 0) = 0"
        } else {
            ""
        }
    );
    conn.prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map([member_id], |r| {
                Ok(Violation {
                    id: r.get(0)?,
                    loan_id: r.get(1)?,
                    barcode: r.get(2)?,
                    fine: r.get(3)?,
                    suspension_days: r.get(4)?,
                    paid: r.get::<_, i64>(5)? != 0,
                    created: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx(|| format!("listing the violations of member {member_id}"))
}

fn clear_booking(tx: &Connection, item_id: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE collections SET BookingMemberID = NULL, BookingExpiredDate = NULL WHERE ID = ?1",
    )
    .and_then(|mut s| s.execute([item_id]))
    .ctx(|| format!("ending the booking of collections {item_id}"))?;
    Ok(())
}

/// A whole-number setting, or `default` when absent or not a number.
fn setting_number(tx: &Connection, name: &str, default: i64) -> Result<i64> {
    let value: Option<Option<String>> = tx
        .prepare_cached("SELECT Value FROM settingparameters WHERE Name = ?1 ORDER BY ID")
        .and_then(|mut s| s.query_row([name], |r| r.get(0)).optional())
        .ctx(|| format!("reading settingparameters {name}"))?;
    Ok(value
        .flatten()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default))
}

/// The same time of day, `days` later.
fn add_days(at: Timestamp, days: i64) -> Timestamp {
    let text = at.to_string();
    Timestamp::parse(&format!("{} {}", at.date().add_days(days), &text[11..])).unwrap_or(at)
}

fn book(tx: &Connection, member_no: &str, barcode: &str, at: Timestamp) -> Result<Booking> {
    let member = member_by_no(tx, member_no)?;
    check_member(tx, &member, at)?;
    let item = item_by_barcode(tx, barcode.trim())?;
    let b = &item.barcode;
    if item.rule_id != Some(RULE_LOANABLE) {
        return Err(refuse(
            CirculationErrorKind::NotLoanable,
            format!("item {b}'s rule does not allow lending"),
        ));
    }
    if item.status != Some(STATUS_AVAILABLE) {
        return Err(refuse(
            CirculationErrorKind::ItemUnavailable,
            format!("item {b} is not available to book"),
        ));
    }
    check_booking(&item, &member.member_no, at)?;
    let max = setting_number(tx, "JumlahBookingMaksimal", DEFAULT_MAX_BOOKINGS)?;
    let held: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM collections WHERE BookingMemberID = ?1
                 AND BookingExpiredDate > ?2 AND ID <> ?3",
        )
        .and_then(|mut s| {
            s.query_row(params![member.member_no, at.to_string(), item.id], |r| {
                r.get(0)
            })
        })
        .ctx(|| format!("counting the bookings of member {member_no}"))?;
    if held >= max {
        return Err(refuse(
            CirculationErrorKind::QuotaExceeded,
            format!("member {member_no} holds {held} bookings, the most allowed is {max}"),
        ));
    }
    let days = setting_number(tx, "BookingExpired", DEFAULT_BOOKING_DAYS)?;
    let expires_at = add_days(at, days);
    tx.prepare_cached(
        "UPDATE collections SET BookingMemberID = ?2, BookingExpiredDate = ?3 WHERE ID = ?1",
    )
    .and_then(|mut s| s.execute(params![item.id, member.member_no, expires_at.to_string()]))
    .ctx(|| format!("booking item {b}"))?;
    tx.prepare_cached(
        "INSERT INTO bookinglogs (memberId, collectionId, bookingDate, bookingExpired)
         VALUES (?1, ?2, ?3, ?4)",
    )
    .and_then(|mut s| {
        s.execute(params![
            member.member_no,
            item.id,
            at.to_string(),
            expires_at.to_string()
        ])
    })
    .ctx(|| format!("logging the booking of item {b}"))?;
    Ok(Booking {
        barcode: item.barcode,
        member_no: member.member_no,
        booked_at: at,
        expires_at,
    })
}

/// Refuses when the item is booked by someone other than `member_no` and the booking runs
/// past `at`.
fn check_booking(item: &ItemRow, member_no: &str, at: Timestamp) -> Result<()> {
    let Some(holder) = item.booking_member.as_deref().filter(|h| !h.is_empty()) else {
        return Ok(());
    };
    let expires = item
        .booking_expires
        .as_deref()
        .and_then(|e| Timestamp::parse(e).ok());
    match expires {
        Some(expires) if holder != member_no && at < expires => Err(refuse(
            CirculationErrorKind::BookedByOther,
            format!(
                "item {} is booked by another member until {expires}",
                item.barcode
            ),
        )),
        _ => Ok(()),
    }
}

fn read_in_place(
    tx: &Connection,
    barcode: &str,
    member_no: Option<&str>,
    at: Timestamp,
) -> Result<Reading> {
    let member = member_no.map(|no| member_by_no(tx, no)).transpose()?;
    let item = item_by_barcode(tx, barcode.trim())?;
    if item.status != Some(STATUS_AVAILABLE) {
        return Err(refuse(
            CirculationErrorKind::ItemUnavailable,
            format!("item {} is not available to read", item.barcode),
        ));
    }
    tx.prepare_cached(
        "INSERT INTO bacaditempat (collection_id, Member_id, Location_Id, Is_return,
             CreateDate, UpdateDate) VALUES (?1, ?2, ?3, '0', ?4, ?4)",
    )
    .and_then(|mut s| {
        s.execute(params![
            item.id,
            member.as_ref().map(|m| m.id),
            item.location_id,
            at.to_string()
        ])
    })
    .ctx(|| format!("recording the reading of item {}", item.barcode))?;
    let id = tx.last_insert_rowid();
    set_item_status(tx, item.id, STATUS_READ_IN_PLACE, at)?;
    Ok(Reading {
        id,
        barcode: item.barcode,
        member_no: member.map(|m| m.member_no),
        started_at: at,
    })
}

fn return_read_in_place(tx: &Connection, barcode: &str, at: Timestamp) -> Result<Reading> {
    let item = item_by_barcode(tx, barcode.trim())?;
    let row: Option<(i64, Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT r.ID, m.MemberNo, r.CreateDate FROM bacaditempat r
             LEFT JOIN members m ON m.ID = r.Member_id
             WHERE r.collection_id = ?1 AND r.Is_return = '0' ORDER BY r.ID DESC LIMIT 1",
        )
        .and_then(|mut s| {
            s.query_row([item.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
        })
        .ctx(|| format!("looking up the reading of item {}", item.barcode))?;
    let Some((id, member_no, started)) = row else {
        return Err(refuse(
            CirculationErrorKind::NotFound,
            format!("item {} is not being read in place", item.barcode),
        ));
    };
    let started_at = parse_ts(started, "bacaditempat.CreateDate")?;
    if at < started_at {
        return Err(refuse(
            CirculationErrorKind::InvalidTime,
            format!("a return at {at} is before the reading began at {started_at}"),
        ));
    }
    tx.prepare_cached("UPDATE bacaditempat SET Is_return = '1', UpdateDate = ?2 WHERE ID = ?1")
        .and_then(|mut s| s.execute(params![id, at.to_string()]))
        .ctx(|| format!("ending the reading of item {}", item.barcode))?;
    set_item_status(tx, item.id, STATUS_AVAILABLE, at)?;
    Ok(Reading {
        id,
        barcode: item.barcode,
        member_no,
        started_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loan_ids_follow_the_days_highest_five_digit_number() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            r#"CREATE TABLE "collectionloans" ("ID" TEXT NOT NULL, PRIMARY KEY ("ID"))"#,
        )
        .unwrap();
        let day = Date::parse("2025-01-06").unwrap();
        assert_eq!(next_loan_id(&conn, "SIRK", day).unwrap(), "SIRK25010600001");
        conn.execute_batch(
            "INSERT INTO collectionloans (ID) VALUES ('SIRK25010600009'), ('SIRK25010600010'),
                 ('SIRK2501060001X'), ('SIRK250106000111'), ('SIRK25010700042'),
                 ('SIRKX25010600099'), ('SIRK25010500077');",
        )
        .unwrap();
        assert_eq!(next_loan_id(&conn, "SIRK", day).unwrap(), "SIRK25010600011");
        assert_eq!(next_loan_id(&conn, "", day).unwrap(), "25010600001");
        assert_eq!(
            next_loan_id(&conn, "SIRK", day.add_days(1)).unwrap(),
            "SIRK25010700043"
        );
    }
}
