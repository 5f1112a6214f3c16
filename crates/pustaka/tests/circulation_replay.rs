//! Replays the loan history of INLISLite's demo library (`perpus-demo.sql`, two years of
//! loans computed with INLISLite's rules) through pustaka's rules: every due date, renewal
//! due date, late-day count, fine and suspension must come out as the dump has it.
//!
//! Until the INLISLite import exists, the rows are read straight from the dump's INSERT
//! statements by the small parser below. Without the fixture the test says so and passes.

use std::collections::HashMap;
use std::path::PathBuf;

use pustaka::circulation::rules::{
    due_date, late_days, Calendar, DateRangeRule, LoanRule, PenaltyRule, Policy, WeekdayRule,
};
use pustaka::{Date, Timestamp};

type Row = HashMap<String, Option<String>>;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/inlislite/perpus-demo.sql")
}

/// The column names of a table, from its `CREATE TABLE` in the dump.
fn columns(sql: &str, table: &str) -> Vec<String> {
    let start = sql
        .find(&format!("CREATE TABLE `{table}` ("))
        .unwrap_or_else(|| panic!("no CREATE TABLE {table}"));
    let body = &sql[start..];
    let end = body.find(") ENGINE").unwrap();
    body[..end]
        .lines()
        .skip(1)
        .filter_map(|l| l.strip_prefix("  `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

/// The rows of a table's `INSERT INTO ... VALUES (...),(...);` statements.
fn rows(sql: &str, table: &str) -> Vec<Row> {
    let names = columns(sql, table);
    let marker = format!("INSERT INTO `{table}` VALUES");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = sql[from..].find(&marker) {
        let mut chars = sql[from + pos + marker.len()..].char_indices().peekable();
        let mut tuple: Vec<Option<String>> = Vec::new();
        let mut consumed = 0;
        while let Some((i, c)) = chars.next() {
            match c {
                '(' => tuple.clear(),
                '\'' => {
                    let mut s = String::new();
                    while let Some((_, c)) = chars.next() {
                        match c {
                            '\\' => {
                                let (_, e) = chars.next().unwrap();
                                s.push(match e {
                                    '0' => '\0',
                                    'n' => '\n',
                                    'r' => '\r',
                                    't' => '\t',
                                    'Z' => '\x1a',
                                    other => other,
                                });
                            }
                            '\'' if chars.peek().map(|p| p.1) == Some('\'') => {
                                chars.next();
                                s.push('\'');
                            }
                            '\'' => break,
                            other => s.push(other),
                        }
                    }
                    tuple.push(Some(s));
                }
                ',' | ' ' | '\n' | '\r' => {}
                ')' => {
                    assert_eq!(
                        tuple.len(),
                        names.len(),
                        "a {table} row has the wrong width"
                    );
                    out.push(names.iter().cloned().zip(tuple.drain(..)).collect());
                }
                ';' => {
                    consumed = i;
                    break;
                }
                _ => {
                    let mut s = c.to_string();
                    while let Some(&(_, n)) = chars.peek() {
                        if n == ',' || n == ')' {
                            break;
                        }
                        s.push(n);
                        chars.next();
                    }
                    tuple.push(if s == "NULL" { None } else { Some(s) });
                }
            }
        }
        from += pos + marker.len() + consumed;
    }
    out
}

fn text<'r>(row: &'r Row, column: &str) -> Option<&'r str> {
    row.get(column)
        .unwrap_or_else(|| panic!("no column {column}"))
        .as_deref()
}

fn num(row: &Row, column: &str) -> f64 {
    text(row, column).map_or(0.0, |v| v.parse().unwrap())
}

fn int(row: &Row, column: &str) -> i64 {
    num(row, column) as i64
}

fn ts(row: &Row, column: &str) -> Option<Timestamp> {
    text(row, column).map(|v| Timestamp::parse(v).unwrap())
}

fn date(row: &Row, column: &str) -> Option<Date> {
    text(row, column).map(|v| Date::parse(v).unwrap())
}

/// A rule row as pustaka reads one (NULL numbers are 0, NULL texts the defaults).
fn rule(row: &Row) -> LoanRule {
    let s = |c: &str, default: &str| text(row, c).unwrap_or(default).to_string();
    LoanRule {
        max_pinjam_koleksi: int(row, "MaxPinjamKoleksi"),
        max_loan_days: int(row, "MaxLoanDays"),
        day_perpanjang: int(row, "DayPerpanjang"),
        count_perpanjang: int(row, "CountPerpanjang"),
        penalty: PenaltyRule {
            denda_type: s("DendaType", "Konstan"),
            denda_per_tenor: int(row, "DendaPerTenor"),
            denda_tenor_jumlah: num(row, "DendaTenorJumlah"),
            denda_tenor_satuan: s("DendaTenorSatuan", "Hari"),
            denda_tenor_multiply: int(row, "DendaTenorMultiply"),
            suspend_type: s("SuspendType", "Konstan"),
            day_suspend: int(row, "DaySuspend"),
            suspend_tenor_jumlah: num(row, "SuspendTenorJumlah"),
            suspend_tenor_satuan: s("SuspendTenorSatuan", "Hari"),
            suspend_tenor_multiply: int(row, "SuspendTenorMultiply"),
        },
    }
}

fn by_id(rows: &[Row], id: &str) -> HashMap<i64, Row> {
    rows.iter().map(|r| (int(r, id), r.clone())).collect()
}

/// Counts checks and keeps the first few mismatches.
#[derive(Default)]
struct Tally {
    checked: usize,
    matched: usize,
    misses: Vec<String>,
}

impl Tally {
    fn check<T: PartialEq + std::fmt::Debug>(&mut self, what: String, ours: T, dump: T) {
        self.checked += 1;
        if ours == dump {
            self.matched += 1;
        } else if self.misses.len() < 10 {
            self.misses
                .push(format!("{what}: pustaka {ours:?}, dump {dump:?}"));
        }
    }
}

#[test]
fn every_historical_loan_of_the_demo_library_gets_inlislites_due_date_late_days_and_fine() {
    let path = fixture();
    let Ok(sql) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let settings: HashMap<String, String> = rows(&sql, "settingparameters")
        .iter()
        .map(|r| {
            (
                text(r, "Name").unwrap().to_string(),
                text(r, "Value").unwrap_or("").to_string(),
            )
        })
        .collect();
    let closed = |name: &str| settings.get(name).map(String::as_str) == Some("True");
    let policy = Policy {
        calendar: Calendar::new(
            closed("IsSaturdayHoliday"),
            closed("IsSundayHoliday"),
            rows(&sql, "holidays")
                .iter()
                .filter_map(|r| date(r, "Dates"))
                .collect(),
        ),
        weekday_rules: rows(&sql, "peraturan_peminjaman_hari")
            .iter()
            .map(|r| WeekdayRule {
                day_index: int(r, "DayIndex") as u8,
                rule: rule(r),
            })
            .collect(),
        date_range_rules: rows(&sql, "peraturan_peminjaman_tanggal")
            .iter()
            .map(|r| DateRangeRule {
                from: date(r, "TanggalAwal").unwrap(),
                to: date(r, "TanggalAkhir").unwrap(),
                rule: rule(r),
            })
            .collect(),
    };
    let worksheets: HashMap<i64, LoanRule> = rows(&sql, "worksheets")
        .iter()
        .map(|r| (int(r, "ID"), rule(r)))
        .collect();
    let member_types: HashMap<i64, LoanRule> = rows(&sql, "jenis_anggota")
        .iter()
        .map(|r| (int(r, "id"), rule(r)))
        .collect();
    let catalogs = by_id(&rows(&sql, "catalogs"), "ID");
    let items = by_id(&rows(&sql, "collections"), "ID");
    let members = by_id(&rows(&sql, "members"), "ID");
    let loans = rows(&sql, "collectionloanitems");
    let mut extends: HashMap<i64, Vec<Row>> = HashMap::new();
    for e in rows(&sql, "collectionloanextends") {
        extends
            .entry(int(&e, "CollectionLoanItem_id"))
            .or_default()
            .push(e);
    }
    let fines: HashMap<i64, Row> = rows(&sql, "pelanggaran")
        .into_iter()
        .map(|p| (int(&p, "CollectionLoanItem_id"), p))
        .collect();

    let (mut dues, mut renewals, mut lates, mut amounts) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let mut late_without_fine_row = 0;
    for loan in &loans {
        let id = int(loan, "ID");
        let item = &items[&int(loan, "Collection_id")];
        let material = text(item, "Catalog_id")
            .and_then(|c| catalogs.get(&(c.parse::<f64>().unwrap() as i64)))
            .and_then(|c| worksheets.get(&int(c, "Worksheet_id")));
        let member_type = members
            .get(&int(loan, "member_id"))
            .and_then(|m| member_types.get(&int(m, "JenisAnggota_id")));
        let sources = |on: Date| policy.sources(on, material, member_type);
        let loaned = ts(loan, "LoanDate").unwrap();
        let due = date(loan, "DueDate").unwrap();
        match extends.get(&id) {
            None => dues.check(
                format!("loan item {id} due date"),
                due_date(
                    &policy.calendar,
                    loaned.date(),
                    sources(loaned.date()).loan_days(),
                ),
                due,
            ),
            Some(list) => {
                for e in list {
                    let on = ts(e, "DateExtend").unwrap().date();
                    renewals.check(
                        format!("loan item {id} renewal on {on}"),
                        due_date(&policy.calendar, on, sources(on).renewal_days()),
                        date(e, "DueDateExtend").unwrap(),
                    );
                }
                let last = list.iter().max_by_key(|e| int(e, "id")).unwrap();
                renewals.check(
                    format!("loan item {id} due date after renewal"),
                    date(last, "DueDateExtend").unwrap(),
                    due,
                );
            }
        }
        let Some(back) = ts(loan, "ActualReturn") else {
            continue;
        };
        let late = late_days(&policy.calendar, due, back);
        lates.check(
            format!("loan item {id} late days"),
            late,
            int(loan, "LateDays"),
        );
        let penalty = sources(back.date()).penalty().map(|(p, _)| p.clone());
        let (fine, suspension) =
            penalty.map_or((0, 0), |p| (p.fine(late), p.suspension_days(late)));
        match fines.get(&id) {
            Some(p) => amounts.check(
                format!("loan item {id} fine and suspension"),
                (fine, suspension),
                (int(p, "JumlahDenda"), int(p, "JumlahSuspend")),
            ),
            None if late > 0 => late_without_fine_row += 1,
            None => {}
        }
    }
    for (name, t) in [
        ("due dates", &dues),
        ("renewal due dates", &renewals),
        ("late days", &lates),
        ("fines and suspensions", &amounts),
    ] {
        println!("replay {name}: {} of {} match", t.matched, t.checked);
        for m in &t.misses {
            println!("  {m}");
        }
    }
    println!(
        "replay: {} loan items, {late_without_fine_row} late returns without a pelanggaran row",
        loans.len()
    );
    assert!(dues.checked > 100 && lates.checked > 100 && amounts.checked > 10);
    for t in [&dues, &renewals, &lates, &amounts] {
        assert!(t.misses.is_empty(), "{:?}", t.misses);
    }
}
