// One account's view of the keychain, given to its login flow as the vault: the session item is
// the account's own (named by its user id), the small items (pending code, flood wait) carry the
// flow's scope (`pending-code@<user id>`, or `@new` while signing in), and a sign-in that reaches
// an account already here neither overwrites nor deletes that account's item. Future auth tokens
// are kept by phone number, not by flow (future-auth-tokens.ts): a token belongs to an account
// that logged out, and must be offered at any later sign-in to that number, whichever flow runs it.
import type { AppItemName, KeychainSnapshot, NumberItemName, ScopedItemName, SessionVault } from '../vault/session-vault';

/** The scope of a sign-in not yet an account; at start, only a lone sign-in keeps its items. */
export const SIGN_IN_SCOPE = 'new';

export interface FlowScope {
  /** Names the small items: the user id once signed in, SIGN_IN_SCOPE before. */
  items: string;
  /** The account this flow restores, once known. */
  userId: string | null;
}

export interface AccountVaultOptions {
  base: SessionVault;
  scope: FlowScope;
  /** True when `userId` is another flow's account here (its item is not this flow's to touch). */
  isOtherAccount(userId: string): boolean;
  /** The user ids signed in here (QR login excepts them). */
  signedInIds(): string[];
  /**
   * What the start's one read of the keychain found: the flow's first read of its session and of
   * each of its scoped items is answered from it instead of another round trip, and deleting an
   * item it found absent is no call at all. Each answer is used once; from then on, the keychain.
   */
  startRead?: KeychainSnapshot;
}

export function createAccountVault({ base, scope, isOtherAccount, signedInIds, startRead }: AccountVaultOptions): SessionVault {
  const scoped = (name: AppItemName | ScopedItemName | NumberItemName): AppItemName | ScopedItemName | NumberItemName =>
    name.startsWith('future-auth-tokens') || name.includes('@') ? name : `${name as AppItemName}@${scope.items}`;
  // Only the items of the scope the flow started in, which no other flow writes meanwhile.
  const startScope = scope.items;
  const startUserId = scope.userId;
  const used = new Set<string>();
  const firstRead = (key: string): boolean => {
    if (!startRead || used.has(key)) return false;
    used.add(key);
    return true;
  };
  const startItem = (name: string): { known: true; value: string | null } | { known: false } =>
    name.endsWith(`@${startScope}`) && firstRead(name) ? { known: true, value: startRead!.items.get(name) ?? null } : { known: false };
  return {
    status: () => base.status(),
    async store(userId, session) {
      // Already here: the other flow's session stays as it is, and this one is logged out.
      if (isOtherAccount(userId)) return { ok: true, value: undefined };
      const stored = await base.store(userId, session);
      if (stored.ok) scope.userId = userId;
      return stored;
    },
    async load() {
      if (scope.userId === null) return { ok: true, value: null };
      const userId = scope.userId;
      if (userId === startUserId && firstRead('session')) {
        const session = startRead!.sessions.get(userId) ?? null;
        return { ok: true, value: session === null ? null : { userId, session } };
      }
      const loaded = await base.loadSession(userId);
      if (!loaded.ok) return loaded;
      return { ok: true, value: loaded.value === null ? null : { userId, session: loaded.value } };
    },
    remove: (userId) => (isOtherAccount(userId) ? Promise.resolve({ ok: true, value: undefined }) : base.remove(userId)),
    storedUserIds: async () => signedInIds(),
    loadSession: (userId) => base.loadSession(userId),
    snapshot: () => base.snapshot(),
    setActive: (userId) => base.setActive(userId),
    setLabel: (userId, label) => base.setLabel(userId, label),
    removeScopedItems: (keep, spare) => base.removeScopedItems(keep, spare),
    repairIndex: () => base.repairIndex(),
    async getItem(name) {
      const item = startItem(scoped(name));
      return item.known ? item.value : base.getItem(scoped(name));
    },
    async setItem(name, value) {
      const item = startItem(scoped(name));
      // Absent when the start read the keychain, and not written since: nothing to delete.
      if (value === null && item.known && item.value === null) return true;
      return base.setItem(scoped(name), value);
    },
    updateItem: (name, change) => {
      startItem(scoped(name));
      return base.updateItem(scoped(name), change);
    },
  };
}
