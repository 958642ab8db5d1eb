// An installed app's first start, in browser mode (GRAMDESK_CONNECTION_CHOICE=1 asks for the
// choice as app.isPackaged does): the person's own API ID and hash, refused with a specific
// message per field and kept in the keychain when valid (production then; Telegram itself can't be
// reached from here, so the test stops at the phone screen), or the offline demo, clearly
// labelled; changeable later from the app, and remembered across a restart.
import { expect, test, type Page } from '@playwright/test';
import { keychainAccounts, keytar, ownDemoApp } from './fixtures';

const installed = ownDemoApp({ GRAMDESK_CONNECTION_CHOICE: '1' });
const launch = (page: Page) => installed.launch(page);

const choice = (page: Page) => page.getByTestId('connection-choice');

async function enter(page: Page, apiId: string, apiHash: string): Promise<void> {
  await page.getByRole('textbox', { name: 'API ID' }).fill(apiId);
  await page.getByRole('textbox', { name: 'API hash' }).fill(apiHash);
  await page.getByRole('button', { name: 'Connect to Telegram' }).click();
}

test('the first start asks; wrong credentials get a message per field and nothing is kept', async ({ page }) => {
  await launch(page);
  await expect(choice(page).getByRole('heading', { name: 'How should Gramdesk connect?' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toHaveCount(0);
  await expect(page.getByTestId('demo-panel')).toHaveCount(0);
  await expect(choice(page).getByRole('button', { name: 'Try the offline demo' })).toBeVisible();

  await enter(page, '', '');
  await expect(page.getByTestId('api-id-error')).toHaveText('Enter your API ID.');
  await expect(page.getByTestId('api-hash-error')).toHaveText('Enter your API hash.');

  await enter(page, 'my-app', '0123456789abcdef');
  await expect(page.getByTestId('api-id-error')).toHaveText('The API ID is a number (digits only), such as 1234567.');
  await expect(page.getByTestId('api-hash-error')).toHaveText('The API hash is exactly 32 characters long; check that all of it was copied.');
  await expect(page.getByRole('textbox', { name: 'API ID' })).toHaveAttribute('aria-invalid', 'true');

  await enter(page, '12345', 'g123456789abcdef0123456789abcdef');
  await expect(page.getByTestId('api-id-error')).toHaveCount(0);
  await expect(page.getByTestId('api-hash-error')).toHaveText('The API hash has only the digits 0–9 and the letters a–f.');

  // Typing again clears that field's message.
  await page.getByRole('textbox', { name: 'API hash' }).fill('0');
  await expect(page.getByTestId('api-hash-error')).toHaveCount(0);
  expect(await keychainAccounts()).toEqual([]);
});

test('valid credentials: kept in the keychain, production mode (no demo anywhere), and the next start goes straight there', async ({ page }) => {
  await launch(page);
  await enter(page, '12345', '0123456789abcdef0123456789ABCDEF');
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(page.getByText('Demo', { exact: true })).toHaveCount(0);
  await expect(page.getByTestId('demo-panel')).toHaveCount(0);
  expect(JSON.parse((await keytar().findCredentials('Gramdesk (connection)'))[0]!.password)).toEqual({
    choice: 'own',
    apiId: 12345,
    apiHash: '0123456789abcdef0123456789abcdef',
  });

  await installed.app.stop();
  await launch(page);
  await expect(page.getByRole('heading', { name: 'Sign in to Telegram' })).toBeVisible();
  await expect(choice(page)).toHaveCount(0);
  await expect(page.getByText('Demo', { exact: true })).toHaveCount(0);
});

test('the offline demo, chosen: labelled as such, signs in with its in-window codes; changeable later', async ({ page }) => {
  await launch(page);
  await choice(page).getByRole('button', { name: 'Try the offline demo' }).click();
  await expect(page.getByText('Demo', { exact: true })).toBeVisible();
  const panel = page.getByTestId('demo-panel');
  await expect(panel.getByRole('heading', { name: 'Offline demo' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Phone number' }).fill('+15550100');
  await page.getByRole('textbox', { name: 'Phone number' }).press('Enter');
  const code = panel.getByTestId('demo-message-code').first();
  await expect(code).toHaveText(/^\d{5}$/);
  await page.getByRole('textbox', { name: /code/i }).pressSequentially((await code.textContent())!);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

  // Remembered across a restart: the demo, signed in, without asking again.
  await installed.app.stop();
  await launch(page);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

  // Changeable later, from the app: back to the choice.
  await page.getByTestId('change-connection').click();
  await expect(choice(page)).toBeVisible();
  await expect(page.getByTestId('demo-panel')).toHaveCount(0);
});
