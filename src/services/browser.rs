//! Small browser helpers: ids, dates, the browser's Intl for names,
//! numbers and sorting, timers, and downloads.

use wasm_bindgen::{JsCast, JsValue};

/// A random GUID (`crypto.randomUUID`, available in every supported browser).
pub(crate) fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:08x}-0000-4000-8000-{:012x}", js_sys::Date::now() as u64 as u32, (js_sys::Math::random() * 1e14) as u64))
}

/// Today's date in UTC, the reference for "not in the future".
#[cfg(target_arch = "wasm32")]
pub(crate) fn today_utc() -> customer_domain::date::Date {
    let now = js_sys::Date::new_0();
    customer_domain::date::Date::new(now.get_utc_full_year() as u16, now.get_utc_month() as u8 + 1, now.get_utc_date() as u8)
        .expect("the browser's date is a real date")
}

/// Natively (the tests of the step flow) the system clock gives the date.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn today_utc() -> customer_domain::date::Date {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    customer_domain::date::Date::new(year, month, day).expect("a real date")
}

/// Milliseconds since 1970 (`Date.now()`; natively the system clock).
pub(crate) fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_millis() as f64)
}

pub(crate) fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Country name in the user's language from the browser's Intl.DisplayNames
/// (no country names are compiled into the app).
pub(crate) fn country_name(locale: &str, iso2: &str) -> String {
    DisplayNames::regions(locale).of(iso2)
}

/// One `Intl.DisplayNames` for many look-ups (building one per name is slow):
/// names of countries and languages in the user's language, for free.
pub(crate) struct DisplayNames(Option<(JsValue, js_sys::Function)>);

impl DisplayNames {
    pub(crate) fn regions(locale: &str) -> Self {
        Self::new(locale, "region")
    }

    pub(crate) fn languages(locale: &str) -> Self {
        Self::new(locale, "language")
    }

    fn new(locale: &str, kind: &str) -> Self {
        if !cfg!(target_arch = "wasm32") {
            // Natively (the build-time render) there is no Intl: codes stand for names.
            return Self(None);
        }
        let build = || -> Option<(JsValue, js_sys::Function)> {
            let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
            let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"DisplayNames".into()).ok()?.dyn_into().ok()?;
            let options = js_sys::Object::new();
            js_sys::Reflect::set(&options, &"type".into(), &kind.into()).ok()?;
            let names = js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&JsValue::from_str(locale), &options)).ok()?;
            let of = js_sys::Reflect::get(&names, &"of".into()).ok()?.dyn_into().ok()?;
            Some((names, of))
        };
        Self(build())
    }

    /// The name of a region or language code; the code itself when unknown.
    pub(crate) fn of(&self, code: &str) -> String {
        self.of_js(code).as_string().unwrap_or_else(|| code.to_owned())
    }

    /// The name as the JS engine gives it (not a string when unknown).
    fn of_js(&self, code: &str) -> JsValue {
        self.0.as_ref().and_then(|(names, of)| of.call1(names, &JsValue::from_str(code)).ok()).unwrap_or(JsValue::UNDEFINED)
    }
}

/// Puts `options` (value, text) in a list after its first option (the
/// placeholder), replacing those there, and selects `selected`. The browser
/// makes them in one pass: as reactive views, the 246 countries cost the
/// Account step's first render ~60 ms at 4× CPU, and naming them (every key
/// changed) as much again.
#[cfg(target_arch = "wasm32")]
pub(crate) fn set_options(select: &web_sys::HtmlSelectElement, options: &[(String, String)], selected: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    select.options().set_length(1);
    let fragment = document.create_document_fragment();
    for (value, text) in options {
        if let Ok(option) = web_sys::HtmlOptionElement::new_with_text_and_value(text, value) {
            let _ = fragment.append_child(&option);
        }
    }
    let _ = select.append_child(&fragment);
    select.set_value(selected);
}

/// `(code, name)` for each region code: named in the user's language by
/// `Intl.DisplayNames`, sorted as that language sorts (Å after Z in Swedish)
/// by `Intl.Collator`. The sort runs inside the JS engine in one call:
/// comparing pair by pair across the boundary cost ~40 ms at 4× CPU for the
/// 246 countries, on the app's first render.
pub(crate) fn regions_by_name(locale: &str, codes: impl IntoIterator<Item = String>) -> Vec<(String, String)> {
    let mut codes: Vec<String> = codes.into_iter().collect();
    if !cfg!(target_arch = "wasm32") {
        // Natively (the build-time render) there is no Intl: codes stand for names.
        codes.sort();
        return codes.into_iter().map(|code| (code.clone(), code)).collect();
    }
    let names = DisplayNames::regions(locale);
    // An unknown code stands for its name, as in `DisplayNames::of`.
    let named: Vec<JsValue> = codes.iter().map(|code| Some(names.of_js(code)).filter(JsValue::is_string).unwrap_or_else(|| code.as_str().into())).collect();
    let texts: Vec<String> = named.iter().map(|name| name.as_string().unwrap_or_default()).collect();
    let Some(sorted) = sorted_by_collator(locale, named) else {
        let mut pairs: Vec<(String, String)> = codes.into_iter().zip(texts).collect();
        super::order::sort_by(&mut pairs, |a, b| a.1.cmp(&b.1));
        return pairs;
    };
    // Back from sorted names to their codes (a name given twice takes its
    // codes in their order). A linear search: ~30,000 comparisons of short
    // names take well under a millisecond, and a second sort would cost the
    // build more.
    let mut taken = vec![false; texts.len()];
    let mut pairs = Vec::with_capacity(texts.len());
    for name in sorted {
        if let Some(at) = (0..texts.len()).find(|&at| !taken[at] && texts[at] == name) {
            taken[at] = true;
            pairs.push((codes[at].clone(), name));
        }
    }
    pairs
}

/// The texts sorted by the browser's `Intl.Collator` for `locale`, in one
/// `Array.prototype.sort` call; `None` when that fails.
fn sorted_by_collator(locale: &str, texts: Vec<JsValue>) -> Option<Vec<String>> {
    let collator = js_sys::Intl::Collator::new(&js_sys::Array::of1(&JsValue::from_str(locale)), &js_sys::Object::new());
    let array: js_sys::Array = texts.into_iter().collect();
    let sort: js_sys::Function = js_sys::Reflect::get(&array, &"sort".into()).ok()?.dyn_into().ok()?;
    sort.call1(&array, &collator.compare()).ok()?;
    array.iter().map(|text| text.as_string()).collect()
}

/// An ISO 8601 timestamp as a date in the user's language.
pub(crate) fn format_date(locale: &str, iso: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    String::from(date.to_locale_date_string(locale, &JsValue::UNDEFINED))
}

thread_local! {
    /// The last locale's number formatter: `toLocaleString(locale)` builds a
    /// new Intl.NumberFormat on every call, and offer rows format two numbers each.
    static NUMBER_FORMAT: std::cell::RefCell<Option<(String, js_sys::Function)>> = const { std::cell::RefCell::new(None) };
}

/// A count in the user's language by the browser's Intl (`10 000` in Swedish, `10,000` in English).
pub(crate) fn format_number(locale: &str, n: usize) -> String {
    NUMBER_FORMAT.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.as_ref().is_none_or(|(cached, _)| cached != locale) {
            let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&JsValue::from_str(locale)), &js_sys::Object::new()).format();
            *cache = Some((locale.to_owned(), format));
        }
        let (_, format) = cache.as_ref().expect("just filled");
        format.call1(&JsValue::NULL, &JsValue::from_f64(n as f64)).ok().and_then(|v| v.as_string()).unwrap_or_else(|| n.to_string())
    })
}

/// The browser's case mapping for the domain's rules (`customer_domain::text`):
/// the same Unicode default mapping as the standard library's, without its
/// tables in the WebAssembly. Installed before anything reads a value.
pub(crate) fn install_case_mapping() {
    customer_domain::text::install(customer_domain::text::CaseMapping {
        lower: |text| js_sys::JsString::from(text).to_lower_case().into(),
        upper: |text| js_sys::JsString::from(text).to_upper_case().into(),
    });
}

/// Waits `ms` milliseconds without blocking the page.
pub(crate) async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A saved-at time as date and time in the user's language.
pub(crate) fn format_date_time(locale: &str, iso: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string(locale, &options))
}

/// A `blob:` URL of `text` as a JSON file (for a download link; revoke it when the link goes).
pub(crate) fn json_blob_url(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Runs a callback once calls to [`schedule`](Self::schedule) pause for the
/// delay. One JS closure for its whole life: Leptos's `set_timeout_with_handle`
/// makes a closure per timeout that is freed only when it runs, so a debounce
/// cleared on every keystroke would leave one behind per keystroke. A call
/// only moves the deadline on; the one timer, when it fires early, waits out
/// the rest (a browser timer per keystroke costs more than the keystroke's own
/// work). Dropping the debounce clears its timer.
#[cfg(target_arch = "wasm32")]
pub(crate) struct Debounce {
    /// Owned here so the browser's copy stays callable while the debounce lives.
    _callback: wasm_bindgen::closure::Closure<dyn Fn()>,
    waiting: std::rc::Rc<Waiting>,
    delay_ms: f64,
}

/// The timer under way and the time (`Date.now()`) the callback is due.
#[cfg(target_arch = "wasm32")]
#[derive(Default)]
struct Waiting {
    timer: std::cell::Cell<Option<i32>>,
    due: std::cell::Cell<f64>,
    /// The callback as the browser calls it, to wait out the rest.
    callback: std::cell::OnceCell<js_sys::Function>,
}

#[cfg(target_arch = "wasm32")]
impl Waiting {
    fn arm(&self, after_ms: f64) {
        if let (Some(w), Some(callback)) = (web_sys::window(), self.callback.get()) {
            self.timer.set(w.set_timeout_with_callback_and_timeout_and_arguments_0(callback, after_ms.ceil() as i32).ok());
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Debounce {
    pub(crate) fn new(delay: std::time::Duration, run: impl Fn() + 'static) -> Self {
        let waiting = std::rc::Rc::new(Waiting::default());
        let fired = waiting.clone();
        let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            fired.timer.set(None);
            let left = fired.due.get() - js_sys::Date::now();
            if left > 0.0 {
                fired.arm(left);
            } else {
                run();
            }
        });
        let _ = waiting.callback.set(callback.as_ref().unchecked_ref::<js_sys::Function>().clone());
        Self { _callback: callback, waiting, delay_ms: delay.as_millis() as f64 }
    }

    /// (Re)starts the wait.
    pub(crate) fn schedule(&self) {
        self.waiting.due.set(js_sys::Date::now() + self.delay_ms);
        if self.waiting.timer.get().is_none() {
            self.waiting.arm(self.delay_ms);
        }
    }

    /// Stops the wait; `true` when a run was pending.
    pub(crate) fn cancel(&self) -> bool {
        match (self.waiting.timer.take(), web_sys::window()) {
            (Some(id), Some(w)) => {
                w.clear_timeout_with_handle(id);
                true
            }
            (pending, _) => pending.is_some(),
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for Debounce {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Natively (the build-time render of the first screen) nothing is ever
/// scheduled: there are no timers, and nothing is typed.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct Debounce;

#[cfg(not(target_arch = "wasm32"))]
impl Debounce {
    pub(crate) fn new(_delay: std::time::Duration, _run: impl Fn() + 'static) -> Self {
        Self
    }
    pub(crate) fn schedule(&self) {}
    pub(crate) fn cancel(&self) -> bool {
        false
    }
}

/// A warning for the host page's developer, in the browser console.
pub(crate) fn warn(text: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&format!("add-customer-wizard: {text}").into());
    #[cfg(not(target_arch = "wasm32"))]
    let _ = text;
}

/// A URL from outside as a link target: only `http:`/`https:`, else nothing,
/// with a warning for the host's developer.
pub(crate) fn link(what: &str, url: &str) -> String {
    match customer_domain::link::safe_link(url) {
        Some(safe) => safe.to_owned(),
        None => {
            if !url.trim().is_empty() {
                warn(&format!("{what} is not an http: or https: URL; no link is shown"));
            }
            String::new()
        }
    }
}

/// The longest `when_idle` waits for the browser to be idle.
#[cfg(target_arch = "wasm32")]
const IDLE_AT_MOST_MS: f64 = 2_000.0;

/// Runs `run` when the browser is next idle (`requestIdleCallback`; at once
/// where there is none, as in Safari), or after [`IDLE_AT_MOST_MS`]: a page
/// that is never idle (a portal's animation, say) would otherwise hold it
/// back for good.
#[cfg(target_arch = "wasm32")]
pub(crate) fn when_idle(run: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else { return };
    let callback = wasm_bindgen::closure::Closure::once_into_js(run);
    let idle = js_sys::Reflect::get(&w, &"requestIdleCallback".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let _ = match idle {
        Some(request) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &IDLE_AT_MOST_MS.into());
            request.call2(&w, &callback, &options).map(drop)
        }
        None => w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0).map(drop),
    };
}

/// Natively nothing is idle-scheduled (the build-time render runs no effects).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn when_idle(_run: impl FnOnce() + 'static) {}
