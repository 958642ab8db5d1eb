// Stand-ins for what Electron's installer would otherwise fetch from the internet, so that the
// real installer (node_modules/electron/install.js) and scripts/electron-binary.mjs can be run
// here as child processes:
// - an electron package copied into a throwaway project (the installer unpacks into its own
//   folder, which must not be the repository's);
// - a stand-in Electron release (a POSIX shell script named as the platform's executable) served
//   by a loopback mirror that counts what it is asked for.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformExecutable } from '../../scripts/electron-binary.mjs';
import { zipArchive } from './zip-archive';

export const repoRoot = join(import.meta.dirname, '..', '..');
const realModules = join(repoRoot, 'node_modules');
export const electronVersion: string = JSON.parse(
  readFileSync(join(realModules, 'electron', 'package.json'), 'utf8'),
).version;

export interface ElectronSandbox {
  dir: string;
  electronDir: string;
  remove(): void;
}

/** A throwaway project whose node_modules/electron is a copy of the real package, not yet installed. */
export function electronSandbox(): ElectronSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'gramdesk-electron-sandbox-'));
  const electronDir = join(dir, 'node_modules', 'electron');
  mkdirSync(electronDir, { recursive: true });
  for (const file of ['package.json', 'install.js', 'index.js', 'checksums.json']) {
    copyFileSync(join(realModules, 'electron', file), join(electronDir, file));
  }
  // The installer's own dependencies, as npm placed them.
  for (const scope of ['@electron', '@electron-internal']) {
    symlinkSync(join(realModules, scope), join(dir, 'node_modules', scope), 'junction');
  }
  return { dir, electronDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stand-in Electron executable: records each run's arguments, one line per run, then exits 0. */
export function standInElectronScript(recordFile: string): string {
  return `#!/bin/sh\n# stand-in for Electron, named as such: records how it was started\necho "$*" >> '${recordFile}'\nexit 0\n`;
}

export interface StandInMirror {
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A loopback Electron mirror with one release: a zip holding the stand-in executable and the
 * `version` file, and its SHASUMS256.txt (the installer is told to use remote checksums).
 */
export async function standInMirror(recordFile: string): Promise<StandInMirror> {
  const exe = platformExecutable();
  const file = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;
  const zip = zipArchive([
    { name: exe, data: Buffer.from(standInElectronScript(recordFile)), mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${electronVersion}`) },
  ]);
  const sums = `${createHash('sha256').update(zip).digest('hex')} *${file}\n`;
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === `/v${electronVersion}/${file}`) response.end(zip);
    else if (request.url === `/v${electronVersion}/SHASUMS256.txt`) response.end(sums);
    else response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A loopback HTTP server that accepts connections and never answers. */
export async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(() => {});
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A loopback port nothing listens on (taken, then freed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

export function writeStandInDist(dir: string, recordFile: string): string {
  const binary = join(dir, platformExecutable());
  mkdirSync(join(binary, '..'), { recursive: true });
  writeFileSync(binary, standInElectronScript(recordFile), { mode: 0o755 });
  return binary;
}
