// Everything Gramdesk keeps in the keychain, as one read found it, and the rules read off it: which
// accounts there are, which scoped items belong to flows that are gone, whether the index lists
// exactly the session items. The vault applies the same rules to a fresh read (session-vault.ts);
// a start takes one snapshot and decides from it, so six accounts cost one keychain read, not
// a dozen. Pure.

/** Who an account is, kept beside its id so a session the server rejects can still be named. Not a secret. */
export interface AccountLabel {
  firstName: string;
  lastName: string;
  phone: string;
}

/** The index item: account ids, most recent last, the one shown last, and who each one is. */
export interface Index {
  ids: string[];
  active: string | null;
  labels: Record<string, AccountLabel>;
}

/** The index's shape, listing only the accounts that have a session item. */
export type StoredAccounts = Index;

/** App items carry this prefix, so no item is ever mistaken for a session (named by a user id). */
export const APP_ITEM_PREFIX = 'gramdesk-';
export const INDEX_ACCOUNT = 'gramdesk-index';

export interface KeychainSnapshot {
  index: Index;
  /** Every session item: user id -> session. */
  sessions: ReadonlyMap<string, string>;
  /** Every app item but the index, by its name without the prefix (`flood@3001`). */
  items: ReadonlyMap<string, string>;
}

const isLabel = (x: unknown): x is AccountLabel =>
  x !== null &&
  typeof x === 'object' &&
  ['firstName', 'lastName', 'phone'].every((k) => typeof (x as Record<string, unknown>)[k] === 'string');

/** The index as stored; an older index is a bare array of ids, an unreadable one counts as none. */
export function parseIndex(raw: string | null): Index {
  if (!raw) return { ids: [], active: null, labels: {} };
  const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((y): y is string => typeof y === 'string') : []);
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return { ids: strings(parsed), active: null, labels: {} };
    if (parsed !== null && typeof parsed === 'object') {
      const { ids, active, labels } = parsed as { ids?: unknown; active?: unknown; labels?: unknown };
      const kept: Record<string, AccountLabel> = {};
      if (labels !== null && typeof labels === 'object') {
        for (const [id, label] of Object.entries(labels)) if (isLabel(label)) kept[id] = label;
      }
      return { ids: strings(ids), active: typeof active === 'string' ? active : null, labels: kept };
    }
  } catch {
    // Unreadable: as if there were none; the session items are still found.
  }
  return { ids: [], active: null, labels: {} };
}

/** A snapshot of every item of the service, as keytar's findCredentials lists them. */
export function snapshotOf(credentials: ReadonlyArray<{ account: string; password: string }>): KeychainSnapshot {
  const sessions = new Map<string, string>();
  const items = new Map<string, string>();
  let index: string | null = null;
  for (const { account, password } of credentials) {
    if (account === INDEX_ACCOUNT) index = password;
    else if (account.startsWith(APP_ITEM_PREFIX)) items.set(account.slice(APP_ITEM_PREFIX.length), password);
    else if (password) sessions.set(account, password);
  }
  return { index: parseIndex(index), sessions, items };
}

/** The accounts with a session: the index's order first, then any session item it missed. */
export function accountsOf({ index, sessions }: KeychainSnapshot): StoredAccounts {
  const ids = [...index.ids.filter((id) => sessions.has(id)), ...[...sessions.keys()].filter((id) => !index.ids.includes(id))];
  const active = index.active !== null && ids.includes(index.active) ? index.active : null;
  return { ids, active, labels: index.labels };
}

/** Whether the index lists other ids than the session items there are (a kill between two writes). */
export function indexIsStale(snapshot: KeychainSnapshot): boolean {
  const { ids } = accountsOf(snapshot);
  const listed = snapshot.index.ids;
  return ids.length !== listed.length || ids.some((id, i) => id !== listed[i]);
}

/** Every scoped item of this name, with its scope (`pending-key@new` -> scope `new`). */
export function scopedItemsOf(snapshot: KeychainSnapshot, name: string): Array<{ scope: string; value: string }> {
  const prefix = `${name}@`;
  return [...snapshot.items].filter(([item]) => item.startsWith(prefix)).map(([item, value]) => ({ scope: item.slice(prefix.length), value }));
}

/**
 * The app items (names without the prefix) scoped to an account or sign-in not in `keep`,
 * except those whose name is in `spare`.
 */
export function itemsOutside(names: Iterable<string>, keep: readonly string[], spare: readonly string[] = []): string[] {
  return [...names].filter((item) => {
    const at = item.indexOf('@');
    return at >= 0 && !keep.includes(item.slice(at + 1)) && !spare.includes(item.slice(0, at));
  });
}
