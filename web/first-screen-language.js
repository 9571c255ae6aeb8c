// Inlined by scripts/prerender right after the first screen a page declares in
// its HTML (the server's CSP allows it by its hash), after
// web/first-screen-countries.js where the screen has a country list. That
// screen is in English; in a Swedish browser, the language the wizard chooses
// when the page names none, this puts the Swedish screen (its build-time
// markup, in a string) in its place while the page is still being parsed,
// before anything is shown or typed. Then it readies the screen's country list in
// that language.
(() => {
  // LANGUAGE: scripts/prerender puts web/wizard.js's `browserLocale` and `language` here.
  // SWEDISH: scripts/prerender puts the Swedish first screen's markup here.
  const script = document.currentScript;
  const host = script.parentElement;
  const locale = host.getAttribute('locale') ?? browserLocale();
  const inSwedish = language(locale) === 'sv';
  const screen = () => host.shadowRoot?.querySelector('.acw-root[data-first-screen]');
  if (screen() && inSwedish) {
    // Parsed inert (a template's content), then put in place.
    const template = document.createElement('template');
    template.innerHTML = swedishScreen;
    screen().replaceWith(template.content);
  }
  const allowed = (host.getAttribute('allowed-countries') ?? '').split(/[\s,]+/).filter(Boolean);
  // (Inlined only where the screen has a country list.)
  if (typeof listFirstScreenCountries === 'function') listFirstScreenCountries(screen(), inSwedish ? 'sv-SE' : 'en-US', allowed);
  script.remove();
  // APP: scripts/prerender starts the page's own module script here.
})();
