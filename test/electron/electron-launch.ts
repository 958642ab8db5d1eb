// Launching the real Electron app (out/, built by `npm test`) for the specs: the binary `npm test`
// got through Electron's installer, a data directory of the test's own (Electron's userData and
// the demo's world), and no Telegram credentials unless a spec passes them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { electronBinaryPath } from './electron-binary';

export const root = join(import.meta.dirname, '..', '..');
export const binary = electronBinaryPath();

/** Chromium's own sandbox needs user namespaces, which CI runners' AppArmor may refuse. */
const chromiumArgs = process.platform === 'linux' ? ['--no-sandbox'] : [];

export function dataDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'gramdesk-electron-data-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(TELEGRAM_API_|GRAMDESK_LOCAL_SERVER|GRAMDESK_CONNECTION_CHOICE)/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * The app, as `npm start` launches it, on its own data directory; `args` are what the OS or the
 * person adds (a tg: link, a Chromium switch such as --proxy-server).
 */
export function launchGramdesk(dataDir: string, env: Record<string, string> = {}, args: readonly string[] = []): Promise<ElectronApplication> {
  return electron.launch({
    executablePath: binary!,
    args: [root, `--user-data-dir=${dataDir}`, ...chromiumArgs, ...args],
    cwd: root,
    env: cleanEnv({ GRAMDESK_DATA_DIR: dataDir, ...env }),
  });
}

/**
 * A second process of the app on the same data directory (as the OS starts one to open a tg:
 * link, with the link in `args`); resolves with its exit code.
 */
export function secondInstance(dataDir: string, env: Record<string, string> = {}, args: readonly string[] = []): Promise<number | null> {
  const child = spawn(binary!, [root, `--user-data-dir=${dataDir}`, ...chromiumArgs, ...args], {
    cwd: root,
    env: cleanEnv({ GRAMDESK_DATA_DIR: dataDir, ...env }),
    stdio: 'ignore',
  });
  return new Promise((done) => child.once('exit', (code) => done(code)));
}
