#!/usr/bin/env node
// The app's build (out/main, out/preload, out/renderer), redone only for the parts whose inputs
// changed. Each part's inputs (its sources, the shared contract, the build configs and the
// lockfile) are hashed; the hashes of the last good build are kept in out/build-stamp.json.
// When nothing changed, `npm start` goes straight on; when only the renderer changed, only the
// renderer is built (electron.vite.config.ts builds the parts named in GRAMDESK_BUILD_PARTS).
//
//   node scripts/app-build.mjs           builds what changed
//   node scripts/app-build.mjs --full    builds everything (npm test, npm run dist), then stamps
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tryLock, unlock } from './folder-lock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const stampFile = join(root, 'out', 'build-stamp.json');

/** Whatever changes what electron-vite writes for every part. */
const SHARED = ['common', 'electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** Each part: the inputs beyond SHARED, and the files whose presence says it was built. */
export const PARTS = {
  // main builds the Electron shell and browser mode's entry (electron.vite.config.ts).
  main: { inputs: ['main', 'server'], outputs: ['out/main/index.cjs', 'out/main/browser-mode.cjs'] },
  preload: { inputs: ['preload'], outputs: ['out/preload/index.cjs'] },
  renderer: { inputs: ['renderer', 'svelte.config.js'], outputs: ['out/renderer/index.html'] },
};

/** The server's own tests don't go into the app. */
const IGNORED = new Set(['server/test', 'node_modules', 'out', 'dist']);

/** Every file under `path` (a file or a folder, relative to the root), skipping IGNORED. */
function filesUnder(path) {
  if (IGNORED.has(path)) return [];
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() || entry.isFile() ? filesUnder(`${path}/${entry.name}`) : [],
  );
}

/** The hash of one part's inputs: every file's path and content, in a fixed order. */
export function partHash(part) {
  const hash = createHash('sha256');
  const files = [...SHARED, ...PARTS[part].inputs].flatMap(filesUnder).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}

/** The parts whose inputs differ from the last good build's, or whose output is missing. */
export function staleParts() {
  const stamp = readStamp();
  return Object.keys(PARTS).filter(
    (part) => stamp[part] !== partHash(part) || !PARTS[part].outputs.every((file) => existsSync(join(root, file))),
  );
}

function writeStamp(hashes) {
  mkdirSync(dirname(stampFile), { recursive: true });
  // Written whole, then renamed: a build stopped half-way never leaves a stamp that lies.
  const temporary = `${stampFile}.${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify({ ...readStamp(), ...hashes }, null, 2)}\n`);
  renameSync(temporary, stampFile);
}

/**
 * Builds the stale parts (all with `full`). Hashes are taken before the build, so an edit made
 * while it runs is seen next time. Returns the parts built and electron-vite's exit status.
 * @param {{ full?: boolean, env?: NodeJS.ProcessEnv }} [options]
 */
export function buildApp({ full = false, env = process.env } = {}) {
  return withBuildLock(() => buildLocked(full, env));
}

/**
 * One build at a time in out/ (a second `npm start`, or tests that start the app side by side):
 * the second waits, then finds the parts current. A lock left by a dead process is taken over.
 */
function withBuildLock(work) {
  const lock = join(root, 'out', '.build-lock');
  mkdirSync(dirname(lock), { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  // The other build's end has no event to wait on from here: look again shortly.
  while (!tryLock(lock)) Atomics.wait(pause, 0, 0, 200);
  try {
    return work();
  } finally {
    unlock(lock);
  }
}

function buildLocked(full, env) {
  const parts = full ? Object.keys(PARTS) : staleParts();
  if (parts.length === 0) return { parts, status: 0 };
  const hashes = Object.fromEntries(parts.map((part) => [part, partHash(part)]));
  // A failed build must not leave the old stamp saying these parts are current.
  const stamp = readStamp();
  for (const part of parts) delete stamp[part];
  if (existsSync(stampFile)) {
    if (Object.keys(stamp).length) writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
    else rmSync(stampFile);
  }
  console.log(`Building ${parts.join(', ')} (${full ? 'a full build' : 'their inputs changed'})…`);
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...env, GRAMDESK_BUILD_PARTS: parts.join(',') },
    shell: process.platform === 'win32',
  });
  // electron-vite warns about the parts left out on purpose; everything else is passed on.
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
    .split('\n')
    .filter((line) => !/config is missing/.test(line))
    .join('\n')
    .trim();
  if (output) console.log(output);
  const status = result.status ?? 1;
  if (status === 0) writeStamp(hashes);
  return { parts, status };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const full = process.argv.includes('--full');
  const { parts, status } = buildApp({ full });
  if (status !== 0) console.error('gramdesk: the build failed (see above).');
  else if (parts.length === 0) console.log(`Nothing changed since the last build (${relative(root, stampFile)}).`);
  process.exit(status);
}
