// When Telegram offers no other way to send the code, the app says so plainly and points to the
// ways that do work, instead of a button that can only fail.
import { calls, codeInput, enterPhone, expect, newestCode, test, typeCode } from './fixtures';

test('an account whose code only goes to the Telegram app: no channel button, a plain statement and other ways', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, '+15550103');

  await expect(page.getByText('We sent the code to your Telegram app on another device')).toBeVisible();
  await expect(page.getByText('Telegram offers no other way to send this code.')).toBeVisible();
  await expect(page.getByText(/already signed in/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log in by QR code' })).toBeEnabled();
  await expect(page.getByRole('button', { name: /SMS|Call me/ })).toHaveCount(0);

  // The app code still works.
  await typeCode(page, await newestCode(server, '+15550103'));
  await expect(page.getByRole('heading', { name: 'Katherine Johnson' })).toBeVisible();
});

test('SEND_CODE_UNAVAILABLE from the server: the offer goes away, the statement appears, the code in hand still works', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.settings.set({ resendTimeoutSec: 0 });
  server.faults.add({ method: 'auth.resendCode', error: 'SEND_CODE_UNAVAILABLE', times: 1 });
  await enterPhone(page, '+15550100');
  const appCode = await newestCode(server, '+15550100', 'app');

  await page.getByRole('button', { name: 'Send the code by SMS' }).click();

  await expect(page.getByText('Telegram will not send the code another way for this number.')).toBeVisible();
  await expect(page.getByText('Telegram offers no other way to send this code.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send the code by SMS' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Log in by QR code' })).toBeEnabled();

  await typeCode(page, appCode);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('asking for every channel in turn (app, SMS, call) ends in the plain statement, not a dead button', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.settings.set({ resendTimeoutSec: 0 });
  await enterPhone(page, '+15550100');
  await expect(codeInput(page)).toBeVisible();

  await page.getByRole('button', { name: 'Send the code by SMS' }).click();
  await expect(page.getByText('We sent the code by SMS to +1 555 0100.')).toBeVisible();

  await page.getByRole('button', { name: 'Call me instead' }).click();
  await expect(page.getByText('We’ll call you at +1 555 0100')).toBeVisible();
  await expect(page.getByText('Telegram offers no other way to send this code.')).toBeVisible();
  expect(calls(server, 'auth.resendCode')).toBe(2);

  await typeCode(page, await newestCode(server, '+15550100', 'call'));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});
