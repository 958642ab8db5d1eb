// What the renderer sees of the proxy settings and of the connection through a proxy. Passwords
// and MTProxy keys never cross: they live in the keychain, and the list only says one is set.
import type { MtprotoSecretKind, ProxyConfig, ProxyLinkErrorCode, ProxyType } from './proxy-link';

/** How a connection through a proxy failed, in terms the person can act on. */
export type ProxyFailureCode =
  | 'PROXY_UNREACHABLE' // nothing answers at the proxy's address, or not in time
  | 'PROXY_AUTH_FAILED' // the SOCKS5 or HTTP proxy refused the user and password
  | 'PROXY_BAD_SECRET' // the MTProxy does not accept this secret (or this domain)
  | 'PROXY_REFUSED' // the proxy answered but would not connect onwards
  | 'PROXY_PROTOCOL'; // the proxy answered something other than its protocol

/** none: connect directly; system: what the OS proxy settings say; custom: one of the saved list. */
export type ProxyMode = 'none' | 'system' | 'custom';

export interface SavedProxyView {
  id: string;
  type: ProxyType;
  server: string;
  port: number;
  /** SOCKS5 / HTTP: the user name ('' for none). */
  user: string;
  /** SOCKS5 / HTTP: a password is stored (in the keychain). */
  hasPassword: boolean;
  /** MTProto: the secret's kind, and for ee the domain it poses as. */
  secretKind: MtprotoSecretKind | null;
  domain: string | null;
  /** The last "Check": round-trip time through it (ms), a failure, or null when never checked. */
  check: { ok: true; latencyMs: number } | { ok: false; failure: ProxyFailureCode } | null;
}

export interface ProxySettingsView {
  mode: ProxyMode;
  /** In custom mode, the proxy in use. */
  activeId: string | null;
  saved: SavedProxyView[];
  /** The proxy the OS names (for display, e.g. "socks5 10.0.0.1:1080"), or null when it names none. */
  system: { type: 'socks5' | 'http'; server: string; port: number } | null;
  /** False when the keychain can't keep passwords and secrets: they last until Gramdesk closes. */
  secretsPersist: boolean;
}

/** Pushed with every login state while a proxy is in use: what the connection indicator shows. */
export interface ProxyNetworkView {
  proxy: { type: ProxyType; server: string; port: number; system: boolean };
  status: 'connecting' | 'connected' | ProxyFailureCode;
}

/**
 * A proxy link waiting for the person's answer: every field of the proxy it names (secret
 * included: the person is looking at the link they opened), or why it can't be used.
 */
export type ProxyOffer = { ok: true; proxy: ProxyConfig } | { ok: false; error: ProxyLinkErrorCode };
