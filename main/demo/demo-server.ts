// The offline demo's server: the local Telegram-compatible server (server/), started in this
// process. This is the one module of the app that may load the server, and app-core imports it
// only when the demo is chosen, so a production run never loads the server or its private key.
import { startLocalServer } from '../../server/local-server';
import { toDemoUsers, type LocalServerInfo } from '../telegram/local-target';

export interface DemoServer {
  readonly info: LocalServerInfo;
  stop(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  const server = await startLocalServer({ port: 'auto' });
  return {
    info: {
      dcs: server.dcs.map((d) => ({ id: d.id, host: d.host, port: d.port })),
      rsaPublicKey: server.rsaPublicKey,
      controlUrl: server.controlUrl,
      demoUsers: toDemoUsers(server.demoUsers),
    },
    stop: () => server.stop(),
  };
}
