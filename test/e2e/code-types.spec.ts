// Every way Telegram may deliver a code, as the person sees it: the right instructions, the
// right kind of field, and a sign-in with what they received.
import type { Page } from '@playwright/test';
import type { LocalServer } from '../../server/local-server';
import { calls, enterPhone, expect, newestCode, test } from './fixtures';

type Channel = Parameters<LocalServer['users']['add']>[0]['codeChannels'];

function addUser(server: LocalServer, phone: string, codeChannels: Channel, extra: Record<string, string> = {}): void {
  server.users.add({ phone, firstName: 'Codie', lastName: 'Types', dc: 2, codeChannels, ...extra });
}

async function signedIn(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Codie Types' })).toBeVisible();
}

/** The newest delivered message of any purpose (the calling number of a call is in it). */
async function newestMessage(server: LocalServer, phone: string, count: number) {
  await expect.poll(() => server.inbox(phone).length).toBeGreaterThanOrEqual(count);
  return server.inbox(phone).at(-1)!;
}

test('missed call: "enter the last N digits" with the start of the number shown; SMS offered next', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  const phone = '+15557770033';
  addUser(server, phone, ['missed_call', 'sms']);
  await enterPhone(page, phone);

  const call = await newestMessage(server, phone, 1);
  const caller = String(call.callerNumber);
  await expect(page.getByText(/We’ll call \+1 555 777 0033 from a number starting with \+\d+/)).toBeVisible();
  await expect(page.getByText('enter the last 5 digits of the number that called you')).toBeVisible();
  const field = page.getByRole('textbox', { name: 'Last 5 digits of the number that called you' });
  await expect(field).toBeFocused();
  await expect(page.getByText(`The number starts with ${caller.slice(0, caller.length - 5)}`)).toBeVisible();
  await expect(page.getByText('You can ask for the code by SMS in')).toBeVisible();

  await field.pressSequentially(caller.slice(-5));
  await signedIn(page);
});

test('email code: the address pattern is shown and the emailed code signs in', async ({ page, server, gramdesk: _gramdesk }) => {
  const phone = '+15557770034';
  addUser(server, phone, ['email'], { loginEmail: 'codie@example.com' });
  await enterPhone(page, phone);

  await expect(page.getByText(/We sent the code to your email address \S+@\S+\./)).toBeVisible();
  const field = page.getByRole('textbox', { name: '5-digit code from the email' });
  await field.pressSequentially(await newestCode(server, phone, 'email'));
  await signedIn(page);
});

test('Fragment SMS: "Open Fragment" opens fragment.com in a new tab; the code from there signs in', async ({
  page,
  context,
  server,
  gramdesk: _gramdesk,
}) => {
  const phone = '+15557770035';
  addUser(server, phone, ['fragment_sms']);
  // No internet here: the tab only has to be asked for, with the right address.
  await context.route('https://fragment.com/**', (route) => route.fulfill({ status: 200, body: 'Fragment' }));
  await enterPhone(page, phone);

  await expect(page.getByText('We sent the code to your anonymous number on Fragment.')).toBeVisible();
  const [fragment] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Open Fragment' }).click(),
  ]);
  await fragment.waitForLoadState();
  expect(fragment.url()).toBe('https://fragment.com/numbers');
  // noopener: the new tab gets no handle on Gramdesk's window.
  expect(await fragment.evaluate(() => window.opener)).toBeNull();
  await fragment.close();

  await page.getByRole('textbox', { name: '5-digit code' }).pressSequentially(await newestCode(server, phone, 'fragment_sms'));
  await signedIn(page);
});

test('Firebase SMS (phones only): the app moves on to SMS by itself', async ({ page, server, gramdesk: _gramdesk }) => {
  const phone = '+15557770030';
  addUser(server, phone, ['firebase_sms', 'sms']);
  await enterPhone(page, phone);

  await expect(page.getByText('We sent the code by SMS to +1 555 777 0030.')).toBeVisible();
  expect(calls(server, 'auth.resendCode')).toBe(1);
  await page.getByRole('textbox', { name: '5-digit code' }).pressSequentially(await newestCode(server, phone, 'sms'));
  await signedIn(page);
});

test('SMS word: a text field (not digits only); a word with the wrong beginning is refused before sending', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  const phone = '+15557770031';
  addUser(server, phone, ['sms_word']);
  await enterPhone(page, phone);

  await expect(page.getByRole('heading', { name: 'Enter the word' })).toBeVisible();
  const word = await newestCode(server, phone, 'sms_word');
  await expect(page.getByText(`it starts with “${word[0]}”`)).toBeVisible();
  const field = page.getByRole('textbox', { name: 'Word from the SMS' });
  await expect(field).toHaveAttribute('inputmode', 'text');

  const wrong = (word[0] === 'z' ? 'a' : 'z') + word.slice(1);
  await field.fill(wrong);
  await expect(field).toHaveValue(wrong);
  await field.press('Enter');
  await expect(page.getByText(`The word from the SMS starts with “${word[0]}”`)).toBeVisible();
  expect(calls(server, 'auth.signIn')).toBe(0);

  await field.fill(word);
  await field.press('Enter');
  await signedIn(page);
});

test('SMS phrase: several words with spaces sign in', async ({ page, server, gramdesk: _gramdesk }) => {
  const phone = '+15557770032';
  addUser(server, phone, ['sms_phrase']);
  await enterPhone(page, phone);

  await expect(page.getByRole('heading', { name: 'Enter the phrase' })).toBeVisible();
  const field = page.getByRole('textbox', { name: 'Phrase from the SMS' });
  await field.fill(await newestCode(server, phone, 'sms_phrase'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signedIn(page);
});

test('flash call: the whole calling number is the code', async ({ page, server, gramdesk: _gramdesk }) => {
  const phone = '+15557770037';
  addUser(server, phone, ['flash_call']);
  await enterPhone(page, phone);

  await expect(page.getByText(/enter the whole number that called you/)).toBeVisible();
  const call = await newestMessage(server, phone, 1);
  const field = page.getByRole('textbox', { name: 'The number that called you' });
  await field.fill(String(call.callerNumber));
  await field.press('Enter');
  await signedIn(page);
});

test('login email required: the address, the code sent to it, then the login code by email', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  const phone = '+15557770036';
  addUser(server, phone, ['setup_email_required']);
  await enterPhone(page, phone);

  await expect(page.getByRole('heading', { name: 'Add a login email' })).toBeVisible();
  const address = page.getByRole('textbox', { name: 'Email address' });
  await address.fill('not-an-email');
  await address.press('Enter');
  await expect(page.getByText('Enter an email address, like name@example.com.')).toBeVisible();

  const before = server.inbox(phone).length;
  await address.fill('codie@example.com');
  await page.getByRole('button', { name: 'Send a code to this email' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  const verify = await newestMessage(server, phone, before + 1);
  await page.getByRole('textbox', { name: /code from the email/ }).pressSequentially(verify.code);

  // Verified: the login code now goes to that address.
  await expect(page.getByText(/We sent the code to your email address/)).toBeVisible();
  const login = await newestMessage(server, phone, before + 2);
  await page.getByRole('textbox', { name: /code from the email/ }).pressSequentially(login.code);
  await signedIn(page);
});
