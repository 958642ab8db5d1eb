// Reading and writing TL objects by walking a schema's tables (tl-schema.ts), and nothing else:
// the same code reads layer 158 and layer 228. Values are plain data: `{ _: 'user', id: 1n, ... }`,
// int/double as number, long as bigint, string/bytes/int128/int256 as Buffer (strings may carry
// any bytes), flag `true` as boolean, vectors as arrays. `flags` fields are recomputed on write
// from which conditional fields are present.
import type { TlArg, TlEntry, TlSchema, TlType } from './tl-schema';
import { typeText } from './tl-schema';

export type TlValue = number | bigint | boolean | Buffer | TlObject | TlValue[];
export interface TlObject {
  _: string;
  [field: string]: TlValue | string | undefined;
}

const VECTOR_ID = 0x1cb5c415;
/** Deeper nesting than any real object has: refuse instead of exhausting the stack. */
const MAX_DEPTH = 64;

/** Bytes that are not an object of the schema: truncated, or with a constructor it doesn't know. */
export class TlDecodeError extends Error {
  override name = 'TlDecodeError';
  constructor(
    message: string,
    /** The unknown constructor id (unsigned), when that is what failed. */
    readonly unknownId: number | null = null,
    /** True when the unknown id sits where a function (the request itself) was expected. */
    readonly atFunction = false,
  ) {
    super(message);
  }
}

/** A value the target schema can't express (a constructor it lacks, a required field with no value). */
export class TlEncodeError extends Error {
  override name = 'TlEncodeError';
  constructor(
    message: string,
    readonly missingName: string | null = null,
  ) {
    super(message);
  }
}

export class TlReader {
  offset = 0;
  constructor(readonly data: Buffer) {}

  private need(n: number): void {
    if (this.offset + n > this.data.length) throw new TlDecodeError(`truncated at byte ${this.offset} (needs ${n} more)`);
  }
  u32(): number {
    this.need(4);
    const v = this.data.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.data.readInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.data.readBigInt64LE(this.offset);
    this.offset += 8;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.data.readDoubleLE(this.offset);
    this.offset += 8;
    return v;
  }
  raw(n: number): Buffer {
    this.need(n);
    const v = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  /** Steps over a string or bytes field without making a view of it (the scan only measures). */
  skipBytes(): void {
    this.need(1);
    let len = this.data[this.offset]!;
    let head = 1;
    if (len === 254) {
      this.need(4);
      len = this.data[this.offset + 1]! | (this.data[this.offset + 2]! << 8) | (this.data[this.offset + 3]! << 16);
      head = 4;
    } else if (len === 255) {
      throw new TlDecodeError(`bad string length marker at byte ${this.offset}`);
    }
    this.offset += head + len + ((4 - ((head + len) % 4)) % 4);
    if (this.offset > this.data.length) throw new TlDecodeError('truncated string');
  }
  bytes(): Buffer {
    this.need(1);
    let len = this.data[this.offset]!;
    let head = 1;
    if (len === 254) {
      this.need(4);
      len = this.data.readUIntLE(this.offset + 1, 3);
      head = 4;
    } else if (len === 255) {
      throw new TlDecodeError(`bad string length marker at byte ${this.offset}`);
    }
    this.offset += head;
    const v = this.raw(len);
    this.offset += (4 - ((head + len) % 4)) % 4;
    if (this.offset > this.data.length) throw new TlDecodeError('truncated string padding');
    return v;
  }
}

export class TlWriter {
  private buf = Buffer.allocUnsafe(256);
  private at = 0;
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
  u32(v: number): void {
    this.room(4);
    this.at = this.buf.writeUInt32LE(v >>> 0, this.at);
  }
  i32(v: number): void {
    this.room(4);
    this.at = this.buf.writeInt32LE(v | 0, this.at);
  }
  i64(v: bigint): void {
    this.room(8);
    this.at = this.buf.writeBigInt64LE(BigInt.asIntN(64, v), this.at);
  }
  f64(v: number): void {
    this.room(8);
    this.at = this.buf.writeDoubleLE(v, this.at);
  }
  raw(v: Buffer): void {
    this.room(v.length);
    this.at += v.copy(this.buf, this.at);
  }
  bytes(v: Buffer): void {
    const head = v.length < 254 ? 1 : 4;
    const pad = (4 - ((head + v.length) % 4)) % 4;
    this.room(head + v.length + pad);
    if (head === 1) this.buf[this.at++] = v.length;
    else {
      this.buf[this.at] = 254;
      this.buf.writeUIntLE(v.length, this.at + 1, 3);
      this.at += 4;
    }
    this.at += v.copy(this.buf, this.at);
    this.buf.fill(0, this.at, this.at + pad);
    this.at += pad;
  }
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }
}

/**
 * The schemas a reader consults, the first preferred: a client at layer 158 may still send a
 * constructor only a newer layer has, and the request is read if any bundled layer knows it.
 */
export type SchemaChain = readonly TlSchema[];

function lookup(chain: SchemaChain, id: number): TlEntry | undefined {
  for (const s of chain) {
    const e = s.byId.get(id);
    if (e) return e;
  }
  return undefined;
}

function lookupName(chain: SchemaChain, name: string): TlEntry | undefined {
  for (const s of chain) {
    const e = s.byName.get(name);
    if (e) return e;
  }
  return undefined;
}

const hex = (id: number) => `#${(id >>> 0).toString(16).padStart(8, '0')}`;

export function readValue(r: TlReader, type: TlType, chain: SchemaChain, depth = 0): TlValue {
  if (depth > MAX_DEPTH) throw new TlDecodeError('nested too deeply');
  switch (type.kind) {
    case 'int':
      return r.i32();
    case 'flags':
      return r.u32();
    case 'long':
      return r.i64();
    case 'double':
      return r.f64();
    case 'string':
    case 'bytes':
      return r.bytes();
    case 'int128':
      return r.raw(16);
    case 'int256':
      return r.raw(32);
    case 'true':
      return true;
    case 'vector': {
      if (type.boxed) {
        const id = r.u32();
        if (id !== VECTOR_ID) throw new TlDecodeError(`expected a vector, found ${hex(id)}`, lookup(chain, id) ? null : id);
      }
      const count = r.i32();
      // Every element takes at least 4 bytes: a count beyond that is a lie, not a big vector.
      if (count < 0 || count * 4 > r.data.length - r.offset) throw new TlDecodeError(`vector of ${count} elements in ${r.data.length - r.offset} bytes`);
      const out: TlValue[] = [];
      for (let i = 0; i < count; i++) out.push(readValue(r, type.of, chain, depth + 1));
      return out;
    }
    case 'bare': {
      const entry = lookupName(chain, type.name);
      if (!entry) throw new TlDecodeError(`bare type ${type.name} is in no schema`);
      return readFields(r, entry, chain, depth);
    }
    case 'boxed':
    case 'any': {
      const id = r.u32();
      const entry = lookup(chain, id);
      if (!entry) {
        const where = type.kind === 'any' ? 'a request' : typeText(type);
        throw new TlDecodeError(`unknown constructor ${hex(id)} where ${where} was expected`, id, type.kind === 'any');
      }
      return readFields(r, entry, chain, depth);
    }
  }
}

function readFields(r: TlReader, entry: TlEntry, chain: SchemaChain, depth: number): TlObject {
  const obj: TlObject = { _: entry.name };
  for (const arg of entry.args) {
    if (arg.flag) {
      const flags = obj[arg.flag.field];
      if (typeof flags !== 'number') throw new TlDecodeError(`${entry.name}.${arg.name}: flags field ${arg.flag.field} missing`);
      if ((flags & (1 << arg.flag.bit)) === 0) continue;
    }
    obj[arg.name] = readValue(r, arg.type, chain, depth + 1);
  }
  return obj;
}

/** Reads one object (any constructor or function) that fills `data` exactly. */
export function decodeObject(data: Buffer, chain: SchemaChain, type: TlType = { kind: 'any' }): TlObject | TlValue {
  const r = new TlReader(data);
  const value = readValue(r, type, chain);
  if (r.offset !== data.length) throw new TlDecodeError(`${data.length - r.offset} bytes left after the object`);
  return value;
}

/**
 * `data` (read with `chain`) as `target` writes it: the same bytes when every constructor in it is
 * declared alike there (the common case: most objects don't change between layers), else rewritten.
 */
export function rewrite(data: Buffer, chain: SchemaChain, target: TlSchema, type: TlType = { kind: 'any' }): Buffer {
  // A walk that builds nothing settles the common case; only bytes that differ are decoded.
  const r = new TlReader(data);
  if (scanValue(r, type, chain, target, 0) && r.offset === data.length) return data;
  const value = decodeObject(data, chain, type);
  return encodeValue(value, target, type);
}

/** Walks one value; true when every constructor in it is declared alike in `target`. */
function scanValue(r: TlReader, type: TlType, chain: SchemaChain, target: TlSchema, depth: number): boolean {
  if (depth > MAX_DEPTH) throw new TlDecodeError('nested too deeply');
  switch (type.kind) {
    case 'int':
    case 'flags':
      r.offset += 4;
      return r.offset <= r.data.length;
    case 'long':
    case 'double':
      r.offset += 8;
      return r.offset <= r.data.length;
    case 'int128':
      r.offset += 16;
      return r.offset <= r.data.length;
    case 'int256':
      r.offset += 32;
      return r.offset <= r.data.length;
    case 'string':
    case 'bytes':
      r.skipBytes();
      return true;
    case 'true':
      return true;
    case 'vector': {
      if (type.boxed && r.u32() !== VECTOR_ID) return false;
      const count = r.i32();
      if (count < 0 || count * 4 > r.data.length - r.offset) return false;
      for (let i = 0; i < count; i++) if (!scanValue(r, type.of, chain, target, depth + 1)) return false;
      return true;
    }
    case 'bare': {
      const entry = lookupName(chain, type.name);
      return entry !== undefined && scanFields(r, entry, chain, target, depth);
    }
    case 'boxed':
    case 'any': {
      const entry = lookup(chain, r.u32());
      return entry !== undefined && scanFields(r, entry, chain, target, depth);
    }
  }
}

function scanFields(r: TlReader, entry: TlEntry, chain: SchemaChain, target: TlSchema, depth: number): boolean {
  if (target.byId.get(entry.id)?.name !== entry.name) return false;
  let flagsField = '';
  let flags = 0;
  let flags2Field = '';
  let flags2 = 0;
  for (const arg of entry.args) {
    if (arg.type.kind === 'flags') {
      // Objects have at most two flags fields (flags, flags2).
      if (!flagsField) {
        flagsField = arg.name;
        flags = r.u32();
      } else {
        flags2Field = arg.name;
        flags2 = r.u32();
      }
      continue;
    }
    if (arg.flag) {
      const word = arg.flag.field === flagsField ? flags : arg.flag.field === flags2Field ? flags2 : 0;
      if ((word & (1 << arg.flag.bit)) === 0) continue;
    }
    if (!scanValue(r, arg.type, chain, target, depth + 1)) return false;
  }
  return true;
}

function present(arg: TlArg, v: TlValue | undefined): boolean {
  return arg.type.kind === 'true' ? v === true : v !== undefined;
}

/**
 * The value `type` takes when a layer has a field the source object lacks: zero, empty, or the
 * type's constructor that needs the fewest fields (inputPeerEmpty, boolFalse ...).
 */
function defaultFor(type: TlType, schema: TlSchema, owner: string): TlValue {
  switch (type.kind) {
    case 'int':
    case 'flags':
    case 'double':
      return 0;
    case 'long':
      return 0n;
    case 'string':
    case 'bytes':
      return Buffer.alloc(0);
    case 'int128':
      return Buffer.alloc(16);
    case 'int256':
      return Buffer.alloc(32);
    case 'true':
      return false;
    case 'vector':
      return [];
    case 'boxed': {
      // The constructor needing the fewest fields; writing it defaults those in turn.
      let best: TlEntry | undefined;
      for (const c of schema.types.get(type.name) ?? []) if (!best || requiredCount(c) < requiredCount(best)) best = c;
      if (best) return { _: best.name };
      break;
    }
  }
  throw new TlEncodeError(`${owner}: layer ${schema.layer} requires a ${typeText(type)} the object doesn't have`, owner);
}

function requiredCount(entry: TlEntry): number {
  let n = 0;
  for (const a of entry.args) if (!a.flag && a.type.kind !== 'flags') n++;
  return n;
}

/** Fits a value read under another layer to this field's type, or says it can't. */
function coerce(v: TlValue, type: TlType): TlValue | undefined {
  switch (type.kind) {
    case 'int':
    case 'double':
      return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
    case 'long':
      return typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined;
    case 'string':
    case 'bytes':
      return Buffer.isBuffer(v) ? v : undefined;
    case 'int128':
    case 'int256':
      return Buffer.isBuffer(v) && v.length === (type.kind === 'int128' ? 16 : 32) ? v : undefined;
    case 'true':
      if (typeof v === 'boolean') return v;
      return isObject(v) && (v._ === 'boolTrue' || v._ === 'boolFalse') ? v._ === 'boolTrue' : undefined;
    case 'vector':
      return Array.isArray(v) ? v : undefined;
    case 'boxed':
      if (type.name === 'Bool' && typeof v === 'boolean') return { _: v ? 'boolTrue' : 'boolFalse' };
      return isObject(v) ? v : undefined;
    case 'any':
    case 'bare':
      return isObject(v) ? v : undefined;
    case 'flags':
      return v;
  }
}

function isObject(v: TlValue): v is TlObject {
  return typeof v === 'object' && !Buffer.isBuffer(v) && !Array.isArray(v) && typeof (v as TlObject)._ === 'string';
}

export function writeValue(w: TlWriter, v: TlValue, type: TlType, schema: TlSchema, owner: string, depth = 0): void {
  if (depth > MAX_DEPTH) throw new TlEncodeError(`${owner}: nested too deeply`);
  const fitted = coerce(v, type);
  if (fitted === undefined) throw new TlEncodeError(`${owner}: a ${typeof v} is no ${typeText(type)}`, owner);
  switch (type.kind) {
    case 'int':
      return w.i32(fitted as number);
    case 'flags':
      return w.u32(fitted as number);
    case 'long':
      return w.i64(fitted as bigint);
    case 'double':
      return w.f64(fitted as number);
    case 'string':
    case 'bytes':
      return w.bytes(fitted as Buffer);
    case 'int128':
    case 'int256':
      return w.raw(fitted as Buffer);
    case 'true':
      return;
    case 'vector': {
      if (type.boxed) w.u32(VECTOR_ID);
      const items = fitted as TlValue[];
      w.i32(items.length);
      for (const item of items) writeValue(w, item, type.of, schema, owner, depth + 1);
      return;
    }
    case 'bare':
    case 'boxed':
    case 'any':
      return writeObject(w, fitted as TlObject, schema, type.kind !== 'bare', depth);
  }
}

function writeObject(w: TlWriter, obj: TlObject, schema: TlSchema, boxed: boolean, depth: number): void {
  const entry = schema.byName.get(obj._);
  if (!entry) throw new TlEncodeError(`${obj._} is not in layer ${schema.layer}`, obj._);
  if (boxed) w.u32(entry.id);
  // Fields this layer can't hold (a type that changed) are dropped when optional.
  const args = entry.args;
  const values: Array<TlValue | undefined> = new Array(args.length);
  const flagWords: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.type.kind === 'flags') continue;
    const v = obj[arg.name] as TlValue | undefined;
    const fitted = v === undefined ? undefined : coerce(v, arg.type);
    if (fitted === undefined || (arg.flag && !present(arg, fitted))) continue;
    values[i] = fitted;
    if (arg.flag) flagWords[arg.flag.field] = (flagWords[arg.flag.field] ?? 0) | (1 << arg.flag.bit);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.type.kind === 'flags') {
      w.u32(flagWords[arg.name] ?? 0);
      continue;
    }
    const v = values[i];
    if (arg.flag) {
      // Fields may share a bit (setup_password_required and otherwise_relogin_days): once it is
      // set, a reader reads every field on it, so each one is written.
      const set = ((flagWords[arg.flag.field] ?? 0) & (1 << arg.flag.bit)) !== 0;
      if (set && arg.type.kind !== 'true') writeValue(w, v ?? defaultFor(arg.type, schema, arg.path), arg.type, schema, arg.path, depth + 1);
      continue;
    }
    writeValue(w, v ?? defaultFor(arg.type, schema, arg.path), arg.type, schema, arg.path, depth + 1);
  }
}

/** Writes `value` as `type` (any object when not given) in `schema`'s layer. */
export function encodeValue(value: TlValue, schema: TlSchema, type: TlType = { kind: 'any' }): Buffer {
  const w = new TlWriter();
  writeValue(w, value, type, schema, isObject(value) ? value._ : typeText(type));
  return w.result();
}
