// Gramdesk in each of its languages, as a person whose system speaks it: the whole sign-in through
// the SMS fallback in that language; the switch from the first screen (the server's "Continue
// in …" and the menu), remembered by main across a restart; Persian mirrored, with numbers kept
// left to right.
import type { LoadedMessages, Messages } from '../../renderer/src/i18n/dictionary';
import en from '../../renderer/src/i18n/en';
import { LANGUAGE_INFO, LANGUAGES, loadMessages, loadRareScreenMessages, type Language } from '../../renderer/src/i18n/languages';
import { codeFieldLabel, deliveryMessage, nextChannelLabel } from '../../renderer/src/i18n/messages';
import { createTranslator } from '../../renderer/src/i18n/translator';
import { expect, newestCode, test } from './fixtures';

async function wordsOf(language: Language): Promise<Messages> {
  return language === 'en' ? en : (await loadMessages[language]()).default;
}

/** Both parts of a language's words: the start's and the rare screens' (demo panel, proxy settings). */
async function allWordsOf(language: Language): Promise<LoadedMessages> {
  return { ...(await wordsOf(language)), ...(await loadRareScreenMessages[language]()).default };
}

const OS_LOCALE: Record<Language, string> = { en: 'en-US', ru: 'ru-RU', es: 'es-ES', fa: 'fa-IR', 'pt-br': 'pt-BR' };

for (const language of LANGUAGES) {
  test.describe(`with the system in ${LANGUAGE_INFO[language].autonym}`, () => {
    test.use({ locale: OS_LOCALE[language] });

    test('the whole sign-in through the SMS fallback speaks it', async ({ page, server, gramdesk: _gramdesk }) => {
      const tr = createTranslator(language, await wordsOf(language));
      server.settings.set({ resendTimeoutSec: 1 });

      await expect(page.locator('html')).toHaveAttribute('lang', LANGUAGE_INFO[language].tag);
      await expect(page.getByRole('heading', { name: tr.t('phone.title') })).toBeVisible();
      const phone = page.getByRole('textbox', { name: tr.t('phone.label') });
      await phone.fill('+15550100');
      await page.getByRole('button', { name: tr.t('phone.next') }).click();

      await expect(page.locator('.delivery')).toHaveText(deliveryMessage(tr, { kind: 'app' }, '+15550100', 5));
      await page.getByRole('button', { name: nextChannelLabel(tr, 'sms') }).click();
      await expect(page.locator('.delivery')).toHaveText(deliveryMessage(tr, { kind: 'sms' }, '+15550100', 5));

      const code = page.getByRole('textbox', { name: codeFieldLabel(tr, { kind: 'sms' }, 5) });
      await code.pressSequentially(await newestCode(server, '+15550100', 'sms'));
      await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
      await expect(page.getByText(tr.t('signedIn.eyebrow'))).toBeVisible();
      await expect(page.getByRole('button', { name: tr.t('signedIn.logOut') })).toBeEnabled();
    });

    test('the rarely shown screens speak it too: the demo panel and the proxy settings', async ({ page, gramdesk: _gramdesk }) => {
      const tr = createTranslator(language, await allWordsOf(language));
      await expect(page.getByTestId('demo-panel').getByRole('heading', { name: tr.t('demo.title') })).toBeVisible();
      await page.locator('.connection-indicator').click();
      const settings = page.getByRole('dialog', { name: tr.t('proxy.title') });
      await expect(settings.getByRole('radio', { name: tr.t('proxy.modeNone') })).toBeVisible();
      await expect(settings.getByRole('form', { name: tr.t('proxy.addTitle') })).toBeVisible();
      await expect(settings.getByRole('button', { name: tr.t('proxy.close') })).toBeVisible();
    });
  });
}

test.describe('choosing the language on the first screen', () => {
  test.use({ locale: 'en-US' });

  test('"Continue in" offers the server\'s suggestion in its own words, and the choice outlives a restart', async ({
    page,
    server,
    gramdesk,
  }) => {
    const ru = createTranslator('ru', await wordsOf('ru'));
    server.settings.set({ suggestedLangCode: 'ru' });
    await page.reload();
    await expect(page.getByRole('heading', { name: en['phone.title'] })).toBeVisible();

    const offer = page.getByRole('button', { name: ru.t('app.continueIn') });
    await expect(offer).toHaveAttribute('lang', 'ru');
    await offer.click();
    await expect(page.getByRole('heading', { name: ru.t('phone.title') })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    // Nothing more to offer once it's the language on screen.
    await expect(offer).toHaveCount(0);

    await gramdesk.restartApp();
    await expect(page.getByRole('heading', { name: ru.t('phone.title') })).toBeVisible();
  });

  test('the menu lists every language in its own name and switches without a reload, keeping what was typed', async ({
    page,
    gramdesk: _gramdesk,
  }) => {
    const menu = page.getByRole('combobox', { name: en['app.language'] });
    await expect(menu.locator('option')).toHaveText(LANGUAGES.map((language) => LANGUAGE_INFO[language].autonym));
    await page.getByRole('textbox', { name: en['phone.label'] }).fill('+15550100');
    const marker = await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    await menu.selectOption('es');
    const es = await wordsOf('es');
    await expect(page.getByRole('heading', { name: es['phone.title'] })).toBeVisible();
    await expect(page.getByRole('textbox', { name: es['phone.label'] })).toHaveValue('+1 555 010 0');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(marker);

    await page.getByRole('combobox', { name: es['app.language'] }).selectOption('en');
    await expect(page.getByRole('heading', { name: en['phone.title'] })).toBeVisible();
  });

  test('the proxy settings, seen once in English, come back in the language chosen since', async ({ page, gramdesk: _gramdesk }) => {
    const english = createTranslator('en', await allWordsOf('en'));
    const ru = createTranslator('ru', await allWordsOf('ru'));
    await page.locator('.connection-indicator').click();
    const inEnglish = page.getByRole('dialog', { name: english.t('proxy.title') });
    await inEnglish.getByRole('button', { name: english.t('proxy.close') }).click();
    await expect(inEnglish).toHaveCount(0);
    await page.getByRole('combobox', { name: en['app.language'] }).selectOption('ru');
    await expect(page.getByRole('heading', { name: ru.t('phone.title') })).toBeVisible();
    await page.locator('.connection-indicator').click();
    const settings = page.getByRole('dialog', { name: ru.t('proxy.title') });
    await expect(settings.getByRole('form', { name: ru.t('proxy.addTitle') })).toBeVisible();
    await expect(settings.getByText(ru.t('proxy.noneSaved'))).toBeVisible();
  });
});

test.describe('Persian', () => {
  test.use({ locale: 'fa-IR' });

  test('mirrors the layout, keeps numbers left to right, and looks as it should', async ({ page, gramdesk: _gramdesk }) => {
    const fa = await wordsOf('fa');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    const card = page.locator('main.card');
    const heading = page.getByRole('heading', { name: fa['phone.title'] });
    await expect(heading).toBeVisible();

    // The heading's words start at the card's right edge, as a right-to-left page reads.
    const cardBox = (await card.boundingBox())!;
    const words = await heading.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const box = range.getBoundingClientRect();
      return { left: box.left, right: box.right };
    });
    expect(cardBox.x + cardBox.width - words.right).toBeLessThan(words.left - cardBox.x);

    // The flag sits on the right of the country button, the chevron on the left.
    const toggle = page.getByRole('button', { name: new RegExp(`^${fa['phone.country']}`) });
    await expect(toggle).toContainText('ایالات متحده');
    const flag = (await toggle.locator('.flag').boundingBox())!;
    const chevron = (await toggle.locator('.chevron').boundingBox())!;
    expect(flag.x).toBeGreaterThan(chevron.x);

    // The number reads +1 555 …, left to right, whatever the page's direction.
    const phone = page.getByRole('textbox', { name: fa['phone.label'] });
    await phone.fill('+15550100');
    expect(await phone.evaluate((input) => getComputedStyle(input).direction)).toBe('ltr');
    await expect(toggle.locator('.calling-code')).toHaveText('+1');
    expect(await toggle.locator('.calling-code').evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');

    await expect(card).toHaveScreenshot('persian-phone-screen.png', { maxDiffPixelRatio: 0.02 });
  });
});
