// A network cable between the app and the local server that a test can pull out and plug back
// in: one loopback TCP relay per data centre. Unplugged, open connections are cut and new ones are
// refused (the listener is closed), as when a laptop loses its network; the server keeps every
// code and key meanwhile, so what happens after is the app's recovery alone.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Dc {
  id: number;
  host: string;
  port: number;
}

export interface NetworkSwitch {
  /** The relayed DCs: hand these to the app instead of the server's own. */
  readonly dcs: Dc[];
  /** Cuts every connection and refuses new ones until plug(). */
  unplug(): Promise<void>;
  plug(): Promise<void>;
  close(): Promise<void>;
}

// gramjs' StringSession stores the port as an int16, so the relay ports stay below 32768.
const FIRST_PORT = 20_000;
const PORT_SPAN = 12_000;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startNetworkSwitch(upstream: readonly Dc[]): Promise<NetworkSwitch> {
  const sockets = new Set<Socket>();
  const relays: Array<{ dc: Dc; server: Server }> = [];

  const relayFor = (target: Dc) =>
    createServer((client) => {
      const server = connect(target.port, target.host);
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(server);
      server.pipe(client);
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
    });

  for (const target of upstream) {
    for (let attempt = 0; ; attempt += 1) {
      const port = FIRST_PORT + Math.floor(Math.random() * PORT_SPAN);
      const server = relayFor(target);
      try {
        await listen(server, port, target.host);
        relays.push({ dc: { id: target.id, host: target.host, port }, server });
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
      }
    }
  }

  const closeListeners = () =>
    Promise.all(
      relays.map(
        ({ server }) =>
          new Promise<void>((resolve) => {
            if (!server.listening) {
              resolve();
              return;
            }
            server.close(() => resolve());
          }),
      ),
    );

  const cut = async () => {
    const closing = closeListeners();
    for (const socket of sockets) socket.destroy();
    await closing;
  };

  return {
    dcs: relays.map(({ dc }) => ({ ...dc })),
    unplug: cut,
    async plug() {
      for (const { dc, server } of relays) if (!server.listening) await listen(server, dc.port, dc.host);
    },
    close: cut,
  };
}
