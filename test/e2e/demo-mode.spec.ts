// The offline demo as someone trying Gramdesk meets it: browser mode started with no server and
// no credentials starts its own local server, says it is a demo, lists who can sign in and where
// their codes appear, and that is all a person needs to sign in.
import { expect, test } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from '../../scripts/browser-mode-process';
import { clearKeychain } from './fixtures';

let app: BrowserMode | undefined;

test.beforeEach(async () => {
  await clearKeychain();
});

test.afterEach(async () => {
  await app?.stop();
  app = undefined;
  await clearKeychain();
});

test('the demo badge, the demo users and their inboxes are enough to sign in', async ({ page, context }) => {
  app = await startBrowserMode();
  await page.goto(app.url);

  // The token left the address bar as soon as the page took it.
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  expect(page.url()).not.toContain('token=');

  await expect(page.getByText('Demo', { exact: true })).toBeVisible();
  const panel = page.getByRole('complementary', { name: 'Offline demo' });
  await expect(panel.getByText('+1 555 0100')).toBeVisible();
  await expect(panel.getByText(/Ada Lovelace/)).toBeVisible();
  await expect(panel.getByText(/two-step password/)).toBeVisible();

  const phone = page.getByRole('textbox', { name: 'Phone number' });
  await phone.fill('+15550100');
  await phone.press('Enter');
  await expect(page.getByText('We sent the code to your Telegram app on another device')).toBeVisible();

  // The person opens Ada's inbox from the panel and reads the code there.
  const [inbox] = await Promise.all([
    context.waitForEvent('page'),
    panel.getByRole('link', { name: 'Inbox of +1 555 0100' }).click(),
  ]);
  await inbox.waitForLoadState();
  const code = /"code":\s*"(\d+)"/.exec(await inbox.locator('body').innerText())?.[1];
  expect(code).toMatch(/^\d{5}$/);
  await inbox.close();

  await page.getByRole('textbox', { name: /code/i }).pressSequentially(code!);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

  // Leave no demo session behind for other tests.
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
});

test('a page opened without the token says how to get in', async ({ page }) => {
  app = await startBrowserMode();
  const withoutToken = app.url.replace(/#.*$/, '');
  await page.goto(withoutToken);

  await expect(page.getByText('its access link is missing or out of date')).toBeVisible();
});

test('a page holding an outdated token (the app was restarted) says how to get in, and calls nothing', async ({ page }) => {
  app = await startBrowserMode();
  await page.goto(app.url.replace(/#token=.*$/, '#token=from-an-earlier-launch'));

  await expect(page.getByText('its access link is missing or out of date')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveCount(0);
});
