//! Every field of the form, defined once: its path (the domain crate's, the
//! one the server's problems name), the part of the draft it edits, its
//! label, its step and whether it is picked from a list. The views, the step
//! map, the error summary and the messages all read these.

use crate::i18n::{Key, Locale};
use crate::step::Step;
use customer_domain::date::Date;
use customer_domain::validate::field;
use customer_domain::CustomerDraft;

/// Reads and writes one string of the draft.
#[derive(Clone, Copy)]
pub(crate) struct Lens {
    pub(crate) read: fn(&CustomerDraft) -> &String,
    pub(crate) write: fn(&mut CustomerDraft) -> &mut String,
}

/// `lens!(account.address.city)`
macro_rules! lens {
    ($($path:ident).+) => {
        Some(Lens {
            read: |d: &CustomerDraft| &d.$($path).+,
            write: |d: &mut CustomerDraft| &mut d.$($path).+,
        })
    };
}

#[derive(Clone, Copy)]
pub(crate) struct Field {
    pub(crate) path: &'static str,
    /// The string it edits; `None` for a checkbox or a list of rows.
    pub(crate) lens: Option<Lens>,
    pub(crate) label: Key,
    pub(crate) step: Step,
    /// Picked from a list: "Select …" rather than "Enter …".
    pub(crate) is_choice: bool,
}

impl Field {
    /// The draft string this field edits (a text or select field has one).
    pub(crate) fn lens(&self) -> Lens {
        self.lens.unwrap_or_else(|| panic!("{} is not a text field", self.path))
    }

    /// The DOM id of the field's control.
    pub(crate) fn dom_id(&self) -> String {
        dom_id(self.path)
    }
}

const fn text(path: &'static str, lens: Option<Lens>, label: Key, step: Step) -> Field {
    Field { path, lens, label, step, is_choice: false }
}

const fn choice(path: &'static str, lens: Option<Lens>, label: Key, step: Step) -> Field {
    Field { path, lens, label, step, is_choice: true }
}

use Step::{Account, Reseller, Subscriptions};

pub(crate) const COMPANY_NAME: Field = text(field::COMPANY_NAME, lens!(account.company_name), Key::CompanyLegalName, Account);
pub(crate) const DOMAIN_PREFIX: Field = text(field::DOMAIN_PREFIX, lens!(account.domain_prefix), Key::DomainPrefix, Account);
pub(crate) const ORG_REGISTRATION: Field =
    text(field::ORG_REGISTRATION, lens!(account.organization_registration_number), Key::OrgRegistrationNumber, Account);
pub(crate) const COUNTRY: Field = choice(field::COUNTRY, lens!(account.address.country), Key::Country, Account);
pub(crate) const CULTURE: Field = choice(field::CULTURE, lens!(account.culture), Key::Culture, Account);
pub(crate) const ADDRESS_LINE1: Field = text(field::ADDRESS_LINE1, lens!(account.address.address_line1), Key::AddressLine1, Account);
pub(crate) const ADDRESS_LINE2: Field = text(field::ADDRESS_LINE2, lens!(account.address.address_line2), Key::AddressLine2, Account);
pub(crate) const CITY: Field = text(field::CITY, lens!(account.address.city), Key::City, Account);
/// A list where the country names its states, else typed.
pub(crate) const STATE: Field = choice(field::STATE, lens!(account.address.state), Key::State, Account);
pub(crate) const POSTAL_CODE: Field = text(field::POSTAL_CODE, lens!(account.address.postal_code), Key::PostalCode, Account);
pub(crate) const PHONE: Field = text(field::PHONE, lens!(account.address.phone_number), Key::CompanyPhone, Account);
pub(crate) const CONTACT_FIRST_NAME: Field = text(field::CONTACT_FIRST_NAME, lens!(account.contact.first_name), Key::FirstName, Account);
pub(crate) const CONTACT_LAST_NAME: Field = text(field::CONTACT_LAST_NAME, lens!(account.contact.last_name), Key::LastName, Account);
pub(crate) const CONTACT_EMAIL: Field = text(field::CONTACT_EMAIL, lens!(account.contact.email), Key::Email, Account);
pub(crate) const CONTACT_PHONE: Field = text(field::CONTACT_PHONE, lens!(account.contact.phone_number), Key::ContactPhone, Account);
pub(crate) const AGREEMENT_ACCEPTED: Field = choice(field::AGREEMENT_ACCEPTED, None, Key::AgreementAccepted, Account);
pub(crate) const SIGNER_FIRST_NAME: Field = text(field::SIGNER_FIRST_NAME, lens!(agreement.signer.first_name), Key::SignerFirstName, Account);
pub(crate) const SIGNER_LAST_NAME: Field = text(field::SIGNER_LAST_NAME, lens!(agreement.signer.last_name), Key::SignerLastName, Account);
pub(crate) const SIGNER_EMAIL: Field = text(field::SIGNER_EMAIL, lens!(agreement.signer.email), Key::SignerEmail, Account);
pub(crate) const SIGNER_PHONE: Field = text(field::SIGNER_PHONE, lens!(agreement.signer.phone_number), Key::SignerPhone, Account);
pub(crate) const DATE_AGREED: Field = text(field::DATE_AGREED, lens!(agreement.date_agreed), Key::DateAgreed, Account);
pub(crate) const RESELLER: Field = choice(field::RESELLER, lens!(reseller_id), Key::StepReseller, Reseller);
/// The chosen offers as a whole (each offer's license count is [`quantity`]).
pub(crate) const SUBSCRIPTIONS: Field = text(field::SUBSCRIPTIONS, None, Key::Quantity, Subscriptions);

pub(crate) const ALL: [Field; 23] = [
    COMPANY_NAME, DOMAIN_PREFIX, ORG_REGISTRATION, COUNTRY, CULTURE, ADDRESS_LINE1, ADDRESS_LINE2, CITY, STATE, POSTAL_CODE, PHONE,
    CONTACT_FIRST_NAME, CONTACT_LAST_NAME, CONTACT_EMAIL, CONTACT_PHONE, AGREEMENT_ACCEPTED, SIGNER_FIRST_NAME, SIGNER_LAST_NAME,
    SIGNER_EMAIL, SIGNER_PHONE, DATE_AGREED, RESELLER, SUBSCRIPTIONS,
];

/// The field a problem's path names. An offer's license count
/// (`subscriptions[…].quantity`) is a quantity field of Subscriptions.
pub(crate) fn find(path: &str) -> Field {
    if let Some(field) = ALL.iter().find(|f| f.path == path) {
        return *field;
    }
    if path.starts_with(field::SUBSCRIPTIONS) {
        return text(field::SUBSCRIPTIONS, None, Key::Quantity, Subscriptions);
    }
    // A path this version does not know (a newer server): shown on its step.
    let step = if path.starts_with("account.") || path.starts_with("agreement.") { Account } else { Subscriptions };
    text(field::COMPANY_NAME, None, Key::StepAccount, step)
}

pub(crate) fn step_of(path: &str) -> Step {
    find(path).step
}

/// A date as typed in `locale`'s order (6/14/2026, 2026-06-14), as the draft
/// keeps it: `YYYY-MM-DD`, or the text as typed while it is not (yet) a date
/// (validation says so).
pub(crate) fn typed_date(typed: String, locale: Locale) -> String {
    Date::parse_in(&typed, locale.date_order()).map_or(typed, Date::to_iso)
}

/// Writes what `field`'s control holds (`value`: its text, or "true" for a
/// ticked checkbox) into `draft` as the control's handler in the view does.
/// The first screen's controls, read before the view exists, go through it.
pub(crate) fn write_control(draft: &mut CustomerDraft, field: &Field, value: String, locale: Locale) {
    match (field.path, field.lens) {
        (field::AGREEMENT_ACCEPTED, _) => draft.agreement.accepted = value == "true",
        (field::DATE_AGREED, Some(lens)) => *(lens.write)(draft) = typed_date(value, locale),
        (_, Some(lens)) => *(lens.write)(draft) = value,
        (_, None) => {}
    }
}

/// The DOM id of a field's control.
pub(crate) fn dom_id(path: &str) -> String {
    format!("f-{}", path.replace(['.', ' '], "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path of a field is where its lens writes, in the draft's JSON.
    #[test]
    fn every_lens_writes_where_its_path_points() {
        for field in ALL.iter().filter(|f| f.lens.is_some()) {
            let mut draft = CustomerDraft::default();
            *(field.lens().write)(&mut draft) = "marker".into();
            assert_eq!((field.lens().read)(&draft), "marker");
            let json = serde_json::to_value(&draft).unwrap();
            let at = field.path.split('.').try_fold(&json, |v, key| v.get(key));
            assert_eq!(at.and_then(|v| v.as_str()), Some("marker"), "{}", field.path);
        }
    }

    #[test]
    fn fields_without_a_lens_are_the_checkbox_and_the_offer_list() {
        let without: Vec<_> = ALL.iter().filter(|f| f.lens.is_none()).map(|f| f.path).collect();
        assert_eq!(without, [field::AGREEMENT_ACCEPTED, field::SUBSCRIPTIONS]);
    }

    #[test]
    fn paths_are_unique_and_each_dom_id_too() {
        let mut paths: Vec<_> = ALL.iter().map(|f| f.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), ALL.len());
        let mut ids: Vec<_> = ALL.iter().map(Field::dom_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
    }

    #[test]
    fn problems_find_their_step() {
        assert_eq!(step_of(field::COMPANY_NAME), Account);
        assert_eq!(step_of(field::SIGNER_EMAIL), Account);
        assert_eq!(step_of(field::RESELLER), Reseller);
        assert_eq!(step_of(&field::quantity("CFQ7TTC0LH18:0001")), Subscriptions);
        assert_eq!(find(&field::quantity("CFQ7TTC0LH18:0001")).label, Key::Quantity);
        assert_eq!(step_of("account.somethingNew"), Account);
        assert_eq!(find("account.somethingNew").label, Key::StepAccount);
        assert!(find(field::COUNTRY).is_choice && !find(field::CITY).is_choice);
    }
}
