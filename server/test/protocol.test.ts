// A stock gramjs TelegramClient against the local DC over each transport gramjs ships: auth key
// creation, the first encrypted call (invokeWithLayer + initConnection + help.getConfig), a plain
// API call, an update push, and clock skew in both directions.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Api, type TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { createLocalClient, type GramjsTransport } from '../../main/telegram/local-server-client';
import { startTestDc, type TestDc } from './test-kit';

let dc: TestDc;
const clients: TelegramClient[] = [];

function client(options: { transport?: GramjsTransport; session?: string } = {}): TelegramClient {
  const c = createLocalClient({ dcs: dc.dcs, rsaPublicKey: dc.rsaPublicKey, ...options });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  dc = await startTestDc(2);
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  dc.clock.skewMs = 0;
});

afterAll(async () => {
  await dc.server.close();
});

describe('gramjs over every transport it ships', () => {
  for (const transport of ['full', 'abridged', 'obfuscated'] as const) {
    it(`creates an auth key and makes encrypted calls over ${transport}`, async () => {
      const before = dc.server.stats().handshakesCompleted;
      const c = client({ transport });
      await c.connect();
      expect(dc.server.stats().handshakesCompleted).toBe(before + 1);

      const nearest = await c.invoke(new Api.help.GetNearestDc());
      expect(nearest).toBeInstanceOf(Api.NearestDc);
      expect(nearest.thisDc).toBe(2);

      // connect() sent invokeWithLayer(initConnection(help.getConfig)); the wrappers were unwrapped
      // and what they said is kept on the key.
      const first = dc.dispatcher.calls.find((x) => x.request instanceof Api.help.GetConfig && x.ctx.authKeyId === dc.dispatcher.createdKeys.at(-1));
      expect(first?.ctx.layer).toBe(198);
      const last = dc.dispatcher.calls.at(-1)!;
      expect(last.request).toBeInstanceOf(Api.help.GetNearestDc);
      expect(last.ctx.client).toMatchObject({ apiId: 2040, deviceModel: 'Gramdesk test', appVersion: '0.1.0', langCode: 'en' });
      expect(last.ctx.dcId).toBe(2);
      expect(last.ctx.remoteAddress).toMatch(/127\.0\.0\.1/);
    });
  }

  it('resumes a saved session without a new handshake', async () => {
    const c1 = client();
    await c1.connect();
    const saved = c1.session.save() as unknown as string;
    await c1.destroy();
    const handshakes = dc.server.stats().handshakesCompleted;
    const c2 = client({ session: saved });
    await c2.connect();
    expect((await c2.invoke(new Api.help.GetNearestDc())).thisDc).toBe(2);
    expect(dc.server.stats().handshakesCompleted).toBe(handshakes);
  });

  it('delivers pushed updates to the live session of that auth key', async () => {
    const c = client();
    await c.connect();
    const authKeyId = dc.dispatcher.createdKeys.at(-1)!;
    const received = new Promise<Api.TypeUpdate>((resolve) => c.addEventHandler((u) => resolve(u as Api.TypeUpdate), new Raw({})));
    const pushed = dc.server.pushUpdates(authKeyId, new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: Math.floor(Date.now() / 1000) }));
    expect(pushed).toBe(1);
    expect(await received).toBeInstanceOf(Api.UpdateLoginToken);
  });

  it('answers a dispatcher RpcError as rpc_error, which gramjs raises', async () => {
    const c = client();
    await c.connect();
    await expect(c.invoke(new Api.help.GetAppConfig({ hash: 0 }))).rejects.toMatchObject({ code: 400, errorMessage: 'METHOD_NOT_SUPPORTED_IN_PROTOCOL_TESTS' });
  });
});

describe('clock skew', () => {
  for (const hours of [1, -1]) {
    it(`a fresh client adopts a server clock ${hours > 0 ? 'ahead' : 'behind'} by an hour from the handshake`, async () => {
      dc.clock.skewMs = hours * 3_600_000;
      const c = client();
      await c.connect();
      expect((await c.invoke(new Api.help.GetNearestDc())).thisDc).toBe(2);
    });

    it(`a resumed client corrects its time offset from bad_msg_notification ${hours > 0 ? 16 : 17}`, async () => {
      const c1 = client();
      await c1.connect();
      const saved = c1.session.save() as unknown as string;
      await c1.destroy();
      dc.clock.skewMs = hours * 3_600_000;
      const code = hours > 0 ? 16 : 17;
      const before = dc.server.stats().badMsgNotifications[code] ?? 0;
      const c2 = client({ session: saved });
      await c2.connect();
      expect((await c2.invoke(new Api.help.GetNearestDc())).thisDc).toBe(2);
      expect(dc.server.stats().badMsgNotifications[code] ?? 0).toBeGreaterThan(before);
    });
  }
});
