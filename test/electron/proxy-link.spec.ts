// The real Electron app and tg: links as the OS delivers them once Gramdesk is the tg: handler:
// on the command line of the first start, and handed over by a second instance while Gramdesk
// runs (Windows and Linux start one per opened link). The confirmation box shows the link's
// fields before anything changes; Enable carries the sign-in through the proxy. Runs wherever
// Electron's binary is installed; skips with the reason elsewhere.
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { startMtproxyRelay } from '../../server/mtproxy/mtproxy-relay';
import { signIn } from '../e2e/fixtures';
import { indicator } from '../e2e/proxy-screen';
import { noElectronReason } from './electron-binary';
import { binary, launchGramdesk, secondInstance } from './electron-launch';
import { localWorldPerTest } from './local-world';

test.skip(binary === null, noElectronReason);

const ADA = '+15550100';
const DOMAIN = 'cdn.example.net';

const world = localWorldPerTest();
test('Electron: a tg://socks link on the command line is offered for confirmation, and Cancel changes nothing', async () => {
  const app = await launchGramdesk(world.dataDir, world.env(), ['tg://socks?server=127.0.0.1&port=1080&user=ann&pass=secret']);
  try {
    const page = await app.firstWindow();
    const box = page.getByRole('dialog', { name: 'Enable this proxy?' });
    await expect(box).toBeVisible();
    await expect(box.getByText('SOCKS5', { exact: true })).toBeVisible();
    await expect(box.getByText('1080', { exact: true })).toBeVisible();
    await expect(box.getByText('ann', { exact: true })).toBeVisible();
    await box.getByRole('button', { name: 'Cancel' }).click();
    await expect(box).toBeHidden();
    await expect(indicator(page)).toHaveText('Connected');
  } finally {
    await app.close();
  }
});

test('Electron: a tg://proxy link the OS opens while Gramdesk runs is handed over by the second instance, confirmed in the first window, and carries the sign-in', async () => {
  const key = randomBytes(16);
  const relay = await startMtproxyRelay({ key, kind: 'ee', domain: DOMAIN, dcs: world.server.dcs });
  const secret = `ee${key.toString('hex')}${Buffer.from(DOMAIN).toString('hex')}`;
  const link = `tg://proxy?server=127.0.0.1&port=${relay.port}&secret=${secret}`;
  const app = await launchGramdesk(world.dataDir, world.env());
  try {
    const page = await app.firstWindow();
    await expect(indicator(page)).toHaveText('Connected');
    const handedOver = app.evaluate(
      ({ app: electronApp }) =>
        new Promise<string[]>((resolve) => electronApp.once('second-instance', (_event, argv) => resolve(argv.filter((arg) => arg.startsWith('tg:'))))),
    );
    expect(await secondInstance(world.dataDir, world.env(), [link])).toBe(0);
    expect(await handedOver).toEqual([link]);
    expect(app.windows()).toHaveLength(1);

    const box = page.getByRole('dialog', { name: 'Enable this proxy?' });
    await expect(box).toBeVisible();
    await expect(box.getByText('MTProto', { exact: true })).toBeVisible();
    await expect(box.getByText(String(relay.port), { exact: true })).toBeVisible();
    await expect(box.getByText(DOMAIN, { exact: true })).toBeVisible();
    await expect(box.getByText(/sponsored channel/)).toBeVisible();
    await box.getByRole('button', { name: 'Enable' }).click();
    await expect(indicator(page)).toHaveText(`Connected through MTProto 127.0.0.1:${relay.port}`);
    await signIn(page, world.server, ADA, 'Ada Lovelace');
    expect(relay.stats.forwarded).toBeGreaterThan(0);
  } finally {
    await app.close();
    await relay.stop();
  }
});
