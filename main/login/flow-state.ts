// The login flow's whole state, in one value (main only). Every step carries the data the UI sees
// plus a private part (`secret`) that must never leave main; beside the step, the flow keeps a
// running flood deadline and the connection's state. `project` turns it into the LoginState the
// renderer is pushed: it is the one place that decides what crosses the process boundary, and
// test/unit/flow-projection.test.ts checks over generated states that no private field does.
import type { FlowError, LoginState, LoginStep, LoginStepState, OfflineInfo } from '../../common/login-state';

type View<S extends LoginStep> = Extract<LoginStepState, { step: S }>;

/** The code being entered. */
export interface CodeSecret {
  /** auth.sentCode's hash; null once the server said the code expired (a new one must be sent). */
  phoneCodeHash: string | null;
  /** When it was sent (epoch ms, the flow's clock): a pending code is resumed after a restart only while fresh. */
  sentAt: number;
}

/** The sign-up step: the code it continues, and the id of the terms shown (for help.acceptTermsOfService). */
export interface SignUpSecret {
  phoneCodeHash: string;
  termsId: string | null;
}

/** The login email set-up: the code flow it belongs to. */
export interface EmailSetupSecret {
  phoneCodeHash: string;
}

/** Password recovery: what the password step showed, to return to it. */
export interface RecoverySecret {
  hint: string;
  hasRecovery: boolean;
}

export type FlowStep =
  | (View<'starting'> & { secret: null })
  | (View<'phone'> & { secret: null })
  | (View<'code'> & { secret: CodeSecret })
  | (View<'password'> & { secret: null })
  | (View<'password_recovery'> & { secret: RecoverySecret })
  | (View<'qr'> & { secret: null })
  | (View<'sign_up'> & { secret: SignUpSecret })
  | (View<'email_setup'> & { secret: EmailSetupSecret })
  | (View<'signed_in'> & { secret: null });

export type StepOf<S extends LoginStep> = Extract<FlowStep, { step: S }>;

/** A flood wait with a known end, and the number it held back (shown again after a restart). */
export interface FloodHold {
  error: FlowError & { retryAt: number };
  phone: string;
}

/** The connection is down: shown as OfflineInfo; `attempt` counts the failed probes (the back-off). */
export interface OfflineState extends OfflineInfo {
  attempt: number;
}

export interface FlowState {
  step: FlowStep;
  /** The last flood wait the server imposed; it refuses server calls while `retryAt` is ahead. */
  flood: FloodHold | null;
  /** Present only while the connection is down. */
  offline: OfflineState | null;
}

export const initialFlowState: FlowState = { step: { step: 'starting', secret: null }, flood: null, offline: null };

/** What the renderer is pushed: the step without its secret, and `offline` only while offline. */
export function project(state: FlowState): LoginState {
  const { secret: _secret, ...view } = state.step;
  if (!state.offline) return view;
  return { ...view, offline: { since: state.offline.since, nextAttemptAt: state.offline.nextAttemptAt } };
}

/** The flood deadline, while it still runs at `now`. */
export function activeFlood(state: FlowState, now: number): FloodHold | null {
  return state.flood !== null && now < state.flood.error.retryAt ? state.flood : null;
}

/** The number the step shows, or '' where it has none. */
export function phoneOf(step: FlowStep): string {
  return 'phone' in step && typeof step.phone === 'string' ? step.phone : '';
}

export function isBusy(step: FlowStep): boolean {
  return 'busy' in step && step.busy !== null;
}
