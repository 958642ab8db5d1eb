// The MTProxy relay refuses what a real MTProxy refuses, never throws, and keeps serving: a
// wrong secret, a wrong domain, a stale clock, garbage and oversized or truncated handshakes are
// each dropped without a byte of answer, and a genuine client after them is answered.
import { createHmac, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientHello, serverAnswerIsGenuine } from '../../main/telegram/proxy/fake-tls-client';
import { obfuscatedHeader } from '../../main/telegram/proxy/mtproxy-obfuscation';
import { startMtproxyRelay, type MtproxyRelay } from '../mtproxy/mtproxy-relay';
import { startTestDc, type TestDc } from './test-kit';

const key = randomBytes(16);
const DOMAIN = 'www.example.com';
let dc: TestDc;
let ee: MtproxyRelay;
let dd: MtproxyRelay;

/** Sends `bytes`, collects what comes back until the relay closes (or `untilBytes` arrived). */
function exchange(port: number, bytes: Buffer, untilBytes = Infinity): Promise<{ received: Buffer; closedByRelay: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= untilBytes) {
        socket.destroy();
        resolve({ received, closedByRelay: false });
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ received, closedByRelay: true }));
  });
}

const now = () => Math.floor(Date.now() / 1000);

/** Re-signs a hello after its bytes were changed, as a client knowing the secret would. */
function resign(hello: Buffer, secret: Buffer, time = now()): Buffer {
  const out = Buffer.from(hello);
  out.fill(0, 11, 43);
  const digest = createHmac('sha256', secret).update(out).digest();
  digest.writeUInt32LE((digest.readUInt32LE(28) ^ time) >>> 0, 28);
  digest.copy(out, 11);
  return out;
}

beforeAll(async () => {
  dc = await startTestDc(2);
  ee = await startMtproxyRelay({ key, kind: 'ee', domain: DOMAIN, dcs: dc.dcs, handshakeTimeoutMs: 300 });
  dd = await startMtproxyRelay({ key, kind: 'dd', dcs: dc.dcs, handshakeTimeoutMs: 300 });
});

afterAll(async () => {
  await Promise.all([ee?.stop(), dd?.stop()]);
  await dc?.server.close();
});

describe('MTProxy relay, fake TLS (ee)', () => {
  it('answers a genuine hello with a ServerHello that proves the secret', async () => {
    const hello = buildClientHello(key, DOMAIN, now());
    const { received } = await exchange(ee.port, hello, 200);
    expect(received.subarray(0, 3).toString('hex')).toBe('160303');
    expect(serverAnswerIsGenuine(key, hello.subarray(11, 43), received.subarray(0, answerLength(received)))).toBe(true);
    expect(serverAnswerIsGenuine(randomBytes(16), hello.subarray(11, 43), received.subarray(0, answerLength(received)))).toBe(false);
  });

  const refusals: Array<[string, () => Buffer, string]> = [
    ['a hello signed with another secret', () => buildClientHello(randomBytes(16), DOMAIN, now()), 'WRONG_SECRET'],
    ['a hello for another domain', () => buildClientHello(key, 'other.example.org', now()), 'WRONG_DOMAIN'],
    ['a hello from a clock an hour off', () => buildClientHello(key, DOMAIN, now() - 3600), 'CLOCK_SKEW'],
    ['plain HTTP', () => Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 'NOT_TLS'],
    ['random bytes', () => Buffer.concat([Buffer.from([0x42]), randomBytes(600)]), 'NOT_TLS'],
    ['a record claiming 60 KB', () => Buffer.from('160301f000', 'hex'), 'TOO_LARGE'],
    [
      'a signed hello whose session id overruns it',
      () => {
        const hello = buildClientHello(key, DOMAIN, now());
        hello[43] = 0xff;
        return resign(hello, key);
      },
      'MALFORMED',
    ],
    ['half a hello, then silence', () => buildClientHello(key, DOMAIN, now()).subarray(0, 100), 'TIMEOUT'],
  ];
  for (const [what, bytes, why] of refusals) {
    it(`drops ${what} without answering (${why})`, async () => {
      const before = ee.stats.refused[why as keyof typeof ee.stats.refused] ?? 0;
      const { received, closedByRelay } = await exchange(ee.port, bytes());
      expect(closedByRelay).toBe(true);
      expect(received.length).toBe(0);
      expect(ee.stats.refused[why as keyof typeof ee.stats.refused]).toBe(before + 1);
    });
  }

  it('drops broken TLS records after a genuine hello', async () => {
    const hello = buildClientHello(key, DOMAIN, now());
    const before = ee.stats.refused.BAD_RECORD ?? 0;
    const { closedByRelay } = await exchange(ee.port, Buffer.concat([hello, Buffer.from('140303000101', 'hex'), Buffer.from('9999999999', 'hex')]));
    expect(closedByRelay).toBe(true);
    expect(ee.stats.refused.BAD_RECORD).toBe(before + 1);
  });
});

describe('MTProxy relay, obfuscated2 (dd)', () => {
  it('drops a header made with another secret, one with the wrong transport and one for an unknown DC', async () => {
    const cases: Array<[Buffer, string]> = [
      [obfuscatedHeader(randomBytes(16), 'padded', 2).header, 'BAD_HEADER'],
      [randomBytes(64), 'BAD_HEADER'],
      [obfuscatedHeader(key, 'intermediate', 2).header, 'WRONG_TRANSPORT'],
      [obfuscatedHeader(key, 'padded', 7).header, 'UNKNOWN_DC'],
    ];
    for (const [header, why] of cases) {
      const before = dd.stats.refused[why as keyof typeof dd.stats.refused] ?? 0;
      const { received, closedByRelay } = await exchange(dd.port, header);
      expect(closedByRelay).toBe(true);
      expect(received.length).toBe(0);
      expect(dd.stats.refused[why as keyof typeof dd.stats.refused]).toBe(before + 1);
    }
  });

  it('forwards a genuine header to its DC, which answers req_pq_multi through the relay', async () => {
    const { header, encrypt, decrypt } = obfuscatedHeader(key, 'padded', 2);
    const { received } = await exchange(dd.port, Buffer.concat([header, encrypt.update(framedReqPq())]), 4 + 84);
    const plain = decrypt.update(received);
    expect(plain.readUInt32LE(24)).toBe(0x05162463); // resPQ
    expect(dd.stats.forwarded).toBeGreaterThan(0);
  });
});

describe('MTProxy relay, connection cap', () => {
  it('closes connections beyond its cap as they arrive, and serves again once one is gone', async () => {
    const capped = await startMtproxyRelay({ key, kind: 'dd', dcs: dc.dcs, handshakeTimeoutMs: 5_000, maxConnections: 2 });
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => (done() ? resolve() : setImmediate(check));
        check();
      });
    try {
      const held = [0, 1].map(() => connect({ host: '127.0.0.1', port: capped.port }).on('error', () => undefined));
      await until(() => capped.connectionCount() === 2);
      const { received, closedByRelay } = await exchange(capped.port, obfuscatedHeader(key, 'padded', 2).header);
      expect(closedByRelay).toBe(true);
      expect(received.length).toBe(0);
      expect(capped.stats.refused.TOO_MANY).toBe(1);
      held[0]!.destroy();
      await until(() => capped.connectionCount() < 2);
      const { header, encrypt, decrypt } = obfuscatedHeader(key, 'padded', 2);
      const answer = await exchange(capped.port, Buffer.concat([header, encrypt.update(framedReqPq())]), 4 + 84);
      expect(decrypt.update(answer.received).readUInt32LE(24)).toBe(0x05162463); // resPQ
      held[1]!.destroy();
    } finally {
      await capped.stop();
    }
  });
});

/** req_pq_multi as an unencrypted message, in the padded intermediate framing (without padding). */
function framedReqPq(): Buffer {
  const reqPq = Buffer.alloc(20 + 20);
  reqPq.writeBigInt64LE(BigInt(Math.floor(Date.now() / 1000)) << 32n, 8);
  reqPq.writeInt32LE(20, 16);
  reqPq.writeUInt32LE(0xbe7e8ef1, 20);
  randomBytes(16).copy(reqPq, 24);
  return Buffer.concat([Buffer.from([40, 0, 0, 0]), reqPq]);
}

function answerLength(buf: Buffer): number {
  const first = 5 + buf.readUInt16BE(3);
  return first + 6 + 5 + buf.readUInt16BE(first + 6 + 3);
}
