// Validates and dispatches every intent that crosses the process boundary, for Electron IPC and
// for the browser-mode bridge alike. The renderer is not trusted: the name must be one of the
// contract's intents and the arguments must match its schema exactly (strict objects, bounded
// strings); anything else gets a typed error and reaches no handler, so nothing changes.
import * as v from 'valibot';
import {
  intents,
  isIntentName,
  type CallResult,
  type IntentArgs,
  type IntentName,
  type IntentResults,
} from '../../common/contract';
import type { LoginService } from '../login/login-service';

/** One handler per intent: what the app core offers the router. */
export type IntentHandlers = {
  [N in IntentName]: (args: IntentArgs<N>) => Promise<CallResult<IntentResults[N]>>;
};

export type RouteResult = CallResult<IntentResults[IntentName]>;

/** Intents the app core answers itself rather than the login service. */
type CoreIntents = 'getState' | 'getEnvironment' | 'openExternal' | 'setLanguage' | 'getSignInHints';

/** The login service's intents, each passed its validated arguments: the one mapping the app core and tests use. */
export function loginServiceHandlers(service: LoginService): Omit<IntentHandlers, CoreIntents> {
  return {
    submitPhone: ({ phone }) => service.submitPhone(phone),
    requestNextChannel: () => service.requestNextChannel(),
    submitCode: ({ code }) => service.submitCode(code),
    editPhone: () => service.editPhone(),
    logOut: () => service.logOut(),
    submitPassword: ({ password }) => service.submitPassword(password),
    requestPasswordRecovery: () => service.requestPasswordRecovery(),
    submitRecoveryCode: ({ code }) => service.submitRecoveryCode(code),
    cancelPasswordRecovery: () => service.cancelPasswordRecovery(),
    startQrLogin: () => service.startQrLogin(),
    submitSignUp: ({ firstName, lastName }) => service.submitSignUp(firstName, lastName),
    submitLoginEmail: ({ email }) => service.submitLoginEmail(email),
    refreshSessions: () => service.refreshSessions(),
    endSession: ({ hash }) => service.endSession(hash),
  };
}

export interface IntentRouter {
  route(name: unknown, args: unknown): Promise<RouteResult>;
}

export function createIntentRouter(handlers: IntentHandlers): IntentRouter {
  return {
    async route(name, args) {
      if (!isIntentName(name)) return { ok: false, error: 'UNKNOWN_INTENT' };
      // A call without arguments means "no arguments"; anything else must match the schema.
      const input = args === undefined ? {} : args;
      if (!isPlainObject(input)) return { ok: false, error: 'BAD_ARGUMENTS' };
      const parsed = v.safeParse(intents[name], input);
      if (!parsed.success) return { ok: false, error: 'BAD_ARGUMENTS' };
      const handler = handlers[name] as (a: unknown) => Promise<RouteResult>;
      try {
        return await handler(parsed.output);
      } catch {
        // Handlers report expected failures as results; a throw is a bug, and its message stays here.
        return { ok: false, error: 'INTERNAL' };
      }
    },
  };
}

/** Arguments are always a plain object: arrays, class instances and the like are refused outright. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
