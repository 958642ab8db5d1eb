// Reading one TL object from untrusted bytes with gramjs' reader. gramjs parses its core types
// (rpc_result, gzip_packed, msg_container) asynchronously; a peer could smuggle those anywhere, and
// a rejected promise nobody awaits would take the process down, so they are refused here.
import { errors, extensions } from 'telegram';

export class TlReadError extends Error {
  override name = 'TlReadError';
  constructor(
    message: string,
    /** True when the constructor is unknown (rather than the bytes being truncated or malformed). */
    readonly unknownConstructor: boolean,
  ) {
    super(message);
  }
}

/** Parses the object at the start of `data`; `length` is how many bytes it took. */
export function readTlObject(data: Buffer): { obj: unknown; length: number } {
  const reader = new extensions.BinaryReader(data);
  let obj: unknown;
  try {
    obj = reader.tgReadObject();
  } catch (err) {
    const unknown = err instanceof errors.TypeNotFoundError;
    throw new TlReadError(err instanceof Error ? err.message : String(err), unknown);
  }
  if (obj instanceof Promise) {
    obj.catch(() => undefined);
    throw new TlReadError('a core type (rpc_result, gzip_packed, msg_container) where an object was expected', false);
  }
  return { obj, length: reader.tellPosition() };
}
