// The accounts signed in here, as the renderer sees them: who each one is, how its connection
// stands, which one is shown, and what the person was last told about the list. No session, no
// auth key, no keychain name: main's account list keeps those and pushes only this projection.
import type { FlowErrorCode } from './login-state';

/** How an account's own connection stands. */
export type AccountStatus = 'connecting' | 'connected' | 'offline';

export interface AccountSummary {
  /** The account's Telegram user id (decimal string): what switchAccount and logOutAccount take. */
  id: string;
  firstName: string;
  lastName: string;
  /** E.164 with the +, or '' when the server did not say. */
  phone: string;
  status: AccountStatus;
  /** The account whose screen is shown. */
  active: boolean;
}

/** What the person is told about the list itself, until the next change to it. */
export type AccountNotice =
  /** A sign-in reached an account that is already here: it is shown instead, with no second session. */
  | { kind: 'already_signed_in'; id: string; name: string }
  /** The server no longer accepts this account's session (ended elsewhere, expired ...): it was removed. */
  | { kind: 'removed'; name: string; phone: string; reason: FlowErrorCode }
  /** The list is full: one must go before another can be added. */
  | { kind: 'limit_reached'; max: number }
  /**
   * The app was stopped (killed, crashed, a power cut) in the middle of signing in or out, which
   * left a sign-in open on the server with no session kept here: this start logged it out.
   */
  | { kind: 'interrupted_sign_in_ended' };

export interface AccountsView {
  list: AccountSummary[];
  /** True while a sign-in for another account is shown (the accounts above stay connected). */
  adding: boolean;
  /** How many accounts may be signed in at once. */
  max: number;
  notice: AccountNotice | null;
}
