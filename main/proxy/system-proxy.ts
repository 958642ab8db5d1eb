// The proxy the operating system names. Under Electron that is session.resolveProxy's answer for
// Telegram's address (PAC syntax: "DIRECT", "PROXY host:port", "SOCKS5 host:port"); in browser
// mode, the usual environment variables (HTTPS_PROXY, ALL_PROXY) as URLs. Only SOCKS5 and
// HTTP proxies can be named this way; anything else counts as none.
import type { ProxyConfig } from '../../common/proxy-link';
import { normalizeServer, parsePort } from '../../common/proxy-link';

export type SystemProxy = Extract<ProxyConfig, { type: 'socks5' | 'http' }>;

/** The first usable entry of a PAC-style answer ("PROXY a:1; SOCKS5 b:2; DIRECT"). */
export function fromPacAnswer(answer: string): SystemProxy | null {
  for (const entry of answer.split(';')) {
    const m = /^\s*(PROXY|HTTPS|SOCKS5|SOCKS)\s+(\S+)\s*$/i.exec(entry);
    if (!m) {
      if (/^\s*DIRECT\s*$/i.test(entry)) return null;
      continue;
    }
    const at = m[2]!.lastIndexOf(':');
    const server = normalizeServer(m[2]!.slice(0, at));
    const port = parsePort(m[2]!.slice(at + 1));
    if (at < 0 || !server || port === null) continue;
    const type = /^SOCKS/i.test(m[1]!) ? 'socks5' : 'http';
    return { type, server, port, user: '', password: '' };
  }
  return null;
}

/** A proxy URL as the environment carries it (http://user:pass@host:port, socks5://host:port). */
export function fromProxyUrl(raw: string): SystemProxy | null {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return null;
  }
  const type = url.protocol === 'http:' || url.protocol === 'https:' ? 'http' : /^socks5h?:$/.test(url.protocol) ? 'socks5' : null;
  const server = normalizeServer(url.hostname);
  const port = parsePort(url.port || (type === 'http' ? '80' : '1080'));
  if (!type || !server || port === null) return null;
  return { type, server, port, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

export function fromEnvironment(env: Record<string, string | undefined>): SystemProxy | null {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
    const value = env[name]?.trim();
    if (value) return fromProxyUrl(value);
  }
  return null;
}
