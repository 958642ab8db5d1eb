// The client side of the local Telegram-compatible server (server/): a stock TelegramClient wired
// to its DCs and its RSA key (the DC routing and the key's trust are gramjs internals, and live in
// gramjs-connection.ts). Only ever used against the local
// server: production never trusts this key. It knows the server only by what the server
// announces (its DCs and public key), so nothing here imports the server itself.
import { TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { localConnectionClass, trustServerKey, type GramjsTransport } from './gramjs-connection';

export { localConnectionClass, trustServerKey, type GramjsTransport };

export interface LocalDc {
  id: number;
  host: string;
  port: number;
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
