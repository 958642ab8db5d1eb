// The session lives in the OS keychain: a restart opens signed in, and log-out removes it. The
// keychain is read from the test process with keytar, never through the app.
import { calls, expect, keychainAccounts, phoneInput, signIn, test } from './fixtures';

/**
 * The keychain items that hold or point to a session: one per account (named by the user id) and
 * the index of accounts. The vault's small app items (`gramdesk-future-auth-tokens` and the like)
 * may outlive a log-out by design; none of them can sign anyone in.
 */
async function sessionItems(): Promise<string[]> {
  return (await keychainAccounts()).filter((item) => {
    const account = item.slice(item.indexOf('/') + 1);
    return !account.startsWith('gramdesk-') || account === 'gramdesk-index';
  });
}

test('a restart of the app opens signed in, without a new code', async ({ page, server, gramdesk }) => {
  await signIn(page, server, '+15550100', 'Ada Lovelace');
  expect(await keychainAccounts()).not.toHaveLength(0);
  const sendsBefore = calls(server, 'auth.sendCode');

  await gramdesk.restartApp();

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(page.getByRole('main').getByText('+1 555 0100')).toBeVisible();
  await expect(page.getByText('This session is not saved')).toHaveCount(0);
  expect(calls(server, 'auth.sendCode')).toBe(sendsBefore);
});

test('log out empties the keychain and returns to the phone screen, also after a restart', async ({
  page,
  server,
  gramdesk,
}) => {
  await signIn(page, server, '+15550100', 'Ada Lovelace');
  expect(await sessionItems()).not.toHaveLength(0);

  await page.getByRole('button', { name: 'Log out' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(phoneInput(page)).toHaveValue('');
  expect(calls(server, 'auth.logOut')).toBe(1);
  expect(await sessionItems()).toEqual([]);

  await gramdesk.restartApp();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
});
