// The phone step's errors: each is a sentence the person can act on, the number is kept, and
// fixing it gets them on.
import { calls, codeInput, enterPhone, expect, phoneInput, test } from './fixtures';

test('garbage input gets the format message and sends nothing', async ({ page, server, gramdesk: _gramdesk }) => {
  await enterPhone(page, 'call me maybe');

  await expect(page.getByText('Enter the number with its country code')).toBeVisible();
  await expect(phoneInput(page)).toHaveValue('call me maybe');
  await expect(phoneInput(page)).toHaveAttribute('aria-invalid', 'true');
  expect(calls(server, 'auth.sendCode')).toBe(0);

  // A code alone is no number: same message, still nothing sent.
  await enterPhone(page, '+1');
  await expect(page.getByText('Enter the number with its country code')).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(0);

  // A number without its country code is read in the country shown (the one Telegram placed us in).
  await expect(page.getByRole('button', { name: /^Country/ })).toContainText('United States');
  await enterPhone(page, '555 0100');
  await expect(codeInput(page)).toBeVisible();
  await expect(page.locator('.phone-line .phone-number')).toHaveText('+1 555 0100');
});

test('PHONE_NUMBER_INVALID from Telegram keeps the number, explains, and a corrected number goes through', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.faults.add({ method: 'auth.sendCode', error: 'PHONE_NUMBER_INVALID', times: 1 });

  await enterPhone(page, '+1 555 999 0000');

  await expect(page.getByText('Telegram says this phone number is not valid')).toBeVisible();
  await expect(page.getByText('PHONE_NUMBER_INVALID', { exact: true })).toHaveCount(0);
  await expect(phoneInput(page)).toHaveValue('+1 555 999 0000');
  await expect(page.getByRole('button', { name: 'Next' })).toBeEnabled();

  await enterPhone(page, '+15550100');
  await expect(page.getByText('We sent the code to your Telegram app')).toBeVisible();
});

test('a banned number is told so, with where to turn', async ({ page, server, gramdesk: _gramdesk }) => {
  server.users.add({ phone: '+15550199', firstName: 'Banned', lastName: 'Person', dc: 2, banned: true });

  await enterPhone(page, '+15550199');

  await expect(page.getByText('This phone number is banned from Telegram')).toBeVisible();
  await expect(page.getByText('recover@telegram.org')).toBeVisible();
  await expect(phoneInput(page)).toHaveValue('+1 555 019 9');
});
