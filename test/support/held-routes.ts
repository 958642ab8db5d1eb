// Routes a test can hold half-way, to put the app's connections in an exact state: a TCP relay
// that accepts a connection and forwards nothing until released, and an HTTP CONNECT proxy that
// reads the CONNECT and answers it only when released. Real proxies (tinyproxy, microsocks)
// can't be paused mid-handshake, which is why these stand-ins exist; they are used only where
// a test needs that pause.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface HeldRoute {
  readonly host: string;
  readonly port: number;
  /** Resolves when the first connection (or CONNECT request) is being held. */
  readonly held: Promise<void>;
  /** Lets every held connection (and every later one) through. */
  release(): void;
  /** Bytes that went on to the far end. */
  forwarded(): number;
  close(): Promise<void>;
}

interface Gate {
  held: Promise<void>;
  arrived(): void;
  released: Promise<void>;
  release(): void;
}

function gate(): Gate {
  let arrived!: () => void;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (arrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { held, arrived, released, release };
}

function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** Pipes `client` to host:port once the gate opens, counting the bytes that went on. */
function relay(client: Socket, head: Buffer, target: { host: string; port: number }, count: (n: number) => void, sockets: Set<Socket>): void {
  if (client.destroyed) return;
  const upstream = connect(target.port, target.host);
  for (const s of [client, upstream]) {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  }
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  if (head.length > 0) {
    count(head.length);
    upstream.write(head);
  }
  client.on('data', (chunk: Buffer) => {
    count(chunk.length);
    upstream.write(chunk);
  });
  client.resume();
  upstream.pipe(client);
}

async function start(onClient: (client: Socket, g: Gate, sockets: Set<Socket>, count: (n: number) => void) => void): Promise<HeldRoute> {
  const g = gate();
  const sockets = new Set<Socket>();
  let bytes = 0;
  const count = (n: number) => (bytes += n);
  const server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    onClient(client, g, sockets, count);
  });
  const port = await listenOnLoopback(server);
  return {
    host: '127.0.0.1',
    port,
    held: g.held,
    release: g.release,
    forwarded: () => bytes,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP relay to `target` that holds every connection (and what it sends) until released. */
export function startHeldRelay(target: { host: string; port: number }): Promise<HeldRoute> {
  return start((client, g, sockets, count) => {
    client.pause();
    g.arrived();
    void g.released.then(() => relay(client, Buffer.alloc(0), target, count, sockets));
  });
}

/** An HTTP CONNECT proxy (no credentials) that answers each CONNECT only once released. */
export function startHeldHttpProxy(): Promise<HeldRoute> {
  return start((client, g, sockets, count) => {
    let request = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      request = Buffer.concat([request, chunk]);
      const end = request.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      client.pause();
      const line = /^CONNECT ([^\s:]+):(\d+) HTTP\/1\.[01]\r\n/.exec(request.subarray(0, end).toString('latin1'));
      if (!line) {
        client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        return;
      }
      const head = request.subarray(end + 4);
      g.arrived();
      void g.released.then(() => {
        if (client.destroyed) return;
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        relay(client, head, { host: line[1]!, port: Number(line[2]) }, count, sockets);
      });
    };
    client.on('data', onData);
  });
}
