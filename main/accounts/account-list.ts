// The account list's own state: which accounts are here, which one is shown, whether a sign-in
// for another account is in progress (an "adding" entry, which becomes an account once signed
// in), and what the person was last told about the list. A pure reducer: the accounts service
// (accounts-service.ts) feeds it what the per-account flows report and reconciles the flows
// with the entries it leaves (a flow whose entry went is stopped).
import type { AccountNotice, AccountStatus, AccountsView } from '../../common/account-list';
import type { FlowErrorCode, SignedInUser } from '../../common/login-state';
import type { AccountLabel } from '../vault/session-vault';

/** One flow's place in the list: `key` names the flow for as long as it lives. */
export type AccountEntry =
  | {
      kind: 'account';
      key: string;
      /** The Telegram user id: the keychain item's name and what the renderer names it by. */
      id: string;
      /** Who it is, once the server said (a restored account is null until its session is checked). */
      user: SignedInUser | null;
      /** Who it was when last seen here, to name it before (or without) the server's answer. */
      label: AccountLabel | null;
      status: AccountStatus;
    }
  | { kind: 'adding'; key: string; status: AccountStatus };

export interface AccountListState {
  entries: AccountEntry[];
  /** The entry whose flow is shown; null only before start. */
  activeKey: string | null;
  /** What was shown before an add began, to return to when it is cancelled. */
  previousKey: string | null;
  notice: AccountNotice | null;
  max: number;
  /** Keys of adding entries are made from this counter, so a key is never reused. */
  nextAdd: number;
}

export type AccountListEvent =
  /**
   * Start: the accounts stored here (none: one sign-in), and the one shown last; `interrupted`
   * when the start had to log out a sign-in that a kill left open; `resumeAdd` when an account
   * was being added and its code step can be returned to (shown, with the accounts behind it).
   */
  | {
      type: 'restore';
      ids: readonly string[];
      active: string | null;
      labels?: Readonly<Record<string, AccountLabel>>;
      interrupted?: boolean;
      resumeAdd?: boolean;
    }
  /** A restored account's session was accepted by the server. */
  | { type: 'restored'; key: string; user: SignedInUser }
  /** "Add account": a sign-in for another account starts (refused with a notice at the cap). */
  | { type: 'add' }
  | { type: 'cancel_add' }
  /** An adding entry's sign-in finished: it becomes an account, or (already here) gives way to it. */
  | { type: 'signed_in'; key: string; user: SignedInUser }
  | { type: 'switch'; id: string }
  /** The account left (logged out here): it goes; the last one stays as the sign-in it returned to. */
  | { type: 'remove'; key: string }
  /** The server rejected the account's session: it goes and the person is told why. */
  | { type: 'reject'; key: string; reason: FlowErrorCode }
  | { type: 'status'; key: string; status: AccountStatus }
  | { type: 'dismiss_notice' };

/** Telegram Desktop's own limit with Premium; each account holds a connection of its own. */
export const MAX_ACCOUNTS = 6;

export function initialAccountList(max: number = MAX_ACCOUNTS): AccountListState {
  return { entries: [], activeKey: null, previousKey: null, notice: null, max, nextAdd: 1 };
}

/** Whether another account may be added beside `accounts` signed in: the cap's one rule. */
export const hasRoomFor = (accounts: number, max: number): boolean => accounts < max;

const accountsOf = (state: AccountListState) =>
  state.entries.filter((e): e is Extract<AccountEntry, { kind: 'account' }> => e.kind === 'account');

export const addingEntry = (state: AccountListState): Extract<AccountEntry, { kind: 'adding' }> | null =>
  state.entries.find((e): e is Extract<AccountEntry, { kind: 'adding' }> => e.kind === 'adding') ?? null;

export function entryOf(state: AccountListState, key: string): AccountEntry | null {
  return state.entries.find((e) => e.key === key) ?? null;
}

export function accountById(state: AccountListState, id: string): Extract<AccountEntry, { kind: 'account' }> | null {
  return accountsOf(state).find((e) => e.id === id) ?? null;
}

function newAdding(state: AccountListState): { state: AccountListState; key: string } {
  const key = `adding-${state.nextAdd}`;
  return {
    key,
    state: { ...state, entries: [...state.entries, { kind: 'adding', key, status: 'connecting' }], nextAdd: state.nextAdd + 1 },
  };
}

/** The entry to show once `key` is gone: what was shown before an add, else the last account. */
function fallbackKey(entries: readonly AccountEntry[], previousKey: string | null): string | null {
  if (previousKey !== null && entries.some((e) => e.key === previousKey)) return previousKey;
  const accounts = entries.filter((e) => e.kind === 'account');
  return accounts.at(-1)?.key ?? entries.at(-1)?.key ?? null;
}

/** Who the entry is: the server's answer, else what was kept from the last time. */
const whoOf = (entry: Extract<AccountEntry, { kind: 'account' }>): AccountLabel | null => entry.user ?? entry.label;

const nameOf = (entry: Extract<AccountEntry, { kind: 'account' }>) => {
  const who = whoOf(entry);
  return who ? `${who.firstName} ${who.lastName}`.trim() : '';
};

/** Drop `key`; the last account instead turns back into the sign-in its flow now shows. */
function leave(state: AccountListState, key: string, notice: AccountNotice | null): AccountListState {
  const others = state.entries.filter((e) => e.key !== key);
  if (others.length === 0) {
    // The flow stays: its phone step (with the reason, if any) is the screen, as with one account.
    return { ...state, entries: [{ kind: 'adding', key, status: 'connected' }], activeKey: key, previousKey: null, notice: null };
  }
  const activeKey = state.activeKey === key ? fallbackKey(others, state.previousKey) : state.activeKey;
  return { ...state, entries: others, activeKey, previousKey: state.previousKey === key ? null : state.previousKey, notice };
}

export function reduceAccountList(state: AccountListState, event: AccountListEvent): AccountListState {
  switch (event.type) {
    case 'restore': {
      if (state.entries.length > 0) return state;
      const notice: AccountNotice | null = event.interrupted ? { kind: 'interrupted_sign_in_ended' } : null;
      if (event.ids.length === 0) {
        const added = newAdding(state);
        return { ...added.state, activeKey: added.key, notice };
      }
      const entries: AccountEntry[] = event.ids.map((id) => ({
        kind: 'account',
        key: id,
        id,
        user: null,
        label: event.labels?.[id] ?? null,
        status: 'connecting',
      }));
      const active = event.active !== null && event.ids.includes(event.active) ? event.active : event.ids.at(-1)!;
      if (event.resumeAdd && hasRoomFor(entries.length, state.max)) {
        const added = newAdding({ ...state, entries });
        return { ...added.state, activeKey: added.key, previousKey: active, notice };
      }
      return { ...state, entries, activeKey: active, notice };
    }

    case 'restored':
      return {
        ...state,
        entries: state.entries.map((e) => (e.key === event.key && e.kind === 'account' ? { ...e, user: event.user, id: event.user.id } : e)),
      };

    case 'add': {
      const adding = addingEntry(state);
      if (adding) return { ...state, activeKey: adding.key, notice: null };
      if (!hasRoomFor(accountsOf(state).length, state.max)) return { ...state, notice: { kind: 'limit_reached', max: state.max } };
      const added = newAdding(state);
      return { ...added.state, activeKey: added.key, previousKey: state.activeKey, notice: null };
    }

    case 'cancel_add': {
      const adding = addingEntry(state);
      // With no account here, the sign-in is all there is: nothing to go back to.
      if (!adding || accountsOf(state).length === 0) return state;
      const entries = state.entries.filter((e) => e !== adding);
      return { ...state, entries, activeKey: fallbackKey(entries, state.previousKey), previousKey: null, notice: null };
    }

    case 'signed_in': {
      const entry = entryOf(state, event.key);
      if (!entry || entry.kind !== 'adding') return state;
      const existing = accountById(state, event.user.id);
      if (existing) {
        const entries = state.entries.filter((e) => e !== entry);
        return {
          ...state,
          entries,
          activeKey: existing.key,
          previousKey: null,
          notice: { kind: 'already_signed_in', id: existing.id, name: nameOf(existing) || nameOf({ ...existing, user: event.user }) },
        };
      }
      const account: AccountEntry = { kind: 'account', key: entry.key, id: event.user.id, user: event.user, label: null, status: entry.status };
      return {
        ...state,
        entries: state.entries.map((e) => (e === entry ? account : e)),
        activeKey: entry.key,
        previousKey: null,
      };
    }

    case 'switch': {
      const target = accountById(state, event.id);
      if (!target) return state;
      // Switching away from a sign-in in progress abandons it.
      const entries = state.entries.filter((e) => e.kind === 'account');
      return { ...state, entries, activeKey: target.key, previousKey: null, notice: null };
    }

    case 'remove': {
      const entry = entryOf(state, event.key);
      return entry?.kind === 'account' ? leave(state, event.key, state.notice) : state;
    }

    case 'reject': {
      const entry = entryOf(state, event.key);
      if (entry?.kind !== 'account') return state;
      return leave(state, event.key, { kind: 'removed', name: nameOf(entry), phone: whoOf(entry)?.phone ?? '', reason: event.reason });
    }

    case 'status': {
      const entry = entryOf(state, event.key);
      if (!entry || entry.status === event.status) return state;
      return { ...state, entries: state.entries.map((e) => (e === entry ? { ...e, status: event.status } : e)) };
    }

    case 'dismiss_notice':
      return state.notice === null ? state : { ...state, notice: null };
  }
}

/** What the renderer sees of the list: signed-in accounts by name, phone and connection, no keys. */
export function projectAccountList(state: AccountListState): AccountsView {
  return {
    list: accountsOf(state).map((e) => ({
      id: e.id,
      firstName: whoOf(e)?.firstName ?? '',
      lastName: whoOf(e)?.lastName ?? '',
      phone: whoOf(e)?.phone ?? '',
      status: e.status,
      active: e.key === state.activeKey,
    })),
    adding: state.activeKey !== null && entryOf(state, state.activeKey)?.kind === 'adding',
    max: state.max,
    notice: state.notice,
  };
}
