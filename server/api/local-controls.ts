// The operations that steer a running local server, shared by the in-process handle (LocalServer)
// and the HTTP control API, so both do exactly the same thing.
import type { DcLink } from './api-state';
import type { DcEvent, FaultInput, MethodFault } from './fault-injector';
import type { InboxMessage } from './inbox';
import type { RequestLogEntry } from './request-log';
import type { ApiSettings } from './settings';
import type { UserSpec, UserSummary } from './user-directory';

/** The one JSON line `npm run server` prints on stdout when ready. */
export interface ReadyLine {
  ready: true;
  dcs: DcLink[];
  rsaPublicKey: string;
  /** Signed int64, decimal (JSON numbers can't hold it). */
  rsaFingerprint: string;
  control: string;
}

/** One auth key as the server knows it: signed in (`userId`), or not (null); ended elsewhere (`revoked`). */
export interface AuthorizationSummary {
  dc: number;
  /** Signed int64, decimal. */
  authKeyId: string;
  userId: string | null;
  revoked: boolean;
}

export type FaultApplied = { fault: MethodFault } | { event: DcEvent };

export type QrAcceptResult =
  | { ok: true; phone: string; dc: number; pushedTo: number; token: string }
  | {
      ok: false;
      error:
        | 'PHONE_INVALID'
        | 'UNKNOWN_PHONE'
        | 'NO_TOKEN'
        | 'AUTH_TOKEN_INVALID'
        | 'AUTH_TOKEN_EXPIRED'
        | 'AUTH_TOKEN_ALREADY_ACCEPTED'
        | 'AUTH_TOKEN_EXCEPTION';
      message: string;
    };

export type EndSessionsResult =
  | { ok: true; phone: string; ended: number }
  | { ok: false; error: 'PHONE_INVALID' | 'UNKNOWN_PHONE'; message: string };

export interface LocalServerControls {
  readyLine(): ReadyLine;
  users: {
    /** Adds or replaces an account; throws Error with a specific message on a bad spec. */
    add(spec: UserSpec): UserSummary;
    list(): UserSummary[];
  };
  /** Messages delivered to a number (digits, "+" optional), oldest first. */
  inbox(phone: string): InboxMessage[];
  faults: {
    /** Why the input is not a valid fault, or null. */
    check(input: unknown): string | null;
    /** Adds a method fault or applies a one-shot event; throws Error on bad input (checked at run time). */
    add(input: FaultInput): FaultApplied;
    list(): MethodFault[];
    clear(): void;
  };
  /**
   * Another device of this account ends its sessions (as its "Terminate session" would): every one
   * whose device model is `device`, or all of them. The keys answer SESSION_REVOKED from then on.
   */
  endSessions(phone: string, device?: string): EndSessionsResult;
  /** A signed-in phone of this account scans the QR code on screen (or the given base64url token). */
  qrAccept(phone: string, token?: string): QrAcceptResult;
  /** Back to the start state: demo users only, empty inbox and log, no faults, no clock skew. */
  reset(): Promise<void>;
  log(): RequestLogEntry[];
  /** Every auth key the server has seen and whom it is signed in as (ids as decimal strings). */
  authorizations(): AuthorizationSummary[];
  settings: {
    get(): ApiSettings;
    /** Throws Error with a specific message on a bad setting (and changes nothing). */
    set(partial: Partial<ApiSettings>): ApiSettings;
  };
}
