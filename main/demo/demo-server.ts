// The offline demo's server: the local Telegram-compatible server (server/), started in this
// process. This is the one module of the app that may load the server, and app-core imports it
// only when the demo is chosen, so a production run never loads the server or its private key.
//
// Its world (accounts, auth keys, sign-ins, codes, flood counters) is kept in the app's data
// directory, so the demo opens signed in after a restart as production does. Its control API
// answers only calls carrying this launch's secret, which never leaves this process: the app
// needs no control API itself, the messages the server delivers reach the window in-process.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DemoFeed, DemoMessage, DemoWorldNotice } from '../../common/contract';
import { startLocalServer, type InboxMessage, type WorldNotice } from '../../server/local-server';
import { toDemoUsers, type LocalServerInfo } from '../telegram/local-target';

/** Messages kept for the window: a phone's recent notifications, not an archive. */
const FEED_KEPT = 30;

export const WORLD_FILE_NAME = 'demo-world.json';

export interface DemoServer {
  readonly info: LocalServerInfo;
  feed(): DemoFeed;
  onFeed(listener: (feed: DemoFeed) => void): () => void;
  /** Reset the demo: the server forgets every sign-in, key, code and added account. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function toNotice(n: WorldNotice | null): DemoWorldNotice | null {
  return n ? { problem: n.problem, file: n.file, setAsideTo: n.setAsideTo } : null;
}

export async function startDemoServer(options: { dataDir: string; log?: (line: string) => void }): Promise<DemoServer> {
  const server = await startLocalServer({
    port: 'auto',
    worldFile: join(options.dataDir, WORLD_FILE_NAME),
    controlSecret: randomBytes(32).toString('base64url'),
    ...(options.log ? { log: options.log } : {}),
  });
  let nextId = 1;
  const toMessage = (phoneDigits: string, m: InboxMessage): DemoMessage => {
    const extra: Record<string, string> = {};
    for (const [k, value] of Object.entries(m)) {
      if (!['channel', 'code', 'purpose', 'date'].includes(k)) extra[k] = String(value);
    }
    return { id: nextId++, phone: `+${phoneDigits}`, channel: m.channel, purpose: m.purpose, code: m.code, date: m.date * 1000, extra };
  };
  // What was delivered before a restart is part of the world: the newest come back first.
  const restored = server.users
    .list()
    .flatMap((u) => server.inbox(u.phone).map((m) => toMessage(u.phone.replace(/^\+/, ''), m)))
    .sort((a, b) => a.date - b.date || a.id - b.id);
  let messages: DemoMessage[] = restored.slice(-FEED_KEPT);
  const listeners = new Set<(feed: DemoFeed) => void>();
  const feed = (): DemoFeed => ({ messages, worldNotice: toNotice(server.world?.notice() ?? null) });
  const publish = (): void => {
    const now = feed();
    for (const listener of listeners) listener(now);
  };
  const stopDelivery = server.onDelivery((phone, m) => {
    messages = [...messages, toMessage(phone, m)].slice(-FEED_KEPT);
    publish();
  });
  const stopNotice = server.world?.onNotice(publish) ?? (() => {});

  return {
    info: {
      dcs: server.dcs.map((d) => ({ id: d.id, host: d.host, port: d.port })),
      rsaPublicKey: server.rsaPublicKey,
      controlUrl: server.controlUrl,
      demoUsers: toDemoUsers(server.demoUsers),
    },
    feed,
    onFeed(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reset() {
      await server.resetWorld();
      messages = [];
      publish();
    },
    async stop() {
      stopDelivery();
      stopNotice();
      listeners.clear();
      await server.stop();
    },
  };
}
