// Inlined by scripts/prerender just before the first screen a page declares in
// its HTML (the server's CSP allows it by its hash), so it listens before that
// screen can be used. The screen accepts input before wizard.js has arrived; a
// button pressed then, or Enter in a field (a click on the form's default
// button), says "Loading…" at once and is held on the element for wizard.js,
// which presses it in the app. Once wizard.js has defined the element, its own
// listeners take over and this one leaves.
(() => {
  /** The button of a wizard's screen the event is on, if it is on one. */
  const wizardButton = (event) => {
    const button = event.composedPath().find((node) => node.localName === 'button');
    return button?.getRootNode().host?.localName === 'add-customer-wizard' ? button : null;
  };
  const onClick = (event) => {
    if (customElements.get('add-customer-wizard')) {
      document.removeEventListener('click', onClick, true);
      return;
    }
    const button = wizardButton(event);
    if (!button) return;
    const root = button.getRootNode();
    event.preventDefault(); // no submission (the form's method="dialog" does nothing either)
    if (root.host.firstScreenPresses) return;
    const loading = /^sv/.test(root.querySelector('[lang]')?.lang ?? '') ? 'Läser in…' : 'Loading…';
    button.dataset.label = button.textContent;
    button.textContent = loading;
    button.setAttribute('aria-disabled', 'true');
    button.classList.add('loading');
    root.host.firstScreenPresses = { button };
    // Pressed while the parser was still inside the button: the rest of its
    // label comes after "Loading…". It is added to the kept label as the
    // parser writes it (wizard.js, which finds the same button in the app by
    // that label, may start before the page has finished parsing).
    if (document.readyState === 'loading') {
      const complete = () => {
        if (button.textContent !== loading && button.textContent.startsWith(loading)) {
          button.dataset.label += button.textContent.slice(loading.length);
          button.textContent = loading;
        }
      };
      const parsing = new MutationObserver(complete);
      parsing.observe(button, { childList: true, subtree: true, characterData: true });
      document.addEventListener('DOMContentLoaded', () => { parsing.disconnect(); complete(); }, { once: true });
    }
  };
  document.addEventListener('click', onClick, true);

  // A press under way when wizard.js arrives (a button down, by pointer or
  // Space, not yet released) is noted on the element: wizard.js then holds
  // the take-over for its release, as for a press made after it came.
  // Released on the app's copy, which never saw it go down, it would click nothing.
  const onDown = (event) => {
    if (customElements.get('add-customer-wizard') || (event.type === 'keydown' && event.key !== ' ')) return;
    const button = wizardButton(event);
    if (button) button.getRootNode().host.firstScreenHeldSince = performance.now();
  };
  const onUp = (event) => {
    if (event.type === 'keyup' && event.key !== ' ') return;
    for (const host of document.querySelectorAll('add-customer-wizard')) delete host.firstScreenHeldSince;
  };
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, onDown, true);
  for (const type of ['pointerup', 'pointercancel', 'keyup']) document.addEventListener(type, onUp, true);
})();
