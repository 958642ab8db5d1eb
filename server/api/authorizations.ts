// Which auth key is signed in as whom. An authorization is an auth key on a DC bound to a user: made
// by signIn / signUp / checkPassword / QR / importAuthorization, ended by logOut (the key stays,
// unbound) or by another session's resetAuthorization (the key answers SESSION_REVOKED afterwards).
import { randomBytes } from 'node:crypto';
import type { ClientInfo, RpcCallContext } from '../mtproto/dc-types';

export interface KeySession {
  dc: number;
  authKeyId: bigint;
  userId: bigint | null;
  /** account.getAuthorizations' hash for this session (random int64, never 0). */
  hash: bigint;
  /** When the key was bound to its user (ms, server clock); 0 while unbound. */
  signedInAt: number;
  activeAt: number;
  client: ClientInfo | null;
  ip: string;
  /** Set when another session ended this one: every call that needs a user answers it with 401. */
  revoked: boolean;
  /** After SESSION_PASSWORD_NEEDED: the user whose password this key may now check. */
  passwordPendingFor: bigint | null;
  /** Made by auth.importAuthorization (a helper key of an existing authorization, not listed separately). */
  imported: boolean;
}

export function keyOf(dc: number, authKeyId: bigint): string {
  return `${dc}:${authKeyId}`;
}

function randomNonZeroLong(): bigint {
  for (;;) {
    const v = randomBytes(8).readBigInt64BE(0);
    if (v !== 0n) return v;
  }
}

export class Authorizations {
  private readonly sessions = new Map<string, KeySession>();
  /** future_auth_token (hex) -> user id, issued by auth.logOut. */
  private readonly futureTokens = new Map<string, bigint>();
  /** auth.exportAuthorization bytes (hex) -> what they may be imported as. */
  private readonly exported = new Map<string, { userId: bigint; dc: number; expiresAt: number }>();

  /** The session record of the calling key, created on first sight and kept current. */
  touch(ctx: RpcCallContext, now: number): KeySession {
    const key = keyOf(ctx.dcId, ctx.authKeyId);
    let s = this.sessions.get(key);
    if (!s) {
      s = {
        dc: ctx.dcId,
        authKeyId: ctx.authKeyId,
        userId: null,
        hash: randomNonZeroLong(),
        signedInAt: 0,
        activeAt: now,
        client: ctx.client,
        ip: ctx.remoteAddress,
        revoked: false,
        passwordPendingFor: null,
        imported: false,
      };
      this.sessions.set(key, s);
    }
    s.activeAt = now;
    if (ctx.client) s.client = ctx.client;
    s.ip = ctx.remoteAddress;
    return s;
  }

  get(dc: number, authKeyId: bigint): KeySession | undefined {
    return this.sessions.get(keyOf(dc, authKeyId));
  }

  bind(s: KeySession, userId: bigint, now: number, imported = false): void {
    s.userId = userId;
    s.signedInAt = now;
    s.revoked = false;
    s.passwordPendingFor = null;
    s.imported = imported;
    s.hash = randomNonZeroLong();
  }

  unbind(s: KeySession): void {
    s.userId = null;
    s.signedInAt = 0;
    s.passwordPendingFor = null;
  }

  revoke(s: KeySession): void {
    this.unbind(s);
    s.revoked = true;
  }

  /** The signed-in sessions of a user, oldest first. */
  sessionsOf(userId: bigint): KeySession[] {
    return [...this.sessions.values()].filter((s) => s.userId === userId).sort((a, b) => a.signedInAt - b.signedInAt);
  }

  forget(dc: number, authKeyId?: bigint): void {
    for (const [key, s] of this.sessions) {
      if (s.dc === dc && (authKeyId === undefined || s.authKeyId === authKeyId)) this.sessions.delete(key);
    }
  }

  issueFutureToken(userId: bigint): Buffer {
    const token = randomBytes(32);
    this.futureTokens.set(token.toString('hex'), userId);
    return token;
  }

  /** A future auth token of this user among `tokens`, consumed when found (each works once). */
  redeemFutureToken(userId: bigint, tokens: readonly Buffer[]): boolean {
    for (const t of tokens) {
      const hex = Buffer.from(t).toString('hex');
      if (this.futureTokens.get(hex) === userId) {
        this.futureTokens.delete(hex);
        return true;
      }
    }
    return false;
  }

  exportFor(userId: bigint, dc: number, now: number): Buffer {
    const bytes = randomBytes(32);
    this.exported.set(bytes.toString('hex'), { userId, dc, expiresAt: now + 5 * 60_000 });
    return bytes;
  }

  /** The user `bytes` were exported for, whatever id they are presented with (null for bytes never exported). */
  exportedUser(bytes: Buffer): bigint | null {
    return this.exported.get(Buffer.from(bytes).toString('hex'))?.userId ?? null;
  }

  /** The user an exported authorization stands for, if `bytes` are valid for `dc` now (each works once). */
  redeemExported(id: bigint, bytes: Buffer, dc: number, now: number): bigint | null {
    const hex = Buffer.from(bytes).toString('hex');
    const e = this.exported.get(hex);
    if (!e || e.userId !== id || e.dc !== dc || e.expiresAt < now) return null;
    this.exported.delete(hex);
    return e.userId;
  }

  clear(): void {
    this.sessions.clear();
    this.futureTokens.clear();
    this.exported.clear();
  }

  /** What outlives a restart (exported authorizations live minutes and are not kept). */
  snapshot(): { sessions: KeySession[]; futureTokens: Array<[string, bigint]> } {
    return { sessions: [...this.sessions.values()], futureTokens: [...this.futureTokens] };
  }

  restore(saved: { sessions: KeySession[]; futureTokens: Array<[string, bigint]> }): void {
    this.clear();
    for (const s of saved.sessions) this.sessions.set(keyOf(s.dc, s.authKeyId), s);
    for (const [token, userId] of saved.futureTokens) this.futureTokens.set(token, userId);
  }
}
