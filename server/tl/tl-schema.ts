// A TL schema as tables (core.telegram.org/mtproto/TL): every constructor and function by id and
// by name, and every boxed type with its constructors. The codec walks these tables, so one
// reader and one writer serve every layer with no per-object code.

/** One argument's type, parsed once. */
export type TlType =
  | { kind: 'int' | 'long' | 'double' | 'string' | 'bytes' | 'int128' | 'int256' | 'true' | 'flags' }
  /** A boxed type (constructor id first), a generic `!X` / `X` (any object), or a bare constructor. */
  | { kind: 'boxed'; name: string }
  | { kind: 'any' }
  | { kind: 'bare'; name: string }
  /** `Vector<T>` is boxed (vector#1cb5c415 first), `vector<T>` bare. */
  | { kind: 'vector'; boxed: boolean; of: TlType };

export interface TlArg {
  name: string;
  type: TlType;
  /** For `name:flags.N?T`: the flags field and bit. */
  flag: { field: string; bit: number } | null;
  /** `constructor.field`, for messages. */
  path: string;
}

export interface TlEntry {
  name: string;
  /** Unsigned 32-bit constructor id. */
  id: number;
  args: TlArg[];
  /** The boxed type a constructor builds, or a function's result type. */
  result: TlType;
  isFunction: boolean;
}

export interface TlSchema {
  layer: number;
  byId: Map<number, TlEntry>;
  byName: Map<string, TlEntry>;
  /** Boxed type name → its constructors, in schema order. */
  types: Map<string, TlEntry[]>;
}

const VECTOR_ID = 0x1cb5c415;
/** Lines that describe TL itself rather than objects (`int ? = Int;`, the vector constructor). */
const BUILTIN = /^(vector#1cb5c415|int\s|long\s|double\s|string\s|bytes\s|int128\s|int256\s)/;

export class TlSchemaError extends Error {
  override name = 'TlSchemaError';
}

export function parseType(raw: string, generics: ReadonlySet<string>): TlType {
  const text = raw.startsWith('!') ? raw.slice(1) : raw;
  if (generics.has(text)) return { kind: 'any' };
  const vec = /^(Vector|vector)<(.+)>$/.exec(text);
  if (vec) return { kind: 'vector', boxed: vec[1] === 'Vector', of: parseType(vec[2]!, generics) };
  switch (text) {
    case 'int':
    case 'long':
    case 'double':
    case 'string':
    case 'bytes':
    case 'int128':
    case 'int256':
    case 'true':
      return { kind: text };
    case '#':
      return { kind: 'flags' };
    case 'Object':
      return { kind: 'any' };
  }
  const bareName = text.startsWith('%') ? text.slice(1) : text;
  const last = bareName.split('.').at(-1)!;
  if (text.startsWith('%') || /^[a-z]/.test(last)) return { kind: 'bare', name: bareName };
  return { kind: 'boxed', name: text };
}

/** Parses one declaration (`name#id args = Type;`); null for a line with nothing to declare. */
export function parseLine(line: string, isFunction: boolean): TlEntry | null {
  const decl = line.replace(/\/\/.*$/, '').trim();
  if (!decl || BUILTIN.test(decl)) return null;
  const m = /^([A-Za-z_][\w.]*)#([0-9a-fA-F]{1,8})\s*(.*?)\s*=\s*([^;]+);?$/.exec(decl);
  if (!m) throw new TlSchemaError(`not a TL declaration: ${decl}`);
  const [, name, hex, argText, resultText] = m as unknown as [string, string, string, string, string];
  const generics = new Set<string>();
  const args: TlArg[] = [];
  for (const token of argText.split(/\s+/).filter(Boolean)) {
    const generic = /^\{(\w+):Type\}$/.exec(token);
    if (generic) {
      generics.add(generic[1]!);
      continue;
    }
    const arg = /^(\w+):(?:(\w+)\.(\d+)\?)?(.+)$/.exec(token);
    if (!arg) throw new TlSchemaError(`${name}: argument "${token}" is not name:type`);
    args.push({
      name: arg[1]!,
      type: parseType(arg[4]!, generics),
      flag: arg[2] ? { field: arg[2], bit: Number(arg[3]) } : null,
      path: `${name}.${arg[1]!}`,
    });
  }
  return { name, id: parseInt(hex, 16) >>> 0, args, result: parseType(resultText.trim(), generics), isFunction };
}

export function parseSchema(layer: number, text: string): TlSchema {
  const schema: TlSchema = { layer, byId: new Map(), byName: new Map(), types: new Map() };
  let isFunction = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '---functions---') isFunction = true;
    else if (trimmed === '---types---') isFunction = false;
    else {
      const entry = parseLine(trimmed, isFunction);
      if (!entry || entry.id === VECTOR_ID) continue;
      schema.byId.set(entry.id, entry);
      schema.byName.set(entry.name, entry);
      if (!isFunction && entry.result.kind === 'boxed') {
        const list = schema.types.get(entry.result.name) ?? [];
        list.push(entry);
        schema.types.set(entry.result.name, list);
      }
    }
  }
  return schema;
}

/** The type as the schema writes it, for messages. */
export function typeText(t: TlType): string {
  switch (t.kind) {
    case 'boxed':
    case 'bare':
      return t.name;
    case 'any':
      return 'Object';
    case 'flags':
      return '#';
    case 'vector':
      return `${t.boxed ? 'Vector' : 'vector'}<${typeText(t.of)}>`;
    default:
      return t.kind;
  }
}
