// `npm run bench` rows for proxies: a whole sign-in (fresh connection and auth key, auth.sendCode,
// auth.signIn) through the app's gateway, directly and through each kind of proxy, in the same
// run: real microsocks and tinyproxy, the MTProxy relay with plain, dd and ee secrets. Routes
// take turns round by round so load on the machine falls on all of them alike; each row also
// gives its ratio to the direct route.
import { randomBytes } from 'node:crypto';
import type { ProxyConfig } from '../common/proxy-link';
import { createGramjsGateway } from '../main/telegram/gramjs-gateway';
import { localConnectionClass, trustServerKey } from '../main/telegram/local-server-client';
import { proxiedConnectionClass } from '../main/telegram/proxy/proxied-connection';
import { createProxyRuntime } from '../main/telegram/proxy/proxy-runtime';
import { startLocalServer, type LocalServer } from '../server/local-server';
import { startMtproxyRelay, type MtproxyRelay } from '../server/mtproxy/mtproxy-relay';
import { realProxiesMissing, startHttpProxy, startSocks5Proxy, type RealProxy } from '../scripts/real-proxies';
import type { BenchRow } from './bench-row';

const ROUNDS = 8;
const PHONE = '+15550100';

async function signIn(server: LocalServer, proxy: ProxyConfig | null): Promise<number> {
  const runtime = createProxyRuntime();
  runtime.use(proxy);
  const gateway = createGramjsGateway({
    target: {
      apiId: 2_040_000,
      apiHash: 'gramdesk-bench',
      connection: proxiedConnectionClass(localConnectionClass(server.dcs), runtime),
      initialDc: { id: 2, host: '127.0.0.1' },
    },
  });
  try {
    const t0 = performance.now();
    const sent = await gateway.auth.sendCode({ phone: PHONE, logoutTokens: [] });
    if (!sent.ok || sent.value.kind !== 'code_sent') throw new Error(`sendCode through ${proxy?.type ?? 'direct'}: ${JSON.stringify(sent)}`);
    const code = server.inbox(PHONE).at(-1)!.code;
    const signed = await gateway.auth.signIn({ phone: PHONE, phoneCodeHash: sent.value.sentCode.phoneCodeHash, code, viaEmail: false });
    if (!signed.ok) throw new Error(`signIn through ${proxy?.type ?? 'direct'}: ${JSON.stringify(signed)}`);
    return performance.now() - t0;
  } finally {
    await gateway.connection.dispose();
  }
}

export async function runProxyBench(): Promise<BenchRow[]> {
  const missing = realProxiesMissing();
  if (missing) {
    console.error(`[bench] proxies: skipped (${missing})`);
    return [];
  }
  // Every round sends a code to the same number: lift the per-number limits a real server keeps.
  const server = await startLocalServer({ port: 'auto', settings: { sendCodeLimit: 1_000, sendCodeDailyLimit: 10_000 } });
  trustServerKey(server.rsaPublicKey);
  const key = randomBytes(16);
  const proxies: RealProxy[] = [];
  const relays: MtproxyRelay[] = [];
  try {
    const [socks, http] = await Promise.all([startSocks5Proxy(), startHttpProxy()]);
    proxies.push(socks, http);
    const relay = async (kind: 'plain' | 'dd' | 'ee') => {
      const r = await startMtproxyRelay({ key, kind, domain: 'cdn.example.net', dcs: server.dcs });
      relays.push(r);
      return r;
    };
    const [plain, dd, ee] = [await relay('plain'), await relay('dd'), await relay('ee')];
    const hex = key.toString('hex');
    const routes: Array<[string, ProxyConfig | null]> = [
      ['direct', null],
      ['SOCKS5 (microsocks, user/password)', { type: 'socks5', server: socks.host, port: socks.port, user: socks.user, password: socks.password }],
      ['HTTP CONNECT (tinyproxy, Basic)', { type: 'http', server: http.host, port: http.port, user: http.user, password: http.password }],
      ['MTProxy plain secret', { type: 'mtproto', server: '127.0.0.1', port: plain.port, secret: { kind: 'plain', key: hex } }],
      ['MTProxy dd secret', { type: 'mtproto', server: '127.0.0.1', port: dd.port, secret: { kind: 'dd', key: hex } }],
      ['MTProxy ee secret (fake TLS)', { type: 'mtproto', server: '127.0.0.1', port: ee.port, secret: { kind: 'ee', key: hex, domain: 'cdn.example.net' } }],
    ];
    // One warm-up round (JIT, first key exchange) that is not counted.
    for (const [, proxy] of routes) await signIn(server, proxy);
    const totals = new Map<string, number>(routes.map(([name]) => [name, 0]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, proxy] of routes) totals.set(name, totals.get(name)! + (await signIn(server, proxy)));
    }
    const direct = totals.get('direct')! / ROUNDS;
    return routes.flatMap(([name]) => {
      const ms = totals.get(name)! / ROUNDS;
      const row: BenchRow = { name: `proxy: sign-in round trip, ${name}`, value: ms, unit: 'ms' };
      return name === 'direct' ? [row] : [row, { name: `proxy: ${name} / direct`, value: ms / direct, unit: 'x' }];
    });
  } finally {
    await Promise.all([...proxies.map((p) => p.stop()), ...relays.map((r) => r.stop())]);
    await server.stop();
  }
}
