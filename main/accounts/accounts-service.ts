// Several accounts side by side, one login flow each: every account (and a sign-in for another
// one) has its own login service, its own gateway connection to its home DC and its own keychain
// scope (account-vault.ts). The list's own state is the pure reducer in account-list.ts; this
// file feeds it what each flow reports, starts and stops flows to match its entries, and pushes
// the shown flow's LoginState with the list's projection beside it.
//
// The intents of the login flow go to the shown account's flow; the account intents are answered
// here. At start the shown account restores first: what the person looks at is answered as soon
// as with one account, and the others (in parallel with each other) follow. Accounts not shown
// keep their connection, so switching is a push, not a reconnect. Each
// signed-in account's session is checked now and then (and when its connection comes back), so
// one ended elsewhere leaves the list with the reason while another is shown.
import type { AccountStatus } from '../../common/account-list';
import type { CallResult, IntentArgs, AccountIntentName, LoginIntentName } from '../../common/contract';
import { normalizePhone } from '../../common/input-normalizers';
import type { LoginState, SignedInUser } from '../../common/login-state';
import { createLoginService, type LoginIntentHandlers, type LoginService, type LoginServiceOptions } from '../login/login-service';
import { INTENT_OPERATIONS } from '../login/intents';
import { isSessionGone } from '../telegram/flow-error-sources';
import type { TelegramGateway } from '../telegram/telegram-gateway';
import { createFutureAuthTokens } from '../vault/future-auth-tokens';
import { isResumable, PENDING_CODE_TTL_MS, pendingCodeOf } from '../vault/keychain-items';
import { accountsOf, indexIsStale, itemsOutside, scopedItemsOf } from '../vault/keychain-snapshot';
import type { AccountLabel, KeychainSnapshot, SessionVault } from '../vault/session-vault';
import { withTimeout } from '../with-timeout';
import {
  accountById,
  addingEntry,
  entryOf,
  hasRoomFor,
  initialAccountList,
  projectAccountList,
  reduceAccountList,
  type AccountListEvent,
  type AccountListState,
} from './account-list';
import { createAccountVault, SIGN_IN_SCOPE, type FlowScope } from './account-vault';
import { settlePendingKeys, type PendingKeysOutcome } from './pending-keys';

export interface AccountsServiceOptions extends Omit<LoginServiceOptions, 'gateway' | 'vault'> {
  /** A new gateway with a connection of its own (one per flow). */
  newGateway(): TelegramGateway;
  vault: SessionVault;
  /** How many accounts may be signed in at once. */
  max?: number;
  /**
   * How often every signed-in account's session is checked with the server (ms; 0: never), so an
   * account whose session was ended elsewhere leaves the list while it is not shown.
   */
  sessionCheckMs?: number;
}

export type AccountIntentHandlers = {
  [N in AccountIntentName]: Record<string, never> extends IntentArgs<N>
    ? (args?: IntentArgs<N>) => Promise<CallResult<null>>
    : (args: IntentArgs<N>) => Promise<CallResult<null>>;
};

export type AccountsService = LoginIntentHandlers &
  AccountIntentHandlers & {
    getState(): LoginState;
    onState(listener: (state: LoginState) => void): () => void;
    /** Restore every stored account, the shown one first and then the others in parallel (or start the one sign-in). Call once. */
    start(): Promise<void>;
    /** Resolves when no flow runs an action and their keychain writes have landed. */
    idle(): Promise<void>;
    /** Every flow's gateway (the proxy settings reopen each one's connection). */
    gateways(): TelegramGateway[];
    /**
     * The connection the app's own help calls (the sign-in hints) ride on: a signed-in account's
     * that is up, else any flow's; null before start.
     */
    helpGateway(): TelegramGateway | null;
    /** Stop every flow and close every connection. */
    dispose(): Promise<void>;
  };

interface Flow {
  key: string;
  gateway: TelegramGateway;
  service: LoginService;
  scope: FlowScope;
  /** The flow's start-up (restoring its session, or its sign-in's first step). */
  started: Promise<void>;
  stop(): void;
}

/**
 * How long the shown account has a start to itself: the others begin once it is answered, or
 * after this long if it is not, so its DC being down or slow never holds them back.
 */
const HEAD_START_MS = 1_000;

/** Often enough that an account ended elsewhere goes within a minute; one tiny call per account. */
const SESSION_CHECK_MS = 60_000;

const OK: CallResult<null> = { ok: true, value: null };
const NOT_NOW: CallResult<null> = { ok: false, error: 'NOT_NOW' };

const labelOf = ({ firstName, lastName, phone }: SignedInUser): AccountLabel => ({ firstName, lastName, phone });

function statusOf(state: LoginState): AccountStatus {
  if (state.offline) return 'offline';
  return state.step === 'starting' ? 'connecting' : 'connected';
}

export function createAccountsService(options: AccountsServiceOptions): AccountsService {
  const { newGateway, vault, max, sessionCheckMs = SESSION_CHECK_MS, ...flowOptions } = options;
  const now = flowOptions.now ?? Date.now;
  const pendingCodeTtlMs = flowOptions.pendingCodeTtlMs ?? PENDING_CODE_TTL_MS;
  const flows = new Map<string, Flow>();
  const listeners = new Set<(state: LoginState) => void>();
  const list: {
    state: AccountListState;
    view: LoginState;
    disposed: boolean;
    checkTimer: ReturnType<typeof setTimeout> | null;
    startRead: KeychainSnapshot | null;
    /** While a restore starts its flows: what the accounts not shown wait for before they start. */
    headStart: Promise<void> | null;
  } = {
    state: initialAccountList(max),
    view: { step: 'starting' },
    disposed: false,
    checkTimer: null,
    startRead: null,
    headStart: null,
  };
  const stopping = new Set<Promise<void>>();
  // The index's writes (who an account is, the one shown) are off the screen's path, but idle()
  // and dispose() wait for them: a quit right after a sign-in or a switch still remembers it.
  const indexWrites = new Set<Promise<unknown>>();
  const remember = (write: Promise<unknown>): void => {
    const tracked = write.catch(() => undefined);
    indexWrites.add(tracked);
    void tracked.finally(() => indexWrites.delete(tracked));
  };
  // One for every flow: a number's tokens are whichever flow signs in to it next.
  const futureAuthTokens = createFutureAuthTokens(vault);

  function push(): void {
    const key = list.state.activeKey;
    const flow = key === null ? undefined : flows.get(key);
    list.view = { ...(flow ? flow.service.getState() : { step: 'starting' as const }), accounts: projectAccountList(list.state) };
    for (const listener of [...listeners]) {
      try {
        listener(list.view);
      } catch {
        // A failing listener must not break the list or the other listeners.
      }
    }
  }

  /** Apply an event to the list, then start or stop flows to match it, then push. */
  function dispatch(event: AccountListEvent): void {
    const prev = list.state;
    const next = reduceAccountList(prev, event);
    if (next === prev) return;
    list.state = next;
    for (const flow of [...flows.values()]) {
      const entry = entryOf(next, flow.key);
      // A sign-in that reached an account already here holds a second session: it is logged out.
      // One stopped before signing in (caught by its number) has nothing to log out.
      const duplicate = event.type === 'signed_in' && event.key === flow.key && flow.service.getState().step === 'signed_in';
      if (!entry) stopFlow(flow, { logOutDuplicate: duplicate });
      else if (entry.kind === 'adding' && entryOf(prev, flow.key)?.kind === 'account') rescope(flow, SIGN_IN_SCOPE, null);
    }
    for (const entry of next.entries) if (!flows.has(entry.key)) startFlow(entry.key, entry.kind === 'account' ? entry.id : null);
    const active = next.activeKey !== null ? entryOf(next, next.activeKey) : null;
    if (active?.kind === 'account' && active.key !== prev.activeKey) remember(vault.setActive(active.id));
    push();
  }

  /** Once the flow's writes so far have landed under the old scope, its items move to the new one. */
  function rescope(flow: Flow, items: string, userId: string | null): void {
    queueMicrotask(() => {
      void flow.service.flush().then(() => {
        flow.scope.items = items;
        flow.scope.userId = userId;
      });
    });
  }

  /** Every signed-in account asks the server whether its session still stands (each on its own connection). */
  async function checkSessions(): Promise<void> {
    const signedIn = [...flows.values()].filter((f) => entryOf(list.state, f.key)?.kind === 'account' && f.service.getState().step === 'signed_in');
    await Promise.all(signedIn.map((f) => f.service.checkSession()));
  }

  function scheduleSessionChecks(): void {
    if (sessionCheckMs <= 0 || list.disposed) return;
    list.checkTimer = setTimeout(() => void checkSessions().finally(scheduleSessionChecks), sessionCheckMs);
    // The checks never keep the process alive on their own.
    list.checkTimer.unref?.();
  }

  function onFlowState(key: string, state: LoginState): void {
    const entry = entryOf(list.state, key);
    if (!entry) return;
    const status = statusOf(state);
    if (entry.status !== status) dispatch({ type: 'status', key, status });
    // Back from offline: the session may have been ended while the connection was down.
    if (entry.status === 'offline' && status === 'connected' && state.step === 'signed_in') void flows.get(key)?.service.checkSession();
    if (entry.kind === 'adding') {
      if (state.step === 'signed_in') {
        const flow = flows.get(key);
        dispatch({ type: 'signed_in', key, user: state.user });
        if (flow && entryOf(list.state, key)?.kind === 'account') {
          rescope(flow, state.user.id, state.user.id);
          remember(vault.setLabel(state.user.id, labelOf(state.user)).then(() => vault.setActive(state.user.id)));
        }
        return;
      }
    } else if (state.step === 'signed_in' && entry.user === null) {
      dispatch({ type: 'restored', key, user: state.user });
      // Kept up to date, so a later rejection can still say whose session it was.
      remember(vault.setLabel(state.user.id, labelOf(state.user)));
      return;
    } else if (state.step === 'phone') {
      // The flow left its account: logged out here, or the server no longer takes the session.
      const reason = state.error?.code;
      dispatch(reason !== undefined && isSessionGone(reason) ? { type: 'reject', key, reason } : { type: 'remove', key });
      return;
    }
    if (key === list.state.activeKey) push();
  }

  function startFlow(key: string, userId: string | null): Flow {
    const gateway = newGateway();
    const scope: FlowScope = { items: userId ?? SIGN_IN_SCOPE, userId };
    const accountVault = createAccountVault({
      base: vault,
      scope,
      isOtherAccount: (id) => {
        const account = accountById(list.state, id);
        return account !== null && account.key !== key;
      },
      signedInIds: () => list.state.entries.flatMap((e) => (e.kind === 'account' ? [e.id] : [])),
      ...(list.startRead ? { startRead: list.startRead } : {}),
    });
    const service = createLoginService({ ...flowOptions, gateway, vault: accountVault, futureAuthTokens });
    const unsubscribe = service.onState((state) => onFlowState(key, state));
    const flow: Flow = { key, gateway, service, scope, started: Promise.resolve(), stop: unsubscribe };
    flows.set(key, flow);
    // A flow stopped (or the app disposed) before its turn never starts.
    const begin = async (): Promise<void> => {
      if (!list.disposed && flows.get(key) === flow) await service.start();
    };
    const headStart = key !== list.state.activeKey ? list.headStart : null;
    flow.started = headStart ? headStart.then(begin) : begin();
    return flow;
  }

  function stopFlow(flow: Flow, how: { logOutDuplicate: boolean }): void {
    flows.delete(flow.key);
    flow.stop();
    const stopped = (async () => {
      await flow.service.idle().catch(() => undefined);
      flow.service.dispose();
      // A second session of an account already here: the server is told it is over.
      if (how.logOutDuplicate) await flow.gateway.auth.logOut().catch(() => undefined);
      await flow.service.flush();
      // A flow that goes leaves nothing behind: not a sign-in's pending code, not an account's
      // flood wait, and no key it may have signed in (the duplicate's, or one whose answer was
      // lost) without ending it first.
      await settlePendingKeys({ vault, gateway: flow.gateway, scopes: [flow.scope.items] }).catch(() => undefined);
      await vault.setItem(`pending-code@${flow.scope.items}`, null);
      await vault.setItem(`flood@${flow.scope.items}`, null);
      await flow.gateway.connection.dispose();
    })();
    stopping.add(stopped);
    void stopped.finally(() => stopping.delete(stopped));
  }

  /**
   * Before anything restores: end the sign-ins a kill left open (pending keys no session item
   * holds) on a connection of its own, and fix the index. A server that can't be reached delays
   * the start by at most SETTLE_WITHIN_MS (pending-keys.ts); what it couldn't settle waits for the next.
   */
  async function repairAfterKill(seen: KeychainSnapshot): Promise<PendingKeysOutcome> {
    const gateway = newGateway();
    try {
      return await settlePendingKeys({ vault, gateway, seen });
    } catch {
      return { ended: 0, kept: 0, staleIndex: 0 };
    } finally {
      await gateway.connection.dispose();
    }
  }

  /**
   * The keychain as a start finds it, read once: repaired first when a kill left something to
   * repair (then read again), with the items of flows that are gone removed.
   */
  async function readAtStart(): Promise<{ seen: KeychainSnapshot | null; interrupted: boolean; resumeAdd: boolean }> {
    const first = await vault.snapshot();
    if (!first.ok) return { seen: null, interrupted: false, resumeAdd: false };
    let seen = first.value;
    let interrupted = false;
    if (scopedItemsOf(seen, 'pending-key').length > 0 || indexIsStale(seen)) {
      interrupted = (await repairAfterKill(seen)).ended > 0;
      const again = await vault.snapshot();
      if (!again.ok) return { seen: null, interrupted, resumeAdd: false };
      seen = again.value;
    }
    // An account being added when the app quit: its code step comes back, as a lone sign-in's
    // does. Not when its key is an account's here: that sign-in finished, and its code is used.
    const { ids } = accountsOf(seen);
    const pending = pendingCodeOf(seen.items.get(`pending-code@${SIGN_IN_SCOPE}`) ?? null);
    const finished = pending !== null && [...seen.sessions.values()].includes(pending.session);
    const resumeAdd = ids.length > 0 && hasRoomFor(ids.length, list.state.max) && !finished && isResumable(pending, now(), pendingCodeTtlMs);
    // What a sign-in or an account that is gone left behind (a crash mid-add) is removed first;
    // a pending key the repair could not settle stays for the next start.
    const keep = ids.length === 0 || resumeAdd ? [...ids, SIGN_IN_SCOPE] : ids;
    const gone = itemsOutside(seen.items.keys(), keep, ['pending-key']);
    if (gone.length > 0) {
      await vault.removeScopedItems(keep, ['pending-key']);
      const items = new Map([...seen.items].filter(([name]) => !gone.includes(name)));
      seen = { ...seen, items };
    }
    return { seen, interrupted, resumeAdd };
  }

  const activeFlow = (): Flow | null => {
    const key = list.state.activeKey;
    return key === null ? null : (flows.get(key) ?? null);
  };

  /** Adding an account whose number is already here: show that one instead, before any code is sent. */
  function alreadyHere(phone: string): boolean {
    const adding = addingEntry(list.state);
    if (!adding || adding.key !== list.state.activeKey) return false;
    const normalized = normalizePhone(phone);
    if (normalized === null) return false;
    // By what the server said, else by what was kept (an account whose restore is still under way).
    const existing = list.state.entries.find((e) => e.kind === 'account' && (e.user ?? e.label)?.phone === normalized);
    if (!existing || existing.kind !== 'account') return false;
    const who = existing.user ?? { id: existing.id, username: null, ...existing.label! };
    dispatch({ type: 'signed_in', key: adding.key, user: who });
    return true;
  }

  const loginHandlers = Object.fromEntries(
    (Object.keys(INTENT_OPERATIONS) as LoginIntentName[]).map((intent) => [
      intent,
      async (args?: IntentArgs<typeof intent>) => {
        if (intent === 'submitPhone' && args && 'phone' in args && alreadyHere(args.phone)) return OK;
        const flow = activeFlow();
        if (!flow) return NOT_NOW;
        const handler = flow.service[intent] as (a?: unknown) => Promise<CallResult<null>>;
        return handler(args);
      },
    ]),
  ) as LoginIntentHandlers;

  const accountHandlers: AccountIntentHandlers = {
    async addAccount() {
      const active = activeFlow();
      if (!active || active.service.getState().step !== 'signed_in') return NOT_NOW;
      dispatch({ type: 'add' });
      // Answered once the new sign-in shows its first step, ready for a number.
      await activeFlow()?.started;
      return OK;
    },
    async cancelAddAccount() {
      const adding = addingEntry(list.state);
      if (!adding || !list.state.entries.some((e) => e.kind === 'account')) return NOT_NOW;
      dispatch({ type: 'cancel_add' });
      return OK;
    },
    async switchAccount({ id }) {
      const target = accountById(list.state, id);
      if (!target) return NOT_NOW;
      dispatch({ type: 'switch', id });
      // Its session may have been ended elsewhere while it was not shown: ask the server now.
      const flow = flows.get(target.key);
      if (flow && flow.service.getState().step === 'signed_in') void flow.service.refreshSessions();
      return OK;
    },
    async logOutAccount({ id }) {
      const target = accountById(list.state, id);
      const flow = target ? flows.get(target.key) : undefined;
      if (!flow) return NOT_NOW;
      return flow.service.logOut();
    },
    async logOutAll() {
      const signedIn = list.state.entries.flatMap((e) => {
        const flow = e.kind === 'account' ? flows.get(e.key) : undefined;
        return flow && flow.service.getState().step === 'signed_in' ? [flow] : [];
      });
      if (signedIn.length === 0) return NOT_NOW;
      const adding = addingEntry(list.state);
      if (adding) dispatch({ type: 'cancel_add' });
      const results = await Promise.all(signedIn.map((flow) => flow.service.logOut()));
      return results.find((r) => !r.ok) ?? OK;
    },
    async dismissAccountNotice() {
      dispatch({ type: 'dismiss_notice' });
      return OK;
    },
  };

  return {
    ...loginHandlers,
    ...accountHandlers,
    getState: () => list.view,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (list.state.entries.length > 0) return;
      const { seen, interrupted, resumeAdd } = await readAtStart();
      const stored = seen ? accountsOf(seen) : { ids: [], active: null, labels: {} };
      // The flows this restore starts answer their first reads from what the start read, and
      // all but the shown one wait for its head start: on one machine the connections share the
      // CPU, and the shown account is the one the screen waits for.
      const headStart: { open: () => void } = { open: () => undefined };
      list.startRead = seen;
      list.headStart = new Promise<void>((resolve) => (headStart.open = resolve));
      try {
        dispatch({ type: 'restore', ids: stored.ids, active: stored.active, labels: stored.labels, interrupted, resumeAdd });
      } finally {
        list.startRead = null;
        list.headStart = null;
      }
      const shown = activeFlow();
      void (shown ? withTimeout(shown.started, HEAD_START_MS, () => new Error('head start over')) : Promise.resolve())
        .catch(() => undefined)
        .then(headStart.open);
      // Each flow reports through its own state; the others restore in parallel with each other.
      await Promise.all([...flows.values()].map((flow) => flow.started));
      scheduleSessionChecks();
    },
    gateways: () => [...flows.values()].map((flow) => flow.gateway),
    helpGateway() {
      // Each account is on its own home DC: one that is down must not cost the first screen its
      // hints while another account's connection answers. A signed-in account's connection is
      // open already, where a sign-in's may have no auth key yet.
      const up = list.state.entries.find(
        (e) => e.kind === 'account' && e.status === 'connected' && flows.get(e.key)?.service.getState().step === 'signed_in',
      );
      const flow = (up && flows.get(up.key)) ?? flows.values().next().value;
      return flow?.gateway ?? null;
    },
    async idle() {
      await Promise.all([...flows.values()].map((flow) => flow.service.idle()));
      await Promise.all([...stopping]);
      await Promise.all([...indexWrites]);
    },
    async dispose() {
      list.disposed = true;
      if (list.checkTimer !== null) clearTimeout(list.checkTimer);
      const all = [...flows.values()];
      for (const flow of all) {
        flow.stop();
        flow.service.dispose();
      }
      await Promise.all([...stopping]);
      await Promise.all([...indexWrites]);
      await Promise.all(
        all.map(async (flow) => {
          await flow.service.flush();
          await flow.gateway.connection.dispose();
        }),
      );
    },
  };
}
