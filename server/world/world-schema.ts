// The demo world's file format, version 1: everything the server must remember for a restarted
// app to find itself signed in as in production (accounts, auth keys, which key is signed in as
// whom, future auth tokens, codes still valid, the sendCode flood counters, the codes delivered).
// Plain JSON: 64-bit ids as decimal strings, bytes as base64. Short-lived things (QR tokens,
// exported authorizations, faults, the request log) are not kept: they would be stale anyway.
import * as v from 'valibot';
import { CODE_CHANNELS } from '../api/code-channels';

export const WORLD_FORMAT = 'gramdesk-demo-world';
export const WORLD_VERSION = 1;

const int64 = v.pipe(v.string(), v.regex(/^-?\d{1,20}$/, 'must be a 64-bit integer in decimal'));
const base64 = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'));
const hex = v.pipe(v.string(), v.regex(/^[0-9a-f]*$/, 'must be lowercase hex'));
const ms = v.pipe(v.number(), v.safeInteger());
const dcId = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5));
const digits = v.pipe(v.string(), v.regex(/^\d{5,15}$/, 'must be phone digits'));
const channel = v.picklist(CODE_CHANNELS);
const shortText = v.pipe(v.string(), v.maxLength(256));

const clientInfo = v.nullable(
  v.strictObject({
    apiId: v.number(),
    deviceModel: shortText,
    systemVersion: shortText,
    appVersion: shortText,
    langCode: shortText,
    // Worlds saved before the server kept it read as "not told".
    systemLangCode: v.optional(shortText, ''),
  }),
);

const user = v.strictObject({
  id: int64,
  accessHash: int64,
  phone: digits,
  firstName: shortText,
  lastName: shortText,
  dc: dcId,
  codeChannels: v.array(channel),
  banned: v.boolean(),
  password: v.nullable(v.strictObject({ salt1: base64, salt2: base64, v: base64, hint: shortText })),
  recoveryEmail: v.nullable(shortText),
  loginEmail: v.nullable(shortText),
});

const authKey = v.strictObject({
  dc: dcId,
  id: int64,
  key: base64,
  createdAtMs: ms,
  expiresAtMs: v.nullable(ms),
  initialSalt: int64,
  saltSecret: base64,
  client: clientInfo,
  layer: v.nullable(v.number()),
});

const session = v.strictObject({
  dc: dcId,
  authKeyId: int64,
  userId: v.nullable(int64),
  hash: int64,
  signedInAt: ms,
  activeAt: ms,
  client: clientInfo,
  ip: shortText,
  revoked: v.boolean(),
  passwordPendingFor: v.nullable(int64),
  imported: v.boolean(),
});

const pendingCode = v.strictObject({
  hash: hex,
  phone: digits,
  dc: dcId,
  chain: v.array(channel),
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  delivery: v.strictObject({
    channel,
    code: shortText,
    /** The auth.SentCodeType as TL bytes. */
    sentType: base64,
    extra: v.record(v.string(), shortText),
  }),
  sentAt: ms,
  expiresAt: ms,
  wrongTries: v.pipe(v.number(), v.integer(), v.minValue(0)),
  verifiedForSignUp: v.boolean(),
  dead: v.boolean(),
});

const inboxMessage = v.pipe(
  v.looseObject({
    channel,
    code: shortText,
    purpose: v.picklist(['login', 'recovery']),
    date: ms,
  }),
  v.check(
    (m) => Object.values(m).every((x) => typeof x === 'string' || typeof x === 'number'),
    'inbox message fields must be strings or numbers',
  ),
);

export const worldSchema = v.strictObject({
  format: v.literal(WORLD_FORMAT),
  version: v.literal(WORLD_VERSION),
  /** When it was written (ms, wall clock): for people reading the file. */
  savedAt: ms,
  dcIds: v.pipe(v.array(dcId), v.minLength(1)),
  nextUserId: int64,
  users: v.array(user),
  authKeys: v.array(authKey),
  sessions: v.array(session),
  futureTokens: v.array(v.strictObject({ token: hex, userId: int64 })),
  codes: v.array(pendingCode),
  liveCodes: v.array(v.strictObject({ phone: digits, hash: hex })),
  sendTimes: v.array(v.strictObject({ phone: digits, times: v.array(ms) })),
  inbox: v.array(v.strictObject({ phone: digits, messages: v.array(inboxMessage) })),
});

export type World = v.InferOutput<typeof worldSchema>;
