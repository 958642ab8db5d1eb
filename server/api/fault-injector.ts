// Faults a test or the demo asks for (POST /faults): an RPC answered with an error, delayed, or
// answered by dropping the connection; and one-shot events on a DC (drop its connections, forget
// its auth keys, flood its transport) or on the clock. Method faults count down `times` and expire.
import { Api } from 'telegram';
import { errorCodeFor, isErrorMessage } from './rpc-errors';

export interface MethodFault {
  id: number;
  /** Schema name ("auth.sendCode") or "*" for any method. */
  method: string;
  /** Only on this DC, when given. */
  dc?: number;
  error?: { message: string; code: number };
  delayMs?: number;
  /**
   * Drop the DC's connections instead of answering: "after" runs the method first (its effects
   * happen, e.g. the code is delivered, but the answer is lost), "before" drops without running it.
   */
  dropConnection?: 'before' | 'after';
  /** How many more calls it applies to. */
  remaining: number;
}

export type DcEvent =
  | { kind: 'dropConnections'; dc: number | null }
  | { kind: 'forgetAuthKeys'; dc: number | null }
  | { kind: 'transportFlood'; dc: number; times: number }
  | { kind: 'clockSkew'; ms: number };

/** A fault as JSON (POST /faults) or in-process (server.faults.add). */
export type FaultInput =
  | {
      method: string;
      error?: string;
      code?: number;
      delayMs?: number;
      dropConnection?: true | 'after' | 'before';
      times?: number;
      dc?: number;
    }
  | { dropConnections: number | 'all' }
  | { forgetAuthKeys: number | 'all' }
  | { transportFlood: number; times?: number }
  | { clockSkewMs: number };

export type ParsedFault = { kind: 'method'; fault: Omit<MethodFault, 'id'> } | DcEvent;

/** Whether `name` is a method gramjs' schema knows ("auth.sendCode", "ping"...). */
export function isKnownMethod(name: string): boolean {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => !/^[a-zA-Z][a-zA-Z0-9]*$/.test(p))) return false;
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const ns = parts.length === 2 ? (Api as unknown as Record<string, Record<string, unknown>>)[parts[0]!] : (Api as unknown as Record<string, unknown>);
  const cls = ns && typeof ns === 'object' || typeof ns === 'function' ? (ns as Record<string, unknown>)[cap(parts[parts.length - 1]!)] : undefined;
  return typeof cls === 'function' && (cls as { classType?: string }).classType === 'request';
}

const ALLOWED_KEYS = new Set([
  'method', 'error', 'code', 'times', 'delayMs', 'dropConnection', 'dc',
  'dropConnections', 'forgetAuthKeys', 'transportFlood', 'clockSkewMs',
]);

function isPositiveInt(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
}

/** Parses one fault from JSON input: the fault, or a message saying exactly what is wrong. */
export function parseFault(input: unknown, dcIds: readonly number[]): ParsedFault | { problem: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { problem: 'a fault must be a JSON object' };
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!ALLOWED_KEYS.has(key)) return { problem: `unknown field "${key}"` };
  const dcOrAll = (v: unknown, field: string): number | null | { problem: string } => {
    if (v === null || v === 'all') return null;
    if (typeof v === 'number' && dcIds.includes(v)) return v;
    return { problem: `${field} must be a DC id (${dcIds.join(', ')}) or "all"` };
  };
  const actions = ['method', 'dropConnections', 'forgetAuthKeys', 'transportFlood', 'clockSkewMs'].filter((k) => k in o);
  if (actions.length !== 1) {
    return { problem: 'a fault needs exactly one of "method", "dropConnections", "forgetAuthKeys", "transportFlood", "clockSkewMs"' };
  }
  if ('dropConnections' in o || 'forgetAuthKeys' in o) {
    const key = 'dropConnections' in o ? 'dropConnections' : 'forgetAuthKeys';
    if (Object.keys(o).length !== 1) return { problem: `${key} takes no other fields` };
    const dc = dcOrAll(o[key], key);
    if (typeof dc === 'object' && dc !== null) return dc;
    return { kind: key, dc };
  }
  if ('transportFlood' in o) {
    const dc = o.transportFlood;
    if (typeof dc !== 'number' || !dcIds.includes(dc)) return { problem: `transportFlood must be a DC id (${dcIds.join(', ')})` };
    const times = o.times ?? 1;
    if (!isPositiveInt(times, 1000)) return { problem: 'times must be an integer from 1 to 1000' };
    if (Object.keys(o).some((k) => k !== 'transportFlood' && k !== 'times')) return { problem: 'transportFlood takes only "times"' };
    return { kind: 'transportFlood', dc, times };
  }
  if ('clockSkewMs' in o) {
    const ms = o.clockSkewMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || Math.abs(ms) > 366 * 86_400_000) {
      return { problem: 'clockSkewMs must be an integer number of milliseconds (at most a year either way)' };
    }
    if (Object.keys(o).length !== 1) return { problem: 'clockSkewMs takes no other fields' };
    return { kind: 'clockSkew', ms };
  }
  // A method fault.
  const method = o.method;
  if (typeof method !== 'string' || (method !== '*' && !isKnownMethod(method))) {
    return { problem: 'method must be a method of the schema, e.g. "auth.sendCode", or "*"' };
  }
  const fault: Omit<MethodFault, 'id'> = { method, remaining: 1 };
  if (o.times !== undefined) {
    if (!isPositiveInt(o.times, 1_000_000)) return { problem: 'times must be a positive integer' };
    fault.remaining = o.times;
  }
  if (o.dc !== undefined) {
    if (typeof o.dc !== 'number' || !dcIds.includes(o.dc)) return { problem: `dc must be one of ${dcIds.join(', ')}` };
    fault.dc = o.dc;
  }
  if (o.error !== undefined) {
    if (typeof o.error !== 'string' || !isErrorMessage(o.error)) {
      return { problem: 'error must be a Telegram error string such as "FLOOD_WAIT_30" (capitals, digits, underscores)' };
    }
    let code = errorCodeFor(o.error, typeof o.method === 'string' ? o.method : undefined);
    if (o.code !== undefined) {
      if (typeof o.code !== 'number' || !Number.isInteger(o.code) || o.code < 300 || o.code > 599) {
        return { problem: 'code must be an integer from 300 to 599' };
      }
      code = o.code;
    }
    fault.error = { message: o.error, code };
  } else if (o.code !== undefined) {
    return { problem: 'code needs an error' };
  }
  if (o.delayMs !== undefined) {
    if (typeof o.delayMs !== 'number' || !Number.isInteger(o.delayMs) || o.delayMs < 0 || o.delayMs > 600_000) {
      return { problem: 'delayMs must be an integer from 0 to 600000' };
    }
    fault.delayMs = o.delayMs;
  }
  if (o.dropConnection !== undefined) {
    if (o.dropConnection !== true && o.dropConnection !== 'after' && o.dropConnection !== 'before') {
      return { problem: 'dropConnection must be true (same as "after"), "after" or "before"' };
    }
    if (fault.error) return { problem: 'a fault either answers with an error or drops the connection, not both' };
    fault.dropConnection = o.dropConnection === 'before' ? 'before' : 'after';
  }
  if (!fault.error && fault.delayMs === undefined && !fault.dropConnection) {
    return { problem: 'a method fault needs "error", "delayMs" or "dropConnection"' };
  }
  return { kind: 'method', fault };
}

export class FaultInjector {
  private faults: MethodFault[] = [];
  private nextId = 1;

  add(fault: Omit<MethodFault, 'id'>): MethodFault {
    const full = { ...fault, id: this.nextId++ };
    this.faults.push(full);
    return full;
  }

  /** The first live fault for this call, counted as used; undefined when none applies. */
  take(method: string, dc: number): MethodFault | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (x.method === '*' || x.method === method) && (x.dc === undefined || x.dc === dc));
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining === 0) this.faults = this.faults.filter((x) => x !== f);
    return { ...f };
  }

  pending(): MethodFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
