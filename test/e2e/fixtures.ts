// The world each browser test runs in: a local Telegram-compatible server (in this process, so a
// test can script it: faults, settings, inbox, log), Gramdesk in browser mode as a child process
// pointed at that server, and the page opened on browser mode's URL. All of it is torn down
// after the test. Nothing here sleeps: every wait is for a line, an exit or a visible state.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { startBrowserMode, type BrowserMode } from '../../scripts/browser-mode-process';
import { startNetworkSwitch, type NetworkSwitch } from './network-switch';

export { expect, startBrowserMode, type BrowserMode };

/** The keychain services Gramdesk writes to (main/vault/session-vault.ts, main/setup/connection-choice.ts). */
export const KEYCHAIN_SERVICES = ['Gramdesk (demo)', 'Gramdesk', 'Gramdesk (connection)'] as const;

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** keytar straight from the test process: the keychain as the OS holds it, not as the app says. */
export function keytar(): Keytar {
  const require = createRequire(import.meta.url);
  return require('keytar') as Keytar;
}

/** Accounts of every Gramdesk item in the keychain (passwords are never returned to tests). */
export async function keychainAccounts(): Promise<string[]> {
  const accounts: string[] = [];
  for (const service of KEYCHAIN_SERVICES) {
    for (const item of await keytar().findCredentials(service)) accounts.push(`${service}/${item.account}`);
  }
  return accounts;
}

/** Removes every Gramdesk item, so a test never starts signed in because of an earlier one. */
export async function clearKeychain(): Promise<void> {
  for (const service of KEYCHAIN_SERVICES) {
    for (const item of await keytar().findCredentials(service)) await keytar().deletePassword(service, item.account);
  }
}

export interface Gramdesk {
  /** The browser-mode process currently serving the page. */
  readonly browserMode: BrowserMode;
  /** Stops the app and starts it again against the same server and keychain, then reopens the page. */
  restartApp(): Promise<void>;
  /** The cable between the app and the server (only with `test.use({ viaNetworkSwitch: true })`). */
  readonly network: NetworkSwitch;
}

interface Options {
  /** Route the app's connections through a NetworkSwitch the test can unplug. */
  viaNetworkSwitch: boolean;
  /** More environment for the app (e.g. a shorter GRAMDESK_SESSION_CHECK_S). */
  appEnv: Record<string, string>;
}

interface Fixtures {
  /** The local server, fresh for each test. */
  server: LocalServer;
  /** Gramdesk in browser mode against `server`, open in `page`. */
  gramdesk: Gramdesk;
}

export const test = base.extend<Fixtures & Options>({
  viaNetworkSwitch: [false, { option: true }],
  appEnv: [{}, { option: true }],

  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
  server: async ({}, use) => {
    const server = await startLocalServer({ port: 'auto' });
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  },

  gramdesk: async ({ server, page, viaNetworkSwitch, appEnv }, use) => {
    // The page must never hit its own CSP or throw: either would be a broken screen for a person.
    const pageProblems: string[] = [];
    page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
    });
    await clearKeychain();
    const network = viaNetworkSwitch ? await startNetworkSwitch(server.dcs) : null;
    // Settings (the proxy list, the language) of this test alone, kept across restartApp like the keychain.
    const settingsDir = mkdtempSync(join(tmpdir(), 'gramdesk-e2e-settings-'));
    const env = { GRAMDESK_SETTINGS_DIR: settingsDir, ...appEnv };
    const launch = () => startBrowserMode(network ? { server, dcs: network.dcs, env } : { server, env });
    let current = await launch();
    await page.goto(current.url);
    try {
      await use({
        get browserMode() {
          return current;
        },
        async restartApp() {
          await current.stop();
          current = await launch();
          await page.goto(current.url);
        },
        get network() {
          if (network === null) throw new Error('use test.use({ viaNetworkSwitch: true }) to get the network switch');
          return network;
        },
      });
    } finally {
      await current.stop();
      await network?.close();
      await clearKeychain();
      rmSync(settingsDir, { recursive: true, force: true });
    }
    expect(pageProblems, 'page errors and CSP violations').toEqual([]);
  },
});

// ---- what a person does and sees, in the app's words ----------------------------------------

export const phoneInput = (page: Page) => page.getByRole('textbox', { name: 'Phone number' });
export const codeInput = (page: Page) => page.getByRole('textbox', { name: /code/i });

/** Types a number and presses Enter, as a person would. */
export async function enterPhone(page: Page, phone: string): Promise<void> {
  await phoneInput(page).fill(phone);
  await phoneInput(page).press('Enter');
}

/** The newest code the server delivered to this number (over `channel`, when given). */
export async function newestCode(server: LocalServer, phone: string, channel?: string): Promise<string> {
  let code = '';
  await expect
    .poll(() => {
      const messages = server.inbox(phone).filter((m) => m.purpose === 'login');
      const newest = messages[messages.length - 1];
      code = newest !== undefined && (channel === undefined || newest.channel === channel) ? newest.code : '';
      return code;
    }, { message: `a ${channel ?? 'login'} code in the inbox of ${phone}` })
    .not.toBe('');
  return code;
}

/** How many times the app called an MTProto method (from the server's request log, GET /log). */
export function calls(server: LocalServer, method: string): number {
  return server.log().filter((entry) => entry.method === method).length;
}

/** Types the code digit by digit; the app submits by itself when the last digit is in. */
export async function typeCode(page: Page, code: string): Promise<void> {
  await codeInput(page).pressSequentially(code);
}

/** The whole happy path for an account with no extras: number, app code, signed in. */
export async function signIn(page: Page, server: LocalServer, phone: string, name: string): Promise<void> {
  await enterPhone(page, phone);
  await expect(codeInput(page)).toBeVisible();
  await typeCode(page, await newestCode(server, phone));
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

// ---- browser mode on its own demo server, as `npm start` runs it ----------------------------

export interface OwnDemoApp {
  /** The data directory this test's app keeps its demo world in (fresh per test). */
  readonly dataDir: string;
  /** The running app (after launch). */
  readonly app: BrowserMode;
  /** Starts browser mode with no server and no credentials (it starts its own demo). */
  start(): Promise<BrowserMode>;
  /** start(), then opens its URL in the page. */
  launch(page: Page): Promise<void>;
}

/**
 * Registers the hooks for specs whose app starts its own demo server: a fresh data directory and
 * an empty keychain for each test, the app stopped and both cleaned afterwards.
 */
export function ownDemoApp(env: Record<string, string> = {}): OwnDemoApp {
  let app: BrowserMode | undefined;
  let dataDir = '';
  base.beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gramdesk-e2e-data-'));
    await clearKeychain();
  });
  base.afterEach(async () => {
    await app?.stop();
    app = undefined;
    await clearKeychain();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get dataDir() {
      return dataDir;
    },
    get app() {
      if (app === undefined) throw new Error('launch the app first');
      return app;
    },
    async start() {
      app = await startBrowserMode({ env: { GRAMDESK_DATA_DIR: dataDir, ...env } });
      return app;
    },
    async launch(page) {
      await page.goto((await this.start()).url);
    },
  };
}
