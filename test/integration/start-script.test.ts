// `npm start` (scripts/start.mjs) as a person runs it, in a real child process: with nothing
// changed it goes straight to browser mode's URL without building; a changed input rebuilds only
// its part; with ELECTRON_OVERRIDE_DIST_PATH it launches that binary (a stand-in, named as such)
// on the app's folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, writeStandInDist } from '../support/electron-stand-ins';

const startScript = join(repoRoot, 'scripts', 'start.mjs');
const stamp = join(repoRoot, 'out', 'build-stamp.json');
let scratch: string;

/** No Electron settings, no Telegram credentials (the demo), plus these. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(electron_|npm_config_electron|ELECTRON_|GRAMDESK_|TELEGRAM_API_)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

interface Started {
  output: string;
  url: string | null;
  status: number | null;
}

/**
 * Runs `npm start` until browser mode prints its URL (then stops it with SIGTERM, as Ctrl+C
 * would) or until it exits by itself.
 */
function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [startScript], { cwd: repoRoot, env });
  let output = '';
  let url: string | null = null;
  child.stderr.on('data', (chunk) => (output += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    output += `${line}\n`;
    const match = /open (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(line);
    if (match && url === null) {
      url = match[1]!;
      child.kill('SIGTERM');
    }
  });
  return new Promise((done) => child.once('exit', (status) => done({ output, url, status })));
}

/** Browser mode for sure, even where Electron is installed: the override names an empty folder. */
const browserMode = () => envWith({ ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'no-electron-here') });

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'gramdesk-start-'));
  const built = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'app-build.mjs')], { cwd: repoRoot });
  expect(built.status).toBe(0);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm start', () => {
  it('with nothing changed, starts browser mode without building, and says why Electron could not be had', async () => {
    const before = statSync(stamp).mtimeMs;
    const run = await start(browserMode());
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(run.output).not.toMatch('Building');
    expect(statSync(stamp).mtimeMs).toBe(before);
    expect(run.output).toMatch(
      /Electron could not be had \(ELECTRON_OVERRIDE_DIST_PATH is set, but .* does not exist\), so Gramdesk starts in browser mode instead\./,
    );
  }, 60_000);

  it('a changed input rebuilds its part only, then starts', async () => {
    // A file of its own in preload/, so no source is edited; it changes the preload's input hash.
    const touched = join(repoRoot, 'preload', `.start-script-test-${process.pid}.txt`);
    const before = JSON.parse(readFileSync(stamp, 'utf8'));
    writeFileSync(touched, 'changed\n');
    try {
      const run = await start(browserMode());
      expect(run.output).toMatch('Building preload (their inputs changed)…');
      expect(run.url).not.toBeNull();
      const after = JSON.parse(readFileSync(stamp, 'utf8'));
      expect(after.preload).not.toBe(before.preload);
      expect(after.main).toBe(before.main);
      expect(after.renderer).toBe(before.renderer);
    } finally {
      rmSync(touched, { force: true });
      spawnSync(process.execPath, [join(repoRoot, 'scripts', 'app-build.mjs')], { cwd: repoRoot });
    }
  }, 120_000);

  it.skipIf(process.platform === 'win32')(
    'with ELECTRON_OVERRIDE_DIST_PATH, launches that Electron on the app (stand-in: a shell script)',
    async () => {
      const record = join(scratch, 'electron-runs');
      const binary = writeStandInDist(join(scratch, 'override'), record);
      const run = await start(envWith({ ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'override') }));
      expect(run.status).toBe(0);
      expect(run.url).toBeNull();
      expect(run.output).toMatch(`Starting Gramdesk in Electron (${binary}).`);
      expect(run.output).not.toMatch('Getting Electron');
      // keytar's check under ELECTRON_RUN_AS_NODE, then the app itself.
      const runs = readFileSync(record, 'utf8').trim().split('\n');
      expect(runs.at(-1)).toBe(repoRoot);
    },
    60_000,
  );
});
