// The real Electron app (out/, built by `npm run build`) through the SMS-fallback happy path,
// against the local server. Runs wherever Electron's binary can be had; skips with the reason
// elsewhere.
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
  server.settings.set({ resendTimeoutSec: 2 });
  data = dataDirectory();
  await clearKeychain();
});

test.afterEach(async () => {
  await server.stop();
  data?.remove();
  await clearKeychain();
});

test('Electron: signs in through the SMS fallback and keeps the session in the keychain', async () => {
  const app = await launchGramdesk(data.path, { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) });
  try {
    const page = await app.firstWindow();
    // The preload's bridge, not the HTTP one.
    expect(await page.evaluate(() => 'gramdesk' in window)).toBe(true);

    const phone = page.getByRole('textbox', { name: 'Phone number' });
    await phone.fill('+15550100');
    await phone.press('Enter');
    await expect(page.getByText('We sent the code to your Telegram app on another device')).toBeVisible();

    await page.getByRole('button', { name: 'Send the code by SMS' }).click();
    await expect(page.getByText('We sent the code by SMS to +1 555 0100.')).toBeVisible();

    await page.getByRole('textbox', { name: /code/i }).pressSequentially(await newestCode(server, '+15550100', 'sms'));
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
    expect(await keychainAccounts()).not.toHaveLength(0);
  } finally {
    await app.close();
  }
});
