// QR login as a person does it: "Log in by QR code", then a phone that is already signed in scans
// the code on screen. The test reads the code from the screen's pixels and hands that token to the
// server (server.qrAccept), so it only passes when the picture shown is the live token.
import { calls, codeInput, enterPhone, expect, phoneInput, test } from './fixtures';
import { liveQrCode, loginToken, readQrCode } from './qr-reader';

test('from the phone screen: the QR code with instructions and a countdown; a scan signs in on the same DC', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await page.getByRole('button', { name: 'Log in by QR code' }).click();

  await expect(page.getByRole('heading', { name: 'Log in by QR code' })).toBeVisible();
  await expect(liveQrCode(page)).toBeVisible();
  await expect(page.getByText('Open Telegram on your phone.')).toBeVisible();
  await expect(page.getByText('Go to Settings → Devices → Link Desktop Device.')).toBeVisible();
  await expect(page.getByText('A new code replaces this one in')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^0:[0-3]\d$/);

  const url = await readQrCode(page);
  expect(url).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/);
  expect(server.qrAccept('+15550100', loginToken(url))).toMatchObject({ ok: true });

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(0);
});

test('an account on another data center (+1 555 0102 on DC 3): the app follows the migration and signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await page.getByRole('button', { name: 'Log in by QR code' }).click();
  const url = await readQrCode(page);

  expect(server.qrAccept('+15550102', loginToken(url))).toMatchObject({ ok: true });

  await expect(page.getByRole('heading', { name: 'Alan Turing' })).toBeVisible();
  expect(server.log().filter((e) => e.method === 'auth.importLoginToken').map((e) => [e.dc, e.outcome])).toEqual([
    [3, 'ok'],
  ]);
});

test('an account with a two-step password: after the scan, the password step (no number), then signed in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await page.getByRole('button', { name: 'Log in by QR code' }).click();
  server.qrAccept('+15550101', loginToken(await readQrCode(page)));

  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
  await expect(page.getByText('Hint: the usual')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('hunter2');
  await page.getByLabel('Password', { exact: true }).press('Enter');

  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
});

test('the code is replaced by itself before it expires, and the new one works', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  // Long enough for the first code to be read off the screen on a loaded machine before main
  // replaces it (about a second before it expires).
  server.settings.set({ loginTokenTtlMs: 8000 });
  await page.getByRole('button', { name: 'Log in by QR code' }).click();
  // Only the first code is short-lived: the TTL changes as soon as the server has made it (the
  // server runs in this process, so its log is read without a round trip), seconds before main
  // asks for the next one. Changed later, say once the code was read off the screen, the
  // replacement could already be a short-lived one, replaced or expired in turn before the scan.
  await expect.poll(() => calls(server, 'auth.exportLoginToken'), { intervals: [10] }).toBe(1);
  server.settings.set({ loginTokenTtlMs: 30_000 });
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/^0:0\d$/);
  const first = await readQrCode(page);

  // No click: main fetches the next code shortly before the first one expires, and the
  // countdown starts again from the new code's lifetime.
  await expect(timer).toHaveText(/^0:[1-3]\d$/);
  const second = await readQrCode(page);
  expect(second).not.toBe(first);
  expect(calls(server, 'auth.exportLoginToken')).toBe(2);
  // The first token is no longer the one the server is waiting for; the one on screen is.
  expect(server.qrAccept('+15550100', loginToken(first))).toMatchObject({ ok: false });
  expect(server.qrAccept('+15550100', loginToken(second))).toMatchObject({ ok: true });
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('an expired code (the refresh failed) is shown as expired; "Show a new QR code" brings one that works', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.settings.set({ loginTokenTtlMs: 3000 });
  await page.getByRole('button', { name: 'Log in by QR code' }).click();
  await expect(liveQrCode(page)).toBeVisible();
  // The automatic refresh gets an error the app can't get past by itself.
  server.faults.add({ method: 'auth.exportLoginToken', error: 'AUTH_TOKEN_INVALID', times: 1 });

  await expect(page.getByText('This QR code has expired.')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Expired QR code' })).toBeVisible();
  await expect(liveQrCode(page)).toHaveCount(0);

  server.settings.set({ loginTokenTtlMs: 30_000 });
  await page.getByRole('button', { name: 'Show a new QR code' }).click();
  await expect(liveQrCode(page)).toBeVisible();
  server.qrAccept('+15550100', loginToken(await readQrCode(page)));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('offered on the code screen when the code can only go to the app; "Log in by phone number instead" goes back', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, '+15550103');
  await expect(codeInput(page)).toBeVisible();
  await expect(page.getByText('Telegram offers no other way to send this code.')).toBeVisible();

  await page.getByRole('button', { name: 'Log in by QR code' }).click();
  await expect(liveQrCode(page)).toBeVisible();
  // The code that was pending is abandoned.
  expect(calls(server, 'auth.cancelCode')).toBe(1);

  await page.getByRole('button', { name: 'Log in by phone number instead' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(phoneInput(page)).toBeFocused();
});
