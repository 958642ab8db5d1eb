// Every way in with the keyboard alone: no click, no fill, only keys, as a person who can't use
// a mouse signs in. Each new step puts the keyboard in its first field by itself.
import type { Page } from '@playwright/test';
import { expect, newestCode, test } from './fixtures';
import { loginToken, readQrCode } from './qr-reader';

/** Presses Tab until `name` has the focus (at most `limit` times), as a keyboard user finds a control. */
async function tabTo(page: Page, name: string | RegExp, limit = 12): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return element === null ? '' : (element.getAttribute('aria-label') ?? element.innerText ?? '').trim();
    });
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`no control named ${String(name)} within ${limit} tabs`);
}

test('phone and code', async ({ page, server, gramdesk: _gramdesk }) => {
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeFocused();
  await page.keyboard.type('+15550100');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: /code/i })).toBeFocused();
  await page.keyboard.type(await newestCode(server, '+15550100'));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('phone, a country chosen from the list, code', async ({ page, server, gramdesk: _gramdesk }) => {
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeFocused();
  // The list is there once Telegram has answered help.getCountriesList.
  await expect(page.getByRole('button', { name: /^Country/ })).toContainText('United States');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: /^Country/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.type('united states');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeFocused();
  await page.keyboard.type('5550100');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: /code/i })).toBeFocused();
  await page.keyboard.type(await newestCode(server, '+15550100'));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('two-step password', async ({ page, server, gramdesk: _gramdesk }) => {
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeFocused();
  await page.keyboard.type('+15550101');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: /code/i })).toBeFocused();
  await page.keyboard.type(await newestCode(server, '+15550101'));
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type('hunter2');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
});

test('QR code', async ({ page, server, gramdesk: _gramdesk }) => {
  await tabTo(page, 'Log in by QR code');
  await page.keyboard.press('Enter');
  const qr = page.getByRole('img', { name: 'QR code to log in to Telegram' });
  await expect(qr).toBeVisible();
  // The phone scans it: the token is read from the login URL the picture encodes (qr-reader.ts).
  expect(server.qrAccept('+15550100', loginToken(await readQrCode(page)))).toMatchObject({ ok: true });
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('sign-up, with the terms read and accepted by keys', async ({ page, server, gramdesk: _gramdesk }) => {
  const phone = '+15557770020';
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeFocused();
  await page.keyboard.type(phone);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: /code/i })).toBeFocused();
  await page.keyboard.type(await newestCode(server, phone));
  await expect(page.getByLabel('First name')).toBeFocused();
  await page.keyboard.type('Neo');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Anderson');
  await page.keyboard.press('Tab');
  // The terms can be scrolled from the keyboard.
  await expect(page.getByRole('region', { name: 'Terms of service' })).toBeFocused();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: 'I have read and accept the Terms of Service' })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'I am at least 16 years old' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Create account' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Neo Anderson' })).toBeVisible();
});
