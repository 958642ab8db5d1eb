// A kill in the middle of adding a second account: the browser-mode process (a real child
// process, with the real Secret Service) is SIGKILLed while the second sign-in waits for its code.
// The first account's item is untouched; the next start restores it and returns to the second
// sign-in's code step (no new code), and cancelling that leaves nothing of it in the keychain.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BRIDGE_SUBPROTOCOL, SOCKET_PATH, TOKEN_SUBPROTOCOL_PREFIX, type ServerFrame } from '../../common/bridge-protocol';
import { createAppCore } from '../../main/app-core';
import { DEMO_SERVICE } from '../../main/vault/session-vault';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { readyUrl, spawnBrowserMode } from '../support/browser-mode-child';
import { noKeychainReason } from '../support/secret-service';

const ADA = '+15550100';
const ALAN = '+15550102';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
const keytar = (): Keytar => createRequire(import.meta.url)('keytar') as Keytar;
const items = async () => new Map((await keytar().findCredentials(DEMO_SERVICE)).map((c) => [c.account, c.password]));
async function clear(): Promise<void> {
  for (const { account } of await keytar().findCredentials(DEMO_SERVICE)) await keytar().deletePassword(DEMO_SERVICE, account);
}

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
});
afterAll(async () => {
  if (!noKeychainReason) await clear();
  await server?.stop();
});

function launch(): ChildProcessWithoutNullStreams {
  const env: Record<string, string | undefined> = { ...process.env, GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) };
  delete env.TELEGRAM_API_ID;
  delete env.TELEGRAM_API_HASH;
  delete env.GRAMDESK_KEYCHAIN;
  return spawnBrowserMode(env);
}

/**
 * Polls one item (written off the path to the screen) until it is there. One item by name: a
 * listing while the other process writes trips libsecret.
 */
async function itemWhenThere(account: string): Promise<string> {
  for (;;) {
    const value = await keytar().getPassword(DEMO_SERVICE, account);
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(noKeychainReason !== null)('a kill while adding a second account', () => {
  it('leaves the first account intact; the next start restores it and returns to the add\'s code step, which cancelled leaves nothing', async () => {
    await clear();
    const child = launch();
    const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, signal) => done(signal)));
    const url = await readyUrl(child);
    const token = url.hash.slice('#token='.length);
    // The page's own channel: one WebSocket carrying the calls (and the pushes, not needed here).
    const socket = new WebSocket(`ws://${url.host}${SOCKET_PATH}`, [BRIDGE_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`], {
      headers: { host: url.host },
    });
    await new Promise<void>((done, fail) => {
      socket.once('open', () => done());
      socket.once('error', fail);
    });
    let nextId = 1;
    const call = (intent: string, args: object = {}) =>
      new Promise<{ ok: boolean; value?: unknown }>((done) => {
        const id = nextId++;
        const onMessage = (data: Buffer) => {
          const frame = JSON.parse(data.toString()) as ServerFrame;
          if (frame.kind === 'result' && frame.id === id) {
            socket.off('message', onMessage);
            done(frame.result as { ok: boolean; value?: unknown });
          }
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, intent, args }));
      });
    const step = async () => ((await call('getState')) as { value: { step: string } }).value.step;
    while ((await step()) === 'starting') await new Promise((r) => setTimeout(r, 50));
    let before = server.inbox(ADA).length;
    expect(await call('submitPhone', { phone: ADA })).toEqual({ ok: true, value: null });
    await call('submitCode', { code: (await server.waitForMessage(ADA, { after: before })).code });
    const signedIn = (await call('getState')) as { value: { step: string; user?: { id: string } } };
    expect(signedIn.value.step).toBe('signed_in');
    const adaId = signedIn.value.user!.id;
    const adaSession = await itemWhenThere(adaId);
    await itemWhenThere('gramdesk-index');

    expect(await call('addAccount')).toMatchObject({ ok: true });
    before = server.inbox(ALAN).length;
    await call('submitPhone', { phone: ALAN });
    await server.waitForMessage(ALAN, { after: before });
    // The second sign-in is under way: its pending code is in the keychain, under its own scope.
    await itemWhenThere('gramdesk-pending-code@new');

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const afterKill = await items();
    expect(afterKill.get(adaId)).toBe(adaSession);
    // What the kill left behind: the sign-in's pending code, which the next start resumes.
    expect(afterKill.has('gramdesk-pending-code@new')).toBe(true);

    const sent = server.inbox(ALAN).length;
    const core = await createAppCore({ env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) }, keychainService: DEMO_SERVICE });
    try {
      await core.started;
      await core.idle();
      // The add comes back at its code step, with the first account restored behind it, and no new code.
      expect(core.getState()).toMatchObject({ step: 'code', phone: ALAN, accounts: { list: [{ id: adaId, status: 'connected' }], adding: true } });
      expect(server.inbox(ALAN)).toHaveLength(sent);
      expect((await items()).get(adaId)).toBe(adaSession);
      // Cancelled, it leaves nothing of the sign-in behind.
      expect(await core.route('cancelAddAccount', {})).toEqual({ ok: true, value: null });
      await core.idle();
      expect(core.getState()).toMatchObject({ step: 'signed_in', user: { id: adaId }, accounts: { list: [{ id: adaId }], adding: false } });
      expect([...(await items()).keys()].sort()).toEqual([adaId, 'gramdesk-index'].sort());
    } finally {
      await core.dispose();
    }
  }, 60_000);
});
