// <add-customer-wizard>: the one module a host page loads.
//
//   <script type="module" src="https://…/wizard.js"></script>
//   <add-customer-wizard api-base="https://api.example.com/v1" locale="sv-SE"></add-customer-wizard>
//
// The wizard renders into its own shadow root (styles are isolated both ways)
// and talks to the host only through attributes, properties and DOM events.
import init, { mount } from './add-customer-wizard.js';

const base = new URL('.', import.meta.url);
let wasmReady;
const loadWasm = () =>
  (wasmReady ??= init({ module_or_path: new URL('add-customer-wizard_bg.wasm', base) }));

const ATTRIBUTES = [
  'api-base', 'locale', 'indirect', 'allowed-countries', 'storage-key', 'storage',
  'relationship-url', 'manage-title',
];

// Shown before the WASM can speak for itself (the app's own catalogue lives in the WASM).
const LOAD_FAILED = {
  en: 'The add-customer wizard could not be loaded. Check your connection and reload the page.',
  sv: 'Guiden för att lägga till kunder kunde inte läsas in. Kontrollera anslutningen och läs in sidan igen.',
};

export class AddCustomerWizard extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #handle = null;
  #container;
  #tokenProvider = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = new URL('wizard.css', base).href;
    this.#container = document.createElement('div');
    this.#container.className = 'acw-root';
    this.#container.setAttribute('aria-busy', 'true');
    root.append(style, this.#container);
  }

  /** An async function returning a bearer token; called before each request
   * and again with `{ refresh: true }` after a 401. Never stored by the wizard. */
  set tokenProvider(fn) { this.#tokenProvider = typeof fn === 'function' ? fn : null; }
  get tokenProvider() { return this.#tokenProvider; }

  get config() {
    const list = (name) => (this.getAttribute(name) ?? '').split(/[\s,]+/).filter(Boolean);
    return {
      apiBase: this.getAttribute('api-base') ?? '/v1',
      locale: this.getAttribute('locale') ?? navigator.language ?? 'en-US',
      indirect: this.hasAttribute('indirect'),
      allowedCountries: list('allowed-countries').map((c) => c.toUpperCase()),
      storageKey: this.getAttribute('storage-key') ?? 'default',
      storage: this.getAttribute('storage') === 'session' ? 'session' : 'local',
      relationshipUrl: this.getAttribute('relationship-url') ?? '',
      manageTitle: this.hasAttribute('manage-title'),
      tokenProvider: (options) => (this.#tokenProvider ? this.#tokenProvider(options ?? {}) : Promise.resolve('')),
    };
  }

  async connectedCallback() {
    try {
      await loadWasm();
    } catch (error) {
      console.error(error);
      const lang = (this.getAttribute('locale') ?? navigator.language ?? 'en').slice(0, 2);
      this.#container.textContent = LOAD_FAILED[lang] ?? LOAD_FAILED.en;
      this.#container.setAttribute('role', 'alert');
      return;
    }
    if (!this.isConnected || this.#handle) return;
    this.#container.removeAttribute('aria-busy');
    this.#handle = mount(this.#container, this, this.config);
  }

  disconnectedCallback() {
    this.#handle?.unmount();
    this.#handle = null;
  }

  attributeChangedCallback() {
    this.#handle?.update(this.config);
  }
}

if (!customElements.get('add-customer-wizard')) {
  customElements.define('add-customer-wizard', AddCustomerWizard);
}

/** For hosts that prefer a function: mounts into `element` (no custom element). */
export async function mountWizard(element, config) {
  await loadWasm();
  return mount(element, element, config);
}
