// The demo portal's own script (not the wizard's): it chooses the portal's
// language, signs in against the API the wizard talks to and hands the
// wizard a token provider, and shows what the wizard tells the host.
//
// Page parameters (the portal's, read here; the wizard never reads the URL):
//   ?api=https://api.example.com/v1   the API base (default /v1, this origin)
//   ?lang=sv-SE                        the portal's language (default: the browser's)
//   ?legacy=1                          switch on the legacy stylesheet
//   ?partner=fabrikam-partner          the partner to sign in as (the dev sign-in's; default demo-partner)

const params = new URLSearchParams(location.search);
const apiBase = (params.get('api') || '/v1').replace(/\/$/, '');
const partner = params.get('partner') || 'demo-partner';
const wizards = [...document.querySelectorAll('add-customer-wizard')];

// --- The portal's own texts -------------------------------------------------
const TEXT = {
  'en-US': {
    navCustomers: 'Customers', navRegions: 'Regions', language: 'Language', browserLanguage: 'Browser language',
    legacy: 'Legacy stylesheet', partner: 'Signed in as', customersTitle: 'Customers',
    customersLead: "Add your customers' Microsoft accounts without leaving the portal.",
    indirect: 'We are an indirect provider', activity: 'Activity', cspTitle: 'Content Security Policy',
    cspOk: 'No violations', nordics: 'Nordics', americas: 'North America',
    footer: 'Contoso Partner Portal · demo host page for the add-customer wizard',
    created: (d) => `Customer created: ${d.companyName} (${d.domain})`,
    step: (d) => `Step: ${d.step}`, saved: () => 'Draft saved', cancelled: (d) => `Cancelled on step ${d.step}`,
    violations: (n) => `${n} violation(s)`,
  },
  'sv-SE': {
    navCustomers: 'Kunder', navRegions: 'Regioner', language: 'Språk', browserLanguage: 'Webbläsarens språk',
    legacy: 'Äldre formatmall', partner: 'Inloggad som', customersTitle: 'Kunder',
    customersLead: 'Lägg till dina kunders Microsoft-konton utan att lämna portalen.',
    indirect: 'Vi är en indirekt leverantör', activity: 'Händelser', cspTitle: 'Innehållssäkerhetspolicy',
    cspOk: 'Inga överträdelser', nordics: 'Norden', americas: 'Nordamerika',
    footer: 'Contoso Partner Portal · demosida som bäddar in guiden för att lägga till kunder',
    created: (d) => `Kund skapad: ${d.companyName} (${d.domain})`,
    step: (d) => `Steg: ${d.step}`, saved: () => 'Utkastet sparat', cancelled: (d) => `Avbrutet i steget ${d.step}`,
    violations: (n) => `${n} överträdelse(r)`,
  },
};
let portalLocale = 'en-US';
const t = (key) => TEXT[portalLocale][key];

function setLanguage(tag) {
  portalLocale = (tag || navigator.language || 'en-US').toLowerCase().startsWith('sv') ? 'sv-SE' : 'en-US';
  document.documentElement.lang = portalLocale;
  for (const el of document.querySelectorAll('[data-text]')) el.textContent = t(el.dataset.text);
  for (const wizard of wizards) {
    if (tag) wizard.setAttribute('locale', tag);
    else wizard.removeAttribute('locale'); // the wizard follows the browser
  }
  renderCsp();
}

// --- Sign-in: a token per API for the chosen partner, refreshed when the wizard asks ---
// Each partner sees only its own customers; the dev sign-in issues a token for one.
const tokens = new Map();
async function signIn(base, refresh) {
  const cached = tokens.get(base);
  if (!refresh && cached && cached.expires > Date.now()) return cached.token;
  const response = await fetch(`${base}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ partnerId: partner }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  const { accessToken, expiresIn } = await response.json();
  tokens.set(base, { token: accessToken, expires: Date.now() + (expiresIn - 60) * 1000 });
  return accessToken;
}

for (const wizard of wizards) {
  wizard.setAttribute('api-base', apiBase);
  // Whatever API the wizard is pointed at now, a token for that API.
  wizard.tokenProvider = ({ refresh } = {}) => signIn(wizard.getAttribute('api-base') || '/v1', refresh);
}

// --- What the wizard tells the portal -------------------------------------------
window.portalEvents = [];
const log = document.getElementById('activity-log');
const SUMMARY = { 'customer-created': 'created', 'step-change': 'step', 'draft-saved': 'saved', cancel: 'cancelled' };
for (const type of Object.keys(SUMMARY)) {
  // Listened for on the document: the events bubble out of the element.
  document.addEventListener(type, (event) => {
    const detail = event.detail ?? {};
    window.portalEvents.push({ type, detail, bubbles: event.bubbles, composed: event.composed, source: event.target.id });
    const item = document.createElement('li');
    item.textContent = `${event.target.id}: ${TEXT[portalLocale][SUMMARY[type]](detail)}`;
    item.dataset.event = type;
    log.prepend(item);
    while (log.children.length > 12) log.lastElementChild.remove();
  });
}

// --- Content Security Policy: what csp-monitor.js recorded ------------------------
function renderCsp() {
  const violations = window.portalCspViolations ?? [];
  const status = document.getElementById('csp-status');
  status.textContent = violations.length ? t('violations')(violations.length) : t('cspOk');
  status.className = violations.length ? 'csp-bad' : 'csp-ok';
  const list = document.getElementById('csp-log');
  list.replaceChildren(...violations.map((v) => {
    const item = document.createElement('li');
    item.textContent = `${v.directive}: ${v.blockedURI || v.sample || v.sourceFile}`;
    return item;
  }));
}
document.addEventListener('portal-csp-violation', renderCsp);

// --- The portal's own controls --------------------------------------------------
const language = document.getElementById('portal-language');
language.value = params.get('lang') ?? '';
language.addEventListener('change', () => setLanguage(language.value));
setLanguage(language.value);

// Another partner: the page again, signed in as that partner (pages
// without the choice, as regions.html, keep the one they were opened with).
const partnerChoice = document.getElementById('portal-partner');
if (partnerChoice) {
  partnerChoice.value = partner;
  partnerChoice.addEventListener('change', () => {
    const next = new URLSearchParams(location.search);
    next.set('partner', partnerChoice.value);
    location.search = next.toString();
  });
}

const legacy = document.getElementById('portal-legacy');
const legacySheet = document.getElementById('legacy-css');
legacy.checked = params.get('legacy') === '1';
const applyLegacy = () => { legacySheet.media = legacy.checked ? 'all' : 'not all'; };
legacy.addEventListener('change', applyLegacy);
applyLegacy();

const indirect = document.getElementById('portal-indirect');
indirect?.addEventListener('change', () => {
  document.getElementById('wizard').toggleAttribute('indirect', indirect.checked);
});
