// The axe-core scan every screen must pass (WCAG 2.1 A and AA, colour contrast included), and the
// themes it is run in: light, dark, and right to left (Persian).
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

export const THEMES = [
  { name: 'light', colorScheme: 'light', locale: 'en-US' },
  { name: 'dark', colorScheme: 'dark', locale: 'en-US' },
  { name: 'right to left', colorScheme: 'light', locale: 'fa-IR' },
] as const;

/**
 * The violations axe finds on the page as it is now, as "rule: element" lines (empty when none),
 * once the screen has settled: `settled` (by default the main heading) is there.
 */
export async function violations(page: Page, screen: string, settled: Locator = page.locator('main h1')): Promise<string[]> {
  await expect(settled).toBeVisible();
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${screen}: ${violation.id} (${violation.help}) at ${node.target.join(' ')}`),
  );
}
