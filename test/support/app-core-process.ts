// The app core with its bridge, as a child process of a test: what browser mode's entry
// (main/browser-mode/start-browser-mode.ts) starts, with the keychain service and the settings
// files of the test's own, so a suite that kills it never touches another suite's items.
//
//   node --import tsx test/support/app-core-process.ts
//   env: GRAMDESK_LOCAL_SERVER (the server's ready line), GRAMDESK_TEST_KEYCHAIN_SERVICE,
//        GRAMDESK_TEST_SETTINGS_DIR
//
// Loading the code takes most of a start, and touches nothing: it happens first, then the
// process prints {"loaded":true} and waits for a line on stdin before the core starts (and reads
// the keychain), so a suite can load the next process while it still checks the last one. Once
// the core answers it prints {"ready":true,"url":"http://127.0.0.1:PORT/#token=TOKEN"}. No signal
// handler: the tests end it with SIGKILL, as a crash or a power cut would.
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const service = process.env.GRAMDESK_TEST_KEYCHAIN_SERVICE;
const settingsDir = process.env.GRAMDESK_TEST_SETTINGS_DIR;
if (!service || !settingsDir) {
  process.stderr.write('app-core-process: set GRAMDESK_TEST_KEYCHAIN_SERVICE and GRAMDESK_TEST_SETTINGS_DIR\n');
  process.exit(2);
}

const { createAppCore } = await import('../../main/app-core');
const { startBridgeServer } = await import('../../main/browser-mode/bridge-server');
process.stdout.write(`${JSON.stringify({ loaded: true })}\n`);
const lines = createInterface({ input: process.stdin });
await once(lines, 'line');
lines.close();

const core = await createAppCore({ keychainService: service, settingsDir, settingsFile: join(settingsDir, 'settings.json') });
const bridge = await startBridgeServer({ core, staticDir: resolve(import.meta.dirname, '..', '..', 'out', 'renderer'), port: 0 });
process.stdout.write(`${JSON.stringify({ ready: true, url: bridge.url })}\n`);
