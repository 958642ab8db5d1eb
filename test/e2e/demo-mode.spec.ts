// The offline demo as someone trying Gramdesk meets it: browser mode started with no server and
// no credentials starts its own local server, says it is a demo, lists who can sign in and shows
// the codes it "delivers" in the window, and that is all a person needs to sign in.
import { expect, test } from '@playwright/test';
import { ownDemoApp } from './fixtures';

const demo = ownDemoApp();

test('the demo badge, the demo users and the codes shown in the window are enough to sign in', async ({ page }) => {
  await demo.launch(page);

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

  // The person reads the code in the panel, where it arrived like a notification.
  const delivered = panel.getByRole('log', { name: 'Delivered messages' }).getByTestId('demo-message-code').first();
  await expect(delivered).toHaveText(/^\d{5}$/);
  const code = await delivered.textContent();

  await page.getByRole('textbox', { name: /code/i }).pressSequentially(code!);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

  // Leave no demo session behind for other tests.
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
});

test('a page opened without the token says how to get in', async ({ page }) => {
  const app = await demo.start();
  const withoutToken = app.url.replace(/#.*$/, '');
  await page.goto(withoutToken);

  await expect(page.getByText('its access link is missing or out of date')).toBeVisible();
});

test('a page holding an outdated token (the app was restarted) says how to get in, and calls nothing', async ({ page }) => {
  const app = await demo.start();
  await page.goto(app.url.replace(/#token=.*$/, '#token=from-an-earlier-launch'));

  await expect(page.getByText('its access link is missing or out of date')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveCount(0);
});
