// What a kill can leave in the keychain, and how a start (or a flow that stops) settles it.
//
// A call that can sign an auth key in runs only once the key is kept as pending
// (`pending-key@<scope>`), and the pending copy goes only once the account's session item is
// read back holding it, or the server has ended it. So a pending key that no session item holds
// may be signed in on the server with nothing else here to end it: it is asked who it is, and
// logged out if it is someone. A key the server doesn't know (never signed in, or already logged
// out) just goes; one the server couldn't be asked about stays for the next start. The index is
// made to list exactly the session items there are.
import { isSessionGone } from '../telegram/flow-error-sources';
import { withTimeout } from '../with-timeout';
import type { TelegramGateway } from '../telegram/telegram-gateway';
import { createKeychainItems, parsePendingKeys, serializePendingKeys } from '../vault/keychain-items';
import { scopedItemsOf } from '../vault/keychain-snapshot';
import type { KeychainSnapshot, SessionVault } from '../vault/session-vault';

/** What became of one pending key. */
export type PendingKeyFate =
  /** A session item holds it: only the pending copy goes. */
  | 'stored'
  /** The server had it signed in; it was logged out. */
  | 'ended'
  /** The server has no sign-in on it: nothing to end. */
  | 'unsigned'
  /** The server couldn't be asked: kept for the next start. */
  | 'unreachable';

export interface PendingKeyItem {
  scope: string;
  /** The item's text as stored (possibly unreadable). */
  value: string;
}

export interface PendingKeyPlan {
  scope: string;
  /** The item can't be read: it goes, there is nothing in it to settle. */
  unreadable: boolean;
  /** Keys a session item holds (their copy just goes). */
  stored: string[];
  /** Keys to ask the server about. */
  check: string[];
}

/** Which pending keys need the server, from the items and the sessions stored here. Pure. */
export function planPendingKeys(items: readonly PendingKeyItem[], storedSessions: ReadonlySet<string>): PendingKeyPlan[] {
  return items.map(({ scope, value }) => {
    const sessions = parsePendingKeys(value);
    if (sessions === null) return { scope, unreadable: true, stored: [], check: [] };
    const unique = [...new Set(sessions)];
    return {
      scope,
      unreadable: false,
      stored: unique.filter((s) => storedSessions.has(s)),
      check: unique.filter((s) => !storedSessions.has(s)),
    };
  });
}

/** Ask the server who `session` is, and log it out if it is someone. */
export async function settleKey(
  gateway: TelegramGateway,
  session: string,
): Promise<{ fate: Exclude<PendingKeyFate, 'stored'>; futureAuthToken: string | null; phone: string }> {
  await gateway.connection.useSession(session);
  const self = await gateway.users.getSelf();
  if (!self.ok) return { fate: isSessionGone(self.error.code) ? 'unsigned' : 'unreachable', futureAuthToken: null, phone: '' };
  const out = await gateway.auth.logOut();
  // The token is the account's own: kept under its number (future-auth-tokens.ts).
  if (out.ok) return { fate: 'ended', futureAuthToken: out.value.futureAuthToken, phone: self.value.phone };
  return { fate: isSessionGone(out.error.code) ? 'unsigned' : 'unreachable', futureAuthToken: null, phone: '' };
}

const UNREACHABLE = { fate: 'unreachable', futureAuthToken: null, phone: '' } as const;

export interface PendingKeysOutcome {
  /** Authorizations a kill had left signed in, now logged out. */
  ended: number;
  /** Keys kept for the next start (the server couldn't be asked). */
  kept: number;
  /** Index entries whose session item was gone. */
  staleIndex: number;
}

export interface SettleOptions {
  vault: SessionVault;
  /** The connection to ask the server on (its own session is replaced). */
  gateway: TelegramGateway;
  /** Only these scopes (a flow that stops); every scope by default (a start). */
  scopes?: readonly string[];
  /**
   * How long the server may take over all the keys (ms): a start waits for this, so a server
   * that can't be reached costs a bounded delay, and the keys not settled by then are kept.
   */
  withinMs?: number;
  /** The keychain as the caller just read it (a start), instead of reading it again. */
  seen?: KeychainSnapshot;
}

/** A start waits at most this long for the server's answers about the keys a kill left. */
export const SETTLE_WITHIN_MS = 5_000;

/** Settle the pending keys (and, at a start, the index) a kill or a stopped flow left. */
export async function settlePendingKeys({ vault, gateway, scopes, withinMs = SETTLE_WITHIN_MS, seen }: SettleOptions): Promise<PendingKeysOutcome> {
  const deadline = Date.now() + withinMs;
  const outcome: PendingKeysOutcome = { ended: 0, kept: 0, staleIndex: 0 };
  const read = seen ? { ok: true as const, value: seen } : await vault.snapshot();
  if (!read.ok) return outcome;
  const items = scopedItemsOf(read.value, 'pending-key').filter((item) => !scopes || scopes.includes(item.scope));
  const stored = new Set(read.value.sessions.values());
  const tokens = createKeychainItems(vault);
  for (const plan of planPendingKeys(items, stored)) {
    const kept: string[] = [];
    let ended = false;
    for (const session of plan.check) {
      const left = deadline - Date.now();
      const settled =
        left > 0
          ? await withTimeout(settleKey(gateway, session), left, () => new Error('timed out')).catch(() => UNREACHABLE)
          : UNREACHABLE;
      if (settled.fate === 'unreachable') kept.push(session);
      if (settled.fate === 'ended') {
        ended = true;
        outcome.ended += 1;
        if (settled.futureAuthToken) await tokens.addFutureAuthToken(settled.phone, settled.futureAuthToken);
      }
    }
    outcome.kept += kept.length;
    // The code step of a key that was signed in is over: its code was used.
    if (ended) await vault.setItem(`pending-code@${plan.scope}`, null);
    // Only the keys settled here go: a flow starting in the same scope meanwhile keeps its own.
    const settled = new Set([...plan.stored, ...plan.check.filter((s) => !kept.includes(s))]);
    await vault.updateItem(`pending-key@${plan.scope}`, (raw) => {
      if (plan.unreadable && raw !== null && parsePendingKeys(raw) === null) return null;
      const rest = (parsePendingKeys(raw) ?? []).filter((s) => !settled.has(s));
      return rest.length > 0 ? serializePendingKeys(rest) : null;
    });
  }
  if (!scopes) {
    const repaired = await vault.repairIndex();
    if (repaired.ok) outcome.staleIndex = repaired.value;
  }
  return outcome;
}
