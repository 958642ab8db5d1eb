// Validates and dispatches every intent that crosses the process boundary, for Electron IPC and
// for the browser-mode bridge alike. The renderer is not trusted: the name must be one of the
// contract's intents and the arguments must match its schema exactly (strict objects, bounded
// strings); anything else gets a typed error and reaches no handler, so nothing changes.
import * as v from 'valibot';
import {
  allIntents,
  isAnyIntentName,
  type AnyIntentName,
  type CallResult,
  type IntentArgs,
  type IntentResults,
} from '../../common/contract';

/** One handler per intent: the login service's own (it is the map for the flow's intents) and the app core's. */
export type IntentHandlers = {
  [N in AnyIntentName]: (args: IntentArgs<N>) => Promise<CallResult<IntentResults[N]>>;
};

export type RouteResult = CallResult<IntentResults[AnyIntentName]>;

export interface IntentRouter {
  route(name: unknown, args: unknown): Promise<RouteResult>;
}

export function createIntentRouter(handlers: IntentHandlers): IntentRouter {
  /** Name and arguments checked: the handler and its parsed arguments, or the typed refusal. */
  function admit(name: unknown, args: unknown): RouteResult | { handler: (a: unknown) => Promise<RouteResult>; input: unknown } {
    if (!isAnyIntentName(name)) return { ok: false, error: 'UNKNOWN_INTENT' };
    // A call without arguments means "no arguments"; anything else must match the schema.
    const input = args === undefined ? {} : args;
    if (!isPlainObject(input)) return { ok: false, error: 'BAD_ARGUMENTS' };
    const parsed = v.safeParse(allIntents[name], input);
    if (!parsed.success) return { ok: false, error: 'BAD_ARGUMENTS' };
    return { handler: handlers[name] as (a: unknown) => Promise<RouteResult>, input: parsed.output };
  }

  return {
    async route(name, args) {
      let admitted: ReturnType<typeof admit>;
      try {
        admitted = admit(name, args);
      } catch {
        // Only an in-process caller can hand over such arguments (a getter or proxy trap that
        // throws, a getPrototypeOf that lies): they are no arguments of the contract either.
        return { ok: false, error: 'BAD_ARGUMENTS' };
      }
      if (!('handler' in admitted)) return admitted;
      try {
        return await admitted.handler(admitted.input);
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
