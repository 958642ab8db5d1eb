// SOCKS5 (RFC 1928, with RFC 1929 user/password) through the `socks` package, gramjs' own choice,
// with its errors sorted into what the person can act on.
import type { Socket } from 'node:net';
import { SocksClient } from 'socks';
import { ProxyError, unreachable } from './proxy-errors';

export interface Socks5Proxy {
  server: string;
  port: number;
  user: string;
  password: string;
}

function classify(error: unknown): ProxyError {
  const message = (error as Error)?.message ?? '';
  if (/Authentication failed|no accepted authentication type/i.test(message)) {
    return new ProxyError('PROXY_AUTH_FAILED', message);
  }
  if (/rejected connection/i.test(message)) return new ProxyError('PROXY_REFUSED', message);
  if (/invalid Socks5|Negotiation error/i.test(message)) return new ProxyError('PROXY_PROTOCOL', message);
  return unreachable(error);
}

export async function openSocks5Tunnel(proxy: Socks5Proxy, host: string, port: number, deadline: number): Promise<{ socket: Socket; head: Buffer }> {
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: {
        host: proxy.server,
        port: proxy.port,
        type: 5,
        ...(proxy.user !== '' ? { userId: proxy.user, password: proxy.password } : {}),
      },
      command: 'connect',
      destination: { host, port },
      timeout: Math.max(1, deadline - Date.now()),
    });
    return { socket, head: Buffer.alloc(0) };
  } catch (error) {
    throw classify(error);
  }
}
