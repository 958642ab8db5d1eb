// Two facts about where the app runs that decide how it starts: whether it is an installed
// (packaged) Electron app, and where its data directory is. Electron answers both when it is the
// host; browser mode (plain Node) is never packaged and uses the platform's data directory.
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface HostFacts {
  /** An installed build (Electron's app.isPackaged): the first start offers the connection choice. */
  packaged: boolean;
  /** Where the app keeps its files (the demo's world): Electron's userData, else the platform's data dir. */
  dataDir: string;
}

/** The data directory outside Electron: $XDG_DATA_HOME/gramdesk (~/.local/share/gramdesk) and its macOS and Windows kin. */
export function platformDataDir(env: Record<string, string | undefined>, platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Gramdesk');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Gramdesk');
  const xdg = env.XDG_DATA_HOME?.trim();
  return join(xdg ? xdg : join(homedir(), '.local', 'share'), 'gramdesk');
}

export async function hostFacts(env: Record<string, string | undefined>): Promise<HostFacts> {
  const override = env.GRAMDESK_DATA_DIR?.trim();
  if (process.versions.electron !== undefined) {
    // Loaded only under Electron (browser mode runs in plain Node, where there is no such module),
    // and by require as the shell's bundle loads everything: createRequire, as for keytar.
    const { app } = createRequire(import.meta.url)('electron') as typeof import('electron');
    return { packaged: app.isPackaged, dataDir: override || app.getPath('userData') };
  }
  return { packaged: false, dataDir: override || platformDataDir(env) };
}
