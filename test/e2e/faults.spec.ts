// The fault suite, as a person meets it: the local server misbehaves the way Telegram's servers
// and networks do (flood waits, DC migrations, internal errors, dropped connections, a forgotten
// auth key, a skewed clock, a network that goes away), and each fault must end in a defined,
// visible state with nothing lost: the number and the code stay where they were typed, the
// message says what happened in the app's words, and the person gets on afterwards. The
// Node-level counterparts are in test/integration/every-way-in.test.ts.
import {
  calls,
  codeInput,
  enterPhone,
  expect,
  newestCode,
  phoneInput,
  signIn,
  test,
  typeCode,
} from './fixtures';
import type { Page } from '@playwright/test';
import { liveQrCode, loginToken, readQrCode } from './qr-reader';
import { startLocalServer, type LocalServer } from '../../server/local-server';

const ADA = '+15550100';
const ALAN = '+15550102';

// The app's words (renderer/src/i18n/en.ts).
const FLOOD_MESSAGE = 'Too many attempts: Telegram asks you to wait before trying again.';
const SERVER_MESSAGE = 'Telegram had a problem on its side. Try again in a moment.';
const OFFLINE_STATEMENT = 'No connection to Telegram. Nothing you entered is lost.';
const KEY_FORGOTTEN_MESSAGE = 'Telegram no longer knows this device’s session, so you were signed out. Sign in again.';

const phoneHeading = (page: Page) => page.getByRole('heading', { name: 'Sign in to Telegram' });
const codeHeading = (page: Page) => page.getByRole('heading', { name: 'Enter the code' });
const nextButton = (page: Page) => page.getByRole('button', { name: 'Next' });
const signInButton = (page: Page) => page.getByRole('button', { name: 'Sign in' });
/** The offline banner (renderer/src/screens/offline-banner.svelte). */
const offlineBanner = (page: Page) => page.getByRole('status', { name: 'Offline' });

/** A countdown's text as seconds: '0:05', '1:15' or '23:59:58'. */
function seconds(text: string): number {
  const match = /^(?:(\d+):)?(\d+):(\d\d)$/.exec(text.trim());
  if (match === null) throw new Error(`not a countdown: "${text}"`);
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

// ---- flood waits ------------------------------------------------------------------------------

test('FLOOD_WAIT of 5 s on auth.sendCode: a countdown with "Next" disabled, then the kept number gets a code and signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_5', times: 1 });

  await enterPhone(page, ADA);

  await expect(page.getByText(FLOOD_MESSAGE)).toBeVisible();
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/^0:0[1-5]$/);
  await expect(nextButton(page)).toBeDisabled();
  await expect(phoneInput(page)).toHaveValue('+1 555 010 0');
  // Enter while the wait runs does nothing: no call goes out behind the countdown.
  await phoneInput(page).press('Enter');
  await expect(timer).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(1);

  // Main keeps the deadline by its own clock, so this is a real (five-second) wait, awaited as
  // the visible state it ends in.
  await expect(page.getByText('You can try again now.')).toBeVisible({ timeout: 15_000 });
  await expect(nextButton(page)).toBeEnabled();
  // Nothing retried by itself while the person waited.
  expect(calls(server, 'auth.sendCode')).toBe(1);

  await nextButton(page).click();
  await expect(codeHeading(page)).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(2);
  await typeCode(page, await newestCode(server, ADA));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('FLOOD_WAIT of 86400 s: the wait is shown in hours, actions are disabled, and both survive a restart of the app', async ({
  page,
  server,
  gramdesk,
}) => {
  server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_86400', times: 1 });

  await enterPhone(page, ADA);

  await expect(page.getByText(FLOOD_MESSAGE)).toBeVisible();
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/^(24:00:00|23:59:\d\d)$/);
  await expect(nextButton(page)).toBeDisabled();
  await expect(phoneInput(page)).toHaveValue('+1 555 010 0');
  // The way out stays open: QR login is not held back by a code flood.
  await expect(page.getByRole('button', { name: 'Log in by QR code' })).toBeEnabled();

  await gramdesk.restartApp();

  await expect(phoneHeading(page)).toBeVisible();
  await expect(page.getByText(FLOOD_MESSAGE)).toBeVisible();
  await expect(timer).toHaveText(/^23:5\d:\d\d$/);
  await expect(nextButton(page)).toBeDisabled();
  // Typing the number again and pressing Enter sends nothing: the deadline holds after a restart.
  await phoneInput(page).fill(ADA);
  await phoneInput(page).press('Enter');
  await expect(nextButton(page)).toBeDisabled();
  await expect(page.getByText(FLOOD_MESSAGE)).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(1);
  // The countdown is live, not a frozen number.
  const first = seconds(await timer.innerText());
  await expect.poll(async () => seconds(await timer.innerText())).toBeLessThan(first);

  // The way out still works after the restart, and coming back shows the same deadline.
  await page.getByRole('button', { name: 'Log in by QR code' }).click();
  await expect(page.getByRole('heading', { name: 'Log in by QR code' })).toBeVisible();
  await page.getByRole('button', { name: 'Log in by phone number instead' }).click();
  await expect(phoneHeading(page)).toBeVisible();
  await expect(page.getByText(FLOOD_MESSAGE)).toBeVisible();
  await expect(timer).toHaveText(/^23:5\d:\d\d$/);
  await expect(nextButton(page)).toBeDisabled();
  expect(calls(server, 'auth.sendCode')).toBe(1);
});

test('FLOOD_WAIT of 86400 s on auth.signIn at the code step: the countdown and the refusal survive a restart of the app', async ({
  page,
  server,
  gramdesk,
}) => {
  await enterPhone(page, ADA);
  await expect(codeHeading(page)).toBeVisible();
  const code = await newestCode(server, ADA);
  server.faults.add({ method: 'auth.signIn', error: 'FLOOD_WAIT_86400', times: 1 });

  await typeCode(page, code);

  await expect(page.getByText(FLOOD_MESSAGE)).toBeVisible();
  const floodTimer = page.getByRole('timer').filter({ hasText: /^(24:00:00|23:59:\d\d)$/ });
  await expect(floodTimer).toBeVisible();
  await expect(signInButton(page)).toBeDisabled();
  await expect(codeInput(page)).toHaveValue(code);

  await gramdesk.restartApp();

  // Whichever step it opens on (the code step as it was, or the phone step), the wait is shown.
  await expect(page.getByText(FLOOD_MESSAGE)).toBeVisible();
  await expect(page.getByRole('timer').filter({ hasText: /^23:5\d:\d\d$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(Sign in|Next)$/ })).toBeDisabled();
  expect(calls(server, 'auth.signIn')).toBe(1);
});

// ---- DC migration -----------------------------------------------------------------------------

test('PHONE_MIGRATE_3 during auth.sendCode (the account lives on DC 3): the person just reaches the code step and signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, ALAN);

  await expect(codeHeading(page)).toBeVisible();
  await expect(page.getByRole('main').getByText('+1 555 0102')).toBeVisible();
  // The server did send the person elsewhere, and the app followed without a word.
  const sends = server.log().filter((entry) => entry.method === 'auth.sendCode');
  expect(sends.map((entry) => [entry.dc, entry.outcome])).toEqual([
    [2, 'error'],
    [3, 'ok'],
  ]);
  expect(sends[0]!.error).toBe('303 PHONE_MIGRATE_3');
  await expect(page.locator('.message.error')).toHaveCount(0);

  await typeCode(page, await newestCode(server, ALAN));
  await expect(page.getByRole('heading', { name: 'Alan Turing' })).toBeVisible();
});

test('PHONE_MIGRATE_3, then a restart of the app at the code step: the same code step on DC 3, no new code, and the code signs in', async ({
  page,
  server,
  gramdesk,
}) => {
  await enterPhone(page, ALAN);
  await expect(codeHeading(page)).toBeVisible();
  const code = await newestCode(server, ALAN);

  await gramdesk.restartApp();

  await expect(codeHeading(page)).toBeVisible();
  await expect(page.getByRole('main').getByText('+1 555 0102')).toBeVisible();
  await typeCode(page, code);
  await expect(page.getByRole('heading', { name: 'Alan Turing' })).toBeVisible();
  expect(server.log().filter((entry) => entry.method === 'auth.sendCode').map((entry) => entry.outcome)).toEqual([
    'error',
    'ok',
  ]);
  expect(server.log().filter((entry) => entry.method === 'auth.signIn').map((entry) => entry.dc)).toEqual([3]);
});

test('PHONE_MIGRATE injected on auth.sendCode for an account on DC 1: followed there, code step, signed in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  const phone = '+15557770301';
  server.users.add({ phone, firstName: 'Mary', lastName: 'Jackson', dc: 1 });
  server.faults.add({ method: 'auth.sendCode', error: 'PHONE_MIGRATE_1', times: 1, dc: 2 });

  await enterPhone(page, phone);

  await expect(codeHeading(page)).toBeVisible();
  const sends = server.log().filter((entry) => entry.method === 'auth.sendCode');
  expect(sends.map((entry) => [entry.dc, entry.outcome, entry.injected === true])).toEqual([
    [2, 'error', true],
    [1, 'ok', false],
  ]);
  await typeCode(page, await newestCode(server, phone));
  await expect(page.getByRole('heading', { name: 'Mary Jackson' })).toBeVisible();
});

// ---- internal server errors (500) -------------------------------------------------------------

// gramjs retries RPC_CALL_FAIL once by itself (after 2 s) on the calls it invokes; a call that can
// sign the key in (auth.signIn) goes straight to its sender, once the key is kept, so that one
// reaches the app at once, as any other 500 does. The app adds no retries of its own: the person decides.
for (const { error, attempts, signInAttempts } of [
  { error: 'RPC_CALL_FAIL', attempts: 2, signInAttempts: 1 },
  { error: 'INTERNAL', attempts: 1, signInAttempts: 1 },
]) {
  test(`500 ${error} on auth.sendCode: a clear message, the number kept, and "Next" then works`, async ({
    page,
    server,
    gramdesk: _gramdesk,
  }) => {
    server.faults.add({ method: 'auth.sendCode', error, times: attempts });

    await enterPhone(page, ADA);

    await expect(page.getByText(SERVER_MESSAGE)).toBeVisible();
    await expect(phoneHeading(page)).toBeVisible();
    await expect(phoneInput(page)).toHaveValue('+1 555 010 0');
    await expect(nextButton(page)).toBeEnabled();
    expect(server.log().filter((entry) => entry.method === 'auth.sendCode').map((entry) => entry.error)).toEqual(
      Array(attempts).fill(`500 ${error}`),
    );

    await nextButton(page).click();
    await expect(codeHeading(page)).toBeVisible();
    await expect(page.getByText(SERVER_MESSAGE)).toBeHidden();
    await typeCode(page, await newestCode(server, ADA));
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  });

  test(`500 ${error} on auth.signIn: a clear message, the code step and the typed code kept, and "Sign in" then works`, async ({
    page,
    server,
    gramdesk: _gramdesk,
  }) => {
    await enterPhone(page, ADA);
    await expect(codeHeading(page)).toBeVisible();
    const code = await newestCode(server, ADA);
    server.faults.add({ method: 'auth.signIn', error, times: signInAttempts });

    await typeCode(page, code);

    await expect(page.getByText(SERVER_MESSAGE)).toBeVisible();
    await expect(codeHeading(page)).toBeVisible();
    await expect(codeInput(page)).toHaveValue(code);
    await expect(signInButton(page)).toBeEnabled();
    expect(server.log().filter((entry) => entry.method === 'auth.signIn').map((entry) => entry.error)).toEqual(
      Array(signInAttempts).fill(`500 ${error}`),
    );

    await signInButton(page).click();
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
    // One code for the whole story: nothing was sent again, nothing re-entered.
    expect(calls(server, 'auth.sendCode')).toBe(1);
    expect(server.inbox(ADA)).toHaveLength(1);
  });
}

test('a single 500 on auth.sendCode is absorbed: the person just reaches the code step', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.faults.add({ method: 'auth.sendCode', error: 'RPC_CALL_FAIL', times: 1 });

  await enterPhone(page, ADA);

  await expect(codeHeading(page)).toBeVisible();
  await expect(page.getByText(SERVER_MESSAGE)).toHaveCount(0);
  expect(server.log().filter((entry) => entry.method === 'auth.sendCode').map((entry) => entry.outcome)).toEqual([
    'error',
    'ok',
  ]);
  await typeCode(page, await newestCode(server, ADA));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

// ---- dropped connections ----------------------------------------------------------------------

test('the connection dropped after auth.sendCode (the code went out, the answer was lost): the code step, number not re-entered, the newest code signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.faults.add({ method: 'auth.sendCode', dropConnection: 'after' });

  await enterPhone(page, ADA);

  await expect(codeHeading(page)).toBeVisible();
  await expect(page.getByRole('main').getByText('+1 555 0100')).toBeVisible();
  await expect(offlineBanner(page)).toBeHidden();
  expect(server.log().some((entry) => entry.method === 'auth.sendCode' && entry.outcome === 'dropped')).toBe(true);

  await typeCode(page, await newestCode(server, ADA));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('the connection dropped during auth.signIn (the server signed in, the answer was lost): signed in, the code typed once', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, ADA);
  await expect(codeHeading(page)).toBeVisible();
  const code = await newestCode(server, ADA);
  server.faults.add({ method: 'auth.signIn', dropConnection: 'after' });

  await typeCode(page, code);

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(offlineBanner(page)).toBeHidden();
  expect(server.log().some((entry) => entry.method === 'auth.signIn' && entry.outcome === 'dropped')).toBe(true);
  expect(calls(server, 'auth.sendCode')).toBe(1);
});

for (const method of ['auth.sendCode', 'auth.signIn'] as const) {
  test(`the connection dropped before ${method} was handled: the app's resend gets through; code step and signed in, nothing re-entered`, async ({
    page,
    server,
    gramdesk: _gramdesk,
  }) => {
    if (method === 'auth.sendCode') server.faults.add({ method, dropConnection: 'before' });
    await enterPhone(page, ADA);
    await expect(codeHeading(page)).toBeVisible();
    const code = await newestCode(server, ADA);
    if (method === 'auth.signIn') server.faults.add({ method, dropConnection: 'before' });

    await typeCode(page, code);

    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
    expect(server.log().filter((entry) => entry.method === method).map((entry) => entry.outcome)).toEqual(['dropped', 'ok']);
    expect(server.inbox(ADA)).toHaveLength(1);
  });
}

test('the network drops while the number is typed but not yet sent: the offline banner comes and goes, the number stays, and Enter sends it', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  // The app connects on the first action: a code for one number, then "Wrong number?".
  await enterPhone(page, ADA);
  await expect(codeHeading(page)).toBeVisible();
  await page.getByRole('button', { name: 'Wrong number?' }).click();
  await expect(phoneHeading(page)).toBeVisible();
  await phoneInput(page).fill(ALAN);

  server.faults.add({ dropConnections: 'all' });

  await expect(offlineBanner(page)).toBeVisible();
  await expect(offlineBanner(page)).toContainText(OFFLINE_STATEMENT);
  await expect(offlineBanner(page)).toBeHidden();
  await expect(phoneInput(page)).toHaveValue('+1 555 010 2');

  await phoneInput(page).press('Enter');
  await expect(codeHeading(page)).toBeVisible();
  await typeCode(page, await newestCode(server, ALAN));
  await expect(page.getByRole('heading', { name: 'Alan Turing' })).toBeVisible();
});

test('the network drops at the code step: the offline banner shows and goes by itself; the half-typed code is kept and finishing it signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, ADA);
  await expect(codeHeading(page)).toBeVisible();
  const code = await newestCode(server, ADA);
  await typeCode(page, code.slice(0, 2));

  // A short drop: the banner stays up until the first reconnection attempt (1 s after the loss,
  // main's back-off), long enough for a person, and for these waits, to see it.
  server.faults.add({ dropConnections: 'all' });

  await expect(offlineBanner(page)).toBeVisible();
  await expect(offlineBanner(page)).toContainText(OFFLINE_STATEMENT);
  await expect(offlineBanner(page)).toContainText('Reconnecting');
  await expect(offlineBanner(page)).toBeHidden();
  await expect(codeHeading(page)).toBeVisible();
  await expect(codeInput(page)).toHaveValue(code.slice(0, 2));

  await typeCode(page, code.slice(2));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('the network drops while signed in: the offline banner comes and goes, and the person stays signed in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await signIn(page, server, ADA, 'Ada Lovelace');

  server.faults.add({ dropConnections: 'all' });

  await expect(offlineBanner(page)).toBeVisible();
  await expect(offlineBanner(page)).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeEnabled();
});

test('the server is gone for a while: the banner counts down to the next attempt, "Sign in" fails at once with the code kept, and all is well once it is back', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  // Main's reconnection back-off doubles up to 30 s, so coming back by itself may take that long.
  test.setTimeout(120_000);
  await enterPhone(page, ADA);
  await expect(codeHeading(page)).toBeVisible();
  const code = await newestCode(server, ADA);
  await typeCode(page, code.slice(0, 3));
  // The fixture's server stops (its own teardown is then a no-op); a new one comes back later on
  // the same ports, as a restarted Telegram DC would: it knows neither the key nor the code.
  const base = server.dcs[0]!.port - 1;
  await server.stop();

  await expect(offlineBanner(page)).toContainText(OFFLINE_STATEMENT);
  await expect(offlineBanner(page).getByRole('timer')).toBeVisible();
  await typeCode(page, code.slice(3));
  // Refused at once while a reconnection is scheduled (OFFLINE); if the keystroke lands while an
  // attempt runs, the call itself fails (NETWORK). Either way: said plainly, nothing lost.
  await expect(
    page.getByText(
      /^(No connection to Telegram right now\. Gramdesk is reconnecting; try again in a moment\.|Gramdesk cannot reach Telegram\. Check your internet connection and try again\.)$/,
    ),
  ).toBeVisible();
  await expect(codeHeading(page)).toBeVisible();
  await expect(codeInput(page)).toHaveValue(code);

  let back: LocalServer | null = null;
  try {
    back = await startLocalServer({ port: base });
    await expect(offlineBanner(page)).toBeHidden({ timeout: 40_000 });
    await signInButton(page).click();
    // The restarted server no longer has that code: said so, and one click gets a new one.
    await expect(page.getByText('This code has expired')).toBeVisible();
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await expect(signInButton(page)).toBeEnabled();
    await typeCode(page, await newestCode(back, ADA));
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  } finally {
    await back?.stop();
  }
});

// ---- a forgotten auth key (-404) --------------------------------------------------------------

test('the server forgets the auth key at the code step: a fresh key instead of a hang, and the code signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, ADA);
  await expect(codeHeading(page)).toBeVisible();
  const code = await newestCode(server, ADA);
  const keyBefore = server.log().find((entry) => entry.method === 'auth.sendCode')!.authKeyId;

  server.faults.add({ forgetAuthKeys: 2 });
  await typeCode(page, code);

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  const signIns = server.log().filter((entry) => entry.method === 'auth.signIn' && entry.outcome === 'ok');
  expect(signIns).toHaveLength(1);
  expect(signIns[0]!.authKeyId).not.toBe(keyBefore);
});

test('the server forgets the auth key at the phone step: a fresh key, and the code step as usual', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  // The app makes its key on the first action: a code, then "Wrong number?" back to the number.
  await enterPhone(page, ADA);
  await expect(codeHeading(page)).toBeVisible();
  const keyBefore = server.log().find((entry) => entry.method === 'auth.sendCode')!.authKeyId;
  await page.getByRole('button', { name: 'Wrong number?' }).click();
  await expect(phoneHeading(page)).toBeVisible();
  await expect(phoneInput(page)).toHaveValue('+1 555 010 0');
  server.faults.add({ forgetAuthKeys: 'all' });

  await phoneInput(page).press('Enter');

  await expect(codeHeading(page)).toBeVisible();
  await expect.poll(() => server.inbox(ADA).length).toBe(2);
  const sends = server.log().filter((entry) => entry.method === 'auth.sendCode' && entry.outcome === 'ok');
  expect(sends).toHaveLength(2);
  expect(sends[1]!.authKeyId).not.toBe(keyBefore);
  await typeCode(page, await newestCode(server, ADA));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('the server forgets the auth key, then the app restarts at the code step: the code step comes back and the code signs in', async ({
  page,
  server,
  gramdesk,
}) => {
  await enterPhone(page, ADA);
  await expect(codeHeading(page)).toBeVisible();
  const code = await newestCode(server, ADA);
  server.faults.add({ forgetAuthKeys: 'all' });

  await gramdesk.restartApp();

  await expect(codeHeading(page)).toBeVisible();
  await typeCode(page, code);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(1);
});

test('the server forgot the key of a stored session: after a restart the person is told why and signs in again', async ({
  page,
  server,
  gramdesk,
}) => {
  await signIn(page, server, ADA, 'Ada Lovelace');
  server.faults.add({ forgetAuthKeys: 'all' });

  await gramdesk.restartApp();

  await expect(phoneHeading(page)).toBeVisible();
  await expect(page.getByText(KEY_FORGOTTEN_MESSAGE)).toBeVisible();
  await signIn(page, server, ADA, 'Ada Lovelace');
});

// ---- a skewed server clock --------------------------------------------------------------------

for (const skew of [3_600_000, -3_600_000]) {
  const label = skew > 0 ? 'an hour ahead' : 'an hour behind';

  test(`the server's clock ${label} from the start: sign-in works, and the resend countdown is not off by an hour`, async ({
    page,
    server,
    gramdesk: _gramdesk,
  }) => {
    server.faults.add({ clockSkewMs: skew });

    await enterPhone(page, ADA);

    await expect(codeHeading(page)).toBeVisible();
    const wait = page.getByRole('timer');
    await expect(wait).toHaveText(/^(1:00|0:[0-5]\d)$/);
    await typeCode(page, await newestCode(server, ADA));
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  });

  test(`the server's clock jumps ${label} at the code step (after the auth key was made): the app keeps talking to it`, async ({
    page,
    server,
    gramdesk: _gramdesk,
  }) => {
    await enterPhone(page, ADA);
    await expect(codeHeading(page)).toBeVisible();
    const code = await newestCode(server, ADA);

    server.faults.add({ clockSkewMs: skew });
    await typeCode(page, code);

    if (skew > 0) {
      // An hour later by the server's clock, the five-minute code has expired: said so, and one
      // click gets a code that works (the number is not typed again).
      await expect(page.getByText('This code has expired')).toBeVisible();
      await page.getByRole('button', { name: 'Send a new code' }).click();
      await expect(signInButton(page)).toBeEnabled();
      await expect.poll(() => server.inbox(ADA).length).toBe(2);
      await codeInput(page).fill('');
      await typeCode(page, await newestCode(server, ADA));
    }
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  });
}

test('a server clock an hour ahead: the QR countdown is still right, and a scan signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.faults.add({ clockSkewMs: 3_600_000 });

  await page.getByRole('button', { name: 'Log in by QR code' }).click();

  await expect(liveQrCode(page)).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^0:[0-3]\d$/);
  server.qrAccept(ADA, loginToken(await readQrCode(page)));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(0);
});
