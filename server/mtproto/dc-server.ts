// One data centre's MTProto endpoint: a loopback TCP listener whose connections speak any
// transport, run the auth key exchange in the clear and everything else encrypted.
import { createServer, type Server } from 'node:net';
import type { Api } from 'telegram';
import { ClientConnection } from './client-connection';
import { connectionLimitsProblem, DEFAULT_CONNECTION_LIMITS, type DcServer, type DcServerOptions, type DcServerStats } from './dc-types';
import { AuthKeyExchange, HandshakeError, serverRsa, type HandshakeEnv } from './auth-key-exchange';
import { newAuthKeyRecord } from './auth-keys';
import { int32LE, int64LE } from './binary';
import { EncryptedLayer } from './encrypted-session';
import { MsgIdGenerator } from './msg-id';
import { readTlObject } from './tl-read';

export type { DcServer, DcServerOptions, DcServerStats } from './dc-types';

export async function startDcServer(options: DcServerOptions): Promise<DcServer> {
  const log = options.log ?? (() => {});
  const limitsIssue = connectionLimitsProblem(options.limits ?? {});
  if (limitsIssue) throw new Error(limitsIssue);
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const rsa = serverRsa(options.rsa.privateKeyPem, options.rsa.fingerprint);
  const msgIds = new MsgIdGenerator(options.clock);
  const connections = new Set<ClientConnection>();
  let nextConnId = 1;
  let floodRemaining = 0;
  const counters = {
    connectionsAccepted: 0,
    connectionsRefused: 0,
    handshakeTimeouts: 0,
    idleTimeouts: 0,
    handshakesCompleted: 0,
    handshakesFailed: 0,
    handshakeServerNs: 0,
    encryptedServerNs: 0,
    rpcCalls: 0,
    transportErrors404: 0,
    transportErrors429: 0,
  };
  const badMsgNotifications: Record<number, number> = {};

  const notify = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      log(`dispatcher ${what} threw: ${(err as Error).message}`);
    }
  };

  const forget = (authKeyId: bigint) => {
    if (layer.removeKey(authKeyId)) notify('onAuthKeyForgotten', () => options.dispatcher.onAuthKeyForgotten?.(options.id, authKeyId));
  };

  const layer = new EncryptedLayer({
    dcId: options.id,
    clock: options.clock,
    dispatcher: options.dispatcher,
    msgIds,
    log,
    onRpc: () => counters.rpcCalls++,
    onServerTime: (ns) => {
      counters.encryptedServerNs += ns;
    },
    onBadMsg: (code) => {
      badMsgNotifications[code] = (badMsgNotifications[code] ?? 0) + 1;
    },
    forget,
  });
  for (const record of options.authKeys ?? []) layer.addKey(record);

  const handshakeEnv: HandshakeEnv = {
    dcId: options.id,
    rsa,
    clock: options.clock,
    authKeyIdTaken: (id) => layer.keys.has(id),
  };

  // One timer per connection: first the deadline to prove itself (a finished auth key exchange or
  // a message that decrypts under a known key), then, once proven, the idle time-out that each
  // whole packet restarts. Bytes alone don't count, so a peer dripping a frame never completes one.
  const watches = new WeakMap<ClientConnection, { timer: NodeJS.Timeout; proven: boolean }>();
  const watch = (conn: ClientConnection) => {
    const w = { proven: false, timer: setTimeout(() => expire(conn), limits.handshakeTimeoutMs) };
    watches.set(conn, w);
    conn.onFinish(() => clearTimeout(w.timer));
  };
  const expire = (conn: ClientConnection) => {
    const proven = watches.get(conn)?.proven ?? false;
    if (proven) counters.idleTimeouts++;
    else counters.handshakeTimeouts++;
    log(`conn ${conn.id}: ${proven ? `nothing for ${limits.idleTimeoutMs} ms` : `not proven within ${limits.handshakeTimeoutMs} ms`}, closing`);
    conn.close();
  };
  const heard = (conn: ClientConnection, proves: boolean) => {
    const w = watches.get(conn);
    if (!w) return;
    if (w.proven) w.timer.refresh();
    else if (proves) {
      w.proven = true;
      clearTimeout(w.timer);
      w.timer = setTimeout(() => expire(conn), limits.idleTimeoutMs);
    }
  };

  const reject404 = (conn: ClientConnection, why: string) => {
    log(`conn ${conn.id}: -404 (${why})`);
    counters.transportErrors404++;
    conn.sendTransportError(404);
    conn.end();
  };

  const handlePlain = (conn: ClientConnection, packet: Buffer) => {
    // auth_key_id = 0, message_id, message_data_length, message_data
    const length = packet.length >= 20 ? packet.readInt32LE(16) : -1;
    if (length <= 0 || 20 + length > packet.length) {
      counters.handshakesFailed++;
      return reject404(conn, 'malformed unencrypted message');
    }
    let request: unknown;
    try {
      request = readTlObject(packet.subarray(20, 20 + length)).obj;
    } catch {
      counters.handshakesFailed++;
      return reject404(conn, 'unparseable unencrypted message');
    }
    let exchange = conn.attachments.get('handshake') as AuthKeyExchange | undefined;
    if (!exchange) {
      exchange = new AuthKeyExchange(handshakeEnv);
      conn.attachments.set('handshake', exchange);
    }
    const started = process.hrtime.bigint();
    let outcome: ReturnType<AuthKeyExchange['handle']>;
    try {
      outcome = exchange.handle(request);
    } catch (err) {
      counters.handshakeServerNs += Number(process.hrtime.bigint() - started);
      counters.handshakesFailed++;
      if (err instanceof HandshakeError) return reject404(conn, err.message);
      throw err;
    }
    const { reply, created } = outcome;
    if (created) {
      layer.addKey(newAuthKeyRecord({ ...created, createdAtMs: options.clock.now() }));
      counters.handshakesCompleted++;
    }
    heard(conn, created !== undefined);
    conn.send(Buffer.concat([int64LE(0n), int64LE(msgIds.next('response')), int32LE(reply.length), reply]));
    counters.handshakeServerNs += Number(process.hrtime.bigint() - started);
    if (created) notify('onAuthKeyCreated', () => options.dispatcher.onAuthKeyCreated?.(options.id, created.id));
  };

  const onPacket = (conn: ClientConnection, packet: Buffer) => {
    if (floodRemaining > 0) {
      floodRemaining--;
      counters.transportErrors429++;
      conn.sendTransportError(429);
      return;
    }
    if (packet.length < 8) {
      log(`conn ${conn.id}: ${packet.length}-byte packet, closing`);
      conn.close();
      return;
    }
    if (packet.readBigInt64LE(0) === 0n) return handlePlain(conn, packet);
    const result = layer.handlePacket(conn, packet);
    if (result === 'ok') heard(conn, true);
    else if (result === 'unknown-key') reject404(conn, 'unknown auth_key_id');
    // Per the security guidelines a message failing msg_key or length checks is treated as
    // never received, and the connection is not to be trusted further.
    else if (result === 'drop') conn.close();
  };

  const server: Server = createServer((socket) => {
    if (connections.size >= limits.maxConnections) {
      counters.connectionsRefused++;
      socket.on('error', () => undefined);
      socket.destroy();
      return;
    }
    counters.connectionsAccepted++;
    const conn = new ClientConnection(nextConnId++, socket, {
      onPacket,
      onClose: (c) => connections.delete(c),
      log,
    });
    connections.add(conn);
    watch(conn);
  });
  server.on('error', (err) => log(`DC ${options.id} listener error: ${err.message}`));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log(`DC ${options.id} listening on ${options.host}:${port}`);

  return {
    id: options.id,
    host: options.host,
    port,
    pushUpdates(authKeyId: bigint, updates: Api.TypeUpdates): number {
      return layer.pushToKey(authKeyId, updates.getBytes());
    },
    forgetAuthKey(authKeyId?: bigint): void {
      const ids = authKeyId === undefined ? [...layer.keys.keys()] : [authKeyId];
      for (const id of ids) forget(id);
    },
    dropConnections(): void {
      for (const conn of [...connections]) conn.close();
    },
    floodTransport(times: number): void {
      floodRemaining = Math.max(0, Math.floor(times));
    },
    connectionCount(): number {
      return connections.size;
    },
    authKeyRecords() {
      return [...layer.keys.values()].map((entry) => entry.record);
    },
    stats(): DcServerStats {
      return { ...counters, badMsgNotifications: { ...badMsgNotifications }, authKeys: layer.keys.size };
    },
    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const conn of [...connections]) conn.close();
      await closed;
    },
  };
}
