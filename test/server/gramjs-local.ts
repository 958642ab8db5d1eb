// Points a stock gramjs TelegramClient at the local server: a connection class that routes DC ids
// to loopback ports (gramjs' own connect() always dials port 80/443), and trust for the server's
// RSA key. Only ever used in local mode: production never trusts this key.
import { TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } from 'telegram/network';
import { _serverKeys } from 'telegram/crypto/RSA';
import { StringSession } from 'telegram/sessions';
import { toBigInteger } from './mtproto/binary';
import { rsaFingerprint, rsaPublicNumbers } from './mtproto/rsa-key';

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

/** Adds the local server's public key to gramjs' table of trusted server keys. Returns its fingerprint. */
export function trustServerKey(publicKeyPem: string): bigint {
  const fingerprint = rsaFingerprint(publicKeyPem);
  const { n, e } = rsaPublicNumbers(publicKeyPem);
  _serverKeys.set(fingerprint.toString(), { n: toBigInteger(n), e: Number(e) });
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
