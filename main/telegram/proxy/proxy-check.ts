// "Check": open a connection to a DC through the proxy, exactly as a client would (tunnel,
// fake TLS, obfuscation), and time one unencrypted MTProto round trip (req_pq_multi -> resPQ),
// which every Telegram server answers before any key exists.
import { randomBytes } from 'node:crypto';
import { Logger } from 'telegram';
import type { LogLevel } from 'telegram/extensions/Logger';
import type { ProxyConfig } from '../../../common/proxy-link';
import type { ProxyFailureCode } from '../../../common/proxy-settings';
import { proxiedConnectionClass, UnusedSocket, type ConnectionClass } from './proxied-connection';
import { createProxyRuntime } from './proxy-runtime';

const REQ_PQ_MULTI = 0xbe7e8ef1;
const RES_PQ = 0x05162463;

interface RawConnection {
  connect(): Promise<void>;
  send(data: Buffer): Promise<void>;
  recv(): Promise<Buffer>;
  disconnect(): Promise<void>;
}

function reqPqMulti(): Buffer {
  const message = Buffer.alloc(20 + 20);
  // auth_key_id 0, then a message id (Unix time in the high half, divisible by 4), length, body.
  const msgId = (BigInt(Math.floor(Date.now() / 1000)) << 32n) | (BigInt(randomBytes(4).readUInt32LE(0)) & ~3n);
  message.writeBigInt64LE(msgId, 8);
  message.writeInt32LE(20, 16);
  message.writeUInt32LE(REQ_PQ_MULTI, 20);
  randomBytes(16).copy(message, 24);
  return message;
}

export type CheckResult = { ok: true; latencyMs: number } | { ok: false; failure: ProxyFailureCode };

export async function checkProxy(
  proxy: ProxyConfig,
  base: ConnectionClass,
  dc: { id: number; ip: string; port: number },
  timeoutMs = 8_000,
): Promise<CheckResult> {
  const runtime = createProxyRuntime({ openTimeoutMs: timeoutMs });
  runtime.use(proxy);
  let failure: ProxyFailureCode | null = null;
  runtime.onOutcome((o) => {
    if (!o.ok) failure = o.failure;
  });
  const Connection = proxiedConnectionClass(base, runtime) as unknown as new (params: unknown) => RawConnection;
  const connection = new Connection({
    ip: dc.ip,
    port: dc.port,
    dcId: dc.id,
    loggers: new Logger('none' as LogLevel),
    socket: UnusedSocket,
  });
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      (async () => {
        await connection.connect();
        await connection.send(reqPqMulti());
        return connection.recv();
      })(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      }),
    ]);
    if (answer.length >= 24 && answer.readUInt32LE(20) === RES_PQ) return { ok: true, latencyMs: Math.round(performance.now() - started) };
    return { ok: false, failure: 'PROXY_PROTOCOL' };
  } catch {
    return { ok: false, failure: failure ?? 'PROXY_UNREACHABLE' };
  } finally {
    clearTimeout(timer);
    await connection.disconnect().catch(() => undefined);
  }
}
