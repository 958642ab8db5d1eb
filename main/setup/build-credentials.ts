// API credentials a packaged build may carry: `GRAMDESK_BUILD_API_ID=… GRAMDESK_BUILD_API_HASH=…
// npm run dist` writes them into the main bundle (electron.vite.config.ts, `define`). Source runs
// (tsx, browser mode, tests) have none.
import { checkApiCredentials } from '../../common/api-credentials';

declare const __GRAMDESK_BUILD_CREDENTIALS__: { apiId: string; apiHash: string } | null | undefined;

/** The build's credentials, or null when it was built without them. */
export function buildCredentials(): { apiId: number; apiHash: string } | null {
  const baked = typeof __GRAMDESK_BUILD_CREDENTIALS__ === 'undefined' ? null : __GRAMDESK_BUILD_CREDENTIALS__;
  if (!baked) return null;
  const checked = checkApiCredentials(baked.apiId, baked.apiHash);
  // The build refuses malformed ones (electron.vite.config.ts); this only guards a hand-edited bundle.
  return checked.ok ? { apiId: checked.apiId, apiHash: checked.apiHash } : null;
}
