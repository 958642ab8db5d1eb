// The client side of the local Telegram-compatible server (server/): a connection class that
// routes DC ids to loopback ports (gramjs' own connect() always dials port 80/443), trust for the
// server's RSA key, and a stock TelegramClient wired to both. Only ever used against the local
// server: production never trusts this key. It knows the server only by what the server
// announces (its DCs and public key), so nothing here imports the server itself.
import { createHash, createPublicKey } from 'node:crypto';
import { TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } from 'telegram/network';
import { _serverKeys } from 'telegram/crypto/RSA';
import { StringSession } from 'telegram/sessions';
import { readBigIntFromBuffer } from 'telegram/Helpers';
import { serializeBytes } from 'telegram/tl/generationHelpers';

export interface LocalDc {
  id: number;
  host: string;
  port: number;
}

/** The transports gramjs ships (TCPMTProxy aside, which needs an MTProxy secret). */
export type GramjsTransport = 'full' | 'abridged' | 'obfuscated';

const BASES = {
  full: ConnectionTCPFull,
  abridged: ConnectionTCPAbridged,
  obfuscated: ConnectionTCPObfuscated,
} as const;

type ConnectionParams = ConstructorParameters<typeof ConnectionTCPFull>[0];

/**
 * A gramjs connection class for `transport` that dials the local host:port of the DC id gramjs
 * asks for, whatever address and port the session or help.getConfig carried.
 */
export function localConnectionClass(dcs: readonly LocalDc[], transport: GramjsTransport = 'full'): typeof ConnectionTCPFull {
  const table = dcs.map((d) => ({ ...d }));
  const Base = BASES[transport] as typeof ConnectionTCPFull;
  class LocalConnection extends Base {
    constructor(params: ConnectionParams) {
      const dc = table.find((d) => d.id === params.dcId);
      if (!dc) throw new Error(`The local server has no DC ${params.dcId} (it has ${table.map((d) => d.id).join(', ')})`);
      super({ ...params, ip: dc.host, port: dc.port });
    }
  }
  return LocalConnection;
}

/**
 * Adds the local server's public key to gramjs' table of trusted server keys. Returns its
 * fingerprint: the lower 64 bits of SHA1(TL bytes n + TL bytes e), as a signed int64, which is
 * how gramjs looks a key up when the server offers it in resPQ.
 */
export function trustServerKey(publicKeyPem: string): bigint {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (!jwk.n || !jwk.e) throw new Error('The local server announced a key that is not an RSA public key');
  const n = Buffer.from(jwk.n, 'base64url');
  const e = Buffer.from(jwk.e, 'base64url');
  const sha = createHash('sha1').update(Buffer.concat([serializeBytes(n), serializeBytes(e)])).digest();
  const fingerprint = sha.readBigInt64LE(12);
  _serverKeys.set(fingerprint.toString(), {
    n: readBigIntFromBuffer(n, false, false),
    e: Number(readBigIntFromBuffer(e, false, false).toString()),
  });
  return fingerprint;
}

export interface LocalClientOptions {
  dcs: readonly LocalDc[];
  rsaPublicKey: string;
  /** A StringSession string to resume (its auth key and DC are kept). */
  session?: string;
  transport?: GramjsTransport;
  /** Initial DC for a fresh session (default: the first in `dcs`). */
  dcId?: number;
  apiId?: number;
  apiHash?: string;
  connectionRetries?: number;
}

/** A TelegramClient wired to the local server; call connect() yourself, and destroy() when done. */
export function createLocalClient(options: LocalClientOptions): TelegramClient {
  trustServerKey(options.rsaPublicKey);
  const session = new StringSession(options.session ?? '');
  if (!options.session) {
    const dc = options.dcs.find((d) => d.id === (options.dcId ?? options.dcs[0]?.id));
    if (!dc) throw new Error(`No DC ${options.dcId} among the local DCs`);
    if (dc.port > 32767) throw new Error(`DC port ${dc.port} does not fit StringSession's int16 port field`);
    session.setDC(dc.id, dc.host, dc.port);
  }
  return new TelegramClient(session, options.apiId ?? 2040, options.apiHash ?? 'b18441a1ff607e10a989891a5462e627', {
    connection: localConnectionClass(options.dcs, options.transport ?? 'full'),
    connectionRetries: options.connectionRetries ?? 2,
    retryDelay: 50,
    floodSleepThreshold: 0,
    useWSS: false,
    baseLogger: new Logger(LogLevel.NONE),
    deviceModel: 'Gramdesk test',
    systemVersion: 'node',
    appVersion: '0.1.0',
    langCode: 'en',
    systemLangCode: 'en',
  });
}
