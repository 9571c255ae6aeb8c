// The standalone page served by the reference server. It plays the host
// portal's part: signs in (the reference server's dev sign-in) and hands the
// wizard a token provider. Real portals pass their own.
import './wizard.js';

let cached = null;
async function devToken({ refresh } = {}) {
  if (!refresh && cached && cached.expires > Date.now()) return cached.token;
  const response = await fetch('/v1/dev/token', { method: 'POST' });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  const { accessToken, expiresIn } = await response.json();
  cached = { token: accessToken, expires: Date.now() + (expiresIn - 60) * 1000 };
  return accessToken;
}

for (const wizard of document.querySelectorAll('add-customer-wizard')) {
  wizard.tokenProvider = devToken;
}
