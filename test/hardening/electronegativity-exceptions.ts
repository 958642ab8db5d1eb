// The electronegativity findings of MEDIUM severity or above that Gramdesk accepts, each with why.
// A finding is accepted only in the file named here and only as many times as `findings` says:
// one more (a new openExternal, a second protocol handler) fails the suite until it is reviewed
// and written down here.

export interface ElectronegativityException {
  /** The check's id as electronegativity reports it. */
  check: string;
  /** The shell's sources (main/, preload/) or the built bundles (out/). */
  scan: 'sources' | 'bundles';
  /** Where, relative to the scanned root (`main/...`, `preload/...` in the sources; out/'s own paths, chunk names hashed, in the bundles). */
  file: RegExp;
  /** How many findings of this check that file gives. */
  findings: number;
  reason: string;
}

const OPEN_EXTERNAL =
  'shell.openExternal gets only URLs the core has checked against its allow-list (https://fragment.com, parsed and re-serialized); anything else is refused with URL_NOT_ALLOWED before it reaches the shell.';
const PRELOAD =
  'The one preload is the contextBridge: a sandboxed, context-isolated script exposing one function per intent of the contract (each invoking only its own channel) and on() for pushes, whose listeners get the payload only, never ipcRenderer or the IPC event.';
const PROTOCOL_HANDLER =
  'tg:// links (proxy and socks links) are the feature: the shell only queues the raw string; the core parses it with the proxy-link rules and offers it, and nothing applies until the person accepts the offer.';

export const ELECTRONEGATIVITY_EXCEPTIONS: readonly ElectronegativityException[] = [
  { scan: 'sources', check: 'OPEN_EXTERNAL_JS_CHECK', file: /^main\/index\.ts$/, findings: 1, reason: OPEN_EXTERNAL },
  { scan: 'sources', check: 'OPEN_EXTERNAL_JS_CHECK', file: /^main\/app-core\.ts$/, findings: 1, reason: OPEN_EXTERNAL },
  { scan: 'sources', check: 'PRELOAD_JS_CHECK', file: /^main\/index\.ts$/, findings: 1, reason: PRELOAD },
  { scan: 'sources', check: 'PROTOCOL_HANDLER_JS_CHECK', file: /^main\/index\.ts$/, findings: 1, reason: PROTOCOL_HANDLER },
  { scan: 'bundles', check: 'OPEN_EXTERNAL_JS_CHECK', file: /^main\/index\.js$/, findings: 1, reason: OPEN_EXTERNAL },
  { scan: 'bundles', check: 'OPEN_EXTERNAL_JS_CHECK', file: /^main\/chunks\/app-core-[\w-]+\.js$/, findings: 1, reason: OPEN_EXTERNAL },
  { scan: 'bundles', check: 'PROTOCOL_HANDLER_JS_CHECK', file: /^main\/index\.js$/, findings: 1, reason: PROTOCOL_HANDLER },
];

/** Files the scanner can't read, with why that leaves no gap in what it checks. */
export interface UnreadableFile {
  scan: 'sources' | 'bundles';
  /** Relative to the scanned root; bundle names carry a content hash. */
  file: RegExp;
  reason: string;
}

export const ELECTRONEGATIVITY_UNREADABLE: readonly UnreadableFile[] = [
  {
    scan: 'bundles',
    file: /^renderer\/assets\/index-[\w-]+\.js$/,
    reason:
      "The renderer's bundle holds Svelte's runtime, whose class private fields (ES2022) electronegativity 1.10's tree walker does not know (\"Unknown node type ClassPrivateProperty\"). What it would look for there (Electron and Node APIs) the sandboxed, context-isolated renderer cannot reach; the page it loads (index.html, with its CSP) is read, and so are the main and preload bundles.",
  },
];
