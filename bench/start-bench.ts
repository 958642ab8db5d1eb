// How long `npm start` takes with nothing changed, beside a full build, in the same run:
//
// - "full build": scripts/app-build.mjs --full (electron-vite: main with browser mode's entry,
//   preload, renderer), as `npm test` and `npm run dist` do.
// - "npm start → URL": scripts/start.mjs from launch to browser mode's printed URL, the build
//   current. It includes finding out that Electron can't be had here (or, where Electron is
//   installed, browser mode is asked for by an empty ELECTRON_OVERRIDE_DIST_PATH, since a window
//   prints no URL).
// The aim: the start at most a third of the full build.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchRow } from './bench-row';
import { installedElectron } from '../scripts/electron-binary.mjs';

const root = join(import.meta.dirname, '..');
const BUILDS = 3;
const STARTS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fullBuildMs(): number {
  const started = performance.now();
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'app-build.mjs'), '--full'], { cwd: root });
  if (built.status !== 0) throw new Error(`the build failed: ${built.stderr}`);
  return performance.now() - started;
}

function startToUrlMs(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env });
  return new Promise((done, fail) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (/Building/.test(line)) fail(new Error('npm start rebuilt with nothing changed'));
      if (/open http:\/\/127\.0\.0\.1/.test(line)) {
        done(performance.now() - started);
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => fail(new Error(`npm start exited (${code}) before printing its URL`)));
  }).then(async (ms) => {
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    return ms as number;
  });
}

export async function runStartBench(): Promise<BenchRow[]> {
  const builds = Array.from({ length: BUILDS }, fullBuildMs);
  const scratch = mkdtempSync(join(tmpdir(), 'gramdesk-start-bench-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.TELEGRAM_API_ID;
  delete env.TELEGRAM_API_HASH;
  if (installedElectron().binary) env.ELECTRON_OVERRIDE_DIST_PATH = join(scratch, 'no-electron');
  const starts: number[] = [];
  try {
    for (let i = 0; i < STARTS; i++) starts.push(await startToUrlMs(env));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const build = median(builds);
  const start = median(starts);
  return [
    { name: 'full build (main + browser mode, preload, renderer)', value: build, unit: 'ms' },
    { name: 'npm start → printed URL, nothing changed', value: start, unit: 'ms' },
    { name: 'npm start (nothing changed) / full build', value: start / build, unit: 'ratio', aim: '≤ 0.33' },
  ];
}
