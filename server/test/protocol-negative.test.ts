// Malformed, hostile or out-of-spec traffic, each answered as the MTProto spec says, and a fresh
// client served normally afterwards every time.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { RpcError } from '../mtproto/dc-types';
import { int32LE, int64LE, toBigInteger, uint32LE } from '../mtproto/binary';
import { computeAuthKeyId } from '../mtproto/message-crypto';
import { msgIdFromTime } from '../mtproto/msg-id';
import { RawMtprotoClient, RpcResultMessage, type ReceivedMessage } from './raw-mtproto-client';
import { CTOR, msgContainer } from '../mtproto/service-messages';
import { startTestDc, type TestDc } from './test-kit';

let dc: TestDc;

beforeAll(async () => {
  dc = await startTestDc(1);
});

afterAll(async () => {
  await dc.server.close();
});

function rawClient(kind: 'abridged' | 'intermediate' | 'padded' | 'full' = 'intermediate'): Promise<RawMtprotoClient> {
  return RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind, dcId: 1 });
}

/** A client with an auth key and a live session (salt learnt, new_session_created seen). */
async function keyedClient(): Promise<RawMtprotoClient> {
  const client = await rawClient();
  await client.handshake(dc.rsaPublicKey, dc.fingerprint);
  await client.invoke(new Api.help.GetNearestDc());
  return client;
}

/** The server still does its job for a brand-new client. */
async function expectFreshClientServed(): Promise<void> {
  const client = await rawClient('abridged');
  try {
    await client.handshake(dc.rsaPublicKey, dc.fingerprint);
    expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
  } finally {
    client.close();
  }
}

/** The bad_msg_notification (or bad_server_salt) about `msgId`. */
async function notificationAbout(client: RawMtprotoClient, msgId: bigint): Promise<Api.BadMsgNotification | Api.BadServerSalt> {
  return client.receiveUntil((m) =>
    (m.obj instanceof Api.BadMsgNotification || m.obj instanceof Api.BadServerSalt) && BigInt(m.obj.badMsgId.toString()) === msgId ? m.obj : undefined,
  );
}

const ping = (id: bigint) => new Api.Ping({ pingId: toBigInteger(id) }).getBytes();
const nearestDc = () => new Api.help.GetNearestDc().getBytes();

describe('encrypted message checks', () => {
  it('drops a message whose msg_key does not match and closes the connection', async () => {
    const client = await keyedClient();
    const calls = dc.dispatcher.calls.length;
    client.sendEncrypted(nearestDc(), { forgeMsgKey: true });
    expect(await client.receive()).toEqual({ type: 'closed' });
    expect(dc.dispatcher.calls.length).toBe(calls);
    expect(dc.logs.some((line) => line.includes('msg_key mismatch'))).toBe(true);
    // The key itself is still good on a new connection.
    const again = await rawClient();
    again.authKey = client.authKey;
    again.salt = client.salt;
    expect((await again.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
    again.close();
    await expectFreshClientServed();
  });

  it('answers an unknown auth_key_id with transport error -404', async () => {
    const client = await rawClient('full');
    const key = randomBytes(256);
    client.authKey = { key, id: computeAuthKeyId(key), initialSalt: 0n, timeOffset: 0 };
    client.sendEncrypted(nearestDc());
    expect(await client.receive()).toEqual({ type: 'transport-error', code: 404 });
    expect(await client.receive()).toEqual({ type: 'closed' });
    await expectFreshClientServed();
  });

  it('answers msg_ids too old (16), too new (17) and not divisible by 4 (18)', async () => {
    const client = await keyedClient();
    try {
      const cases: Array<[bigint, number]> = [
        [msgIdFromTime(Date.now() - 305_000) & ~3n, 16],
        [msgIdFromTime(Date.now() + 35_000) & ~3n, 17], // margin: msg_id time is whole seconds
        [(msgIdFromTime(Date.now()) & ~3n) | 2n, 18],
      ];
      for (const [msgId, code] of cases) {
        client.sendEncrypted(nearestDc(), { msgId });
        const n = await notificationAbout(client, msgId);
        expect(n).toBeInstanceOf(Api.BadMsgNotification);
        expect(n.errorCode).toBe(code);
      }
      // Nothing was dispatched for them, and the session goes on.
      expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
    } finally {
      client.close();
    }
  });

  it('answers a bad salt with bad_server_salt carrying the salt to use', async () => {
    const client = await keyedClient();
    try {
      const good = client.salt;
      const { msgId } = client.sendEncrypted(nearestDc(), { salt: good ^ 0x5a5an });
      const n = await notificationAbout(client, msgId);
      expect(n).toBeInstanceOf(Api.BadServerSalt);
      expect(n.errorCode).toBe(48);
      const newSalt = BigInt((n as Api.BadServerSalt).newServerSalt.toString());
      expect(newSalt).toBe(good);
      client.salt = newSalt;
      expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
    } finally {
      client.close();
    }
  });

  it('answers a broken container with code 64 and a reused container msg_id with 19', async () => {
    const client = await keyedClient();
    try {
      const inner = nearestDc();
      const innerId = client.newMsgId();
      const good = msgContainer([{ msgId: innerId, seqNo: client.nextSeqNo(true), body: inner }]);
      const broken = Buffer.from(good);
      broken.writeInt32LE(inner.length + 400, 20); // inner length runs past the container
      const { msgId: brokenId } = client.sendEncrypted(broken, { contentRelated: false });
      expect((await notificationAbout(client, brokenId)).errorCode).toBe(64);

      const { msgId: usedId } = client.sendEncrypted(ping(1n));
      await client.receiveUntil((m) => (m.obj instanceof Api.Pong ? true : undefined));
      const reuse = msgContainer([{ msgId: usedId - 4n, seqNo: client.nextSeqNo(true), body: ping(2n) }]);
      client.sendEncrypted(reuse, { msgId: usedId, contentRelated: false });
      expect((await notificationAbout(client, usedId)).errorCode).toBe(19);
    } finally {
      client.close();
    }
  });

  it('checks seqno parity (34, 35) and order against msg_id (32, 33)', async () => {
    const client = await keyedClient();
    try {
      // 35: "odd msg_seqno expected (relevant message), but even received".
      const even = client.sendEncrypted(nearestDc(), { seqNo: 100 });
      expect((await notificationAbout(client, even.msgId)).errorCode).toBe(35);

      // 34: "even msg_seqno expected (irrelevant message), but odd received": a container is irrelevant.
      const inner = { msgId: client.newMsgId(), seqNo: 103, body: ping(9n) };
      const oddContainer = client.sendEncrypted(msgContainer([inner]), { seqNo: 101 });
      expect((await notificationAbout(client, oddContainer.msgId)).errorCode).toBe(34);

      const lowId = client.newMsgId();
      const highId = client.newMsgId() + 400n;
      const high = client.sendEncrypted(ping(3n), { msgId: highId, seqNo: 201 });
      await client.receiveUntil((m) => (m.obj instanceof Api.Pong ? true : undefined));
      expect(high.seqNo).toBe(201);
      // Later msg_id, lower seqno: too low.
      const later = client.sendEncrypted(ping(4n), { msgId: highId + 4n, seqNo: 101 });
      expect((await notificationAbout(client, later.msgId)).errorCode).toBe(32);
      // Earlier msg_id, higher seqno: too high.
      const earlier = client.sendEncrypted(ping(5n), { msgId: lowId, seqNo: 301 });
      expect((await notificationAbout(client, earlier.msgId)).errorCode).toBe(33);
    } finally {
      client.close();
    }
  });

  it('answers 20 for a msg_id older than everything the session still remembers', async () => {
    const client = await keyedClient();
    try {
      const oldId = client.newMsgId();
      const ackBody = Buffer.concat([uint32LE(CTOR.msgsAck), uint32LE(CTOR.vector), int32LE(0)]);
      // Acks need no answer; 2100 of them push oldId out of the remembered window.
      for (let i = 0; i < 2100; i++) client.sendEncrypted(ackBody, { contentRelated: false });
      const { msgId } = client.sendEncrypted(ping(6n), { msgId: oldId, seqNo: 1 });
      expect((await notificationAbout(client, msgId)).errorCode).toBe(20);
    } finally {
      client.close();
    }
  });

  it('ignores a duplicate msg_id instead of executing the request twice', async () => {
    const client = await keyedClient();
    try {
      const calls = dc.dispatcher.calls.length;
      const msgId = client.newMsgId();
      const seqNo = client.nextSeqNo(true);
      client.sendEncrypted(nearestDc(), { msgId, seqNo });
      client.sendEncrypted(nearestDc(), { msgId, seqNo });
      const seen: ReceivedMessage[] = [];
      await client.receiveUntil((m) => (m.obj instanceof RpcResultMessage ? true : undefined), seen);
      client.sendEncrypted(ping(8n));
      await client.receiveUntil((m) => (m.obj instanceof Api.Pong ? true : undefined), seen);
      expect(seen.filter((m) => m.obj instanceof RpcResultMessage)).toHaveLength(1);
      expect(dc.dispatcher.calls.length).toBe(calls + 1);
    } finally {
      client.close();
    }
  });

  it('answers an unknown constructor and a dispatcher crash with rpc_error', async () => {
    const client = await keyedClient();
    try {
      await expect(client.invoke({ getBytes: () => Buffer.concat([uint32LE(0x0badc0de), int64LE(1n)]), readResult: () => null } as never)).rejects.toThrow(
        'rpc_error 400 INPUT_METHOD_INVALID_195936478',
      );
      dc.dispatcher.overrides.set('help.GetNearestDc', async () => {
        throw new TypeError('bug in the API layer');
      });
      await expect(client.invoke(new Api.help.GetNearestDc())).rejects.toThrow('rpc_error 500 INTERNAL');
      dc.dispatcher.overrides.set('help.GetNearestDc', async () => {
        throw new RpcError(303, 'NETWORK_MIGRATE_2');
      });
      await expect(client.invoke(new Api.help.GetNearestDc())).rejects.toThrow('rpc_error 303 NETWORK_MIGRATE_2');
    } finally {
      dc.dispatcher.overrides.clear();
      client.close();
    }
  });
});

describe('handshake checks', () => {
  async function expectRejected(run: (client: RawMtprotoClient) => Promise<unknown>): Promise<void> {
    const client = await rawClient();
    const failures = dc.server.stats().handshakesFailed;
    await expect(run(client)).rejects.toThrow(/transport error -404/);
    expect(await client.receive()).toEqual({ type: 'closed' });
    expect(dc.server.stats().handshakesFailed).toBe(failures + 1);
    await expectFreshClientServed();
  }

  it('rejects req_DH_params with a wrong nonce', () =>
    expectRejected((c) => c.handshake(dc.rsaPublicKey, dc.fingerprint, { reqDhParams: (f) => void (f.nonce = randomBytes(16)) })));

  it('rejects req_DH_params with a wrong server_nonce', () =>
    expectRejected((c) => c.handshake(dc.rsaPublicKey, dc.fingerprint, { reqDhParams: (f) => void (f.serverNonce = randomBytes(16)) })));

  it('rejects an RSA payload that does not decrypt to p_q_inner_data', () =>
    expectRejected((c) =>
      c.handshake(dc.rsaPublicKey, dc.fingerprint, {
        reqDhParams: (f) => {
          const garbled = Buffer.from(f.encryptedData);
          garbled[100]! ^= 0x01;
          f.encryptedData = garbled;
        },
      }),
    ));

  it('rejects set_client_DH_params before req_DH_params', () =>
    expectRejected(async (c) => {
      await c.reqPq();
      c.sendPlain(new Api.SetClientDHParams({ nonce: toBigInteger(1n), serverNonce: toBigInteger(2n), encryptedData: randomBytes(32) }).getBytes());
      return c.receivePlain();
    }));

  it('rejects an unencrypted message that is not a handshake step', () =>
    expectRejected(async (c) => {
      c.sendPlain(new Api.help.GetNearestDc().getBytes());
      return c.receivePlain();
    }));

  it('lets a client restart the exchange on the same connection (as gramjs does after a failed attempt)', async () => {
    const client = await rawClient();
    try {
      await client.reqPq();
      await client.handshake(dc.rsaPublicKey, dc.fingerprint);
      await client.handshake(dc.rsaPublicKey, dc.fingerprint);
      expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
    } finally {
      client.close();
    }
  });

  it('answers g_b outside the allowed range with dh_gen_fail', async () => {
    const client = await rawClient();
    try {
      await expect(client.handshake(dc.rsaPublicKey, dc.fingerprint, { gB: () => 1n })).rejects.toThrow('expected dh_gen_ok, got DhGenFail');
    } finally {
      client.close();
    }
    await expectFreshClientServed();
  });
});

describe('transport abuse', () => {
  async function expectClosedAfter(bytes: Buffer): Promise<void> {
    const socket = connect({ host: '127.0.0.1', port: dc.server.port });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    socket.write(bytes);
    await closed;
    await expectFreshClientServed();
  }

  it('closes the connection on random garbage', async () => {
    const garbage = randomBytes(4096);
    garbage[0] = 0x17; // not a transport preamble, so it is read as an obfuscated2 init
    garbage[4] = 0x01;
    await expectClosedAfter(garbage);
  });

  it('closes the connection on a packet declared larger than 1 MiB', () => expectClosedAfter(Buffer.from([0xef, 0x7f, 0xff, 0xff, 0xff])));

  it('closes the connection on a full-transport packet with a bad CRC32', async () => {
    const body = Buffer.concat([int64LE(0n), int64LE(msgIdFromTime(Date.now()) & ~3n), int32LE(20), randomBytes(20)]);
    const head = Buffer.concat([int32LE(body.length + 12), int32LE(0), body]);
    await expectClosedAfter(Buffer.concat([head, int32LE(0x1234)]));
  });

  it('survives a barrage of random and smuggled packets on every transport', async () => {
    const keyed = await keyedClient();
    keyed.close();
    const kinds = ['abridged', 'intermediate', 'padded', 'full'] as const;
    const coreCtors = [CTOR.rpcResult, CTOR.gzipPacked, CTOR.msgContainer, 0x0badc0de];
    for (let i = 0; i < 48; i++) {
      const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind: kinds[i % 4]!, obfuscated: i % 8 >= 4, dcId: 1 });
      client.authKey = keyed.authKey;
      client.salt = keyed.salt;
      const junk = randomBytes(8 + 4 * ((i * 37) % 75));
      const smuggled = Buffer.concat([uint32LE(coreCtors[i % coreCtors.length]!), junk]);
      const expectNext = async (expected: Awaited<ReturnType<RawMtprotoClient['receive']>>) => expect(await client.receive()).toEqual(expected);
      switch (Math.floor(i / 8) % 6) {
        case 0: // unencrypted, random TL
          client.sendPlain(junk);
          await expectNext({ type: 'transport-error', code: 404 });
          break;
        case 1: // unencrypted, a core type where a handshake step belongs
          client.sendPlain(smuggled);
          await expectNext({ type: 'transport-error', code: 404 });
          break;
        case 2: // encrypted under the right key id, random ciphertext
          client.sendPacket(Buffer.concat([int64LE(keyed.authKey!.id), randomBytes(16 + 16 * (1 + (i % 5)))]));
          await expectNext({ type: 'closed' });
          break;
        case 3: {
          // well encrypted, a smuggled or unknown constructor inside: an rpc_error, and the session lives on
          const ctor = smuggled.readUInt32LE(0);
          const { msgId } = client.sendEncrypted(smuggled, { contentRelated: ctor !== CTOR.msgContainer });
          if (ctor === CTOR.msgContainer) {
            expect((await notificationAbout(client, msgId)).errorCode).toBe(64);
          } else {
            const res = await client.receiveUntil((m) => (m.obj instanceof RpcResultMessage && m.obj.reqMsgId === msgId ? m.obj : undefined));
            expect(res.body.readUInt32LE(0)).toBe(Api.RpcError.CONSTRUCTOR_ID);
          }
          expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
          break;
        }
        case 4: // too short to be anything (written by hand: the padded framing would pad it)
          if (client.kind === 'padded') client.writeRaw(Buffer.concat([int32LE(4), randomBytes(4)]));
          else client.sendPacket(randomBytes(4));
          await expectNext({ type: 'closed' });
          break;
        default: // a plain message whose length field lies
          client.sendPacket(Buffer.concat([int64LE(0n), int64LE(client.newMsgId()), int32LE(0x7ffffff0), junk]));
          await expectNext({ type: 'transport-error', code: 404 });
      }
      client.close();
    }
    await expectFreshClientServed();
  });

  it('answers flooded packets with transport error -429', async () => {
    const client = await keyedClient();
    try {
      dc.server.floodTransport(2);
      client.sendEncrypted(ping(9n));
      client.sendEncrypted(ping(10n));
      expect(await client.receive()).toEqual({ type: 'transport-error', code: 429 });
      expect(await client.receive()).toEqual({ type: 'transport-error', code: 429 });
      expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
    } finally {
      client.close();
    }
  });
});
