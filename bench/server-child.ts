// Starts bench/server-process.ts: the local server in a process of its own, as Telegram is to a
// real client, so what a bench measures in this process is the app's work and not the server's.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ReadyLine } from '../server/local-server';

const root = join(import.meta.dirname, '..');

export interface ServerChild {
  ready: ReadyLine;
  /** POST to the control API (add a user, end sessions ...). */
  control(path: string, body: object): Promise<void>;
  /** The newest code sent to this number, read from its inbox. */
  latestCode(phone: string): Promise<string>;
  stop(): Promise<void>;
}

/** The local server in its own process, with these settings; resolves once it listens. */
export async function startServerChild(settings: Record<string, number> = {}): Promise<ServerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'server-process.ts'), JSON.stringify(settings)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then(() => reject(new Error('the local server exited before it was ready')));
  });
  const ready = JSON.parse(line) as ReadyLine;
  return {
    ready,
    async control(path, body) {
      const res = await fetch(`${ready.control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
    },
    async latestCode(phone) {
      const res = await fetch(`${ready.control}/inbox/${phone.replace(/\D/g, '')}`);
      const { messages } = (await res.json()) as { messages: Array<{ code: string }> };
      const code = messages.at(-1)?.code;
      if (!code) throw new Error(`no code in the inbox of ${phone}`);
      return code;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
