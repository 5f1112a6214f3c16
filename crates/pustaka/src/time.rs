//! Timestamps passed into every write: the core never reads the clock itself.

use std::fmt;

use crate::error::{LibraryError, Result};

/// A local date and time to the second, as INLISLite stores `datetime` columns.
///
/// Every write takes one (`at`), so the same inputs always give the same library: BIBIDs
/// (which carry the month and year), `CreateDate`/`UpdateDate` and field 005 all come from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl Timestamp {
    /// A timestamp from its parts; a part out of range is a validation error naming it.
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Result<Self> {
        let check = |ok: bool, field: &str, value: u32| {
            if ok {
                Ok(())
            } else {
                Err(LibraryError::Validation {
                    field: format!("timestamp {field}"),
                    message: format!("{value} is out of range"),
                })
            }
        };
        check((1..=9999).contains(&year), "year", year.into())?;
        check((1..=12).contains(&month), "month", month.into())?;
        check(
            day >= 1 && day <= days_in_month(year, month),
            "day",
            day.into(),
        )?;
        check(hour < 24, "hour", hour.into())?;
        check(minute < 60, "minute", minute.into())?;
        check(second < 60, "second", second.into())?;
        Ok(Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// Parses `YYYY-MM-DD HH:MM:SS` (the form of INLISLite's `datetime` columns).
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || LibraryError::Validation {
            field: "timestamp".into(),
            message: format!("{text:?} is not YYYY-MM-DD HH:MM:SS"),
        };
        let b = text.as_bytes();
        if b.len() != 19
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b' '
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u16> {
            text[r].parse::<u16>().map_err(|_| bad())
        };
        let small = |r: std::ops::Range<usize>| -> Result<u8> {
            num(r).and_then(|n| u8::try_from(n).map_err(|_| bad()))
        };
        Timestamp::new(
            num(0..4)?,
            small(5..7)?,
            small(8..10)?,
            small(11..13)?,
            small(14..16)?,
            small(17..19)?,
        )
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The form of field 005: `YYYYMMDDHHMMSS`, 14 digits on a 24-hour clock.
    pub fn marc_005(&self) -> String {
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

impl fmt::Display for Timestamp {
    /// `YYYY-MM-DD HH:MM:SS`, as stored in `CreateDate` and `UpdateDate`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// A calendar date, as INLISLite keeps membership dates (`RegisterDate`, `EndDate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts; a part out of range is a validation error naming it.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self> {
        Timestamp::new(year, month, day, 0, 0, 0)?;
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, or the date part of `YYYY-MM-DD HH:MM:SS`.
    pub fn parse(text: &str) -> Result<Self> {
        let date = text.get(..10).filter(|_| matches!(text.len(), 10 | 19));
        let full = match (date, text.len()) {
            (Some(d), 10) => format!("{d} 00:00:00"),
            (Some(_), _) => text.to_string(),
            (None, _) => String::new(),
        };
        let t = Timestamp::parse(&full).map_err(|_| LibraryError::Validation {
            field: "date".into(),
            message: format!("{text:?} is not YYYY-MM-DD"),
        })?;
        Ok(t.date())
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The last day of this date's month, for monthly and yearly report buckets.
    pub fn end_of_month(self) -> Date {
        Date {
            day: days_in_month(self.year, self.month),
            ..self
        }
    }

    /// The date `days` days later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        let (y, m, d) = civil_from_days(days_from_civil(self) + days);
        Date {
            year: y,
            month: m,
            day: d,
        }
    }

    /// The date as a `datetime` column holds it: `YYYY-MM-DD 00:00:00`.
    pub fn to_datetime(&self) -> String {
        format!("{self} 00:00:00")
    }

    /// The ISO weekday, as INLISLite's `DayIndex`: 1 = Monday ... 7 = Sunday.
    pub fn weekday(&self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        ((days_from_civil(*self) + 3).rem_euclid(7) + 1) as u8
    }

    /// Whole days from `earlier` to this date (negative when `earlier` is later).
    pub fn days_since(&self, earlier: Date) -> i64 {
        days_from_civil(*self) - days_from_civil(earlier)
    }

    /// `yymmdd`, as INLISLite puts the day into a loan id.
    pub fn yymmdd(&self) -> String {
        format!("{:02}{:02}{:02}", self.year % 100, self.month, self.day)
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Timestamp {
    /// The calendar date of this timestamp.
    pub fn date(&self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: self.day,
        }
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(d: Date) -> i64 {
    let (m, day) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (u16, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y.clamp(0, 9999) as u16, m as u8, d as u8)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_sql_form() {
        let t = Timestamp::parse("2024-01-15 14:05:09").unwrap();
        assert_eq!(t.to_string(), "2024-01-15 14:05:09");
        assert_eq!(t.marc_005(), "20240115140509");
    }

    #[test]
    fn a_year_of_membership_from_the_first_of_march_2024_ends_the_first_of_march_2025() {
        let d = Date::parse("2024-03-01").unwrap();
        assert_eq!(d.add_days(365).to_string(), "2025-03-01");
        assert_eq!(d.add_days(-1).to_string(), "2024-02-29");
        assert_eq!(
            Date::parse("2023-12-31 10:00:00")
                .unwrap()
                .add_days(1)
                .to_string(),
            "2024-01-01"
        );
        assert!(Date::parse("2024-13-01").is_err());
    }

    #[test]
    fn rejects_the_thirtieth_of_february_naming_the_day() {
        let err = Timestamp::new(2024, 2, 30, 0, 0, 0).unwrap_err();
        assert_eq!(err.to_string(), "invalid timestamp day: 30 is out of range");
    }
}
