// Every screen passes axe-core (WCAG 2.1 A and AA, colour contrast included) in the light theme,
// the dark theme and right to left (Persian); text at 200% loses nothing. The screens are reached
// the way a person reaches them, against the local server.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, newestCode, test } from './fixtures';
import type { LocalServer } from '../../server/local-server';

const THEMES = [
  { name: 'light', colorScheme: 'light', locale: 'en-US' },
  { name: 'dark', colorScheme: 'dark', locale: 'en-US' },
  { name: 'right to left', colorScheme: 'light', locale: 'fa-IR' },
] as const;

/** The violations axe finds on the page as it is now, as "rule: element" lines (empty when none). */
async function violations(page: Page, screen: string): Promise<string[]> {
  // The screen has settled: its heading is there and nothing is fading in.
  await expect(page.locator('main h1')).toBeVisible();
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${screen}: ${violation.id} (${violation.help}) at ${node.target.join(' ')}`),
  );
}

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
