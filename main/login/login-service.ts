// The login service: the flow's one state value, `emit` (transition, then push the projection),
// and the one exclusive runner that start, intents and timers share. Everything else is an
// operation of its own file taking a FlowContext: the intents (intents/*.ts), start-up
// (start-flow.ts), QR refresh (qr-refresh.ts), connectivity (connectivity.ts) and what outlives
// a restart (keychain-sync.ts).
//
// An intent that doesn't fit the flow (NOT_NOW) or arrives while another action runs (BUSY) is
// refused and changes nothing. Bad input (PHONE_FORMAT, CODE_FORMAT ...) is refused before any
// network call and reported in the state, keeping what the person typed. Nothing retries a
// refused or flood-limited call on its own.
import type { CallResult, IntentArgs, LoginIntentName } from '../../common/contract';
import type { LoginState } from '../../common/login-state';
import type { TelegramGateway } from '../telegram/telegram-gateway';
import type { FutureAuthTokens } from '../vault/future-auth-tokens';
import { createKeychainItems, PENDING_CODE_TTL_MS } from '../vault/keychain-items';
import type { SessionVault } from '../vault/session-vault';
import { createConnectivity } from './connectivity';
import type { FlowContext, FlowSettings } from './flow-context';
import { initialFlowState, isBusy, project, type FlowState } from './flow-state';
import { INTENT_OPERATIONS } from './intents';
import { keychainSync } from './keychain-sync';
import { flowErrorOf, INTENT_RULES, intentFits, transition, type LoginEvent } from './login-flow';
import { createQrRefresh } from './qr-refresh';
import { checkSession } from './session-check';
import { startFlow } from './start-flow';

export interface LoginServiceOptions {
  gateway: TelegramGateway;
  vault: SessionVault;
  /** The future auth tokens, per account (default: kept through `vault`); one for all the app's flows. */
  futureAuthTokens?: FutureAuthTokens;
  /** Epoch ms; injectable so tests can reason about countdowns (and QR expiry) without sleeping. */
  now?: () => number;
  /** How long a pending code is resumed after a restart (ms); Telegram's codes live about 5 min. */
  pendingCodeTtlMs?: number;
  /** Back-off of the offline probe (ms): first delay, doubling up to the max. */
  offlineProbeMs?: FlowSettings['offlineProbeMs'];
}

export type StateListener = (state: LoginState) => void;

/** One handler per login intent, taking the contract's argument object: what the router calls. */
export type LoginIntentHandlers = {
  [N in LoginIntentName]: Record<string, never> extends IntentArgs<N>
    ? (args?: IntentArgs<N>) => Promise<CallResult<null>>
    : (args: IntentArgs<N>) => Promise<CallResult<null>>;
};

export type LoginService = LoginIntentHandlers & {
  getState(): LoginState;
  /** Subscribe to every new state; returns the unsubscribe function. */
  onState(listener: StateListener): () => void;
  /** Restore the stored session (or a pending code) if there is one, else go to the phone step. Call once. */
  start(): Promise<void>;
  /** Resolves when no action is running and the keychain writes made so far have landed (tests and shutdown). */
  idle(): Promise<void>;
  /** Resolves once the keychain writes made so far have landed (awaited before the app exits). */
  flush(): Promise<void>;
  /** Ask the server whether it still takes the signed-in session (see session-check.ts). */
  checkSession(): Promise<void>;
  /** Stop timers and listeners (QR refresh, offline probe). */
  dispose(): void;
};

const OK: CallResult<null> = { ok: true, value: null };

type RunOutcome = 'ran' | 'busy' | 'threw';

export function createLoginService(options: LoginServiceOptions): LoginService {
  const now = options.now ?? Date.now;
  const settings: FlowSettings = {
    pendingCodeTtlMs: options.pendingCodeTtlMs ?? PENDING_CODE_TTL_MS,
    offlineProbeMs: options.offlineProbeMs ?? { first: 1000, max: 30_000 },
  };
  // The one flow: its state, its projection as last pushed, and the running action.
  const flow: {
    state: FlowState;
    view: LoginState;
    running: Promise<void> | null;
    queue: LoginEvent[];
    draining: boolean;
    disposed: boolean;
  } = { state: initialFlowState, view: project(initialFlowState), running: null, queue: [], draining: false, disposed: false };
  const listeners = new Set<StateListener>();

  function apply(event: LoginEvent): void {
    const prev = flow.state;
    const next = transition(prev, event, now());
    if (next === prev) return;
    flow.state = next;
    flow.view = project(next);
    for (const listener of [...listeners]) {
      try {
        listener(flow.view);
      } catch {
        // A failing listener must not break the flow or the other listeners.
      }
    }
    keychainSync(ctx, prev, next);
    connectivity.onChange(prev, next);
    qr.onChange(prev, next);
  }

  /** Events raised while one is being applied (by the reactions to it) are applied after it, in order. */
  function emit(event: LoginEvent): void {
    flow.queue.push(event);
    if (flow.draining) return;
    flow.draining = true;
    try {
      for (let e = flow.queue.shift(); e; e = flow.queue.shift()) apply(e);
    } finally {
      flow.draining = false;
    }
  }

  /**
   * The one mutex: run `task` as the only running action. `refuse` answers 'busy' at once while
   * another runs (intents); `wait` queues behind it (start-up, timers, pushes from the server).
   * A throw is a bug: it is shown as UNKNOWN and never leaves the UI busy.
   */
  async function runExclusive(task: () => Promise<void>, whenBusy: 'refuse' | 'wait'): Promise<RunOutcome> {
    if (whenBusy === 'refuse' && flow.running) return 'busy';
    while (flow.running) await flow.running;
    let done!: () => void;
    flow.running = new Promise<void>((resolve) => (done = resolve));
    try {
      await task();
      if (isBusy(flow.state.step)) emit({ type: 'failed', error: { code: 'UNKNOWN' } });
      return 'ran';
    } catch {
      emit({ type: 'failed', error: { code: 'UNKNOWN' } });
      return 'threw';
    } finally {
      flow.running = null;
      done();
    }
  }

  const items = createKeychainItems(options.vault, options.futureAuthTokens);
  const ctx: FlowContext = {
    gateway: options.gateway,
    vault: options.vault,
    items,
    settings,
    now,
    state: () => flow.state,
    emit,
    fail: (error) => emit({ type: 'failed', error: flowErrorOf(error, now()) }),
    whenFree: async (task) => {
      if (!flow.disposed) await runExclusive(task, 'wait');
    },
    disposed: () => flow.disposed,
  };
  const connectivity = createConnectivity(ctx);
  const qr = createQrRefresh(ctx);
  // A key that can't be kept (a keychain refusing writes) doesn't stop the sign-in: its session
  // can't be stored either, and signing in for this run is still what the person asked for.
  options.gateway.connection.guardKeys(async (session) => {
    await items.keepPendingKey(session);
  });

  async function handle<N extends LoginIntentName>(intent: N, args: IntentArgs<N>): Promise<CallResult<null>> {
    let refused: CallResult<null> | null = null;
    const outcome = await runExclusive(async () => {
      if (intentFits(flow.state, intent, now(), args) !== 'ok') {
        refused = { ok: false, error: 'NOT_NOW' };
        return;
      }
      const { offline } = flow.state;
      if (INTENT_RULES[intent].server.needsServer && offline && offline.nextAttemptAt !== null) {
        // The last probe failed: don't make the person wait for a call that can't get through.
        // Their action does make the next probe run now.
        emit({ type: 'failed', error: { code: 'OFFLINE' } });
        connectivity.probeNow();
        return;
      }
      await INTENT_OPERATIONS[intent](ctx, args);
    }, 'refuse');
    if (outcome === 'busy') return { ok: false, error: 'BUSY' };
    if (outcome === 'threw') return { ok: false, error: 'INTERNAL' };
    return refused ?? OK;
  }

  const handlers = Object.fromEntries(
    (Object.keys(INTENT_OPERATIONS) as LoginIntentName[]).map((intent) => [
      intent,
      (args?: IntentArgs<typeof intent>) => handle(intent, (args ?? {}) as IntentArgs<typeof intent>),
    ]),
  ) as LoginIntentHandlers;

  return {
    ...handlers,
    getState: () => flow.view,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (flow.state.step.step !== 'starting') return;
      await runExclusive(() => startFlow(ctx), 'refuse');
    },
    async idle() {
      while (flow.running) await flow.running;
      await items.flush();
    },
    flush: () => items.flush(),
    checkSession: () => checkSession(ctx),
    dispose() {
      flow.disposed = true;
      options.gateway.connection.guardKeys(null);
      qr.dispose();
      connectivity.dispose();
    },
  };
}
