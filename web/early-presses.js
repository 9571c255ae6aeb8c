// Inlined by scripts/prerender after the first screen a page declares in its
// HTML (the server's CSP allows it by its hash). The screen accepts input
// before wizard.js has arrived; a button pressed then (or Enter, whose submit
// the form's method="dialog" keeps from navigating) says "Loading…" at once
// and is held here for wizard.js, which presses it in the app.
(() => {
  const host = document.currentScript.parentElement;
  const root = host.shadowRoot;
  if (!root) return;
  const loading = /^sv/.test(root.querySelector('[lang]')?.lang ?? '') ? 'Läser in…' : 'Loading…';
  const held = { button: null, stop };
  host.firstScreenPresses = held;
  function press(button) {
    if (!button || held.button) return;
    held.button = button;
    button.dataset.label = button.textContent;
    button.textContent = loading;
    button.setAttribute('aria-disabled', 'true');
    button.classList.add('loading');
  }
  function onSubmit(event) {
    event.preventDefault();
    press(event.submitter ?? event.target.querySelector('button[type=submit]'));
  }
  function onClick(event) {
    const button = event.target.closest('button');
    if (button && button.type !== 'submit') press(button);
  }
  function stop() {
    root.removeEventListener('submit', onSubmit);
    root.removeEventListener('click', onClick);
  }
  root.addEventListener('submit', onSubmit);
  root.addEventListener('click', onClick);
})();
