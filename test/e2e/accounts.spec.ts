// Several accounts side by side, as a person uses them: three demo accounts signed in by three
// different ways, switched between in one click, all back after a restart with the last one
// shown; one ended from another device goes alone, while another is shown, one logged out goes
// alone, and adding an account that is already here shows it instead; an add a restart
// interrupted comes back at its code step. Over a network that drops,
// each row says whether its own connection is up.
import type { Page } from '@playwright/test';
import { codeInput, enterPhone, expect, newestCode, test, typeCode } from './fixtures';
import { loginToken, readQrCode } from './qr-reader';

const ADA = '+15550100';
const GRACE = '+15550101';
const ALAN = '+15550102';

// Each account's session is checked every second here (a minute by default), so a session ended
// elsewhere shows within the test's patience.
test.use({ appEnv: { GRAMDESK_SESSION_CHECK_S: '1' } });

const switcher = (page: Page) => page.getByRole('region', { name: 'Accounts on this computer' });
const rows = (page: Page) => switcher(page).getByRole('listitem');
const shownHeading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

async function addAccount(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByText('Adding an account.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeVisible();
}

test('three accounts by three ways, switched, restored after a restart; one ended elsewhere and one logged out go alone; a duplicate is refused', async ({
  page,
  server,
  gramdesk,
}) => {
  test.setTimeout(120_000);
  server.settings.set({ freshResetForbiddenMs: 0, resendTimeoutSec: 3 });

  // Ada: the code by the app, then the SMS fallback.
  await enterPhone(page, ADA);
  const smsButton = page.getByRole('button', { name: 'Send the code by SMS' });
  await expect(smsButton).toBeEnabled();
  await smsButton.click();
  await expect(page.getByText('We sent the code by SMS to +1 555 0100.')).toBeVisible();
  await typeCode(page, await newestCode(server, ADA, 'sms'));
  await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();
  // One account: the screen as before, plus the way to add another.
  await expect(switcher(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add account' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log out', exact: true })).toBeEnabled();

  // Alan: QR login, his home DC is 3 (the app's first DC is 2).
  await addAccount(page);
  await page.getByRole('button', { name: 'Log in by QR code' }).click();
  const url = await readQrCode(page);
  expect(server.qrAccept(ADA, loginToken(url))).toMatchObject({ ok: false, error: 'AUTH_TOKEN_EXCEPTION' });
  expect(server.qrAccept(ALAN, loginToken(url))).toMatchObject({ ok: true });
  await expect(shownHeading(page, 'Alan Turing')).toBeVisible();

  // Grace: code, then her two-step password.
  await addAccount(page);
  await enterPhone(page, GRACE);
  await expect(codeInput(page)).toBeVisible();
  await typeCode(page, await newestCode(server, GRACE));
  await page.getByLabel('Password', { exact: true }).fill('hunter2');
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await expect(shownHeading(page, 'Grace Hopper')).toBeVisible();

  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).nth(0)).toContainText('Ada Lovelace');
  await expect(rows(page).nth(0)).toContainText('+1 555 0100');
  await expect(rows(page).nth(0)).toContainText('Connected');
  await expect(rows(page).nth(2)).toContainText('Shown');
  // The demo panel says who is signed in.
  await expect(page.getByRole('complementary').getByText('signed in here')).toHaveCount(3);

  // One click shows Ada.
  await switcher(page).getByRole('button', { name: 'Switch to Ada Lovelace' }).click();
  await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();
  await switcher(page).getByRole('button', { name: 'Switch to Alan Turing' }).click();
  await expect(shownHeading(page, 'Alan Turing')).toBeVisible();
  await switcher(page).getByRole('button', { name: 'Switch to Ada Lovelace' }).click();
  await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();

  // After a restart: all three back, Ada (the last shown) on screen.
  await gramdesk.restartApp();
  await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).filter({ hasText: 'Connected' })).toHaveCount(3);

  // Alan's phone ends the app's session (the server's control API) while Ada is shown: without a
  // switch, only he goes, the person is told why, and Ada stays on screen.
  const ended = await fetch(`${server.controlUrl}/sessions/end`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: ALAN, device: 'Gramdesk' }),
  });
  expect(await ended.json()).toMatchObject({ ok: true, ended: 1 });
  await expect(page.getByText('Alan Turing, +1 555 0102 was removed: This session was ended from another device')).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await expect(switcher(page)).not.toContainText('Alan Turing');
  await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();
  await expect(rows(page).filter({ hasText: 'Connected' })).toHaveCount(2);

  // Log out of Ada only: Grace stays, signed in and connected.
  await switcher(page).getByRole('button', { name: 'Log out of Ada Lovelace' }).click();
  await expect(shownHeading(page, 'Grace Hopper')).toBeVisible();
  await expect(switcher(page)).toHaveCount(0);

  // Adding Grace again: she is shown, and no code is sent.
  const codesBefore = server.inbox(GRACE).length;
  await addAccount(page);
  await enterPhone(page, GRACE);
  await expect(page.getByText('Grace Hopper is already signed in here, so Gramdesk switched to it instead of signing in twice.')).toBeVisible();
  await expect(shownHeading(page, 'Grace Hopper')).toBeVisible();
  await expect(switcher(page)).toHaveCount(0);
  expect(server.inbox(GRACE).length).toBe(codesBefore);
});

test('cancelling an add returns to the account that was shown', async ({ page, server, gramdesk: _gramdesk }) => {
  await enterPhone(page, ADA);
  await typeCode(page, await newestCode(server, ADA));
  await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();
  await addAccount(page);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();
  await expect(page.getByText('Adding an account.')).toHaveCount(0);
});

test('a restart while adding an account returns to its code step, without a new code; the code then adds it beside the first', async ({
  page,
  server,
  gramdesk,
}) => {
  await enterPhone(page, ADA);
  await typeCode(page, await newestCode(server, ADA));
  await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();
  await addAccount(page);
  await enterPhone(page, ALAN);
  await expect(codeInput(page)).toBeVisible();
  const code = await newestCode(server, ALAN);

  await gramdesk.restartApp();

  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await expect(page.getByRole('main').getByText('+1 555 0102', { exact: true })).toBeVisible();
  await expect(page.getByText('Adding an account.')).toBeVisible();
  expect(server.inbox(ALAN)).toHaveLength(1);
  await typeCode(page, code);
  await expect(shownHeading(page, 'Alan Turing')).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(0)).toContainText('Ada Lovelace');
});

test.describe('over a network that drops', () => {
  test.use({ viaNetworkSwitch: true });

  test('each account\'s row says whether its own connection is up, the one not shown as well', async ({ page, server, gramdesk }) => {
    await enterPhone(page, ADA);
    await typeCode(page, await newestCode(server, ADA));
    await expect(shownHeading(page, 'Ada Lovelace')).toBeVisible();
    await addAccount(page);
    await enterPhone(page, ALAN);
    await typeCode(page, await newestCode(server, ALAN));
    await expect(shownHeading(page, 'Alan Turing')).toBeVisible();
    await expect(rows(page).filter({ hasText: 'Connected' })).toHaveCount(2);

    await gramdesk.network.unplug();
    await expect(rows(page).filter({ hasText: 'Offline' })).toHaveCount(2);
    await gramdesk.network.plug();
    await expect(rows(page).filter({ hasText: 'Connected' })).toHaveCount(2, { timeout: 30_000 });
    await expect(shownHeading(page, 'Alan Turing')).toBeVisible();
  });
});
