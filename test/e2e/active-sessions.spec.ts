// The signed-in screen's active sessions: this device marked, another device listed with what
// Telegram knows of it, and ending it (or being told why Telegram won't allow it yet).
import { expect, signIn, test } from './fixtures';
import { signInSecondDevice, type SecondDevice } from './second-device';

const ADA = '+15550100';
let other: SecondDevice | undefined;

test.afterEach(async () => {
  await other?.close();
  other = undefined;
});

test('lists this device and another one; "End session" (confirmed) signs the other device out', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  // Telegram's rule that a session under a day old may not end others is off for this test.
  server.settings.set({ freshResetForbiddenMs: 0 });
  await signIn(page, server, ADA, 'Ada Lovelace');
  const list = page.getByRole('list', { name: 'Active sessions' });
  // The list loads by itself once the signed-in screen shows: just this device so far.
  await expect(list.getByRole('listitem')).toHaveCount(1);
  other = await signInSecondDevice(server, ADA);

  await page.getByRole('button', { name: 'Refresh' }).click();

  await expect(list.getByRole('listitem')).toHaveCount(2);
  const mine = list.getByRole('listitem').filter({ hasText: 'This device' });
  await expect(mine).toContainText('Gramdesk');
  await expect(mine).toContainText('Online now');
  await expect(mine.getByRole('button', { name: 'End session' })).toHaveCount(0);
  const theirs = list.getByRole('listitem').filter({ hasText: 'Gramdesk test' });
  await expect(theirs).toContainText('api_id 2040');
  await expect(theirs).toContainText('Local');
  await expect(theirs).toContainText(/Active now|Active \d+ min ago/);

  await theirs.getByRole('button', { name: 'End session' }).click();
  await expect(theirs.getByText('Sign out Gramdesk test?')).toBeVisible();
  await theirs.getByRole('button', { name: 'Yes, end it' }).click();

  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByText('No other devices are signed in to this account.')).toBeVisible();
  expect(await other.isSignedIn()).toBe(false);
  // This device is still signed in.
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('"Cancel" leaves the other session alone', async ({ page, server, gramdesk: _gramdesk }) => {
  await signIn(page, server, ADA, 'Ada Lovelace');
  other = await signInSecondDevice(server, ADA);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const theirs = page.getByRole('listitem').filter({ hasText: 'Gramdesk test' });

  await theirs.getByRole('button', { name: 'End session' }).click();
  await theirs.getByRole('button', { name: 'Cancel' }).click();

  await expect(theirs.getByRole('button', { name: 'End session' })).toBeVisible();
  expect(server.log().filter((e) => e.method === 'account.resetAuthorization')).toHaveLength(0);
  expect(await other.isSignedIn()).toBe(true);
});

test('a session under a day old may not end others yet: FRESH_RESET_AUTHORISATION_FORBIDDEN is explained', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await signIn(page, server, ADA, 'Ada Lovelace');
  other = await signInSecondDevice(server, ADA);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const theirs = page.getByRole('listitem').filter({ hasText: 'Gramdesk test' });

  await theirs.getByRole('button', { name: 'End session' }).click();
  await theirs.getByRole('button', { name: 'Yes, end it' }).click();

  await expect(page.getByText('This session is less than a day old')).toBeVisible();
  await expect(theirs).toBeVisible();
  expect(await other.isSignedIn()).toBe(true);
});
