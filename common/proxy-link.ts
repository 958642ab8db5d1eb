// Proxy links and MTProxy secrets, in the forms Telegram's own apps accept:
//   tg://socks?server=&port=&user=&pass=      https://t.me/socks?...   (SOCKS5)
//   tg://proxy?server=&port=&secret=          https://t.me/proxy?...   (MTProxy)
// A secret is hex or base64url (plain base64 too, since links in the wild carry both) and is one of
//   16 bytes (plain), 0xdd + 16 bytes (padded intermediate), 0xee + 16 bytes + domain (fake TLS).
// Everything here is pure: a link is parsed into plain data or a specific error code, never a
// throw, so a pasted link can be judged before anything changes.

export type MtprotoSecretKind = 'plain' | 'dd' | 'ee';

/** An MTProxy secret in canonical form: the 16-byte key as lowercase hex, plus the fake-TLS domain. */
export type MtprotoSecret =
  | { kind: 'plain'; key: string }
  | { kind: 'dd'; key: string }
  | { kind: 'ee'; key: string; domain: string };

export type ProxyConfig =
  | { type: 'socks5'; server: string; port: number; user: string; password: string }
  | { type: 'http'; server: string; port: number; user: string; password: string }
  | { type: 'mtproto'; server: string; port: number; secret: MtprotoSecret };

export type ProxyType = ProxyConfig['type'];

export type ProxyLinkErrorCode =
  | 'NOT_A_PROXY_LINK' // not tg://, t.me or telegram.me at all, or another kind of tg link
  | 'BAD_ENCODING' // a parameter's percent-encoding is broken
  | 'DUPLICATE_PARAMETER'
  | 'MISSING_SERVER'
  | 'BAD_SERVER'
  | 'MISSING_PORT'
  | 'BAD_PORT'
  | 'PASSWORD_WITHOUT_USER'
  | 'CREDENTIAL_TOO_LONG' // SOCKS5 carries user and password in at most 255 bytes each
  | SecretErrorCode;

export type SecretErrorCode =
  | 'MISSING_SECRET'
  | 'BAD_SECRET_ENCODING' // neither hex nor base64(url)
  | 'BAD_SECRET_LENGTH' // the right prefix, the wrong number of bytes
  | 'UNKNOWN_SECRET_KIND' // a prefix other than none, dd or ee
  | 'BAD_SECRET_DOMAIN'; // an ee secret whose domain is empty or not a host name

export type Parsed<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

const KEY_BYTES = 16;
const MAX_DOMAIN = 253;
const MAX_CREDENTIAL_BYTES = 255;

// ---- bytes <-> text, without Node's Buffer (common/ runs in the renderer too) ----

const HEX_RE = /^(?:[0-9a-f]{2})+$/i;
const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += B64[(n >> (18 - 6 * c)) & 63];
  }
  return out.replace(/\+/g, '-').replace(/\//g, '_');
}

function base64ToBytes(text: string): Uint8Array | null {
  const body = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (body.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const ch of body) {
    const v = B64.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, or two different texts would decode to the same secret.
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

// ---- secrets ----

function isHostName(text: string): boolean {
  if (text.length === 0 || text.length > MAX_DOMAIN) return false;
  return text.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

/** Reads a secret as hex (when it is hex) or base64/base64url. */
export function parseSecret(text: string): Parsed<MtprotoSecret, SecretErrorCode> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'MISSING_SECRET' };
  let bytes: Uint8Array | null = null;
  if (HEX_RE.test(trimmed)) bytes = hexToBytes(trimmed);
  else if (BASE64_RE.test(trimmed)) bytes = base64ToBytes(trimmed);
  if (!bytes || bytes.length === 0) return { ok: false, error: 'BAD_SECRET_ENCODING' };
  return secretFromBytes(bytes);
}

export function secretFromBytes(bytes: Uint8Array): Parsed<MtprotoSecret, SecretErrorCode> {
  if (bytes.length === KEY_BYTES) return { ok: true, value: { kind: 'plain', key: bytesToHex(bytes) } };
  const prefix = bytes[0];
  const key = bytesToHex(bytes.subarray(1, 1 + KEY_BYTES));
  if (prefix === 0xdd) {
    return bytes.length === 1 + KEY_BYTES ? { ok: true, value: { kind: 'dd', key } } : { ok: false, error: 'BAD_SECRET_LENGTH' };
  }
  if (prefix === 0xee) {
    if (bytes.length < 1 + KEY_BYTES) return { ok: false, error: 'BAD_SECRET_LENGTH' };
    const domainBytes = bytes.subarray(1 + KEY_BYTES);
    if (domainBytes.some((b) => b < 0x21 || b > 0x7e)) return { ok: false, error: 'BAD_SECRET_DOMAIN' };
    const domain = String.fromCharCode(...domainBytes);
    if (!isHostName(domain)) return { ok: false, error: 'BAD_SECRET_DOMAIN' };
    return { ok: true, value: { kind: 'ee', key, domain: domain.toLowerCase() } };
  }
  return { ok: false, error: bytes.length === KEY_BYTES + 1 ? 'UNKNOWN_SECRET_KIND' : 'BAD_SECRET_LENGTH' };
}

/** The secret's bytes as a link carries them: prefix, key, and for ee the domain. */
export function secretToBytes(secret: MtprotoSecret): Uint8Array {
  const key = hexToBytes(secret.key);
  if (secret.kind === 'plain') return key;
  const domain = secret.kind === 'ee' ? Array.from(secret.domain, (c) => c.charCodeAt(0)) : [];
  return Uint8Array.from([secret.kind === 'dd' ? 0xdd : 0xee, ...key, ...domain]);
}

export function formatSecret(secret: MtprotoSecret, encoding: 'hex' | 'base64url' = 'hex'): string {
  const bytes = secretToBytes(secret);
  return encoding === 'hex' ? bytesToHex(bytes) : bytesToBase64Url(bytes);
}

// ---- servers, ports ----

const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_RE = /^[0-9a-f:.]{2,45}$/i;

/** A host name, an IPv4 address or an IPv6 address (brackets allowed, dropped). Null when none. */
export function normalizeServer(text: string): string | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (IPV4_RE.test(s)) return s;
  if (s.includes(':')) return IPV6_RE.test(s) && s.split('::').length <= 2 ? s.toLowerCase() : null;
  if (/^[\d.]+$/.test(s)) return null; // digits and dots that are not an IPv4 address
  return isHostName(s) ? s.toLowerCase() : null;
}

export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const port = Number(text.trim());
  return port >= 1 && port <= 65535 ? port : null;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Checks a proxy typed into the settings the same way a link is checked. */
export function validateProxy(proxy: ProxyConfig): ProxyLinkErrorCode | null {
  if (proxy.server === '') return 'MISSING_SERVER';
  if (normalizeServer(proxy.server) !== proxy.server) return 'BAD_SERVER';
  if (!Number.isInteger(proxy.port) || proxy.port < 1 || proxy.port > 65535) return 'BAD_PORT';
  if (proxy.type === 'mtproto') {
    const again = secretFromBytes(secretToBytes(proxy.secret));
    return again.ok ? null : again.error;
  }
  if (proxy.password !== '' && proxy.user === '') return 'PASSWORD_WITHOUT_USER';
  if (utf8Length(proxy.user) > MAX_CREDENTIAL_BYTES || utf8Length(proxy.password) > MAX_CREDENTIAL_BYTES) {
    return 'CREDENTIAL_TOO_LONG';
  }
  return null;
}

// ---- links ----

const TG_RE = /^tg:(?:\/\/)?(socks|proxy)\/?\?(.*)$/is;
const WEB_RE = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\/(socks|proxy)\/?\?(.*)$/is;

function readQuery(query: string): Parsed<Map<string, string>, 'BAD_ENCODING' | 'DUPLICATE_PARAMETER'> {
  const params = new Map<string, string>();
  for (const part of query.replace(/#.*$/s, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName).toLowerCase();
      value = decodeURIComponent(rawValue);
    } catch {
      return { ok: false, error: 'BAD_ENCODING' };
    }
    if (params.has(name)) return { ok: false, error: 'DUPLICATE_PARAMETER' };
    params.set(name, value);
  }
  return { ok: true, value: params };
}

export { looksLikeProxyLink } from './looks-like-proxy-link';

export function parseProxyLink(text: string): Parsed<ProxyConfig, ProxyLinkErrorCode> {
  const t = text.trim();
  const m = TG_RE.exec(t) ?? WEB_RE.exec(t);
  if (!m) return { ok: false, error: 'NOT_A_PROXY_LINK' };
  const kind = m[1]!.toLowerCase() as 'socks' | 'proxy';
  const query = readQuery(m[2]!);
  if (!query.ok) return query;
  const params = query.value;

  const rawServer = params.get('server');
  if (!rawServer) return { ok: false, error: 'MISSING_SERVER' };
  const server = normalizeServer(rawServer);
  if (!server) return { ok: false, error: 'BAD_SERVER' };
  const rawPort = params.get('port');
  if (!rawPort) return { ok: false, error: 'MISSING_PORT' };
  const port = parsePort(rawPort);
  if (port === null) return { ok: false, error: 'BAD_PORT' };

  if (kind === 'proxy') {
    const secret = parseSecret(params.get('secret') ?? '');
    if (!secret.ok) return secret;
    return { ok: true, value: { type: 'mtproto', server, port, secret: secret.value } };
  }
  const proxy: ProxyConfig = { type: 'socks5', server, port, user: params.get('user') ?? '', password: params.get('pass') ?? '' };
  const invalid = validateProxy(proxy);
  return invalid ? { ok: false, error: invalid } : { ok: true, value: proxy };
}

export type LinkForm = 'tg' | 't.me';

/**
 * The link for a SOCKS5 or MTProto proxy (HTTP proxies have no link form in Telegram's apps), or
 * null for an HTTP proxy.
 */
export function formatProxyLink(
  proxy: ProxyConfig,
  form: LinkForm = 'tg',
  encoding: 'hex' | 'base64url' = 'hex',
): string | null {
  if (proxy.type === 'http') return null;
  const host = proxy.server.includes(':') ? `[${proxy.server}]` : proxy.server;
  const params: Array<[string, string]> = [
    ['server', host],
    ['port', String(proxy.port)],
  ];
  if (proxy.type === 'mtproto') params.push(['secret', formatSecret(proxy.secret, encoding)]);
  else {
    if (proxy.user !== '') params.push(['user', proxy.user]);
    if (proxy.password !== '') params.push(['pass', proxy.password]);
  }
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const path = proxy.type === 'mtproto' ? 'proxy' : 'socks';
  return form === 'tg' ? `tg://${path}?${query}` : `https://t.me/${path}?${query}`;
}

/** One string per distinct proxy (type, address, credentials or secret), to find it in a list. */
export function proxyKey(proxy: ProxyConfig): string {
  const tail = proxy.type === 'mtproto' ? formatSecret(proxy.secret) : `${proxy.user}\u0000${proxy.password}`;
  return `${proxy.type}\u0000${proxy.server}\u0000${proxy.port}\u0000${tail}`;
}
