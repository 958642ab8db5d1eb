// The real Electron app opened with a tg://proxy link on its command line, as the OS does once
// Gramdesk is the tg: handler: the confirmation box shows the link's fields before anything
// changes. Runs wherever Electron's binary is installed; skips with the reason elsewhere.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { clearKeychain } from '../e2e/fixtures';
import { electronBinaryPath } from './electron-binary';

const root = join(import.meta.dirname, '..', '..');
const binary = electronBinaryPath();

test.skip(
  binary === null,
  'Electron binary is not installed on this machine (it cannot be downloaded offline); run where it is present',
);

let server: LocalServer;
let settingsDir: string;

test.beforeEach(async () => {
  server = await startLocalServer({ port: 'auto' });
  settingsDir = mkdtempSync(join(tmpdir(), 'gramdesk-electron-settings-'));
  await clearKeychain();
});

test.afterEach(async () => {
  await server.stop();
  await clearKeychain();
  rmSync(settingsDir, { recursive: true, force: true });
});

test('Electron: a tg://socks link on the command line is offered for confirmation, and Cancel changes nothing', async () => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'TELEGRAM_API_ID' && key !== 'TELEGRAM_API_HASH') env[key] = value;
  }
  env.GRAMDESK_LOCAL_SERVER = JSON.stringify(server.readyLine());
  env.GRAMDESK_SETTINGS_DIR = settingsDir;

  const app = await electron.launch({
    executablePath: binary!,
    args: [root, '--no-sandbox', 'tg://socks?server=127.0.0.1&port=1080&user=ann&pass=secret'],
    cwd: root,
    env,
  });
  try {
    const page = await app.firstWindow();
    const box = page.getByRole('dialog', { name: 'Enable this proxy?' });
    await expect(box).toBeVisible();
    await expect(box.getByText('SOCKS5', { exact: true })).toBeVisible();
    await expect(box.getByText('1080', { exact: true })).toBeVisible();
    await expect(box.getByText('ann', { exact: true })).toBeVisible();
    await box.getByRole('button', { name: 'Cancel' }).click();
    await expect(box).toBeHidden();
    await expect(page.getByRole('button', { name: 'Connected' })).toBeVisible();
  } finally {
    await app.close();
  }
});
