// Proxy settings through the app core, as the renderer drives them: a saved proxy is used at
// once and after a restart, its secret sits in the keychain and never in the settings file, a
// wrong secret shows as such in the pushed state and "no proxy" recovers, and Check times a
// real round trip through each saved proxy.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProxyConfig } from '../../common/proxy-link';
import type { LoginState } from '../../common/login-state';
import { createAppCore, type AppCore } from '../../main/app-core';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { startMtproxyRelay, type MtproxyRelay } from '../../server/mtproxy/mtproxy-relay';
import { freePort } from '../../scripts/real-proxies';
import { startHeldHttpProxy } from '../support/held-routes';
import { noKeychainReason } from '../support/secret-service';

const ADA = '+15550100';
const key = randomBytes(16);
let server: LocalServer;
let relay: MtproxyRelay;
let dir: string;

const eeProxy = (secretKey = key): ProxyConfig => ({
  type: 'mtproto',
  server: '127.0.0.1',
  port: relay.port,
  secret: { kind: 'ee', key: secretKey.toString('hex'), domain: 'cdn.example.net' },
});

/** An app core; each test names its own keychain service and settings folder, so none sees another's. */
async function core(name: string): Promise<AppCore> {
  const c = await createAppCore({
    env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) },
    keychainService: `Gramdesk (proxy test: ${name})`,
    settingsDir: join(dir, name),
    callTimeoutMs: 6000,
  });
  await c.started;
  return c;
}

function stateWhere(c: AppCore, test: (s: LoginState) => boolean): Promise<LoginState> {
  if (test(c.getState())) return Promise.resolve(c.getState());
  return new Promise((resolve) => {
    const off = c.onPush((m) => {
      if (m.channel === 'state' && test(m.payload)) {
        off();
        resolve(m.payload);
      }
    });
  });
}

async function call<T>(c: AppCore, name: string, args: unknown): Promise<T> {
  const r = await c.route(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return r.value as T;
}

describe.skipIf(noKeychainReason)(`proxy settings in the app core${noKeychainReason ? ` (skipped: ${noKeychainReason})` : ''}`, () => {
  beforeAll(async () => {
    server = await startLocalServer({ port: 'auto' });
    relay = await startMtproxyRelay({ key, kind: 'ee', domain: 'cdn.example.net', dcs: server.dcs });
    dir = mkdtempSync(join(tmpdir(), 'gramdesk-proxy-settings-'));
  });

  afterAll(async () => {
    await relay?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a saved ee proxy is used at once, survives a restart, and keeps its key out of the file', async () => {
    const first = await core('restart');
    try {
      const { id } = await call<{ id: string }>(first, 'saveProxy', { proxy: eeProxy(), activate: true });
      expect(await stateWhere(first, (s) => s.network?.status === 'connected')).toMatchObject({
        network: { proxy: { type: 'mtproto', server: '127.0.0.1', port: relay.port, system: false }, status: 'connected' },
      });
      expect(await call(first, 'getProxySettings', {})).toMatchObject({
        mode: 'custom',
        activeId: id,
        saved: [{ id, type: 'mtproto', secretKind: 'ee', domain: 'cdn.example.net', hasPassword: false }],
      });
      const file = readFileSync(join(dir, 'restart', 'proxies-demo.json'), 'utf8');
      expect(file).not.toContain(key.toString('hex'));
      expect(file).toContain('cdn.example.net');
    } finally {
      await first.dispose();
    }

    const forwardedBefore = relay.stats.forwarded;
    const second = await core('restart');
    try {
      expect(second.getState().network?.proxy.port).toBe(relay.port);
      expect((await second.route('submitPhone', { phone: ADA })).ok).toBe(true);
      expect(await stateWhere(second, (s) => s.step === 'code')).toMatchObject({ step: 'code', network: { status: 'connected' } });
      expect(relay.stats.forwarded).toBeGreaterThan(forwardedBefore);
    } finally {
      await second.dispose();
    }
  });

  it('a wrong secret shows as PROXY_BAD_SECRET, keeps the typed number, and "no proxy" recovers', async () => {
    const c = await core('wrong-secret');
    try {
      await call(c, 'saveProxy', { proxy: eeProxy(randomBytes(16)), activate: true });
      await stateWhere(c, (s) => s.network?.status === 'PROXY_BAD_SECRET');
      await c.route('submitPhone', { phone: ADA });
      const failed = await stateWhere(c, (s) => s.step === 'phone' && s.busy === null && s.error !== null);
      expect(failed).toMatchObject({ step: 'phone', phone: ADA, network: { status: 'PROXY_BAD_SECRET' } });

      await call(c, 'setProxyMode', { mode: 'none' });
      expect(c.getState().network).toBeUndefined();
      // The connection comes back by itself, directly; the person then sends the number again.
      await stateWhere(c, (s) => s.offline === undefined);
      expect((await c.route('submitPhone', { phone: ADA })).ok).toBe(true);
      await stateWhere(c, (s) => s.step === 'code');
    } finally {
      await c.dispose();
    }
  });

  it('once a proxy is in use nothing reaches Telegram around it: the direct connection and one still opening through the proxy before are dropped', async () => {
    const c = await core('no-way-around');
    const before = await startHeldHttpProxy();
    try {
      // The first screen's hints open the direct connection a person has before choosing a proxy.
      await call(c, 'getSignInHints', {});
      expect(server.connectionCount()).toBeGreaterThan(0);

      // A first proxy, whose tunnel is still being opened when the person switches to a second one.
      await call(c, 'saveProxy', { proxy: { type: 'http', server: before.host, port: before.port, user: '', password: '' }, activate: true });
      await before.held;
      const seen = server.log().length;
      const codes = server.inbox(ADA).length;
      const dead: ProxyConfig = { type: 'socks5', server: '127.0.0.1', port: await freePort(), user: '', password: '' };
      await call(c, 'saveProxy', { proxy: dead, activate: true });
      before.release();
      await stateWhere(c, (s) => s.network?.status === 'PROXY_UNREACHABLE');

      // The number goes nowhere: the proxy in use is dead, and nothing else may carry it.
      await c.route('submitPhone', { phone: ADA });
      const failed = await stateWhere(c, (s) => s.step === 'phone' && s.busy === null && s.error !== null);
      expect(failed).toMatchObject({ step: 'phone', phone: ADA, network: { status: 'PROXY_UNREACHABLE' } });
      await vi.waitFor(() => expect(server.connectionCount()).toBe(0), { timeout: 10_000 });
      expect(server.log().slice(seen)).toEqual([]);
      expect(server.inbox(ADA).slice(codes)).toEqual([]);
      expect(before.forwarded()).toBe(0);
    } finally {
      await c.dispose();
      await before.close();
    }
  });

  it('Check times a round trip through each saved proxy, and names the failure of a bad one', async () => {
    const c = await core('check');
    try {
      await call(c, 'saveProxy', { proxy: eeProxy(), activate: false });
      await call(c, 'saveProxy', { proxy: eeProxy(randomBytes(16)), activate: false });
      const settings = await call<{ saved: Array<{ id: string; port: number }> }>(c, 'checkProxies', {});
      const checked = await call<{ saved: Array<{ check: unknown; domain: string | null }> }>(c, 'getProxySettings', {});
      expect(settings.saved.length).toBe(2);
      expect(checked.saved).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ check: { ok: true, latencyMs: expect.any(Number) } }),
          expect.objectContaining({ check: { ok: false, failure: 'PROXY_BAD_SECRET' } }),
        ]),
      );
      expect((await c.route('saveProxy', { proxy: { ...eeProxy(), server: 'bad host' }, activate: true })).ok).toBe(false);
      expect(await c.route('setProxyMode', { mode: 'custom', id: 'no-such-proxy' })).toEqual({ ok: false, error: 'PROXY_NOT_FOUND' });
    } finally {
      await c.dispose();
    }
  });

  it('a link the OS opens is offered with every field; dismissing or enabling it ends the offer', async () => {
    const c = await core('os-link');
    try {
      c.openProxyLink('tg://socks?server=127.0.0.1&port=1080&user=ann&pass=p%40ss');
      expect(c.getState().proxyOffer).toEqual({
        ok: true,
        proxy: { type: 'socks5', server: '127.0.0.1', port: 1080, user: 'ann', password: 'p@ss' },
      });
      expect(c.getState().network).toBeUndefined();
      await call(c, 'dismissProxyOffer', {});
      expect(c.getState().proxyOffer).toBeUndefined();

      await call(c, 'openProxyLink', { link: 'https://t.me/proxy?server=127.0.0.1&port=443' });
      expect(c.getState().proxyOffer).toEqual({ ok: false, error: 'MISSING_SECRET' });

      c.openProxyLink(`tg://proxy?server=127.0.0.1&port=${relay.port}&secret=ee${key.toString('hex')}${Buffer.from('cdn.example.net').toString('hex')}`);
      const offered = c.getState().proxyOffer;
      if (!offered?.ok) throw new Error('expected an offer');
      await call(c, 'saveProxy', { proxy: offered.proxy, activate: true });
      expect(c.getState().proxyOffer).toBeUndefined();
      await stateWhere(c, (s) => s.network?.status === 'connected');
    } finally {
      await c.dispose();
    }
  });
});
