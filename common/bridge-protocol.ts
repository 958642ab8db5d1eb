// What browser mode's bridge and its page say to each other over their one WebSocket: the
// contract's intents as numbered calls, their answers, and every push, as JSON text frames.
// Electron doesn't use this file: its preload speaks IPC.
import type { AnyIntentName, CallResult, IntentResults, PushMessage } from './contract';

/** The one path the bridge answers under /api: the WebSocket. */
export const SOCKET_PATH = '/api/socket';

/** The subprotocol the page asks for; a handshake without it is not the app's page. */
export const BRIDGE_SUBPROTOCOL = 'gramdesk';

/**
 * The per-launch token travels as a second offered subprotocol, `gramdesk-token.<token>`: a
 * browser's WebSocket can't send an Authorization header, and a query string would land in logs.
 * The server never selects (so never echoes) it.
 */
export const TOKEN_SUBPROTOCOL_PREFIX = 'gramdesk-token.';

/**
 * The close code for a missing or wrong token. The handshake itself succeeds so the page can tell
 * an outdated link (this code) from a stopped app (no connection at all); nothing is read from or
 * sent to such a socket before it closes.
 */
export const CLOSE_UNAUTHORIZED = 4003;

/**
 * The close code for one socket too many with this launch's token (each tab holds one; the
 * bridge caps them). The page treats it as a lost connection and tries again later.
 */
export const CLOSE_TOO_MANY_SOCKETS = 4029;

/** Page to bridge: call an intent. `id` pairs the answer with the call. */
export interface CallFrame {
  id: number;
  intent: string;
  args?: unknown;
}

/**
 * Bridge to page: an answer (`id` null when the frame it answers had no usable id), or a push.
 * The first frame on every accepted socket is the current login state.
 */
export type ServerFrame =
  | { kind: 'result'; id: number | null; result: CallResult<IntentResults[AnyIntentName]> }
  | ({ kind: 'push' } & PushMessage);
