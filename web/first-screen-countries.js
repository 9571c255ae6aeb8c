// Lists the countries of a build-time first screen. The build leaves the
// country list out of the markup and gives the select its codes instead
// (`data-countries`): 246 options the parser would build, style and lay out
// before anyone can use the screen, for a list most partners open after the
// app has taken over.
// The list is built when it is about to be used (focus or a press, both before
// it opens or takes a typed letter), named and sorted with the browser's Intl
// as the app does, in the screen's language, for the host's allowed
// countries: the partner chooses from the list the app will show. Naming
// them costs ~100 ms at 4× CPU, which waiting also keeps off the first field.
// scripts/prerender inlines it into the standalone pages' first screen and
// into web/wizard.js.
function listFirstScreenCountries(screen, locale, allowed = []) {
  const select = screen?.querySelector('#f-account-address-country');
  if (!select) return;
  const only = allowed.map((code) => String(code).toUpperCase());
  const list = () => {
    select.removeEventListener('focus', list);
    select.removeEventListener('pointerdown', list);
    const codes = (select.dataset.countries ?? '').split(' ').filter((code) => code && (!only.length || only.includes(code)));
    let named;
    try {
      const names = new Intl.DisplayNames([locale], { type: 'region' });
      const { compare } = new Intl.Collator([locale]);
      named = codes.map((code) => [names.of(code) ?? code, code]).sort((a, b) => compare(a[0], b[0]));
    } catch {
      named = codes.map((code) => [code, code]); // no Intl.DisplayNames: codes, in their order, as in the app
    }
    select.append(...named.map(([text, code]) => new Option(text, code)));
  };
  select.addEventListener('focus', list);
  select.addEventListener('pointerdown', list);
}
