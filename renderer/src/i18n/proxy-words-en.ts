// The proxy screens' words (connection indicator, proxy settings, a proxy link's confirmation),
// in English only for now: they are not yet keys of the typed dictionary, so the other languages
// show them in English.
import type { MtprotoSecretKind, ProxyLinkErrorCode, ProxyType } from '../../../common/proxy-link';
import type { ProxyFailureCode } from '../../../common/proxy-settings';

export const proxyTypeNames: Record<ProxyType, string> = {
  socks5: 'SOCKS5',
  http: 'HTTP',
  mtproto: 'MTProto',
};

export const secretKindNames: Record<MtprotoSecretKind, string> = {
  plain: 'plain secret',
  dd: 'dd secret (random padding)',
  ee: 'ee secret (fake TLS)',
};

const proxyFailures: Record<ProxyFailureCode, string> = {
  PROXY_UNREACHABLE: 'The proxy doesn’t answer. Check its address and port, or whether it is running.',
  PROXY_AUTH_FAILED: 'The proxy refused the user name and password.',
  PROXY_BAD_SECRET: 'The proxy doesn’t accept this secret. Check the secret (and, for an ee secret, its domain).',
  PROXY_REFUSED: 'The proxy answered but would not connect to Telegram.',
  PROXY_PROTOCOL: 'Something answered at that address, but it doesn’t speak this kind of proxy.',
};

export function proxyFailureMessage(code: ProxyFailureCode): string {
  return proxyFailures[code];
}

const proxyLinkErrors: Record<ProxyLinkErrorCode, string> = {
  NOT_A_PROXY_LINK: 'This is not a proxy link. Proxy links start with tg://socks, tg://proxy, t.me/socks or t.me/proxy.',
  BAD_ENCODING: 'This proxy link is damaged (broken %-encoding). Copy it again.',
  DUPLICATE_PARAMETER: 'This proxy link names a field twice, so it is unclear which to use.',
  MISSING_SERVER: 'This proxy link has no server.',
  BAD_SERVER: 'The server in this proxy link is not a host name or IP address.',
  MISSING_PORT: 'This proxy link has no port.',
  BAD_PORT: 'The port in this proxy link is not a number from 1 to 65535.',
  PASSWORD_WITHOUT_USER: 'This proxy link has a password but no user name.',
  CREDENTIAL_TOO_LONG: 'The user name or password in this proxy link is longer than SOCKS5 allows (255 bytes).',
  MISSING_SECRET: 'This MTProto proxy link has no secret.',
  BAD_SECRET_ENCODING: 'The secret in this proxy link is neither hex nor base64.',
  BAD_SECRET_LENGTH: 'The secret in this proxy link has the wrong length.',
  UNKNOWN_SECRET_KIND: 'The secret in this proxy link is of a kind Gramdesk doesn’t know (only plain, dd and ee).',
  BAD_SECRET_DOMAIN: 'The fake-TLS domain inside this secret is not a valid host name.',
};

export function proxyLinkErrorMessage(code: ProxyLinkErrorCode): string {
  return proxyLinkErrors[code];
}

export const connectionIndicator = {
  connecting: 'Connecting…',
  connectingVia: (where: string) => `Connecting through ${where}…`,
  connected: 'Connected',
  connectedVia: (where: string) => `Connected through ${where}`,
  offline: 'Offline',
  proxyFailed: (where: string) => `Can’t connect through ${where}`,
  hint: 'Connection and proxy settings',
};

export const proxySettingsText = {
  title: 'Connection',
  close: 'Close',
  modeNone: 'No proxy',
  modeSystem: 'Use the system proxy',
  systemNone: 'The system names no proxy.',
  systemIs: (what: string) => `The system names ${what}.`,
  modeCustom: 'Use a proxy from the list',
  savedTitle: 'Saved proxies',
  noneSaved: 'No proxies saved yet. Add one below, or paste a tg://proxy or tg://socks link anywhere in Gramdesk.',
  use: 'Use',
  inUse: 'In use',
  remove: 'Remove',
  check: 'Check',
  checking: 'Checking…',
  latency: (ms: number) => `${ms} ms`,
  notChecked: 'not checked',
  addTitle: 'Add a proxy',
  type: 'Type',
  server: 'Server',
  port: 'Port',
  user: 'User name (optional)',
  password: 'Password (optional)',
  secret: 'Secret (hex or base64url)',
  saveAndUse: 'Save and use',
  invalidPort: 'The port is a number from 1 to 65535.',
  invalidServer: 'Enter a host name or an IP address.',
  passwordKept: 'Password stored in the system keychain',
  secretsNotKept: 'No system keychain: passwords and secrets last only until Gramdesk closes.',
  disable: 'Disable proxy',
  linkLabel: 'Proxy link (tg:// or t.me)',
  linkOpen: 'Read link',
};

export const proxyOfferText = {
  title: 'Enable this proxy?',
  type: 'Type',
  server: 'Server',
  port: 'Port',
  user: 'User name',
  password: 'Password',
  secret: 'Secret',
  secretKind: 'Secret kind',
  domain: 'Poses as',
  none: '(none)',
  sponsored: 'An MTProto proxy may show you a sponsored channel in your chat list: that is how its owner pays for it.',
  enable: 'Enable',
  cancel: 'Cancel',
  unusableTitle: 'This proxy link can’t be used',
  ok: 'OK',
};
