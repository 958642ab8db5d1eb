// Whether the tests that need the real keychain can run here, and if not, why: they skip with this
// reason rather than fail. `npm test` always provides a throwaway Secret Service
// (scripts/with-secret-service.mjs), so there they run.
import { createRequire } from 'node:module';

export const keytarInstalled = (() => {
  try {
    createRequire(import.meta.url)('keytar');
    return true;
  } catch {
    return false;
  }
})();

/** Why keychain tests can't run here, or null when a Secret Service and keytar are both present. */
export const noKeychainReason: string | null = !process.env.DBUS_SESSION_BUS_ADDRESS
  ? 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset): run under scripts/with-secret-service.mjs'
  : !keytarInstalled
    ? 'keytar is not installed'
    : null;
