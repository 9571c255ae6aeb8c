//! DOM events to the host page: they bubble and cross shadow boundaries.

use crate::state::HostEvent;
use wasm_bindgen::JsValue;

fn object(entries: &[(&str, &str)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (k, v) in entries {
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    obj.into()
}

/// Dispatches `event` on the host's element:
/// `customer-created` `{id, domain, companyName}` (never the password),
/// `step-change` `{step}`, `draft-saved` `{savedAt}`, `cancel` `{step}`.
pub(crate) fn dispatch(host: &web_sys::HtmlElement, event: HostEvent) {
    let (name, detail) = match &event {
        HostEvent::CustomerCreated { id, domain, company_name } => {
            ("customer-created", object(&[("id", id), ("domain", domain), ("companyName", company_name)]))
        }
        HostEvent::StepChange(step) => ("step-change", object(&[("step", step.name())])),
        HostEvent::DraftSaved { saved_at } => ("draft-saved", object(&[("savedAt", saved_at)])),
        HostEvent::Cancel(step) => ("cancel", object(&[("step", step.name())])),
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
