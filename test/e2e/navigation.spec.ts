// Going back: "Wrong number?" cancels the code and keeps the number; so does leaving the
// password step for another number.
import { calls, codeInput, enterPhone, expect, newestCode, phoneInput, test, typeCode } from './fixtures';

test('"Wrong number?" cancels the code, goes back with the number kept, and another number signs in', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, '+15550100');
  await expect(codeInput(page)).toBeVisible();

  await page.getByRole('button', { name: 'Wrong number?' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(phoneInput(page)).toHaveValue('+1 555 010 0');
  await expect(phoneInput(page)).toBeFocused();
  expect(calls(server, 'auth.cancelCode')).toBe(1);

  // Alan's account lives on another data center: the app follows it there.
  await enterPhone(page, '+15550102');
  await expect(page.getByRole('main').getByText('+1 555 0102', { exact: true })).toBeVisible();
  await typeCode(page, await newestCode(server, '+15550102'));
  await expect(page.getByRole('heading', { name: 'Alan Turing' })).toBeVisible();
});

test('from the password step, "Use another number" goes back with the number kept', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await enterPhone(page, '+15550101');
  await typeCode(page, await newestCode(server, '+15550101'));

  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();

  await page.getByRole('button', { name: 'Use another number' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(phoneInput(page)).toHaveValue('+1 555 010 1');
});
