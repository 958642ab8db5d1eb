// HTTP CONNECT (RFC 9110 section 9.3.6): ask an HTTP proxy for a raw TCP tunnel to host:port,
// with Basic credentials when the proxy needs them. Anything but a 2xx answer ends the attempt.
import { connect, type Socket } from 'node:net';
import { HandshakeReader } from './socket-reader';
import { ProxyError, unreachable } from './proxy-errors';

export interface HttpProxy {
  server: string;
  port: number;
  user: string;
  password: string;
}

const MAX_RESPONSE_HEAD = 16 * 1024;

export function openTcp(host: string, port: number, deadline: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProxyError('PROXY_UNREACHABLE', `no answer from ${host}:${port} in time`));
    }, Math.max(1, deadline - Date.now()));
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(unreachable(error));
    });
  });
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A socket tunnelled to host:port through the proxy, and any bytes that came after the proxy's answer. */
export async function openHttpTunnel(proxy: HttpProxy, host: string, port: number, deadline: number): Promise<{ socket: Socket; head: Buffer }> {
  const socket = await openTcp(proxy.server, proxy.port, deadline);
  socket.on('error', () => undefined);
  const reader = new HandshakeReader(socket);
  try {
    const target = hostPort(host, port);
    const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
    if (proxy.user !== '' || proxy.password !== '') {
      lines.push(`Proxy-Authorization: Basic ${Buffer.from(`${proxy.user}:${proxy.password}`, 'utf8').toString('base64')}`);
    }
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    const head = await reader.take(
      (buf) => {
        const end = buf.indexOf('\r\n\r\n');
        if (end >= 0) return end + 4;
        if (buf.length > MAX_RESPONSE_HEAD) throw new ProxyError('PROXY_PROTOCOL', 'the proxy answered an endless header');
        return null;
      },
      deadline,
      'the HTTP CONNECT request',
    );
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.toString('latin1'));
    if (!status) throw new ProxyError('PROXY_PROTOCOL', 'the proxy did not answer HTTP');
    const code = Number(status[1]);
    // 407 is the standard answer; some proxies (tinyproxy among them) answer 401 instead.
    if (code === 407 || code === 401) throw new ProxyError('PROXY_AUTH_FAILED', `the HTTP proxy wants other credentials (${code})`);
    if (code < 200 || code > 299) throw new ProxyError('PROXY_REFUSED', `the HTTP proxy answered ${code}`);
    return { socket, head: reader.detach() };
  } catch (error) {
    reader.detach();
    socket.destroy();
    throw error;
  }
}
