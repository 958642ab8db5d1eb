// QR login tokens. auth.exportLoginToken makes a short-lived token on the exporting key; a signed-in
// device accepts it (auth.acceptLoginToken, or the control API's "phone scans the code"), which
// pushes updateLoginToken to the exporter; its next exportLoginToken then signs in on its DC, or
// points it (loginTokenMigrateTo) to the account's home DC, where auth.importLoginToken finishes.
import { randomBytes } from 'node:crypto';

export interface LoginToken {
  token: Buffer;
  /** export: shown as a QR code by the exporting key; migrate: to be imported on `dc`. */
  kind: 'export' | 'migrate';
  /** Where the token may be redeemed (for export tokens, the exporter's DC). */
  dc: number;
  /** The exporting key (export tokens). */
  authKeyId: bigint | null;
  exceptIds: bigint[];
  createdAt: number;
  expiresAt: number;
  acceptedBy: bigint | null;
  consumed: boolean;
}

export class QrLogins {
  private readonly tokens = new Map<string, LoginToken>();
  /** Latest export token per exporting key. */
  private readonly latestByKey = new Map<string, LoginToken>();
  private lastExported: LoginToken | null = null;

  export(dc: number, authKeyId: bigint, exceptIds: bigint[], now: number, ttlMs: number): LoginToken {
    const t: LoginToken = {
      token: randomBytes(32),
      kind: 'export',
      dc,
      authKeyId,
      exceptIds,
      createdAt: now,
      expiresAt: now + ttlMs,
      acceptedBy: null,
      consumed: false,
    };
    const key = `${dc}:${authKeyId}`;
    const previous = this.latestByKey.get(key);
    // A new token replaces the exporter's previous one (unless that one was already scanned).
    if (previous && previous.acceptedBy === null) this.tokens.delete(previous.token.toString('hex'));
    this.tokens.set(t.token.toString('hex'), t);
    this.latestByKey.set(key, t);
    this.lastExported = t;
    return t;
  }

  migrate(from: LoginToken, dc: number, now: number, ttlMs: number): LoginToken {
    const t: LoginToken = {
      token: randomBytes(32),
      kind: 'migrate',
      dc,
      authKeyId: null,
      exceptIds: from.exceptIds,
      createdAt: now,
      expiresAt: now + ttlMs,
      acceptedBy: from.acceptedBy,
      consumed: false,
    };
    from.consumed = true;
    this.tokens.set(t.token.toString('hex'), t);
    return t;
  }

  find(token: Buffer): LoginToken | undefined {
    return this.tokens.get(Buffer.from(token).toString('hex'));
  }

  latestFor(dc: number, authKeyId: bigint): LoginToken | undefined {
    return this.latestByKey.get(`${dc}:${authKeyId}`);
  }

  /** The token a phone would scan now: the newest export token, if it still waits for a scan. */
  current(now: number): LoginToken | null {
    const t = this.lastExported;
    return t && !t.consumed && t.acceptedBy === null && t.expiresAt > now ? t : null;
  }

  clear(): void {
    this.tokens.clear();
    this.latestByKey.clear();
    this.lastExported = null;
  }
}
