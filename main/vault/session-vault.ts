// The only place a session is kept: the OS keychain (keytar over the Secret Service on Linux),
// one item per account, never a file. keytar is an optional native dependency, so it is loaded
// lazily inside try/catch; when it or the keychain is missing the vault says so (and why) and the
// app signs in without remembering anyone.
//
// The session string is a secret: it is never logged, never put in an error or a reason, and
// every keytar failure becomes a typed result instead of a thrown error that might carry it.
import { createRequire } from 'node:module';
import type { KeychainStatus } from '../../common/contract';
import { withTimeout } from '../with-timeout';
import {
  accountsOf,
  APP_ITEM_PREFIX,
  INDEX_ACCOUNT,
  indexIsStale,
  itemsOutside,
  parseIndex,
  snapshotOf,
  type AccountLabel,
  type Index,
  type KeychainSnapshot,
} from './keychain-snapshot';

export type { AccountLabel, KeychainSnapshot, StoredAccounts } from './keychain-snapshot';

/** The slice of keytar's API the vault uses. */
interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type VaultErrorCode = 'UNAVAILABLE' | 'WRITE_FAILED' | 'READBACK_MISMATCH' | 'READ_FAILED' | 'DELETE_FAILED';
export type VaultResult<T> = { ok: true; value: T } | { ok: false; error: VaultErrorCode };

export interface StoredSession {
  userId: string;
  session: string;
}

export interface SessionVault {
  /** Whether a keychain can be used, and if not, why (shown to the person). Probed once, then cached. */
  status(): Promise<KeychainStatus>;
  /** Write the session, read it back and compare; ok only when the keychain really holds it. */
  store(userId: string, session: string): Promise<VaultResult<void>>;
  /** The most recently stored account's session, or null when there is none. */
  load(): Promise<VaultResult<StoredSession | null>>;
  /** Delete the account's item (ok when there was none). */
  remove(userId: string): Promise<VaultResult<void>>;
  /** The accounts with a stored session (ids, oldest first). */
  storedUserIds(): Promise<string[]>;
  /** This account's stored session, or null when it has none. */
  loadSession(userId: string): Promise<VaultResult<string | null>>;
  /**
   * Every item of the service in one read; keychain-snapshot.ts reads off it which accounts have
   * a session here (the index, plus any session item it missed) and the scoped items there are.
   */
  snapshot(): Promise<VaultResult<KeychainSnapshot>>;
  /** Remember the account shown, for the next start. */
  setActive(userId: string): Promise<boolean>;
  /** Remember who the account is, so a start can name it even when its session is rejected. */
  setLabel(userId: string, label: AccountLabel): Promise<boolean>;
  /**
   * Delete every app item scoped to an account or sign-in not in `keep` (see ScopedItemName),
   * except items named in `spare` (the pending keys, which only the start's repair settles).
   */
  removeScopedItems(keep: readonly string[], spare?: readonly AppItemName[]): Promise<boolean>;
  /**
   * Make the index list exactly the session items there are: ids whose item went (a kill
   * between deleting a session and rewriting the index) are dropped, items it missed are added.
   * The number of ids dropped.
   */
  repairIndex(): Promise<VaultResult<number>>;
  /**
   * Small app items kept beside the sessions (future auth tokens, a flood deadline, a pending
   * code): one keychain item each, named `gramdesk-<name>`, never mistaken for a session.
   */
  getItem(name: AppItemName | ScopedItemName | NumberItemName): Promise<string | null>;
  /** Write (or, with null, delete) an app item; false when the keychain could not take it. */
  setItem(name: AppItemName | ScopedItemName | NumberItemName, value: string | null): Promise<boolean>;
  /**
   * Read, change and write an app item with no other call of this vault in between (two flows
   * may share a scope for a moment: one stopping, the next starting), then read it back. The item
   * as read back; not ok when the keychain could not take it or holds something else.
   */
  updateItem(name: AppItemName | ScopedItemName | NumberItemName, change: (current: string | null) => string | null): Promise<VaultResult<string | null>>;
}

/** The app items the vault keeps besides sessions. */
export type AppItemName = 'future-auth-tokens' | 'flood' | 'pending-code' | 'pending-key' | 'proxy-secrets' | 'connection';

/** An app item of one account (or of a sign-in in progress): `<name>@<scope>`. */
export type ScopedItemName = `${AppItemName}@${string}`;

/** An app item of a phone number, kept after its account left (its future auth tokens): `<name>#<digits>`. */
export type NumberItemName = `future-auth-tokens#${string}`;

export interface SessionVaultOptions {
  /** Keychain service name; demo and production use different ones so their sessions never mix. */
  service: string;
  /** Force "no keychain" (GRAMDESK_KEYCHAIN=off), with this reason. */
  disabledReason?: string;
  /** How long the availability probe may take before the keychain counts as missing. */
  probeTimeoutMs?: number;
}

export const PRODUCTION_SERVICE = 'Gramdesk';
export const DEMO_SERVICE = 'Gramdesk (demo)';

function loadKeytar(): { keytar: Keytar } | { reason: string } {
  try {
    // createRequire: keytar is a CommonJS native module and must stay external to any bundle.
    const require = createRequire(import.meta.url);
    const mod = require('keytar') as Keytar & { default?: Keytar };
    return { keytar: typeof mod.getPassword === 'function' ? mod : (mod.default as Keytar) };
  } catch {
    return { reason: 'keytar is not installed' };
  }
}

const keychainTimeout = () => new Error('timed out');
const keychainError = (error: unknown) => (error instanceof Error ? error : new Error('keychain call failed'));

/**
 * A reason safe to show. The probe only reads the index item (never a session), so keytar's
 * message says what is missing (no bus, no daemon) and holds no secret.
 */
function describeProbeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message.slice(0, 160) : '';
  if (message === 'timed out') return 'the Secret Service did not answer';
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session bus';
  if (process.platform === 'linux') return `no Secret Service on the session bus${message ? `: ${message}` : ''}`;
  return `the keychain could not be reached${message ? `: ${message}` : ''}`;
}

export function createSessionVault(options: SessionVaultOptions): SessionVault {
  const { service } = options;
  const probeTimeoutMs = options.probeTimeoutMs ?? 5000;
  let statusPromise: Promise<KeychainStatus> | null = null;
  let keytar: Keytar | null = null;
  // keytar calls are serialized so the index item is never updated by two writers at once.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  async function probe(): Promise<KeychainStatus> {
    if (options.disabledReason) return { available: false, reason: options.disabledReason };
    const loaded = loadKeytar();
    if ('reason' in loaded) return { available: false, reason: loaded.reason };
    try {
      // A harmless read: it fails when there is no bus or no Secret Service behind it.
      await withTimeout(loaded.keytar.getPassword(service, INDEX_ACCOUNT), probeTimeoutMs, keychainTimeout, keychainError);
      keytar = loaded.keytar;
      return { available: true };
    } catch (error) {
      return { available: false, reason: describeProbeFailure(error) };
    }
  }

  function status(): Promise<KeychainStatus> {
    statusPromise ??= probe();
    return statusPromise;
  }

  async function ready(): Promise<Keytar | null> {
    const s = await status();
    return s.available ? keytar : null;
  }

  const readFullIndex = async (kt: Keytar): Promise<Index> => parseIndex(await kt.getPassword(service, INDEX_ACCOUNT));
  const readSnapshot = async (kt: Keytar): Promise<KeychainSnapshot> => snapshotOf(await kt.findCredentials(service));

  const readIndex = async (kt: Keytar): Promise<string[]> => (await readFullIndex(kt)).ids;

  /** Write the index with these ids, from `current` as the caller just read it. */
  async function writeIndex(kt: Keytar, current: Index, ids: string[], change: { active?: string; label?: [string, AccountLabel] } = {}): Promise<void> {
    const shown = change.active ?? current.active;
    const all = change.label ? { ...current.labels, [change.label[0]]: change.label[1] } : current.labels;
    const labels = Object.fromEntries(ids.flatMap((id) => (all[id] ? [[id, all[id]]] : [])));
    if (ids.length === 0) await kt.deletePassword(service, INDEX_ACCOUNT);
    else {
      const index: Index = { ids, active: shown !== null && ids.includes(shown) ? shown : null, labels };
      await kt.setPassword(service, INDEX_ACCOUNT, JSON.stringify(index));
    }
  }

  /** Change the index's active id or a label, for an account that is in it. */
  const changeIndex = (userId: string, change: { active?: string; label?: [string, AccountLabel] }) =>
    serialized(async (): Promise<boolean> => {
      const kt = await ready();
      if (!kt) return false;
      try {
        const current = await readFullIndex(kt);
        if (!current.ids.includes(userId)) return false;
        // Every restore names its account again: the same name costs no write.
        const same = (a: AccountLabel | undefined, b: AccountLabel) => a?.firstName === b.firstName && a.lastName === b.lastName && a.phone === b.phone;
        const unchanged =
          (change.active === undefined || change.active === current.active) && (change.label === undefined || same(current.labels[change.label[0]], change.label[1]));
        if (!unchanged) await writeIndex(kt, current, current.ids, change);
        return true;
      } catch {
        return false;
      }
    });

  return {
    status,

    store: (userId, session) =>
      serialized(async (): Promise<VaultResult<void>> => {
        const kt = await ready();
        if (!kt) return { ok: false, error: 'UNAVAILABLE' };
        try {
          await kt.setPassword(service, userId, session);
        } catch {
          return { ok: false, error: 'WRITE_FAILED' };
        }
        let readBack: string | null;
        try {
          readBack = await kt.getPassword(service, userId);
        } catch {
          return { ok: false, error: 'READ_FAILED' };
        }
        if (readBack !== session) return { ok: false, error: 'READBACK_MISMATCH' };
        try {
          const current = await readFullIndex(kt);
          await writeIndex(kt, current, [...current.ids.filter((id) => id !== userId), userId]);
        } catch {
          // The session itself is stored and verified; `load` falls back to scanning the items.
        }
        return { ok: true, value: undefined };
      }),

    load: () =>
      serialized(async (): Promise<VaultResult<StoredSession | null>> => {
        const kt = await ready();
        if (!kt) return { ok: false, error: 'UNAVAILABLE' };
        try {
          const ids = await readIndex(kt);
          for (const userId of [...ids].reverse()) {
            const session = await kt.getPassword(service, userId);
            if (session) return { ok: true, value: { userId, session } };
          }
          // No (usable) index: any account item will do.
          const [item] = (await readSnapshot(kt)).sessions;
          return { ok: true, value: item ? { userId: item[0], session: item[1] } : null };
        } catch {
          return { ok: false, error: 'READ_FAILED' };
        }
      }),

    remove: (userId) =>
      serialized(async (): Promise<VaultResult<void>> => {
        const kt = await ready();
        if (!kt) return { ok: false, error: 'UNAVAILABLE' };
        try {
          await kt.deletePassword(service, userId);
          if ((await kt.getPassword(service, userId)) !== null) return { ok: false, error: 'DELETE_FAILED' };
        } catch {
          return { ok: false, error: 'DELETE_FAILED' };
        }
        try {
          const current = await readFullIndex(kt);
          await writeIndex(kt, current, current.ids.filter((id) => id !== userId));
        } catch {
          // The item is gone; a stale index entry is skipped by `load`.
        }
        return { ok: true, value: undefined };
      }),

    storedUserIds: () =>
      serialized(async (): Promise<string[]> => {
        const kt = await ready();
        if (!kt) return [];
        try {
          return await readIndex(kt);
        } catch {
          return [];
        }
      }),

    loadSession: (userId) =>
      serialized(async (): Promise<VaultResult<string | null>> => {
        const kt = await ready();
        if (!kt) return { ok: false, error: 'UNAVAILABLE' };
        try {
          return { ok: true, value: await kt.getPassword(service, userId) };
        } catch {
          return { ok: false, error: 'READ_FAILED' };
        }
      }),

    snapshot: () =>
      serialized(async (): Promise<VaultResult<KeychainSnapshot>> => {
        const kt = await ready();
        if (!kt) return { ok: false, error: 'UNAVAILABLE' };
        try {
          return { ok: true, value: await readSnapshot(kt) };
        } catch {
          return { ok: false, error: 'READ_FAILED' };
        }
      }),

    setActive: (userId) => changeIndex(userId, { active: userId }),
    setLabel: (userId, label) => changeIndex(userId, { label: [userId, label] }),

    removeScopedItems: (keep, spare = []) =>
      serialized(async (): Promise<boolean> => {
        const kt = await ready();
        if (!kt) return false;
        try {
          const { items } = await readSnapshot(kt);
          for (const item of itemsOutside(items.keys(), keep, spare)) await kt.deletePassword(service, APP_ITEM_PREFIX + item);
          return true;
        } catch {
          return false;
        }
      }),

    repairIndex: () =>
      serialized(async (): Promise<VaultResult<number>> => {
        const kt = await ready();
        if (!kt) return { ok: false, error: 'UNAVAILABLE' };
        try {
          const seen = await readSnapshot(kt);
          const { ids } = accountsOf(seen);
          if (indexIsStale(seen)) await writeIndex(kt, seen.index, ids);
          return { ok: true, value: seen.index.ids.filter((id) => !seen.sessions.has(id)).length };
        } catch {
          return { ok: false, error: 'WRITE_FAILED' };
        }
      }),

    getItem: (name) =>
      serialized(async (): Promise<string | null> => {
        const kt = await ready();
        if (!kt) return null;
        try {
          return await kt.getPassword(service, APP_ITEM_PREFIX + name);
        } catch {
          return null;
        }
      }),

    updateItem: (name, change) =>
      serialized(async (): Promise<VaultResult<string | null>> => {
        const kt = await ready();
        if (!kt) return { ok: false, error: 'UNAVAILABLE' };
        const account = APP_ITEM_PREFIX + name;
        try {
          const current = await kt.getPassword(service, account);
          const next = change(current);
          if (next === current) return { ok: true, value: current };
          if (next === null) await kt.deletePassword(service, account);
          else await kt.setPassword(service, account, next);
          const readBack = await kt.getPassword(service, account);
          return readBack === next ? { ok: true, value: next } : { ok: false, error: 'READBACK_MISMATCH' };
        } catch {
          return { ok: false, error: 'WRITE_FAILED' };
        }
      }),

    setItem: (name, value) =>
      serialized(async (): Promise<boolean> => {
        const kt = await ready();
        if (!kt) return false;
        try {
          if (value === null) await kt.deletePassword(service, APP_ITEM_PREFIX + name);
          else await kt.setPassword(service, APP_ITEM_PREFIX + name, value);
          return true;
        } catch {
          return false;
        }
      }),
  };
}
