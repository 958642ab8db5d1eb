// Browser mode's entry: the app core plus the bridge server, in plain Node.
//
//   tsx main/browser-mode/start-browser-mode.ts [--port N] [--json] [--static-dir DIR]
//
// Prints one line when ready:
//   Gramdesk (browser mode): open http://127.0.0.1:PORT/#token=TOKEN
// or with --json (for scripts and tests):
//   {"ready":true,"url":"http://127.0.0.1:PORT/#token=TOKEN","mode":"demo|production"}
// Stops cleanly on SIGINT / SIGTERM. A configuration error is one line on stderr and exit code 2.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export interface BrowserModeArgs {
  port: number;
  json: boolean;
  staticDir: string;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function parseArgs(argv: readonly string[]): BrowserModeArgs | { error: string } {
  const args: BrowserModeArgs = { port: 0, json: false, staticDir: resolve(repoRoot, 'out', 'renderer') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--json') args.json = true;
    else if (flag === '--port') {
      const raw = value();
      const port = Number(raw);
      if (raw === undefined || !/^\d+$/.test(raw) || port > 65535) return { error: `--port needs a number from 0 to 65535, got ${raw ?? 'nothing'}` };
      args.port = port;
    } else if (flag === '--static-dir') {
      const dir = value();
      if (!dir) return { error: '--static-dir needs a directory' };
      args.staticDir = resolve(dir);
    } else return { error: `unknown option ${arg} (known: --port N, --json, --static-dir DIR)` };
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`gramdesk: ${args.error}\n`);
    process.exit(2);
  }
  // Loaded after the flags are checked: the core pulls in gramjs, which takes a moment to load.
  const { AppConfigError, createAppCore } = await import('../app-core');
  const { startBridgeServer } = await import('./bridge-server');
  let core;
  try {
    core = await createAppCore();
  } catch (error) {
    if (error instanceof AppConfigError) {
      process.stderr.write(`gramdesk: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const bridge = await startBridgeServer({ core, staticDir: args.staticDir, port: args.port });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bridge.close().catch(() => undefined);
    await core.dispose().catch(() => undefined);
    process.exit(0);
  };
  // Before the ready line: whoever reads it may signal at once, and must find the handlers there.
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ready: true, url: bridge.url, mode: core.mode })}\n`);
  } else {
    process.stdout.write(`Gramdesk (browser mode): open ${bridge.url}\n`);
  }
}

// Run only as the entry point, so tests can import parseArgs.
const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main().catch((error: unknown) => {
    // Never print an object that might carry a session: only the message.
    process.stderr.write(`gramdesk: could not start browser mode: ${error instanceof Error ? error.message : 'unknown error'}\n`);
    process.exit(1);
  });
}
