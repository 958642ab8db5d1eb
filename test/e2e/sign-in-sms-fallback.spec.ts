// The heart of the release: the code goes to the Telegram app, the person asks for it by SMS once
// the server allows, and signs in with the SMS code. The session ends up in the keychain.
import { calls, codeInput, enterPhone, expect, keychainAccounts, newestCode, test, typeCode } from './fixtures';

test('signs in through the SMS fallback: app code, countdown, "Send the code by SMS", SMS code', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  // Telegram's default wait is 60 s; a short one keeps the countdown real without a long test.
  server.settings.set({ resendTimeoutSec: 5 });

  await enterPhone(page, '+1 555 0100');

  await expect(page.getByText('We sent the code to your Telegram app on another device')).toBeVisible();
  await expect(page.getByRole('main').getByText('+1 555 0100', { exact: true })).toBeVisible();
  await expect(codeInput(page)).toBeFocused();
  await expect(page.getByText('You can ask for the code by SMS in')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^0:0[0-5]$/);

  const smsButton = page.getByRole('button', { name: 'Send the code by SMS' });
  await expect(smsButton).toBeEnabled();
  expect(calls(server, 'auth.resendCode')).toBe(0);
  await smsButton.click();

  await expect(page.getByText('We sent the code by SMS to +1 555 0100.')).toBeVisible();
  expect(calls(server, 'auth.resendCode')).toBe(1);
  // Ready for the new code: the field is empty and has the keyboard.
  await expect(codeInput(page)).toHaveValue('');
  await expect(codeInput(page)).toBeFocused();
  // The server's next channel after SMS is a call: offered the same way, after its own wait.
  await expect(page.getByText('You can ask for a call in')).toBeVisible();

  await typeCode(page, await newestCode(server, '+15550100', 'sms'));

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(page.getByRole('main').getByText('+1 555 0100')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeEnabled();
  expect(await keychainAccounts()).not.toHaveLength(0);
});

test('pasting a code with spaces and dashes keeps only the digits and signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, '+15550100');
  await expect(codeInput(page)).toBeVisible();
  await expect(codeInput(page)).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(codeInput(page)).toHaveAttribute('inputmode', 'numeric');
  await expect(codeInput(page)).toHaveAttribute('maxlength', '5');

  const code = await newestCode(server, '+15550100', 'app');
  const messy = `${code.slice(0, 2)} - ${code.slice(2)}`;
  await codeInput(page).evaluate((input, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, messy);

  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  expect(calls(server, 'auth.signIn')).toBe(1);
});
