// Getting Electron's binary as `npm start`, `npm test` and `npm run dist` do
// (scripts/electron-binary.mjs), each case a real child process running Electron's real installer
// against loopback servers: a closed port, a server that never answers, and a stand-in mirror
// with a stand-in release (test/support/electron-stand-ins.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closedPort,
  electronSandbox,
  repoRoot,
  silentServer,
  standInMirror,
  writeStandInDist,
  type ElectronSandbox,
} from '../support/electron-stand-ins';

const script = join(repoRoot, 'scripts', 'electron-binary.mjs');
const posix = process.platform !== 'win32';

interface Run {
  status: number | null;
  output: string;
  ms: number;
}

/** The environment of a machine with no Electron settings but these. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(electron_|npm_config_electron|ELECTRON_|GRAMDESK_ELECTRON)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

function getElectron(sandbox: ElectronSandbox, extra: Record<string, string>): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [script, '--electron-dir', sandbox.electronDir], {
    cwd: repoRoot,
    env: envWith({ electron_config_cache: join(sandbox.dir, 'cache'), ...extra }),
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((done) =>
    child.once('exit', (status) => done({ status, output, ms: performance.now() - started })),
  );
}

let sandbox: ElectronSandbox;
let scratch: string;
beforeEach(() => {
  sandbox = electronSandbox();
  scratch = mkdtempSync(join(tmpdir(), 'gramdesk-electron-record-'));
});
afterEach(() => {
  sandbox.remove();
  rmSync(scratch, { recursive: true, force: true });
});

describe('when the download fails, one line says why', () => {
  it('a mirror on a closed loopback port: "mirror unreachable", within the bound, nothing left half-installed', async () => {
    const port = await closedPort();
    const run = await getElectron(sandbox, {
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      GRAMDESK_ELECTRON_TIMEOUT_S: '20',
    });
    expect(run.status).toBe(3);
    expect(run.output).toMatch(`Electron could not be had: mirror unreachable (127.0.0.1:${port})`);
    expect(run.output).toMatch('refused the connection');
    expect(run.output).not.toMatch(/\n\s+at /); // no stack trace
    // Told apart from a time-out: it doesn't wait for the bound.
    expect(run.ms).toBeLessThan(20_000);
    expect(existsSync(join(sandbox.electronDir, 'dist'))).toBe(false);
    expect(existsSync(join(sandbox.electronDir, 'path.txt'))).toBe(false);
  });

  it('a mirror that never answers: "time-out" once the bound set by GRAMDESK_ELECTRON_TIMEOUT_S has passed', async () => {
    const silent = await silentServer();
    try {
      const run = await getElectron(sandbox, { ELECTRON_MIRROR: silent.url, GRAMDESK_ELECTRON_TIMEOUT_S: '2' });
      expect(run.status).toBe(3);
      expect(run.output).toMatch('Electron could not be had: time-out: the download took longer than 2 s');
      expect(run.ms).toBeGreaterThanOrEqual(2000);
      expect(run.ms).toBeLessThan(15_000);
      expect(existsSync(join(sandbox.electronDir, 'path.txt'))).toBe(false);
    } finally {
      await silent.close();
    }
  });

  it('a mirror without this release: the HTTP status it answered', async () => {
    const mirror = await standInMirror(join(scratch, 'runs'));
    try {
      const run = await getElectron(sandbox, { ELECTRON_MIRROR: `${mirror.url}missing/` });
      expect(run.status).toBe(3);
      expect(run.output).toMatch(/Electron could not be had: the mirror refused: HTTP 404/);
    } finally {
      await mirror.close();
    }
  });
});

describe.skipIf(!posix)('Electron’s installer gets it (a stand-in release: a shell script)', () => {
  const mirrorEnv = (url: string) => ({ ELECTRON_MIRROR: url, electron_use_remote_checksums: '1' });

  it('downloads, checks and unpacks it once: the second run asks the mirror nothing', async () => {
    const record = join(scratch, 'runs');
    const mirror = await standInMirror(record);
    try {
      const first = await getElectron(sandbox, mirrorEnv(mirror.url));
      expect(first.output).toMatch(/Getting Electron \S+ .*a one-time download by its installer/);
      const binary = join(sandbox.electronDir, 'dist', readFileSync(join(sandbox.electronDir, 'path.txt'), 'utf8'));
      expect(first.output).toMatch(`electron: ${binary} (installer)`);
      expect(first.status).toBe(0);
      const zips = () => mirror.requests.filter((path) => path.endsWith('.zip'));
      expect(zips()).toHaveLength(1);

      const second = await getElectron(sandbox, mirrorEnv(mirror.url));
      expect(second.output).toMatch(`electron: ${binary} (installed)`);
      expect(second.output).not.toMatch('Getting Electron');
      expect(zips()).toHaveLength(1);
    } finally {
      await mirror.close();
    }
  });

  it('two at once (npm start beside npm test): one download, both get the binary', async () => {
    const mirror = await standInMirror(join(scratch, 'runs'));
    try {
      const [a, b] = await Promise.all([
        getElectron(sandbox, mirrorEnv(mirror.url)),
        getElectron(sandbox, mirrorEnv(mirror.url)),
      ]);
      expect([a.status, b.status]).toEqual([0, 0]);
      expect(mirror.requests.filter((path) => path.endsWith('.zip'))).toHaveLength(1);
      expect(existsSync(join(sandbox.electronDir, '.gramdesk-install-lock'))).toBe(false);
    } finally {
      await mirror.close();
    }
  });

  it('Electron’s download cache (electron_config_cache): a fresh install takes the cached release', async () => {
    const mirror = await standInMirror(join(scratch, 'runs'));
    const cache = join(scratch, 'shared-cache');
    const other = electronSandbox();
    try {
      expect((await getElectron(sandbox, { ...mirrorEnv(mirror.url), electron_config_cache: cache })).status).toBe(0);
      // The stand-in's checksum can only come from the mirror (SHASUMS256.txt, never cached);
      // the release itself comes from the cache.
      const run = await getElectron(other, { ...mirrorEnv(mirror.url), electron_config_cache: cache });
      expect(run.output).toMatch(`electron: ${join(other.electronDir, 'dist')}`);
      expect(run.status).toBe(0);
      expect(mirror.requests.filter((path) => path.endsWith('.zip'))).toHaveLength(1);
    } finally {
      other.remove();
      await mirror.close();
    }
  });

  it('ELECTRON_OVERRIDE_DIST_PATH is used as it is: nothing is downloaded', async () => {
    const mirror = await standInMirror(join(scratch, 'runs'));
    try {
      const binary = writeStandInDist(join(scratch, 'override'), join(scratch, 'runs'));
      const run = await getElectron(sandbox, {
        ...mirrorEnv(mirror.url),
        ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'override'),
      });
      expect(run.output).toMatch(`electron: ${binary} (override)`);
      expect(mirror.requests).toEqual([]);
    } finally {
      await mirror.close();
    }
  });

  it('ELECTRON_OVERRIDE_DIST_PATH naming a folder without Electron: says so, downloads nothing', async () => {
    const run = await getElectron(sandbox, { ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'nothing-here') });
    expect(run.status).toBe(3);
    expect(run.output).toMatch('ELECTRON_OVERRIDE_DIST_PATH is set, but');
    expect(run.output).not.toMatch('Getting Electron');
  });
});
