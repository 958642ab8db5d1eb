// How an error string becomes an rpc_error: the code Telegram itself would send with it, so that a
// fault injected by name ("FLOOD_WAIT_30") reaches gramjs as the same error class a real DC gives.
import { RpcError } from '../mtproto/dc-types';
import { pageCodeFor } from './method-errors';

const UNAUTHORIZED = new Set([
  'AUTH_KEY_UNREGISTERED',
  'AUTH_KEY_INVALID',
  'USER_DEACTIVATED',
  'USER_DEACTIVATED_BAN',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'SESSION_PASSWORD_NEEDED',
  'AUTH_KEY_PERM_EMPTY',
]);

// Telegram's method pages list these with 406 ("not acceptable": the client must show it, not retry).
const NOT_ACCEPTABLE = new Set([
  'PHONE_NUMBER_INVALID',
  'PHONE_PASSWORD_FLOOD',
  'SEND_CODE_UNAVAILABLE',
  'FRESH_RESET_AUTHORISATION_FORBIDDEN',
  'UPDATE_APP_TO_LOGIN',
  'AUTH_KEY_DUPLICATED',
]);

/** The rpc_error code Telegram uses for an error message: the method's page first, then the usual one. */
export function errorCodeFor(message: string, method?: string): number {
  const onPage = method === undefined ? undefined : pageCodeFor(method, message);
  if (onPage !== undefined) return onPage;
  if (/^FLOOD_(TEST_PHONE_|PREMIUM_)?WAIT_\d+$/.test(message)) return 420;
  if (/^[A-Z]+_MIGRATE_\d+$/.test(message)) return 303;
  if (message === 'RPC_CALL_FAIL' || message === 'RPC_MCGET_FAIL' || message.startsWith('INTERNAL') ||
      message === 'AUTH_RESTART' || message === 'SIGN_IN_FAILED') return 500;
  if (UNAUTHORIZED.has(message)) return 401;
  if (NOT_ACCEPTABLE.has(message)) return 406;
  return 400;
}

/** An RpcError carrying Telegram's code for the message (or an explicit one). */
export function rpcError(message: string, code?: number): RpcError {
  return new RpcError(code ?? errorCodeFor(message), message);
}

/** Error messages are Telegram-style: upper-case words joined by underscores, maybe a number. */
export function isErrorMessage(value: string): boolean {
  return /^[A-Z][A-Z0-9_]{1,99}$/.test(value);
}
