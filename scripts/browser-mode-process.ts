// Gramdesk in browser mode as a child process, the way a person starts it (tsx
// main/browser-mode/start-browser-mode.ts), for the UI tests and the README screenshot. Waits for
// the ready line and for the exit; never sleeps.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import type { LocalServer } from '../server/local-server';

const root = join(import.meta.dirname, '..');

export interface BrowserMode {
  /** The URL browser mode printed (with the token in the fragment). */
  readonly url: string;
  /** Ends the process and waits until it has exited. */
  stop(): Promise<void>;
  /** Kills the process outright (SIGKILL, as a crash or a power cut would) and waits until it is gone. */
  kill(): Promise<void>;
}

export interface BrowserModeOptions {
  /** Run against this server (GRAMDESK_LOCAL_SERVER); without one, browser mode starts its own. */
  server?: Pick<LocalServer, 'readyLine'>;
  /** The DCs to give the app instead of the server's own (e.g. a test's network relay). */
  dcs?: ReadonlyArray<{ id: number; host: string; port: number }>;
  env?: Record<string, string>;
}

/** Starts `tsx main/browser-mode/start-browser-mode.ts --json` and waits for its ready line. */
export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<BrowserMode> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  delete env.TELEGRAM_API_ID;
  delete env.TELEGRAM_API_HASH;
  if (options.server) {
    const readyLine = options.server.readyLine();
    env.GRAMDESK_LOCAL_SERVER = JSON.stringify(options.dcs ? { ...readyLine, dcs: options.dcs } : readyLine);
  }
  else delete env.GRAMDESK_LOCAL_SERVER;

  // `node --import tsx` rather than the tsx binary: one process, so a signal reaches the app itself.
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'main', 'browser-mode', 'start-browser-mode.ts'), '--json'],
    { cwd: root, env, stdio: 'pipe' },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // If this process dies first (a crashed worker or script), the app must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`browser mode printed no ready line within 30 s\n${stderr}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of stdout.split('\n')) {
        if (!line.trim().startsWith('{')) continue;
        try {
          const ready = JSON.parse(line) as { ready?: boolean; url?: string };
          if (ready.ready === true && typeof ready.url === 'string') {
            clearTimeout(timer);
            resolve(ready.url);
            return;
          }
        } catch {
          // a partial line: wait for the rest
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited (${code}) before it was ready\n${stderr}`));
    });
  });

  let stopping: Promise<void> | null = null;
  return {
    url,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

