// The phone field's country picker, as a person uses it: preselected from where Telegram places
// them (help.getNearestDc), searchable by name in their language, by code or in English, chosen
// with the keyboard; the number grouped by the country's pattern as it is typed; a pasted number
// understood in the common forms (spaces, dashes, dots, brackets, a leading 00, a national 8 or 0).
import { codeInput, expect, test } from './fixtures';
import type { Page } from '@playwright/test';

const countryButton = (page: Page) => page.getByRole('button', { name: /^Country/ });
const options = (page: Page) => page.getByRole('listbox', { name: 'Country' }).getByRole('option');
const phoneField = (page: Page) => page.getByRole('textbox', { name: 'Phone number' });

async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await phoneField(page).fill('');
  await phoneField(page).focus();
  await page.keyboard.press('ControlOrMeta+V');
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('preselected from Telegram\'s nearest country, searched, chosen by keyboard, then typed with grouping', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  server.settings.set({ nearestCountry: 'RU' });
  await page.reload();
  await expect(countryButton(page)).toContainText('Russia');
  await expect(countryButton(page)).toContainText('+7');

  await countryButton(page).click();
  const search = page.getByRole('combobox', { name: 'Search for a country' });
  await expect(search).toBeFocused();
  await search.fill('ira');
  await expect(options(page)).toHaveText([/Iran/, /Iraq/, /United Arab Emirates/]);
  await search.press('ArrowDown');
  await expect(options(page).filter({ hasText: 'Iraq' })).toHaveAttribute('aria-selected', 'true');
  await search.press('ArrowUp');
  await search.press('Enter');
  await expect(countryButton(page)).toContainText('Iran');
  await expect(phoneField(page)).toBeFocused();
  await expect(phoneField(page)).toHaveValue('+98');

  await page.keyboard.type('9121234567');
  await expect(phoneField(page)).toHaveValue('+98 912 123 4567');

  // By calling code, and a search that finds nothing says so.
  await countryButton(page).click();
  await search.fill('+44');
  await expect(options(page)).toHaveText([/United Kingdom/]);
  await search.fill('Atlantis');
  await expect(options(page)).toHaveText(['No country matches “Atlantis”.']);
  await search.press('Escape');
  await expect(countryButton(page)).toBeFocused();
  await expect(countryButton(page)).toContainText('Iran');
});

test('the number picks its country as it is typed, the North American +1 by its area code', async ({
  page,
  gramdesk: _gramdesk,
}) => {
  await expect(countryButton(page)).toContainText('United States');
  await phoneField(page).pressSequentially('+1242');
  await expect(countryButton(page)).toContainText('Bahamas');
  await phoneField(page).pressSequentially('3571234');
  await expect(phoneField(page)).toHaveValue('+1 242 357 1234');
  await phoneField(page).fill('');
  await phoneField(page).pressSequentially('+77012345678');
  await expect(countryButton(page)).toContainText('Kazakhstan');
  await expect(phoneField(page)).toHaveValue('+7 701 234 56 78');
});

test('pasted numbers in every common form are understood', async ({ page, server, gramdesk: _gramdesk }) => {
  server.settings.set({ nearestCountry: 'RU' });
  await page.reload();
  await expect(countryButton(page)).toContainText('Russia');

  const forms: Array<[string, string, RegExp]> = [
    ['+7 (912) 345-67-89', '+7 912 345 6789', /Russia/],
    ['8 (912) 345-67-89', '+7 912 345 6789', /Russia/],
    ['912.345.67.89', '+7 912 345 6789', /Russia/],
    ['0044 20 7946 0958', '+44 2079 460958', /United Kingdom/],
    ['+1.555.010.0100', '+1 555 010 0100', /United States/],
  ];
  for (const [pasted, shown, country] of forms) {
    await paste(page, pasted);
    await expect(phoneField(page), pasted).toHaveValue(shown);
    await expect(countryButton(page), pasted).toContainText(country);
  }
});

test('a national number in the chosen country signs in as the full international one', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await expect(countryButton(page)).toContainText('United States');
  await phoneField(page).pressSequentially('(555) 010-0');
  await expect(phoneField(page)).toHaveValue('+1 555 010 0');
  await phoneField(page).press('Enter');
  await expect(codeInput(page)).toBeVisible();
  expect(server.log().filter((entry) => entry.method === 'auth.sendCode')).toHaveLength(1);
  await expect(page.locator('.phone-line .phone-number')).toHaveText('+1 555 0100');
});
