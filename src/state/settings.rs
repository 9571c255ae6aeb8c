//! What the host tells the wizard (its configuration) and what the wizard
//! tells the host (events): the one place the rest of the app meets the host.

use crate::i18n::{self, Key, Locale};
use crate::services::api::Api;
use crate::services::browser;
use crate::services::storage::{Namespace, StorageKind};
use crate::step::Step;
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone)]
pub(crate) struct HostConfig {
    /// Base URL of the API, e.g. `/v1` or `https://api.example.com/v1`.
    pub(crate) api_base: String,
    pub(crate) locale: Locale,
    /// The signed-in partner is an indirect provider: ask for the reseller.
    pub(crate) indirect: bool,
    /// ISO codes of the partner's region; empty means every country.
    pub(crate) allowed_countries: Vec<String>,
    /// Namespaces saved drafts so two partners on one browser never meet.
    pub(crate) storage_key: String,
    pub(crate) storage: StorageKind,
    /// Where "request a relationship" leads for existing customers; only an
    /// `http:`/`https:` URL, anything else is dropped (see [`browser::link`]).
    pub(crate) relationship_url: String,
    /// Drafts not saved for this many days are removed when the wizard starts.
    pub(crate) draft_days: u32,
    /// The wizard owns the page, so it may set `document.title`.
    pub(crate) manage_title: bool,
    /// `(options) => Promise<string>`: the host's bearer token.
    pub(crate) token_provider: Option<js_sys::Function>,
    /// Open on Account info with a new customer instead of the customer list
    /// (a portal that lists customers itself).
    pub(crate) start_with_add_customer: bool,
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            api_base: "/v1".into(),
            locale: Locale::EnUs,
            indirect: false,
            allowed_countries: Vec::new(),
            storage_key: "default".into(),
            storage: StorageKind::Local,
            relationship_url: String::new(),
            draft_days: customer_domain::draft::DEFAULT_DRAFT_DAYS,
            manage_title: false,
            token_provider: None,
            start_with_add_customer: false,
        }
    }
}

/// The host's options by name (a JS object's properties, in the browser).
pub(crate) trait ConfigSource {
    fn string(&self, key: &str) -> Option<String>;
    fn flag(&self, key: &str) -> Option<bool>;
    /// The strings of an array (other items left out); `None` when not an array.
    fn list(&self, key: &str) -> Option<Vec<String>>;
    /// A string, or a number as its text (`draftDays` may come as either).
    fn text(&self, key: &str) -> Option<String> {
        self.string(key)
    }
}

impl HostConfig {
    /// Reads the host's options; anything missing or of the wrong type keeps
    /// its default. (The token provider is a function: the host layer adds it.)
    pub(crate) fn read(source: &impl ConfigSource) -> Self {
        let d = Self::default();
        let string = |key: &str, default: String| source.string(key).unwrap_or(default);
        let flag = |key: &str| source.flag(key).unwrap_or(false);
        Self {
            api_base: string("apiBase", d.api_base).trim_end_matches('/').to_owned(),
            locale: Locale::from_tag(&string("locale", "en-US".into())),
            indirect: flag("indirect"),
            allowed_countries: source.list("allowedCountries").unwrap_or_default().into_iter().map(|c| customer_domain::text::to_uppercase(&c)).collect(),
            storage_key: string("storageKey", d.storage_key),
            storage: if string("storage", String::new()) == "session" { StorageKind::Session } else { StorageKind::Local },
            relationship_url: browser::link("relationship-url", &string("relationshipUrl", d.relationship_url)),
            draft_days: draft_days(source.text("draftDays"), d.draft_days),
            manage_title: flag("manageTitle"),
            token_provider: None,
            start_with_add_customer: string("start", String::new()) == "add-customer",
        }
    }

    pub(crate) fn api(&self) -> Api {
        Api { base: self.api_base.clone(), locale: self.locale, token_provider: self.token_provider.clone() }
    }

    /// Where this host's drafts are stored.
    pub(crate) fn drafts(&self) -> Namespace {
        Namespace { key: self.storage_key.clone(), kind: self.storage.clone() }
    }

    /// Another storage key or kind: another partner's drafts.
    pub(crate) fn other_drafts_than(&self, other: &HostConfig) -> bool {
        self.drafts() != other.drafts()
    }

    /// Where a fresh wizard opens: the customer list, or Account info when
    /// the host lists customers itself.
    pub(crate) fn first_step(&self) -> Step {
        if self.start_with_add_customer { Step::Account } else { Step::Customers }
    }
}

/// `draft-days`: a whole number of days from 1 to 3650; anything else keeps
/// the default, with a warning.
fn draft_days(value: Option<String>, default: u32) -> u32 {
    let text = value.unwrap_or_default();
    if text.trim().is_empty() {
        return default;
    }
    match text.trim().parse::<u32>() {
        Ok(days) if (1..=3650).contains(&days) => days,
        _ => {
            browser::warn(&format!("draft-days {text:?} is not a number of days from 1 to 3650; keeping {default}"));
            default
        }
    }
}

/// What the host hears (as DOM events on its element).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum HostEvent {
    /// Never carries the password.
    CustomerCreated { id: String, domain: String, company_name: String },
    StepChange(Step),
    DraftSaved { saved_at: String },
    /// The user left the wizard with Cancel from this step.
    Cancel(Step),
}

/// The configuration and the way to the host.
#[derive(Clone, Copy)]
pub(crate) struct Settings {
    pub(crate) config: RwSignal<HostConfig, LocalStorage>,
    to_host: StoredValue<Option<Rc<dyn Fn(HostEvent)>>, LocalStorage>,
}

impl Settings {
    pub(crate) fn new(config: HostConfig) -> Self {
        Self { config: RwSignal::new_local(config), to_host: StoredValue::new_local(None) }
    }

    /// Where the host's events go (set once by the host layer).
    pub(crate) fn on_host_event(&self, send: impl Fn(HostEvent) + 'static) {
        self.to_host.set_value(Some(Rc::new(send)));
    }

    pub(crate) fn tell_host(&self, event: HostEvent) {
        if let Some(send) = self.to_host.try_with_value(|s| s.clone()).flatten() {
            send(event);
        }
    }

    pub(crate) fn locale(&self) -> Locale {
        self.config.with(|c| c.locale)
    }

    /// Text for a catalogue key in the current language (reactive).
    pub(crate) fn t(&self, key: Key) -> &'static str {
        i18n::text(self.locale(), key)
    }

    /// A key's text as a view child that follows the language. Every key's
    /// closure is of this one type, so the framework's code that renders
    /// and updates it is compiled once, not once per call site.
    pub(crate) fn text(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    pub(crate) fn indirect(&self) -> bool {
        self.config.with(|c| c.indirect)
    }

    pub(crate) fn api(&self) -> Api {
        self.config.with_untracked(HostConfig::api)
    }

    pub(crate) fn drafts(&self) -> Namespace {
        self.config.with_untracked(HostConfig::drafts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    enum Value {
        Text(&'static str),
        Flag(bool),
        List(Vec<&'static str>),
        Number,
    }

    struct Options(HashMap<&'static str, Value>);

    impl ConfigSource for Options {
        fn string(&self, key: &str) -> Option<String> {
            match self.0.get(key)? {
                Value::Text(t) => Some((*t).to_owned()),
                _ => None,
            }
        }
        fn flag(&self, key: &str) -> Option<bool> {
            match self.0.get(key)? {
                Value::Flag(b) => Some(*b),
                _ => None,
            }
        }
        fn list(&self, key: &str) -> Option<Vec<String>> {
            match self.0.get(key)? {
                Value::List(items) => Some(items.iter().map(|s| (*s).to_owned()).collect()),
                _ => None,
            }
        }
    }

    fn read(entries: Vec<(&'static str, Value)>) -> HostConfig {
        HostConfig::read(&Options(entries.into_iter().collect()))
    }

    #[test]
    fn nothing_given_means_the_defaults() {
        let c = read(vec![]);
        assert_eq!(c.api_base, "/v1");
        assert_eq!(c.locale, Locale::EnUs);
        assert!(!c.indirect && !c.manage_title && !c.start_with_add_customer);
        assert!(c.allowed_countries.is_empty());
        assert_eq!(c.drafts(), Namespace { key: "default".into(), kind: StorageKind::Local });
        assert_eq!(c.relationship_url, "");
        assert_eq!(c.first_step(), Step::Customers);
    }

    #[test]
    fn every_option_is_read() {
        let c = read(vec![
            ("apiBase", Value::Text("https://api.example.com/v1/")),
            ("locale", Value::Text("sv-SE")),
            ("indirect", Value::Flag(true)),
            ("allowedCountries", Value::List(vec!["se", "NO"])),
            ("storageKey", Value::Text("partner-7")),
            ("storage", Value::Text("session")),
            ("relationshipUrl", Value::Text("https://portal.example.com/relationships")),
            ("manageTitle", Value::Flag(true)),
            ("start", Value::Text("add-customer")),
        ]);
        assert_eq!(c.api_base, "https://api.example.com/v1", "no trailing slash");
        assert_eq!(c.locale, Locale::SvSe);
        assert!(c.indirect && c.manage_title);
        assert_eq!(c.allowed_countries, ["SE", "NO"], "upper-cased");
        assert_eq!(c.drafts(), Namespace { key: "partner-7".into(), kind: StorageKind::Session });
        assert_eq!(c.relationship_url, "https://portal.example.com/relationships");
        assert_eq!(c.first_step(), Step::Account);
        assert_eq!(c.api().base, "https://api.example.com/v1");
    }

    #[test]
    fn values_of_the_wrong_type_keep_the_defaults() {
        let c = read(vec![
            ("apiBase", Value::Number),
            ("indirect", Value::Text("yes")),
            ("allowedCountries", Value::Text("SE")),
            ("storage", Value::Text("cookies")),
            ("start", Value::Text("review")),
            ("locale", Value::Text("xx-YY")),
        ]);
        assert_eq!(c.api_base, "/v1");
        assert!(!c.indirect);
        assert!(c.allowed_countries.is_empty());
        assert_eq!(c.storage, StorageKind::Local);
        assert_eq!(c.first_step(), Step::Customers);
        assert_eq!(c.locale, Locale::from_tag("xx-YY"));
    }

    #[test]
    fn another_storage_key_or_kind_is_another_partners_drafts() {
        let a = read(vec![("storageKey", Value::Text("a"))]);
        assert!(!a.other_drafts_than(&a.clone()));
        assert!(a.other_drafts_than(&read(vec![("storageKey", Value::Text("b"))])));
        assert!(a.other_drafts_than(&read(vec![("storageKey", Value::Text("a")), ("storage", Value::Text("session"))])));
        let mut same_drafts = a.clone();
        same_drafts.locale = Locale::SvSe;
        assert!(!a.other_drafts_than(&same_drafts));
    }
}
