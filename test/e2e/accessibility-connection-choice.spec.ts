// The first start's screens pass axe-core in the light and dark themes and right to left, as an
// installed app shows them (GRAMDESK_CONNECTION_CHOICE=1): the connection choice, with the
// message for each wrong field, and the offline demo chosen from it, whose panel lists the codes
// it delivers and asks before a reset. Each is in the window's language (Persian right to left).
import { test } from '@playwright/test';
import { THEMES, violations } from './axe-scan';
import { expect, ownDemoApp } from './fixtures';

const installed = ownDemoApp({ GRAMDESK_CONNECTION_CHOICE: '1' });

for (const theme of THEMES) {
  test.describe(`in the ${theme.name} theme`, () => {
    test.use({ colorScheme: theme.colorScheme, locale: theme.locale });

    test('the connection choice and the demo panel have no violations', async ({ page }) => {
      const found: string[] = [];
      await installed.launch(page);
      const choice = page.getByTestId('connection-choice');
      found.push(...(await violations(page, 'connection choice', choice.locator('h1'))));

      // Both fields wrong: each says why, and the screen is still clean.
      await page.getByTestId('api-id-input').fill('my-app');
      await page.getByTestId('connect-button').click();
      await expect(page.getByTestId('api-hash-error')).toBeVisible();
      found.push(...(await violations(page, 'connection choice with errors', page.getByTestId('api-id-error'))));

      await page.getByTestId('choose-demo-button').click();
      const panel = page.getByTestId('demo-panel');
      await page.locator('#phone').fill('+15550100');
      await page.locator('#phone').press('Enter');
      await expect(panel.getByTestId('demo-message-code').first()).toHaveText(/^\d{5}$/);
      found.push(...(await violations(page, 'demo panel with a delivered code')));
      await panel.getByTestId('demo-reset').click();
      found.push(...(await violations(page, 'demo panel asking before a reset', panel.getByTestId('demo-reset-confirm'))));
      expect(found).toEqual([]);
    });
  });
}
