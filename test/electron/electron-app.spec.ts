// The real Electron app (out/, built by `npm run build`) through the SMS-fallback happy path,
// against the local server. Runs wherever Electron's binary can be had; skips with the reason
// elsewhere.
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { clearKeychain, keychainAccounts, newestCode } from '../e2e/fixtures';
import { electronBinaryPath, noElectronReason } from './electron-binary';

const root = join(import.meta.dirname, '..', '..');
const binary = electronBinaryPath();

test.skip(binary === null, noElectronReason);

let server: LocalServer;

test.beforeEach(async () => {
  server = await startLocalServer({ port: 'auto' });
  server.settings.set({ resendTimeoutSec: 2 });
  await clearKeychain();
});

test.afterEach(async () => {
  await server.stop();
  await clearKeychain();
});

test('Electron: signs in through the SMS fallback and keeps the session in the keychain', async () => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'TELEGRAM_API_ID' && key !== 'TELEGRAM_API_HASH') env[key] = value;
  }
  env.GRAMDESK_LOCAL_SERVER = JSON.stringify(server.readyLine());

  const app = await electron.launch({
    executablePath: binary!,
    args: [root, '--no-sandbox'],
    cwd: root,
    env,
  });
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
