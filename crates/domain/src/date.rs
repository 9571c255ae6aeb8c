//! Calendar dates as the wizard exchanges them (`YYYY-MM-DD`, UTC), without a
//! date-time library: the rules only need parsing and ordering.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (what `<input type="date">` gives).
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &[u8]| -> Option<u16> {
            s.iter().try_fold(0u16, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0')))
        };
        let year = num(&b[0..4])?;
        if year < 1900 {
            return None;
        }
        Self::new(year, num(&b[5..7])? as u8, num(&b[8..10])? as u8)
    }

    /// Midnight UTC in the ISO 8601 form Partner Center expects for `dateAgreed`.
    pub fn to_utc_midnight(self) -> String {
        format!("{:04}-{:02}-{:02}T00:00:00.000Z", self.year, self.month, self.day)
    }

    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The order in which a language writes a date's parts: what the acceptance
/// date field takes and shows, so it follows the wizard's language rather than
/// the browser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// en-US: `6/14/2026` (month/day/year).
    MonthDayYear,
    /// sv-SE: `2026-06-14` (ISO 8601).
    YearMonthDay,
}

impl Date {
    /// Parses a date as typed in `order`, with `/`, `-`, `.` or spaces between
    /// the parts and one or two digits for month and day. `YYYY-MM-DD` is
    /// accepted in every order, as it cannot be misread.
    pub fn parse_in(text: &str, order: DateOrder) -> Option<Self> {
        if let Some(iso) = Self::parse(text) {
            return Some(iso);
        }
        let parts: Vec<&str> = text.trim().split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
        let [a, b, c] = parts.as_slice() else { return None };
        let number = |s: &str, max_len: usize| -> Option<u16> {
            (s.len() <= max_len && s.chars().all(|c| c.is_ascii_digit())).then(|| s.parse().ok()).flatten()
        };
        let (year, month, day) = match order {
            DateOrder::MonthDayYear => (c, a, b),
            DateOrder::YearMonthDay => (a, b, c),
        };
        if year.len() != 4 {
            return None;
        }
        let year = number(year, 4).filter(|y| *y >= 1900)?;
        Self::new(year, u8::try_from(number(month, 2)?).ok()?, u8::try_from(number(day, 2)?).ok()?)
    }

    /// The date as `parse_in` reads it back: `6/14/2026`, `2026-06-14`.
    pub fn format_in(self, order: DateOrder) -> String {
        match order {
            DateOrder::MonthDayYear => format!("{}/{}/{:04}", self.month, self.day, self.year),
            DateOrder::YearMonthDay => self.to_iso(),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_and_rejects_invalid_dates() {
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("23-01-01"), None);
        assert_eq!(Date::parse("2023/01/01"), None);
        assert!(Date::parse("2024-01-02") > Date::parse("2024-01-01"));
        assert_eq!(Date::parse("2018-06-14").unwrap().to_utc_midnight(), "2018-06-14T00:00:00.000Z");
    }

    #[test]
    fn dates_are_read_and_written_in_the_languages_order() {
        use DateOrder::*;
        let june14 = Date::new(2026, 6, 14);
        for typed in ["6/14/2026", "06/14/2026", "6-14-2026", "6.14.2026", " 6 / 14 / 2026 ", "2026-06-14"] {
            assert_eq!(Date::parse_in(typed, MonthDayYear), june14, "{typed}");
        }
        for typed in ["2026-06-14", "2026-6-14", "2026/06/14", "2026.6.14", "2026 06 14"] {
            assert_eq!(Date::parse_in(typed, YearMonthDay), june14, "{typed}");
        }
        for bad in ["14/6/2026", "6/14/26", "6/14", "2026-13-01", "2/30/2026", "6/14/2026/1", "x/14/2026", "6/14/1899", ""] {
            assert_eq!(Date::parse_in(bad, MonthDayYear), None, "{bad}");
        }
        assert_eq!(Date::parse_in("14/06/2026", YearMonthDay), None);
        assert_eq!(june14.unwrap().format_in(MonthDayYear), "6/14/2026");
        assert_eq!(june14.unwrap().format_in(YearMonthDay), "2026-06-14");
        for order in [MonthDayYear, YearMonthDay] {
            assert_eq!(Date::parse_in(&june14.unwrap().format_in(order), order), june14);
        }
    }
}
