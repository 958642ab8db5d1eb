// `npm run bench` rows for the local MTProto server: the server's own share of a handshake,
// sign-in RPC round trips per second with 1 and 20 concurrent stock gramjs clients, and the server's
// memory per connected client. Loopback only, bounded loops; figures are measured, never asserted.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Api, type TelegramClient } from 'telegram';
import { createLocalClient } from '../main/telegram/local-server-client';
import { startLocalServer, type LocalServer } from '../server/local-server';
import { encodeValue, type TlObject } from '../server/tl/tl-codec';
import { schemaOf } from '../server/tl/layers';
import { RawMtprotoClient, RpcResultMessage } from '../server/test/raw-mtproto-client';
import type { BenchRow } from './bench-row';

const HANDSHAKES = 20;
const ONE_CLIENT_ROUNDS = 150;
const MANY_CLIENTS = 20;
const MANY_CLIENT_ROUNDS = 25;
const MEMORY_CLIENTS = 50;
const LAYER_ROUNDS = 240;
/** The handlers' own layer (no conversion), then layers the codec converts from and to. */
const LAYERS = [198, 158, 227] as const;

async function connected(server: { dcs: LocalServer['dcs']; rsaPublicKey: string }, dcId = 2): Promise<TelegramClient> {
  const c = createLocalClient({ dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, dcId });
  await c.connect();
  return c;
}

/** One sign-in attempt as an app makes it: auth.sendCode, then auth.signIn with the delivered code. */
async function signInRound(server: LocalServer, c: TelegramClient, phone: string): Promise<void> {
  const sent = await c.invoke(new Api.auth.SendCode({ phoneNumber: phone, apiId: 2040, apiHash: 'bench', settings: new Api.CodeSettings({}) }));
  if (!(sent instanceof Api.auth.SentCode)) throw new Error(`unexpected ${sent.className}`);
  const code = server.inbox(phone).at(-1)!.code;
  await c.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));
}

async function handshakeShare(server: LocalServer): Promise<BenchRow[]> {
  const dc = server.dcServers.find((d) => d.id === 2)!;
  // Warm up (JIT, first handshake) before measuring.
  for (let i = 0; i < 3; i++) await (await connected(server)).destroy();
  const before = dc.stats();
  let wallMs = 0;
  for (let i = 0; i < HANDSHAKES; i++) {
    const t0 = performance.now();
    const c = await connected(server);
    wallMs += performance.now() - t0;
    await c.destroy();
  }
  const after = dc.stats();
  const n = after.handshakesCompleted - before.handshakesCompleted;
  const serverMs = (after.handshakeServerNs - before.handshakeServerNs) / 1e6 / Math.max(n, 1);
  return [
    { name: 'server: handshake, server-side time', value: serverMs, unit: 'ms', aim: 'under 5 ms' },
    { name: 'server: gramjs connect incl. handshake (wall, client-bound)', value: wallMs / HANDSHAKES, unit: 'ms' },
  ];
}

async function signInRate(server: LocalServer, clients: number, rounds: number): Promise<number> {
  const cs = await Promise.all(Array.from({ length: clients }, () => connected(server)));
  try {
    const t0 = performance.now();
    await Promise.all(
      cs.map(async (c, ci) => {
        for (let r = 0; r < rounds; r++) {
          // A fresh number per round: new numbers are not rate limited and sign-in ends at sign-up required.
          await signInRound(server, c, `+1999${String(clients).padStart(2, '0')}${String(ci).padStart(2, '0')}${String(r).padStart(4, '0')}`);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return (clients * rounds * 2) / seconds;
  } finally {
    await Promise.allSettled(cs.map((c) => c.destroy()));
  }
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Memory per connected client, measured on a server in its own process (so clients don't count). */
async function memoryPerClient(): Promise<BenchRow[]> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', 'auto', '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const clients: TelegramClient[] = [];
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const ready = JSON.parse(line) as { dcs: LocalServer['dcs']; rsaPublicKey: string };
    // Warm up (JIT, first handshake) before the baseline.
    for (let i = 0; i < 3; i++) await (await connected(ready)).destroy();
    await new Promise((r) => setTimeout(r, 300));
    const before = rssKb(child.pid!);
    for (let i = 0; i < MEMORY_CLIENTS; i++) clients.push(await connected(ready));
    await new Promise((r) => setTimeout(r, 300));
    const after = rssKb(child.pid!);
    return [
      { name: `server: RSS per connected client (${MEMORY_CLIENTS} clients)`, value: (after - before) / MEMORY_CLIENTS, unit: 'KiB' },
      { name: 'server: RSS with those clients connected', value: after / 1024, unit: 'MiB' },
    ];
  } finally {
    await Promise.allSettled(clients.map((c) => c.destroy()));
    child.kill('SIGTERM');
  }
}

const utf8 = (s: string) => Buffer.from(s);

/** A raw client with a key, speaking `layer`: its first request says so with invokeWithLayer. */
async function layerClient(server: LocalServer, layer: number): Promise<RawMtprotoClient> {
  const dc = server.dcs.find((d) => d.id === 2)!;
  const client = await RawMtprotoClient.connect({ host: dc.host, port: dc.port, kind: 'intermediate', dcId: 2 });
  await client.handshake(server.rsaPublicKey, server.rsaFingerprint);
  await client.invoke(new Api.help.GetNearestDc());
  const hello: TlObject = {
    _: 'invokeWithLayer',
    layer,
    query: { _: 'initConnection', api_id: 2040, device_model: utf8('bench'), system_version: utf8('1'), app_version: utf8('1'), system_lang_code: utf8('en'), lang_pack: utf8(''), lang_code: utf8('en'), query: { _: 'help.getNearestDc' } },
  };
  await rawCall(client, encodeValue(hello, schemaOf(layer)));
  return client;
}

async function rawCall(client: RawMtprotoClient, body: Buffer): Promise<Buffer> {
  const { msgId } = client.sendEncrypted(body);
  const result = await client.receiveUntil((m) => (m.obj instanceof RpcResultMessage && m.obj.reqMsgId === msgId ? m.obj : undefined));
  if (result.body.readUInt32LE(0) === (Api.RpcError.CONSTRUCTOR_ID >>> 0)) throw new Error(`rpc_error ${result.body.subarray(9, 9 + result.body[8]!).toString()}`);
  return result.body;
}

/** The sign-in round of signInRound, written in `layer`'s own constructors. */
async function rawSignInRound(server: LocalServer, client: RawMtprotoClient, layer: number, phone: string): Promise<void> {
  const schema = schemaOf(layer);
  const settings = { _: 'codeSettings' };
  const sent = await rawCall(client, encodeValue({ _: 'auth.sendCode', phone_number: utf8(phone), api_id: 2040, api_hash: utf8('bench'), settings }, schema));
  // auth.sentCode: flags, type (its id and length), then phone_code_hash.
  const hashLength = sent[16]!;
  const hash = sent.subarray(17, 17 + hashLength);
  const code = server.inbox(phone).at(-1)!.code;
  await rawCall(client, encodeValue({ _: 'auth.signIn', phone_number: utf8(phone), phone_code_hash: hash, phone_code: utf8(code) }, schema));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The server's time per sign-in RPC for clients at the handlers' layer and at other layers, the
 * same raw client and the same requests in each, rounds interleaved so load drifts hit all alike,
 * and the order turned each round: the first client after a pause meets colder caches, and no
 * layer should always be that one.
 */
async function layerCost(server: LocalServer): Promise<BenchRow[]> {
  const dc = server.dcServers.find((d) => d.id === 2)!;
  const clients = await Promise.all(LAYERS.map((l) => layerClient(server, l)));
  const perRpcUs: number[][] = LAYERS.map(() => []);
  try {
    for (let r = 0; r < LAYER_ROUNDS; r++) {
      for (let k = 0; k < LAYERS.length; k++) {
        const i = (k + r) % LAYERS.length;
        const layer = LAYERS[i]!;
        const before = dc.stats();
        await rawSignInRound(server, clients[i]!, layer, `+1998${layer}${String(r).padStart(4, '0')}`);
        const after = dc.stats();
        const rpcs = after.rpcCalls - before.rpcCalls;
        if (r >= 10) perRpcUs[i]!.push((after.encryptedServerNs - before.encryptedServerNs) / 1000 / rpcs);
      }
    }
  } finally {
    for (const c of clients) c.close();
  }
  const base = median(perRpcUs[0]!);
  const rows: BenchRow[] = [{ name: `server: time per sign-in RPC, layer ${LAYERS[0]} (no conversion)`, value: base, unit: 'µs', aim: 'baseline' }];
  for (const [i, layer] of LAYERS.entries()) {
    if (i === 0) continue;
    const t = median(perRpcUs[i]!);
    rows.push({ name: `server: time per sign-in RPC, layer ${layer}`, value: t, unit: 'µs' });
    rows.push({ name: `server: layer ${layer} / layer ${LAYERS[0]} time per RPC`, value: t / base, unit: 'ratio', aim: 'at most 1.10' });
  }
  return rows;
}

export async function runServerBench(): Promise<BenchRow[]> {
  const server = await startLocalServer({
    port: 'auto',
    settings: { sendCodeLimit: 1000, sendCodeDailyLimit: 10_000 },
  });
  const rows: BenchRow[] = [];
  try {
    rows.push(...(await handshakeShare(server)));
    const one = await signInRate(server, 1, ONE_CLIENT_ROUNDS);
    rows.push({ name: 'server: sign-in RPC round trips, 1 client', value: one, unit: 'rpc/s', aim: 'never limits a test suite' });
    const many = await signInRate(server, MANY_CLIENTS, MANY_CLIENT_ROUNDS);
    rows.push({ name: `server: sign-in RPC round trips, ${MANY_CLIENTS} clients`, value: many, unit: 'rpc/s', aim: 'never limits a test suite' });
    rows.push(...(await layerCost(server)));
  } finally {
    await server.stop();
  }
  rows.push(...(await memoryPerClient()));
  return rows;
}
