//! What the partner is typing. Every value is a string as typed (or a flag), so
//! nothing is ever lost to parsing; `validate` turns a draft into a payload.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerDraft {
    pub account: AccountDraft,
    pub agreement: AgreementDraft,
    /// The indirect reseller's relationship id (indirect providers only).
    pub reseller_id: String,
    pub subscriptions: Vec<SubscriptionDraft>,
    /// Field paths whose warnings the user has explicitly acknowledged.
    pub acknowledged: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccountDraft {
    pub company_name: String,
    /// Without `.onmicrosoft.com`.
    pub domain_prefix: String,
    pub organization_registration_number: String,
    pub culture: String,
    pub language: String,
    pub address: AddressDraft,
    pub contact: ContactDraft,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AddressDraft {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub phone_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactDraft {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgreementDraft {
    /// The customer accepted and signed the latest Microsoft Customer Agreement.
    pub accepted: bool,
    pub signer: ContactDraft,
    /// `YYYY-MM-DD`.
    pub date_agreed: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionDraft {
    pub offer_id: String,
    /// As typed; parsed when validated.
    pub quantity: String,
}

impl CustomerDraft {
    pub fn is_acknowledged(&self, field: &str) -> bool {
        self.acknowledged.iter().any(|f| f == field)
    }
}

/// Days a draft is kept after it was last saved, unless the host sets the
/// `draft-days` attribute. Drafts hold personal data and may sit in the
/// storage of a shared computer.
pub const DEFAULT_DRAFT_DAYS: u32 = 30;

/// Whether a draft last saved at `saved_at` (ISO 8601 UTC, as the wizard
/// writes it: `2026-11-23T21:00:00.000Z`) is older than `days` days at
/// `now_ms` (milliseconds since the Unix epoch). A draft whose time cannot be
/// read is kept: nothing says it is old, and it may be all the user has.
pub fn is_expired(saved_at: &str, now_ms: f64, days: u32) -> bool {
    match timestamp_ms(saved_at) {
        Some(saved) => now_ms - saved as f64 > f64::from(days) * 86_400_000.0,
        None => false,
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff…]Z` → milliseconds since the Unix epoch.
pub fn timestamp_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = crate::date::Date::parse(text.get(..10)?)?;
    let time = text.get(10..)?.strip_prefix('T')?.strip_suffix('Z')?;
    let (clock, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut parts = clock.split(':').map(|p| (p.len() == 2).then(|| p.parse::<i64>().ok()).flatten());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || h > 23 || m > 59 || s > 60 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis = fraction.get(..fraction.len().min(3)).and_then(|f| format!("{f:0<3}").parse::<i64>().ok()).unwrap_or(0);
    let days = days_from_civil(i64::from(date.year), i64::from(date.month), i64::from(date.day));
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: f64 = 86_400_000.0;

    #[test]
    fn timestamps_read_as_the_browser_writes_them() {
        assert_eq!(timestamp_ms("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(timestamp_ms("2000-03-01T00:00:00Z"), Some(951_868_800_000));
        assert_eq!(timestamp_ms("2026-11-23T21:00:00.123Z"), Some(1_795_467_600_123));
        assert_eq!(timestamp_ms("2024-02-29T12:34:56.7Z"), Some(1_709_210_096_700));
        for bad in ["", "yesterday", "2026-11-23", "2026-11-23T21:00:00", "2026-11-23T25:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T21:00Z", "2026-11-23T21:00:00.x1Z"] {
            assert_eq!(timestamp_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_draft_expires_after_the_given_days() {
        let saved = "2026-10-01T12:00:00.000Z";
        let at = timestamp_ms(saved).unwrap() as f64;
        assert!(!is_expired(saved, at, 30));
        assert!(!is_expired(saved, at + 30.0 * DAY, 30), "exactly 30 days is still kept");
        assert!(is_expired(saved, at + 30.0 * DAY + 1.0, 30));
        assert!(!is_expired(saved, at + 31.0 * DAY, 90));
        assert!(is_expired(saved, at + 2.0 * DAY, 1));
        // Saved "in the future" (a clock set back) is not expired.
        assert!(!is_expired(saved, at - 5.0 * DAY, 30));
        // Unreadable times are kept.
        assert!(!is_expired("", at + 1000.0 * DAY, 30));
        assert!(!is_expired("garbage", at + 1000.0 * DAY, 30));
    }
}
