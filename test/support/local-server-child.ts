// The local server and its MTProxy relays in a process of their own, for the server robustness
// suite: its sockets and its heap are measured apart from the clients that hammer it, and its
// death would show as this process ending. Driven over the IPC channel:
//
//   fork('test/support/local-server-child.ts', [JSON options], { execArgv: ['--expose-gc', '--import', 'tsx'] })
//
// { id, type: 'inbox', phone } answers the latest code delivered to that number; { id, type: 'probe' }
// answers what is open and how much heap is in use after a full collection. Its types are imported
// with `import type` only: importing it would start a server.
import { startLocalServer, type ConnectionLimits } from '../../server/local-server';
import { startMtproxyRelay, type MtproxyRelay, type RelaySecretKind } from '../../server/mtproxy/mtproxy-relay';

export interface ChildOptions {
  limits: Partial<ConnectionLimits>;
  /** Hex of the relays' 16-byte key. */
  relayKey: string;
  relayDomain: string;
  /** Accounts on DC 2, added before the first probe. */
  phones: string[];
}

export interface ChildReady {
  type: 'ready';
  dcs: Array<{ id: number; host: string; port: number }>;
  rsaPublicKey: string;
  /** Decimal string (IPC carries JSON). */
  rsaFingerprint: string;
  relays: Record<RelaySecretKind, number>;
}

export interface ChildProbe {
  dcConnections: number;
  relayConnections: number;
  /** TCP sockets this process holds open (listeners aside). */
  tcpSockets: number;
  heapUsed: number;
  handshakeTimeouts: number;
  handshakesCompleted: number;
  relayRefused: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const server = await startLocalServer({
  port: 'auto',
  connectionLimits: options.limits,
  // Hundreds of sign-ins from one process: the per-number flood rules stay, but are out of reach.
  settings: { sendCodeLimit: 1_000, sendCodeDailyLimit: 10_000 },
});
options.phones.forEach((phone, i) => server.users.add({ phone, firstName: `Load ${i}`, dc: 2 }));
const key = Buffer.from(options.relayKey, 'hex');
const relays: Record<RelaySecretKind, MtproxyRelay> = {
  plain: await startMtproxyRelay({ key, kind: 'plain', dcs: server.dcs, handshakeTimeoutMs: options.limits.handshakeTimeoutMs }),
  dd: await startMtproxyRelay({ key, kind: 'dd', dcs: server.dcs, handshakeTimeoutMs: options.limits.handshakeTimeoutMs }),
  ee: await startMtproxyRelay({ key, kind: 'ee', domain: options.relayDomain, dcs: server.dcs, handshakeTimeoutMs: options.limits.handshakeTimeoutMs }),
};

const tcpSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
const relayConnections = () => Object.values(relays).reduce((n, r) => n + r.connectionCount(), 0);

async function probe(): Promise<ChildProbe> {
  // A socket destroyed a moment ago leaves the list once its close callback has run.
  for (let i = 0; i < 100 && (server.connectionCount() + relayConnections() + tcpSockets()) > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the child needs --expose-gc');
  gc();
  gc();
  const stats = server.dcServers.map((s) => s.stats());
  return {
    dcConnections: server.connectionCount(),
    relayConnections: relayConnections(),
    tcpSockets: tcpSockets(),
    heapUsed: process.memoryUsage().heapUsed,
    handshakeTimeouts: stats.reduce((n, s) => n + s.handshakeTimeouts, 0),
    handshakesCompleted: stats.reduce((n, s) => n + s.handshakesCompleted, 0),
    relayRefused: Object.values(relays).reduce((n, r) => n + Object.values(r.stats.refused).reduce((a, b) => a + (b ?? 0), 0), 0),
  };
}

process.on('message', (message: { id: number; type: 'inbox'; phone: string } | { id: number; type: 'probe' }) => {
  const answer = message.type === 'inbox' ? Promise.resolve({ code: server.inbox(message.phone).at(-1)?.code ?? null }) : probe();
  void answer.then(
    (value) => process.send?.({ id: message.id, value }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
process.on('disconnect', () => {
  void Promise.all([server.stop(), ...Object.values(relays).map((r) => r.stop())]).then(() => process.exit(0));
});

const ready: ChildReady = {
  type: 'ready',
  dcs: server.dcs,
  rsaPublicKey: server.rsaPublicKey,
  rsaFingerprint: server.rsaFingerprint.toString(),
  relays: { plain: relays.plain.port, dd: relays.dd.port, ee: relays.ee.port },
};
process.send?.(ready);
