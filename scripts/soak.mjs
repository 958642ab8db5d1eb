#!/usr/bin/env node
// `npm run soak`: the hardening suites (fuzz, kill, leaks, hostile loopback, server robustness) at
// length, inside a throwaway Secret Service. `npm test` runs the same suites at CI's size.
// Extra arguments go to vitest: `npm run soak -- kill`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const args = ['run', '--testTimeout=1800000', '--hookTimeout=600000', 'test/hardening', ...process.argv.slice(2)];
// Linux's keychain is a throwaway Secret Service; macOS and Windows bring their own.
const [cmd, cmdArgs] =
  process.platform === 'linux'
    ? [process.execPath, [join(root, 'scripts', 'with-secret-service.mjs'), vitest, ...args]]
    : [vitest, args];
const r = spawnSync(cmd, cmdArgs, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GRAMDESK_SOAK: '1' },
  shell: process.platform === 'win32',
});
process.exit(r.status ?? 1);
