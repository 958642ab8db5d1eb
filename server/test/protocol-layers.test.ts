// Clients at other API layers than the handlers' (158 .. the newest bundled): the server reads
// their requests in their layer's constructors, answers in them, and names what it can't read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { toBigInteger } from '../mtproto/binary';
import { decodeObject, encodeValue, type TlObject } from '../tl/tl-codec';
import { schemaOf } from '../tl/layers';
import { RawMtprotoClient, RpcResultMessage, type ReceivedMessage } from './raw-mtproto-client';
import { startTestDc, type TestDc } from './test-kit';

let dc: TestDc;

beforeAll(async () => {
  dc = await startTestDc(2);
  dc.dispatcher.overrides.set('auth.ResendCode', async (request) => {
    const r = request as Api.auth.ResendCode;
    return new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeSms({ length: 5 }), phoneCodeHash: `${r.phoneCodeHash}-2`, timeout: 60 });
  });
  dc.dispatcher.overrides.set('users.GetUsers', async () => [
    new Api.User({ id: toBigInteger(42n), self: true, accessHash: toBigInteger(7n), firstName: 'Ada', phone: '15550100' }),
  ]);
});

afterAll(async () => {
  dc.dispatcher.overrides.clear();
  await dc.server.close();
});

const utf8 = (s: string) => Buffer.from(s);

/** A request as a client at `layer` writes it: invokeWithLayer(initConnection(query)). */
function inLayer(layer: number, query: TlObject): Buffer {
  return encodeValue(
    {
      _: 'invokeWithLayer',
      layer,
      query: {
        _: 'initConnection',
        api_id: 5,
        device_model: utf8('raw'),
        system_version: utf8('test'),
        app_version: utf8('1'),
        system_lang_code: utf8('en'),
        lang_pack: utf8(''),
        lang_code: utf8('en'),
        query,
      },
    },
    schemaOf(layer),
  );
}

async function keyedClient(): Promise<RawMtprotoClient> {
  const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: dc.server.port, kind: 'intermediate', dcId: 2 });
  await client.handshake(dc.rsaPublicKey, dc.fingerprint);
  await client.invoke(new Api.help.GetNearestDc());
  return client;
}

async function call(client: RawMtprotoClient, body: Buffer): Promise<Buffer> {
  const { msgId } = client.sendEncrypted(body);
  const seen: ReceivedMessage[] = [];
  const result = await client.receiveUntil((m) => (m.obj instanceof RpcResultMessage && m.obj.reqMsgId === msgId ? m.obj : undefined), seen);
  return result.body;
}

function rpcErrorOf(body: Buffer): string | null {
  if (body.readUInt32LE(0) !== Api.RpcError.CONSTRUCTOR_ID >>> 0) return null;
  // rpc_error is MTProto's, not the API's: its two fields are read by hand.
  const code = body.readInt32LE(4);
  const len = body[8]!;
  return `${code} ${body.subarray(9, 9 + len).toString()}`;
}

describe('a client at layer 158', () => {
  it("has auth.resendCode#3ef1a9bf read as the handlers' auth.resendCode, and its auth.sentCode answered in layer 158", async () => {
    const client = await keyedClient();
    try {
      const body = inLayer(158, { _: 'auth.resendCode', phone_number: utf8('+15550100'), phone_code_hash: utf8('h1') });
      const answer = await call(client, body);
      expect(rpcErrorOf(answer)).toBeNull();
      const sent = decodeObject(answer, [schemaOf(158)], { kind: 'boxed', name: 'auth.SentCode' }) as TlObject;
      expect(sent._).toBe('auth.sentCode');
      expect(sent.phone_code_hash).toEqual(utf8('h1-2'));
      const seen = dc.dispatcher.calls.at(-1)!;
      expect(seen.request).toBeInstanceOf(Api.auth.ResendCode);
      expect((seen.request as Api.auth.ResendCode).phoneNumber).toBe('+15550100');
      expect(seen.ctx.layer).toBe(158);
    } finally {
      client.close();
    }
  });

  it('gets users in its own user constructor, also without invokeWithLayer once the key is at 158', async () => {
    const client = await keyedClient();
    try {
      const first = await call(client, inLayer(158, { _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }));
      const again = await call(client, encodeValue({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }, schemaOf(158)));
      for (const answer of [first, again]) {
        const users = decodeObject(answer, [schemaOf(158)], { kind: 'vector', boxed: true, of: { kind: 'boxed', name: 'User' } }) as TlObject[];
        expect(answer.readUInt32LE(8)).toBe(schemaOf(158).byName.get('user')!.id);
        expect(users[0]!.first_name).toEqual(utf8('Ada'));
      }
    } finally {
      client.close();
    }
  });
});

describe('a client at the newest bundled layer', () => {
  it('gets its user constructor and is served at a layer with no schema of its own by the nearest older one', async () => {
    const newest = 228;
    for (const layer of [newest, newest + 3]) {
      const client = await keyedClient();
      try {
        const answer = await call(client, inLayer(layer, { _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }));
        expect(answer.readUInt32LE(8)).toBe(schemaOf(newest).byName.get('user')!.id);
        expect(answer.readUInt32LE(8)).not.toBe(Api.User.CONSTRUCTOR_ID >>> 0);
      } finally {
        client.close();
      }
    }
  });
});

describe('requests the server cannot read', () => {
  it('names the unknown constructor inside invokeWithLayer, not the wrapper, and the session goes on', async () => {
    const client = await keyedClient();
    try {
      const body = inLayer(198, { _: 'help.getNearestDc' });
      const nearest = Api.help.GetNearestDc.CONSTRUCTOR_ID >>> 0;
      const at = body.lastIndexOf(Buffer.from(new Uint32Array([nearest]).buffer));
      const unknown = Buffer.from(body);
      unknown.writeUInt32LE(0x0badf00d, at);
      expect(rpcErrorOf(await call(client, unknown))).toBe(`400 INPUT_METHOD_INVALID_${0x0badf00d}`);
      // An unknown constructor where an argument belongs.
      const arg = encodeValue({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }, schemaOf(198));
      arg.writeUInt32LE(0x0badbeef, 12); // inputUserSelf's place
      expect(rpcErrorOf(await call(client, arg))).toBe(`400 INPUT_CONSTRUCTOR_INVALID_${0x0badbeef}`);
      // Truncated in a client layer's wrapper.
      const cut = inLayer(158, { _: 'auth.resendCode', phone_number: utf8('+15550100'), phone_code_hash: utf8('h1') });
      expect(rpcErrorOf(await call(client, cut.subarray(0, cut.length - 8)))).toBe('400 INPUT_FETCH_ERROR');
      expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(2);
    } finally {
      client.close();
    }
  });
});
