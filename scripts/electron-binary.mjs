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
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * Why the installer failed, in words a person can act on. The installer prints only "fetch
 * failed", so the reason is found by asking the network the same question it asked.
 */
async function diagnose(stderr, env) {
  const http = /Response code (\d+) \(([^)]*)\) for (\S+)/.exec(stderr);
  if (http) return `the mirror refused: HTTP ${http[1]} ${http[2]} for ${http[3]}`;
  if (/checksum/i.test(stderr)) return 'the download did not match its checksum';
  const custom = mirrorOf(env);
  let url;
  try {
    url = new URL(custom ?? DEFAULT_MIRROR);
  } catch {
    return `ELECTRON_MIRROR is not a URL: ${custom}`;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443);
  const where = custom ? `mirror unreachable (${url.host})` : 'no network';
  try {
    await lookup(host);
  } catch {
    return `${where}: ${host} can't be resolved`;
  }
  const code = await tryConnect(host, port);
  if (code) return `${where}: ${host}:${port} ${code === 'ECONNREFUSED' ? 'refused the connection' : `(${code})`}`;
  const last = stderr.trim().split('\n').find((line) => line.trim() !== '') ?? 'no message';
  return `the installer failed: ${last.trim()}`;
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

/** Whether process `pid` is alive. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * One installer at a time per electron package: a second `npm start` (or `npm test`) waits for
 * the first instead of unpacking over it. A lock left by a process that died is taken over.
 */
async function withInstallLock(electronDir, deadline, work) {
  const lock = join(electronDir, '.gramdesk-install-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }));
      if (!pid || !alive(pid)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) return { timedOut: true };
      // Another process is installing; its end is seen by polling, there being no event for it.
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The Electron binary, downloaded through Electron's installer when it is missing.
 * @param {{ electronDir?: string, env?: NodeJS.ProcessEnv, log?: (line: string) => void, progress?: NodeJS.WriteStream | null }} [options]
 * @returns {Promise<{ binary: string, source: 'override' | 'installed' | 'downloaded' } | { binary: null, reason: string }>}
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
  if (status === 0 && installed.binary) return { binary: installed.binary, source: 'downloaded' };
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
