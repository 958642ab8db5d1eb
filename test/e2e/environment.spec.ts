// What the person must know about where the app stands: the core went away, or there is no
// keychain to remember the session in.
import { enterPhone, expect, keychainAccounts, signIn, startBrowserMode, test } from './fixtures';

test('when the app core goes away the page says so instead of failing silently', async ({
  page,
  gramdesk,
}) => {
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(page.getByText('Lost the connection to Gramdesk’s core')).toHaveCount(0);

  await gramdesk.browserMode.stop();

  await expect(page.getByText('Lost the connection to Gramdesk’s core. Reconnecting…')).toBeVisible();
  await enterPhone(page, '+15550100');
  await expect(page.getByText('That didn’t go through: Gramdesk’s core can’t be reached right now.')).toBeVisible();
});

test('without a keychain the app warns up front, still signs in, says the session is not saved, and stores nothing', async ({
  page,
  server,
}) => {
  const app = await startBrowserMode({ server, env: { GRAMDESK_KEYCHAIN: 'off' } });
  try {
    await page.goto(app.url);
    await expect(page.getByText('No system keychain is available')).toBeVisible();
    await expect(page.getByText('won’t remember you after it closes')).toBeVisible();

    await signIn(page, server, '+15550100', 'Ada Lovelace');

    await expect(page.getByText('This session is not saved')).toBeVisible();
    expect(await keychainAccounts()).toEqual([]);
  } finally {
    await app.stop();
  }
});
