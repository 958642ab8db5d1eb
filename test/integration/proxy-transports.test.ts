// Signing in through every kind of proxy, with real parts: gramjs through Gramdesk's connection
// class, over microsocks (SOCKS5), tinyproxy (HTTP CONNECT) and the MTProxy relay (plain, dd,
// ee), to the local server. Each way in must show up in the proxy's own log or counters, and
// each way a proxy can fail must end in its own outcome, within the open bound.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyConfig } from '../../common/proxy-link';
import { createGramjsGateway } from '../../main/telegram/gramjs-gateway';
import { localConnectionClass, trustServerKey } from '../../main/telegram/local-server-client';
import { initialDcOf } from '../../main/telegram/local-target';
import { proxiedConnectionClass } from '../../main/telegram/proxy/proxied-connection';
import { createProxyRuntime, type ProxyOutcome, type ProxyRuntime } from '../../main/telegram/proxy/proxy-runtime';
import type { TelegramGateway } from '../../main/telegram/telegram-gateway';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { startMtproxyRelay, type MtproxyRelay } from '../../server/mtproxy/mtproxy-relay';
import { freePort, realProxiesMissing, startHttpProxy, startSocks5Proxy, type RealProxy } from '../../scripts/real-proxies';

const ADA = '+15550100';
const GRACE = '+15550101'; // two-step password
const GRACE_PASSWORD = 'hunter2';
const missing = realProxiesMissing();

let server: LocalServer;
let socks: RealProxy;
let http: RealProxy;
const key = randomBytes(16);
const relays: Record<'plain' | 'dd' | 'ee', MtproxyRelay> = {} as never;
const gateways: TelegramGateway[] = [];

function through(proxy: ProxyConfig | null, openTimeoutMs = 4000): { gateway: TelegramGateway; runtime: ProxyRuntime } {
  const runtime = createProxyRuntime({ openTimeoutMs });
  runtime.use(proxy);
  const info = { dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, controlUrl: server.controlUrl, demoUsers: [] };
  const gateway = createGramjsGateway({
    target: {
      apiId: 2_040_000,
      apiHash: 'gramdesk-test',
      connection: proxiedConnectionClass(localConnectionClass(server.dcs), runtime),
      initialDc: initialDcOf(info),
    },
    callTimeoutMs: 8000,
    connectTimeoutMs: 8000,
  });
  gateways.push(gateway);
  return { gateway, runtime };
}

async function signIn(gateway: TelegramGateway): Promise<string> {
  const sent = await gateway.auth.sendCode({ phone: ADA, logoutTokens: [] });
  if (!sent.ok || sent.value.kind !== 'code_sent') throw new Error(`sendCode: ${JSON.stringify(sent)}`);
  const code = server.inbox(ADA).at(-1)!.code;
  const signed = await gateway.auth.signIn({ phone: ADA, phoneCodeHash: sent.value.sentCode.phoneCodeHash, code, viaEmail: false });
  if (!signed.ok || signed.value.kind !== 'signed_in') throw new Error(`signIn: ${JSON.stringify(signed)}`);
  return signed.value.user.phone;
}

/** The first failure the runtime reports (the gateway's own error only says the network failed). */
function firstFailure(runtime: ProxyRuntime): Promise<ProxyOutcome> {
  return new Promise((resolve) => {
    const off = runtime.onOutcome((o) => {
      if (!o.ok) {
        off();
        resolve(o);
      }
    });
  });
}

const mtproto = (kind: 'plain' | 'dd' | 'ee', secretKey = key, domain = 'www.example.com'): ProxyConfig => ({
  type: 'mtproto',
  server: '127.0.0.1',
  port: relays[kind].port,
  secret:
    kind === 'ee'
      ? { kind, key: secretKey.toString('hex'), domain }
      : { kind, key: secretKey.toString('hex') },
});

describe.skipIf(missing)(`signing in through a proxy${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    server = await startLocalServer({ port: 'auto' });
    trustServerKey(server.rsaPublicKey);
    [socks, http] = await Promise.all([startSocks5Proxy(), startHttpProxy()]);
    for (const kind of ['plain', 'dd', 'ee'] as const) {
      relays[kind] = await startMtproxyRelay({ key, kind, domain: 'www.example.com', dcs: server.dcs });
    }
  });

  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((g) => g.connection.dispose()));
    await server.reset();
  });

  afterAll(async () => {
    await Promise.all([socks?.stop(), http?.stop(), ...Object.values(relays).map((r) => r.stop())]);
    await server?.stop();
  });

  it('SOCKS5 with user and password: microsocks opens the tunnels', async () => {
    const before = socks.tunnels();
    const { gateway, runtime } = through({ type: 'socks5', server: socks.host, port: socks.port, user: socks.user, password: socks.password });
    expect(await signIn(gateway)).toBe(ADA);
    expect(runtime.lastOutcome()).toEqual({ ok: true });
    expect(socks.tunnels()).toBeGreaterThan(before);
  });

  it('HTTP CONNECT with Basic credentials: tinyproxy opens the tunnels', async () => {
    const before = http.tunnels();
    const { gateway, runtime } = through({ type: 'http', server: http.host, port: http.port, user: http.user, password: http.password });
    expect(await signIn(gateway)).toBe(ADA);
    expect(runtime.lastOutcome()).toEqual({ ok: true });
    expect(http.tunnels()).toBeGreaterThan(before);
  });

  for (const kind of ['plain', 'dd', 'ee'] as const) {
    it(`MTProxy with a ${kind} secret: the relay forwards to the DC the header names`, async () => {
      const before = relays[kind].stats.forwarded;
      const { gateway, runtime } = through(mtproto(kind));
      expect(await signIn(gateway)).toBe(ADA);
      expect(runtime.lastOutcome()).toEqual({ ok: true });
      expect(relays[kind].stats.forwarded).toBeGreaterThan(before);
    });
  }

  const everyKind = (): Array<[string, ProxyConfig]> => [
    ['SOCKS5', { type: 'socks5', server: socks.host, port: socks.port, user: socks.user, password: socks.password }],
    ['HTTP CONNECT', { type: 'http', server: http.host, port: http.port, user: http.user, password: http.password }],
    ['MTProxy plain', mtproto('plain')],
    ['MTProxy dd', mtproto('dd')],
    ['MTProxy ee', mtproto('ee')],
  ];

  it('the SMS fallback and the two-step password, through every kind of proxy', async () => {
    for (const [name, proxy] of everyKind()) {
      const { gateway } = through(proxy);
      const sent = await gateway.auth.sendCode({ phone: GRACE, logoutTokens: [] });
      if (!sent.ok || sent.value.kind !== 'code_sent') throw new Error(`${name}: sendCode ${JSON.stringify(sent)}`);
      const sms = await gateway.auth.resendCode({ phone: GRACE, phoneCodeHash: sent.value.sentCode.phoneCodeHash });
      expect(sms.ok && sms.value.delivery, name).toEqual({ kind: 'sms' });
      const code = server.inbox(GRACE).at(-1)!;
      expect(code.channel).toBe('sms');
      const signed = await gateway.auth.signIn({ phone: GRACE, phoneCodeHash: sent.value.sentCode.phoneCodeHash, code: code.code, viaEmail: false });
      expect(signed.ok && signed.value.kind, name).toBe('password_needed');
      const checked = await gateway.auth.checkPassword({ password: GRACE_PASSWORD });
      expect(checked.ok && checked.value.phone, name).toBe(GRACE);
      await server.reset();
    }
  });

  it('QR login, through every kind of proxy', async () => {
    for (const [name, proxy] of everyKind()) {
      const { gateway } = through(proxy);
      const first = await gateway.auth.exportLoginToken({ exceptIds: [] });
      if (!first.ok || first.value.kind !== 'token') throw new Error(`${name}: exportLoginToken ${JSON.stringify(first)}`);
      const scanned = new Promise<void>((resolve) => gateway.connection.onLoginTokenAccepted(resolve));
      const token = new URL(first.value.loginUrl).searchParams.get('token')!;
      expect(server.qrAccept(ADA, token).ok, name).toBe(true);
      await scanned;
      const after = await gateway.auth.exportLoginToken({ exceptIds: [] });
      expect(after.ok && after.value.kind === 'signed_in' && after.value.user.phone, name).toBe(ADA);
      await server.reset();
    }
  });

  it('a proxy that is not there: PROXY_UNREACHABLE', async () => {
    const port = await freePort();
    const { gateway, runtime } = through({ type: 'socks5', server: '127.0.0.1', port, user: '', password: '' });
    const failure = firstFailure(runtime);
    const sent = await gateway.auth.sendCode({ phone: ADA, logoutTokens: [] });
    expect(sent.ok).toBe(false);
    expect(await failure).toEqual({ ok: false, failure: 'PROXY_UNREACHABLE' });
  });

  it('a wrong SOCKS5 password and wrong HTTP credentials: PROXY_AUTH_FAILED', async () => {
    for (const proxy of [
      { type: 'socks5' as const, server: socks.host, port: socks.port, user: socks.user, password: 'wrong' },
      { type: 'http' as const, server: http.host, port: http.port, user: http.user, password: 'wrong' },
    ]) {
      const { gateway, runtime } = through(proxy);
      const failure = firstFailure(runtime);
      expect((await gateway.auth.sendCode({ phone: ADA, logoutTokens: [] })).ok).toBe(false);
      expect(await failure).toEqual({ ok: false, failure: 'PROXY_AUTH_FAILED' });
    }
  });

  it('a wrong secret (ee and dd) or a wrong ee domain: PROXY_BAD_SECRET, and the relay refused it', async () => {
    const other = randomBytes(16);
    for (const proxy of [mtproto('ee', other), mtproto('ee', key, 'other.example.org'), mtproto('dd', other)]) {
      const { gateway, runtime } = through(proxy);
      const failure = firstFailure(runtime);
      expect((await gateway.auth.sendCode({ phone: ADA, logoutTokens: [] })).ok).toBe(false);
      expect(await failure).toEqual({ ok: false, failure: 'PROXY_BAD_SECRET' });
    }
    expect(relays.ee.stats.refused).toMatchObject({ WRONG_SECRET: expect.any(Number), WRONG_DOMAIN: expect.any(Number) });
    expect(relays.dd.stats.refused.BAD_HEADER).toBeGreaterThan(0);
  });

  it('switching the proxy mid-flow keeps the pending code: the sign-in finishes through the new route', async () => {
    const { gateway, runtime } = through(null);
    const sent = await gateway.auth.sendCode({ phone: ADA, logoutTokens: [] });
    if (!sent.ok || sent.value.kind !== 'code_sent') throw new Error('sendCode failed');
    const before = relays.ee.stats.forwarded;
    runtime.use(mtproto('ee'));
    const code = server.inbox(ADA).at(-1)!.code;
    const signed = await gateway.auth.signIn({ phone: ADA, phoneCodeHash: sent.value.sentCode.phoneCodeHash, code, viaEmail: false });
    expect(signed.ok && signed.value.kind).toBe('signed_in');
    expect(relays.ee.stats.forwarded).toBeGreaterThan(before);
  });
});
