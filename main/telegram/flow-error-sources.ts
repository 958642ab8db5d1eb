// Where each error code of the flow comes from, stated once for every FlowErrorCode (the Record
// type makes a new code a compile error until it is placed here). The gramjs mapping passes a
// server error through by name exactly when its code is listed as the server's; the service
// treats the flood and session-gone ones specially.
import type { FlowErrorCode } from '../../common/login-state';

export type FlowErrorSource =
  /** Telegram's own error name, passed through as it is. */
  | 'server'
  /** Telegram's name for a wait it imposes: the deadline refuses server calls until it ends (kept across restarts). */
  | 'server_flood'
  /** Telegram's name for "this session is gone": the stored session is wiped and the person told why. */
  | 'server_session_gone'
  /** The app's own: never a server name (checks before sending, transport failures, the keychain). */
  | 'app';

export const FLOW_ERROR_SOURCES: Record<FlowErrorCode, FlowErrorSource> = {
  PHONE_NUMBER_INVALID: 'server',
  PHONE_NUMBER_BANNED: 'server',
  PHONE_NUMBER_FLOOD: 'server_flood',
  PHONE_NUMBER_UNOCCUPIED: 'server',
  PHONE_CODE_EMPTY: 'server',
  PHONE_CODE_INVALID: 'server',
  PHONE_CODE_EXPIRED: 'server',
  PHONE_CODE_HASH_EMPTY: 'server',
  SEND_CODE_UNAVAILABLE: 'server',
  // gramjs turns FLOOD_WAIT_<seconds> into its own error class; the mapping reads the seconds from it.
  FLOOD_WAIT: 'server_flood',
  API_ID_INVALID: 'server',
  PASSWORD_HASH_INVALID: 'server',
  PHONE_PASSWORD_FLOOD: 'server_flood',
  PASSWORD_RECOVERY_NA: 'server',
  PASSWORD_RECOVERY_EXPIRED: 'server',
  CODE_INVALID: 'server',
  SRP_ID_INVALID: 'server',
  AUTH_TOKEN_EXPIRED: 'server',
  AUTH_TOKEN_INVALID: 'server',
  AUTH_TOKEN_ALREADY_ACCEPTED: 'server',
  PHONE_NUMBER_APP_SIGNUP_FORBIDDEN: 'server',
  PHONE_NUMBER_OCCUPIED: 'server',
  FIRSTNAME_INVALID: 'server',
  LASTNAME_INVALID: 'server',
  EMAIL_INVALID: 'server',
  EMAIL_VERIFICATION_INVALID: 'server',
  CODE_EXPIRED: 'server',
  AUTH_KEY_UNREGISTERED: 'server_session_gone',
  SESSION_REVOKED: 'server_session_gone',
  SESSION_EXPIRED: 'server_session_gone',
  USER_DEACTIVATED: 'server_session_gone',
  AUTH_KEY_DUPLICATED: 'server_session_gone',
  FRESH_RESET_AUTHORISATION_FORBIDDEN: 'server',
  HASH_INVALID: 'server',
  PASSWORD_FORMAT: 'app',
  NAME_FORMAT: 'app',
  EMAIL_FORMAT: 'app',
  OFFLINE: 'app',
  PHONE_FORMAT: 'app',
  CODE_FORMAT: 'app',
  NETWORK: 'app',
  TIMEOUT: 'app',
  SERVER: 'app',
  KEYCHAIN_WRITE_FAILED: 'app',
  LOGOUT_SERVER_FAILED: 'app',
  UNKNOWN: 'app',
};

function codesFrom(sources: readonly FlowErrorSource[]): ReadonlySet<FlowErrorCode> {
  return new Set(
    (Object.keys(FLOW_ERROR_SOURCES) as FlowErrorCode[]).filter((code) => sources.includes(FLOW_ERROR_SOURCES[code])),
  );
}

/** Server error names that cross as they are. */
export const SERVER_CODES = codesFrom(['server', 'server_flood', 'server_session_gone']);
/** Codes whose retryAt refuses server calls until it passes. */
export const FLOOD_CODES = codesFrom(['server_flood']);
/** Codes that mean the session is gone for good. */
export const SESSION_GONE_CODES = codesFrom(['server_session_gone']);

export const isFloodCode = (code: FlowErrorCode): boolean => FLOOD_CODES.has(code);
export const isSessionGone = (code: FlowErrorCode): boolean => SESSION_GONE_CODES.has(code);
