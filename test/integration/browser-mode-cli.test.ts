// `start-browser-mode.ts` as a person or a script runs it: one ready line, a working bridge
// behind the printed URL, a clean stop on SIGTERM, and one clear line for bad options.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BRIDGE_SUBPROTOCOL, CLOSE_UNAUTHORIZED, SOCKET_PATH, TOKEN_SUBPROTOCOL_PREFIX } from '../../common/bridge-protocol';
import { parseArgs } from '../../main/browser-mode/start-browser-mode';
import { startLocalServer, type LocalServer } from '../../server/local-server';

const repo = resolve(import.meta.dirname, '../..');
const entry = resolve(repo, 'main/browser-mode/start-browser-mode.ts');
let server: LocalServer;

function launch(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  // The demo this may start keeps its world in a data directory: never the person's own.
  const clean: Record<string, string | undefined> = { ...process.env, GRAMDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'gramdesk-cli-data-')) };
  delete clean.TELEGRAM_API_ID;
  delete clean.TELEGRAM_API_HASH;
  delete clean.GRAMDESK_LOCAL_SERVER;
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: repo, env: { ...clean, ...env } });
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      done(line);
    });
    child.once('exit', (code) => fail(new Error(`exited with ${code} before a line`)));
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
}

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
});
afterAll(async () => {
  await server?.stop();
});

describe('browser mode CLI', () => {
  it('--json prints one ready line; the URL token opens the bridge; SIGTERM stops it cleanly', async () => {
    const child = launch(['--json', '--port', '0'], {
      GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()),
      GRAMDESK_KEYCHAIN: 'off',
    });
    try {
      const ready = JSON.parse(await firstLine(child)) as { ready: boolean; url: string; mode: string };
      expect(ready).toEqual({ ready: true, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/), mode: 'demo' });
      const url = new URL(ready.url);
      const token = url.hash.slice('#token='.length);
      const socketUrl = `ws://${url.host}${SOCKET_PATH}`;
      const ws = new WebSocket(socketUrl, [BRIDGE_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
      const frames: unknown[] = [];
      const answered = new Promise<unknown>((done) =>
        ws.on('message', (data) => {
          frames.push(JSON.parse(data.toString()));
          if (frames.length === 1) ws.send(JSON.stringify({ id: 1, intent: 'getEnvironment' }));
          else done(frames.at(-1));
        }),
      );
      expect(await answered).toMatchObject({ kind: 'result', id: 1, result: { ok: true, value: { mode: 'demo' } } });
      expect(frames[0]).toMatchObject({ kind: 'push', channel: 'state' });
      ws.close();
      const refused = new WebSocket(socketUrl, [BRIDGE_SUBPROTOCOL]);
      expect(await new Promise((done) => refused.on('close', done))).toBe(CLOSE_UNAUTHORIZED);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
  });

  it('without options: starts its own local server and prints the line to open', async () => {
    const child = launch([], { GRAMDESK_KEYCHAIN: 'off' });
    try {
      const line = await firstLine(child);
      expect(line).toMatch(/^Gramdesk \(browser mode\): open http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exitOf(child)).toBe(0);
  });

  it('a bad option or half-set credentials: one line on stderr, exit 2', async () => {
    const bad = launch(['--port', 'eighty'], {});
    let err = '';
    bad.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exitOf(bad)).toBe(2);
    expect(err.trim()).toBe('gramdesk: --port needs a number from 0 to 65535, got eighty');

    const half = launch([], { TELEGRAM_API_ID: '12345' });
    let err2 = '';
    half.stderr.on('data', (d: Buffer) => (err2 += d.toString()));
    expect(await exitOf(half)).toBe(2);
    expect(err2).toContain('TELEGRAM_API_HASH');
  });

  it('parses its flags', () => {
    expect(parseArgs(['--json', '--port=8080'])).toMatchObject({ json: true, port: 8080 });
    expect(parseArgs(['--port', '70000'])).toEqual({ error: '--port needs a number from 0 to 65535, got 70000' });
    expect(parseArgs(['--verbose'])).toMatchObject({ error: expect.stringContaining('unknown option --verbose') });
    expect(parseArgs([])).toMatchObject({ json: false, port: 0, staticDir: resolve(repo, 'out/renderer') });
  });
});
