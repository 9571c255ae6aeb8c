// Inlined by scripts/prerender right after the first screen a page declares in
// its HTML (the server's CSP allows it by its hash). That screen is in English;
// in a Swedish browser, the language the wizard chooses when the page names
// none, this puts the Swedish screen from the template before it in its place
// while the page is still being parsed, before anything is shown or typed.
(() => {
  // LANGUAGE: scripts/prerender puts web/wizard.js's `browserLocale` and `language` here.
  const script = document.currentScript;
  const host = script.parentElement;
  const swedish = script.previousElementSibling;
  const locale = host.getAttribute('locale') ?? browserLocale();
  const screen = host.shadowRoot?.querySelector('.acw-root[data-first-screen]');
  if (screen && language(locale) === 'sv') screen.replaceWith(document.importNode(swedish.content, true));
  swedish.remove();
  script.remove();
})();
