// The offline demo started inside the real Electron app, as a person meets it: the first-start
// choice of how to connect, the codes the demo "delivers" shown in the window, and a restart that
// opens signed in (the demo's world kept in the data directory). Test ids are the demo panel's
// and the connection choice's (renderer/src/screens/demo-panel.svelte, connection-choice-screen.svelte).
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { clearKeychain } from '../e2e/fixtures';
import { noElectronReason } from './electron-binary';
import { binary, dataDirectory, launchGramdesk } from './electron-launch';

test.skip(binary === null, noElectronReason);

// The connection choice has a keychain item of its own.
const CONNECTION_SERVICE = 'Gramdesk (connection)';

let data: ReturnType<typeof dataDirectory>;
const apps: ElectronApplication[] = [];

async function forgetConnectionChoice(): Promise<void> {
  const { createRequire } = await import('node:module');
  const keytar = createRequire(import.meta.url)('keytar') as {
    findCredentials(service: string): Promise<Array<{ account: string }>>;
    deletePassword(service: string, account: string): Promise<boolean>;
  };
  for (const item of await keytar.findCredentials(CONNECTION_SERVICE)) await keytar.deletePassword(CONNECTION_SERVICE, item.account);
}

async function launch(env: Record<string, string> = {}): Promise<Page> {
  const app = await launchGramdesk(data.path, env);
  apps.push(app);
  return app.firstWindow();
}

async function quitAll(): Promise<void> {
  for (const app of apps.splice(0)) await app.close();
}

test.beforeEach(async () => {
  data = dataDirectory();
  await clearKeychain();
  await forgetConnectionChoice();
});

test.afterEach(async () => {
  await quitAll();
  data?.remove();
  await clearKeychain();
  await forgetConnectionChoice();
});

/** Signs in as the demo's first user with the code the window shows. */
async function signInWithInAppCode(page: Page): Promise<void> {
  const phone = page.getByRole('textbox', { name: 'Phone number' });
  await phone.fill('+15550100');
  await phone.press('Enter');
  const message = page.getByTestId('demo-message').filter({ has: page.getByTestId('demo-message-code') }).last();
  await expect(message).toBeVisible();
  await expect(message).toHaveAttribute('data-phone', '+15550100');
  const code = (await message.getByTestId('demo-message-code').innerText()).trim();
  expect(code).toMatch(/^\d{5}$/);
  await page.getByRole('textbox', { name: /code/i }).pressSequentially(code);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
}

test('the demo’s codes show in the window, live, with copy; no link leaves the app', async () => {
  const page = await launch();
  await expect(page.getByTestId('demo-panel')).toBeVisible();
  await signInWithInAppCode(page);
  await expect(page.getByTestId('demo-copy-code').first()).toBeVisible();
  expect(await page.getByTestId('demo-panel').locator('a[href^="http"]').count()).toBe(0);
});

test('signed in to the demo, quit, started again: still signed in; the demo reset starts it fresh', async () => {
  const first = await launch();
  await signInWithInAppCode(first);
  await quitAll();

  const page = await launch();
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await page.getByTestId('demo-reset').click();
  await page.getByTestId('demo-reset-confirm').click();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
});

test('first start of an installed app: the choice; a bad API ID is named; the demo chosen is remembered', async () => {
  const page = await launch({ GRAMDESK_CONNECTION_CHOICE: '1' });
  await expect(page.getByTestId('connection-choice')).toBeVisible();

  await page.getByTestId('api-id-input').fill('12ab');
  await page.getByTestId('api-hash-input').fill('0123456789abcdef0123456789abcdef');
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('api-id-error')).toHaveText('The API ID is a number (digits only), such as 1234567.');

  await page.getByTestId('choose-demo-button').click();
  await expect(page.getByTestId('demo-panel')).toBeVisible();
  await quitAll();

  const again = await launch({ GRAMDESK_CONNECTION_CHOICE: '1' });
  await expect(again.getByTestId('demo-panel')).toBeVisible();
  await expect(again.getByTestId('connection-choice')).toHaveCount(0);
});
