// What each Electron spec's test runs against: a local server of its own, a settings folder and a
// data directory of its own, and a clean keychain before and after; env() points the app at them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { clearKeychain } from '../e2e/fixtures';
import { dataDirectory } from './electron-launch';

export interface LocalWorld {
  readonly server: LocalServer;
  readonly dataDir: string;
  /** The app's environment: the local server, and the settings folder (the proxy list). */
  env(): Record<string, string>;
}

/** Registers the per-test set-up and tear-down; read the world inside a test. */
export function localWorldPerTest(): LocalWorld {
  let server: LocalServer | null = null;
  let settingsDir = '';
  let data: ReturnType<typeof dataDirectory> | null = null;

  test.beforeEach(async () => {
    server = await startLocalServer({ port: 'auto' });
    settingsDir = mkdtempSync(join(tmpdir(), 'gramdesk-electron-settings-'));
    data = dataDirectory();
    await clearKeychain();
  });

  test.afterEach(async () => {
    await server?.stop();
    server = null;
    await clearKeychain();
    rmSync(settingsDir, { recursive: true, force: true });
    data?.remove();
    data = null;
  });

  const now = () => {
    if (!server || !data) throw new Error('the local world exists only inside a test');
    return { server, data };
  };
  return {
    get server() {
      return now().server;
    },
    get dataDir() {
      return now().data.path;
    },
    env: () => ({ GRAMDESK_LOCAL_SERVER: JSON.stringify(now().server.readyLine()), GRAMDESK_SETTINGS_DIR: settingsDir }),
  };
}
