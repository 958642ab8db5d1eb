// Several accounts through the app core, over real gramjs to the local server and a real Secret
// Service: each account its own flow, connection and keychain item; restored in parallel after a
// restart with the last one shown; one rejected or logged out without touching the others; an
// account already here is shown instead of signed in twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginState } from '../../common/login-state';
import { createAppCore, type AppCore } from '../../main/app-core';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { Api, type TelegramClient } from 'telegram';
import { createLocalClient } from '../../main/telegram/local-server-client';
import { noKeychainReason } from '../support/secret-service';

const SERVICE = 'Gramdesk (accounts test)';
const ADA = '+15550100';
const GRACE = '+15550101';
const ALAN = '+15550102';

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
const keytar = (): Keytar => createRequire(import.meta.url)('keytar') as Keytar;
/** The service's keychain items; the future auth tokens (kept for a later sign-in of each number) aside. */
const items = async () =>
  (await keytar().findCredentials(SERVICE))
    .map((c) => c.account)
    .filter((a) => !a.startsWith('gramdesk-future-auth-tokens'))
    .sort();
async function clearItems(): Promise<void> {
  for (const { account } of await keytar().findCredentials(SERVICE)) await keytar().deletePassword(SERVICE, account);
}

let server: LocalServer;
let core: AppCore | null = null;
let other: TelegramClient | null = null;

/** Another device signs in to `phone` and ends the app's session there, as the person would on their phone. */
async function endSessionElsewhere(phone: string, dcId: number): Promise<void> {
  const apiId = 2040;
  const apiHash = 'b18441a1ff607e10a989891a5462e627';
  const client = createLocalClient({ dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, dcId, apiId, apiHash });
  other = client;
  await client.connect();
  const before = server.inbox(phone).length;
  const sent = await client.invoke(new Api.auth.SendCode({ phoneNumber: phone, apiId, apiHash, settings: new Api.CodeSettings({}) }));
  if (!(sent instanceof Api.auth.SentCode)) throw new Error('the other device expected a code');
  const message = await server.waitForMessage(phone, { after: before });
  await client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: message.code }));
  const { authorizations } = await client.invoke(new Api.account.GetAuthorizations());
  const app = authorizations.find((a) => !a.current && a.deviceModel === 'Gramdesk');
  if (!app) throw new Error('no Gramdesk session to end');
  await client.invoke(new Api.account.ResetAuthorization({ hash: app.hash }));
}

/** The app core against the local server, its start-up under way. */
async function openCore(options: { sessionCheckMs?: number; settingsFile?: string } = {}): Promise<AppCore> {
  core = await createAppCore({ env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) }, keychainService: SERVICE, ...options });
  return core;
}

async function startCore(options: { sessionCheckMs?: number; settingsFile?: string } = {}): Promise<AppCore> {
  const app = await openCore(options);
  await app.started;
  await app.idle();
  return app;
}

/** Waits for the pushed state to satisfy `check` (the flows answer on their own connections). */
function stateWhere(app: AppCore, check: (s: LoginState) => boolean): Promise<LoginState> {
  if (check(app.getState())) return Promise.resolve(app.getState());
  return new Promise((resolve) => {
    const stop = app.onPush((message) => {
      if (message.channel === 'state' && check(message.payload)) {
        stop();
        resolve(message.payload);
      }
    });
  });
}

async function codeSignIn(app: AppCore, phone: string, password?: string): Promise<void> {
  const before = server.inbox(phone).length;
  await app.route('submitPhone', { phone });
  const message = await server.waitForMessage(phone, { after: before });
  await app.route('submitCode', { code: message.code });
  if (password !== undefined) await app.route('submitPassword', { password });
  await app.idle();
}

/** Ada, Alan (home DC 3) and Grace (with her password), in that order; Grace shown. */
async function signInThree(app: AppCore) {
  await codeSignIn(app, ADA);
  await app.route('addAccount', {});
  await codeSignIn(app, ALAN);
  await app.route('addAccount', {});
  await codeSignIn(app, GRACE, 'hunter2');
  return app.getState().accounts!.list;
}

const shownName = (s: LoginState) => (s.step === 'signed_in' ? s.user.firstName : null);
const listed = (s: LoginState) => (s.accounts?.list ?? []).map((a) => `${a.firstName}:${a.status}${a.active ? '*' : ''}`);

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
});
afterEach(async () => {
  await other?.destroy();
  other = null;
  await core?.dispose();
  core = null;
  if (!noKeychainReason) await clearItems();
  await server.reset();
});
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(noKeychainReason !== null)('accounts side by side', () => {
  it('two accounts on two DCs, each with its own item; a restart restores both and shows the last active', async () => {
    const app = await startCore();
    await codeSignIn(app, ADA);
    expect(shownName(app.getState())).toBe('Ada');
    expect(app.getState().accounts?.list).toHaveLength(1);

    await expect(app.route('addAccount', {})).resolves.toEqual({ ok: true, value: null });
    expect(app.getState()).toMatchObject({ step: 'phone', accounts: { adding: true, list: [{ firstName: 'Ada', status: 'connected' }] } });
    await codeSignIn(app, ALAN);
    expect(shownName(app.getState())).toBe('Alan');
    expect(listed(app.getState())).toEqual(['Ada:connected', 'Alan:connected*']);
    const adaId = app.getState().accounts!.list[0]!.id;
    const alanId = app.getState().accounts!.list[1]!.id;
    // One item per account, plus the index; nothing of the sign-ins left behind.
    expect(await items()).toEqual([adaId, alanId, 'gramdesk-index'].sort());

    // Switching is immediate: the state pushed by the call itself already shows Ada, and no new auth key was made.
    const keysBefore = server.log().filter((e) => e.method === 'req_DH_params').length;
    await app.route('switchAccount', { id: adaId });
    expect(shownName(app.getState())).toBe('Ada');
    await app.idle();
    expect(server.log().filter((e) => e.method === 'req_DH_params').length).toBe(keysBefore);

    await app.dispose();
    const again = await startCore();
    expect(shownName(again.getState())).toBe('Ada');
    expect(listed(again.getState())).toEqual(['Ada:connected*', 'Alan:connected']);
  });

  it('a restart restores three accounts from one read of the keychain: no item read account by account, nothing written', async () => {
    const app = await startCore();
    await signInThree(app);
    await app.dispose();
    core = null;

    // The real keychain calls, watched as they pass through.
    const kt = keytar() as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const calls: string[] = [];
    const originals = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    for (const method of ['getPassword', 'setPassword', 'deletePassword', 'findCredentials']) {
      const original = kt[method]!;
      originals.set(method, original);
      kt[method] = (...args: unknown[]) => {
        if (args[0] === SERVICE) calls.push(`${method} ${String(args[1] ?? '')}`.trim());
        return original.apply(kt, args);
      };
    }
    try {
      const again = await startCore();
      expect(listed(again.getState())).toEqual(['Ada:connected', 'Alan:connected', 'Grace:connected*']);
    } finally {
      for (const [method, original] of originals) kt[method] = original;
    }
    expect(calls.filter((c) => c === 'findCredentials')).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('setPassword') || c.startsWith('deletePassword'))).toEqual([]);
    // Read on their own: only the index (whether a keychain is there, the account shown) and the
    // saved proxy's secrets, which the first connection needs before the accounts are read.
    const alone = new Set(['getPassword gramdesk-index', 'getPassword gramdesk-proxy-secrets']);
    expect(calls.filter((c) => c.startsWith('getPassword') && !alone.has(c))).toEqual([]);
  });

  it('a restart shows the last active account as soon as the server answers it; the others, named from the keychain, connect after it', async () => {
    const app = await startCore();
    await signInThree(app);
    await app.dispose();

    const restarted = await openCore();
    const screen = await stateWhere(restarted, (s) => s.step === 'signed_in');
    expect(shownName(screen)).toBe('Grace');
    expect(listed(screen)).toEqual(['Ada:connecting', 'Alan:connecting', 'Grace:connected*']);
    const all = await stateWhere(restarted, (s) => listed(s).every((a) => a.includes(':connected')));
    expect(listed(all)).toEqual(['Ada:connected', 'Alan:connected', 'Grace:connected*']);
  });

  it('a shown account whose DC is slow to answer holds the others back only for a moment: they connect while it still waits', async () => {
    const app = await startCore();
    await signInThree(app);
    await app.dispose();

    // Grace (shown) and Ada share DC 2: the first users.getUsers there is Grace's restore.
    server.faults.add({ method: 'users.getUsers', dc: 2, delayMs: 3_000, times: 1 });
    const restarted = await openCore();
    const others = await stateWhere(restarted, (s) => listed(s).includes('Ada:connected') && listed(s).includes('Alan:connected'));
    expect(others.step).toBe('starting');
    expect(listed(others)).toContain('Grace:connecting*');
    const shown = await stateWhere(restarted, (s) => s.step === 'signed_in');
    expect(shownName(shown)).toBe('Grace');
    expect(listed(shown)).toEqual(['Ada:connected', 'Alan:connected', 'Grace:connected*']);
  });

  it('an account already here: adding it again by number shows it instead, sends no code and makes no second item', async () => {
    const app = await startCore();
    await codeSignIn(app, ADA);
    await app.route('addAccount', {});
    await codeSignIn(app, GRACE, 'hunter2');
    expect(shownName(app.getState())).toBe('Grace');
    const before = server.inbox(ADA).length;
    const itemsBefore = await items();

    await app.route('addAccount', {});
    await app.route('submitPhone', { phone: '+1 555 0100' });
    expect(shownName(app.getState())).toBe('Ada');
    expect(app.getState().accounts).toMatchObject({ adding: false, notice: { kind: 'already_signed_in', name: 'Ada Lovelace' } });
    await app.idle();
    expect(server.inbox(ADA).length).toBe(before);
    expect(await items()).toEqual(itemsBefore);
  });

  it('QR for another account on another DC: the accounts here are excepted, so only a new one can accept it', async () => {
    const app = await startCore();
    await codeSignIn(app, ADA);
    const adaId = app.getState().accounts!.list[0]!.id;
    await app.route('addAccount', {});
    await app.route('startQrLogin', {});
    const qr = await stateWhere(app, (s) => s.step === 'qr' && s.loginUrl !== null);
    if (qr.step !== 'qr' || qr.loginUrl === null) throw new Error('expected a QR code');
    const token = qr.loginUrl.replace(/^tg:\/\/login\?token=/, '');
    const accept = (phone: string) =>
      fetch(`${server.controlUrl}/qr/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, token }),
      });
    // Ada's phone scans it: her id was in except_ids, so the server refuses, and no second session exists.
    const refused = await accept(ADA);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'AUTH_TOKEN_EXCEPTION' });
    // Alan (home DC 3) scans it: the sign-in follows his DC and he is added.
    expect((await accept(ALAN)).status).toBe(200);
    const shown = await stateWhere(app, (s) => s.step === 'signed_in' && s.user.firstName === 'Alan');
    await app.idle();
    expect(shown.accounts?.list.map((a) => a.firstName)).toEqual(['Ada', 'Alan']);
    expect((await items()).filter((i) => !i.startsWith('gramdesk-'))).toHaveLength(2);
    expect(await items()).toContain(adaId);
  });

  it('a session ended elsewhere: at the next start only that account goes, with the reason; log out of one keeps the other', async () => {
    server.settings.set({ freshResetForbiddenMs: 0 });
    const app = await startCore();
    const [ada, alan, grace] = await signInThree(app);
    await endSessionElsewhere(ALAN, 3);
    await app.dispose();

    const again = await startCore();
    expect(again.getState().accounts).toMatchObject({
      notice: { kind: 'removed', name: 'Alan Turing', phone: ALAN, reason: expect.any(String) },
    });
    expect(again.getState().accounts?.list.map((a) => a.id)).toEqual([ada!.id, grace!.id]);
    expect(shownName(again.getState())).toBe('Grace');
    expect(await items()).toEqual([ada!.id, grace!.id, 'gramdesk-index'].sort());
    expect(alan).toBeDefined();

    await expect(again.route('logOutAccount', { id: ada!.id })).resolves.toEqual({ ok: true, value: null });
    await again.idle();
    expect(shownName(again.getState())).toBe('Grace');
    expect(again.getState().accounts?.list.map((a) => a.id)).toEqual([grace!.id]);
    expect(await items()).toEqual([grace!.id, 'gramdesk-index'].sort());

    await expect(again.route('logOutAll', {})).resolves.toEqual({ ok: true, value: null });
    await again.idle();
    expect(again.getState()).toMatchObject({ step: 'phone', accounts: { list: [], adding: true } });
    expect(await items()).toEqual([]);
  });

  it('a session ended elsewhere while another account is shown: it alone leaves the list, with the reason, without a switch or a restart', async () => {
    const app = await startCore({ sessionCheckMs: 300 });
    const [ada, alan, grace] = await signInThree(app);
    const keysBefore = server.log().filter((e) => e.method === 'req_DH_params').length;

    // Alan's phone ends the app's session on his DC; Grace stays on screen throughout.
    expect(server.endSessions(ALAN, 'Gramdesk')).toMatchObject({ ok: true, ended: 1 });
    const after = await stateWhere(app, (s) => s.accounts?.notice?.kind === 'removed');
    expect(after.accounts?.notice).toEqual({ kind: 'removed', name: 'Alan Turing', phone: ALAN, reason: 'SESSION_REVOKED' });
    expect(shownName(after)).toBe('Grace');
    expect(listed(after)).toEqual(['Ada:connected', 'Grace:connected*']);
    await app.idle();
    expect(await items()).toEqual([ada!.id, grace!.id, 'gramdesk-index'].sort());
    expect(alan).toBeDefined();
    // The others were asked over the connections they had: no new auth key anywhere.
    expect(server.log().filter((e) => e.method === 'req_DH_params')).toHaveLength(keysBefore);
  });

  it('the sign-in hints ride on a signed-in account\'s open connection, and on another\'s once it logs out: no new auth key', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gramdesk-accounts-hints-'));
    try {
      const app = await startCore({ settingsFile: join(folder, 'settings.json') });
      // Alan first (home DC 3), then Ada (DC 2), and a sign-in for a third shown.
      await codeSignIn(app, ALAN);
      await app.route('addAccount', {});
      await codeSignIn(app, ADA);
      await app.route('addAccount', {});
      const keyOf = (phoneDc: number) => server.log().findLast((e) => e.method === 'auth.signIn' && e.outcome === 'ok' && e.dc === phoneDc)!.authKeyId;
      const [alanKey, adaKey] = [keyOf(3), keyOf(2)];
      const keys = () => server.log().filter((e) => e.method === 'req_DH_params').length;
      const hintsRodeOn = async () => {
        const before = server.log().length;
        const keysBefore = keys();
        const hints = await app.route('getSignInHints', {});
        expect(hints).toMatchObject({ ok: true, value: { countries: expect.arrayContaining([expect.objectContaining({ iso2: 'GB' })]) } });
        expect(keys()).toBe(keysBefore);
        return server.log().slice(before).filter((e) => e.method.startsWith('help.')).map((e) => `${e.dc}:${e.authKeyId}`);
      };
      expect(new Set(await hintsRodeOn())).toEqual(new Set([`3:${alanKey}`]));

      await app.route('cancelAddAccount', {});
      const alanId = app.getState().accounts!.list[0]!.id;
      await app.route('logOutAccount', { id: alanId });
      await app.idle();
      expect(new Set(await hintsRodeOn())).toEqual(new Set([`2:${adaKey}`]));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('cancelling an add returns to the account and leaves no item of the sign-in behind', async () => {
    const app = await startCore();
    await codeSignIn(app, ADA);
    await app.route('addAccount', {});
    await app.route('submitPhone', { phone: ALAN });
    await app.idle();
    expect(app.getState().step).toBe('code');
    await app.route('cancelAddAccount', {});
    await app.idle();
    expect(shownName(app.getState())).toBe('Ada');
    expect((await items()).filter((i) => i.includes('@'))).toEqual([]);
  });

  it('future auth tokens per account: after log out of all, each number signs in again without a code, and another number is sent one', async () => {
    const app = await startCore();
    await codeSignIn(app, ADA);
    await app.route('addAccount', {});
    await codeSignIn(app, ALAN);
    // Both log out at once; each keeps the token its own log-out got.
    await app.route('logOutAll', {});
    await app.idle();
    const tokenItems = (await keytar().findCredentials(SERVICE)).map((c) => c.account).filter((a) => a.startsWith('gramdesk-future-auth-tokens#'));
    expect(tokenItems.sort()).toEqual(['gramdesk-future-auth-tokens#15550100', 'gramdesk-future-auth-tokens#15550102']);

    const signIns = server.log().filter((e) => e.method === 'auth.signIn').length;
    await app.route('submitPhone', { phone: ALAN });
    await app.idle();
    expect(shownName(app.getState())).toBe('Alan');
    await app.route('addAccount', {});
    await app.route('submitPhone', { phone: ADA });
    await app.idle();
    expect(shownName(app.getState())).toBe('Ada');
    expect(server.log().filter((e) => e.method === 'auth.signIn')).toHaveLength(signIns);

    // Grace never logged out here: her number is offered no token, and she gets a code.
    const codes = server.inbox(GRACE).length;
    await app.route('addAccount', {});
    await app.route('submitPhone', { phone: GRACE });
    await app.idle();
    expect(app.getState().step).toBe('code');
    expect(server.inbox(GRACE).length).toBe(codes + 1);
  });

  it('the single token list of an earlier version still lets its account skip the code', async () => {
    const app = await startCore();
    await codeSignIn(app, ADA);
    await app.route('logOutAll', {});
    await app.idle();
    // As an earlier version kept it: one list for the app, with no number beside the token.
    const own = (await keytar().findCredentials(SERVICE)).find((c) => c.account === 'gramdesk-future-auth-tokens#15550100')!;
    await clearItems();
    await keytar().setPassword(SERVICE, 'gramdesk-future-auth-tokens', own.password);
    await app.dispose();

    const again = await startCore();
    const signIns = server.log().filter((e) => e.method === 'auth.signIn').length;
    await again.route('submitPhone', { phone: ADA });
    await again.idle();
    expect(shownName(again.getState())).toBe('Ada');
    expect(server.log().filter((e) => e.method === 'auth.signIn')).toHaveLength(signIns);
  });
});
