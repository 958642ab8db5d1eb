// The network drops in the middle of signing in: the app says it is offline and when it tries
// again, keeps everything on screen, and comes back by itself when the network does. The cable is
// a relay the test unplugs (test/e2e/network-switch.ts); the server itself never stops.
import { codeInput, enterPhone, expect, newestCode, test } from './fixtures';
import { liveQrCode, loginToken, readQrCode } from './qr-reader';

test.use({ viaNetworkSwitch: true });

const ADA = '+15550100';

test('offline at the code step: a banner with the next attempt, the typed code kept, back online by itself, then signed in', async ({
  page,
  server,
  gramdesk,
}) => {
  await enterPhone(page, ADA);
  await expect(codeInput(page)).toBeVisible();
  const code = await newestCode(server, ADA);
  await codeInput(page).pressSequentially(code.slice(0, 3));

  await gramdesk.network.unplug();

  const banner = page.getByRole('status', { name: 'Offline' });
  await expect(banner).toContainText('No connection to Telegram. Nothing you entered is lost.');
  await expect(banner).toContainText(/Reconnecting (by itself in \d+:\d\d|now…)/);
  await expect(codeInput(page)).toHaveValue(code.slice(0, 3));
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();

  // The rest of the code while offline: refused at once with a plain reason, the digits kept.
  await codeInput(page).pressSequentially(code.slice(3));
  await expect(page.getByText('No connection to Telegram right now')).toBeVisible();
  await expect(codeInput(page)).toHaveValue(code);

  await gramdesk.network.plug();

  await expect(banner).toBeHidden({ timeout: 40_000 });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('offline at the QR step: the banner shows, the code comes back to life on reconnection and a scan signs in', async ({
  page,
  server,
  gramdesk,
}) => {
  await page.getByRole('button', { name: 'Log in by QR code' }).click();
  await expect(liveQrCode(page)).toBeVisible();

  await gramdesk.network.unplug();
  const banner = page.getByRole('status', { name: 'Offline' });
  await expect(banner).toBeVisible();
  await expect(page.getByText(/Offline: this code expires in|This QR code has expired/)).toBeVisible();

  await gramdesk.network.plug();
  await expect(banner).toBeHidden({ timeout: 40_000 });

  await expect(liveQrCode(page)).toBeVisible();
  server.qrAccept(ADA, loginToken(await readQrCode(page)));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});
