// The Electron shell as built (out/main/index.cjs, loaded by Node's CommonJS loader as Electron
// loads it), with a recording stand-in for the `electron` module (test/support/electron-stand-in.ts)
// and the real app core against the real local server over TCP. It checks what the shell asks of
// Electron, which type-checks can't: that every chunk loads as CommonJS, the window's
// webPreferences, the session's CSP and permission handlers, the app:// scheme and its path
// check, navigation and window-open handlers on every web contents, IPC handlers for exactly the
// contract's channels (and BAD_SENDER for any other frame), the menu, the single-instance lock,
// and that quitting disposes the core. The window itself is the Electron specs' (test/electron).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allIntentNames, intentChannel, PUSH_CHANNEL, type PushMessage } from '../../common/contract';
import { CONTENT_SECURITY_POLICY } from '../../main/security/content-security-policy';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import {
  createElectronStandIn,
  installElectronStandIn,
  StandInWebContents,
  type ElectronStandIn,
  type StandInWindow,
} from '../support/electron-stand-in';

const root = join(import.meta.dirname, '..', '..');
const outMain = join(root, 'out', 'main');
const require = createRequire(import.meta.url);

let server: LocalServer;
let uninstall: (() => void) | null = null;
const savedEnv = { ...process.env };

beforeAll(async () => {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'app-build.mjs')], { cwd: root, encoding: 'utf8' });
  expect(built.status, built.stdout + built.stderr).toBe(0);
  server = await startLocalServer({ port: 'auto' });
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

afterEach(() => {
  uninstall?.();
  uninstall = null;
  process.env = { ...savedEnv };
  forgetBundle();
});

function forgetBundle(): void {
  for (const id of Object.keys(require.cache)) if (id.startsWith(outMain)) delete require.cache[id];
}

/** Loads the built shell with a fresh stand-in, as a packaged app (or not), against `env`. */
function loadShell(options: { packaged?: boolean; singleInstance?: boolean; env?: Record<string, string> } = {}): ElectronStandIn {
  const standIn = createElectronStandIn();
  standIn.app.isPackaged = options.packaged ?? true;
  standIn.app.singleInstance = options.singleInstance ?? true;
  for (const key of ['TELEGRAM_API_ID', 'TELEGRAM_API_HASH', 'GRAMDESK_LOCAL_SERVER', 'ELECTRON_RENDERER_URL']) {
    delete process.env[key];
  }
  Object.assign(process.env, { GRAMDESK_KEYCHAIN: 'off' }, options.env);
  forgetBundle();
  uninstall = installElectronStandIn(standIn);
  require(join(outMain, 'index.cjs'));
  return standIn;
}

/** The shell started against the test's local server, its window loaded. */
async function startedShell(packaged = true): Promise<{ standIn: ElectronStandIn; window: StandInWindow }> {
  const standIn = loadShell({ packaged, env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) } });
  standIn.ready();
  const window = await standIn.windowLoaded();
  // The shell's start-up is over once it listens for quitting (its last step).
  await standIn.appListens('will-quit');
  await stateAfterStart(standIn, window);
  return { standIn, window };
}

/** The login state once the core's start (restoring a session, or not) is over. */
async function stateAfterStart(standIn: ElectronStandIn, window: StandInWindow): Promise<{ step: string }> {
  const getState = standIn.ipcHandlers.get(intentChannel('getState'))!;
  const pushed = new Promise<{ step: string }>((resolve) =>
    window.webContents.on('stand-in:sent', (channel: string, message: PushMessage) => {
      if (channel === PUSH_CHANNEL && message.channel === 'state' && message.payload.step !== 'starting') {
        resolve(message.payload);
      }
    }),
  );
  const now = (await getState(trustedEvent(window), undefined)) as { ok: boolean; value: { step: string } };
  return now.value.step !== 'starting' ? now.value : pushed;
}

function trustedEvent(window: StandInWindow) {
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}

async function quit(standIn: ElectronStandIn): Promise<void> {
  const quitting = standIn.nextQuit();
  let prevented = false;
  standIn.app.emit('will-quit', { preventDefault: () => (prevented = true) });
  expect(prevented).toBe(true);
  await quitting;
}

describe('the built shell (out/main) under a stand-in for electron', () => {
  it('every chunk of out/main loads as CommonJS', () => {
    const standIn = createElectronStandIn();
    uninstall = installElectronStandIn(standIn);
    const chunks = readdirSync(join(outMain, 'chunks')).filter((file) => file.endsWith('.cjs'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(() => require(join(outMain, 'chunks', chunk)), chunk).not.toThrow();
  });

  it('before ready: the single-instance lock first, then the sandbox for every renderer and the app:// scheme', async () => {
    const standIn = loadShell({ env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) } });
    expect(standIn.calls.slice(0, 5)).toEqual([
      'app.requestSingleInstanceLock',
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      'app.setAsDefaultProtocolClient tg',
      'app.whenReady',
    ]);
    expect(standIn.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    const privileges = (standIn.privilegedSchemes[0] as { privileges: Record<string, unknown> }).privileges;
    // Nothing that would let the page's origin bypass the CSP or act as a local file.
    expect(privileges.bypassCSP).toBeUndefined();
    expect(privileges.allowServiceWorkers).toBeUndefined();
    standIn.ready();
    await standIn.appListens('will-quit');
    await quit(standIn);
  });

  it('a second instance gets no lock: it quits without a window, a core or an IPC handler', async () => {
    const standIn = loadShell({ singleInstance: false });
    expect(standIn.calls).toEqual(['app.requestSingleInstanceLock', 'app.quit']);
    standIn.ready();
    await Promise.resolve();
    expect(standIn.windows).toHaveLength(0);
    expect(standIn.ipcHandlers.size).toBe(0);
  });

  it('the window: sandboxed, context-isolated, no Node, web security on, no webview, no middle-click windows, the built preload, app://gramdesk', async () => {
    const { standIn, window } = await startedShell();
    expect(window.options.webPreferences).toEqual({
      preload: join(root, 'out', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(window.loadedUrl).toBe('app://gramdesk/index.html');
    expect(window.options.title).toBe('Gramdesk (offline demo)');
    await quit(standIn);
  });

  it('the session: the CSP header on every response, every permission refused', async () => {
    const { standIn } = await startedShell();
    expect(standIn.headersReceived).toHaveLength(1);
    let headers: Record<string, string[]> | undefined;
    standIn.headersReceived[0]!({ responseHeaders: { 'X-Other': ['kept'] } }, (response) => (headers = response.responseHeaders));
    expect(headers).toEqual({ 'X-Other': ['kept'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });

    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      standIn.permissionRequestHandler!({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(standIn.permissionCheckHandler!({}, permission), permission).toBe(false);
    }
    await quit(standIn);
  });

  it('app:// serves the built renderer with the CSP, and nothing outside it', async () => {
    const { standIn } = await startedShell();
    const handle = standIn.protocolHandlers.get('app')!;
    expect(handle).toBeTypeOf('function');
    const page = await handle(new Request('app://gramdesk/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch('text/html');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toMatch('<div id="app"></div>');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await (await handle(new Request('app://gramdesk/'))).text())?.[1];
    expect((await handle(new Request(`app://gramdesk/${script}`))).headers.get('content-type')).toMatch('text/javascript');

    for (const url of [
      'app://gramdesk/%2e%2e/%2e%2e/package.json',
      'app://gramdesk/..%2f..%2fpackage.json',
      'app://gramdesk/assets/..%5c..%5cpackage.json',
      'app://gramdesk/index.html%00.js',
      'app://elsewhere/index.html',
      'app://gramdesk/missing.js',
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404);
    }
    expect((await handle(new Request('app://gramdesk/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    await quit(standIn);
  });

  it('every web contents: foreign navigation and redirects refused, window.open denied, webviews refused', async () => {
    const { standIn, window } = await startedShell();
    // A web contents Electron creates later (a devtools or a popup attempt) gets the same rules.
    const later = new StandInWebContents();
    standIn.app.emit('web-contents-created', {}, later);
    for (const contents of [window.webContents, later]) {
      expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
      expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
      expect(contents.fire('will-navigate', 'app://elsewhere/index.html')).toBe(true);
      expect(contents.fire('will-navigate', 'app://gramdesk/index.html')).toBe(false);
      expect(contents.fire('will-redirect', 'https://evil.example/')).toBe(true);
      expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
      expect(contents.windowOpenHandler?.({ url: 'https://fragment.com/' })).toEqual({ action: 'deny' });
    }
    await quit(standIn);
  });

  it('IPC: a handler for exactly the contract’s intent channels, answering the app’s page only', async () => {
    const { standIn, window } = await startedShell();
    expect([...standIn.ipcHandlers.keys()].sort()).toEqual(allIntentNames.map(intentChannel).sort());

    const getState = standIn.ipcHandlers.get(intentChannel('getState'))!;
    expect(await getState(trustedEvent(window), undefined)).toMatchObject({ ok: true });

    const top = window.webContents.mainFrame;
    const iframe = { url: top.url, processId: top.processId, routingId: 2, parent: top };
    expect(await getState({ sender: window.webContents, senderFrame: iframe }, undefined)).toEqual({
      ok: false,
      error: 'BAD_SENDER',
    });
    const navigatedAway = { ...top, url: 'https://evil.example/' };
    expect(await getState({ sender: window.webContents, senderFrame: navigatedAway }, undefined)).toEqual({
      ok: false,
      error: 'BAD_SENDER',
    });
    expect(await getState({ sender: new StandInWebContents(), senderFrame: top }, undefined)).toEqual({
      ok: false,
      error: 'BAD_SENDER',
    });
    await quit(standIn);
  });

  it('an intent over IPC reaches the core and the server; the new state is pushed; quitting disposes the core', async () => {
    const { standIn, window } = await startedShell();
    const submitPhone = standIn.ipcHandlers.get(intentChannel('submitPhone'))!;
    expect(await submitPhone(trustedEvent(window), { phone: '+15550100' })).toMatchObject({ ok: true });
    expect(server.connectionCount()).toBeGreaterThan(0);
    const pushed = window.webContents.sent
      .filter((m) => m.channel === PUSH_CHANNEL && (m.payload as PushMessage).channel === 'state')
      .map((m) => (m.payload as PushMessage).payload);
    expect(pushed).toContainEqual(expect.objectContaining({ step: 'code' }));

    await quit(standIn);
    // app.quit() came only once the core was disposed: it closed its connections to the server
    // (which sees each close a moment later; it has no event to wait on).
    await expect.poll(() => server.connectionCount()).toBe(0);
    // The second will-quit (from that app.quit) lets Electron quit.
    let preventedAgain = false;
    standIn.app.emit('will-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });

  it('a second instance focuses the first window; closing every window quits', async () => {
    const { standIn, window } = await startedShell();
    window.minimized = true;
    standIn.app.emit('second-instance', {}, [], root);
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);
    const quitting = standIn.nextQuit();
    standIn.app.emit('window-all-closed');
    await quitting;
    await quit(standIn);
  });

  it('the menu of a packaged app has no developer tools or reload; an unpackaged run keeps them', async () => {
    const roles = (template: unknown): string[] =>
      JSON.stringify(template).match(/"role":"(\w+)"/g)?.map((r) => r.slice(8, -1)) ?? [];
    const packaged = await startedShell(true);
    expect(roles(packaged.standIn.menuTemplate)).toEqual(expect.arrayContaining(['editMenu', 'windowMenu']));
    expect(roles(packaged.standIn.menuTemplate)).not.toContain('toggleDevTools');
    expect(roles(packaged.standIn.menuTemplate)).not.toContain('reload');
    await quit(packaged.standIn);
    uninstall?.();

    const development = await startedShell(false);
    expect(roles(development.standIn.menuTemplate)).toContain('toggleDevTools');
    await quit(development.standIn);
  });

  it('the offline demo started inside the app: its server’s chunk loads as CommonJS, and quitting waits for the core', async () => {
    const standIn = loadShell();
    standIn.ready();
    const window = await standIn.windowLoaded();
    await standIn.appListens('will-quit');
    expect(window.options.title).toBe('Gramdesk (offline demo)');
    const getEnvironment = standIn.ipcHandlers.get(intentChannel('getEnvironment'))!;
    expect(await getEnvironment(trustedEvent(window), undefined)).toMatchObject({ ok: true, value: { mode: 'demo' } });
    await quit(standIn);
  });
});
