// The demo world on disk: a server started on a world file finds its accounts, auth keys,
// sign-ins, codes and flood counters again after a restart; a write killed half-way leaves the
// previous world whole; a damaged file, one from another version, or one that doesn't fit is set
// aside beside itself with a notice, and a directory that can't be written keeps the world in
// memory, saying so. gramjs over real TCP, real files, a real SIGKILLed child.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, type TelegramClient } from 'telegram';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalClient } from '../../main/telegram/local-server-client';
import { startLocalServer, type LocalServer } from '../local-server';
import { loadWorld } from '../world/world-file';

const API_ID = 2040;
const API_HASH = 'b18441a1ff607e10a989891a5462e627';

let dirs: string[] = [];
let servers: LocalServer[] = [];
let clients: TelegramClient[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gramdesk-world-'));
  dirs.push(dir);
  return dir;
}

async function start(worldFile: string): Promise<LocalServer> {
  const server = await startLocalServer({ port: 'auto', worldFile });
  servers.push(server);
  return server;
}

async function stop(server: LocalServer): Promise<void> {
  await Promise.allSettled(clients.map((c) => c.destroy()));
  clients = [];
  await server.stop();
  servers = servers.filter((s) => s !== server);
}

async function client(server: LocalServer, session?: string): Promise<TelegramClient> {
  const c = createLocalClient({ dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, dcId: 2, ...(session ? { session } : {}) });
  clients.push(c);
  await c.connect();
  return c;
}

async function sendCode(server: LocalServer, c: TelegramClient, phone: string): Promise<{ hash: string; code: string }> {
  const next = server.waitForMessage(phone);
  const sent = await c.invoke(new Api.auth.SendCode({ phoneNumber: phone, apiId: API_ID, apiHash: API_HASH, settings: new Api.CodeSettings({}) }));
  if (!(sent instanceof Api.auth.SentCode)) throw new Error(`expected auth.sentCode, got ${sent.className}`);
  return { hash: sent.phoneCodeHash, code: (await next).code };
}

afterEach(async () => {
  await Promise.allSettled(clients.map((c) => c.destroy()));
  clients = [];
  await Promise.allSettled(servers.map((s) => s.stop()));
  servers = [];
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('a server on a world file', () => {
  it('opens signed in after a restart: the same auth key, the same account, its sessions', async () => {
    const file = join(tempDir(), 'demo-world.json');
    const first = await start(file);
    const c = await client(first);
    const { hash, code } = await sendCode(first, c, '+15550100');
    await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: hash, phoneCode: code }));
    const session = (c.session.save() as unknown as string);
    const before = await c.invoke(new Api.account.GetAuthorizations());
    await stop(first);

    const second = await start(file);
    expect(second.world?.notice()).toBeNull();
    const again = await client(second, session);
    const me = await again.getMe();
    expect(me.phone).toBe('15550100');
    const after = await again.invoke(new Api.account.GetAuthorizations());
    expect(after.authorizations.map((a) => a.hash.toString())).toEqual(before.authorizations.map((a) => a.hash.toString()));
    // What was delivered before the restart is still in the inbox.
    expect(second.inbox('+15550100').map((m) => m.code)).toContain(code);
  });

  it('keeps a code still valid and the sendCode flood counter across a restart', async () => {
    const file = join(tempDir(), 'demo-world.json');
    const first = await startLocalServer({ port: 'auto', worldFile: file, settings: { sendCodeLimit: 2 } });
    servers.push(first);
    const c = await client(first);
    await sendCode(first, c, '+15550103');
    const { hash, code } = await sendCode(first, c, '+15550103');
    const session = c.session.save() as unknown as string;
    await stop(first);

    const second = await startLocalServer({ port: 'auto', worldFile: file, settings: { sendCodeLimit: 2 } });
    servers.push(second);
    const again = await client(second, session);
    // The third sendCode in the window is refused, as it would have been without the restart.
    await expect(
      again.invoke(new Api.auth.SendCode({ phoneNumber: '+15550103', apiId: API_ID, apiHash: API_HASH, settings: new Api.CodeSettings({}) })),
    ).rejects.toMatchObject({ errorMessage: 'FLOOD' });
    const auth = await again.invoke(new Api.auth.SignIn({ phoneNumber: '+15550103', phoneCodeHash: hash, phoneCode: code }));
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
  });

  it('Reset the demo: every key and sign-in forgotten, demo users only, a fresh file', async () => {
    const file = join(tempDir(), 'demo-world.json');
    const server = await start(file);
    const c = await client(server);
    const { hash, code } = await sendCode(server, c, '+15550100');
    await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: hash, phoneCode: code }));
    server.users.add({ phone: '+15550188', firstName: 'Extra' });
    await server.resetWorld();
    const saved = loadWorld(file).world!;
    expect(saved.authKeys).toEqual([]);
    expect(saved.sessions.filter((s) => s.userId !== null)).toEqual([]);
    expect(saved.users.map((u) => u.phone)).not.toContain('15550188');
    expect(saved.inbox).toEqual([]);
  });
});

describe('npm run server', () => {
  it('--world FILE: remembers an added account across a restart of the CLI', async () => {
    const file = join(tempDir(), 'cli-world.json');
    const cli = join(import.meta.dirname, '..', 'cli.ts');
    const run = async (work: (controlUrl: string) => Promise<void>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', 'auto', '--world', file, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const ready = await new Promise<{ control: string }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { control: string });
        });
        void exited.then((code) => reject(new Error(`the server exited (${code}) before its ready line`)));
      });
      await work(ready.control);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    };
    await run(async (control) => {
      const added = await fetch(`${control}/users`, { method: 'POST', body: JSON.stringify({ phone: '+15550155', firstName: 'Kept' }) });
      expect(added.status).toBe(201);
    });
    await run(async (control) => {
      const users = (await (await fetch(`${control}/users`)).json()) as { users: Array<{ phone: string }> };
      expect(users.users.map((u) => u.phone)).toContain('+15550155');
    });
  }, 60_000);
});

describe('a world file that can not be used', () => {
  const asideOf = (dir: string, why: string) => readdirSync(dir).filter((n) => n.startsWith(`demo-world.json.${why}-`));

  it('damaged (not JSON): set aside beside itself, a fresh world, and a notice saying so', async () => {
    const dir = tempDir();
    const file = join(dir, 'demo-world.json');
    writeFileSync(file, '{"format":"gramdesk-demo-world","version":1,"users":[');
    const server = await start(file);
    expect(server.world?.notice()).toMatchObject({ problem: 'corrupt', file });
    const [aside] = asideOf(dir, 'corrupt');
    expect(aside).toBeDefined();
    expect(server.world?.notice()?.setAsideTo).toBe(join(dir, aside!));
    expect(readFileSync(join(dir, aside!), 'utf8')).toContain('"users":[');
    // The fresh world is written and works.
    expect(loadWorld(file).world?.users.length).toBe(server.demoUsers.length);
    expect(server.users.list().length).toBe(server.demoUsers.length);
  });

  it('well-formed JSON that is not a world (a field of the wrong kind): set aside as damaged, naming the field', async () => {
    const dir = tempDir();
    const file = join(dir, 'demo-world.json');
    const first = await start(file);
    await stop(first);
    const world = JSON.parse(readFileSync(file, 'utf8')) as { users: Array<{ phone: unknown }> };
    world.users[0]!.phone = 42;
    writeFileSync(file, JSON.stringify(world));
    const server = await start(file);
    expect(server.world?.notice()).toMatchObject({ problem: 'corrupt' });
    expect(server.world?.notice()?.detail).toMatch(/^users\.0\.phone: /);
    expect(asideOf(dir, 'corrupt')).toHaveLength(1);
  });

  it('from another version: set aside as such, never read as this one', async () => {
    const dir = tempDir();
    const file = join(dir, 'demo-world.json');
    writeFileSync(file, JSON.stringify({ format: 'gramdesk-demo-world', version: 2, whatever: true }));
    const server = await start(file);
    expect(server.world?.notice()).toMatchObject({ problem: 'other-version' });
    expect(server.world?.notice()?.detail).toContain('version 2');
    expect(asideOf(dir, 'other-version')).toHaveLength(1);
  });

  it('made for another server layout (other DCs): set aside, nothing half-restored', async () => {
    const dir = tempDir();
    const file = join(dir, 'demo-world.json');
    const first = await startLocalServer({ port: 'auto', worldFile: file, dcCount: 4 });
    servers.push(first);
    first.users.add({ phone: '+15550199', firstName: 'Four DCs' });
    await stop(first);
    const server = await start(file);
    expect(server.world?.notice()).toMatchObject({ problem: 'other-version' });
    expect(server.users.list().map((u) => u.phone)).not.toContain('+15550199');
    expect(asideOf(dir, 'other-version')).toHaveLength(1);
  });

  it('in a directory that can not be written: the server runs, keeps the world in memory and says so', async () => {
    const dir = tempDir();
    // A file where the directory should be: no one, root included, can create the world there.
    writeFileSync(join(dir, 'not-a-dir'), '');
    const file = join(dir, 'not-a-dir', 'demo-world.json');
    const server = await start(file);
    expect(server.world?.notice()).toMatchObject({ problem: 'unwritable', file, setAsideTo: null });
    expect(server.world?.notice()?.detail).toMatch(/^(ENOTDIR|EEXIST)/);
    const c = await client(server);
    const { hash, code } = await sendCode(server, c, '+15550100');
    const auth = await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: hash, phoneCode: code }));
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
  });
});

describe('a write killed half-way', () => {
  const writer = join(import.meta.dirname, 'support', 'world-writer.ts');

  /**
   * Runs the writer, SIGKILLs it `delayMs` after it began write number `at` (a write of its tens of
   * MB takes a few hundred ms), and waits for its death.
   */
  async function killDuring(file: string, at: number, delayMs: number): Promise<{ completed: number; tempLeft: boolean }> {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let completed = 0;
    let tempLeft = false;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        for (const m of out.matchAll(/wrote (\d+)/g)) completed = Math.max(completed, Number(m[1]));
        if (out.includes(`writing ${at}\n`)) {
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, delayMs);
        }
      });
      void exited.then(() => reject(new Error('the writer exited by itself')));
    });
    expect(await exited).toBe('SIGKILL');
    tempLeft = readdirSync(join(file, '..')).some((n) => n.includes('.tmp-'));
    return { completed, tempLeft };
  }

  it('leaves the last whole world, which loads, and the temp file is cleared on load', async () => {
    const dir = tempDir();
    const file = join(dir, 'demo-world.json');
    let midWrite = 0;
    for (const [at, delayMs] of [[2, 0], [2, 40], [3, 90], [2, 150]] as const) {
      const { completed, tempLeft } = await killDuring(file, at, delayMs);
      if (tempLeft) midWrite += 1;
      const loaded = loadWorld(file);
      expect(loaded.notice).toBeNull();
      // Whole, and no older than the last write the child finished.
      expect(loaded.world!.savedAt).toBeGreaterThanOrEqual(Math.max(1, completed));
      expect(loaded.world!.users.every((u) => u.firstName === `User ${loaded.world!.savedAt}`)).toBe(true);
      expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    }
    // The kills really landed inside writes (a temp file was being written) at least once.
    expect(midWrite).toBeGreaterThan(0);
    expect(existsSync(file)).toBe(true);
  }, 120_000);
});
