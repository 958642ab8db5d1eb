// The connection indicator and the proxy settings as a person works them, in the app's words
// (renderer/src/i18n/proxy-words-en.ts): shared by the browser-mode and the Electron specs.
import { expect, type Page } from '@playwright/test';

export const indicator = (page: Page) => page.getByRole('button', { name: /^(Connecting|Connected|Offline|Can’t connect)/ });

export async function openSettings(page: Page): Promise<void> {
  await indicator(page).click();
  await expect(page.getByRole('dialog', { name: 'Connection' })).toBeVisible();
}

export async function closeSettings(page: Page): Promise<void> {
  await page.getByRole('dialog', { name: 'Connection' }).getByRole('button', { name: 'Close' }).click();
}

export async function addProxy(
  page: Page,
  proxy: { type: 'SOCKS5' | 'HTTP' | 'MTProto'; server: string; port: number; user?: string; password?: string; secret?: string },
): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a proxy' });
  await form.getByLabel('Type').selectOption({ label: proxy.type });
  await form.getByLabel('Server').fill(proxy.server);
  await form.getByLabel('Port').fill(String(proxy.port));
  if (proxy.secret !== undefined) await form.getByLabel('Secret (hex or base64url)').fill(proxy.secret);
  if (proxy.user !== undefined) await form.getByLabel('User name (optional)').fill(proxy.user);
  if (proxy.password !== undefined) await form.getByLabel('Password (optional)').fill(proxy.password);
  await form.getByRole('button', { name: 'Save and use' }).click();
}
