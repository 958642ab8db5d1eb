// Every transport the server speaks, plain and inside obfuscated2, driven by the raw test client
// (gramjs ships only full, abridged and obfuscated abridged): a full handshake with each
// p_q_inner_data variant the spec allows, and one encrypted API call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { RawMtprotoClient } from './raw-mtproto-client';
import { startTestDc, testConfig, type TestDc } from './test-kit';
import { toBigInteger } from '../mtproto/binary';
import type { TransportKind } from '../mtproto/transport-framing';

let dc: TestDc;

beforeAll(async () => {
  dc = await startTestDc(3);
});

afterAll(async () => {
  await dc.server.close();
});

const kinds: TransportKind[] = ['abridged', 'intermediate', 'padded', 'full'];

describe('raw transports', () => {
  for (const obfuscated of [false, true]) {
    for (const kind of kinds) {
      it(`${obfuscated ? 'obfuscated ' : ''}${kind}: handshake and an encrypted call`, async () => {
        const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind, obfuscated, dcId: 3 });
        try {
          const key = await client.handshake(dc.rsaPublicKey, dc.fingerprint);
          expect(dc.dispatcher.createdKeys).toContain(key.id);
          const nearest = await client.invoke(new Api.help.GetNearestDc());
          expect(nearest).toBeInstanceOf(Api.NearestDc);
          expect(nearest.thisDc).toBe(3);
          expect(dc.dispatcher.calls.at(-1)?.ctx.authKeyId).toBe(key.id);
        } finally {
          client.close();
        }
      });
    }
  }

  it('carries packets longer than the abridged one-byte length and than a TCP read, and gzips big results', async () => {
    const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind: 'abridged', obfuscated: true, dcId: 3 });
    try {
      await client.handshake(dc.rsaPublicKey, dc.fingerprint);
      const big = 'x'.repeat(300_000);
      let receivedLength = -1;
      dc.dispatcher.overrides.set('help.SaveAppLog', async (request) => {
        const data = (request as Api.help.SaveAppLog).events[0]?.data;
        receivedLength = data instanceof Api.JsonString ? data.value.length : -1;
        return true;
      });
      const saved = await client.invoke(
        new Api.help.SaveAppLog({ events: [new Api.InputAppEvent({ time: 0, type: 't', peer: toBigInteger(0n), data: new Api.JsonString({ value: big }) })] }),
      );
      expect(saved).toBe(true);
      expect(receivedLength).toBe(big.length);

      const domain = 'd'.repeat(100_000);
      dc.dispatcher.overrides.set('help.GetConfig', async () => Object.assign(testConfig(dc.dispatcher.dc, dc.clock), { dcTxtDomainName: domain }));
      const config = await client.invoke(new Api.help.GetConfig());
      expect(config.dcTxtDomainName).toBe(domain);
    } finally {
      dc.dispatcher.overrides.clear();
      client.close();
    }
  });
});

describe('p_q_inner_data variants', () => {
  for (const variant of ['plain', 'dc', 'temp', 'temp_dc'] as const) {
    it(`accepts ${variant}`, async () => {
      const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind: 'intermediate', dcId: 3 });
      try {
        await client.handshake(dc.rsaPublicKey, dc.fingerprint, { variant, expiresIn: 60 });
        expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(3);
      } finally {
        client.close();
      }
    });
  }

  it('forgets a temporary key once expires_in has passed on the server clock', async () => {
    const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind: 'intermediate', dcId: 3 });
    try {
      const key = await client.handshake(dc.rsaPublicKey, dc.fingerprint, { variant: 'temp_dc', expiresIn: 120 });
      expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(3);
      dc.clock.skewMs = 121_000;
      client.timeOffset += 121;
      client.sendEncrypted(new Api.help.GetNearestDc().getBytes());
      expect(await client.receive()).toEqual({ type: 'transport-error', code: 404 });
      expect(dc.dispatcher.forgottenKeys).toContain(key.id);
    } finally {
      dc.clock.skewMs = 0;
      client.close();
    }
  });

  it('refuses p_q_inner_data_dc naming another DC', async () => {
    const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind: 'intermediate', dcId: 4 });
    try {
      await expect(client.handshake(dc.rsaPublicKey, dc.fingerprint, { variant: 'dc' })).rejects.toThrow(/transport error -404/);
    } finally {
      client.close();
    }
  });
});
