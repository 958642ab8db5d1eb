// The encrypted half of a DC (core.telegram.org/mtproto/description, /service_messages,
// /service_messages_about_messages): checks every incoming message's msg_id, salt, session and
// seqno as the spec orders, answers service messages itself, unwraps invokeWithLayer /
// initConnection / invokeAfterMsg(s) / invokeWithoutUpdates and hands API requests to the dispatcher.
import { randomBytes } from 'node:crypto';
import { unzipSync } from 'node:zlib';
import { Api, extensions } from 'telegram';
import type { ClientConnection } from './client-connection';
import { RpcError, type Clock, type RpcDispatcher, type RpcCallContext } from './dc-types';
import { currentSalt, isSaltValid, saltForPeriod, saltPeriod, SALT_PERIOD_SECONDS, type AuthKeyRecord } from './auth-keys';
import { fromBigInteger } from './binary';
import { decryptMessage, encryptMessage } from './message-crypto';
import { MsgIdGenerator, msgIdSeconds, type MsgIdKind } from './msg-id';
import * as svc from './service-messages';
import { readTlObject, TlReadError } from './tl-read';
import { answerToClientLayer, conversionError, isApiFunction, LayerConversionError, requestToHandlerLayer, resultTypeOf, speaksHandlerLayer } from '../tl/layers';

const INVOKE_WITH_LAYER = Api.InvokeWithLayer.CONSTRUCTOR_ID >>> 0;

/** Per-session memory of received msg_ids; older ones are answered with code 20. */
const REMEMBERED_MSG_IDS = 2048;
const MAX_SESSIONS_PER_KEY = 256;
/** Acks that found no answer to ride on go out alone after this. */
const ACK_DELAY_MS = 30;
const MAX_CONTAINER_ITEMS = 1024;
const MAX_GUNZIPPED_BYTES = 16 << 20;

interface OutMsg {
  body: Buffer;
  content: boolean;
  kind: MsgIdKind;
}

/** What outgoing messages need from a session: its id, seqno counter and acks owed. */
interface Outbound {
  id: bigint;
  serverSeq: number;
  pendingAcks: bigint[];
}

export interface Session extends Outbound {
  uniqueId: bigint;
  seen: Set<bigint>;
  seenOrder: bigint[];
  /** Every msg_id at or below this was forgotten (code 20 territory). */
  forgottenUpTo: bigint;
  maxMsgId: bigint;
  seqAtMax: number;
  connection: ClientConnection | null;
  pendingCalls: Map<bigint, Promise<unknown>>;
  ackTimer: NodeJS.Timeout | null;
  lastUsedMs: number;
}

export interface KeyEntry {
  record: AuthKeyRecord;
  sessions: Map<bigint, Session>;
}

export interface EncryptedLayerOptions {
  dcId: number;
  clock: Clock;
  dispatcher: RpcDispatcher;
  msgIds: MsgIdGenerator;
  log(line: string): void;
  onRpc(): void;
  /** Time spent on encrypted messages (reading, unwrapping, writing answers; not awaits in handlers), in ns. */
  onServerTime?(ns: number): void;
  /** Called for each bad_msg_notification (by error code) and bad_server_salt (48) sent. */
  onBadMsg(code: number): void;
  /** Called when a key must be dropped (expired temp key, destroy_auth_key). */
  forget(authKeyId: bigint): void;
}

/** Messages that are not content-related: they take even seqnos and are never acknowledged. */
const NON_CONTENT = new Set<number>([svc.CTOR.msgsAck, svc.CTOR.msgContainer, svc.CTOR.httpWait]);

/**
 * Content-related queries whose immediate answer acknowledges them (pong, future_salts,
 * msgs_state_info, rpc_result, destroy_session_*): a separate msgs_ack would ack a message the
 * client already considers answered.
 */
const ANSWER_ACKNOWLEDGES = new Set<number>([
  Api.Ping.CONSTRUCTOR_ID,
  Api.PingDelayDisconnect.CONSTRUCTOR_ID,
  Api.GetFutureSalts.CONSTRUCTOR_ID,
  Api.MsgsStateReq.CONSTRUCTOR_ID,
  Api.MsgResendReq.CONSTRUCTOR_ID,
  Api.RpcDropAnswer.CONSTRUCTOR_ID,
  Api.DestroySession.CONSTRUCTOR_ID,
].map((id) => id >>> 0));

interface Incoming {
  entry: KeyEntry;
  conn: ClientConnection;
  sessionId: bigint;
  out: OutMsg[];
  session: Session | null;
}

/** A message read into gramjs' objects (in the handlers' layer), or the rpc_error to answer it with. */
type Parsed = { ok: true; obj: unknown; ctor: number; body: Buffer } | { ok: false; ctor: number; error: string };

export class EncryptedLayer {
  readonly keys = new Map<bigint, KeyEntry>();

  constructor(private readonly opts: EncryptedLayerOptions) {}

  addKey(record: AuthKeyRecord): void {
    this.keys.set(record.id, { record, sessions: new Map() });
  }

  removeKey(id: bigint): boolean {
    const entry = this.keys.get(id);
    if (!entry) return false;
    for (const s of entry.sessions.values()) if (s.ackTimer) clearTimeout(s.ackTimer);
    this.keys.delete(id);
    return true;
  }

  /** Handles one encrypted packet. Returns 'unknown-key' when the caller should answer -404. */
  handlePacket(conn: ClientConnection, packet: Buffer): 'ok' | 'unknown-key' | 'drop' {
    const started = process.hrtime.bigint();
    try {
      return this.handlePacketTimed(conn, packet);
    } finally {
      this.opts.onServerTime?.(Number(process.hrtime.bigint() - started));
    }
  }

  private handlePacketTimed(conn: ClientConnection, packet: Buffer): 'ok' | 'unknown-key' | 'drop' {
    const authKeyId = packet.readBigInt64LE(0);
    const entry = this.keys.get(authKeyId);
    if (!entry) return 'unknown-key';
    const now = this.opts.clock.now();
    if (entry.record.expiresAtMs !== null && now >= entry.record.expiresAtMs) {
      this.opts.forget(authKeyId);
      return 'unknown-key';
    }
    if (packet.length < 24 + 48) return 'drop';
    const plain = decryptMessage(entry.record.key, packet, 'client');
    if (!plain) {
      this.opts.log(`conn ${conn.id}: msg_key mismatch, message dropped`);
      return 'drop';
    }
    const salt = plain.readBigInt64LE(0);
    const sessionId = plain.readBigInt64LE(8);
    const msgId = plain.readBigInt64LE(16);
    const seqNo = plain.readInt32LE(24);
    const length = plain.readInt32LE(28);
    const padding = plain.length - 32 - length;
    if (length < 4 || length % 4 !== 0 || padding < 12 || padding > 1024) {
      this.opts.log(`conn ${conn.id}: bad message_data_length ${length} (padding ${padding})`);
      return 'drop';
    }
    const incoming: Incoming = { entry, conn, sessionId, out: [], session: entry.sessions.get(sessionId) ?? null };
    this.handleTopLevel(incoming, salt, msgId, seqNo, plain.subarray(32, 32 + length));
    const target: Outbound = incoming.session ?? { id: sessionId, serverSeq: 0, pendingAcks: [] };
    if (incoming.out.length > 0) this.send(entry, target, conn, incoming.out);
    else if (incoming.session) this.scheduleAcks(entry, incoming.session);
    return 'ok';
  }

  /** Sends unsolicited messages (updates) to every session of a key that has a live connection. */
  pushToKey(authKeyId: bigint, body: Buffer): number {
    const entry = this.keys.get(authKeyId);
    if (!entry) return 0;
    let reached = 0;
    const layer = entry.record.layer;
    if (!speaksHandlerLayer(layer)) {
      try {
        body = answerToClientLayer(body, { kind: 'boxed', name: 'Updates' }, layer!);
      } catch (err) {
        this.opts.log(`updates not expressible in layer ${layer}, not pushed: ${(err as Error).message}`);
        return 0;
      }
    }
    for (const session of entry.sessions.values()) {
      const conn = session.connection;
      if (!conn || conn.closed) continue;
      this.send(entry, session, conn, [{ body, content: true, kind: 'unsolicited' }]);
      reached++;
    }
    return reached;
  }

  private badMsg(msgId: bigint, seqNo: number, code: number): Buffer {
    this.opts.onBadMsg(code);
    return svc.badMsgNotification(msgId, seqNo, code);
  }

  private timeError(msgId: bigint): number | null {
    if (msgId % 4n !== 0n) return 18;
    const nowSec = this.opts.clock.now() / 1000;
    const sec = msgIdSeconds(msgId);
    if (sec < nowSec - 300) return 16;
    if (sec > nowSec + 30) return 17;
    return null;
  }

  private handleTopLevel(inc: Incoming, salt: bigint, msgId: bigint, seqNo: number, body: Buffer): void {
    const now = this.opts.clock.now();
    const timeErr = this.timeError(msgId);
    if (timeErr !== null) {
      inc.out.push({ body: this.badMsg(msgId, seqNo, timeErr), content: true, kind: 'response' });
      return;
    }
    if (!isSaltValid(inc.entry.record, salt, now)) {
      this.opts.onBadMsg(48);
      inc.out.push({ body: svc.badServerSalt(msgId, seqNo, currentSalt(inc.entry.record, now)), content: true, kind: 'response' });
      return;
    }
    const session = inc.session ?? this.createSession(inc, msgId);
    session.connection = inc.conn;
    session.lastUsedMs = now;
    if (body.readUInt32LE(0) !== svc.CTOR.msgContainer) {
      this.handleMessage(inc, session, msgId, seqNo, body);
      return;
    }
    if (session.seen.has(msgId)) {
      inc.out.push({ body: this.badMsg(msgId, seqNo, 19), content: true, kind: 'response' });
      return;
    }
    const items = parseContainer(body, msgId);
    if (!items) {
      inc.out.push({ body: this.badMsg(msgId, seqNo, 64), content: true, kind: 'response' });
      return;
    }
    // A container is not content-related: an even seqno is expected, so odd is 34.
    if (seqNo % 2 !== 0) {
      inc.out.push({ body: this.badMsg(msgId, seqNo, 34), content: true, kind: 'response' });
      return;
    }
    this.remember(session, msgId);
    for (const item of items) {
      const err = this.timeError(item.msgId);
      if (err !== null) inc.out.push({ body: this.badMsg(item.msgId, item.seqNo, err), content: true, kind: 'response' });
      else this.handleMessage(inc, session, item.msgId, item.seqNo, item.body);
    }
  }

  private createSession(inc: Incoming, firstMsgId: bigint): Session {
    const sessions = inc.entry.sessions;
    if (sessions.size >= MAX_SESSIONS_PER_KEY) {
      let oldest: Session | null = null;
      for (const s of sessions.values()) if (!oldest || s.lastUsedMs < oldest.lastUsedMs) oldest = s;
      if (oldest) this.dropSession(inc.entry, oldest.id);
    }
    const session: Session = {
      id: inc.sessionId,
      uniqueId: randomBytes(8).readBigInt64LE(0),
      serverSeq: 0,
      pendingAcks: [],
      seen: new Set(),
      seenOrder: [],
      forgottenUpTo: 0n,
      maxMsgId: 0n,
      seqAtMax: 0,
      connection: inc.conn,
      pendingCalls: new Map(),
      ackTimer: null,
      lastUsedMs: this.opts.clock.now(),
    };
    sessions.set(session.id, session);
    inc.session = session;
    const salt = currentSalt(inc.entry.record, this.opts.clock.now());
    inc.out.push({ body: svc.newSessionCreated(firstMsgId, session.uniqueId, salt), content: true, kind: 'response' });
    return session;
  }

  private dropSession(entry: KeyEntry, id: bigint): boolean {
    const s = entry.sessions.get(id);
    if (!s) return false;
    if (s.ackTimer) clearTimeout(s.ackTimer);
    entry.sessions.delete(id);
    return true;
  }

  private remember(session: Session, msgId: bigint): void {
    session.seen.add(msgId);
    session.seenOrder.push(msgId);
    if (session.seenOrder.length > REMEMBERED_MSG_IDS) {
      const old = session.seenOrder.shift()!;
      session.seen.delete(old);
      if (old > session.forgottenUpTo) session.forgottenUpTo = old;
    }
  }

  private handleMessage(inc: Incoming, session: Session, msgId: bigint, seqNo: number, body: Buffer): void {
    const bad = (code: number) => inc.out.push({ body: this.badMsg(msgId, seqNo, code), content: true, kind: 'response' });
    if (session.seen.has(msgId)) {
      // A resend of something already handled: the answer (if any) is on its way or was sent.
      this.opts.log(`session ${session.id}: duplicate msg_id ${msgId} ignored`);
      return;
    }
    if (msgId <= session.forgottenUpTo) return void bad(20);
    const parsed = parseObject(body, inc.entry.record.layer, (line) => this.opts.log(`session ${session.id}: ${line}`));
    if (parsed.ok && parsed.ctor === svc.CTOR.msgContainer) return void bad(64); // containers do not nest
    const content = !NON_CONTENT.has(parsed.ctor);
    // 34: even expected (not content-related) but odd received; 35: odd expected (content-related)
    // but even received. Real Telegram lets an odd-seqno msgs_ack through, and clients that send one
    // would otherwise reset their session over it again and again.
    if (!content && seqNo % 2 !== 0 && parsed.ctor !== svc.CTOR.msgsAck) return void bad(34);
    if (parsed.ok && isQuery(parsed.obj) && seqNo % 2 === 0) return void bad(35);
    if (msgId > session.maxMsgId) {
      if (seqNo < session.seqAtMax) return void bad(32);
      session.maxMsgId = msgId;
      session.seqAtMax = seqNo;
    } else if (seqNo > session.seqAtMax) {
      return void bad(33);
    }
    this.remember(session, msgId);
    if (content && !ANSWER_ACKNOWLEDGES.has(parsed.ctor)) session.pendingAcks.push(msgId);
    if (!parsed.ok) {
      // Answered and remembered like any request: the session goes on.
      inc.out.push({ body: svc.rpcResult(msgId, svc.rpcErrorBody(new RpcError(400, parsed.error))), content: true, kind: 'response' });
      return;
    }
    this.handleObject(inc, session, msgId, parsed.obj);
  }

  private handleObject(inc: Incoming, session: Session, msgId: bigint, obj: unknown): void {
    const reply = (body: Buffer) => inc.out.push({ body, content: true, kind: 'response' });
    const now = this.opts.clock.now();
    if (obj instanceof Api.MsgsAck || obj instanceof Api.HttpWait) return;
    if (obj instanceof Api.Ping) return void reply(svc.pong(msgId, fromBigInteger(obj.pingId)));
    if (obj instanceof Api.PingDelayDisconnect) {
      this.armDisconnect(inc.conn, obj.disconnectDelay);
      return void reply(svc.pong(msgId, fromBigInteger(obj.pingId)));
    }
    if (obj instanceof Api.GetFutureSalts) {
      const period = saltPeriod(now);
      const count = Math.min(Math.max(obj.num, 1), 64);
      const salts = Array.from({ length: count }, (_, i) => ({
        validSince: (period + i) * SALT_PERIOD_SECONDS,
        validUntil: (period + i + 1) * SALT_PERIOD_SECONDS,
        salt: saltForPeriod(inc.entry.record, period + i),
      }));
      return void reply(svc.futureSalts(msgId, Math.floor(now / 1000), salts));
    }
    if (obj instanceof Api.DestroySession) {
      const target = fromBigInteger(obj.sessionId);
      const destroyed = target !== session.id && this.dropSession(inc.entry, target);
      return void reply(svc.destroySessionResult(target, destroyed));
    }
    if (obj instanceof Api.MsgsStateReq || obj instanceof Api.MsgResendReq) {
      // 4: received; 1: unknown (too old or forgotten); 3: not received yet (msg_id too high).
      const info = Buffer.from(
        obj.msgIds.map((raw) => {
          const id = fromBigInteger(raw);
          if (obj instanceof Api.MsgResendReq) return 1;
          if (session.seen.has(id)) return 4;
          return id > session.maxMsgId ? 3 : 1;
        }),
      );
      return void reply(svc.msgsStateInfo(msgId, info));
    }
    if (obj instanceof Api.RpcDropAnswer) {
      const running = session.pendingCalls.has(fromBigInteger(obj.reqMsgId));
      const answer = running ? new Api.RpcAnswerDroppedRunning() : new Api.RpcAnswerUnknown();
      return void reply(svc.rpcResult(msgId, answer.getBytes()));
    }
    if (obj instanceof Api.DestroyAuthKey) {
      reply(new Api.DestroyAuthKeyOk().getBytes());
      // Forget the key only after this reply is out (it is encrypted with that very key).
      setImmediate(() => this.opts.forget(inc.entry.record.id));
      return;
    }
    if (isQuery(obj)) {
      this.invoke(inc, session, msgId, obj as Api.AnyRequest);
      return;
    }
    this.opts.log(`session ${session.id}: ignoring ${describe(obj)}`);
  }

  private armDisconnect(conn: ClientConnection, delaySeconds: number): void {
    const previous = conn.attachments.get('pingDisconnect') as NodeJS.Timeout | undefined;
    if (previous) clearTimeout(previous);
    else conn.onFinish(() => clearTimeout(conn.attachments.get('pingDisconnect') as NodeJS.Timeout));
    const timer = setTimeout(() => {
      this.opts.log(`conn ${conn.id}: no ping within ${delaySeconds}s after ping_delay_disconnect, closing`);
      conn.close();
    }, Math.max(0, delaySeconds) * 1000);
    timer.unref();
    conn.attachments.set('pingDisconnect', timer);
  }

  private invoke(inc: Incoming, session: Session, msgId: bigint, request: Api.AnyRequest): void {
    const { entry, conn } = inc;
    const after: bigint[] = [];
    let query: unknown = request;
    for (;;) {
      if (query instanceof Api.InvokeWithLayer) {
        entry.record.layer = query.layer;
        query = query.query;
      } else if (query instanceof Api.InitConnection) {
        entry.record.client = {
          apiId: query.apiId,
          deviceModel: query.deviceModel,
          systemVersion: query.systemVersion,
          appVersion: query.appVersion,
          langCode: query.langCode,
          systemLangCode: query.systemLangCode,
        };
        query = query.query;
      } else if (query instanceof Api.InvokeAfterMsg) {
        after.push(fromBigInteger(query.msgId));
        query = query.query;
      } else if (query instanceof Api.InvokeAfterMsgs) {
        for (const id of query.msgIds) after.push(fromBigInteger(id));
        query = query.query;
      } else if (query instanceof Api.InvokeWithoutUpdates) {
        query = query.query;
      } else break;
    }
    const ctx: RpcCallContext = {
      dcId: this.opts.dcId,
      authKeyId: entry.record.id,
      sessionId: session.id,
      client: entry.record.client,
      layer: entry.record.layer,
      remoteAddress: conn.remoteAddress,
    };
    const waitFor = after.map((id) => session.pendingCalls.get(id)).filter((p): p is Promise<unknown> => p !== undefined);
    this.opts.onRpc();
    const call = (async () => {
      if (waitFor.length) await Promise.allSettled(waitFor);
      if (!isQuery(query)) throw new RpcError(400, 'INPUT_REQUEST_INVALID');
      const value = await this.opts.dispatcher.handle(query as Api.AnyRequest, ctx);
      const started = process.hrtime.bigint();
      try {
        return this.inClientLayer(svc.serializeResult(value), (query as { CONSTRUCTOR_ID: number }).CONSTRUCTOR_ID, ctx.layer);
      } finally {
        this.opts.onServerTime?.(Number(process.hrtime.bigint() - started));
      }
    })();
    session.pendingCalls.set(msgId, call);
    call
      .then(
        (result) => svc.rpcResult(msgId, result),
        (err: unknown) => {
          if (err instanceof RpcError) return svc.rpcResult(msgId, svc.rpcErrorBody(err));
          this.opts.log(`rpc ${describe(query)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          return svc.rpcResult(msgId, svc.rpcErrorBody(new RpcError(500, 'INTERNAL')));
        },
      )
      .then((body) => {
        session.pendingCalls.delete(msgId);
        const via = !conn.closed ? conn : session.connection && !session.connection.closed ? session.connection : null;
        const started = process.hrtime.bigint();
        if (via && this.keys.get(entry.record.id) === entry) this.send(entry, session, via, [{ body, content: true, kind: 'response' }]);
        this.opts.onServerTime?.(Number(process.hrtime.bigint() - started));
      })
      .catch((err: unknown) => this.opts.log(`rpc answer not sent: ${(err as Error).message}`));
  }

  /** An answer the handlers wrote in their layer, rewritten in the client's. */
  private inClientLayer(answer: Buffer, queryConstructorId: number, layer: number | null): Buffer {
    if (speaksHandlerLayer(layer)) return answer;
    const type = resultTypeOf(queryConstructorId);
    if (!type) return answer;
    try {
      return answerToClientLayer(answer, type, layer!);
    } catch (err) {
      this.opts.log(`answer not expressible in layer ${layer}: ${(err as Error).message}`);
      throw new RpcError(500, 'INTERNAL_LAYER_CONVERSION');
    }
  }

  private scheduleAcks(entry: KeyEntry, session: Session): void {
    if (session.pendingAcks.length === 0 || session.ackTimer) return;
    session.ackTimer = setTimeout(() => {
      session.ackTimer = null;
      const conn = session.connection;
      try {
        if (session.pendingAcks.length && conn && !conn.closed && this.keys.get(entry.record.id) === entry) this.send(entry, session, conn, []);
      } catch (err) {
        this.opts.log(`acks not sent: ${(err as Error).message}`);
      }
    }, ACK_DELAY_MS);
    session.ackTimer.unref();
  }

  /** Encrypts and writes `msgs` (plus any acks owed) as one message or one container. */
  private send(entry: KeyEntry, session: Outbound, conn: ClientConnection, msgs: OutMsg[]): void {
    const all = [...msgs];
    if (session.pendingAcks.length) {
      all.unshift({ body: svc.msgsAck(session.pendingAcks.splice(0)), content: false, kind: 'response' });
    }
    if (all.length === 0) return;
    const items = all.map((m) => {
      const seqNo = m.content ? 2 * session.serverSeq++ + 1 : 2 * session.serverSeq;
      return { msgId: this.opts.msgIds.next(m.kind), seqNo, body: m.body };
    });
    const single = items.length === 1 ? items[0]! : null;
    const msgId = single ? single.msgId : this.opts.msgIds.next(all.every((m) => m.kind === 'unsolicited') ? 'unsolicited' : 'response');
    const seqNo = single ? single.seqNo : 2 * session.serverSeq;
    const body = single ? single.body : svc.msgContainer(items);
    const header = Buffer.alloc(32);
    header.writeBigInt64LE(currentSalt(entry.record, this.opts.clock.now()), 0);
    header.writeBigInt64LE(session.id, 8);
    header.writeBigInt64LE(msgId, 16);
    header.writeInt32LE(seqNo, 24);
    header.writeInt32LE(body.length, 28);
    conn.send(encryptMessage(entry.record.key, entry.record.id, Buffer.concat([header, body]), 'server'));
  }
}

/** Requests (functions) take odd seqnos: API methods and the MTProto queries. */
function isQuery(obj: unknown): boolean {
  return (
    obj !== null &&
    typeof obj === 'object' &&
    ((obj as { classType?: string }).classType === 'request' || obj instanceof Api.MsgsStateReq || obj instanceof Api.MsgResendReq)
  );
}

function parseContainer(body: Buffer, containerId: bigint): Array<{ msgId: bigint; seqNo: number; body: Buffer }> | null {
  if (body.length < 8) return null;
  const count = body.readInt32LE(4);
  if (count < 1 || count > MAX_CONTAINER_ITEMS) return null;
  const items: Array<{ msgId: bigint; seqNo: number; body: Buffer }> = [];
  const ids = new Set<bigint>();
  let off = 8;
  for (let i = 0; i < count; i++) {
    if (off + 16 > body.length) return null;
    const msgId = body.readBigInt64LE(off);
    const seqNo = body.readInt32LE(off + 8);
    const len = body.readInt32LE(off + 12);
    off += 16;
    if (len < 4 || len % 4 !== 0 || off + len > body.length) return null;
    // Inner msg_ids are distinct and below the container's own (the container is made last).
    if (msgId >= containerId || ids.has(msgId)) return null;
    ids.add(msgId);
    items.push({ msgId, seqNo, body: body.subarray(off, off + len) });
    off += len;
  }
  return off === body.length ? items : null;
}

function parseObject(body: Buffer, keyLayer: number | null, log: (line: string) => void): Parsed {
  let ctor = body.readUInt32LE(0);
  if (ctor === svc.CTOR.gzipPacked) {
    try {
      const packed = new extensions.BinaryReader(body.subarray(4)).tgReadBytes();
      // gzip_packed carries gzip-framed data, but Telegram also accepts zlib-framed deflate.
      body = unzipSync(packed, { maxOutputLength: MAX_GUNZIPPED_BYTES });
    } catch {
      return { ok: false, ctor, error: 'INPUT_FETCH_ERROR' };
    }
    if (body.length < 4) return { ok: false, ctor, error: 'INPUT_FETCH_ERROR' };
    ctor = body.readUInt32LE(0);
  }
  if (ctor === svc.CTOR.msgContainer) return { ok: true, obj: null, ctor, body };
  // The layer this request is written in: its own invokeWithLayer, else the key's last one.
  const layer = ctor === INVOKE_WITH_LAYER && body.length >= 8 ? body.readInt32LE(4) : keyLayer;
  let handlerBody = body;
  if (!speaksHandlerLayer(layer) && isApiFunction(ctor)) {
    try {
      handlerBody = requestToHandlerLayer(body, layer);
    } catch (err) {
      return refused(ctor, err, log);
    }
  }
  try {
    return { ok: true, obj: readTlObject(handlerBody).obj, ctor, body: handlerBody };
  } catch (err) {
    const unknown = err instanceof TlReadError && err.unknownConstructor;
    if (!unknown) return { ok: false, ctor, error: 'INPUT_FETCH_ERROR' };
    if (handlerBody !== body || !isApiFunction(ctor)) {
      log(`unknown constructor #${hex8(ctor)}`);
      return { ok: false, ctor, error: `INPUT_METHOD_INVALID_${ctor}` };
    }
  }
  // A layer-198 key sending a constructor of another layer: read it with every bundled schema.
  try {
    return { ok: true, obj: readTlObject(requestToHandlerLayer(body, layer, true)).obj, ctor, body };
  } catch (err) {
    return refused(ctor, err, log);
  }
}

function refused(ctor: number, err: unknown, log: (line: string) => void): Parsed {
  const e = err instanceof LayerConversionError ? err : conversionError(err);
  log(`request #${hex8(ctor)} refused: ${e.message}`);
  return { ok: false, ctor, error: e.error };
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

function describe(x: unknown): string {
  if (x && typeof x === 'object' && 'className' in x) return String((x as { className: unknown }).className);
  return typeof x;
}

