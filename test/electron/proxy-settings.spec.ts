// The proxy settings in the real Electron window: a SOCKS5 proxy typed in carries the sign-in,
// and the next start connects through it again (its password read back from the OS keychain); the system
// proxy is what Electron's session resolves (session.resolveProxy, here set by Chromium's
// --proxy-server switch as an OS or a policy would set it), shown in the settings and used when
// chosen. Real microsocks on loopback; runs wherever Electron's binary is installed and skips
// with the reason elsewhere.
import { expect, test } from '@playwright/test';
import { realProxiesMissing, startSocks5Proxy, type RealProxy } from '../../scripts/real-proxies';
import { signIn } from '../e2e/fixtures';
import { addProxy, closeSettings, indicator, openSettings } from '../e2e/proxy-screen';
import { noElectronReason } from './electron-binary';
import { binary, launchGramdesk } from './electron-launch';
import { localWorldPerTest } from './local-world';

test.skip(binary === null, noElectronReason);
const missing = binary === null ? null : realProxiesMissing();
test.skip(missing !== null, missing ?? '');

const ADA = '+15550100';

const world = localWorldPerTest();
let socks: RealProxy | null = null;

test.afterEach(async () => {
  await socks?.stop();
  socks = null;
});

test('Electron: a SOCKS5 proxy typed into the settings carries the sign-in, and the next start connects through it again', async () => {
  const proxy = await startSocks5Proxy();
  socks = proxy;
  const through = `Connected through SOCKS5 127.0.0.1:${proxy.port}`;
  const first = await launchGramdesk(world.dataDir, world.env());
  try {
    const page = await first.firstWindow();
    await expect(indicator(page)).toHaveText('Connected');
    await openSettings(page);
    await addProxy(page, { type: 'SOCKS5', server: '127.0.0.1', port: proxy.port, user: proxy.user, password: proxy.password });
    await expect(indicator(page)).toHaveText(through);
    await expect(page.getByText(`SOCKS5 127.0.0.1:${proxy.port}, ${proxy.user}`)).toBeVisible();
    await closeSettings(page);
    await signIn(page, world.server, ADA, 'Ada Lovelace');
  } finally {
    await first.close();
  }
  const tunnels = proxy.tunnels();
  expect(tunnels).toBeGreaterThan(0);

  const second = await launchGramdesk(world.dataDir, world.env());
  try {
    const page = await second.firstWindow();
    await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
    await expect(indicator(page)).toHaveText(through);
    expect(proxy.tunnels()).toBeGreaterThan(tunnels);
  } finally {
    await second.close();
  }
});

test('Electron: the system proxy Electron resolves is named in the settings and, chosen, carries the sign-in', async () => {
  // A system proxy usually asks for no password.
  const proxy = await startSocks5Proxy('', '');
  socks = proxy;
  const app = await launchGramdesk(world.dataDir, world.env(), [`--proxy-server=socks5://127.0.0.1:${proxy.port}`]);
  try {
    const page = await app.firstWindow();
    await expect(indicator(page)).toHaveText('Connected');
    await openSettings(page);
    await expect(page.getByText(`The system names SOCKS5 127.0.0.1:${proxy.port}.`)).toBeVisible();
    await page.getByRole('radio', { name: 'Use the system proxy' }).check();
    await expect(indicator(page)).toHaveText(`Connected through SOCKS5 127.0.0.1:${proxy.port}`);
    await closeSettings(page);
    await signIn(page, world.server, ADA, 'Ada Lovelace');
    expect(proxy.tunnels()).toBeGreaterThan(0);
  } finally {
    await app.close();
  }
});
