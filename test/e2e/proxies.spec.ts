// Proxies as a person meets them, in browser mode against the local server: the connection
// indicator opens the settings, a proxy typed in or a link pasted (and confirmed) carries the
// whole sign-in, through real microsocks, tinyproxy and the MTProxy relay; a dead proxy and a
// wrong secret each end in their own message with "Disable proxy" at hand, nothing typed lost;
// a saved proxy is used again after a restart.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { startMtproxyRelay, type MtproxyRelay } from '../../server/mtproxy/mtproxy-relay';
import { freePort, realProxiesMissing, startHttpProxy, startSocks5Proxy, type RealProxy } from '../../scripts/real-proxies';
import { codeInput, enterPhone, expect, newestCode, phoneInput, signIn, test, typeCode } from './fixtures';
import { addProxy, closeSettings, indicator, openSettings } from './proxy-screen';

const ADA = '+15550100';
const missing = realProxiesMissing();
test.skip(missing !== null, missing ?? '');

let socks: RealProxy;
let http: RealProxy;
const key = randomBytes(16);
const DOMAIN = 'cdn.example.net';

test.beforeAll(async () => {
  if (missing) return;
  [socks, http] = await Promise.all([startSocks5Proxy(), startHttpProxy()]);
});

test.afterAll(async () => {
  await Promise.all([socks?.stop(), http?.stop()]);
});

async function paste(page: Page, text: string): Promise<void> {
  // As a person pastes into a window that shows its first step, not into one still loading.
  await expect(page.getByRole('main').locator('form').first()).toBeVisible();
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

const eeSecret = (k: Buffer) => `ee${k.toString('hex')}${Buffer.from(DOMAIN).toString('hex')}`;

async function relay(server: { dcs: Array<{ id: number; host: string; port: number }> }, kind: 'dd' | 'ee'): Promise<MtproxyRelay> {
  return startMtproxyRelay({ key, kind, domain: DOMAIN, dcs: server.dcs });
}

test('signs in through SOCKS5 with a user and password typed into the settings', async ({ page, server, gramdesk: _g }) => {
  await expect(indicator(page)).toHaveText('Connected');
  const before = socks.tunnels();
  await openSettings(page);
  await addProxy(page, { type: 'SOCKS5', server: '127.0.0.1', port: socks.port, user: socks.user, password: socks.password });
  await expect(indicator(page)).toHaveText(`Connected through SOCKS5 127.0.0.1:${socks.port}`);
  await expect(page.getByText(`SOCKS5 127.0.0.1:${socks.port}, ${socks.user}`)).toBeVisible();
  await closeSettings(page);
  await signIn(page, server, ADA, 'Ada Lovelace');
  expect(socks.tunnels()).toBeGreaterThan(before);
});

test('signs in through HTTP CONNECT with Basic credentials', async ({ page, server, gramdesk: _g }) => {
  const before = http.tunnels();
  await openSettings(page);
  await addProxy(page, { type: 'HTTP', server: '127.0.0.1', port: http.port, user: http.user, password: http.password });
  await expect(indicator(page)).toHaveText(`Connected through HTTP 127.0.0.1:${http.port}`);
  await closeSettings(page);
  await signIn(page, server, ADA, 'Ada Lovelace');
  expect(http.tunnels()).toBeGreaterThan(before);
});

test('signs in through MTProxy with a dd secret in base64url', async ({ page, server, gramdesk: _g }) => {
  const dd = await relay(server, 'dd');
  try {
    await openSettings(page);
    await addProxy(page, { type: 'MTProto', server: '127.0.0.1', port: dd.port, secret: Buffer.concat([Buffer.from([0xdd]), key]).toString('base64url') });
    await expect(indicator(page)).toHaveText(`Connected through MTProto 127.0.0.1:${dd.port}`);
    await closeSettings(page);
    await signIn(page, server, ADA, 'Ada Lovelace');
    expect(dd.stats.forwarded).toBeGreaterThan(0);
  } finally {
    await dd.stop();
  }
});

test('a pasted tg://proxy link with an ee secret is confirmed, enabled, and carries the sign-in', async ({ page, server, gramdesk: _g }) => {
  const ee = await relay(server, 'ee');
  try {
    await paste(page, `tg://proxy?server=127.0.0.1&port=${ee.port}&secret=${eeSecret(key)}`);
    const box = page.getByRole('dialog', { name: 'Enable this proxy?' });
    await expect(box).toBeVisible();
    await expect(box.getByText('MTProto', { exact: true })).toBeVisible();
    await expect(box.getByText(String(ee.port), { exact: true })).toBeVisible();
    await expect(box.getByText('ee secret (fake TLS)')).toBeVisible();
    await expect(box.getByText(DOMAIN, { exact: true })).toBeVisible();
    await expect(box.getByText(eeSecret(key))).toBeVisible();
    await expect(box.getByText(/sponsored channel/)).toBeVisible();
    await box.getByRole('button', { name: 'Enable' }).click();
    await expect(box).toBeHidden();
    await expect(indicator(page)).toHaveText(`Connected through MTProto 127.0.0.1:${ee.port}`);
    await signIn(page, server, ADA, 'Ada Lovelace');
    expect(ee.stats.forwarded).toBeGreaterThan(0);
  } finally {
    await ee.stop();
  }
});

test('a t.me/socks link read in the settings is confirmed with every field; Cancel changes nothing, Enable applies', async ({ page, gramdesk: _g }) => {
  await openSettings(page);
  const link = `https://t.me/socks?server=127.0.0.1&port=${socks.port}&user=${socks.user}&pass=${socks.password}`;
  await page.getByLabel('Proxy link (tg:// or t.me)').fill(link);
  await page.getByRole('button', { name: 'Read link' }).click();
  const box = page.getByRole('dialog', { name: 'Enable this proxy?' });
  await expect(box.getByText(socks.password, { exact: true })).toBeVisible();
  await expect(box.getByText(/sponsored channel/)).toHaveCount(0);
  await box.getByRole('button', { name: 'Cancel' }).click();
  await expect(indicator(page)).toHaveText('Connected');

  await page.getByLabel('Proxy link (tg:// or t.me)').fill(link);
  await page.getByRole('button', { name: 'Read link' }).click();
  await box.getByRole('button', { name: 'Enable' }).click();
  await expect(indicator(page)).toHaveText(`Connected through SOCKS5 127.0.0.1:${socks.port}`);

  // A broken link says what is wrong with it, and nothing changes.
  await page.getByLabel('Proxy link (tg:// or t.me)').fill('tg://proxy?server=127.0.0.1&port=99999&secret=00');
  await page.getByRole('button', { name: 'Read link' }).click();
  await expect(page.getByRole('dialog', { name: 'This proxy link can’t be used' }).getByText(/port in this proxy link/)).toBeVisible();
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(indicator(page)).toHaveText(`Connected through SOCKS5 127.0.0.1:${socks.port}`);
});

test('a dead proxy says so, keeps the typed number, and "Disable proxy" recovers', async ({ page, server, gramdesk: _g }) => {
  const port = await freePort();
  await openSettings(page);
  await addProxy(page, { type: 'SOCKS5', server: '127.0.0.1', port });
  await closeSettings(page);
  await expect(indicator(page)).toHaveText(`Can’t connect through SOCKS5 127.0.0.1:${port}`);
  await expect(page.getByRole('alert').getByText('The proxy doesn’t answer.', { exact: false })).toBeVisible();
  await enterPhone(page, ADA);
  await expect(phoneInput(page)).toHaveValue(/555/);

  await page.getByRole('button', { name: 'Disable proxy' }).click();
  await expect(indicator(page)).toHaveText('Connected');
  await expect(phoneInput(page)).toHaveValue(/555/);
  await phoneInput(page).press('Enter');
  await expect(codeInput(page)).toBeVisible();
  await typeCode(page, await newestCode(server, ADA));
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('a wrong ee secret says so, and "Disable proxy" recovers', async ({ page, server, gramdesk: _g }) => {
  const ee = await relay(server, 'ee');
  try {
    await paste(page, `tg://proxy?server=127.0.0.1&port=${ee.port}&secret=${eeSecret(randomBytes(16))}`);
    await page.getByRole('dialog', { name: 'Enable this proxy?' }).getByRole('button', { name: 'Enable' }).click();
    await expect(indicator(page)).toHaveText(`Can’t connect through MTProto 127.0.0.1:${ee.port}`);
    await expect(page.getByRole('alert').getByText('The proxy doesn’t accept this secret.', { exact: false })).toBeVisible();
    expect(ee.stats.refused.WRONG_SECRET).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Disable proxy' }).click();
    await expect(indicator(page)).toHaveText('Connected');
    await signIn(page, server, ADA, 'Ada Lovelace');
  } finally {
    await ee.stop();
  }
});

test('after a restart the saved proxy is used again', async ({ page, server, gramdesk }) => {
  const dd = await relay(server, 'dd');
  try {
    await openSettings(page);
    await addProxy(page, { type: 'MTProto', server: '127.0.0.1', port: dd.port, secret: `dd${key.toString('hex')}` });
    await expect(indicator(page)).toHaveText(`Connected through MTProto 127.0.0.1:${dd.port}`);
    const forwarded = dd.stats.forwarded;
    await gramdesk.restartApp();
    await expect(indicator(page)).toHaveText(`Connected through MTProto 127.0.0.1:${dd.port}`);
    await signIn(page, server, ADA, 'Ada Lovelace');
    expect(dd.stats.forwarded).toBeGreaterThan(forwarded);
  } finally {
    await dd.stop();
  }
});
