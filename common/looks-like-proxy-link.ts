// Whether pasted text is meant as a proxy link (so the window offers it for confirmation rather
// than typing it into a field). Apart from proxy-link.ts, whose parsing only the proxy screens
// need: the first screen loads this check alone.
/** Whether a piece of text looks like a proxy link at all (for paste handling: anything else is left alone). */
export function looksLikeProxyLink(text: string): boolean {
  const t = text.trim();
  return /^tg:(?:\/\/)?(?:socks|proxy)\b/i.test(t) || /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\/(?:socks|proxy)\b/i.test(t);
}
