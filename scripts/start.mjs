#!/usr/bin/env node
// `npm start`: Gramdesk in its Electron window. Electron's binary is got through Electron's own
// installer the first time (scripts/electron-binary.mjs: bounded, with progress; honours
// ELECTRON_OVERRIDE_DIST_PATH, ELECTRON_MIRROR and Electron's download cache). Where it can't be
// had (no network, the mirror unreachable, a time-out), one line says why and Gramdesk starts in
// browser mode, which prints the URL to open. Extra arguments go to browser mode:
// `npm start -- --port 8080`.
//
// Only the parts of the app whose inputs changed are rebuilt (scripts/app-build.mjs); with
// nothing changed it starts at once. Electron is launched here on the built app, not through
// `electron-vite preview`, which insists on node_modules/electron/path.txt and would throw
// "Electron uninstall" for an ELECTRON_OVERRIDE_DIST_PATH binary.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app-build.mjs';
import { obtainElectron } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function runForeground(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
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
  const rebuilt = spawnSync(join(root, 'node_modules', '.bin', 'electron-builder'), ['install-app-deps'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (rebuilt.status !== 0 || !loads()) {
    console.log('keytar could not be rebuilt for Electron: Gramdesk will run without the keychain and say so.');
  }
}

const electron = await obtainElectron();
const { status } = buildApp();
if (status !== 0) {
  console.error('gramdesk: the build failed (see above), so Gramdesk can’t start.');
  process.exit(status);
}

if (electron.binary !== null) {
  keytarForElectron(electron.binary);
  console.log(`Starting Gramdesk in Electron (${electron.binary}).`);
  // The app's folder: Electron loads package.json's "main" (out/main/index.cjs).
  runForeground(electron.binary, [root], { ...process.env, ELECTRON_EXEC_PATH: electron.binary });
} else {
  console.log(`Electron could not be had (${electron.reason}), so Gramdesk starts in browser mode instead.`);
  // main/browser-mode/start-browser-mode.ts as built beside the shell (out/main), run by plain
  // Node: compiling the sources on the fly (tsx) would cost about a second on every start.
  runForeground(process.execPath, [join(root, 'out', 'main', 'browser-mode.cjs'), ...process.argv.slice(2)]);
}
