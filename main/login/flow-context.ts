// What every operation of the login flow is given: the flow's state and the one way to change it
// (`emit`, which runs `transition`), the gateway and the keychain, and the clock. Operations
// (intents/*.ts, start-flow.ts, outcomes.ts, qr-refresh.ts, connectivity.ts) take it explicitly
// and keep nothing of their own, so one flow per account is one context per account.
import type { LoginStep } from '../../common/login-state';
import type { GatewayError } from '../telegram/telegram-gateway';
import type { TelegramGateway } from '../telegram/telegram-gateway';
import type { KeychainItems } from '../vault/keychain-items';
import type { SessionVault } from '../vault/session-vault';
import type { FlowState, StepOf } from './flow-state';
import type { LoginEvent } from './login-flow';

export interface FlowSettings {
  /** How long a pending code is resumed after a restart (ms); Telegram's codes live about 5 min. */
  pendingCodeTtlMs: number;
  /** Back-off of the offline probe (ms): first delay, doubling up to the max. */
  offlineProbeMs: { first: number; max: number };
}

export interface FlowContext {
  readonly gateway: TelegramGateway;
  readonly vault: SessionVault;
  readonly items: KeychainItems;
  readonly settings: FlowSettings;
  /** Epoch ms from the injected clock: the only source of instants in the flow. */
  now(): number;
  state(): FlowState;
  /** Feed an event to `transition`; a changed state is pushed (projected) to every listener. */
  emit(event: LoginEvent): void;
  /** A gateway failure, shown in the step (a flood wait keeps its deadline, a transport failure means offline). */
  fail(error: GatewayError): void;
  /** Run `task` as the one running action once the current one is over (timers and pushes from the server). */
  whenFree(task: () => Promise<void>): Promise<void>;
  /** True once the service was disposed: timers and pushes do nothing more. */
  disposed(): boolean;
}

/**
 * The current step, which the intent's rule has already established (intentFits ran first).
 * Anything else is a bug, and the runner turns the throw into UNKNOWN.
 */
export function stepOf<S extends LoginStep>(ctx: FlowContext, ...steps: S[]): StepOf<S> {
  const step = ctx.state().step;
  if (!(steps as LoginStep[]).includes(step.step)) throw new Error(`expected step ${steps.join('|')}, found ${step.step}`);
  return step as StepOf<S>;
}
