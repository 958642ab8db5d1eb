// A number without an account: the terms of service are shown in full and accepted by the person
// (never by the app), then the account is created. And the case where Telegram doesn't let this
// app create accounts at all.
import { calls, codeInput, enterPhone, expect, newestCode, test, typeCode } from './fixtures';

test('an unknown number: names, the terms shown in full, accepted by the person, then signed in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  const phone = '+15557770020';
  await enterPhone(page, phone);
  await expect(codeInput(page)).toBeVisible();
  await typeCode(page, await newestCode(server, phone));

  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  const terms = page.getByRole('region', { name: 'Terms of service' });
  await expect(terms).toContainText(
    'Gramdesk local test server terms: this server is for development, demos and tests only. Accounts and codes here are not Telegram accounts and vanish when the server stops.',
  );
  const create = page.getByRole('button', { name: 'Create account' });
  await expect(create).toBeDisabled();

  await page.getByLabel('First name').fill('Neo');
  await page.getByLabel('Last name (optional)').fill('Anderson');
  await page.getByRole('checkbox', { name: 'I have read and accept the Terms of Service' }).check();
  // The server asks for an age confirmation too (min_age_confirm 16).
  await expect(create).toBeDisabled();
  await page.getByRole('checkbox', { name: 'I am at least 16 years old' }).check();
  // Nothing was accepted behind the person's back while they read.
  expect(calls(server, 'help.acceptTermsOfService')).toBe(0);
  expect(calls(server, 'auth.signUp')).toBe(0);

  await create.click();

  await expect(page.getByRole('heading', { name: 'Neo Anderson' })).toBeVisible();
  const order = server
    .log()
    .map((e) => e.method)
    .filter((m) => m === 'help.acceptTermsOfService' || m === 'auth.signUp');
  expect(order).toEqual(['help.acceptTermsOfService', 'auth.signUp']);
});

test('an empty first name is caught before anything is sent', async ({ page, server, gramdesk: _gramdesk }) => {
  const phone = '+15557770022';
  await enterPhone(page, phone);
  await typeCode(page, await newestCode(server, phone));
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();

  await page.getByRole('checkbox', { name: 'I have read and accept the Terms of Service' }).check();
  await page.getByRole('checkbox', { name: 'I am at least 16 years old' }).check();
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByText('Enter a first name')).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveAttribute('aria-invalid', 'true');
  expect(calls(server, 'auth.signUp')).toBe(0);
});

test('PHONE_NUMBER_APP_SIGNUP_FORBIDDEN: told plainly to sign up in the official app first', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.settings.set({ appSignupForbidden: true });

  await enterPhone(page, '+15557770021');

  await expect(page.getByText('Telegram doesn’t let third-party apps like Gramdesk create new accounts')).toBeVisible();
  await expect(page.getByText(/Sign up in the official Telegram app/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveValue('+1 555 777 0021');
});
