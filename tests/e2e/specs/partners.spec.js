// The demo portal signs in as one of two partners, and each partner's wizard
// lists only that partner's customers (the server keeps partners apart).
import { test, expect } from '../support/test.js';
import { createCustomerViaApi, unique } from '../support/wizard.js';

test('the demo portal signs in as either of two partners, and each sees only its own customers', async ({ page }) => {
  // Created through the API as demo-partner, the portal's default partner.
  const domain = unique('partnerseen');
  await createCustomerViaApi(domain);

  await page.goto('/demo/?lang=en-US');
  const wizard = page.locator('#wizard');
  await expect(wizard.getByRole('table')).toContainText(`${domain}.onmicrosoft.com`);

  await page.getByLabel('Signed in as').selectOption('fabrikam-partner');
  await expect(page).toHaveURL(/partner=fabrikam-partner/);
  await expect(page.getByLabel('Signed in as')).toHaveValue('fabrikam-partner');
  await expect(wizard.getByText('No customers yet.').or(wizard.getByRole('table'))).toBeVisible();
  await expect(wizard.getByText(`${domain}.onmicrosoft.com`)).toHaveCount(0);
});
