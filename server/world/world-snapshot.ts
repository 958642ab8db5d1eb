// Between a running server and its world file: `captureWorld` turns the API state and the DCs'
// auth keys into the file's JSON shape, `restoreWorld` puts a checked world back before the DCs
// start listening. Turning the JSON back into records can still find a problem the schema can't
// see (bytes that are no TL object, a DC this server doesn't have): then nothing is restored.
import { Api, extensions } from 'telegram';
import type { AuthKeyRecord } from '../mtproto/auth-keys';
import type { ApiState } from '../api/api-state';
import type { KeySession } from '../api/authorizations';
import type { InboxMessage } from '../api/inbox';
import type { PendingCode } from '../api/phone-codes';
import type { UserRecord } from '../api/user-directory';
import { WORLD_FORMAT, WORLD_VERSION, type World } from './world-schema';

/** Delivered messages kept per number: enough for the app's notifications, bounded on disk. */
const INBOX_KEPT = 20;

const b64 = (b: Buffer): string => Buffer.from(b).toString('base64');
const fromB64 = (s: string): Buffer => Buffer.from(s, 'base64');

export function captureWorld(state: ApiState, keysByDc: ReadonlyMap<number, readonly AuthKeyRecord[]>, savedAt: number): World {
  const users = state.users.snapshot();
  const sessions = state.sessions.snapshot();
  const codes = state.codes.snapshot();
  return {
    format: WORLD_FORMAT,
    version: WORLD_VERSION,
    savedAt,
    dcIds: state.dcs.map((d) => d.id),
    nextUserId: users.nextId.toString(),
    users: users.records.map((u) => ({
      id: u.id.toString(),
      accessHash: u.accessHash.toString(),
      phone: u.phone,
      firstName: u.firstName,
      lastName: u.lastName,
      dc: u.dc,
      codeChannels: [...u.codeChannels],
      banned: u.banned,
      password: u.password
        ? { salt1: b64(u.password.verifier.salt1), salt2: b64(u.password.verifier.salt2), v: b64(u.password.verifier.v), hint: u.password.hint }
        : null,
      recoveryEmail: u.recoveryEmail,
      loginEmail: u.loginEmail,
    })),
    authKeys: [...keysByDc].flatMap(([dc, records]) =>
      records.map((r) => ({
        dc,
        id: r.id.toString(),
        key: b64(r.key),
        createdAtMs: r.createdAtMs,
        expiresAtMs: r.expiresAtMs,
        initialSalt: r.initialSalt.toString(),
        saltSecret: b64(r.saltSecret),
        client: r.client ? { ...r.client } : null,
        layer: r.layer,
      })),
    ),
    sessions: sessions.sessions.map((s) => ({
      dc: s.dc,
      authKeyId: s.authKeyId.toString(),
      userId: s.userId?.toString() ?? null,
      hash: s.hash.toString(),
      signedInAt: s.signedInAt,
      activeAt: s.activeAt,
      client: s.client ? { ...s.client } : null,
      ip: s.ip,
      revoked: s.revoked,
      passwordPendingFor: s.passwordPendingFor?.toString() ?? null,
      imported: s.imported,
    })),
    futureTokens: sessions.futureTokens.map(([token, userId]) => ({ token, userId: userId.toString() })),
    codes: codes.codes.map((c) => ({
      hash: c.hash,
      phone: c.phone,
      dc: c.dc,
      chain: [...c.chain],
      index: c.index,
      delivery: { channel: c.delivery.channel, code: c.delivery.code, sentType: b64(c.delivery.sentType.getBytes()), extra: { ...c.delivery.extra } },
      sentAt: c.sentAt,
      expiresAt: c.expiresAt,
      wrongTries: c.wrongTries,
      verifiedForSignUp: c.verifiedForSignUp,
      dead: c.dead,
    })),
    liveCodes: codes.live.map(([phone, hash]) => ({ phone, hash })),
    sendTimes: codes.sendTimes.map(([phone, times]) => ({ phone, times: [...times] })),
    inbox: state.inbox.snapshot().map(([phone, messages]) => ({ phone, messages: messages.slice(-INBOX_KEPT) })),
  };
}

/** The same world with the fields that change on every call zeroed: a change there alone is not worth a write. */
export function worldIdentity(world: World): string {
  return JSON.stringify({ ...world, savedAt: 0, sessions: world.sessions.map((s) => ({ ...s, activeAt: 0 })) });
}

function sentTypeOf(base64: string): Api.auth.TypeSentCodeType {
  const obj: unknown = new extensions.BinaryReader(fromB64(base64)).tgReadObject();
  const name = (obj as { className?: unknown } | null)?.className;
  if (typeof name !== 'string' || !name.startsWith('auth.SentCodeType')) throw new Error('a code\'s sentType is not an auth.SentCodeType');
  return obj as Api.auth.TypeSentCodeType;
}

/**
 * Puts the world back into `state` and answers each DC's auth keys; throws (having changed
 * nothing) when the world doesn't fit this server.
 */
export function restoreWorld(world: World, state: ApiState): Map<number, AuthKeyRecord[]> {
  const ours = state.dcs.map((d) => d.id);
  if (world.dcIds.length !== ours.length || world.dcIds.some((id, i) => id !== ours[i])) {
    throw new Error(`the world was made for DCs ${world.dcIds.join(', ')}, this server has ${ours.join(', ')}`);
  }
  const big = (s: string): bigint => BigInt(s);
  const users: UserRecord[] = world.users.map((u) => ({
    id: big(u.id),
    accessHash: big(u.accessHash),
    phone: u.phone,
    firstName: u.firstName,
    lastName: u.lastName,
    dc: u.dc,
    codeChannels: [...u.codeChannels],
    banned: u.banned,
    password: u.password ? { verifier: { salt1: fromB64(u.password.salt1), salt2: fromB64(u.password.salt2), v: fromB64(u.password.v) }, hint: u.password.hint } : null,
    recoveryEmail: u.recoveryEmail,
    loginEmail: u.loginEmail,
  }));
  const sessions: KeySession[] = world.sessions.map((s) => ({
    dc: s.dc,
    authKeyId: big(s.authKeyId),
    userId: s.userId === null ? null : big(s.userId),
    hash: big(s.hash),
    signedInAt: s.signedInAt,
    activeAt: s.activeAt,
    client: s.client,
    ip: s.ip,
    revoked: s.revoked,
    passwordPendingFor: s.passwordPendingFor === null ? null : big(s.passwordPendingFor),
    imported: s.imported,
  }));
  const codes: PendingCode[] = world.codes.map((c) => ({
    ...c,
    chain: [...c.chain],
    delivery: { channel: c.delivery.channel, code: c.delivery.code, sentType: sentTypeOf(c.delivery.sentType), extra: { ...c.delivery.extra } },
  }));
  const keys = new Map<number, AuthKeyRecord[]>(ours.map((id) => [id, []]));
  for (const k of world.authKeys) {
    const list = keys.get(k.dc);
    if (!list) throw new Error(`an auth key is on DC ${k.dc}, which this server doesn't have`);
    const key = fromB64(k.key);
    if (key.length !== 256) throw new Error('an auth key is not 256 bytes long');
    list.push({
      id: big(k.id),
      key,
      createdAtMs: k.createdAtMs,
      expiresAtMs: k.expiresAtMs,
      initialSalt: big(k.initialSalt),
      saltSecret: fromB64(k.saltSecret),
      client: k.client,
      layer: k.layer,
    });
  }
  // Everything converted: only now is the state touched.
  state.users.restore({ nextId: big(world.nextUserId), records: users });
  state.sessions.restore({ sessions, futureTokens: world.futureTokens.map((t) => [t.token, big(t.userId)]) });
  state.codes.restore({
    codes,
    live: world.liveCodes.map((l) => [l.phone, l.hash]),
    sendTimes: world.sendTimes.map((s) => [s.phone, s.times]),
  });
  state.inbox.restore(world.inbox.map((b) => [b.phone, b.messages as InboxMessage[]]));
  return keys;
}
