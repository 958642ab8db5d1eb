#!/usr/bin/env node
// Where Electron's binary is, and getting it when it isn't there yet.
//
// Since Electron 42 `npm install` no longer downloads the binary: the electron package's own
// installer (its `install-electron` bin, install.js) does, or the first require('electron').
// `npm start` and `npm test` call obtainElectron() once, before anything can require('electron')
// (parallel Playwright workers would each start the download and unpack over one another), and
// pass the binary's path on. The installer itself does the work, so ELECTRON_MIRROR,
// electron_config_cache (Electron's download cache), electron_use_remote_checksums and the other
// @electron/get settings apply as documented. ELECTRON_OVERRIDE_DIST_PATH, when set, is used as
// it is and nothing is downloaded.
//
// Node: the installer loads @electron/get, an ES module, with require(); Node runs that from
// 20.19 on (unflagged), which is why Gramdesk asks for 20.19 although electron's package.json
// says 22.12. Older Nodes get a clear line instead of the installer's stack trace.
//
//   node scripts/electron-binary.mjs [--electron-dir DIR]   gets it now; prints the binary's path
//
// The download is bounded (GRAMDESK_ELECTRON_TIMEOUT_S, default 300 s). When it fails, the
// reason is one line: no network, mirror unreachable, the mirror refused, or time-out.
import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tryLock, unlock } from './folder-lock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultElectronDir = join(root, 'node_modules', 'electron');
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';
const DEFAULT_TIMEOUT_S = 300;
/** The first Node that runs the installer: it require()s an ES module. */
const INSTALLER_MIN_NODE = [20, 19];

/** The executable inside an Electron dist folder, as electron's install.js names it. */
export function platformExecutable(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function electronVersion(electronDir) {
  return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
}

/**
 * The binary to run without downloading anything: ELECTRON_OVERRIDE_DIST_PATH's when set, else
 * the installed one (the same test as electron's install.js: dist/version, path.txt, the file).
 * Never require('electron'): that would start a download.
 * @returns {{ binary: string, source: 'override' | 'installed' } | { binary: null, problem: string | null }}
 */
export function installedElectron({ electronDir = defaultElectronDir, env = process.env } = {}) {
  const exe = platformExecutable();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = resolve(override, exe);
    if (existsSync(binary)) return { binary, source: 'override' };
    return { binary: null, problem: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${binary} does not exist` };
  }
  try {
    const version = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = join(electronDir, 'dist', relative);
    if (version === electronVersion(electronDir) && relative === exe && existsSync(binary)) {
      return { binary, source: 'installed' };
    }
  } catch {
    // not installed (yet)
  }
  return { binary: null, problem: null };
}

function mirrorOf(env) {
  return env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.ELECTRON_MIRROR || null;
}

function timeoutMsOf(env) {
  const seconds = Number(env.GRAMDESK_ELECTRON_TIMEOUT_S);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_S) * 1000;
}

function nodeRunsInstaller(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > INSTALLER_MIN_NODE[0] || (major === INSTALLER_MIN_NODE[0] && minor >= INSTALLER_MIN_NODE[1]);
}

/** Can a TCP connection to host:port be opened within a few seconds? Resolves to an error code or null. */
function tryConnect(host, port) {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (code) => {
      socket.destroy();
      done(code);
    };
    socket.setTimeout(3000, () => finish('ETIMEDOUT'));
    socket.once('connect', () => finish(null));
    socket.once('error', (error) => finish(error.code ?? 'ECONNREFUSED'));
  });
}

/** Electron's download cache, where @electron/get keeps releases (electron_config_cache, else env-paths'). */
function cacheRoot(env) {
  if (env.electron_config_cache) return env.electron_config_cache;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'electron');
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'electron');
}

/** Whether this platform's release of this Electron is in the cache (one folder per download URL). */
function cachedRelease(electronDir, env) {
  const file = `electron-v${electronVersion(electronDir)}-${process.platform}-${process.arch}.zip`;
  try {
    return readdirSync(cacheRoot(env)).some((folder) => existsSync(join(cacheRoot(env), folder, file)));
  } catch {
    return false;
  }
}

/** Where the installer will download from: the mirror's host and port, and how to name it. */
function mirrorHost(env) {
  const custom = mirrorOf(env);
  let url;
  try {
    url = new URL(custom ?? DEFAULT_MIRROR);
  } catch {
    return { error: `ELECTRON_MIRROR is not a URL: ${custom}` };
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port) || (url.protocol === 'http:' ? 80 : 443),
    where: custom ? `mirror unreachable (${url.host})` : 'no network',
  };
}

/**
 * Whether the mirror can be reached at all (its name resolves, it takes a connection): the first
 * step of the download, asked before the installer starts so that an offline machine hears why in
 * a moment. Resolves to the reason it can't, or null.
 */
async function unreachable(env) {
  const mirror = mirrorHost(env);
  if (mirror.error) return mirror.error;
  try {
    await lookup(mirror.host);
  } catch {
    return `${mirror.where}: ${mirror.host} can't be resolved`;
  }
  const code = await tryConnect(mirror.host, mirror.port);
  if (!code) return null;
  return `${mirror.where}: ${mirror.host}:${mirror.port} ${code === 'ECONNREFUSED' ? 'refused the connection' : `(${code})`}`;
}

/**
 * Why the installer failed, in words a person can act on. It prints only "fetch failed" for a
 * network error, so that is asked of the network again.
 */
async function diagnose(stderr, env) {
  const http = /Response code (\d+) \(([^)]*)\) for (\S+)/.exec(stderr);
  if (http) return `the mirror refused: HTTP ${http[1]} ${http[2]} for ${http[3]}`;
  if (/checksum/i.test(stderr)) return 'the download did not match its checksum';
  const network = await unreachable(env);
  if (network) return network;
  const first = stderr.trim().split('\n').find((line) => line.trim() !== '') ?? 'no message';
  return `the installer failed: ${first.trim()}`;
}

function bytesUnder(dir) {
  let total = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) total += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
    }
  } catch {
    // the installer moves its temporary files away as it goes
  }
  return total;
}

/**
 * One installer at a time per electron package: a second `npm start` (or `npm test`) waits for
 * the first instead of unpacking over it. A lock left by a process that died is taken over.
 */
async function withInstallLock(electronDir, deadline, work) {
  const lock = join(electronDir, '.gramdesk-install-lock');
  while (!tryLock(lock)) {
    if (Date.now() > deadline) return { timedOut: true };
    // Another process is installing; its end is seen by polling, there being no event for it.
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    return await work();
  } finally {
    unlock(lock);
  }
}

/**
 * The Electron binary, downloaded through Electron's installer when it is missing.
 * @param {{ electronDir?: string, env?: NodeJS.ProcessEnv, log?: (line: string) => void, progress?: NodeJS.WriteStream | null }} [options]
 * @returns {Promise<{ binary: string, source: 'override' | 'installed' | 'installer' } | { binary: null, reason: string }>}
 */
export async function obtainElectron({
  electronDir = defaultElectronDir,
  env = process.env,
  log = (line) => console.log(line),
  progress = process.stdout,
} = {}) {
  const present = installedElectron({ electronDir, env });
  if (present.binary) return present;
  if (present.problem) return { binary: null, reason: present.problem };
  if (!existsSync(join(electronDir, 'install.js'))) {
    return { binary: null, reason: `Electron's installer is missing (${join(electronDir, 'install.js')}): run npm install` };
  }
  if (!nodeRunsInstaller()) {
    return {
      binary: null,
      reason: `Node ${process.versions.node} can't run Electron's installer (it needs Node ${INSTALLER_MIN_NODE.join('.')} or newer)`,
    };
  }

  // With the release in Electron's download cache the installer needs no network.
  const offline = cachedRelease(electronDir, env) ? null : await unreachable(env);
  if (offline) return { binary: null, reason: offline };

  const timeoutMs = timeoutMsOf(env);
  const deadline = Date.now() + timeoutMs;
  const outcome = await withInstallLock(electronDir, deadline, async () => {
    // Someone else may have installed it while this process waited for the lock.
    const meanwhile = installedElectron({ electronDir, env });
    if (meanwhile.binary) return { binary: meanwhile.binary, source: 'installed' };
    return runInstaller({ electronDir, env, log, progress, deadline, timeoutMs });
  });
  if (outcome.timedOut) return { binary: null, reason: `time-out: no Electron after ${timeoutMs / 1000} s` };
  return outcome;
}

async function runInstaller({ electronDir, env, log, progress, deadline, timeoutMs }) {
  const version = electronVersion(electronDir);
  const mirror = mirrorOf(env);
  log(
    `Getting Electron ${version} (${process.platform}-${process.arch}), a one-time download by its installer` +
      `${mirror ? ` from ${mirror}` : ''}; giving up after ${Math.round(timeoutMs / 1000)} s…`,
  );
  // The installer's temporary files go to a folder of this run's, so their growth is the progress.
  const temp = mkdtempSync(join(tmpdir(), 'gramdesk-electron-'));
  const started = Date.now();
  const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    env: { ...env, TMPDIR: temp, TMP: temp, TEMP: temp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.on('data', (chunk) => (stderr += chunk));

  const tty = Boolean(progress?.isTTY);
  let lastPrinted = 0;
  const ticker = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    const line = `  ${(bytesUnder(temp) / 1e6).toFixed(1)} MB, ${seconds} s`;
    if (tty) progress.write(`\r${line}   `);
    else if (progress && seconds - lastPrinted >= 10) {
      lastPrinted = seconds;
      progress.write(`${line}\n`);
    }
  }, 1000);

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, Math.max(0, deadline - Date.now()));

  const status = await new Promise((done) => {
    child.once('error', () => done(-1));
    child.once('exit', (code) => done(code ?? -1));
  });
  clearTimeout(timer);
  clearInterval(ticker);
  if (tty) progress.write('\r\x1b[K');
  rmSync(temp, { recursive: true, force: true });

  const installed = installedElectron({ electronDir, env });
  if (status === 0 && installed.binary) return { binary: installed.binary, source: 'installer' };
  // A download cut short can leave a half-unpacked dist/; the next attempt starts clean.
  if (!installed.binary) {
    rmSync(join(electronDir, 'dist'), { recursive: true, force: true });
    rmSync(join(electronDir, 'path.txt'), { force: true });
  }
  if (timedOut) return { binary: null, reason: `time-out: the download took longer than ${Math.round(timeoutMs / 1000)} s` };
  if (status === 0) return { binary: null, reason: 'the installer finished, but no Electron binary is where it said' };
  return { binary: null, reason: await diagnose(stderr, env) };
}

// As a command: get Electron now (npm run dist uses it), print where it is or why not.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--electron-dir');
  const electronDir = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : defaultElectronDir;
  const result = await obtainElectron({ electronDir });
  if (result.binary) {
    console.log(`electron: ${result.binary} (${result.source})`);
  } else {
    console.log(`Electron could not be had: ${result.reason}`);
    process.exitCode = 3;
  }
}
