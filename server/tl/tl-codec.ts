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
  return scannerFor(chain, target).rewrite(data, type);
}

// The scan's steps: a constructor's fields compiled from the schema into a flat list of numbers,
// so that walking an answer touches a few small arrays instead of the schema's maps and objects
// (a scan runs between network and crypto work, with the schema out of the CPU's caches).
const SKIP = 0; // SKIP n: n bytes of fixed-size fields
const BYTES = 1; // a string or bytes
const FLAGS = 2; // FLAGS slot: a flags word, kept in slot 0 or 1
const IF = 3; // IF slot bit n: the next n steps only when that flag bit is set
const OBJECT = 4; // a constructor id, then that constructor's fields
const BARE = 5; // BARE id: that constructor's fields, no id in the bytes
const VECTOR = 6; // VECTOR boxed n: a count, then the next n steps once per element
const NEVER = 7; // a type no schema of the chain has: the scan can't vouch for it

/** Steps being compiled; runs of fixed-size fields become one SKIP (never one inside a nested body). */
class StepList {
  readonly steps: number[] = [];
  private lastSkip = -1;
  skip(n: number): void {
    if (this.lastSkip >= 0 && this.lastSkip === this.steps.length - 2) this.steps[this.lastSkip + 1]! += n;
    else {
      this.lastSkip = this.steps.length;
      this.steps.push(SKIP, n);
    }
  }
  push(...xs: number[]): void {
    for (const x of xs) this.steps.push(x);
  }
}

/**
 * Rewrites from one chain of schemas into a target, keeping the steps it compiled (per constructor
 * id; null: not declared alike in the target). Hold one for a pair used often.
 */
export class Scanner {
  private readonly steps = new Map<number, Int32Array | null>();
  private readonly typeSteps = new WeakMap<TlType, Int32Array>();
  constructor(
    private readonly chain: SchemaChain,
    private readonly target: TlSchema,
  ) {}

  /** `data` as the target writes it: see rewrite(). */
  rewrite(data: Buffer, type: TlType = ANY): Buffer {
    // A walk that builds nothing settles the common case; only bytes that differ are decoded.
    const r = new TlReader(data);
    if (this.scan(r, type) && r.offset === data.length) return data;
    return encodeValue(decodeObject(data, this.chain, type), this.target, type);
  }

  /** Walks one `type` value; true when every constructor in it is declared alike in the target. */
  private scan(r: TlReader, type: TlType): boolean {
    let steps = this.typeSteps.get(type);
    if (!steps) {
      const list = new StepList();
      if (!this.compileType(type, list)) return false;
      steps = Int32Array.from(list.steps);
      this.typeSteps.set(type, steps);
    }
    return this.run(r, steps, 0, steps.length, 0);
  }

  private fields(id: number): Int32Array | null {
    let steps = this.steps.get(id);
    if (steps === undefined) {
      steps = this.compileFields(id);
      this.steps.set(id, steps);
    }
    return steps;
  }

  private object(r: TlReader, id: number, depth: number): boolean {
    if (depth > MAX_DEPTH) throw new TlDecodeError('nested too deeply');
    const steps = this.fields(id);
    return steps !== null && this.run(r, steps, 0, steps.length, depth);
  }

  private run(r: TlReader, s: Int32Array, from: number, to: number, depth: number): boolean {
    let f0 = 0;
    let f1 = 0;
    for (let i = from; i < to; ) {
      switch (s[i]) {
        case SKIP:
          r.offset += s[i + 1]!;
          if (r.offset > r.data.length) return false;
          i += 2;
          break;
        case BYTES:
          r.skipBytes();
          i += 1;
          break;
        case FLAGS:
          if (s[i + 1] === 0) f0 = r.u32();
          else f1 = r.u32();
          i += 2;
          break;
        case IF: {
          const word = s[i + 1] === 0 ? f0 : f1;
          const set = (word & (1 << s[i + 2]!)) !== 0;
          i += set ? 4 : 4 + s[i + 3]!;
          break;
        }
        case OBJECT:
          if (!this.object(r, r.u32(), depth + 1)) return false;
          i += 1;
          break;
        case BARE:
          if (!this.object(r, s[i + 1]! >>> 0, depth + 1)) return false;
          i += 2;
          break;
        case VECTOR: {
          if (s[i + 1] === 1 && r.u32() !== VECTOR_ID) return false;
          const count = r.i32();
          if (count < 0 || count * 4 > r.data.length - r.offset) return false;
          const body = i + 3;
          const end = body + s[i + 2]!;
          for (let k = 0; k < count; k++) if (!this.run(r, s, body, end, depth + 1)) return false;
          i = end;
          break;
        }
        default:
          return false;
      }
    }
    return true;
  }

  private compileFields(id: number): Int32Array | null {
    const entry = lookup(this.chain, id);
    if (!entry || this.target.byId.get(entry.id)?.name !== entry.name) return null;
    const slots = new Map<string, number>();
    const list = new StepList();
    for (const arg of entry.args) {
      if (arg.type.kind === 'flags') {
        // Objects have at most two flags fields (flags, flags2); more, and the decoder decides.
        if (slots.size === 2) return null;
        slots.set(arg.name, slots.size);
        list.push(FLAGS, slots.get(arg.name)!);
        continue;
      }
      if (!arg.flag) {
        this.compileType(arg.type, list);
        continue;
      }
      const slot = slots.get(arg.flag.field);
      if (slot === undefined) return null;
      const body = new StepList();
      this.compileType(arg.type, body);
      if (body.steps.length > 0) list.push(IF, slot, arg.flag.bit, body.steps.length, ...body.steps);
    }
    return Int32Array.from(list.steps);
  }

  /** Appends `type`'s steps; false when the type can't be scanned at all. */
  private compileType(type: TlType, out: StepList): boolean {
    switch (type.kind) {
      case 'int':
      case 'flags':
        out.skip(4);
        return true;
      case 'long':
      case 'double':
        out.skip(8);
        return true;
      case 'int128':
        out.skip(16);
        return true;
      case 'int256':
        out.skip(32);
        return true;
      case 'string':
      case 'bytes':
        out.push(BYTES);
        return true;
      case 'true':
        return true;
      case 'vector': {
        const body = new StepList();
        const ok = this.compileType(type.of, body);
        out.push(VECTOR, type.boxed ? 1 : 0, body.steps.length, ...body.steps);
        return ok;
      }
      case 'bare': {
        const entry = lookupName(this.chain, type.name);
        if (!entry) {
          out.push(NEVER);
          return false;
        }
        out.push(BARE, entry.id | 0);
        return true;
      }
      case 'boxed':
      case 'any':
        out.push(OBJECT);
        return true;
    }
  }
}

const ANY: TlType = { kind: 'any' };
const scanners = new WeakMap<SchemaChain, Map<TlSchema, Scanner>>();

/** The one Scanner for a chain and a target (chains are kept, so this is a cache). */
export function scannerFor(chain: SchemaChain, target: TlSchema): Scanner {
  let byTarget = scanners.get(chain);
  if (!byTarget) {
    byTarget = new Map();
    scanners.set(chain, byTarget);
  }
  let scanner = byTarget.get(target);
  if (!scanner) {
    scanner = new Scanner(chain, target);
    byTarget.set(target, scanner);
  }
  return scanner;
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
