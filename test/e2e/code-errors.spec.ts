// The code step's errors and their recoveries: a wrong code, an expired code, a lost flow.
import {
  calls,
  codeInput,
  enterPhone,
  expect,
  newestCode,
  phoneInput,
  test,
  typeCode,
} from './fixtures';

test('PHONE_CODE_INVALID keeps the code screen with a message; the right code then signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, '+15550100');
  const code = await newestCode(server, '+15550100');
  const wrong = code === '11111' ? '22222' : '11111';

  await typeCode(page, wrong);

  await expect(page.getByText('That code is not right')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await expect(codeInput(page)).toHaveAttribute('aria-invalid', 'true');

  await codeInput(page).fill('');
  await typeCode(page, code);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('PHONE_CODE_EXPIRED explains and "Send a new code" gets a code that works, in one click', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, '+15550100');
  const oldCode = await newestCode(server, '+15550100');
  const sendsBefore = calls(server, 'auth.sendCode');

  // The server's clock moves past the code's five-minute life.
  server.faults.add({ clockSkewMs: 6 * 60_000 });
  await typeCode(page, oldCode);

  await expect(page.getByText('This code has expired')).toBeVisible();
  const newCodeButton = page.getByRole('button', { name: 'Send a new code' });
  await expect(newCodeButton).toBeEnabled();
  await newCodeButton.click();

  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expect(page.getByText('This code has expired')).toBeHidden();
  await expect.poll(() => server.inbox('+15550100').length).toBe(2);
  expect(calls(server, 'auth.sendCode')).toBe(sendsBefore + 1);
  const freshCode = server.inbox('+15550100')[1]!.code;

  await codeInput(page).fill('');
  await typeCode(page, freshCode);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('PHONE_CODE_HASH_EMPTY (a lost flow) restarts cleanly at the phone step with the number kept', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, '+15550100');
  const code = await newestCode(server, '+15550100');
  server.faults.add({ method: 'auth.signIn', error: 'PHONE_CODE_HASH_EMPTY', times: 1 });

  await typeCode(page, code);

  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(page.getByText('Telegram no longer knows about that sign-in attempt')).toBeVisible();
  await expect(phoneInput(page)).toHaveValue('+1 555 010 0');

  await phoneInput(page).press('Enter');
  await expect(codeInput(page)).toBeVisible();
  await expect.poll(() => server.inbox('+15550100').length).toBe(2);
  await typeCode(page, await newestCode(server, '+15550100'));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});
