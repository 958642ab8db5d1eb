// The Electron shell, kept thin on purpose: one locked-down window, the preload, the IPC wiring
// and the app core. Everything with behaviour worth testing lives in the core (app-core.ts),
// which browser mode runs too.
import { app, BrowserWindow, Menu, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppConfigError, createAppCore, type AppCore } from './app-core';
import { registerElectronIpc } from './ipc/electron-ipc';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  isAppSchemeUrl,
  serveAppFile,
} from './security/app-scheme';
import { CONTENT_SECURITY_POLICY } from './security/content-security-policy';

const here = dirname(fileURLToPath(import.meta.url));
// electron-vite writes out/main/index.cjs, out/preload/index.cjs and out/renderer/index.html.
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const rendererDir = join(here, '..', 'renderer');
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

/** The app's own page: app://gramdesk (the built renderer), or the dev server in `electron-vite dev`. */
function isAppUrl(raw: string): boolean {
  if (devUrl) {
    try {
      if (new URL(raw).origin === new URL(devUrl).origin) return true;
    } catch {
      return false;
    }
  }
  return isAppSchemeUrl(raw);
}

/**
 * The menu: what a person uses (quit, copy and paste, the window), without the developer tools
 * and reload of Electron's default menu, which stay only in an unpackaged development run.
 */
function applicationMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : [{ role: 'fileMenu' } as const]),
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
  if (!app.isPackaged) {
    template.push({ label: 'Develop', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] });
  }
  return Menu.buildFromTemplate(template);
}

function lockDownSessions(): void {
  const ses = session.defaultSession;
  // The renderer's files, through one path check, each response with the CSP.
  ses.protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererDir, request));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  // The login UI needs no camera, notifications, geolocation ... : every request is refused.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function createWindow(core: AppCore): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 480,
    height: 720,
    minWidth: 360,
    minHeight: 560,
    show: false,
    title: core.mode === 'demo' ? 'Gramdesk (offline demo)' : 'Gramdesk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const unwire = registerElectronIpc({ window, route: core.route, onPush: core.onPush, isAppUrl });
  window.on('closed', unwire);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(devUrl ?? APP_ENTRY_URL);
  return window;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Every renderer sandboxed, whatever a window's own webPreferences say; both must come before ready.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  hardenContents();
  // tg://proxy and tg://socks links: Gramdesk handles tg: where the OS lets it. A link arrives in
  // argv (Windows, Linux; a second instance hands over its argv) or as open-url (macOS), possibly
  // before the core exists, so links wait in a queue until it does.
  app.setAsDefaultProtocolClient('tg');
  const linksIn = (argv: readonly string[]) => argv.filter((arg) => /^tg:/i.test(arg));
  let openLink: ((link: string) => void) | null = null;
  const waiting: string[] = linksIn(process.argv);
  const offerLink = (link: string) => (openLink ? openLink(link) : waiting.push(link));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    offerLink(url);
  });
  await app.whenReady();
  lockDownSessions();
  Menu.setApplicationMenu(applicationMenu());

  let core: AppCore;
  try {
    const systemLanguage = app.getPreferredSystemLanguages()[0];
    core = await createAppCore({
      // Only URLs the core has checked against its allow-list (https://fragment.com) reach the shell.
      openExternal: (url) => shell.openExternal(url),
      settingsFile: join(app.getPath('userData'), 'settings.json'),
      resolveSystemProxy: (url) => session.defaultSession.resolveProxy(url),
      // Node's ICU locale inside Electron need not be the system's; Electron asks the OS.
      ...(systemLanguage ? { systemLocale: systemLanguage } : {}),
    });
  } catch (error) {
    const message = error instanceof AppConfigError ? error.message : 'Gramdesk could not start.';
    process.stderr.write(`gramdesk: ${message}\n`);
    app.exit(2);
    return;
  }

  let window = await createWindow(core);
  openLink = core.openProxyLink;
  for (const link of waiting.splice(0)) openLink(link);
  app.on('second-instance', (_event, argv) => {
    if (window.isMinimized()) window.restore();
    window.focus();
    for (const link of linksIn(argv)) offerLink(link);
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(core).then((w) => (window = w));
  });
  app.on('window-all-closed', () => app.quit());

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    void core.dispose().finally(() => app.quit());
  });
}

void main();
