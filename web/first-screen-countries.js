// Names the countries of a build-time first screen. The build renders the
// country list as codes (names come from the browser's Intl, which the
// native render does not have); this names and sorts them as the app does,
// in the screen's language and for the host's allowed countries, so the
// partner can choose a country before the app has loaded, from the list the
// app will show. scripts/prerender inlines it into the standalone pages'
// first screen and into web/wizard.js.
function nameFirstScreenCountries(screen, locale, allowed = []) {
  const select = screen?.querySelector('#f-account-address-country');
  if (!select) return;
  let names;
  try {
    names = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    return; // no Intl.DisplayNames: the codes stay, as in the app
  }
  const only = allowed.map((code) => String(code).toUpperCase());
  const [placeholder, ...countries] = select.options;
  const offered = countries.filter((option) => only.length === 0 || only.includes(option.value));
  for (const option of offered) option.textContent = names.of(option.value) ?? option.value;
  const collator = new Intl.Collator([locale]);
  offered.sort((a, b) => collator.compare(a.textContent, b.textContent));
  select.replaceChildren(placeholder, ...offered);
}
