// Serialization of what the server sends inside encrypted messages: rpc_result, containers,
// acks and the bare service answers. Bare vectors and bare types (future_salts, msgs_state_info)
// are written by hand because gramjs models them as client-side parse targets only.
import { gzipSync } from 'node:zlib';
import { Api } from 'telegram';
import { RpcError, type RpcResultValue } from './dc-types';
import { int32LE, int64LE, tlBytes, toBigInteger, uint32LE } from './binary';

export const CTOR = {
  rpcResult: 0xf35c6d01,
  msgContainer: 0x73f1f8dc,
  gzipPacked: 0x3072cfa1,
  vector: 0x1cb5c415,
  boolTrue: 0x997275b5,
  boolFalse: 0xbc799737,
  msgsAck: 0x62d6b459,
  httpWait: 0x9299359f,
  futureSalts: 0xae500895,
  msgsStateInfo: 0x04deb57d,
} as const;

/** Results above this size go out as gzip_packed when that makes them smaller. */
const GZIP_THRESHOLD = 16 * 1024;

export function serializeResult(value: RpcResultValue): Buffer {
  if (typeof value === 'boolean') return uint32LE(value ? CTOR.boolTrue : CTOR.boolFalse);
  if (Array.isArray(value)) return Buffer.concat([uint32LE(CTOR.vector), int32LE(value.length), ...value.map((v) => v.getBytes())]);
  if ('vectorOfLong' in value) return Buffer.concat([uint32LE(CTOR.vector), int32LE(value.vectorOfLong.length), ...value.vectorOfLong.map(int64LE)]);
  return value.getBytes();
}

export function rpcResult(reqMsgId: bigint, result: Buffer): Buffer {
  let body = result;
  if (result.length > GZIP_THRESHOLD) {
    const packed = Buffer.concat([uint32LE(CTOR.gzipPacked), tlBytes(gzipSync(result))]);
    if (packed.length < result.length) body = packed;
  }
  return Buffer.concat([uint32LE(CTOR.rpcResult), int64LE(reqMsgId), body]);
}

export function rpcErrorBody(err: RpcError): Buffer {
  return new Api.RpcError({ errorCode: err.errorCode, errorMessage: err.errorMessage }).getBytes();
}

export function msgsAck(ids: bigint[]): Buffer {
  return Buffer.concat([uint32LE(CTOR.msgsAck), uint32LE(CTOR.vector), int32LE(ids.length), ...ids.map(int64LE)]);
}

export interface ContainerItem {
  msgId: bigint;
  seqNo: number;
  body: Buffer;
}

export function msgContainer(items: ContainerItem[]): Buffer {
  const parts: Buffer[] = [uint32LE(CTOR.msgContainer), int32LE(items.length)];
  for (const m of items) parts.push(int64LE(m.msgId), int32LE(m.seqNo), int32LE(m.body.length), m.body);
  return Buffer.concat(parts);
}

export function badMsgNotification(badMsgId: bigint, badMsgSeqno: number, errorCode: number): Buffer {
  return new Api.BadMsgNotification({ badMsgId: toBigInteger(badMsgId), badMsgSeqno, errorCode }).getBytes();
}

export function badServerSalt(badMsgId: bigint, badMsgSeqno: number, newServerSalt: bigint): Buffer {
  return new Api.BadServerSalt({ badMsgId: toBigInteger(badMsgId), badMsgSeqno, errorCode: 48, newServerSalt: toBigInteger(newServerSalt) }).getBytes();
}

export function newSessionCreated(firstMsgId: bigint, uniqueId: bigint, serverSalt: bigint): Buffer {
  return new Api.NewSessionCreated({ firstMsgId: toBigInteger(firstMsgId), uniqueId: toBigInteger(uniqueId), serverSalt: toBigInteger(serverSalt) }).getBytes();
}

export function pong(msgId: bigint, pingId: bigint): Buffer {
  return new Api.Pong({ msgId: toBigInteger(msgId), pingId: toBigInteger(pingId) }).getBytes();
}

export function futureSalts(reqMsgId: bigint, now: number, salts: Array<{ validSince: number; validUntil: number; salt: bigint }>): Buffer {
  const parts: Buffer[] = [uint32LE(CTOR.futureSalts), int64LE(reqMsgId), int32LE(now), int32LE(salts.length)];
  for (const s of salts) parts.push(int32LE(s.validSince), int32LE(s.validUntil), int64LE(s.salt));
  return Buffer.concat(parts);
}

export function msgsStateInfo(reqMsgId: bigint, info: Buffer): Buffer {
  return Buffer.concat([uint32LE(CTOR.msgsStateInfo), int64LE(reqMsgId), tlBytes(info)]);
}

export function destroySessionResult(sessionId: bigint, destroyed: boolean): Buffer {
  const fields = { sessionId: toBigInteger(sessionId) };
  return (destroyed ? new Api.DestroySessionOk(fields) : new Api.DestroySessionNone(fields)).getBytes();
}
