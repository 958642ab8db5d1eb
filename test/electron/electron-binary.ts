// The Electron binary the specs launch, found without require('electron') (which would start a
// download in every Playwright worker at once). `npm test` gets it first, through Electron's
// installer, and passes its path in GRAMDESK_ELECTRON_BINARY; run by hand, the installed one
// (or ELECTRON_OVERRIDE_DIST_PATH's) is used.
import { installedElectron } from '../../scripts/electron-binary.mjs';

export function electronBinaryPath(): string | null {
  return process.env.GRAMDESK_ELECTRON_BINARY || installedElectron().binary;
}

/** Why the Electron specs skip here, in one sentence. */
export const noElectronReason =
  'Electron’s binary is not on this machine and could not be downloaded (npm test tries, through its installer); ' +
  'these specs run where it can be had, e.g. the CI workflow';
