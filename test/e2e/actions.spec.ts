// Every action shows that it is running and can't be fired twice: a double click sends one
// request (counted in the server's request log).
import { calls, codeInput, enterPhone, expect, phoneInput, test } from './fixtures';

test('"Next" shows progress while the code is being sent, and a double click sends one request', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  // A slow server makes the in-between state observable.
  server.faults.add({ method: 'auth.sendCode', delayMs: 1500, times: 1 });
  await phoneInput(page).fill('+15550100');

  await page.getByRole('button', { name: 'Next' }).dblclick();

  await expect(page.getByRole('status').filter({ hasText: 'Sending the code…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expect(codeInput(page)).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(1);
});

test('"Send the code by SMS" pressed twice asks once, and shows progress meanwhile', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.settings.set({ resendTimeoutSec: 0 });
  await enterPhone(page, '+15550100');
  server.faults.add({ method: 'auth.resendCode', delayMs: 1500, times: 1 });

  const sms = page.getByRole('button', { name: 'Send the code by SMS' });
  await sms.dblclick();

  await expect(page.getByRole('status').filter({ hasText: 'Asking for the code another way…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Wrong number?' })).toBeDisabled();
  await expect(page.getByText('We sent the code by SMS to +1 555 0100.')).toBeVisible();
  expect(calls(server, 'auth.resendCode')).toBe(1);
});
