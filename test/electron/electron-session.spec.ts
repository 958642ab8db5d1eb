// Keeping the person signed in, in the real Electron window against the local server: a restart
// opens signed in (the session from the OS keychain), and logging out empties the keychain.
import { expect, test } from '@playwright/test';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { clearKeychain, keychainAccounts, newestCode } from '../e2e/fixtures';
import { noElectronReason } from './electron-binary';
import { binary, dataDirectory, launchGramdesk } from './electron-launch';

test.skip(binary === null, noElectronReason);

let server: LocalServer;
let data: ReturnType<typeof dataDirectory>;

test.beforeEach(async () => {
  server = await startLocalServer({ port: 'auto' });
  data = dataDirectory();
  await clearKeychain();
});

test.afterEach(async () => {
  await server?.stop();
  data?.remove();
  await clearKeychain();
});

test('signed in, quit, started again: signed in; log out: the keychain holds nothing of Gramdesk', async () => {
  const env = { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) };
  const first = await launchGramdesk(data.path, env);
  try {
    const page = await first.firstWindow();
    const phone = page.getByRole('textbox', { name: 'Phone number' });
    await phone.fill('+15550100');
    await phone.press('Enter');
    await page.getByRole('textbox', { name: /code/i }).pressSequentially(await newestCode(server, '+15550100'));
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
    expect(await keychainAccounts()).not.toHaveLength(0);
  } finally {
    await first.close();
  }

  const second = await launchGramdesk(data.path, env);
  try {
    const page = await second.firstWindow();
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
    expect(await keychainAccounts()).toEqual([]);
  } finally {
    await second.close();
  }
});
