// Every screen passes axe-core (WCAG 2.1 A and AA, colour contrast included) in the light theme,
// the dark theme and right to left (Persian); text at 200% loses nothing. The screens are reached
// the way a person reaches them, against the local server (the first start's connection choice:
// accessibility-connection-choice.spec.ts).
import type { Page } from '@playwright/test';
import { THEMES, violations } from './axe-scan';
import { expect, newestCode, test } from './fixtures';
import type { LocalServer } from '../../server/local-server';

async function enterPhone(page: Page, phone: string): Promise<void> {
  await page.locator('#phone').fill(phone);
  await page.locator('#phone').press('Enter');
  await expect(page.locator('#code')).toBeVisible();
}

async function enterCode(page: Page, server: LocalServer, phone: string): Promise<void> {
  await page.locator('#code').pressSequentially(await newestCode(server, phone));
}

for (const theme of THEMES) {
  test.describe(`in the ${theme.name} theme`, () => {
    test.use({ colorScheme: theme.colorScheme, locale: theme.locale });

    test('phone, QR, code and signed-in screens have no violations', async ({ page, server, gramdesk: _gramdesk }) => {
      const found: string[] = [];
      await expect(page.locator('#phone')).toBeFocused();
      found.push(...(await violations(page, 'phone')));

      // The country list, open.
      await page.locator('.country-toggle').click();
      await expect(page.locator('.country-search')).toBeFocused();
      found.push(...(await violations(page, 'country list')));
      await page.keyboard.press('Escape');

      await page.locator('.phone-form button.secondary').click();
      await expect(page.locator('svg.qr-code')).toBeVisible();
      found.push(...(await violations(page, 'qr')));
      await page.locator('.qr button.secondary').last().click();

      await enterPhone(page, '+15550100');
      found.push(...(await violations(page, 'code')));
      await enterCode(page, server, '+15550100');
      await expect(page.locator('.signed-in')).toBeVisible();
      await expect(page.locator('.session-list')).toBeVisible();
      found.push(...(await violations(page, 'signed in')));
      expect(found).toEqual([]);
    });

    test('the proxy settings and a proxy link\'s box have no violations', async ({ page, gramdesk: _gramdesk }) => {
      const found: string[] = [];
      await expect(page.locator('#phone')).toBeFocused();
      await page.locator('.connection-indicator').click();
      const settings = page.getByRole('dialog');
      found.push(...(await violations(page, 'proxy settings', settings.locator('.proxy-form'))));
      await settings.locator('.dialog-head button').click();
      await expect(settings).toHaveCount(0);

      // A link pasted anywhere: its box, then the one for a link that can't be used.
      for (const [screen, link] of [
        ['proxy link', 'tg://socks?server=127.0.0.1&port=1080&user=ada&pass=secret'],
        ['unusable proxy link', 'tg://proxy?server=127.0.0.1&port=443&secret=zz'],
      ] as const) {
        await page.evaluate((text) => {
          const data = new DataTransfer();
          data.setData('text/plain', text);
          document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }, link);
        const box = page.getByRole('dialog');
        found.push(...(await violations(page, screen, box.locator('h2'))));
        await box.locator('.dialog-actions button').first().click();
        await expect(box).toHaveCount(0);
      }
      expect(found).toEqual([]);
    });

    test('the login email set-up screen has no violations, with its error and with the code sent', async ({ page, server, gramdesk: _gramdesk }) => {
      const found: string[] = [];
      const phone = '+15557770037';
      server.users.add({ phone, firstName: 'Emma', lastName: 'Setup', dc: 2, codeChannels: ['setup_email_required'] });
      await page.locator('#phone').fill(phone);
      await page.locator('#phone').press('Enter');
      const address = page.locator('main input[type="email"]');
      await expect(address).toBeFocused();
      found.push(...(await violations(page, 'email set-up')));
      await address.fill('not-an-email');
      await address.press('Enter');
      found.push(...(await violations(page, 'email set-up with an error', page.locator('main .message.error'))));
      await address.fill('emma@example.com');
      await address.press('Enter');
      found.push(...(await violations(page, 'email code', page.locator('#email-code'))));
      expect(found).toEqual([]);
    });

    test('password, recovery and sign-up screens have no violations', async ({ page, server, gramdesk: _gramdesk }) => {
      const found: string[] = [];
      await enterPhone(page, '+15550101');
      await enterCode(page, server, '+15550101');
      await expect(page.locator('#password')).toBeFocused();
      found.push(...(await violations(page, 'password')));

      await page.locator('.row-links button').first().click();
      await expect(page.locator('#recovery-code')).toBeFocused();
      found.push(...(await violations(page, 'password recovery')));
      await page.locator('.row-links button').first().click();
      await expect(page.locator('#password')).toBeVisible();
      await page.locator('.row-links button').last().click();

      await enterPhone(page, '+15557770020');
      await enterCode(page, server, '+15557770020');
      await expect(page.locator('#first-name')).toBeFocused();
      found.push(...(await violations(page, 'sign-up')));
      expect(found).toEqual([]);
    });
  });
}

test('text at 200% loses nothing: no sideways scrolling, every control whole and on screen', async ({
  page,
  gramdesk: _gramdesk,
}) => {
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  await expect(page.locator('#phone')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const control of await page.locator('main button, main input, main label').all()) {
    const clipped = await control.evaluate((element) => element.scrollWidth > element.clientWidth + 1);
    expect(clipped, await control.evaluate((element) => element.outerHTML.slice(0, 80))).toBe(false);
  }
});
