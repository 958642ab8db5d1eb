// The one Content-Security-Policy of the renderer as a response header, shared by the Electron
// shell (set on every response) and browser mode (sent with every static file). It mirrors the
// <meta> policy in renderer/index.html, adding what only a header can say (frame-ancestors):
// only the app's own scripts, styles and fetches, no remote anything, no plugins, no framing.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
