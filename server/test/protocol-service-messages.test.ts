// Service messages and session handling (core.telegram.org/mtproto/service_messages and
// /service_messages_about_messages), plus the DcServer controls the API layer drives.
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { int32LE, int64LE, tlBytes, toBigInteger, uint32LE } from '../mtproto/binary';
import { RawMtprotoClient, RpcResultMessage, type ReceivedMessage } from './raw-mtproto-client';
import { CTOR, msgContainer } from '../mtproto/service-messages';
import { msgIdFromTime } from '../mtproto/msg-id';
import { startTestDc, type TestDc } from './test-kit';

let dc: TestDc;

beforeAll(async () => {
  dc = await startTestDc(2);
});

afterAll(async () => {
  await dc.server.close();
});

async function keyedClient(): Promise<RawMtprotoClient> {
  const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind: 'padded', dcId: 2 });
  await client.handshake(dc.rsaPublicKey, dc.fingerprint);
  return client;
}

const big = (v: { toString(): string }) => BigInt(v.toString());
const resultFor = (msgId: bigint) => (m: ReceivedMessage) => (m.obj instanceof RpcResultMessage && m.obj.reqMsgId === msgId ? m.obj : undefined);

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('sessions and salts', () => {
  it('announces a new session with new_session_created, then serves it', async () => {
    const client = await keyedClient();
    try {
      const seen: ReceivedMessage[] = [];
      // The handshake's initial salt (new_nonce XOR server_nonce) is accepted for the first message.
      const { msgId } = client.sendEncrypted(new Api.help.GetNearestDc().getBytes());
      await client.receiveUntil(resultFor(msgId), seen);
      const created = seen.find((m) => m.obj instanceof Api.NewSessionCreated)?.obj as Api.NewSessionCreated;
      expect(created).toBeDefined();
      expect(big(created.firstMsgId)).toBe(msgId);
      // Server msg_ids answering the client are ≡ 1 mod 4 and increase.
      const ids = seen.map((m) => m.msgId);
      for (const id of ids) expect(id % 4n).toBe(1n);
      expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
      // A second session on the same key gets its own announcement.
      client.sessionId += 1n;
      const more: ReceivedMessage[] = [];
      const second = client.sendEncrypted(new Api.help.GetNearestDc().getBytes());
      await client.receiveUntil(resultFor(second.msgId), more);
      expect(more.some((m) => m.obj instanceof Api.NewSessionCreated && big(m.obj.firstMsgId) === second.msgId)).toBe(true);
    } finally {
      client.close();
    }
  });

  it('lists future salts, the first of which is the one in force', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const { msgId } = client.sendEncrypted(new Api.GetFutureSalts({ num: 3 }).getBytes());
      type Salts = { reqMsgId: bigint; now: number; salts: Array<{ validSince: number; validUntil: number; salt: bigint }> };
      const fs = await client.receiveUntil((m) => ((m.obj as { futureSalts?: Salts }).futureSalts as Salts | undefined));
      expect(fs.reqMsgId).toBe(msgId);
      expect(fs.salts).toHaveLength(3);
      const now = Math.floor(Date.now() / 1000);
      expect(fs.salts[0]!.validSince).toBeLessThanOrEqual(now);
      expect(fs.salts[0]!.validUntil).toBeGreaterThan(now);
      expect(new Set(fs.salts.map((s) => s.salt)).size).toBe(3);
      expect(fs.salts[0]!.salt).toBe(client.salt);
    } finally {
      client.close();
    }
  });

  it('destroys another session of the key (destroy_session_ok), and says none for an unknown one', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const other = client.sessionId;
      client.sessionId = other + 10n;
      await client.invoke(new Api.help.GetNearestDc());
      for (const [target, expected] of [
        [other, Api.DestroySessionOk],
        [other, Api.DestroySessionNone],
        [123456789n, Api.DestroySessionNone],
      ] as const) {
        client.sendEncrypted(new Api.DestroySession({ sessionId: toBigInteger(target) }).getBytes());
        const res = await client.receiveUntil((m) => (m.obj instanceof Api.DestroySessionOk || m.obj instanceof Api.DestroySessionNone ? m.obj : undefined));
        expect(res).toBeInstanceOf(expected);
        expect(big(res.sessionId)).toBe(target);
      }
    } finally {
      client.close();
    }
  });
});

describe('service messages', () => {
  it('answers ping with pong', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const { msgId } = client.sendEncrypted(new Api.Ping({ pingId: toBigInteger(424242n) }).getBytes());
      const pong = await client.receiveUntil((m) => (m.obj instanceof Api.Pong ? m.obj : undefined));
      expect(big(pong.msgId)).toBe(msgId);
      expect(big(pong.pingId)).toBe(424242n);
    } finally {
      client.close();
    }
  });

  it('disconnects after ping_delay_disconnect when no further ping comes', async () => {
    const client = await keyedClient();
    await client.invoke(new Api.help.GetNearestDc());
    client.sendEncrypted(new Api.PingDelayDisconnect({ pingId: toBigInteger(1n), disconnectDelay: 1 }).getBytes());
    const seen: ReceivedMessage[] = [];
    for (;;) {
      const r = await client.receive();
      if (r.type === 'closed') break;
      if (r.type === 'packet') {
        seen.push(...client.decodePacket(r.data));
      }
    }
    expect(seen.some((m) => m.obj instanceof Api.Pong)).toBe(true);
  });

  it('acknowledges a slow request with msgs_ack before its result', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const gate = deferred<void>();
      dc.dispatcher.overrides.set('help.GetNearestDc', async () => {
        await gate.promise;
        return new Api.NearestDc({ country: 'ZZ', thisDc: 2, nearestDc: 2 });
      });
      const { msgId } = client.sendEncrypted(new Api.help.GetNearestDc().getBytes());
      const seen: ReceivedMessage[] = [];
      await client.receiveUntil((m) => (m.obj instanceof Api.MsgsAck && m.obj.msgIds.some((id) => big(id) === msgId) ? true : undefined), seen);
      expect(seen.some((m) => m.obj instanceof RpcResultMessage)).toBe(false);
      gate.resolve();
      await client.receiveUntil(resultFor(msgId));
    } finally {
      dc.dispatcher.overrides.clear();
      client.close();
    }
  });

  it('answers each request of a container, and a gzip_packed request', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const a = { msgId: client.newMsgId(), seqNo: client.nextSeqNo(true), body: new Api.help.GetNearestDc().getBytes() };
      const b = { msgId: client.newMsgId(), seqNo: client.nextSeqNo(true), body: new Api.Ping({ pingId: toBigInteger(5n) }).getBytes() };
      const packed = Buffer.concat([uint32LE(CTOR.gzipPacked), tlBytes(gzipSync(new Api.help.GetNearestDc().getBytes()))]);
      const c = { msgId: client.newMsgId(), seqNo: client.nextSeqNo(true), body: packed };
      client.sendEncrypted(msgContainer([a, b, c]), { contentRelated: false });
      const seen: ReceivedMessage[] = [];
      await client.receiveUntil(resultFor(a.msgId), seen);
      if (!seen.some((m) => m.obj instanceof Api.Pong)) await client.receiveUntil((m) => (m.obj instanceof Api.Pong ? true : undefined), seen);
      if (!seen.some((m) => resultFor(c.msgId)(m))) await client.receiveUntil(resultFor(c.msgId), seen);
      expect(seen.filter((m) => m.obj instanceof RpcResultMessage).map((m) => (m.obj as RpcResultMessage).reqMsgId).sort()).toEqual([a.msgId, c.msgId].sort());
    } finally {
      client.close();
    }
  });

  it('accepts gzip_packed whose packed_data is zlib-framed deflate', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const packed = Buffer.concat([uint32LE(CTOR.gzipPacked), tlBytes(deflateSync(new Api.help.GetNearestDc().getBytes()))]);
      const { msgId } = client.sendEncrypted(packed);
      const result = await client.receiveUntil(resultFor(msgId));
      expect(result.body.readUInt32LE(0)).toBe(Api.NearestDc.CONSTRUCTOR_ID);
    } finally {
      client.close();
    }
  });

  it('lets a msgs_ack with an odd seqno through without a bad_msg_notification', async () => {
    const client = await keyedClient();
    try {
      const first = client.sendEncrypted(new Api.help.GetNearestDc().getBytes());
      const serverIds: bigint[] = [];
      await client.receiveUntil((m) => (serverIds.push(m.msgId), resultFor(first.msgId)(m)));
      const ack = Buffer.concat([uint32LE(CTOR.msgsAck), uint32LE(CTOR.vector), int32LE(serverIds.length), ...serverIds.map(int64LE)]);
      const oddAck = client.sendEncrypted(ack, { seqNo: client.nextSeqNo(true) });
      const after = client.sendEncrypted(new Api.help.GetNearestDc().getBytes());
      const seen: ReceivedMessage[] = [];
      await client.receiveUntil(resultFor(after.msgId), seen);
      expect(seen.filter((m) => m.obj instanceof Api.BadMsgNotification && big(m.obj.badMsgId) === oddAck.msgId)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('does not acknowledge ping, get_future_salts and msgs_state_req apart from their answers', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const seen: ReceivedMessage[] = [];
      const pingId = client.sendEncrypted(new Api.Ping({ pingId: toBigInteger(77n) }).getBytes()).msgId;
      await client.receiveUntil((m) => (m.obj instanceof Api.Pong ? true : undefined), seen);
      const saltsId = client.sendEncrypted(new Api.GetFutureSalts({ num: 2 }).getBytes()).msgId;
      await client.receiveUntil((m) => (m.obj !== null && typeof m.obj === 'object' && 'futureSalts' in m.obj ? true : undefined), seen);
      const stateId = client.sendEncrypted(new Api.MsgsStateReq({ msgIds: [toBigInteger(pingId)] }).getBytes()).msgId;
      await client.receiveUntil((m) => (m.obj instanceof Api.MsgsStateInfo ? true : undefined), seen);
      // Acks still owed ride on the next answer: an API request's result brings every one out.
      const request = client.sendEncrypted(new Api.help.GetNearestDc().getBytes());
      await client.receiveUntil(resultFor(request.msgId), seen);
      const acked = seen.flatMap((m) => (m.obj instanceof Api.MsgsAck ? m.obj.msgIds.map(big) : []));
      expect(acked).toContain(request.msgId);
      expect(acked.filter((id) => id === pingId || id === saltsId || id === stateId)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('unwraps invokeWithLayer, initConnection, invokeWithoutUpdates and waits for invokeAfterMsg', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const gate = deferred<void>();
      dc.dispatcher.overrides.set('help.GetAppConfig', async () => {
        await gate.promise;
        return new Api.help.AppConfigNotModified();
      });
      const first = client.sendEncrypted(new Api.help.GetAppConfig({ hash: 0 }).getBytes());
      const wrapped = new Api.InvokeWithLayer({
        layer: 198,
        query: new Api.InitConnection({
          apiId: 77,
          deviceModel: 'raw',
          systemVersion: 'test',
          appVersion: '9',
          systemLangCode: 'en',
          langPack: '',
          langCode: 'de',
          query: new Api.InvokeWithoutUpdates({ query: new Api.InvokeAfterMsg({ msgId: toBigInteger(first.msgId), query: new Api.help.GetNearestDc() }) }),
        }),
      });
      const second = client.sendEncrypted(wrapped.getBytes());
      // Both are acknowledged (received) while the first is still running...
      const acked = new Set<bigint>();
      await client.receiveUntil((m) => {
        if (m.obj instanceof Api.MsgsAck) for (const id of m.obj.msgIds) acked.add(big(id));
        return acked.has(first.msgId) && acked.has(second.msgId) ? true : undefined;
      });
      // ...and the second, ordered after the first, has not reached the dispatcher yet.
      expect(dc.dispatcher.calls.at(-1)?.request).toBeInstanceOf(Api.help.GetAppConfig);
      gate.resolve();
      const seen: ReceivedMessage[] = [];
      await client.receiveUntil(resultFor(second.msgId), seen);
      const order = seen.filter((m) => m.obj instanceof RpcResultMessage).map((m) => (m.obj as RpcResultMessage).reqMsgId);
      expect(order).toEqual([first.msgId, second.msgId]);
      const call = dc.dispatcher.calls.at(-1)!;
      expect(call.request).toBeInstanceOf(Api.help.GetNearestDc);
      expect(call.ctx.layer).toBe(198);
      expect(call.ctx.client).toEqual({ apiId: 77, deviceModel: 'raw', systemVersion: 'test', appVersion: '9', langCode: 'de', systemLangCode: 'en' });
    } finally {
      dc.dispatcher.overrides.clear();
      client.close();
    }
  });

  it('answers msgs_state_req with msgs_state_info and rpc_drop_answer with rpc_answer_unknown', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const known = client.sendEncrypted(new Api.Ping({ pingId: toBigInteger(1n) }).getBytes()).msgId;
      await client.receiveUntil((m) => (m.obj instanceof Api.Pong ? true : undefined));
      const future = msgIdFromTime(Date.now() + 20_000) & ~3n;
      const req = client.sendEncrypted(new Api.MsgsStateReq({ msgIds: [toBigInteger(known), toBigInteger(future)] }).getBytes());
      const info = await client.receiveUntil((m) => (m.obj instanceof Api.MsgsStateInfo ? m.obj : undefined));
      expect(big(info.reqMsgId)).toBe(req.msgId);
      expect([...Buffer.from(info.info, 'latin1')]).toEqual([4, 3]);

      const drop = client.sendEncrypted(new Api.RpcDropAnswer({ reqMsgId: toBigInteger(known) }).getBytes());
      const res = await client.receiveUntil(resultFor(drop.msgId));
      expect(res.body.readUInt32LE(0)).toBe(Api.RpcAnswerUnknown.CONSTRUCTOR_ID);
    } finally {
      client.close();
    }
  });
});

describe('DcServer controls', () => {
  it('pushes updates to each live session with unsolicited msg_ids (≡ 3 mod 4)', async () => {
    const client = await keyedClient();
    try {
      await client.invoke(new Api.help.GetNearestDc());
      const update = new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: 1 });
      expect(dc.server.pushUpdates(client.authKey!.id, update)).toBe(1);
      const pushed = await client.receiveUntil((m) => (m.obj instanceof Api.UpdateShort ? m : undefined));
      expect(pushed.msgId % 4n).toBe(3n);
      expect(pushed.seqNo % 2).toBe(1);
      expect(dc.server.pushUpdates(123n, update)).toBe(0);
    } finally {
      client.close();
    }
  });

  it('forgets auth keys (-404 afterwards) and tells the dispatcher', async () => {
    const client = await keyedClient();
    await client.invoke(new Api.help.GetNearestDc());
    dc.server.forgetAuthKey(client.authKey!.id);
    expect(dc.dispatcher.forgottenKeys).toContain(client.authKey!.id);
    client.sendEncrypted(new Api.help.GetNearestDc().getBytes());
    expect(await client.receive()).toEqual({ type: 'transport-error', code: 404 });
  });

  it('counts and drops connections', async () => {
    const a = await keyedClient();
    const b = await keyedClient();
    expect(dc.server.connectionCount()).toBeGreaterThanOrEqual(2);
    dc.server.dropConnections();
    expect(await a.receive()).toEqual({ type: 'closed' });
    expect(await b.receive()).toEqual({ type: 'closed' });
    expect(dc.server.connectionCount()).toBe(0);
  });

  it('reports the time spent in handshakes', async () => {
    const before = dc.server.stats();
    (await keyedClient()).close();
    const after = dc.server.stats();
    expect(after.handshakesCompleted).toBe(before.handshakesCompleted + 1);
    expect(after.handshakeServerNs).toBeGreaterThan(before.handshakeServerNs);
    expect(after.authKeys).toBe(before.authKeys + 1);
  });
});
