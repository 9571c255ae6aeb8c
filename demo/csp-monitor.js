// The portal's own Content Security Policy monitor. A classic script in
// <head>, so it listens before any other script runs: every violation on
// this page is recorded in `window.portalCspViolations` and shown in the
// portal's Activity panel (see demo.js).
window.portalCspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  const violation = {
    directive: event.effectiveDirective || event.violatedDirective,
    blockedURI: event.blockedURI,
    sourceFile: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  };
  window.portalCspViolations.push(violation);
  document.dispatchEvent(new CustomEvent('portal-csp-violation', { detail: violation }));
});
