// The small app items the login flow keeps in the keychain beside the sessions: the pending code
// (so a restart returns to the same code step), the flood wait (so a restart keeps refusing), the
// future auth tokens (so a returning account may skip the code; kept per account, in
// future-auth-tokens.ts), and the pending keys (so a restart can end an authorization a kill left
// without its session item). Each is JSON read through a valibot schema: anything unreadable
// counts as absent, and the flow starts clean.
//
// Writes are chained so they land in the order they were made (keytar runs each on its own
// worker thread), and nothing on the path to the screen waits for them; `flush` does. The
// pending keys are the exception: a call that can sign a key in waits until its key is written
// and read back.
import * as v from 'valibot';
import type { FlowError } from '../../common/login-state';
import { isFloodCode } from '../telegram/flow-error-sources';
import { createFutureAuthTokens, type FutureAuthTokens } from './future-auth-tokens';
import type { SessionVault } from './session-vault';

const deliverySchema = v.variant('kind', [
  v.object({ kind: v.literal('app') }),
  v.object({ kind: v.literal('sms') }),
  v.object({ kind: v.literal('call') }),
  v.object({ kind: v.literal('flash_call'), pattern: v.string() }),
  v.object({ kind: v.literal('missed_call'), prefix: v.string() }),
  v.object({ kind: v.literal('email'), emailPattern: v.string() }),
  v.object({ kind: v.literal('setup_email_required') }),
  v.object({ kind: v.literal('fragment_sms'), url: v.string() }),
  v.object({ kind: v.literal('firebase_sms') }),
  v.object({ kind: v.literal('sms_word'), beginning: v.nullable(v.string()) }),
  v.object({ kind: v.literal('sms_phrase'), beginning: v.nullable(v.string()) }),
]);

const nextChannelSchema = v.nullable(v.picklist(['sms', 'call', 'flash_call', 'missed_call', 'fragment_sms']));
const instant = v.pipe(v.number(), v.finite());

const pendingCodeSchema = v.object({
  v: v.literal(2),
  phone: v.string(),
  phoneCodeHash: v.pipe(v.string(), v.minLength(1)),
  delivery: deliverySchema,
  length: v.pipe(v.number(), v.integer(), v.minValue(0)),
  next: nextChannelSchema,
  nextAvailableAt: v.nullable(instant),
  sentAt: instant,
  /** The (unsigned) auth key session the code is bound to. A secret: keychain only. */
  session: v.pipe(v.string(), v.minLength(1)),
});

/** What the keychain keeps of a pending code, so a restart returns to the same code step. */
export type PendingCodeItem = v.InferOutput<typeof pendingCodeSchema>;

const floodSchema = v.object({
  code: v.pipe(
    v.string(),
    v.check((code) => isFloodCode(code as FlowError['code'])),
  ),
  retryAt: instant,
  /** The number the wait held back. */
  phone: v.optional(v.string(), ''),
});

/** The stored flood wait, and the number it held back. */
export interface FloodItem {
  error: FlowError & { retryAt: number };
  phone: string;
}

const pendingKeysSchema = v.object({
  v: v.literal(1),
  /** Sessions (auth keys) a call may have signed in that no session item holds yet. Secrets. */
  sessions: v.array(v.pipe(v.string(), v.minLength(1))),
});

/** The pending keys item as written: what the start's repair reads back (pending-keys.ts). */
export function parsePendingKeys(raw: string | null): string[] | null {
  return parse(pendingKeysSchema, raw)?.sessions ?? null;
}

export function serializePendingKeys(sessions: readonly string[]): string {
  return JSON.stringify({ v: 1, sessions });
}

/** A scope seldom holds more than two (a DC switch, a log-out the server didn't hear): a bound, not a budget. */
const MAX_PENDING_KEYS = 8;

function parse<S extends v.GenericSchema>(schema: S, raw: string | null): v.InferOutput<S> | null {
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = v.safeParse(schema, json);
  return parsed.success ? parsed.output : null;
}

/** The pending code as kept, or null when there is none or it can't be read. */
export const pendingCodeOf = (raw: string | null): PendingCodeItem | null => parse(pendingCodeSchema, raw);

/** Telegram's codes live about 5 min: a restart within this resumes the code step. */
export const PENDING_CODE_TTL_MS = 5 * 60_000;

/** Whether a restart at `now` returns to this code step (sent no later than now, within `ttlMs`). */
export function isResumable(item: PendingCodeItem | null, now: number, ttlMs: number): item is PendingCodeItem {
  if (!item) return false;
  const age = now - item.sentAt;
  return age >= 0 && age < ttlMs;
}

export interface KeychainItems {
  readPendingCode(): Promise<PendingCodeItem | null>;
  /** Replace (or with null, delete) the pending code; lands in order, off the caller's path. */
  writePendingCode(item: PendingCodeItem | null): void;
  readFlood(): Promise<FloodItem | null>;
  writeFlood(item: FloodItem | null): void;
  /** The future auth tokens a sign-in to `phone` offers (that account's own first). */
  readFutureAuthTokens(phone: string): Promise<string[]>;
  /** Keep the token the log-out of the account with `phone` got. */
  addFutureAuthToken(phone: string, token: string): Promise<void>;
  /**
   * Keep this session's auth key until its session item is verified: written and read back
   * before the call that can sign it in. True when kept (or no keychain is there to keep it).
   */
  keepPendingKey(session: string): Promise<boolean>;
  /** The key's session item is verified (or the key was logged out): let the pending copy go. */
  releasePendingKey(session: string): Promise<void>;
  /** Resolves once the writes made so far have landed. */
  flush(): Promise<void>;
}

export function createKeychainItems(vault: SessionVault, tokens: FutureAuthTokens = createFutureAuthTokens(vault)): KeychainItems {
  const writes = { chain: Promise.resolve() };
  const write = (name: 'pending-code' | 'flood', value: string | null): void => {
    writes.chain = writes.chain.then(
      () => vault.setItem(name, value).then(() => undefined),
      () => undefined,
    );
  };
  return {
    async readPendingCode() {
      return pendingCodeOf(await vault.getItem('pending-code'));
    },
    writePendingCode(item) {
      write('pending-code', item ? JSON.stringify(item) : null);
    },
    async readFlood() {
      const item = parse(floodSchema, await vault.getItem('flood'));
      return item ? { error: { code: item.code as FlowError['code'], retryAt: item.retryAt }, phone: item.phone } : null;
    },
    writeFlood(item) {
      write('flood', item ? JSON.stringify({ ...item.error, phone: item.phone }) : null);
    },
    readFutureAuthTokens: (phone) => tokens.forPhone(phone),
    addFutureAuthToken: (phone, token) => tokens.add(phone, token),
    async keepPendingKey(session) {
      if (!(await vault.status()).available) return true;
      const kept = await vault.updateItem('pending-key', (raw) => {
        const held = parsePendingKeys(raw) ?? [];
        return held.includes(session) ? raw : serializePendingKeys([...held, session].slice(-MAX_PENDING_KEYS));
      });
      return kept.ok && (parsePendingKeys(kept.value) ?? []).includes(session);
    },
    async releasePendingKey(session) {
      await vault.updateItem('pending-key', (raw) => {
        const held = parsePendingKeys(raw);
        if (held === null || !held.includes(session)) return raw;
        const rest = held.filter((s) => s !== session);
        return rest.length > 0 ? serializePendingKeys(rest) : null;
      });
    },
    flush: () => writes.chain,
  };
}
