#!/usr/bin/env node
// Runs a command against a real, throwaway Secret Service: a private D-Bus session bus
// (dbus-run-session) with gnome-keyring's secrets component on it, whose "login" keyring lives
// in a fresh temporary home and is unlocked with a throwaway password. keytar talks to it
// exactly as it would to a desktop's keychain, and nothing touches the real user's keyring.
//
//   node scripts/with-secret-service.mjs <command> [args...]
//
// The temporary home is removed afterwards; the command's exit code is passed through.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/with-secret-service.mjs <command> [args...]');
  process.exit(2);
}

const home = mkdtempSync(join(tmpdir(), 'gramdesk-keyring-'));
const runtimeDir = join(home, 'run');
mkdirSync(runtimeDir, { mode: 0o700 });

// Inside the private bus: start the keyring daemon, unlocking (and so creating) the login
// keyring from stdin, then wait until the Secret Service name is really on the bus before the
// command starts, so the first keytar call can't race the daemon.
const inner = `
printf 'throwaway' | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 97
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  i=$((i+1)); [ $i -gt 100 ] && { echo 'gnome-keyring did not take org.freedesktop.secrets' >&2; exit 98; }
  sleep 0.05
done
exec "$@"
`;

const child = spawn('dbus-run-session', ['--', 'sh', '-c', inner, 'sh', ...command], {
  stdio: 'inherit',
  env: {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? home, '.cache'),
    XDG_RUNTIME_DIR: runtimeDir,
    GRAMDESK_TEST_KEYRING: '1',
  },
});

const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

child.on('exit', (code, signal) => {
  rmSync(home, { recursive: true, force: true });
  if (code === 97) console.error('gnome-keyring-daemon failed to start');
  process.exit(code ?? (signal ? 1 : 0));
});
