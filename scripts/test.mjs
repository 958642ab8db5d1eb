#!/usr/bin/env node
// `npm test`: every check and test of the project, on a fresh machine as on CI.
//
// 1. Makes sure the system packages the real-part tests need are there (Chromium for the UI,
//    gnome-keyring + D-Bus for a real Secret Service, libsecret for keytar). As root with apt-get
//    it installs what is missing (and rebuilds keytar); otherwise it prints the one command that
//    does, and stops.
// 2. Type-checks and lints.
// 3. Gets Electron's binary through its installer when it is missing (scripts/electron-binary.mjs),
//    here and only here, before any Playwright worker could require('electron'); where it can't
//    be had, one line says why and the Electron specs skip.
// 4. Builds the app (browser mode serves the built renderer) and stamps the build for `npm start`.
// 5. Runs vitest (server, core, the shell's wiring, the workflow's lint) and Playwright (UI in
//    Chromium, Electron where its binary exists), on Linux inside a throwaway Secret Service
//    (macOS and Windows have their own keychain).
// 6. Prints one closing line `N passed, N failed, N skipped` counted from the runners' JSON reports.
//
// Extra arguments are passed to both runners as filters: `npm test -- login-flow`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { obtainElectron } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = join(root, 'test-results');
const filters = process.argv.slice(2);

function run(cmd, args, options = {}) {
  // Windows starts npm and node_modules/.bin's commands as .cmd files, through its shell.
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });
  return r.status ?? 1;
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// --- 1. system packages -------------------------------------------------------------------
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const needs = [
  { pkg: 'chromium', present: () => existsSync(chromiumPath) },
  { pkg: 'gnome-keyring', present: () => has('gnome-keyring-daemon') },
  { pkg: 'dbus', present: () => has('dbus-run-session') && has('dbus-send') },
  {
    pkg: 'libsecret-1-dev',
    present: () => spawnSync('pkg-config', ['--exists', 'libsecret-1'], { stdio: 'ignore' }).status === 0,
  },
  // Real proxies on loopback for the proxy tests: SOCKS5 with user/password, HTTP CONNECT.
  { pkg: 'microsocks', present: () => has('microsocks') },
  { pkg: 'tinyproxy', present: () => has('tinyproxy') },
  // The country picker shows flags; the right-to-left screenshot is compared with one taken with this font.
  { pkg: 'fonts-noto-color-emoji', present: () => existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf') },
];

function keytarLoads() {
  // In a child process: a keytar built against a missing libsecret fails at load time.
  return spawnSync(process.execPath, ['-e', "require('keytar')"], { cwd: root, stdio: 'ignore' }).status === 0;
}

// The Secret Service and its packages are Linux's keychain; macOS and Windows bring their own.
const linux = process.platform === 'linux';
const missing = linux ? needs.filter((n) => !n.present()).map((n) => n.pkg) : [];
const isRoot = process.getuid?.() === 0;
// After these, `npm test` builds keytar against libsecret by itself.
const installCommand = `apt-get update && apt-get install -y ${needs.map((n) => n.pkg).join(' ')}`;

if (missing.length > 0) {
  if (isRoot && has('apt-get')) {
    console.log(`[test] installing system packages the tests need: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', ...missing], { env }) !== 0) {
      console.error(`[test] apt-get could not install: ${missing.join(' ')}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  } else {
    console.error(`[test] missing system packages: ${missing.join(' ')}`);
    console.error(`[test] install them with (as root): ${installCommand}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

if (!keytarLoads()) {
  // keytar is an optional dependency: on a machine that had no libsecret at `npm install`, its
  // build failed and npm left it out. Now that libsecret is here, build it.
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const version = lock.packages?.['node_modules/keytar']?.version ?? '7.9.0';
  console.log(`[test] building keytar ${version} against libsecret`);
  const present = existsSync(join(root, 'node_modules', 'keytar', 'package.json'));
  const status = present
    ? run('npm', ['rebuild', 'keytar'])
    : run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `keytar@${version}`]);
  if (status !== 0 || !keytarLoads()) {
    console.error(`[test] keytar could not be built; try: ${installCommand}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

// --- 2..4. checks, build, tests -----------------------------------------------------------
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const steps = [];
const step = (name, status) => {
  steps.push({ name, ok: status === 0 });
  console.log(`[test] ${name}: ${status === 0 ? 'ok' : 'FAILED'}`);
};

if (filters.length === 0) {
  step('typecheck', run('npm', ['run', '--silent', 'typecheck']));
  step('lint', run('npm', ['run', '--silent', 'lint']));
}

const electron = await obtainElectron();
if (electron.binary) console.log(`[test] Electron: ${electron.binary} (${electron.source})`);
else console.log(`[test] Electron could not be had (${electron.reason}): the Electron specs skip.`);

step('build', run(process.execPath, [join(root, 'scripts', 'app-build.mjs'), '--full']));

// The app's settings (the proxy list) during the run live in a throwaway folder, so a proxy the
// person running the tests saved never carries the tests' connections.
const settingsDir = mkdtempSync(join(tmpdir(), 'gramdesk-test-settings-'));
process.on('exit', () => rmSync(settingsDir, { recursive: true, force: true }));
const runErrorsFile = join(results, 'vitest-run-errors.json');
const env = {
  ...process.env,
  CHROMIUM_PATH: chromiumPath,
  GRAMDESK_SETTINGS_DIR: settingsDir,
  GRAMDESK_RUN_ERRORS_FILE: runErrorsFile,
};
if (electron.binary) env.GRAMDESK_ELECTRON_BINARY = electron.binary;
const withKeyring = (cmd, args) =>
  linux
    ? run(process.execPath, [join(root, 'scripts', 'with-secret-service.mjs'), cmd, ...args], { env })
    : run(cmd, args, { env });

const vitestStatus = withKeyring(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${join(results, 'vitest.json')}`,
  `--reporter=${join(root, 'test', 'support', 'run-errors-reporter.ts')}`,
  ...filters,
]);
const playwrightStatus = withKeyring(bin('playwright'), ['test', ...filters]);

// --- 5. one closing line --------------------------------------------------------------------
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
// Tests that passed only on their second try: counted as passed, and named, so flakiness stays in view.
const secondTries = [];

// Errors no test owns: a file that failed to load, a hook that threw, an unhandled rejection.
// Each is a failure, counted once and named.
const runErrors = readJson(runErrorsFile)?.errors ?? [];
failed += runErrors.length;

/** A runner that says the run failed while nothing of it counted as failing: still one failure, named. */
function unexplained(runner, status, counted) {
  if (status === 0 || counted > 0) return;
  failed += 1;
  runErrors.push({ where: runner, message: `exited with status ${status} though no test failed` });
}

const vitest = readJson(join(results, 'vitest.json'));
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  for (const file of vitest.testResults ?? [])
    for (const t of file.assertionResults ?? [])
      if (t.status === 'passed' && (t.failureMessages ?? []).length > 0) secondTries.push(t.fullName);
  unexplained('vitest', vitestStatus, (vitest.numFailedTests ?? 0) + runErrors.length);
} else if (vitestStatus !== 0) {
  failed += 1;
  console.error('[test] vitest wrote no report');
}

const playwright = readJson(join(results, 'playwright.json'));
if (playwright?.stats) {
  const playwrightFailed = (playwright.stats.unexpected ?? 0) + (playwright.errors ?? []).length;
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += playwrightFailed;
  skipped += playwright.stats.skipped ?? 0;
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) if (t.status === 'flaky') secondTries.push(`${spec.file} › ${spec.title}`);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of playwright.suites ?? []) walk(suite);
  unexplained('playwright', playwrightStatus, playwrightFailed);
} else if (playwrightStatus !== 0) {
  failed += 1;
  console.error('[test] playwright wrote no report');
}

for (const s of steps) if (!s.ok) failed += 1;

if (runErrors.length) console.log(`[test] errors outside the tests:\n  ${runErrors.map((e) => `${e.where}: ${e.message}`).join('\n  ')}`);
if (secondTries.length) console.log(`[test] passed only on a second try:\n  ${secondTries.join('\n  ')}`);
const failedSteps = steps.filter((s) => !s.ok).map((s) => s.name);
if (failedSteps.length) console.log(`[test] failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || vitestStatus !== 0 || playwrightStatus !== 0 ? 1 : 0);
