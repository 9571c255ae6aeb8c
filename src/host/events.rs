//! DOM events to the host page: they bubble and cross shadow boundaries.

use crate::api::SubmitResponse;
use crate::state::Wizard;
use leptos::prelude::WithValue;
use wasm_bindgen::JsValue;

fn dispatch(wizard: Wizard, name: &str, detail: JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        wizard.host.with_value(|host: &Option<web_sys::HtmlElement>| {
            if let Some(host) = host {
                let _ = host.dispatch_event(&event);
            }
        });
    }
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (k, v) in entries {
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    }
    obj.into()
}

/// `customer-created`: `{id, domain, companyName}` (never the password).
pub fn customer_created(wizard: Wizard, created: &SubmitResponse) {
    let c = &created.customer;
    dispatch(wizard, "customer-created", object(&[
        ("id", c.id.as_str().into()),
        ("domain", c.company_profile.domain.as_str().into()),
        ("companyName", c.billing_profile.company_name.as_str().into()),
    ]));
}

/// `step-change`: `{step}`.
pub fn step_change(wizard: Wizard, step: &str) {
    dispatch(wizard, "step-change", object(&[("step", step.into())]));
}

/// `draft-saved`: `{savedAt}`.
pub fn draft_saved(wizard: Wizard, saved_at: &str) {
    dispatch(wizard, "draft-saved", object(&[("savedAt", saved_at.into())]));
}

/// `cancel`: `{step}`, the user left the wizard with Cancel from that step.
pub fn cancel(wizard: Wizard, step: &str) {
    dispatch(wizard, "cancel", object(&[("step", step.into())]));
}
