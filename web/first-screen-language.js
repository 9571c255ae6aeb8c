// Inlined by scripts/prerender right after the first screen a page declares in
// its HTML (the server's CSP allows it by its hash), after
// web/first-screen-countries.js where the screen has a country list. That
// screen is in English; in a Swedish browser, the language the wizard chooses
// when the page names none, this puts the Swedish screen from the template
// before it in its place while the page is still being parsed, before anything
// is shown or typed. Then it names the screen's countries in that language.
(() => {
  // LANGUAGE: scripts/prerender puts web/wizard.js's `browserLocale` and `language` here.
  const script = document.currentScript;
  const host = script.parentElement;
  const swedish = script.previousElementSibling;
  const locale = host.getAttribute('locale') ?? browserLocale();
  const inSwedish = language(locale) === 'sv';
  const screen = () => host.shadowRoot?.querySelector('.acw-root[data-first-screen]');
  if (screen() && inSwedish) screen().replaceWith(document.importNode(swedish.content, true));
  const allowed = (host.getAttribute('allowed-countries') ?? '').split(/[\s,]+/).filter(Boolean);
  // (Inlined only where the screen has a country list.)
  if (typeof nameFirstScreenCountries === 'function') nameFirstScreenCountries(screen(), inSwedish ? 'sv-SE' : 'en-US', allowed);
  swedish.remove();
  script.remove();
  // APP: scripts/prerender starts the page's own module script here.
})();
