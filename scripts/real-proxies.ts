// Real SOCKS5 and HTTP CONNECT proxies on loopback for tests and benchmarks: Debian's microsocks
// (user/password) and tinyproxy (Basic auth), started on free ports and stopped by the caller.
// Each keeps a log of the tunnels it opened, so a test can see its traffic went through.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RealProxy {
  kind: 'socks5' | 'http';
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  /** Tunnels opened so far, as the proxy logged them. */
  tunnels(): number;
  stop(): Promise<void>;
}

/** Why the real proxies can't run here, or null when they can. */
export function realProxiesMissing(): string | null {
  const missing = ['microsocks', 'tinyproxy'].filter((bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0);
  return missing.length ? `missing system packages: ${missing.join(' ')} (npm test installs them)` : null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once something accepts connections on the port, or rejects when the process exits first. */
async function listening(port: number, child: ChildProcess, name: string): Promise<void> {
  let exited: string | null = null;
  child.once('exit', (code) => (exited = `${name} exited with ${code}`));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited) throw new Error(exited);
    const up = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${name} did not start listening on ${port}`);
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      const done = () => {
        cleanup();
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
}

/** microsocks with a user and password; an empty user starts it without authentication (as a system proxy often is). */
export async function startSocks5Proxy(user = 'ann', password = 'socks-pass'): Promise<RealProxy> {
  const port = await freePort();
  const credentials = user === '' ? [] : ['-u', user, '-P', password];
  const child = spawn('microsocks', ['-i', '127.0.0.1', '-p', String(port), ...credentials], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  await listening(port, child, 'microsocks');
  return {
    kind: 'socks5',
    host: '127.0.0.1',
    port,
    user,
    password,
    tunnels: () => (log.match(/connected to/g) ?? []).length,
    stop: stopper(child, () => undefined),
  };
}

export async function startHttpProxy(user = 'bob', password = 'http-pass'): Promise<RealProxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gramdesk-tinyproxy-'));
  const logFile = join(dir, 'tinyproxy.log');
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 600',
    'MaxClients 50',
    'LogLevel Connect',
    `LogFile "${logFile}"`,
    'Allow 127.0.0.1',
    `BasicAuth ${user} ${password}`,
    'DisableViaHeader Yes',
    ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
  ].join('\n');
  writeFileSync(join(dir, 'tinyproxy.conf'), `${config}\n`);
  writeFileSync(logFile, '');
  spawnSync('chmod', ['-R', 'a+rwX', dir]);
  const child = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
  await listening(port, child, 'tinyproxy');
  const read = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    kind: 'http',
    host: '127.0.0.1',
    port,
    user,
    password,
    tunnels: () => (read().match(/Established connection to host/g) ?? []).length,
    stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })),
  };
}
