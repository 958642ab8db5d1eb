// The API layers the server speaks, and the conversion at the protocol edge. The API handlers
// work in one layer (HANDLER_LAYER, gramjs' own); a request in a client's layer is read with that
// layer's schema and rewritten in the handlers' layer, and an answer is rewritten back in the
// client's. A layer with no bundled schema is served with the nearest older one (the constructors
// a client knows at layer N are, with rare exceptions, those of the last layer before it).
import * as l158 from './schemas/api-layer-158';
import * as l166 from './schemas/api-layer-166';
import * as l198 from './schemas/api-layer-198';
import * as l223 from './schemas/api-layer-223';
import * as l228 from './schemas/api-layer-228';
import { scannerFor, TlDecodeError, TlEncodeError, type Scanner, type SchemaChain, type TlObject } from './tl-codec';
import { parseSchema, type TlSchema, type TlType } from './tl-schema';

export const HANDLER_LAYER = 198;

export interface BundledSchema {
  layer: number;
  source: string;
  /** The layer this one is stored against (null for a complete schema). */
  base: number | null;
  /** The base's declarations this layer lacks, by name, one a line. */
  removed: string;
  /** This layer's declarations (all of them, or those that differ from the base). */
  tl: string;
}

/**
 * Oldest first. Copied out of the module namespaces: every RPC of a client at another layer
 * consults this table, and a namespace's getters cost more than the lookup itself.
 */
export const BUNDLED: readonly BundledSchema[] = [l158, l166, l198, l223, l228].map((m) => ({
  layer: m.layer,
  source: m.source,
  base: m.base,
  removed: m.removed,
  tl: m.tl,
}));

const LAYERS = BUNDLED.map((b) => b.layer);
const parsed = new Map<number, TlSchema>();
const chains = new Map<number, SchemaChain>();
/** Requested layer → the schema serving it, filled as clients name layers. */
const served = new Map<number, TlSchema>();

export function bundledLayers(): number[] {
  return [...LAYERS];
}

/** The bundled layer that serves a client at `layer`: itself, the nearest older one, or the oldest. */
export function servingLayer(layer: number | null): number {
  if (layer === null) return HANDLER_LAYER;
  let best = LAYERS[0]!;
  for (const l of LAYERS) if (l <= layer) best = l;
  return best;
}

export function schemaOf(layer: number): TlSchema {
  const known = served.get(layer);
  if (known) return known;
  const serving = servingLayer(layer);
  let schema = parsed.get(serving);
  if (!schema) {
    const bundled = BUNDLED.find((b) => b.layer === serving)!;
    schema = parseSchema(bundled.layer, fullText(bundled));
    parsed.set(serving, schema);
  }
  served.set(layer, schema);
  return schema;
}

const nameOf = (line: string) => line.trim().split('#')[0]!;

/** A layer's whole api.tl: its base's declarations, less those it lacks or redefines, plus its own. */
function fullText(bundled: BundledSchema): string {
  if (bundled.base === null) return bundled.tl;
  const base = BUNDLED.find((b) => b.layer === bundled.base)!;
  const drop = new Set([...bundled.removed.split('\n'), ...bundled.tl.split('\n').map(nameOf)].filter(Boolean));
  const sections = (text: string) => {
    const [types = '', functions = ''] = text.split('---functions---');
    return { types, functions };
  };
  const keep = (text: string) => text.split('\n').filter((l) => l.trim() && !drop.has(nameOf(l)));
  const b = sections(fullText(base));
  const own = sections(bundled.tl);
  return [...keep(b.types), ...own.types.split('\n'), '---functions---', ...keep(b.functions), ...own.functions.split('\n')].join('\n');
}

/** The client's own schema first, then the others nearest to it, so any bundled constructor reads. */
function chainFor(layer: number): SchemaChain {
  const serving = servingLayer(layer);
  let chain = chains.get(serving);
  if (!chain) {
    const order = [...BUNDLED].sort((a, b) => Math.abs(a.layer - serving) - Math.abs(b.layer - serving) || b.layer - a.layer);
    chain = order.map((b) => schemaOf(b.layer));
    chains.set(serving, chain);
  }
  return chain;
}

/** Why a request could not be carried into the handlers' layer; `error` is the rpc_error message. */
export class LayerConversionError extends Error {
  override name = 'LayerConversionError';
  constructor(
    message: string,
    readonly error: string,
  ) {
    super(message);
  }
}

/** Error messages Telegram style: the unknown constructor by its id, as an unsigned decimal. */
export function conversionError(err: unknown): LayerConversionError {
  if (err instanceof TlDecodeError && err.unknownId !== null) {
    const kind = err.atFunction ? 'METHOD' : 'CONSTRUCTOR';
    return new LayerConversionError(err.message, `INPUT_${kind}_INVALID_${err.unknownId >>> 0}`);
  }
  if (err instanceof TlEncodeError) return new LayerConversionError(err.message, 'INPUT_METHOD_INVALID');
  return new LayerConversionError(err instanceof Error ? err.message : String(err), 'INPUT_FETCH_ERROR');
}

/**
 * The constructors of `from` whose bytes read the same in `to`: declared alike there (same id),
 * with every field's type made only of such constructors. Computed once per pair of layers, as
 * the greatest set closed under that rule (types may refer to themselves).
 */
const stableSets = new Map<number, Set<number>>();
function stableIn(from: TlSchema, to: TlSchema): Set<number> {
  const key = from.layer * 100_000 + to.layer;
  let stable = stableSets.get(key);
  if (stable) return stable;
  stable = new Set([...from.byId.values()].filter((e) => to.byId.get(e.id)?.name === e.name).map((e) => e.id));
  const typeOk = (t: TlType): boolean => {
    switch (t.kind) {
      case 'vector':
        return typeOk(t.of);
      case 'bare': {
        const e = from.byName.get(t.name);
        return e !== undefined && stable!.has(e.id);
      }
      case 'boxed': {
        const ctors = from.types.get(t.name);
        return ctors !== undefined && ctors.every((c) => stable!.has(c.id));
      }
      case 'any':
        return false;
      default:
        return true;
    }
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of stable) {
      if (!from.byId.get(id)!.args.every((a) => typeOk(a.type))) {
        stable.delete(id);
        changed = true;
      }
    }
  }
  stableSets.set(key, stable);
  return stable;
}

const ANY: TlType = { kind: 'any' };

/** Bytes whose outermost constructor is in `stable`: nothing inside can differ. */
function unchanged(body: Buffer, stable: Set<number>, type: TlType): boolean {
  if ((type.kind !== 'boxed' && type.kind !== 'any') || body.length < 4) return false;
  return stable.has(body.readUInt32LE(0));
}

/**
 * Everything the edge needs for clients at one layer, looked up once per layer: each request and
 * answer then costs one map lookup before its own bytes are looked at.
 */
interface LayerBridge {
  /** Constructors of the client's layer that read the same in the handlers' layer, and back. */
  stableToHandlers: Set<number>;
  stableToClient: Set<number>;
  requests: Scanner;
  answers: Scanner;
}

const bridges = new Map<number, LayerBridge>();

function bridgeFor(layer: number): LayerBridge {
  let bridge = bridges.get(layer);
  if (!bridge) {
    const client = schemaOf(layer);
    const handlers = schemaOf(HANDLER_LAYER);
    bridge = {
      stableToHandlers: stableIn(client, handlers),
      stableToClient: stableIn(handlers, client),
      requests: scannerFor(chainFor(layer), handlers),
      answers: scannerFor(handlerChain(), client),
    };
    bridges.set(layer, bridge);
  }
  return bridge;
}

/**
 * A request (any function, wrappers included) read in `fromLayer`, written in the handlers' layer.
 * `anyLayer`: the bytes may hold another layer's constructors, so every one is looked at.
 */
export function requestToHandlerLayer(body: Buffer, fromLayer: number | null, anyLayer = false): Buffer {
  const bridge = bridgeFor(fromLayer ?? HANDLER_LAYER);
  try {
    if (!anyLayer && unchanged(body, bridge.stableToHandlers, ANY)) return body;
    return bridge.requests.rewrite(body, ANY);
  } catch (err) {
    throw conversionError(err);
  }
}


/**
 * The innermost query's result type in the handlers' layer (what its answer is), looked up by the
 * query's constructor id; null when the schema doesn't know it.
 */
export function resultTypeOf(queryConstructorId: number): TlType | null {
  const id = queryConstructorId >>> 0;
  let type = resultTypes.get(id);
  if (type === undefined) {
    type = schemaOf(HANDLER_LAYER).byId.get(id)?.result ?? null;
    resultTypes.set(id, type);
  }
  return type;
}

/** The few methods clients call, out of the schema's thousands: a small map stays in the CPU's caches. */
const resultTypes = new Map<number, TlType | null>();

/** An answer written by the handlers (their layer), rewritten for a client at `toLayer`. */
export function answerToClientLayer(body: Buffer, resultType: TlType, toLayer: number): Buffer {
  const bridge = bridgeFor(toLayer);
  if (unchanged(body, bridge.stableToClient, resultType)) return body;
  return bridge.answers.rewrite(body, resultType);
}

let handlersOnly: SchemaChain | null = null;
const handlerChain = (): SchemaChain => (handlersOnly ??= [schemaOf(HANDLER_LAYER)]);

/** True when a client at `layer` is served in the handlers' own layer (no conversion at all). */
export function speaksHandlerLayer(layer: number | null): boolean {
  return layer === null || schemaOf(layer).layer === HANDLER_LAYER;
}

export type { TlObject };

let functionIds: Set<number> | null = null;

/** True for an API function (wrappers included) of any bundled layer, as opposed to an MTProto service message. */
export function isApiFunction(constructorId: number): boolean {
  functionIds ??= new Set(chainFor(HANDLER_LAYER).flatMap((s) => [...s.byId.values()].filter((e) => e.isFunction).map((e) => e.id)));
  return functionIds.has(constructorId >>> 0);
}
