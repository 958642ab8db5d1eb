#!/usr/bin/env node
// `npm start`: Gramdesk in Electron when Electron's binary is installed; otherwise (a machine with
// no way to download it) browser mode, which prints the URL to open. Extra arguments go to
// browser mode: `npm start -- --port 8080`.
//
// Presence is checked by reading node_modules/electron/path.txt and the file it names, never with
// require('electron'): that require downloads the binary when it is missing, which fails offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVite = join(root, 'node_modules', '.bin', 'electron-vite');

/** The Electron executable when it is installed, else null. */
export function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const binary = join(dir, 'dist', relative);
    return relative !== '' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function runForeground(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * keytar is built for Node's ABI by `npm install`; Electron needs its own. When keytar can't load
 * inside Electron, rebuild it for Electron (`npm test` rebuilds it for Node again when needed).
 * If that fails (no network for Electron's headers), the app still runs and says it can't
 * remember the session.
 */
function keytarForElectron(binary) {
  if (!existsSync(join(root, 'node_modules', 'keytar', 'package.json'))) return;
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const loads = () => spawnSync(binary, ['-e', "require('keytar')"], { cwd: root, env, stdio: 'ignore' }).status === 0;
  if (loads()) return;
  console.log('Rebuilding keytar for Electron (once)…');
  const rebuilt = spawnSync(join(root, 'node_modules', '.bin', 'electron-builder'), ['install-app-deps'], { cwd: root, stdio: 'inherit' });
  if (rebuilt.status !== 0 || !loads()) {
    console.log('keytar could not be rebuilt for Electron: Gramdesk will run without the keychain and say so.');
  }
}

const binary = electronBinary();
if (binary !== null) {
  keytarForElectron(binary);
  // Builds main, preload and renderer, then launches Electron on the built app.
  runForeground(electronVite, ['preview']);
} else {
  console.log(
    'Electron’s binary is not installed on this machine (it can’t be downloaded offline), so Gramdesk starts in browser mode instead.',
  );
  const build = spawnSync(electronVite, ['build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('gramdesk: the build failed (see above), so browser mode can’t start.');
    process.exit(build.status ?? 1);
  }
  // Same as `tsx main/browser-mode/start-browser-mode.ts`, in one process so signals reach it.
  runForeground(process.execPath, [
    '--import',
    'tsx',
    join(root, 'main', 'browser-mode', 'start-browser-mode.ts'),
    ...process.argv.slice(2),
  ]);
}
