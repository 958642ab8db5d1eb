#!/usr/bin/env node
// `npm run dist`: the installers for the OS it runs on (electron-builder.yml says which), from a
// full build. electron-builder fetches Electron's release for every target architecture itself
// (through Electron's download cache); where Electron can't be had at all, this ends with one
// line saying why instead of a stack trace.
//
//   GRAMDESK_TEST_BUILD=1 npm run dist   the same installers with the CLI-inspect fuse on, which
//                                        Playwright needs to drive the packaged app (never ship it)
//   npm run dist -- --linux deb          extra arguments go to electron-builder
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app-build.mjs';
import { obtainElectron } from './electron-binary.mjs';
import { writeTestBuildConfig } from './test-build-config.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const electron = await obtainElectron();
if (electron.binary === null) {
  console.log(`npm run dist: Electron could not be had (${electron.reason}), so no installer was built.`);
  process.exit(1);
}

if (buildApp({ full: true }).status !== 0) {
  console.log('npm run dist: the build failed (see above), so no installer was built.');
  process.exit(1);
}

const args = [...process.argv.slice(2)];
if (process.env.GRAMDESK_TEST_BUILD === '1') {
  args.push('--config', writeTestBuildConfig());
  console.log('npm run dist: a build for tests (CLI inspect fuse on); don’t ship it.');
}

const packed = spawnSync(join(root, 'node_modules', '.bin', 'electron-builder'), ['--publish', 'never', ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron.binary },
  shell: process.platform === 'win32',
});
if (packed.status !== 0) console.log('npm run dist: electron-builder failed (see above).');
process.exit(packed.status ?? 1);
