// The two-step password as a person meets it: the hint, show/hide, the caps-lock warning, a wrong
// password that keeps the step, the right one; "Forgot password?" by email, and the honest answer
// for an account without a recovery email.
import { codeInput, enterPhone, expect, newestCode, test, typeCode } from './fixtures';
import type { Page } from '@playwright/test';
import type { LocalServer } from '../../server/local-server';

const GRACE = '+15550101';
const passwordInput = (page: Page) => page.getByLabel('Password', { exact: true });

async function toPasswordStep(page: Page, server: LocalServer, phone: string): Promise<void> {
  await enterPhone(page, phone);
  await expect(codeInput(page)).toBeVisible();
  await typeCode(page, await newestCode(server, phone));
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
}

test('the hint, show/hide and caps lock; a wrong password keeps the step with a message; the right one signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await toPasswordStep(page, server, GRACE);
  await expect(page.getByRole('main').getByText('+1 555 0101', { exact: true })).toBeVisible();
  await expect(page.getByText('Hint: the usual')).toBeVisible();
  await expect(passwordInput(page)).toBeFocused();
  await expect(passwordInput(page)).toHaveAttribute('type', 'password');

  await passwordInput(page).fill('hunter3');
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(passwordInput(page)).toHaveAttribute('type', 'text');
  await expect(passwordInput(page)).toHaveValue('hunter3');
  await page.getByRole('button', { name: 'Hide password' }).click();
  await expect(passwordInput(page)).toHaveAttribute('type', 'password');

  // What the operating system reports with Caps Lock on, then off.
  await passwordInput(page).dispatchEvent('keydown', { key: 'H', modifierCapsLock: true });
  await expect(page.getByText('Caps Lock is on.')).toBeVisible();
  await passwordInput(page).dispatchEvent('keyup', { key: 'CapsLock', modifierCapsLock: false });
  await expect(page.getByText('Caps Lock is on.')).toBeHidden();

  await passwordInput(page).press('Enter');
  await expect(page.getByText('That password is not right')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
  await expect(passwordInput(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(passwordInput(page)).toHaveValue('hunter3');

  await passwordInput(page).fill('hunter2');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
});

test('"Forgot password?" sends a code to the recovery email; a wrong code is refused, the emailed one signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await toPasswordStep(page, server, GRACE);
  const before = server.inbox(GRACE).length;

  await page.getByRole('button', { name: 'Forgot password?' }).click();

  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByText(/We sent a recovery code to \S+@\S+/)).toBeVisible();
  await expect(page.getByText('turns your two-step password off')).toBeVisible();
  const mail = await server.waitForMessage(GRACE, { after: before });
  expect(mail).toMatchObject({ channel: 'email', purpose: 'recovery' });

  const field = page.getByRole('textbox', { name: 'Recovery code' });
  await field.fill(mail.code === '000000' ? '111111' : '000000');
  await field.press('Enter');
  await expect(page.getByText('That code is not right')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  await field.fill(mail.code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
});

test('"Back to the password" from recovery returns to the password step with the hint', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await toPasswordStep(page, server, GRACE);
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  await page.getByRole('button', { name: 'Back to the password' }).click();
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
  await expect(page.getByText('Hint: the usual')).toBeVisible();
  await passwordInput(page).fill('hunter2');
  await passwordInput(page).press('Enter');
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
});

test('no recovery email: "Forgot password?" explains honestly what is possible, and the password still works', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  const phone = '+15557770010';
  server.users.add({ phone, firstName: 'Nora', lastName: 'Quinn', dc: 2, password: 'swordfish', codeChannels: ['app'] });
  await toPasswordStep(page, server, phone);
  await expect(page.getByText(/^Hint:/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Forgot password?' }).click();

  const note = page.getByRole('note');
  await expect(note.getByText('This account has no recovery email')).toBeVisible();
  await expect(note.getByText(/Settings → Privacy and Security → Two-Step Verification/)).toBeVisible();
  await expect(note.getByText(/reset the account/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Forgot password?' })).toBeDisabled();

  await passwordInput(page).fill('swordfish');
  await passwordInput(page).press('Enter');
  await expect(page.getByRole('heading', { name: 'Nora Quinn' })).toBeVisible();
});

test('a flood wait on the password shows a live countdown and keeps "Sign in" disabled', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await toPasswordStep(page, server, GRACE);
  server.faults.add({ method: 'auth.checkPassword', error: 'FLOOD_WAIT_3', times: 1 });

  await passwordInput(page).fill('hunter2');
  await passwordInput(page).press('Enter');

  await expect(page.getByText('Too many attempts: Telegram asks you to wait')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^0:0[0-3]$/);
  const signIn = page.getByRole('button', { name: 'Sign in' });
  await expect(signIn).toBeDisabled();

  await expect(page.getByText('You can try again now.')).toBeVisible();
  await expect(signIn).toBeEnabled();
  await signIn.click();
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
});

test('wrong passwords past the account\'s limit: the server makes even the right one wait, the time left shows, and the step stays', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.settings.set({ maxCodeAttempts: 2 });
  await toPasswordStep(page, server, GRACE);
  for (const guess of ['hunter3', 'hunter4']) {
    await passwordInput(page).fill(guess);
    await passwordInput(page).press('Enter');
    await expect(page.getByText('That password is not right')).toBeVisible();
  }
  await passwordInput(page).fill('hunter2');
  await passwordInput(page).press('Enter');

  await expect(page.getByText('Too many attempts: Telegram asks you to wait')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^(10:00|9:[0-5]\d)$/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
});

test('PHONE_PASSWORD_FLOOD: too many wrong passwords is said plainly, and the step stays', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await toPasswordStep(page, server, GRACE);
  server.faults.add({ method: 'auth.checkPassword', error: 'PHONE_PASSWORD_FLOOD', times: 1 });

  await passwordInput(page).fill('hunter2');
  await passwordInput(page).press('Enter');

  await expect(page.getByText('Too many wrong passwords: Telegram asks you to wait before trying again.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
  await expect(passwordInput(page)).toHaveValue('hunter2');
});
