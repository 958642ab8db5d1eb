// The offline demo as someone trying Gramdesk lives with it: browser mode started with no server
// and no credentials runs its own local server, shows the codes that server "delivers" in the
// window (live, with copy), remembers its world across a stop, a restart and a SIGKILL, says so
// when a saved world had to be set aside, and starts fresh on "Reset the demo". The codes are read
// from the window only, as a person reads them.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { codeInput, enterPhone, keychainAccounts, ownDemoApp, typeCode } from './fixtures';

const ADA = '+15550100';

const demo = ownDemoApp();
const launch = (page: Page) => demo.launch(page);

const messages = (page: Page) => page.getByRole('log', { name: 'Delivered messages' });
const messagesTo = (page: Page, phone: string) => page.locator(`[data-testid="demo-message"][data-phone="${phone}"]`);

/** The newest code delivered to `phone`, as the window shows it, once there are `count` of them. */
async function codeInWindow(page: Page, phone: string, count = 1): Promise<string> {
  await expect(messagesTo(page, phone)).toHaveCount(count);
  const code = await messagesTo(page, phone).first().getByTestId('demo-message-code').textContent();
  expect(code).toMatch(/^\d{5}$/);
  return code!;
}

async function signInAda(page: Page): Promise<void> {
  await enterPhone(page, ADA);
  await expect(codeInput(page)).toBeVisible();
  await typeCode(page, await codeInWindow(page, ADA));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
}

test('the codes the server sends show in the window, live, with copy, and sign in; no inbox link', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await launch(page);
  await expect(page.getByText('Demo', { exact: true })).toBeVisible();
  await expect(messages(page).getByText('Nothing delivered yet')).toBeVisible();
  await expect(page.locator('a[href*="inbox"]')).toHaveCount(0);

  await enterPhone(page, ADA);
  await expect(page.getByText('We sent the code to your Telegram app on another device')).toBeVisible();
  const message = messagesTo(page, ADA).first();
  await expect(message).toContainText('To +1 555 0100 by Telegram app');
  await expect(message).toContainText('Your login code:');
  const code = await codeInWindow(page, ADA);

  await message.getByRole('button', { name: `Copy the code ${code}` }).click();
  await expect(message.getByRole('button', { name: `Copy the code ${code}` })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  // Pasted into the code field, as a person would: the app signs in by itself.
  await codeInput(page).focus();
  await page.keyboard.press('Control+V');
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('signed in, stopped, started again: signed in, and the delivered code still listed', async ({ page }) => {
  await launch(page);
  await signInAda(page);
  expect(existsSync(join(demo.dataDir, 'demo-world.json'))).toBe(true);

  await demo.app.stop();
  await launch(page);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(messagesTo(page, ADA)).toHaveCount(1);
  await expect(page.getByTestId('demo-world-notice')).toHaveCount(0);
});

test('killed (SIGKILL) in the code step and after signing in: the next start loads the demo, nothing hangs', async ({ page }) => {
  await launch(page);
  await enterPhone(page, ADA);
  const code = await codeInWindow(page, ADA);
  await demo.app.kill();

  // The next start is back on the code step with the same code still valid.
  await launch(page);
  await expect(page.getByTestId('demo-world-notice')).toHaveCount(0);
  await expect(codeInput(page)).toBeVisible();
  await typeCode(page, code);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await demo.app.kill();

  await launch(page);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(page.getByTestId('demo-world-notice')).toHaveCount(0);
  expect(readdirSync(demo.dataDir).filter((name) => name.includes('.tmp-'))).toEqual([]);
});

test('a saved demo that is damaged is set aside beside itself, with a message, and the demo starts fresh', async ({ page }) => {
  writeFileSync(join(demo.dataDir, 'demo-world.json'), '{"format":"gramdesk-demo-world","version":1,"users":[');
  await launch(page);
  const notice = page.getByTestId('demo-world-notice');
  await expect(notice).toContainText('The saved demo was damaged, so the demo started fresh.');
  await expect(notice).toContainText(join(demo.dataDir, 'demo-world.json.corrupt-'));
  expect(readdirSync(demo.dataDir).some((name) => name.startsWith('demo-world.json.corrupt-'))).toBe(true);
  // The fresh demo works.
  await signInAda(page);
});

test('a saved demo from another version is set aside, with a message', async ({ page }) => {
  writeFileSync(join(demo.dataDir, 'demo-world.json'), JSON.stringify({ format: 'gramdesk-demo-world', version: 99 }));
  await launch(page);
  await expect(page.getByTestId('demo-world-notice')).toContainText('made by another version of Gramdesk');
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
});

test('Reset the demo: back to signing in, no messages, no demo session in the keychain, and it stays fresh', async ({ page }) => {
  await launch(page);
  await signInAda(page);
  expect((await keychainAccounts()).some((a) => a.startsWith('Gramdesk (demo)/'))).toBe(true);

  await page.getByRole('button', { name: 'Reset the demo' }).click();
  await expect(page.getByText('Forget every sign-in, new account and code of the demo')).toBeVisible();
  await page.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(page.getByText('The demo was reset: it starts fresh.')).toBeVisible();
  await expect(messages(page).getByText('Nothing delivered yet')).toBeVisible();
  expect((await keychainAccounts()).filter((a) => a.startsWith('Gramdesk (demo)/'))).toEqual([]);

  await demo.app.stop();
  await launch(page);
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await signInAda(page);
});
