//! A panic must never leave a frozen page: every mounted wizard is replaced
//! by a notice in its user's language (the draft is already in storage).

use crate::i18n::{self, Locale};
use std::cell::RefCell;

thread_local! {
    /// Every mounted wizard's container and language, for the crash notice.
    static MOUNTED: RefCell<Vec<(web_sys::HtmlElement, Locale)>> = const { RefCell::new(Vec::new()) };
}

pub(crate) fn install_notice() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("add-customer-wizard: {info}").into());
            MOUNTED.with(|mounted| {
                if let Ok(mounted) = mounted.try_borrow() {
                    for (container, locale) in mounted.iter() {
                        show_notice(container, *locale);
                    }
                }
            });
        }));
    });
}

fn show_notice(container: &web_sys::HtmlElement, locale: Locale) {
    container.set_text_content(None);
    if let Some(doc) = container.owner_document() {
        if let Ok(notice) = doc.create_element("p") {
            notice.set_class_name("crash-notice");
            let _ = notice.set_attribute("role", "alert");
            notice.set_text_content(Some(i18n::text(locale, i18n::Key::Crashed)));
            let _ = container.append_child(&notice);
        }
    }
}

/// A wizard now lives in `container`, in `locale`.
pub(crate) fn watch(container: &web_sys::HtmlElement, locale: Locale) {
    MOUNTED.with(|m| m.borrow_mut().push((container.clone(), locale)));
}

/// The wizard in `container` now speaks `locale`.
pub(crate) fn relabel(container: &web_sys::HtmlElement, locale: Locale) {
    MOUNTED.with(|m| {
        for entry in m.borrow_mut().iter_mut().filter(|(c, _)| c == container) {
            entry.1 = locale;
        }
    });
}

pub(crate) fn forget(container: &web_sys::HtmlElement) {
    MOUNTED.with(|m| m.borrow_mut().retain(|(c, _)| c != container));
}
