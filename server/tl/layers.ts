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
import { decodeObject, encodeValue, TlDecodeError, TlEncodeError, type SchemaChain, type TlObject } from './tl-codec';
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

/** Oldest first. */
export const BUNDLED: readonly BundledSchema[] = [l158, l166, l198, l223, l228];

const parsed = new Map<number, TlSchema>();
const chains = new Map<number, SchemaChain>();

export function bundledLayers(): number[] {
  return BUNDLED.map((b) => b.layer);
}

/** The bundled layer that serves a client at `layer`: itself, the nearest older one, or the oldest. */
export function servingLayer(layer: number | null): number {
  if (layer === null) return HANDLER_LAYER;
  let best = BUNDLED[0]!.layer;
  for (const b of BUNDLED) if (b.layer <= layer) best = b.layer;
  return best;
}

export function schemaOf(layer: number): TlSchema {
  const serving = servingLayer(layer);
  let schema = parsed.get(serving);
  if (!schema) {
    const bundled = BUNDLED.find((b) => b.layer === serving)!;
    schema = parseSchema(bundled.layer, fullText(bundled));
    parsed.set(serving, schema);
  }
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

/** A request (any function, wrappers included) read in `fromLayer`, written in the handlers' layer. */
export function requestToHandlerLayer(body: Buffer, fromLayer: number | null): Buffer {
  const from = fromLayer ?? HANDLER_LAYER;
  try {
    const obj = decodeObject(body, chainFor(from));
    return encodeValue(obj, schemaOf(HANDLER_LAYER));
  } catch (err) {
    throw conversionError(err);
  }
}

/**
 * The innermost query's result type in the handlers' layer (what its answer is), looked up by the
 * query's constructor id; null when the schema doesn't know it.
 */
export function resultTypeOf(queryConstructorId: number): TlType | null {
  return schemaOf(HANDLER_LAYER).byId.get(queryConstructorId >>> 0)?.result ?? null;
}

/** An answer written by the handlers (their layer), rewritten for a client at `toLayer`. */
export function answerToClientLayer(body: Buffer, resultType: TlType, toLayer: number): Buffer {
  const value = decodeObject(body, [schemaOf(HANDLER_LAYER)], resultType);
  return encodeValue(value, schemaOf(toLayer), resultType);
}

/** True when a client at `layer` is served in the handlers' own layer (no conversion at all). */
export function speaksHandlerLayer(layer: number | null): boolean {
  return layer === null || servingLayer(layer) === HANDLER_LAYER;
}

export type { TlObject };

/** True for an API function (wrappers included) of any bundled layer, as opposed to an MTProto service message. */
export function isApiFunction(constructorId: number): boolean {
  const id = constructorId >>> 0;
  return chainFor(HANDLER_LAYER).some((s) => s.byId.get(id)?.isFunction === true);
}
