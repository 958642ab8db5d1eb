// The schema-driven TL codec: every constructor and function of every bundled layer survives a
// write and a read (a property over generated values), and the objects of a sign-in cross layers
// as a client of that layer would read them.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Api, extensions } from 'telegram';
import { toBigInteger } from '../mtproto/binary';
import { answerToClientLayer, BUNDLED, HANDLER_LAYER, requestToHandlerLayer, schemaOf, servingLayer } from '../tl/layers';
import { decodeObject, encodeValue, rewrite, TlDecodeError, type TlObject, type TlValue } from '../tl/tl-codec';
import type { TlEntry, TlSchema, TlType } from '../tl/tl-schema';

type Gen = fc.GeneratorValue;

/** Past this depth only the smallest constructors and empty vectors are generated, so values stay finite. */
const SHALLOW = 3;

function genValue(g: Gen, type: TlType, schema: TlSchema, depth: number): TlValue {
  switch (type.kind) {
    case 'int':
      return g(fc.integer);
    case 'flags':
      return 0;
    case 'long':
      return g(fc.bigInt, { min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'double':
      return g(fc.double, { noNaN: true });
    case 'string':
    case 'bytes':
      // Past 253 bytes the length takes four bytes instead of one.
      return Buffer.from(g(fc.uint8Array, { maxLength: g(fc.boolean) ? 300 : 8 }));
    case 'int128':
      return Buffer.from(g(fc.uint8Array, { minLength: 16, maxLength: 16 }));
    case 'int256':
      return Buffer.from(g(fc.uint8Array, { minLength: 32, maxLength: 32 }));
    case 'true':
      return g(fc.boolean);
    case 'vector': {
      const n = depth >= SHALLOW ? 0 : g(fc.nat, { max: 2 });
      return Array.from({ length: n }, () => genValue(g, type.of, schema, depth + 1));
    }
    case 'bare':
      return genObject(g, schema.byName.get(type.name)!, schema, depth);
    case 'any':
      return { _: 'help.getConfig' };
    case 'boxed': {
      const ctors = schema.types.get(type.name);
      if (!ctors?.length) throw new Error(`${schema.layer}: type ${type.name} has no constructor`);
      const pick = depth >= SHALLOW ? [...ctors].sort((a, b) => required(a) - required(b))[0]! : g(fc.constantFrom, ...ctors);
      return genObject(g, pick, schema, depth + 1);
    }
  }
}

const required = (e: TlEntry) => e.args.filter((a) => !a.flag && a.type.kind !== 'flags').length;

function genObject(g: Gen, entry: TlEntry, schema: TlSchema, depth: number): TlObject {
  const obj: TlObject = { _: entry.name };
  for (const arg of entry.args) {
    if (arg.type.kind === 'flags') continue;
    if (arg.flag && (depth >= SHALLOW || !g(fc.boolean))) continue;
    obj[arg.name] = genValue(g, arg.type, schema, depth + 1);
  }
  return obj;
}

describe('bundled schemas', () => {
  it('are layers 158 to the newest, each with its source, as the schemas README records', () => {
    const readme = readFileSync(new URL('../tl/schemas/README.md', import.meta.url), 'utf8');
    const layers = BUNDLED.map((b) => b.layer);
    expect(layers[0]).toBe(158);
    expect(layers).toContain(HANDLER_LAYER);
    expect([...layers].sort((a, b) => a - b)).toEqual(layers);
    for (const b of BUNDLED) {
      expect(readme).toContain(`| ${b.layer} | ${b.source} |`);
      expect(schemaOf(b.layer).byName.get('invokeWithLayer')?.id).toBe(0xda9b0d0d);
    }
  });

  it('serve a layer without its own schema with the nearest older one', () => {
    expect(servingLayer(158)).toBe(158);
    expect(servingLayer(170)).toBe(166);
    expect(servingLayer(200)).toBe(198);
    expect(servingLayer(227)).toBe(223);
    expect(servingLayer(500)).toBe(BUNDLED.at(-1)!.layer);
    expect(servingLayer(100)).toBe(158);
  });
});

describe.each(BUNDLED.map((b) => b.layer))('layer %i', (layer) => {
  const schema = schemaOf(layer);

  it('writes and reads back every constructor and function to the same bytes', () => {
    const entries = [...schema.byId.values()];
    expect(entries.length).toBeGreaterThan(1500);
    for (const entry of entries) {
      fc.assert(
        fc.property(fc.gen(), (g) => {
          const value = genObject(g, entry, schema, 0);
          const bytes = encodeValue(value, schema);
          expect(bytes.readUInt32LE(0)).toBe(entry.id);
          const back = decodeObject(bytes, [schema]) as TlObject;
          expect(back._).toBe(entry.name);
          expect(encodeValue(back, schema).equals(bytes)).toBe(true);
        }),
        { numRuns: 3 },
      );
    }
  });

  it('refuses truncated bytes and unknown constructors with a reason, never a crash', () => {
    const bytes = encodeValue({ _: 'auth.sendCode', phone_number: Buffer.from('+15550100'), api_id: 1, api_hash: Buffer.from('x'), settings: { _: 'codeSettings' } }, schema);
    for (const cut of [4, 8, bytes.length - 1]) expect(() => decodeObject(bytes.subarray(0, cut), [schema])).toThrow(TlDecodeError);
    const unknown = Buffer.from(bytes);
    unknown.writeUInt32LE(0x0badc0de, bytes.length - 8); // codeSettings' constructor (then its flags)
    expect(() => decodeObject(unknown, [schema])).toThrow(/unknown constructor #0badc0de where CodeSettings/);
  });
});

/** Login objects as the handlers write them (gramjs, layer 198). */
function loginObjects(): Array<{ name: string; type: TlType; obj: { getBytes(): Buffer } }> {
  const user = new Api.User({
    id: toBigInteger(777000n),
    self: true,
    accessHash: toBigInteger(-5n),
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: '15550100',
    status: new Api.UserStatusOnline({ expires: 1_800_000_000 }),
  });
  return [
    {
      name: 'auth.sentCode',
      type: { kind: 'boxed', name: 'auth.SentCode' },
      obj: new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeApp({ length: 5 }), phoneCodeHash: 'abc', nextType: new Api.auth.CodeTypeSms(), timeout: 60 }),
    },
    { name: 'auth.authorization', type: { kind: 'boxed', name: 'auth.Authorization' }, obj: new Api.auth.Authorization({ user, futureAuthToken: Buffer.from('fat') }) },
    {
      name: 'auth.authorizationSignUpRequired',
      type: { kind: 'boxed', name: 'auth.Authorization' },
      obj: new Api.auth.AuthorizationSignUpRequired({
        termsOfService: new Api.help.TermsOfService({ id: new Api.DataJSON({ data: '{}' }), text: 'terms', entities: [], popup: true }),
      }),
    },
    { name: 'auth.loginToken', type: { kind: 'boxed', name: 'auth.LoginToken' }, obj: new Api.auth.LoginToken({ expires: 1_800_000_000, token: Buffer.from('tok') }) },
    { name: 'auth.loginTokenMigrateTo', type: { kind: 'boxed', name: 'auth.LoginToken' }, obj: new Api.auth.LoginTokenMigrateTo({ dcId: 3, token: Buffer.from('tok') }) },
    {
      name: 'account.password',
      type: { kind: 'boxed', name: 'account.Password' },
      obj: new Api.account.Password({
        hasPassword: true,
        hint: 'the usual',
        currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({ salt1: Buffer.alloc(8, 1), salt2: Buffer.alloc(16, 2), g: 3, p: Buffer.alloc(256, 7) }),
        srp_B: Buffer.alloc(256, 9),
        srpId: toBigInteger(42n),
        newAlgo: new Api.PasswordKdfAlgoUnknown(),
        newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
        secureRandom: Buffer.alloc(32, 4),
      }),
    },
  ];
}

describe('the conversion between layers', () => {
  it('converts every constructor to every other layer as decoding and re-encoding there would, shortcut or not', () => {
    const handlers = schemaOf(HANDLER_LAYER);
    const chain = [handlers];
    for (const layer of BUNDLED.map((b) => b.layer).filter((l) => l !== HANDLER_LAYER)) {
      const target = schemaOf(layer);
      let kept = 0;
      for (const entry of handlers.byId.values()) {
        fc.assert(
          fc.property(fc.gen(), (g) => {
            const bytes = encodeValue(genObject(g, entry, handlers, 0), handlers);
            let full: Buffer | Error;
            try {
              full = encodeValue(decodeObject(bytes, chain), target);
            } catch (e) {
              full = e as Error;
            }
            if (full instanceof Error) return void expect(() => rewrite(bytes, chain, target)).toThrow();
            const converted = rewrite(bytes, chain, target);
            // As the target reads it: a flag bit of a `true` field the target lacks (such fields
            // don't change a constructor's id) may stay set in the kept bytes; readers skip it.
            const read = encodeValue(decodeObject(converted, [target]), target);
            expect(read.equals(full), `${entry.name} to layer ${layer}`).toBe(true);
            if (converted === bytes) kept++;
          }),
          { numRuns: 2 },
        );
      }
      // The shortcut is taken where nothing changed: most objects are the same in every layer.
      expect(kept, `layer ${layer}`).toBeGreaterThan(handlers.byId.size);
    }
  });

});

describe('login objects across layers', () => {
  const others = BUNDLED.map((b) => b.layer).filter((l) => l !== HANDLER_LAYER);

  it.each(others)('reach a layer-%i client in its own constructors and come back unchanged', (layer) => {
    const target = schemaOf(layer);
    for (const { name, type, obj } of loginObjects()) {
      const original = obj.getBytes();
      const converted = answerToClientLayer(original, type, layer);
      const read = decodeObject(converted, [target], type) as TlObject;
      expect(read._, name).toBe(name);
      expect(converted.readUInt32LE(0)).toBe(target.byName.get(name)!.id);
      // Read back in the handlers' layer: the same bytes gramjs wrote.
      const back = encodeValue(decodeObject(converted, [target], type), schemaOf(HANDLER_LAYER), type);
      expect(back.equals(original), name).toBe(true);
    }
    const user = (decodeObject(answerToClientLayer(loginObjects()[1]!.obj.getBytes(), loginObjects()[1]!.type, layer), [target]) as TlObject).user as TlObject;
    expect(user._).toBe('user');
    expect(user.first_name).toEqual(Buffer.from('Ada'));
    expect(user.self).toBe(true);
  });

  it('reads a layer-158 auth.resendCode into the handlers\' auth.resendCode', () => {
    const old = schemaOf(158);
    const body = encodeValue({ _: 'auth.resendCode', phone_number: Buffer.from('+15550100'), phone_code_hash: Buffer.from('h') }, old);
    expect(body.readUInt32LE(0)).toBe(0x3ef1a9bf);
    const request = requestToHandlerLayer(body, 158);
    expect(request.readUInt32LE(0)).toBe(Api.auth.ResendCode.CONSTRUCTOR_ID >>> 0);
    const parsed = Api.auth.ResendCode.fromReader(new extensions.BinaryReader(request.subarray(4)));
    expect(parsed.phoneNumber).toBe('+15550100');
    expect(parsed.phoneCodeHash).toBe('h');
  });
});
