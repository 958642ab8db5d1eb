// The server's front door: the control API over real HTTP (including bad input), and the CLI's
// ready line and clean stop.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Api, type TelegramClient } from 'telegram';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalClient } from '../../main/telegram/local-server-client';
import { startLocalServer, type LocalServer } from '../local-server';
import { failureText } from './failure-text';

let server: LocalServer;
let clients: TelegramClient[] = [];

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
});
afterEach(async () => {
  await Promise.allSettled(clients.map((c) => c.destroy()));
  clients = [];
});

async function http(method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(server.controlUrl + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function client(dcId = 2): Promise<TelegramClient> {
  const c = createLocalClient({ dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, dcId });
  clients.push(c);
  await c.connect();
  return c;
}

describe('control API', () => {
  it('GET /ready is the ready line; the DCs and control URL are on loopback below 32768', async () => {
    const { status, json } = await http('GET', '/ready');
    expect(status).toBe(200);
    expect(json).toEqual(JSON.parse(JSON.stringify(server.readyLine())));
    expect(json.control).toBe(server.controlUrl);
    expect(json.rsaFingerprint).toBe(server.rsaFingerprint.toString());
    const dcs = json.dcs as Array<{ id: number; host: string; port: number }>;
    expect(dcs.map((d) => d.id)).toEqual([1, 2, 3]);
    for (const d of dcs) {
      expect(d.host).toBe('127.0.0.1');
      expect(d.port).toBeLessThan(32768);
      expect(d.port).toBe(Number(new URL(server.controlUrl).port) + d.id);
    }
  });

  it('POST /users adds an account (201) that signs in with the code from GET /inbox', async () => {
    const add = await http('POST', '/users', { phone: '+15550140', firstName: 'Lin', lastName: 'Qiao', dc: 1, codeChannels: ['sms', 'call'] });
    expect(add.status).toBe(201);
    expect(add.json.user).toMatchObject({ phone: '+15550140', dc: 1, codeChannels: ['sms', 'call'], hasPassword: false });
    const c = await client(1);
    const sent = (await c.invoke(new Api.auth.SendCode({ phoneNumber: '+15550140', apiId: 2040, apiHash: 'h', settings: new Api.CodeSettings({}) }))) as Api.auth.SentCode;
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
    const inbox = await http('GET', '/inbox/15550140');
    const messages = inbox.json.messages as Array<{ channel: string; code: string }>;
    expect(messages).toHaveLength(1);
    expect(messages[0]!.channel).toBe('sms');
    const auth = await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550140', phoneCodeHash: sent.phoneCodeHash, phoneCode: messages[0]!.code }));
    expect(((auth as Api.auth.Authorization).user as Api.User).lastName).toBe('Qiao');
    const users = await http('GET', '/users');
    expect((users.json.users as unknown[]).length).toBe(server.demoUsers.length + 1);
  });

  it('bad bodies get 400 with a specific message and change nothing', async () => {
    const cases: Array<[string, string, unknown, RegExp, string?]> = [
      ['POST', '/users', undefined, /body is not valid JSON/, '{"phone":'],
      ['POST', '/users', [1, 2], /must be a JSON object/],
      ['POST', '/users', { phone: '555', firstName: 'X' }, /phone must be/],
      ['POST', '/users', { phone: '+15550141' }, /firstName/],
      ['POST', '/users', { phone: '+15550141', firstName: 'X', dc: 7 }, /dc must be one of 1, 2, 3/],
      ['POST', '/users', { phone: '+15550141', firstName: 'X', codeChannels: ['sms', 'app'] }, /can only be the first channel/],
      ['POST', '/users', { phone: '+15550141', firstName: 'X', codeChannels: ['pigeon'] }, /codeChannels\[0\] must be one of/],
      ['POST', '/users', { phone: '+15550141', firstName: 'X', nickname: 'x' }, /unknown field "nickname"/],
      ['POST', '/users', { phone: '+15550141', firstName: 'X', recoveryEmail: 'not-mail', password: 'p' }, /recoveryEmail must be an email/],
      ['POST', '/faults', { method: 'auth.sendcode', error: 'FLOOD_WAIT_30' }, /method must be a method of the schema/],
      ['POST', '/faults', { method: 'auth.sendCode', error: 'flood wait' }, /error must be a Telegram error string/],
      ['POST', '/faults', { method: 'auth.sendCode' }, /needs "error", "delayMs" or "dropConnection"/],
      ['POST', '/faults', { method: 'auth.sendCode', error: 'X_Y', times: 0 }, /times must be a positive integer/],
      ['POST', '/faults', { method: 'auth.sendCode', delayMs: -1 }, /delayMs must be/],
      ['POST', '/faults', { dropConnections: 9 }, /dropConnections must be a DC id/],
      ['POST', '/faults', { transportFlood: 2, times: 'x' }, /times must be an integer/],
      ['POST', '/faults', { clockSkewMs: 'soon' }, /clockSkewMs must be an integer/],
      ['POST', '/faults', { method: 'auth.signIn', error: 'X_Y', dropConnection: true }, /not both/],
      ['POST', '/faults', [{ method: 'auth.sendCode', error: 'A_B' }, { nope: 1 }], /fault 1: unknown field "nope"/],
      ['POST', '/qr/accept', { phone: 5 }, /phone must be a string/],
      ['POST', '/qr/accept', { phone: '+15550100', token: 'not base64!' }, /token must be/],
      ['POST', '/sessions/end', { phone: '+15550100', device: '' }, /device must be a device model/],
      ['POST', '/sessions/end', { phone: '+15550100', when: 'now' }, /unknown field "when"/],
      ['POST', '/sessions/end', { phone: '555' }, /phone must be/],
      ['POST', '/settings', { codeTtlMs: 5 }, /codeTtlMs must be an integer from 1000/],
      ['POST', '/settings', { shoeSize: 5 }, /unknown setting "shoeSize"/],
      ['POST', '/settings', { publishedApiIds: [2040, 0] }, /publishedApiIds must be a list of at most 100 api_ids/],
      ['POST', '/settings', { smsGatewayDown: 'yes' }, /smsGatewayDown must be true or false/],
    ];
    for (const [method, path, body, message, raw] of cases) {
      const r = await http(method, path, body, raw);
      expect(r.status, `${path} ${JSON.stringify(body ?? raw)}`).toBe(400);
      expect(r.json.error, `${path} ${JSON.stringify(body ?? raw)}`).toMatch(message);
    }
    expect(server.faults.list()).toEqual([]);
    expect(server.users.list()).toHaveLength(server.demoUsers.length);
    expect((await http('GET', '/inbox/abc')).status).toBe(400);
    expect((await http('GET', '/nowhere')).status).toBe(404);
    expect((await http('DELETE', '/users')).status).toBe(405);
    const big = await http('POST', '/users', undefined, JSON.stringify({ phone: '+15550142', firstName: 'x'.repeat(70_000) }));
    expect(big.status).toBe(413);
    // Still serving.
    expect((await http('GET', '/ready')).status).toBe(200);
  });

  it('POST /faults: an error for `times` calls, listed until used up; DELETE clears', async () => {
    const r = await http('POST', '/faults', { method: 'auth.sendCode', error: 'RPC_CALL_FAIL', times: 1 });
    expect(r.status).toBe(201);
    expect(r.json.fault).toMatchObject({ method: 'auth.sendCode', error: { message: 'RPC_CALL_FAIL', code: 500 }, remaining: 1 });
    const c = await client(2);
    // gramjs retries a 500 RPC_CALL_FAIL by itself (after 2 s); the second try gets through.
    const sent = await c.invoke(new Api.auth.SendCode({ phoneNumber: '+15550100', apiId: 2040, apiHash: 'h', settings: new Api.CodeSettings({}) }));
    expect(sent).toBeInstanceOf(Api.auth.SentCode);
    expect(server.log().filter((e) => e.method === 'auth.sendCode').map((e) => e.error ?? e.outcome)).toEqual(['500 RPC_CALL_FAIL', 'ok']);
    expect((await http('GET', '/faults')).json.faults).toEqual([]);
    await http('POST', '/faults', { method: '*', delayMs: 10, times: 5 });
    expect((await http('GET', '/faults')).json.faults).toHaveLength(1);
    expect((await http('DELETE', '/faults')).json.faults).toEqual([]);
    const ev = await http('POST', '/faults', { clockSkewMs: 60_000 });
    expect(ev.json).toEqual({ event: { kind: 'clockSkew', ms: 60_000 } });
    expect(Math.abs(server.clock.now() - Date.now() - 60_000)).toBeLessThan(1_000);
  });

  it('POST /qr/accept: 404 unknown phone, 409 when no token is shown, 200 and the push when it is', async () => {
    expect((await http('POST', '/qr/accept', { phone: '+15559999' })).status).toBe(404);
    const none = await http('POST', '/qr/accept', { phone: '+15550100' });
    expect(none.status).toBe(409);
    expect(none.json.error).toBe('NO_TOKEN');
    const c = await client(2);
    const pushed = new Promise<void>((resolve) => c.addEventHandler((u) => u instanceof Api.UpdateLoginToken && resolve()));
    await c.invoke(new Api.auth.ExportLoginToken({ apiId: 2040, apiHash: 'h', exceptIds: [] }));
    const ok = await http('POST', '/qr/accept', { phone: '+15550100' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, dc: 2, pushedTo: 1 });
    await pushed;
    expect(await c.invoke(new Api.auth.ExportLoginToken({ apiId: 2040, apiHash: 'h', exceptIds: [] }))).toBeInstanceOf(Api.auth.LoginTokenSuccess);
    const again = await http('POST', '/qr/accept', { phone: '+15550100', token: ok.json.token });
    expect(again.json.error).toBe('AUTH_TOKEN_ALREADY_ACCEPTED');
  });

  it('POST /sessions/end: the sessions on that device model answer SESSION_REVOKED, the others go on', async () => {
    const c = await client(2);
    const sent = (await c.invoke(new Api.auth.SendCode({ phoneNumber: '+15550100', apiId: 2040, apiHash: 'h', settings: new Api.CodeSettings({}) }))) as Api.auth.SentCode;
    const code = ((await http('GET', '/inbox/15550100')).json.messages as Array<{ code: string }>).at(-1)!.code;
    await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));
    const self = () => c.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));

    expect((await http('POST', '/sessions/end', { phone: '+15559999' })).status).toBe(404);
    expect((await http('POST', '/sessions/end', { phone: '+15550100', device: 'Some phone' })).json).toEqual({ ok: true, phone: '+15550100', ended: 0 });
    expect(await self()).toHaveLength(1);
    expect((await http('POST', '/sessions/end', { phone: '+15550100', device: 'Gramdesk test' })).json).toEqual({ ok: true, phone: '+15550100', ended: 1 });
    await expect(self()).rejects.toThrow(/SESSION_REVOKED/);
  });

  it('GET /log filters by method; POST /reset empties inbox, log, faults and added users', async () => {
    await http('POST', '/users', { phone: '+15550143', firstName: 'Temp' });
    const c = await client(2);
    await c.invoke(new Api.auth.SendCode({ phoneNumber: '+15550100', apiId: 2040, apiHash: 'h', settings: new Api.CodeSettings({}) }));
    const log = await http('GET', '/log?method=auth.sendCode');
    expect(log.json.entries).toEqual([expect.objectContaining({ method: 'auth.sendCode', dc: 2, outcome: 'ok', result: 'auth.SentCode' })]);
    await http('POST', '/faults', { method: 'auth.signIn', error: 'X_Y' });
    await http('POST', '/settings', { codeLength: 6 });
    expect((await http('POST', '/reset')).json).toEqual({ reset: true });
    expect((await http('GET', '/inbox/15550100')).json.messages).toEqual([]);
    expect((await http('GET', '/log')).json.entries).toEqual([]);
    expect((await http('GET', '/faults')).json.faults).toEqual([]);
    expect((await http('GET', '/settings')).json.settings).toMatchObject({ codeLength: 5 });
    expect((await http('GET', '/users')).json.users).toHaveLength(server.demoUsers.length);
  });
});

describe('settings and accounts the auth errors follow', () => {
  const sendCode = (c: TelegramClient, phone: string) =>
    c.invoke(new Api.auth.SendCode({ phoneNumber: phone, apiId: 2040, apiHash: 'h', settings: new Api.CodeSettings({}) }));
  const failure = (p: Promise<unknown>) =>
    failureText(p, (e) => ((e as { errorMessage?: string }).errorMessage ? `${(e as { code: number }).code} ${(e as { errorMessage: string }).errorMessage}` : null));

  it('publishedApiIds: an app whose api_id is listed can neither send a code nor show a QR code; others can', async () => {
    expect((await http('POST', '/settings', { publishedApiIds: [2040] })).json.settings).toMatchObject({ publishedApiIds: [2040] });
    const c = await client(2);
    expect(await failure(sendCode(c, '+15550100'))).toBe('400 API_ID_PUBLISHED_FLOOD');
    expect(await failure(c.invoke(new Api.auth.ExportLoginToken({ apiId: 2040, apiHash: 'h', exceptIds: [] })))).toBe('400 API_ID_PUBLISHED_FLOOD');
    expect((await http('GET', '/inbox/15550100')).json.messages).toEqual([]);
    const other = await c.invoke(new Api.auth.SendCode({ phoneNumber: '+15550100', apiId: 2041, apiHash: 'h', settings: new Api.CodeSettings({}) }));
    expect(other).toBeInstanceOf(Api.auth.SentCode);
  });

  it('smsGatewayDown: a code that would go by SMS is not made, one in the app still is', async () => {
    await http('POST', '/settings', { smsGatewayDown: true });
    const c = await client(2);
    expect(await failure(sendCode(c, '+15557010'))).toBe('400 SMS_CODE_CREATE_FAILED');
    expect((await http('GET', '/inbox/15557010')).json.messages).toEqual([]);
    const sent = (await sendCode(c, '+15550100')) as Api.auth.SentCode;
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeApp);
    await http('POST', '/settings', { smsGatewayDown: false });
    expect(((await sendCode(c, '+15557010')) as Api.auth.SentCode).type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
  });

  it('auth.requestFirebaseSms without any device proof is PHONE_CODE_EMPTY; with one it is taken', async () => {
    const c = await client(2);
    const sent = (await sendCode(c, '+15557011')) as Api.auth.SentCode;
    const ask = (proof: Partial<Api.auth.RequestFirebaseSms>) =>
      c.invoke(new Api.auth.RequestFirebaseSms({ phoneNumber: '+15557011', phoneCodeHash: sent.phoneCodeHash, ...proof }));
    expect(await failure(ask({}))).toBe('400 PHONE_CODE_EMPTY');
    expect(await ask({ playIntegrityToken: 'integrity-verdict' })).toBe(true);
  });
});

describe('startLocalServer', () => {
  it('refuses ports already in use with a clear message, and leaves nothing listening', async () => {
    const base = Number(new URL(server.controlUrl).port);
    await expect(startLocalServer({ port: base, demoUsers: false })).rejects.toThrow(/in use/);
    // The running server is unaffected.
    expect((await http('GET', '/ready')).status).toBe(200);
  });

  it('rejects ports whose DCs would not fit in int16, and bad settings', async () => {
    await expect(startLocalServer({ port: 32766 })).rejects.toThrow(/below 32768/);
    await expect(startLocalServer({ port: 'auto', settings: { codeLength: 99 } })).rejects.toThrow(/codeLength/);
  });

  it('demoUsers: false starts with no accounts; users added in-process sign in', async () => {
    const empty = await startLocalServer({ port: 'auto', demoUsers: false, dcCount: 2 });
    try {
      expect(empty.demoUsers).toEqual([]);
      expect(empty.users.list()).toEqual([]);
      expect(empty.dcs.map((d) => d.id)).toEqual([1, 2]);
      expect(() => empty.users.add({ phone: '+1555', firstName: 'X' })).toThrow(/phone must be/);
      expect(empty.users.add({ phone: '+15550110', firstName: 'Solo', dc: 1 })).toMatchObject({ phone: '+15550110', dc: 1 });
    } finally {
      await empty.stop();
    }
  });
});

describe('npm run server (cli.ts)', () => {
  it('prints exactly one ready JSON line on stdout, answers on it, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', 'auto'], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      rl.on('line', (l) => {
        lines.push(l);
        if (lines.length === 1) resolve(l);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const ready = JSON.parse(first) as Record<string, unknown>;
    expect(Object.keys(ready)).toEqual(['ready', 'dcs', 'rsaPublicKey', 'rsaFingerprint', 'control']);
    expect(ready.ready).toBe(true);
    expect(ready.rsaPublicKey).toMatch(/^-----BEGIN RSA PUBLIC KEY-----\n/);
    expect(ready.rsaFingerprint).toMatch(/^-?\d+$/);
    const res = await fetch(`${ready.control as string}/users`);
    expect(((await res.json()) as { users: unknown[] }).users).toHaveLength(4);
    expect(stderr).toContain('+15550101');
    expect(stderr).toContain('hunter2');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toHaveLength(1);
    await expect(fetch(`${ready.control as string}/ready`)).rejects.toThrow();
  });

  it('rejects a bad --port with a message and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', '40000'], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port must be/);
  });
});
