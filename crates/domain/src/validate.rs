//! From draft to payload. Each step has its own check so the wizard can stop
//! at the step; `into_payload` runs them all and is the only way to build a
//! [`SubmitRequest`].

use crate::catalog::{Offer, Relationship};
use crate::country::CountryRules;
use crate::date::Date;
use crate::draft::{ContactDraft, CustomerDraft};
use crate::issue::{FieldIssue, Message, Severity};
use crate::pattern::PatternMatcher;
use crate::payload::*;
use crate::rules;
use crate::text;
use rustc_hash::{FxHashMap, FxHashSet};

mod from_payload;
pub use from_payload::{payload, payload_field, payload_to_draft, PayloadContext};

/// Line items one order may hold. An order in the wizard is picked by hand,
/// one offer at a time, each offer once: 100 is twice the default
/// catalogue's 53 offers and far beyond any customer's first order, while the
/// largest valid body stays near 40 KB and its checks take microseconds. The
/// check runs before any other, so an order of 39,000 lines costs nothing.
pub const MAX_LINE_ITEMS: usize = 100;

/// Billing cycles an order may name (Partner Center's values).
pub const BILLING_CYCLES: &[&str] = &["monthly", "annual", "triennial", "none"];

/// Everything outside the draft that the rules depend on.
pub struct Context<'a> {
    /// Rules of the draft's country; `None` while unknown (then only generic rules apply).
    pub country: Option<&'a CountryRules>,
    /// Countries the partner may sell in; empty means any.
    pub allowed_countries: &'a [String],
    pub offers: &'a [Offer],
    /// `Some` for an indirect provider: the resellers it may pick from.
    pub resellers: Option<&'a [Relationship]>,
    /// Today in UTC.
    pub today: Date,
    pub template_id: &'a str,
    pub matcher: &'a dyn PatternMatcher,
}

/// Field paths, shared by the rules, the browser app and the server's errors.
pub mod field {
    pub const COMPANY_NAME: &str = "account.companyName";
    pub const DOMAIN_PREFIX: &str = "account.domainPrefix";
    pub const ORG_REGISTRATION: &str = "account.organizationRegistrationNumber";
    pub const CULTURE: &str = "account.culture";
    pub const LANGUAGE: &str = "account.language";
    pub const COUNTRY: &str = "account.address.country";
    pub const ADDRESS_LINE1: &str = "account.address.addressLine1";
    pub const ADDRESS_LINE2: &str = "account.address.addressLine2";
    pub const CITY: &str = "account.address.city";
    pub const STATE: &str = "account.address.state";
    pub const POSTAL_CODE: &str = "account.address.postalCode";
    pub const PHONE: &str = "account.address.phoneNumber";
    pub const CONTACT_FIRST_NAME: &str = "account.contact.firstName";
    pub const CONTACT_LAST_NAME: &str = "account.contact.lastName";
    pub const CONTACT_EMAIL: &str = "account.contact.email";
    pub const CONTACT_PHONE: &str = "account.contact.phoneNumber";
    pub const AGREEMENT_ACCEPTED: &str = "agreement.accepted";
    pub const SIGNER_FIRST_NAME: &str = "agreement.signer.firstName";
    pub const SIGNER_LAST_NAME: &str = "agreement.signer.lastName";
    pub const SIGNER_EMAIL: &str = "agreement.signer.email";
    pub const SIGNER_PHONE: &str = "agreement.signer.phoneNumber";
    pub const DATE_AGREED: &str = "agreement.dateAgreed";
    pub const RESELLER: &str = "resellerId";
    pub const SUBSCRIPTIONS: &str = "subscriptions";

    /// `subscriptions.<offerId>.quantity`
    pub fn quantity(offer_id: &str) -> String {
        format!("subscriptions.{offer_id}.quantity")
    }
}

struct Issues(Vec<FieldIssue>);

impl Issues {
    fn check(&mut self, field: &str, result: Result<(), Message>) {
        if let Err(message) = result {
            self.0.push(FieldIssue::error(field, message));
        }
    }
    /// A name or an address line: required or not, no control characters or
    /// bidi overrides, at most `max` characters.
    fn text(&mut self, field: &str, value: &str, required: bool, max: u32) {
        let result = if required { rules::required(value) } else { Ok(()) }
            .and_then(|_| rules::plain_text(value))
            .and_then(|_| rules::max_len(value, max));
        self.check(field, result);
    }
}

/// The field paths of one person: the primary contact or the signer.
struct PersonFields {
    first: &'static str,
    last: &'static str,
    email: &'static str,
    phone: &'static str,
}

const CONTACT: PersonFields =
    PersonFields { first: field::CONTACT_FIRST_NAME, last: field::CONTACT_LAST_NAME, email: field::CONTACT_EMAIL, phone: field::CONTACT_PHONE };
const SIGNER: PersonFields =
    PersonFields { first: field::SIGNER_FIRST_NAME, last: field::SIGNER_LAST_NAME, email: field::SIGNER_EMAIL, phone: field::SIGNER_PHONE };

fn contact(issues: &mut Issues, paths: &PersonFields, c: &ContactDraft, phone_required: bool) {
    let (first, last) = (paths.first, paths.last);
    issues.text(first, &c.first_name, true, rules::MAX_NAME);
    issues.text(last, &c.last_name, true, rules::MAX_NAME);
    let (test_first, test_last) = rules::test_person_name(&c.first_name, &c.last_name);
    if test_first && !c.first_name.trim().is_empty() {
        issues.check(first, Err(Message::TestName));
    }
    if test_last && !c.last_name.trim().is_empty() {
        issues.check(last, Err(Message::TestName));
    }
    let email = paths.email;
    match rules::email(&c.email) {
        Err(m) => issues.check(email, Err(m)),
        Ok(()) => issues.check(email, rules::not_test_email(&c.email)),
    }
    if phone_required || !c.phone_number.trim().is_empty() {
        issues.check(paths.phone, rules::phone(&c.phone_number));
    }
}

/// Account info: company, domain, address, phone and primary contact.
pub fn account(draft: &CustomerDraft, ctx: &Context) -> Vec<FieldIssue> {
    let a = &draft.account;
    let addr = &a.address;
    let mut issues = Issues(Vec::new());

    issues.text(field::COMPANY_NAME, &a.company_name, true, rules::MAX_COMPANY_NAME);
    if !a.company_name.trim().is_empty() {
        issues.check(field::COMPANY_NAME, rules::not_test_name(&a.company_name));
        if rules::looks_like_acronym(&a.company_name) && !draft.is_acknowledged(field::COMPANY_NAME) {
            issues.0.push(FieldIssue::warning(field::COMPANY_NAME, Message::AcronymOrShortForm));
        }
    }
    issues.check(field::DOMAIN_PREFIX, rules::domain_prefix(&a.domain_prefix));
    if rules::domain_prefix(&a.domain_prefix).is_ok() {
        // Judged as it is sent, lower-cased: "xX" would otherwise pass here as
        // two initials and fail on the server as "xx".
        issues.check(field::DOMAIN_PREFIX, rules::not_test_name(&text::to_lowercase(a.domain_prefix.trim())));
    }

    let country = addr.country.trim();
    // "UK" looks like a code but is not one: Partner Center wants GB.
    let country_ok = country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase()) && country != "UK";
    if country.is_empty() {
        issues.check(field::COUNTRY, Err(Message::Required));
    } else if !country_ok || ctx.country.is_some_and(|r| r.iso2_code != country) {
        issues.check(field::COUNTRY, Err(Message::InvalidCountry));
    } else if !ctx.allowed_countries.is_empty() && !ctx.allowed_countries.iter().any(|c| c == country) {
        issues.check(field::COUNTRY, Err(Message::CountryNotAllowed));
    }

    let rules_for = ctx.country;
    issues.text(field::ADDRESS_LINE1, &addr.address_line1, true, rules::MAX_ADDRESS_LINE);
    issues.text(field::ADDRESS_LINE2, &addr.address_line2, false, rules::MAX_ADDRESS_LINE);
    issues.text(field::CITY, &addr.city, rules_for.is_none_or(|r| r.is_city_required), rules::MAX_CITY);

    if let Some(r) = rules_for {
        issues.check(field::CULTURE, rules::culture(r, &a.culture));
        issues.check(field::LANGUAGE, rules::language(r, &a.language));
        issues.check(field::STATE, rules::state(r, &addr.state));
        issues.check(field::POSTAL_CODE, rules::postal_code(r, &addr.postal_code, ctx.matcher));
        issues.check(
            field::ORG_REGISTRATION,
            rules::organization_registration_number(r, &a.organization_registration_number, ctx.matcher),
        );
    }

    let phone_required = rules_for.is_some_and(|r| r.is_phone_number_required);
    if phone_required || !addr.phone_number.trim().is_empty() {
        issues.check(field::PHONE, rules::phone(&addr.phone_number));
        if let (Ok(()), Some(pattern)) = (rules::phone(&addr.phone_number), rules_for.and_then(|r| r.phone_number_regex.as_ref())) {
            if !ctx.matcher.is_full_match(pattern, addr.phone_number.trim()) {
                issues.check(field::PHONE, Err(Message::InvalidPhone));
            }
        }
    }

    contact(&mut issues, &CONTACT, &a.contact, false);
    issues.0
}

/// The Microsoft Customer Agreement: accepted, who signed, when.
pub fn agreement(draft: &CustomerDraft, ctx: &Context) -> Vec<FieldIssue> {
    let g = &draft.agreement;
    let mut issues = Issues(Vec::new());
    if !g.accepted {
        issues.check(field::AGREEMENT_ACCEPTED, Err(Message::AgreementNotAccepted));
    }
    contact(&mut issues, &SIGNER, &g.signer, false);
    if g.date_agreed.trim().is_empty() {
        issues.check(field::DATE_AGREED, Err(Message::Required));
    } else {
        match Date::parse(&g.date_agreed) {
            None => issues.check(field::DATE_AGREED, Err(Message::InvalidDate)),
            Some(d) if d > ctx.today => issues.check(field::DATE_AGREED, Err(Message::DateInFuture)),
            Some(_) => {}
        }
    }
    issues.0
}

/// Indirect reseller: required (and known) for an indirect provider.
pub fn reseller(draft: &CustomerDraft, ctx: &Context) -> Vec<FieldIssue> {
    let Some(resellers) = ctx.resellers else { return Vec::new() };
    let id = draft.reseller_id.trim();
    if id.is_empty() {
        vec![FieldIssue::error(field::RESELLER, Message::ResellerRequired)]
    } else if !resellers.iter().any(|r| r.id == id) {
        vec![FieldIssue::error(field::RESELLER, Message::UnknownReseller)]
    } else {
        Vec::new()
    }
}

/// Subscriptions: at most [`MAX_LINE_ITEMS`], known offers, once each,
/// quantities within limits, add-ons with their prerequisite, and a billing
/// cycle all the offers share. Linear in the number of lines.
pub fn subscriptions(draft: &CustomerDraft, ctx: &Context) -> Vec<FieldIssue> {
    let mut issues = Issues(Vec::new());
    if draft.subscriptions.is_empty() {
        issues.check(field::SUBSCRIPTIONS, Err(Message::NoSubscriptions));
    }
    if draft.subscriptions.len() > MAX_LINE_ITEMS {
        issues.check(field::SUBSCRIPTIONS, Err(Message::TooManyLineItems { max: MAX_LINE_ITEMS as u32 }));
        return issues.0;
    }
    let catalogue = offers_by_id(ctx.offers);
    let chosen: FxHashSet<&str> = draft.subscriptions.iter().map(|l| l.offer_id.as_str()).collect();
    let mut seen = FxHashSet::with_capacity_and_hasher(draft.subscriptions.len(), Default::default());
    let mut ordered = Vec::with_capacity(draft.subscriptions.len());
    for line in &draft.subscriptions {
        let path = field::quantity(&line.offer_id);
        if !seen.insert(line.offer_id.as_str()) {
            issues.check(&path, Err(Message::DuplicateOffer));
            continue;
        }
        let Some(offer) = catalogue.get(line.offer_id.as_str()).copied().filter(|o| o.is_available_for_purchase) else {
            issues.check(&path, Err(Message::UnknownOffer));
            continue;
        };
        ordered.push(offer);
        match rules::quantity(&line.quantity) {
            Err(m) => issues.check(&path, Err(m)),
            Ok(q) if q < offer.minimum_quantity || q > offer.maximum_quantity => issues.check(
                &path,
                Err(Message::QuantityOutOfRange { min: offer.minimum_quantity, max: offer.maximum_quantity }),
            ),
            Ok(_) => {}
        }
        if offer.is_add_on && !offer.prerequisite_offers.is_empty() {
            let has_prerequisite = offer.prerequisite_offers.iter().any(|p| chosen.contains(p.as_str()));
            if !has_prerequisite {
                issues.check(&path, Err(Message::MissingPrerequisite { offer_ids: offer.prerequisite_offers.clone() }));
            }
        }
    }
    if billing_cycle_for(&ordered).is_none() {
        issues.check(field::SUBSCRIPTIONS, Err(Message::InvalidBillingCycle));
    }
    issues.0
}

/// The catalogue by offer id, for lookups in constant time.
fn offers_by_id(offers: &[Offer]) -> FxHashMap<&str, &Offer> {
    offers.iter().map(|o| (o.id.as_str(), o)).collect()
}

/// Offers billed on no cycle (trials, `["none"]`) go with any order.
fn bills_on_a_cycle(offer: &Offer) -> bool {
    offer.supported_billing_cycles.iter().any(|c| c != "none")
}

/// Whether every offer of the order supports `cycle`.
pub fn billing_cycle_fits(cycle: &str, offers: &[&Offer]) -> bool {
    BILLING_CYCLES.contains(&cycle)
        && offers.iter().filter(|o| bills_on_a_cycle(o)).all(|o| o.supported_billing_cycles.iter().any(|c| c == cycle))
}

/// The order's billing cycle: `monthly` where every offer has it, else the
/// first cycle they all share; `None` when they share none.
pub fn billing_cycle_for(offers: &[&Offer]) -> Option<&'static str> {
    BILLING_CYCLES.iter().copied().filter(|c| *c != "none").find(|c| billing_cycle_fits(c, offers))
}

/// Every rule of every step.
pub fn all(draft: &CustomerDraft, ctx: &Context) -> Vec<FieldIssue> {
    let mut issues = account(draft, ctx);
    issues.extend(agreement(draft, ctx));
    issues.extend(reseller(draft, ctx));
    issues.extend(subscriptions(draft, ctx));
    issues
}

fn opt(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

impl CustomerDraft {
    /// The only way to a payload: every problem at once (errors and
    /// unacknowledged warnings), or the Partner Center resources.
    pub fn into_payload(&self, ctx: &Context) -> Result<SubmitRequest, Vec<FieldIssue>> {
        let issues = all(self, ctx);
        if issues.iter().any(|i| matches!(i.severity, Severity::Error | Severity::Warning)) {
            return Err(issues);
        }
        let a = &self.account;
        let addr = &a.address;
        let country = ctx.country;
        let culture = opt(&a.culture)
            .or_else(|| country.map(|r| r.default_culture.clone()).filter(|c| !c.is_empty()))
            .unwrap_or_else(|| "en-US".into());
        let language = opt(&a.language).unwrap_or_else(|| culture.split('-').next().unwrap_or("en").to_owned());
        let reseller = ctx
            .resellers
            .and_then(|list| list.iter().find(|r| r.id == self.reseller_id.trim()));
        let date = Date::parse(&self.agreement.date_agreed).expect("validated above");
        let catalogue = offers_by_id(ctx.offers);
        let ordered: Vec<&Offer> = self.subscriptions.iter().filter_map(|l| catalogue.get(l.offer_id.as_str()).copied()).collect();
        let billing_cycle = billing_cycle_for(&ordered).expect("validated above");

        Ok(SubmitRequest {
            customer: Customer {
                company_profile: CompanyProfile {
                    domain: format!("{}{DOMAIN_SUFFIX}", text::to_lowercase(a.domain_prefix.trim())),
                    // Only where Partner Center asks for it: elsewhere it answers 600002
                    // (not supported). Without country rules, send what was typed.
                    organization_registration_number: opt(&a.organization_registration_number)
                        .filter(|_| country.is_none_or(|r| r.is_organization_registration_number_required)),
                },
                billing_profile: BillingProfile {
                    email: a.contact.email.trim().to_owned(),
                    culture,
                    language,
                    company_name: a.company_name.trim().to_owned(),
                    default_address: Address {
                        first_name: a.contact.first_name.trim().to_owned(),
                        last_name: a.contact.last_name.trim().to_owned(),
                        address_line1: addr.address_line1.trim().to_owned(),
                        address_line2: opt(&addr.address_line2),
                        city: addr.city.trim().to_owned(),
                        state: opt(&addr.state),
                        postal_code: opt(&addr.postal_code).map(|p| text::to_uppercase(&p)),
                        country: addr.country.trim().to_owned(),
                        phone_number: opt(&addr.phone_number),
                    },
                },
                associated_partner_id: reseller.map(|r| r.id.clone()),
            },
            agreement: Agreement {
                primary_contact: PrimaryContact {
                    first_name: self.agreement.signer.first_name.trim().to_owned(),
                    last_name: self.agreement.signer.last_name.trim().to_owned(),
                    email: self.agreement.signer.email.trim().to_owned(),
                    phone_number: opt(&self.agreement.signer.phone_number),
                },
                template_id: ctx.template_id.to_owned(),
                date_agreed: date.to_utc_midnight(),
                agreement_type: MCA_AGREEMENT_TYPE.to_owned(),
            },
            order: Order {
                reference_customer_id: None,
                billing_cycle: billing_cycle.into(),
                line_items: self
                    .subscriptions
                    .iter()
                    .enumerate()
                    .map(|(i, line)| LineItem {
                        line_item_number: i as u32,
                        offer_id: line.offer_id.clone(),
                        friendly_name: catalogue.get(line.offer_id.as_str()).map(|o| o.name.clone()),
                        // Not `expect`: it would format the `Message` with `Debug`, code
                        // the browser bundle otherwise does without.
                        quantity: match rules::quantity(&line.quantity) {
                            Ok(quantity) => quantity,
                            Err(_) => unreachable!("validated above"),
                        },
                        partner_id_on_record: reseller.map(|r| r.mpn_id.clone()),
                    })
                    .collect(),
            },
        })
    }
}
