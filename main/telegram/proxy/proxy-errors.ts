// How a connection through a proxy failed, as the person can act on it: the proxy can't be
// reached, it refused our credentials or secret, or it could not reach Telegram for us.
export type ProxyFailure =
  | 'PROXY_UNREACHABLE' // nothing answers at the proxy's address (refused, no route, timed out)
  | 'PROXY_AUTH_FAILED' // SOCKS5 or HTTP proxy refused the user and password
  | 'PROXY_BAD_SECRET' // the MTProxy's answer does not prove it knows the secret (fake TLS), or it hung up on our hello
  | 'PROXY_REFUSED' // the proxy answered but would not connect us onwards
  | 'PROXY_PROTOCOL'; // the proxy answered something that is not its protocol

export class ProxyError extends Error {
  override name = 'ProxyError';
  constructor(
    readonly failure: ProxyFailure,
    detail: string,
  ) {
    super(`${failure}: ${detail}`);
  }
}

/** Network errors on the way to the proxy itself. */
export function unreachable(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  const code = (error as { code?: string })?.code ?? '';
  return new ProxyError('PROXY_UNREACHABLE', code || (error as Error)?.message || 'no answer');
}
