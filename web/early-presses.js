// Inlined by scripts/prerender just before the first screen a page declares in
// its HTML (the server's CSP allows it by its hash), so it listens before that
// screen can be used. The screen accepts input before wizard.js has arrived; a
// button pressed then, or Enter in a field (a click on the form's default
// button), says "Loading…" at once and is held on the element for wizard.js,
// which presses it in the app. Once wizard.js has defined the element, its own
// listeners take over and this one leaves.
(() => {
  const onClick = (event) => {
    if (customElements.get('add-customer-wizard')) {
      document.removeEventListener('click', onClick, true);
      return;
    }
    const button = event.composedPath().find((node) => node.localName === 'button');
    const root = button?.getRootNode();
    if (root?.host?.localName !== 'add-customer-wizard') return;
    event.preventDefault(); // no submission (the form's method="dialog" does nothing either)
    if (root.host.firstScreenPresses) return;
    button.dataset.label = button.textContent;
    button.textContent = /^sv/.test(root.querySelector('[lang]')?.lang ?? '') ? 'Läser in…' : 'Loading…';
    button.setAttribute('aria-disabled', 'true');
    button.classList.add('loading');
    root.host.firstScreenPresses = { button };
  };
  document.addEventListener('click', onClick, true);
})();
