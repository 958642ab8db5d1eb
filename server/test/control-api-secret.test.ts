// The control API of a server started with a secret (the one the app starts for its demo):
// anything on this machine can reach its port, so it answers only calls that carry the secret,
// name it by its loopback address and come from no web page. Every refusal is a 403 that does
// nothing. Without a secret (`npm run server`) it stays open on loopback.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../local-server';

const SECRET = 'per-launch-secret-for-this-test-0123456789';

let guarded: LocalServer;
let open: LocalServer;

beforeAll(async () => {
  guarded = await startLocalServer({ port: 'auto', controlSecret: SECRET });
  open = await startLocalServer({ port: 'auto' });
});
afterAll(async () => {
  await guarded?.stop();
  await open?.stop();
});

/** A raw HTTP call, so Host and the other headers a browser would set can be chosen freely. */
function call(server: LocalServer, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(server.controlUrl);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(url.port), path, method: options.method ?? 'GET', headers: { host: url.host, ...options.headers } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = { authorization: `Bearer ${SECRET}` };

describe('the control API with a secret', () => {
  it('answers a call with the secret and its own loopback Host', async () => {
    const ready = await call(guarded, '/ready', { headers: auth });
    expect(ready.status).toBe(200);
    const port = new URL(guarded.controlUrl).port;
    expect((await call(guarded, '/ready', { headers: { ...auth, host: `localhost:${port}` } })).status).toBe(200);
  });

  it.each([
    ['no secret', {}],
    ['a wrong secret', { authorization: `Bearer ${SECRET}x` }],
    ['a secret of another scheme', { authorization: `Basic ${SECRET}` }],
  ])('refuses a call with %s, and reads no codes', async (_what, headers) => {
    await guarded.reset();
    const out = await call(guarded, '/inbox/15550100', { headers });
    expect(out.status).toBe(403);
    expect(JSON.parse(out.body)).toEqual({ error: 'missing or wrong secret' });
  });

  it('refuses a foreign Host (DNS rebinding) even with the secret', async () => {
    const port = new URL(guarded.controlUrl).port;
    const out = await call(guarded, '/inbox/15550100', { headers: { ...auth, host: `rebind.example:${port}` } });
    expect(out.status).toBe(403);
    expect(JSON.parse(out.body)).toEqual({ error: 'unexpected Host' });
    expect((await call(guarded, '/ready', { headers: { ...auth, host: '127.0.0.1:1' } })).status).toBe(403);
  });

  it('refuses a web page: a cross-site text/plain POST adds no user', async () => {
    const before = guarded.users.list().length;
    const body = JSON.stringify({ phone: '+15550177', firstName: 'Intruder' });
    const withOrigin = await call(guarded, '/users', {
      method: 'POST',
      headers: { ...auth, origin: 'https://evil.example', 'content-type': 'text/plain' },
      body,
    });
    expect(withOrigin.status).toBe(403);
    expect(JSON.parse(withOrigin.body)).toEqual({ error: 'cross-origin request' });
    const crossSite = await call(guarded, '/users', {
      method: 'POST',
      headers: { ...auth, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      body,
    });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body)).toEqual({ error: 'cross-site request' });
    expect(guarded.users.list().length).toBe(before);
    expect(guarded.users.list().map((u) => u.phone)).not.toContain('+15550177');
  });
});

describe('the control API without a secret (npm run server)', () => {
  it('stays open on loopback for tests and scripts', async () => {
    const out = await call(open, '/ready');
    expect(out.status).toBe(200);
    expect(JSON.parse(out.body)).toMatchObject({ ready: true, control: open.controlUrl });
  });
});
