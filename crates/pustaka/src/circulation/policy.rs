//! Reading the circulation policy rows from the database into [`rules`](super::rules) data.

use rusqlite::{Connection, OptionalExtension, Row};

use super::rules::{Calendar, DateRangeRule, LoanRule, PenaltyRule, Policy, WeekdayRule};
use crate::error::{Result, SqlContext};
use crate::time::Date;

/// The rule columns, in the order [`read_rule`] reads them.
const RULE_COLUMNS: &str = "MaxPinjamKoleksi, MaxLoanDays, DayPerpanjang, CountPerpanjang,
     DendaType, DendaPerTenor, DendaTenorJumlah, DendaTenorSatuan, DendaTenorMultiply,
     SuspendType, DaySuspend, SuspendTenorJumlah, SuspendTenorSatuan, SuspendTenorMultiply";

/// Reads the rule columns starting at column `at`. NULL numbers are 0, as PHP's arithmetic
/// treats them; NULL texts are INLISLite's column defaults.
fn read_rule(r: &Row<'_>, at: usize) -> rusqlite::Result<LoanRule> {
    let int = |i: usize| -> rusqlite::Result<i64> {
        Ok(r.get::<_, Option<f64>>(at + i)?.unwrap_or(0.0) as i64)
    };
    let real =
        |i: usize| -> rusqlite::Result<f64> { Ok(r.get::<_, Option<f64>>(at + i)?.unwrap_or(0.0)) };
    let text = |i: usize, default: &str| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<String>>(at + i)?
            .unwrap_or_else(|| default.to_string()))
    };
    Ok(LoanRule {
        max_pinjam_koleksi: int(0)?,
        max_loan_days: int(1)?,
        day_perpanjang: int(2)?,
        count_perpanjang: int(3)?,
        penalty: PenaltyRule {
            denda_type: text(4, "Konstan")?,
            denda_per_tenor: int(5)?,
            denda_tenor_jumlah: real(6)?,
            denda_tenor_satuan: text(7, "Hari")?,
            denda_tenor_multiply: int(8)?,
            suspend_type: text(9, "Konstan")?,
            day_suspend: int(10)?,
            suspend_tenor_jumlah: real(11)?,
            suspend_tenor_satuan: text(12, "Hari")?,
            suspend_tenor_multiply: int(13)?,
        },
    })
}

/// The library-wide policy: settings, holidays, weekday and date-range rules.
pub(crate) fn load_policy(conn: &Connection) -> Result<Policy> {
    let setting = |name: &str| -> Result<bool> {
        let value: Option<Option<String>> = conn
            .prepare_cached("SELECT Value FROM settingparameters WHERE Name = ?1 ORDER BY ID")
            .and_then(|mut s| s.query_row([name], |r| r.get(0)).optional())
            .ctx(|| format!("reading settingparameters {name}"))?;
        Ok(value.flatten().as_deref() == Some("True"))
    };
    let saturday = setting("IsSaturdayHoliday")?;
    let sunday = setting("IsSundayHoliday")?;
    let holidays: Vec<Date> = conn
        .prepare_cached("SELECT Dates FROM holidays")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, Option<String>>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx(|| "reading holidays".into())?
        .into_iter()
        .filter_map(|d| d.and_then(|d| Date::parse(&d).ok()))
        .collect();
    let weekday_rules = conn
        .prepare_cached(&format!(
            "SELECT DayIndex, {RULE_COLUMNS} FROM peraturan_peminjaman_hari ORDER BY ID"
        ))
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(WeekdayRule {
                    day_index: r.get::<_, Option<i64>>(0)?.unwrap_or(0).clamp(0, 255) as u8,
                    rule: read_rule(r, 1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx(|| "reading peraturan_peminjaman_hari".into())?;
    let date_rows = conn
        .prepare_cached(&format!(
            "SELECT TanggalAwal, TanggalAkhir, {RULE_COLUMNS} FROM peraturan_peminjaman_tanggal
             ORDER BY ID"
        ))
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    read_rule(r, 2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx(|| "reading peraturan_peminjaman_tanggal".into())?;
    // A row without a readable range can never contain a date: it is skipped.
    let date_range_rules = date_rows
        .into_iter()
        .filter_map(|(from, to, rule)| {
            let from = Date::parse(&from?).ok()?;
            let to = Date::parse(&to?).ok()?;
            Some(DateRangeRule { from, to, rule })
        })
        .collect();
    Ok(Policy {
        calendar: Calendar::new(saturday, sunday, holidays),
        weekday_rules,
        date_range_rules,
    })
}

/// The `worksheets` rule row of a catalogue record (the item's material type).
pub(crate) fn material_type_rule(
    conn: &Connection,
    catalog_id: Option<i64>,
) -> Result<Option<LoanRule>> {
    let Some(catalog_id) = catalog_id else {
        return Ok(None);
    };
    conn.prepare_cached(&format!(
        "SELECT {RULE_COLUMNS} FROM worksheets
         WHERE ID = (SELECT Worksheet_id FROM catalogs WHERE ID = ?1)"
    ))
    .and_then(|mut s| s.query_row([catalog_id], |r| read_rule(r, 0)).optional())
    .ctx(|| format!("reading the worksheet rules of catalog {catalog_id}"))
}

/// The `jenis_anggota` rule row of a member type.
pub(crate) fn member_type_rule(
    conn: &Connection,
    type_id: Option<i64>,
) -> Result<Option<LoanRule>> {
    let Some(type_id) = type_id else {
        return Ok(None);
    };
    conn.prepare_cached(&format!(
        "SELECT {RULE_COLUMNS} FROM jenis_anggota WHERE id = ?1"
    ))
    .and_then(|mut s| s.query_row([type_id], |r| read_rule(r, 0)).optional())
    .ctx(|| format!("reading the rules of jenis_anggota {type_id}"))
}
