// fast-check arbitraries derived from the contract's own valibot schemas (common/contract.ts), so
// a new intent, or a new field of one, is fuzzed without anyone writing a generator for it.
// `refusedArgs(schema)` yields argument values the router must refuse: near misses of valid
// arguments (a key missing or extra, a string one character too long, a value of the wrong type
// or just outside its range, an unknown variant) as well as values of any shape at all.
import fc, { type Arbitrary } from 'fast-check';
import * as v from 'valibot';

type AnySchema = v.GenericSchema;

interface SchemaNode {
  type: string;
  pipe?: ReadonlyArray<{ kind: string; type: string; requirement?: unknown }>;
  entries?: Record<string, AnySchema>;
  options?: AnySchema[];
  key?: string;
  literal?: unknown;
  wrapped?: AnySchema;
}

export interface ArbitraryOptions {
  /** Only values JSON can carry (what reaches the bridge as a frame); otherwise anything JavaScript has. */
  json: boolean;
}

const node = (schema: AnySchema): SchemaNode => schema as unknown as SchemaNode;

function requirement<T>(schema: AnySchema, type: string): T | undefined {
  return node(schema).pipe?.find((p) => p.kind === 'validation' && p.type === type)?.requirement as T | undefined;
}

/** A schema kind this file can't derive from: a new kind in the contract must be taught here, not skipped. */
function unknownKind(schema: AnySchema): never {
  throw new Error(`contract-arbitraries knows no valibot schema of type "${node(schema).type}": add it to test/support/contract-arbitraries.ts`);
}

/** Keys that have meant trouble for plain objects, besides any string. */
const trickyKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ');

/** Any value at all, of any shape, small enough to try by the thousand. */
function anyValue({ json }: ArbitraryOptions): Arbitrary<unknown> {
  const key = fc.oneof(fc.string({ maxLength: 8 }), trickyKey);
  if (json) return fc.jsonValue({ maxDepth: 3 });
  return fc.anything({
    key,
    maxDepth: 3,
    maxKeys: 5,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  });
}

/** A value the schema accepts. */
export function validValue(schema: AnySchema): Arbitrary<unknown> {
  const n = node(schema);
  switch (n.type) {
    case 'strict_object':
    case 'object': {
      const entries = n.entries ?? {};
      const required = Object.keys(entries).filter((k) => node(entries[k]!).type !== 'optional');
      const model = Object.fromEntries(Object.entries(entries).map(([k, s]) => [k, validValue(node(s).type === 'optional' ? node(s).wrapped! : s)]));
      return fc.record(model, { requiredKeys: required });
    }
    case 'string': {
      const max = requirement<number>(schema, 'max_length') ?? 64;
      const min = requirement<number>(schema, 'min_length') ?? 0;
      const regex = requirement<RegExp>(schema, 'regex');
      const base = regex ? fc.stringMatching(regex) : fc.string({ minLength: min, maxLength: Math.min(max, 64) });
      return base.filter((s) => s.length >= min && s.length <= max);
    }
    case 'number': {
      const min = requirement<number>(schema, 'min_value') ?? -1e9;
      const max = requirement<number>(schema, 'max_value') ?? 1e9;
      return requirement(schema, 'integer') !== undefined || n.pipe?.some((p) => p.type === 'integer')
        ? fc.integer({ min, max })
        : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constant(n.literal);
    case 'variant':
      return fc.oneof(...(n.options ?? []).map(validValue));
    case 'optional':
      return fc.option(validValue(n.wrapped!), { nil: undefined });
    default:
      return unknownKind(schema);
  }
}

/** A value the schema refuses, close to a valid one or not. */
function nearMiss(schema: AnySchema, options: ArbitraryOptions): Arbitrary<unknown> {
  const n = node(schema);
  const other = anyValue(options);
  switch (n.type) {
    case 'strict_object':
    case 'object': {
      const entries = n.entries ?? {};
      const keys = Object.keys(entries);
      const valid = validValue(schema) as Arbitrary<Record<string, unknown>>;
      const misses: Array<Arbitrary<unknown>> = [
        // One key more than the contract knows (a tricky one, or any other).
        fc.tuple(valid, fc.oneof(trickyKey, fc.string({ minLength: 1, maxLength: 12 })), other).map(([o, k, x]) =>
          k in entries ? { ...o, [`${k}_`]: x } : Object.defineProperty({ ...o }, k, { value: x, enumerable: true, writable: true, configurable: true }),
        ),
        other,
      ];
      const required = keys.filter((k) => node(entries[k]!).type !== 'optional');
      if (required.length > 0) {
        misses.push(
          fc.tuple(valid, fc.constantFrom(...required)).map(([o, k]) => {
            const rest = { ...o };
            delete rest[k];
            return rest;
          }),
        );
      }
      if (keys.length > 0) {
        // One field wrong, each field's misses built once (building arbitraries per value is slow).
        const unwrap = (s: AnySchema) => (node(s).type === 'optional' ? node(s).wrapped! : s);
        misses.push(
          fc.oneof(...keys.map((k) => fc.tuple(valid, nearMiss(unwrap(entries[k]!), options)).map(([o, bad]) => ({ ...o, [k]: bad })))),
        );
      }
      return fc.oneof(...misses);
    }
    case 'string': {
      const max = requirement<number>(schema, 'max_length');
      const regex = requirement<RegExp>(schema, 'regex');
      const misses: Array<Arbitrary<unknown>> = [other, fc.constantFrom(null, 0, true, [], {})];
      if (max !== undefined) {
        misses.push(fc.integer({ min: max + 1, max: max + 64 }).map((length) => 'x'.repeat(length)));
      }
      if (regex) misses.push(fc.string({ maxLength: max ?? 64, unit: 'binary' }), fc.stringMatching(regex).map((s) => `${s}\n`));
      return fc.oneof(...misses);
    }
    case 'number': {
      const min = requirement<number>(schema, 'min_value');
      const max = requirement<number>(schema, 'max_value');
      const misses: Array<Arbitrary<unknown>> = [other, fc.constantFrom(NaN, Infinity, -Infinity, 0.5, '1', null)];
      if (min !== undefined) misses.push(fc.constant(min - 1));
      if (max !== undefined) misses.push(fc.constant(max + 1));
      return fc.oneof(...misses);
    }
    case 'boolean':
    case 'literal':
      return fc.oneof(other, fc.constantFrom(0, 1, 'true', 'false', null, false, true));
    case 'variant': {
      const key = n.key!;
      const valid = validValue(schema) as Arbitrary<Record<string, unknown>>;
      return fc.oneof(
        other,
        fc.tuple(valid, fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(null, 1))).map(([o, tag]) => ({ ...o, [key]: tag })),
        ...(n.options ?? []).map((option) => nearMiss(option, options)),
      );
    }
    case 'optional':
      return nearMiss(n.wrapped!, options);
    default:
      return unknownKind(schema);
  }
}

/**
 * Argument values only a caller outside the contract could pass in-process: getters and proxy
 * traps that throw, cycles. (None can cross IPC or JSON.) Generated as a recipe, built by
 * `materialize` when the input is used: fast-check itself would trip over a throwing trap.
 */
export class HostileArgs {
  constructor(
    readonly kind: 'getter' | 'cycle' | keyof ProxyHandler<object>,
    readonly field: string,
  ) {}

  build(): unknown {
    const boom = () => {
      throw new Error('hostile argument');
    };
    if (this.kind === 'getter') return Object.defineProperty({}, this.field, { enumerable: true, get: boom });
    if (this.kind === 'cycle') {
      const cycle: Record<string, unknown> = {};
      cycle[this.field] = cycle;
      return cycle;
    }
    return new Proxy({}, { [this.kind]: boom });
  }
}

/** The input itself, or what its recipe builds. */
export function materialize(input: unknown): unknown {
  return input instanceof HostileArgs ? input.build() : input;
}

function hostileObject(schema: AnySchema): Arbitrary<HostileArgs> {
  const keys = Object.keys(node(schema).entries ?? {});
  const field = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x');
  const kind = fc.constantFrom('getter', 'cycle', 'get', 'ownKeys', 'getPrototypeOf', 'has', 'getOwnPropertyDescriptor') as fc.Arbitrary<HostileArgs['kind']>;
  return fc.tuple(kind, field).map(([k, f]) => new HostileArgs(k, f));
}

/** Whether the router would let these arguments through to a handler (undefined means "no arguments"). */
export function admittedByContract(schema: AnySchema, args: unknown): boolean {
  const input = args === undefined ? {} : args;
  try {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
    const proto: unknown = Object.getPrototypeOf(input);
    if (proto !== Object.prototype && proto !== null) return false;
    return v.is(schema, input);
  } catch {
    return false;
  }
}

/** What JSON makes of a value on its way through a frame (undefined: the key is left out). */
export function throughJson(value: unknown): unknown {
  const text = JSON.stringify({ value });
  return (JSON.parse(text) as { value?: unknown }).value;
}

/** Arguments the router must refuse for this schema (pass each through `materialize`); with `json`, as they arrive after a frame's JSON. */
export function refusedArgs(schema: AnySchema, options: ArbitraryOptions & { maxJsonLength?: number }): Arbitrary<unknown> {
  const fitsJson = (x: unknown) => {
    try {
      return (JSON.stringify({ args: x }) ?? '').length <= (options.maxJsonLength ?? Infinity);
    } catch {
      return false;
    }
  };
  const candidates = options.json
    ? nearMiss(schema, options).filter(fitsJson).map(throughJson)
    : nearMiss(schema, options);
  const refused = candidates.filter((x) => !admittedByContract(schema, x));
  // A trap the router never springs (a `has` trap on an empty object) leaves valid arguments: not this suite's inputs.
  const hostile = hostileObject(schema).filter((h) => !admittedByContract(schema, h.build()));
  return options.json ? refused : fc.oneof({ weight: 6, arbitrary: refused }, { weight: 1, arbitrary: hostile });
}

/** Names that are almost an intent's name, or nothing like one. */
export function notAnIntentName(names: readonly string[]): Arbitrary<unknown> {
  const known = new Set(names);
  return fc
    .oneof(
      fc.constantFrom(...names).chain((name) =>
        fc.constantFrom(name.toUpperCase(), `${name} `, ` ${name}`, `${name}\0`, name.slice(1), `${name}s`, `__proto__.${name}`, [name], { name }),
      ),
      fc.string({ maxLength: 24 }),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', ''),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .filter((name) => typeof name !== 'string' || !known.has(name));
}
