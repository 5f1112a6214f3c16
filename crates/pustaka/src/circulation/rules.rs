//! INLISLite's circulation arithmetic as pure functions: plain data in, numbers out.
//!
//! No clock and no database: the services load the rule rows ([`Policy`], [`LoanRule`]) and
//! pass the time in. Everything here follows `INLISLITE-CIRCULATION.md` step by step,
//! quirks included (the one-pass holiday extension, the weekend push, holidays counted again
//! when they fall on a closed weekend day).
//!
//! Which rule applies is decided in one place, [`RuleSources`], whose two orders are written
//! down as [`VALUE_ORDER`] (loan days, maximum items, renewals) and [`PENALTY_ORDER`] (the
//! whole fine-and-suspension row).

use crate::circulation::error::{CirculationError, CirculationErrorKind};
use crate::time::{Date, Timestamp};

/// Saturday as a [`Date::weekday`].
pub const SATURDAY: u8 = 6;
/// Sunday as a [`Date::weekday`].
pub const SUNDAY: u8 = 7;

/// The days the library is closed: weekends per `settingparameters` and the `holidays` rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    /// `IsSaturdayHoliday = 'True'`.
    pub saturday_closed: bool,
    /// `IsSundayHoliday = 'True'`.
    pub sunday_closed: bool,
    /// One entry per `holidays` row, sorted; a date given twice counts twice, as in
    /// INLISLite's row counts.
    holidays: Vec<Date>,
}

impl Calendar {
    /// A calendar with these closed weekend days and these `holidays` rows (any order).
    pub fn new(saturday_closed: bool, sunday_closed: bool, mut holidays: Vec<Date>) -> Self {
        holidays.sort();
        Calendar {
            saturday_closed,
            sunday_closed,
            holidays,
        }
    }

    /// Whether `day` is a Saturday or Sunday the settings close.
    pub fn is_closed_weekend(&self, day: Date) -> bool {
        match day.weekday() {
            SATURDAY => self.saturday_closed,
            SUNDAY => self.sunday_closed,
            _ => false,
        }
    }

    /// The number of `holidays` rows with `from <= date <= to`.
    pub fn holidays_between(&self, from: Date, to: Date) -> i64 {
        if to < from {
            return 0;
        }
        let lo = self.holidays.partition_point(|d| *d < from);
        let hi = self.holidays.partition_point(|d| *d <= to);
        (hi - lo) as i64
    }
}

/// The fine and suspension columns of one rule row, taken whole.
#[derive(Debug, Clone, PartialEq)]
pub struct PenaltyRule {
    /// `DendaType`: `Konstan` or `Berkelipatan`.
    pub denda_type: String,
    /// `DendaPerTenor`: rupiah per tenor (or the flat amount for `Konstan`).
    pub denda_per_tenor: i64,
    /// `DendaTenorJumlah`: the tenor's length in units.
    pub denda_tenor_jumlah: f64,
    /// `DendaTenorSatuan`: `Hari`, `Minggu`, `Bulan` or `Tahun`.
    pub denda_tenor_satuan: String,
    /// `DendaTenorMultiply`.
    pub denda_tenor_multiply: i64,
    /// `SuspendType`: `Konstan` or `Berkelipatan`.
    pub suspend_type: String,
    /// `DaySuspend`: days per tenor (or the flat number of days for `Konstan`).
    pub day_suspend: i64,
    /// `SuspendTenorJumlah`.
    pub suspend_tenor_jumlah: f64,
    /// `SuspendTenorSatuan`.
    pub suspend_tenor_satuan: String,
    /// `SuspendTenorMultiply`.
    pub suspend_tenor_multiply: i64,
}

impl Default for PenaltyRule {
    /// INLISLite's column defaults: no fine, no suspension.
    fn default() -> Self {
        PenaltyRule {
            denda_type: "Konstan".into(),
            denda_per_tenor: 0,
            denda_tenor_jumlah: 0.0,
            denda_tenor_satuan: "Hari".into(),
            denda_tenor_multiply: 1,
            suspend_type: "Konstan".into(),
            day_suspend: 0,
            suspend_tenor_jumlah: 0.0,
            suspend_tenor_satuan: "Hari".into(),
            suspend_tenor_multiply: 1,
        }
    }
}

impl PenaltyRule {
    /// Whether this row is chosen for fines and suspensions: `DendaPerTenor` or
    /// `DaySuspend` is non-zero.
    pub fn is_set(&self) -> bool {
        self.denda_per_tenor != 0 || self.day_suspend != 0
    }

    /// The fine in rupiah for an item `late` days late (0 when not late or no fine is set).
    pub fn fine(&self, late: i64) -> i64 {
        if late <= 0 || self.denda_per_tenor <= 0 {
            return 0;
        }
        by_tenor(
            &self.denda_type,
            self.denda_per_tenor,
            self.denda_tenor_jumlah,
            &self.denda_tenor_satuan,
            self.denda_tenor_multiply,
            late,
        )
    }

    /// The suspension in days for an item `late` days late (only when `DaySuspend > 0`).
    pub fn suspension_days(&self, late: i64) -> i64 {
        if late <= 0 || self.day_suspend <= 0 {
            return 0;
        }
        by_tenor(
            &self.suspend_type,
            self.day_suspend,
            self.suspend_tenor_jumlah,
            &self.suspend_tenor_satuan,
            self.suspend_tenor_multiply,
            late,
        )
    }
}

/// Days in one tenor unit: hari 1, minggu 7, bulan 30, tahun 365 (case-insensitive); an
/// unknown unit is 0, which makes the divider 0 and the count of tenors 1.
pub fn tenor_unit_days(satuan: &str) -> f64 {
    match satuan.trim().to_lowercase().as_str() {
        "hari" => 1.0,
        "minggu" => 7.0,
        "bulan" => 30.0,
        "tahun" => 365.0,
        _ => 0.0,
    }
}

/// `Konstan`: `per` once. Otherwise (`Berkelipatan`): `per` x max(1, floor(late / divider))
/// x `multiply`, divider = `jumlah` x the unit's days.
fn by_tenor(kind: &str, per: i64, jumlah: f64, satuan: &str, multiply: i64, late: i64) -> i64 {
    if kind.trim().eq_ignore_ascii_case("konstan") {
        return per;
    }
    let divider = jumlah * tenor_unit_days(satuan);
    let tenors = if divider > 0.0 {
        (late as f64 / divider).floor() as i64
    } else {
        1
    };
    per * tenors.max(1) * multiply
}

/// One rule row: the columns shared by `peraturan_peminjaman_hari`,
/// `peraturan_peminjaman_tanggal`, `worksheets` and `jenis_anggota`. NULL is 0, and 0
/// means "not set here" (fall through to the next level).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoanRule {
    /// `MaxPinjamKoleksi`: items on loan at once.
    pub max_pinjam_koleksi: i64,
    /// `MaxLoanDays`: loan length.
    pub max_loan_days: i64,
    /// `DayPerpanjang`: length of a renewal.
    pub day_perpanjang: i64,
    /// `CountPerpanjang`: renewals allowed.
    pub count_perpanjang: i64,
    /// The fine and suspension columns.
    pub penalty: PenaltyRule,
}

/// A `peraturan_peminjaman_hari` row.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekdayRule {
    /// `DayIndex`: 1 = Monday ... 7 = Sunday.
    pub day_index: u8,
    /// The rule columns.
    pub rule: LoanRule,
}

/// A `peraturan_peminjaman_tanggal` row.
#[derive(Debug, Clone, PartialEq)]
pub struct DateRangeRule {
    /// `TanggalAwal` (its date).
    pub from: Date,
    /// `TanggalAkhir` (its date).
    pub to: Date,
    /// The rule columns.
    pub rule: LoanRule,
}

/// The library-wide circulation policy: the calendar and the weekday and date-range rules,
/// each list in `ID` order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// Closed weekend days and holidays.
    pub calendar: Calendar,
    /// `peraturan_peminjaman_hari`, in `ID` order.
    pub weekday_rules: Vec<WeekdayRule>,
    /// `peraturan_peminjaman_tanggal`, in `ID` order.
    pub date_range_rules: Vec<DateRangeRule>,
}

impl Policy {
    /// The rule rows that apply on `on` to an item of this material type lent to a member
    /// of this type: the first weekday row for `on`'s weekday and the first date-range row
    /// containing `on`.
    pub fn sources<'a>(
        &'a self,
        on: Date,
        material_type: Option<&'a LoanRule>,
        member_type: Option<&'a LoanRule>,
    ) -> RuleSources<'a> {
        let day = on.weekday();
        RuleSources {
            weekday: self
                .weekday_rules
                .iter()
                .find(|r| r.day_index == day)
                .map(|r| &r.rule),
            date_range: self
                .date_range_rules
                .iter()
                .find(|r| r.from <= on && on <= r.to)
                .map(|r| &r.rule),
            material_type,
            member_type,
        }
    }
}

/// A level of INLISLite's rule hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `peraturan_peminjaman_hari` for the weekday.
    Weekday,
    /// `peraturan_peminjaman_tanggal` containing the date.
    DateRange,
    /// `worksheets` of the item's catalogue record.
    MaterialType,
    /// `jenis_anggota` of the member.
    MemberType,
}

/// The order for `MaxLoanDays`, `MaxPinjamKoleksi`, `CountPerpanjang` and `DayPerpanjang`,
/// one column at a time: the first non-zero value wins.
pub const VALUE_ORDER: [Level; 4] = [
    Level::Weekday,
    Level::DateRange,
    Level::MaterialType,
    Level::MemberType,
];

/// The order for the fine-and-suspension row: the first row whose `DendaPerTenor` or
/// `DaySuspend` is non-zero is taken whole.
pub const PENALTY_ORDER: [Level; 4] = [
    Level::DateRange,
    Level::Weekday,
    Level::MemberType,
    Level::MaterialType,
];

/// The rule rows that apply to one loan at one moment, one per level (absent when no row).
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleSources<'a> {
    /// The weekday row.
    pub weekday: Option<&'a LoanRule>,
    /// The date-range row.
    pub date_range: Option<&'a LoanRule>,
    /// The material type's row.
    pub material_type: Option<&'a LoanRule>,
    /// The member type's row.
    pub member_type: Option<&'a LoanRule>,
}

impl<'a> RuleSources<'a> {
    /// The row at a level.
    pub fn at(&self, level: Level) -> Option<&'a LoanRule> {
        match level {
            Level::Weekday => self.weekday,
            Level::DateRange => self.date_range,
            Level::MaterialType => self.material_type,
            Level::MemberType => self.member_type,
        }
    }

    /// The first non-zero value of a column in [`VALUE_ORDER`], and the level it came from;
    /// `(0, None)` when no level sets it.
    pub fn value(&self, column: impl Fn(&LoanRule) -> i64) -> (i64, Option<Level>) {
        VALUE_ORDER
            .iter()
            .filter_map(|&level| self.at(level).map(|r| (column(r), Some(level))))
            .find(|(v, _)| *v != 0)
            .unwrap_or((0, None))
    }

    /// Resolved `MaxLoanDays`.
    pub fn loan_days(&self) -> i64 {
        self.value(|r| r.max_loan_days).0
    }

    /// Resolved `MaxPinjamKoleksi`.
    pub fn max_items(&self) -> i64 {
        self.value(|r| r.max_pinjam_koleksi).0
    }

    /// Resolved `CountPerpanjang`.
    pub fn max_renewals(&self) -> i64 {
        self.value(|r| r.count_perpanjang).0
    }

    /// Resolved `DayPerpanjang`.
    pub fn renewal_days(&self) -> i64 {
        self.value(|r| r.day_perpanjang).0
    }

    /// The fine-and-suspension row in [`PENALTY_ORDER`], and its level; `None` when no level
    /// sets one (no fine, no suspension).
    pub fn penalty(&self) -> Option<(&'a PenaltyRule, Level)> {
        PENALTY_ORDER.iter().find_map(|&level| {
            self.at(level)
                .map(|r| &r.penalty)
                .filter(|p| p.is_set())
                .map(|p| (p, level))
        })
    }
}

/// The due date of a loan made on `loan` for `n` days (`getTanggalKembali`).
///
/// Walk `n` days, lengthening the walk by one for each closed weekend day met; add the
/// `holidays` rows after `loan` up to that end, without checking the added days again; then
/// push a due date on a closed Saturday (+2 when Sunday is closed too, else +1) or closed
/// Sunday (+1). `n <= 0` gives the loan date itself.
pub fn due_date(calendar: &Calendar, loan: Date, n: i64) -> Date {
    if n <= 0 {
        return loan;
    }
    let (mut span, mut weekend, mut i) = (n, 0, 1);
    while i <= span {
        if calendar.is_closed_weekend(loan.add_days(i)) {
            span += 1;
            weekend += 1;
        }
        i += 1;
    }
    let end = loan.add_days(n + weekend);
    let holidays = calendar.holidays_between(loan.add_days(1), end);
    let due = loan.add_days(n + holidays + weekend);
    match due.weekday() {
        SATURDAY if calendar.saturday_closed && calendar.sunday_closed => due.add_days(2),
        SATURDAY if calendar.saturday_closed => due.add_days(1),
        SUNDAY if calendar.sunday_closed => due.add_days(1),
        _ => due,
    }
}

/// Late days of an item due on `due` and returned at `returned` (`lateDays`): whole days
/// past the due date, less the closed weekend days after it and the `holidays` rows from the
/// due date to the return date inclusive; never negative.
pub fn late_days(calendar: &Calendar, due: Date, returned: Timestamp) -> i64 {
    let back = returned.date();
    let days = back.days_since(due);
    if days <= 0 {
        return 0;
    }
    let weekend = (1..=days)
        .filter(|&i| calendar.is_closed_weekend(due.add_days(i)))
        .count() as i64;
    let holidays = calendar.holidays_between(due, back);
    (days - weekend - holidays).max(0)
}

/// What a return costs: the late days and, from the penalty row, fine and suspension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReturnAssessment {
    /// Late days (`collectionloanitems.LateDays`).
    pub late_days: i64,
    /// Fine in rupiah (`pelanggaran.JumlahDenda`).
    pub fine: i64,
    /// Suspension in days (`pelanggaran.JumlahSuspend`).
    pub suspension_days: i64,
}

/// Assesses the return at `returned` of an item lent at `loaned`, due on `due`, with the
/// penalty row chosen for the return (see [`RuleSources::penalty`]). A return before the
/// loan is an `invalid_time` error.
pub fn assess_return(
    calendar: &Calendar,
    penalty: Option<&PenaltyRule>,
    loaned: Timestamp,
    due: Date,
    returned: Timestamp,
) -> Result<ReturnAssessment, CirculationError> {
    if returned < loaned {
        return Err(CirculationError::new(
            CirculationErrorKind::InvalidTime,
            format!("a return at {returned} is before the loan at {loaned}"),
        ));
    }
    let late = late_days(calendar, due, returned);
    let (fine, suspension_days) = penalty
        .map(|p| (p.fine(late), p.suspension_days(late)))
        .unwrap_or((0, 0));
    Ok(ReturnAssessment {
        late_days: late,
        fine,
        suspension_days,
    })
}

/// The state of a loan that a renewal looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalState {
    /// When the item was lent.
    pub loaned: Timestamp,
    /// Its current due date.
    pub due: Date,
    /// Renewals already made (`collectionloanextends` rows of the loan item).
    pub renewals: i64,
    /// The date of the last renewal, if any.
    pub last_renewed: Option<Date>,
}

/// Checks a renewal at `at` and returns the new due date: refused when the item is late,
/// when it was already renewed that day, or when the renewals made reach `max_renewals`;
/// the new due date is [`due_date`] from the renewal date for `renewal_days`.
pub fn renew(
    calendar: &Calendar,
    state: RenewalState,
    max_renewals: i64,
    renewal_days: i64,
    at: Timestamp,
) -> Result<Date, CirculationError> {
    if at < state.loaned {
        return Err(CirculationError::new(
            CirculationErrorKind::InvalidTime,
            format!("a renewal at {at} is before the loan at {}", state.loaned),
        ));
    }
    let late = late_days(calendar, state.due, at);
    if late > 0 {
        return Err(CirculationError::new(
            CirculationErrorKind::NotAllowed,
            format!(
                "the item was due on {} and is {late} days late; return it instead",
                state.due
            ),
        ));
    }
    if state.last_renewed == Some(at.date()) {
        return Err(CirculationError::new(
            CirculationErrorKind::RenewalLimit,
            format!("the loan was already renewed on {}", at.date()),
        ));
    }
    if state.renewals >= max_renewals {
        return Err(CirculationError::new(
            CirculationErrorKind::RenewalLimit,
            format!(
                "the loan has been renewed {} times of {max_renewals} allowed",
                state.renewals
            ),
        ));
    }
    Ok(due_date(calendar, at.date(), renewal_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn t(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    /// The demo library's settings: Saturday open, Sunday closed.
    fn sundays_closed(holidays: &[&str]) -> Calendar {
        Calendar::new(false, true, holidays.iter().map(|h| d(h)).collect())
    }

    fn days(n: i64) -> LoanRule {
        LoanRule {
            max_loan_days: n,
            ..LoanRule::default()
        }
    }

    #[test]
    fn weekdays_are_numbered_as_inlislite_day_index() {
        assert_eq!(d("2025-01-06").weekday(), 1); // Monday
        assert_eq!(d("2025-01-01").weekday(), 3); // Wednesday
        assert_eq!(d("2025-01-11").weekday(), SATURDAY);
        assert_eq!(d("2025-01-12").weekday(), SUNDAY);
    }

    #[test]
    fn a_seven_day_loan_over_new_year_skips_the_sunday_and_new_years_day() {
        // Friday 27 Dec 2024: the walk meets Sunday 29 Dec (+1), 1 Jan is a holiday (+1),
        // which lands on Sunday 5 Jan, pushed to Monday.
        let cal = sundays_closed(&["2025-01-01"]);
        assert_eq!(due_date(&cal, d("2024-12-27"), 7), d("2025-01-06"));
    }

    #[test]
    fn a_loan_over_lebaran_adds_the_holidays_once_without_rechecking_the_added_days() {
        // Thursday 27 Mar 2025, 7 days: one Sunday in the walk, six holidays up to 4 Apr; the
        // weekend and the 7 Apr holiday inside the added span are not counted again.
        let cal = sundays_closed(&[
            "2025-03-28",
            "2025-03-31",
            "2025-04-01",
            "2025-04-02",
            "2025-04-03",
            "2025-04-04",
            "2025-04-07",
        ]);
        assert_eq!(due_date(&cal, d("2025-03-27"), 7), d("2025-04-10"));
    }

    #[test]
    fn a_due_date_on_a_sunday_moves_to_monday_even_onto_a_holiday() {
        // Monday 20 Jan 2025, 5 days, a holiday on Wednesday 22 Jan: due Sunday 26 Jan,
        // pushed to Monday 27 Jan, which is itself a holiday (INLISLite does not look again).
        let cal = sundays_closed(&["2025-01-22", "2025-01-27"]);
        assert_eq!(due_date(&cal, d("2025-01-20"), 5), d("2025-01-27"));
    }

    #[test]
    fn a_due_date_on_a_saturday_moves_two_days_when_both_weekend_days_are_closed() {
        let cal = Calendar::new(true, true, vec![d("2025-01-08")]);
        assert_eq!(due_date(&cal, d("2025-01-06"), 4), d("2025-01-13"));
        // Saturday closed alone: one day, to the (open) Sunday.
        let sat = Calendar::new(true, false, vec![d("2025-01-08")]);
        assert_eq!(due_date(&sat, d("2025-01-06"), 4), d("2025-01-12"));
    }

    #[test]
    fn the_walk_lengthens_for_every_closed_weekend_day_it_meets() {
        // Monday 6 Jan, 10 days, both weekend days closed: two weekends inside the walk.
        let cal = Calendar::new(true, true, vec![]);
        assert_eq!(due_date(&cal, d("2025-01-06"), 10), d("2025-01-20"));
        // Nothing closed: plain calendar days.
        assert_eq!(
            due_date(&Calendar::default(), d("2025-01-06"), 10),
            d("2025-01-16")
        );
    }

    #[test]
    fn zero_loan_days_make_the_item_due_the_same_day() {
        let cal = sundays_closed(&[]);
        assert_eq!(due_date(&cal, d("2025-01-06"), 0), d("2025-01-06"));
    }

    #[test]
    fn a_return_on_the_due_date_is_not_late() {
        let cal = sundays_closed(&[]);
        assert_eq!(
            late_days(&cal, d("2025-01-06"), t("2025-01-06 16:59:59")),
            0
        );
        assert_eq!(
            late_days(&cal, d("2025-01-06"), t("2025-01-03 10:00:00")),
            0
        );
        assert_eq!(
            late_days(&cal, d("2025-01-06"), t("2025-01-07 08:00:00")),
            1
        );
    }

    #[test]
    fn a_return_over_a_weekend_does_not_count_the_closed_sunday() {
        // Due Friday 10 Jan, back Monday 13 Jan: 3 days less Sunday.
        let cal = sundays_closed(&[]);
        assert_eq!(
            late_days(&cal, d("2025-01-10"), t("2025-01-13 09:00:00")),
            2
        );
    }

    #[test]
    fn holidays_from_the_due_date_itself_are_not_late_days() {
        // Due on the 27 Jan holiday, back 29 Jan: 2 days less the 27th and 28th holidays.
        let cal = sundays_closed(&["2025-01-27", "2025-01-28"]);
        assert_eq!(
            late_days(&cal, d("2025-01-27"), t("2025-01-29 10:00:00")),
            0
        );
        assert_eq!(
            late_days(&cal, d("2025-01-27"), t("2025-01-30 10:00:00")),
            1
        );
    }

    #[test]
    fn a_holiday_on_a_closed_sunday_counts_twice() {
        // Due Friday 10 Jan, back Tuesday 14 Jan: 4 days less Sunday 12th less its holiday row.
        let cal = sundays_closed(&["2025-01-12"]);
        assert_eq!(
            late_days(&cal, d("2025-01-10"), t("2025-01-14 09:00:00")),
            2
        );
    }

    #[test]
    fn a_return_before_the_loan_is_an_invalid_time() {
        let err = assess_return(
            &sundays_closed(&[]),
            None,
            t("2025-01-06 10:00:00"),
            d("2025-01-13"),
            t("2025-01-05 10:00:00"),
        )
        .unwrap_err();
        assert_eq!(err.kind(), "invalid_time");
    }

    fn konstan(amount: i64) -> PenaltyRule {
        PenaltyRule {
            denda_per_tenor: amount,
            ..PenaltyRule::default()
        }
    }

    fn berkelipatan(per: i64, jumlah: f64, satuan: &str, multiply: i64) -> PenaltyRule {
        PenaltyRule {
            denda_type: "Berkelipatan".into(),
            denda_per_tenor: per,
            denda_tenor_jumlah: jumlah,
            denda_tenor_satuan: satuan.into(),
            denda_tenor_multiply: multiply,
            ..PenaltyRule::default()
        }
    }

    #[test]
    fn a_konstan_fine_is_one_flat_amount_however_late() {
        assert_eq!(konstan(5000).fine(1), 5000);
        assert_eq!(konstan(5000).fine(30), 5000);
        assert_eq!(konstan(5000).fine(0), 0);
    }

    #[test]
    fn a_berkelipatan_fine_counts_whole_tenors_at_least_one() {
        // Pelajar: Rp 500 per 2 days, times 2.
        let pelajar = berkelipatan(500, 2.0, "Hari", 2);
        assert_eq!(pelajar.fine(1), 1000);
        assert_eq!(pelajar.fine(5), 2000);
        assert_eq!(pelajar.fine(6), 3000);
        // "Rp 1.000 per day".
        assert_eq!(berkelipatan(1000, 1.0, "Hari", 1).fine(10), 10_000);
        assert_eq!(berkelipatan(1000, 1.0, "Minggu", 1).fine(15), 2000);
        assert_eq!(berkelipatan(1000, 1.0, "minggu", 1).fine(6), 1000);
        assert_eq!(berkelipatan(20_000, 1.0, "Bulan", 1).fine(61), 40_000);
        assert_eq!(berkelipatan(50_000, 1.0, "Tahun", 1).fine(400), 50_000);
        // A tenor of 0 (or an unknown unit) cannot divide: one tenor.
        assert_eq!(berkelipatan(700, 0.0, "Hari", 1).fine(9), 700);
        assert_eq!(berkelipatan(700, 1.0, "Dekade", 1).fine(9), 700);
    }

    #[test]
    fn suspension_days_follow_the_same_formula_only_when_day_suspend_is_set() {
        let flat = PenaltyRule {
            day_suspend: 2,
            ..PenaltyRule::default()
        };
        assert_eq!(flat.suspension_days(9), 2);
        let per_day = PenaltyRule {
            suspend_type: "Berkelipatan".into(),
            day_suspend: 1,
            suspend_tenor_jumlah: 1.0,
            suspend_tenor_multiply: 1,
            ..PenaltyRule::default()
        };
        assert_eq!(per_day.suspension_days(4), 4);
        assert_eq!(konstan(5000).suspension_days(4), 0);
    }

    /// The demo library's rules: Friday loans 10 days, school holidays 21 days and 5
    /// items, serials 3 days, member type Umum 7 days and 3 items.
    fn demo_policy() -> (Policy, LoanRule, LoanRule) {
        let policy = Policy {
            calendar: sundays_closed(&[]),
            weekday_rules: vec![WeekdayRule {
                day_index: 5,
                rule: days(10),
            }],
            date_range_rules: vec![DateRangeRule {
                from: d("2025-06-23"),
                to: d("2025-07-12"),
                rule: LoanRule {
                    max_pinjam_koleksi: 5,
                    ..days(21)
                },
            }],
        };
        let serial = days(3);
        let umum = LoanRule {
            max_pinjam_koleksi: 3,
            count_perpanjang: 1,
            day_perpanjang: 7,
            penalty: konstan(5000),
            ..days(7)
        };
        (policy, serial, umum)
    }

    #[test]
    fn loan_values_resolve_weekday_then_date_range_then_material_then_member_type() {
        let (policy, serial, umum) = demo_policy();
        let book = LoanRule::default();
        // A Friday inside the school holidays: the weekday rule wins for loan days, the
        // date-range rule for the item limit (the weekday rule leaves it 0).
        let s = policy.sources(d("2025-06-27"), Some(&book), Some(&umum));
        assert_eq!(s.value(|r| r.max_loan_days), (10, Some(Level::Weekday)));
        assert_eq!(
            s.value(|r| r.max_pinjam_koleksi),
            (5, Some(Level::DateRange))
        );
        // A Monday inside: the date range.
        let s = policy.sources(d("2025-06-23"), Some(&book), Some(&umum));
        assert_eq!(s.loan_days(), 21);
        // A Monday outside, a serial: the material type; a book: the member type.
        let s = policy.sources(d("2025-08-04"), Some(&serial), Some(&umum));
        assert_eq!(s.value(|r| r.max_loan_days), (3, Some(Level::MaterialType)));
        assert_eq!(s.max_items(), 3);
        assert_eq!(s.max_renewals(), 1);
        assert_eq!(s.renewal_days(), 7);
        let s = policy.sources(d("2025-08-04"), Some(&book), Some(&umum));
        assert_eq!(s.value(|r| r.max_loan_days), (7, Some(Level::MemberType)));
        // Nothing set anywhere: 0.
        let s = policy.sources(d("2025-08-04"), None, None);
        assert_eq!(s.value(|r| r.max_loan_days), (0, None));
    }

    #[test]
    fn the_penalty_row_resolves_date_range_then_weekday_then_member_then_material_type() {
        assert_eq!(
            PENALTY_ORDER,
            [
                Level::DateRange,
                Level::Weekday,
                Level::MemberType,
                Level::MaterialType
            ]
        );
        let (mut policy, _, umum) = demo_policy();
        let serial = LoanRule {
            penalty: konstan(9000),
            ..days(3)
        };
        // The date and weekday rows set no fine: the member type's comes before the serial's.
        let s = policy.sources(d("2025-06-27"), Some(&serial), Some(&umum));
        assert_eq!(
            s.penalty().map(|(p, l)| (p.fine(3), l)),
            Some((5000, Level::MemberType))
        );
        // A date-range row with only a suspension is taken whole: no fine at all.
        policy.date_range_rules[0].rule.penalty.day_suspend = 2;
        let s = policy.sources(d("2025-06-27"), Some(&serial), Some(&umum));
        let (p, level) = s.penalty().unwrap();
        assert_eq!(level, Level::DateRange);
        assert_eq!((p.fine(3), p.suspension_days(3)), (0, 2));
        // Without a member-type fine the material type's applies.
        let s = policy.sources(d("2025-08-04"), Some(&serial), None);
        assert_eq!(s.penalty().map(|(p, _)| p.fine(3)), Some(9000));
        assert!(policy
            .sources(d("2025-08-04"), None, None)
            .penalty()
            .is_none());
    }

    #[test]
    fn a_late_umum_member_pays_the_flat_fine_and_a_pelajar_by_tenor() {
        let cal = sundays_closed(&[]);
        let got = assess_return(
            &cal,
            Some(&konstan(5000)),
            t("2025-01-03 14:03:29"),
            d("2025-01-15"),
            t("2025-01-30 11:56:12"),
        )
        .unwrap();
        // 15 days less two Sundays (19th, 26th) = 13.
        assert_eq!(
            got,
            ReturnAssessment {
                late_days: 13,
                fine: 5000,
                suspension_days: 0
            }
        );
    }

    #[test]
    fn renewal_is_refused_when_late_twice_a_day_or_over_the_limit() {
        let cal = sundays_closed(&[]);
        let state = RenewalState {
            loaned: t("2025-01-06 10:00:00"),
            due: d("2025-01-14"),
            renewals: 0,
            last_renewed: None,
        };
        // Renewed Monday 13 Jan for 7 days: due Tuesday 21 Jan (one Sunday in the walk).
        assert_eq!(
            renew(&cal, state, 1, 7, t("2025-01-13 09:00:00")).unwrap(),
            d("2025-01-21")
        );
        let late = renew(&cal, state, 1, 7, t("2025-01-15 09:00:00")).unwrap_err();
        assert_eq!(late.kind(), "not_allowed");
        let used = RenewalState {
            renewals: 1,
            ..state
        };
        assert_eq!(
            renew(&cal, used, 1, 7, t("2025-01-13 09:00:00"))
                .unwrap_err()
                .kind(),
            "renewal_limit"
        );
        let today = RenewalState {
            last_renewed: Some(d("2025-01-13")),
            ..state
        };
        assert_eq!(
            renew(&cal, today, 5, 7, t("2025-01-13 15:00:00"))
                .unwrap_err()
                .kind(),
            "renewal_limit"
        );
        assert_eq!(
            renew(&cal, state, 1, 7, t("2025-01-05 09:00:00"))
                .unwrap_err()
                .kind(),
            "invalid_time"
        );
    }
}
