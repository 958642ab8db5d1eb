// What survives a restart of the app, and what the person is told when it didn't: a session
// ended elsewhere, a flood deadline, a code step in progress, a future auth token after log-out.
import { calls, codeInput, enterPhone, expect, keychainAccounts, newestCode, phoneInput, signIn, test, typeCode } from './fixtures';
import { signInSecondDevice, type SecondDevice } from './second-device';

const ADA = '+15550100';
let other: SecondDevice | undefined;

test.afterEach(async () => {
  await other?.close();
  other = undefined;
});

/** Keychain items holding or pointing to a session (not the app's own small items). */
async function sessionItems(): Promise<string[]> {
  return (await keychainAccounts()).filter((item) => {
    const account = item.slice(item.indexOf('/') + 1);
    return !account.startsWith('gramdesk-') || account === 'gramdesk-index';
  });
}

test('a stored session ended from another device: at the next start the person is told why, and it is wiped', async ({
  page,
  server,
  gramdesk,
}) => {
  server.settings.set({ freshResetForbiddenMs: 0 });
  await signIn(page, server, ADA, 'Ada Lovelace');
  expect(await sessionItems()).not.toHaveLength(0);
  other = await signInSecondDevice(server, ADA);
  await other.endSessionOf('Gramdesk');

  await gramdesk.restartApp();

  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(page.getByText('This session was ended from another device, so you were signed out.')).toBeVisible();
  expect(await sessionItems()).toEqual([]);
  // And it signs in again from here.
  await signIn(page, server, ADA, 'Ada Lovelace');
});

test('a session ended elsewhere while signed in: the next refresh says why and returns to the number', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.settings.set({ freshResetForbiddenMs: 0 });
  await signIn(page, server, ADA, 'Ada Lovelace');
  other = await signInSecondDevice(server, ADA);
  await other.endSessionOf('Gramdesk');

  await page.getByRole('button', { name: 'Refresh' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(page.getByText('This session was ended from another device')).toBeVisible();
  expect(await sessionItems()).toEqual([]);
});

test('a flood wait survives a restart: still counting down, "Next" still disabled, nothing sent', async ({
  page,
  server,
  gramdesk,
}) => {
  server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_600', times: 1 });
  await enterPhone(page, ADA);
  await expect(page.getByText('Too many attempts: Telegram asks you to wait')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^(10:00|9:5\d)$/);

  await gramdesk.restartApp();

  await expect(page.getByText('Too many attempts: Telegram asks you to wait')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^(10:00|9:[0-5]\d)$/);
  // The number the wait held back is still there.
  await expect(phoneInput(page)).toHaveValue(/^\+?1[\s-]?555[\s-]?0100$/);
  await phoneInput(page).fill(ADA);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  // QR login is the way out and is not held back.
  await expect(page.getByRole('button', { name: 'Log in by QR code' })).toBeEnabled();
  expect(calls(server, 'auth.sendCode')).toBe(1);
});

test('a restart during the code step returns to the same code step without sending a new code', async ({
  page,
  server,
  gramdesk,
}) => {
  await enterPhone(page, ADA);
  await expect(codeInput(page)).toBeVisible();
  const code = await newestCode(server, ADA);

  await gramdesk.restartApp();

  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await expect(page.getByRole('main').getByText('+1 555 0100', { exact: true })).toBeVisible();
  await expect(page.getByText('We sent the code to your Telegram app on another device')).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(1);
  expect(server.inbox(ADA)).toHaveLength(1);

  await typeCode(page, code);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('after a log-out, signing in again with the same number skips the code (future auth token)', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await signIn(page, server, ADA, 'Ada Lovelace');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  const codesBefore = server.inbox(ADA).length;

  await enterPhone(page, ADA);

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  expect(server.inbox(ADA)).toHaveLength(codesBefore);
  expect(calls(server, 'auth.signIn')).toBe(1);
});
