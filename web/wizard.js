// <add-customer-wizard>: the one module a host page loads.
//
//   <script type="module" src="https://…/wizard.js"></script>
//   <add-customer-wizard api-base="https://api.example.com/v1" locale="sv-SE"></add-customer-wizard>
//
// The wizard renders into its own shadow root (styles are isolated both ways)
// and talks to the host only through attributes, properties and DOM events.
// It never touches the page URL, <body>, document-level listeners or the
// title (unless `manage-title` says the page is the wizard's own).

// The app's glue and its .wasm are requested together as soon as this module
// runs, beside the stylesheet, instead of in a chain (this module, then the
// glue it imports, then the .wasm the glue asks for): a page that embeds only
// this module waits one round trip less for the first field. (A static import
// would hold this module back until the glue had arrived.)
const base = new URL('.', import.meta.url);
const glue = import('./add-customer-wizard.js');
const wasm = fetch(new URL('add-customer-wizard_bg.wasm', base));
// A failure is reported where it is awaited: the wizard says it could not load.
glue.catch(() => {});
wasm.catch(() => {});
let mount;
let wasmReady;
const loadWasm = () => (wasmReady ??= glue.then(async (app) => {
  await app.default({ module_or_path: wasm });
  ({ mount } = app);
}));

const ATTRIBUTES = [
  'api-base', 'locale', 'indirect', 'allowed-countries', 'storage-key', 'storage',
  'relationship-url', 'manage-title', 'start', 'draft-days',
];

// Shown before the WASM can speak for itself (the app's own catalogue lives in the WASM).
const LOAD_FAILED = {
  en: 'The add-customer wizard could not be loaded. Check your connection and reload the page.',
  sv: 'Guiden för att lägga till kunder kunde inte läsas in. Kontrollera anslutningen och läs in sidan igen.',
};

const browserLocale = () => navigator.languages?.[0] ?? navigator.language ?? 'en-US';

/** Builds the shadow content: the wizard's stylesheet and the container the
 * app mounts into. Resolves once the stylesheet has loaded, so the wizard is
 * never seen unstyled. */
function shadowContainer(root) {
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = new URL('wizard.css', base).href;
  const container = document.createElement('div');
  container.className = 'acw-root';
  container.setAttribute('aria-busy', 'true');
  const styled = new Promise((resolve) => {
    style.addEventListener('load', resolve, { once: true });
    style.addEventListener('error', resolve, { once: true });
  });
  root.append(style, container);
  return { style, container, styled };
}

function showLoadFailed(container, locale) {
  console.error('add-customer-wizard: could not load');
  container.textContent = LOAD_FAILED[locale.slice(0, 2).toLowerCase()] ?? LOAD_FAILED.en;
  container.setAttribute('role', 'alert');
  container.removeAttribute('aria-busy');
}

export class AddCustomerWizard extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #handle = null;
  #container;
  #styled;
  #tokenProvider = null;

  constructor() {
    super();
    ({ container: this.#container, styled: this.#styled } = shadowContainer(this.attachShadow({ mode: 'open' })));
    // A host may have set the property before this module defined the element:
    // take it over from the plain object so the setter below sees it.
    if (Object.hasOwn(this, 'tokenProvider')) {
      const provider = this.tokenProvider;
      delete this.tokenProvider;
      this.tokenProvider = provider;
    }
  }

  /** An async function returning a bearer token; called before each request
   * and again with `{ refresh: true }` after a 401. Never stored by the wizard. */
  set tokenProvider(fn) { this.#tokenProvider = typeof fn === 'function' ? fn : null; }
  get tokenProvider() { return this.#tokenProvider; }

  get config() {
    const list = (name) => (this.getAttribute(name) ?? '').split(/[\s,]+/).filter(Boolean);
    return {
      apiBase: this.getAttribute('api-base') || '/v1',
      locale: this.getAttribute('locale') || browserLocale(),
      indirect: this.hasAttribute('indirect') && this.getAttribute('indirect') !== 'false',
      allowedCountries: list('allowed-countries').map((c) => c.toUpperCase()),
      storageKey: this.getAttribute('storage-key') || 'default',
      storage: this.getAttribute('storage') === 'session' ? 'session' : 'local',
      relationshipUrl: this.getAttribute('relationship-url') ?? '',
      draftDays: this.getAttribute('draft-days') ?? '',
      manageTitle: this.hasAttribute('manage-title'),
      start: this.getAttribute('start') === 'add-customer' ? 'add-customer' : 'customers',
      // Asked afresh on every request: whatever the host holds now.
      tokenProvider: (options) => (this.#tokenProvider ? this.#tokenProvider(options ?? {}) : Promise.resolve('')),
    };
  }

  async connectedCallback() {
    try {
      await Promise.all([loadWasm(), this.#styled]);
    } catch (error) {
      console.error(error);
      showLoadFailed(this.#container, this.config.locale);
      return;
    }
    // Removed (or already mounted) while loading: nothing to do.
    if (!this.isConnected || this.#handle) return;
    this.#container.removeAttribute('aria-busy');
    this.#handle = mount(this.#container, this, this.config);
  }

  disconnectedCallback() {
    // Moved within the page: disconnected then connected again; the draft is
    // saved on unmount and restored on the next mount.
    this.#handle?.unmount();
    this.#handle?.free();
    this.#handle = null;
  }

  attributeChangedCallback(_name, oldValue, newValue) {
    if (oldValue !== newValue) this.#handle?.update(this.config);
  }
}

if (!customElements.get('add-customer-wizard')) {
  customElements.define('add-customer-wizard', AddCustomerWizard);
}

/** For hosts that prefer a function: mounts a wizard into `element` (inside a
 * shadow root of its own, as the custom element does) and dispatches its
 * events on `element`. `config` has the attributes' names in camelCase
 * (`apiBase`, `locale`, `indirect`, `allowedCountries`, `storageKey`,
 * `storage`, `relationshipUrl`, `start`, `draftDays`) and `tokenProvider`. Returns
 * `{ update(config), unmount() }`. */
export async function mountWizard(element, config = {}) {
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const { style, container, styled } = shadowContainer(root);
  const withDefaults = (c) => ({ apiBase: '/v1', locale: browserLocale(), ...c });
  try {
    await Promise.all([loadWasm(), styled]);
  } catch (error) {
    console.error(error);
    showLoadFailed(container, withDefaults(config).locale);
    throw error;
  }
  container.removeAttribute('aria-busy');
  let handle = mount(container, element, withDefaults(config));
  return {
    update(next) { handle?.update(withDefaults(next)); },
    unmount() {
      handle?.unmount();
      handle?.free();
      handle = null;
      container.remove();
      style.remove();
    },
  };
}
