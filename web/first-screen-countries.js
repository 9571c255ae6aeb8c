// Names the countries of a build-time first screen. The build renders the
// country list as codes (names come from the browser's Intl, which the
// native render does not have); this names and sorts them as the app does,
// in the screen's language and for the host's allowed countries, so the
// partner can choose a country before the app has loaded, from the list the
// app will show. Naming 246 countries costs ~100 ms at 4× CPU, so it waits
// until the list is about to be used (focus or a press, both before it
// opens): most partners are still typing the company's name when the app
// takes over, and the screen is usable sooner. scripts/prerender inlines it
// into the standalone pages' first screen and into web/wizard.js.
function nameFirstScreenCountries(screen, locale, allowed = []) {
  const select = screen?.querySelector('#f-account-address-country');
  if (!select) return;
  const only = allowed.map((code) => String(code).toUpperCase());
  if (only.length) for (const option of [...select.options].slice(1)) if (!only.includes(option.value)) option.remove();
  const name = () => {
    select.removeEventListener('focus', name);
    select.removeEventListener('pointerdown', name);
    let names;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      return; // no Intl.DisplayNames: the codes stay, as in the app
    }
    const [placeholder, ...countries] = select.options;
    const named = countries.map((option) => [names.of(option.value) ?? option.value, option]);
    const { compare } = new Intl.Collator([locale]);
    named.sort((a, b) => compare(a[0], b[0]));
    for (const [text, option] of named) option.textContent = text;
    select.replaceChildren(placeholder, ...named.map(([, option]) => option));
  };
  select.addEventListener('focus', name);
  select.addEventListener('pointerdown', name);
}
