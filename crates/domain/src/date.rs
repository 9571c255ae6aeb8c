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
}
