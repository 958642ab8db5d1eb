// A recording stand-in for the `electron` module, for loading the built shell (out/main/index.cjs)
// in plain Node where Electron's binary can't run. It implements only what the shell calls, records
// every call, and lets a test play Electron's part (ready, a second instance, quitting, a page
// navigating). It is not Electron: the Playwright-Electron specs (test/electron) are the real test
// of the window; this one checks what the shell asks of Electron.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Module from 'node:module';

export interface StandInFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: StandInFrame | null;
}

export class StandInWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = StandInWebContents.nextId++;
  readonly mainFrame: StandInFrame = { url: '', processId: this.id, routingId: 1, parent: null };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
    this.emit('stand-in:sent', channel, payload);
  }
  /** Fires `name` as Electron would, and tells whether a listener prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export interface ElectronStandIn {
  /** The module's exports, as `require('electron')` returns them to the shell. */
  exports: Record<string, unknown>;
  calls: string[];
  app: EventEmitter & { isPackaged: boolean; singleInstance: boolean; quits: number };
  windows: StandInWindow[];
  webContents: StandInWebContents[];
  ipcHandlers: Map<string, (event: unknown, args: unknown) => unknown>;
  privilegedSchemes: unknown[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  headersReceived: Array<(details: unknown, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void>;
  permissionRequestHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null;
  permissionCheckHandler: ((wc: unknown, permission: string) => boolean) | null;
  menuTemplate: unknown[] | null;
  /** Electron becomes ready (app.whenReady resolves). */
  ready(): void;
  /** Resolves when the n-th window has loaded a URL. */
  windowLoaded(n?: number): Promise<StandInWindow>;
  /** Resolves at the next app.quit() or app.exit(). */
  nextQuit(): Promise<string>;
  /** Resolves once the shell listens to this app event (its start-up got that far). */
  appListens(event: string): Promise<void>;
}

export interface StandInWindow extends EventEmitter {
  options: { webPreferences?: Record<string, unknown>; [key: string]: unknown };
  webContents: StandInWebContents;
  loadedUrl: string | null;
  focused: number;
  restored: number;
  minimized: boolean;
}

export function createElectronStandIn(): ElectronStandIn {
  const calls: string[] = [];
  let becomeReady!: () => void;
  const whenReady = new Promise<void>((resolve) => (becomeReady = resolve));
  let isReady = false;
  const quitWaiters: Array<(how: string) => void> = [];
  const loadWaiters: Array<() => void> = [];

  let userData: string | undefined;
  const app = Object.assign(new EventEmitter(), { isPackaged: true, singleInstance: true, quits: 0 });
  const appApi = Object.assign(app, {
    requestSingleInstanceLock: () => {
      calls.push('app.requestSingleInstanceLock');
      return app.singleInstance;
    },
    enableSandbox: () => {
      calls.push(isReady ? 'app.enableSandbox after ready' : 'app.enableSandbox');
    },
    setAsDefaultProtocolClient: (scheme: string) => {
      calls.push(`app.setAsDefaultProtocolClient ${scheme}`);
      return true;
    },
    whenReady: () => {
      calls.push('app.whenReady');
      return whenReady;
    },
    // Electron's per-user folders, here one throwaway folder for all of them.
    getPath: (name: string) => {
      calls.push(`app.getPath ${name}`);
      return (userData ??= mkdtempSync(join(tmpdir(), 'gramdesk-stand-in-user-data-')));
    },
    getPreferredSystemLanguages: () => {
      calls.push('app.getPreferredSystemLanguages');
      return ['en-US'];
    },
    quit: () => {
      calls.push('app.quit');
      app.quits++;
      for (const waiter of quitWaiters.splice(0)) waiter('quit');
    },
    exit: (code: number) => {
      calls.push(`app.exit(${code})`);
      for (const waiter of quitWaiters.splice(0)) waiter(`exit ${code}`);
    },
  });

  const windows: StandInWindow[] = [];
  const allContents: StandInWebContents[] = [];
  class BrowserWindow extends EventEmitter implements StandInWindow {
    options: StandInWindow['options'];
    webContents = new StandInWebContents();
    loadedUrl: string | null = null;
    focused = 0;
    restored = 0;
    minimized = false;
    static getAllWindows = () => windows.slice();
    constructor(options: StandInWindow['options']) {
      super();
      calls.push('new BrowserWindow');
      this.options = options;
      windows.push(this);
      allContents.push(this.webContents);
      // As Electron does for every new web contents.
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      calls.push(`loadURL ${url}`);
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
      for (const waiter of loadWaiters) waiter();
    }
    async loadFile(file: string) {
      calls.push(`loadFile ${file}`);
      await this.loadURL(`file://${file}`);
    }
    show() {
      calls.push('window.show');
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.restored++;
    }
    focus() {
      this.focused++;
    }
  }

  const ipcHandlers = new Map<string, (event: unknown, args: unknown) => unknown>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const headersReceived: ElectronStandIn['headersReceived'] = [];
  const privilegedSchemes: unknown[] = [];
  const standIn: ElectronStandIn = {
    exports: {},
    calls,
    app,
    windows,
    webContents: allContents,
    ipcHandlers,
    privilegedSchemes,
    protocolHandlers,
    headersReceived,
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    menuTemplate: null,
    ready: () => {
      isReady = true;
      becomeReady();
    },
    windowLoaded: (n = 1) =>
      new Promise((resolve) => {
        const check = () => {
          const window = windows[n - 1];
          if (window?.loadedUrl) resolve(window);
          else loadWaiters.push(check);
        };
        check();
      }),
    nextQuit: () => new Promise((resolve) => quitWaiters.push(resolve)),
    appListens: (event) =>
      new Promise((resolve) => {
        if (app.listenerCount(event) > 0) return resolve();
        const added = (name: string | symbol) => {
          if (name !== event) return;
          app.off('newListener', added);
          // 'newListener' fires before the listener is added.
          queueMicrotask(resolve);
        };
        app.on('newListener', added);
      }),
  };

  const defaultSession = {
    webRequest: {
      onHeadersReceived: (listener: ElectronStandIn['headersReceived'][number]) => {
        calls.push('session.webRequest.onHeadersReceived');
        headersReceived.push(listener);
      },
    },
    resolveProxy: async (url: string) => {
      calls.push(`session.resolveProxy ${url}`);
      return 'DIRECT';
    },
    setPermissionRequestHandler: (handler: ElectronStandIn['permissionRequestHandler']) => {
      calls.push('session.setPermissionRequestHandler');
      standIn.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: (handler: ElectronStandIn['permissionCheckHandler']) => {
      calls.push('session.setPermissionCheckHandler');
      standIn.permissionCheckHandler = handler;
    },
    protocol: {
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        calls.push(isReady ? `protocol.handle ${scheme}` : `protocol.handle ${scheme} before ready`);
        protocolHandlers.set(scheme, handler);
      },
    },
  };

  standIn.exports = {
    app: appApi,
    BrowserWindow,
    session: {
      get defaultSession() {
        if (!isReady) calls.push('session.defaultSession before ready');
        return defaultSession;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        calls.push(isReady ? 'protocol.registerSchemesAsPrivileged after ready' : 'protocol.registerSchemesAsPrivileged');
        privilegedSchemes.push(...schemes);
      },
      handle: defaultSession.protocol.handle,
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, args: unknown) => unknown) => {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, handler);
      },
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    shell: {
      openExternal: async (url: string) => {
        calls.push(`shell.openExternal ${url}`);
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (menu: { template: unknown[] } | null) => {
        calls.push('Menu.setApplicationMenu');
        standIn.menuTemplate = menu?.template ?? null;
      },
    },
  };
  return standIn;
}

const STAND_IN_ID = 'electron-stand-in';
type Resolver = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as {
  _resolveFilename: Resolver;
  _cache: Record<string, unknown>;
};

/**
 * Makes `require('electron')` return the stand-in until the returned function is called.
 * Node's CommonJS loader is the one patched: the built bundle is loaded with it.
 */
export function installElectronStandIn(standIn: ElectronStandIn): () => void {
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? STAND_IN_ID : original.call(this, request, ...rest);
  };
  moduleInternals._cache[STAND_IN_ID] = {
    id: STAND_IN_ID,
    filename: STAND_IN_ID,
    loaded: true,
    exports: standIn.exports,
    children: [],
    paths: [],
  };
  return () => {
    moduleInternals._resolveFilename = original;
    delete moduleInternals._cache[STAND_IN_ID];
  };
}
