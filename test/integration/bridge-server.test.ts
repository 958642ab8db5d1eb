// Browser mode's bridge over real HTTP on loopback, with the real app core behind it (demo mode
// against a local server started here, keychain off). Every refused request must change nothing:
// the login state stays as it was and the server sees no call.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginState } from '../../common/login-state';
import { createAppCore, type AppCore } from '../../main/app-core';
import { startBridgeServer, type BridgeServer } from '../../main/browser-mode/bridge-server';
import { CONTENT_SECURITY_POLICY } from '../../main/security/content-security-policy';
import { startLocalServer, type LocalServer } from '../../server/local-server';

const ADA = '+15550100';
let server: LocalServer;
let core: AppCore;
let bridge: BridgeServer;
let root: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host, Origin and the path go out exactly as written. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: bridge.port, method, path, headers: { host: `127.0.0.1:${bridge.port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const auth = () => ({ authorization: `Bearer ${bridge.token}` });
const json = { 'content-type': 'application/json' };
const submitPhone = (headers: Record<string, string>) =>
  send('POST', '/api/intent/submitPhone', { ...json, ...headers }, JSON.stringify({ phone: ADA }));

function expectNothingChanged(before: LoginState): void {
  expect(core.getState()).toBe(before);
  expect(server.log().filter((e) => e.method === 'auth.sendCode')).toEqual([]);
}

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
  core = await createAppCore({
    env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' },
  });
  await core.started;
  root = mkdtempSync(join(tmpdir(), 'gramdesk-bridge-'));
  const dist = join(root, 'renderer');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Gramdesk</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(dist, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE');
  bridge = await startBridgeServer({ core, staticDir: dist, port: 0 });
});

afterEach(async () => {
  await core.idle();
});

afterAll(async () => {
  await bridge?.close();
  await core?.dispose();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('bridge: launch', () => {
  it('listens on 127.0.0.1 with a 256-bit base64url token in the URL fragment', () => {
    expect(bridge.origin).toBe(`http://127.0.0.1:${bridge.port}`);
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
  });
});

describe('bridge: refusals change nothing', () => {
  it('no token: 403', async () => {
    const before = core.getState();
    expect((await submitPhone({})).status).toBe(403);
    expectNothingChanged(before);
  });

  it('a wrong token (same length, and shorter): 403', async () => {
    const before = core.getState();
    const wrong = bridge.token.slice(0, -1) + (bridge.token.endsWith('A') ? 'B' : 'A');
    expect((await submitPhone({ authorization: `Bearer ${wrong}` })).status).toBe(403);
    expect((await submitPhone({ authorization: `Bearer ${bridge.token.slice(0, 10)}` })).status).toBe(403);
    expect((await submitPhone({ authorization: bridge.token })).status).toBe(403);
    expect((await send('GET', `/api/state?token=${bridge.token}`)).status).toBe(403);
    expectNothingChanged(before);
  });

  it('a foreign Host (DNS rebinding), even with the token: 403', async () => {
    const before = core.getState();
    for (const host of [`evil.example:${bridge.port}`, '127.0.0.1', `127.0.0.1:${bridge.port + 1}`, `localhost.evil.example:${bridge.port}`]) {
      expect((await submitPhone({ ...auth(), host })).status, host).toBe(403);
    }
    expect((await send('GET', '/', { host: `evil.example:${bridge.port}` })).status).toBe(403);
    expectNothingChanged(before);
  });

  it('a foreign Origin, even with the token: 403', async () => {
    const before = core.getState();
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${bridge.port + 1}`, `https://127.0.0.1:${bridge.port}`]) {
      expect((await submitPhone({ ...auth(), origin })).status, origin).toBe(403);
    }
    expectNothingChanged(before);
  });

  it('a cross-site Sec-Fetch-Site, even with the token: 403', async () => {
    const before = core.getState();
    for (const site of ['cross-site', 'same-site']) {
      expect((await submitPhone({ ...auth(), 'sec-fetch-site': site })).status, site).toBe(403);
    }
    expectNothingChanged(before);
  });

  it("the page's own requests pass: its Origin, Sec-Fetch-Site same-origin, Host localhost or 127.0.0.1", async () => {
    const before = core.getState();
    for (const host of [`127.0.0.1:${bridge.port}`, `localhost:${bridge.port}`]) {
      const r = await send('POST', '/api/intent/getState', {
        ...auth(),
        ...json,
        host,
        origin: `http://${host}`,
        'sec-fetch-site': 'same-origin',
      }, '{}');
      expect([r.status, JSON.parse(r.body)]).toEqual([200, { ok: true, value: before }]);
    }
    expectNothingChanged(before);
  });

  it('bad calls get typed errors', async () => {
    const before = core.getState();
    const unknown = await send('POST', '/api/intent/deleteAccount', { ...auth(), ...json }, '{}');
    expect([unknown.status, JSON.parse(unknown.body)]).toEqual([200, { ok: false, error: 'UNKNOWN_INTENT' }]);
    const badArgs = await send('POST', '/api/intent/submitPhone', { ...auth(), ...json }, JSON.stringify({ phone: 1 }));
    expect(JSON.parse(badArgs.body)).toEqual({ ok: false, error: 'BAD_ARGUMENTS' });
    const badJson = await send('POST', '/api/intent/submitPhone', { ...auth(), ...json }, '{"phone":');
    expect(JSON.parse(badJson.body)).toEqual({ ok: false, error: 'BAD_ARGUMENTS' });
    const notJson = await send('POST', '/api/intent/submitPhone', { ...auth(), 'content-type': 'text/plain' }, JSON.stringify({ phone: ADA }));
    expect(notJson.status).toBe(415);
    const huge = await send('POST', '/api/intent/submitPhone', { ...auth(), ...json }, JSON.stringify({ phone: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    const wrongMethod = await send('GET', '/api/intent/submitPhone', auth());
    expect(wrongMethod.status).toBe(405);
    expectNothingChanged(before);
  });
});

describe('bridge: static files', () => {
  it('serves index.html at / with the app CSP and security headers', async () => {
    const r = await send('GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body).toContain('<title>Gramdesk</title>');
  });

  it('serves assets with their content types', async () => {
    expect((await send('GET', '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('GET', '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await send('GET', '/assets/missing.js')).status).toBe(404);
  });

  it('refuses every way out of the renderer directory', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%00.js',
    ]) {
      const r = await send('GET', path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toContain('TOP-SECRET-OUTSIDE');
    }
  });

  it('only GET and HEAD', async () => {
    expect((await send('POST', '/index.html', {}, 'x')).status).toBe(405);
    const head = await send('HEAD', '/index.html');
    expect([head.status, head.body]).toEqual([200, '']);
  });
});

describe('bridge: the contract over HTTP', () => {
  it('GET /api/environment is the getEnvironment intent', async () => {
    const r = await send('GET', '/api/environment', auth());
    const env = JSON.parse(r.body);
    expect(env).toMatchObject({
      ok: true,
      value: {
        mode: 'demo',
        keychain: { available: false, reason: expect.stringContaining('GRAMDESK_KEYCHAIN=off') },
        inboxUrl: `${server.controlUrl}/inbox/<digits>`,
      },
    });
    expect(env.value.demoUsers.map((u: { phone: string }) => u.phone)).toEqual(['+15550100', '+15550101', '+15550102', '+15550103']);
  });

  it('the state stream sends the current state first, then every change of an intent sent over the bridge', async () => {
    const controller = new AbortController();
    const res = await fetch(`${bridge.origin}/api/state`, { headers: auth(), signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const events: LoginState[] = [];
    /** Read until `n` events have arrived (the stream is the event: no sleeping). */
    async function until(n: number): Promise<void> {
      while (events.length < n) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)) as LoginState);
        }
      }
    }
    await until(1);
    expect(events[0]).toEqual(core.getState());
    expect(events[0]).toMatchObject({ step: 'phone', busy: null });

    const r = await fetch(`${bridge.origin}/api/intent/submitPhone`, {
      method: 'POST',
      headers: { ...auth(), ...json },
      body: JSON.stringify({ phone: ADA }),
    });
    expect(await r.json()).toEqual({ ok: true, value: null });
    await until(3);
    expect(events[1]).toEqual({ step: 'phone', phone: ADA, busy: 'send_code', error: null, accounts: expect.objectContaining({ adding: true }) });
    expect(events[2]).toMatchObject({ step: 'code', phone: ADA, delivery: { kind: 'app' }, next: 'sms', busy: null });

    const state = await send('POST', '/api/intent/getState', { ...auth(), ...json }, '{}');
    expect(JSON.parse(state.body)).toEqual({ ok: true, value: events[2] });
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
