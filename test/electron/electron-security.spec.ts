// The window's security, in the real Electron window: no Node in the page, the CSP in force,
// foreign navigation refused, window.open denied, a sub-frame's IPC call answered BAD_SENDER, and
// a second instance handing over to the first.
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { noElectronReason } from './electron-binary';
import { binary, dataDirectory, launchGramdesk, secondInstance } from './electron-launch';

test.skip(binary === null, noElectronReason);

let server: LocalServer;
let data: ReturnType<typeof dataDirectory>;
let app: ElectronApplication;
let page: Page;

test.beforeEach(async () => {
  server = await startLocalServer({ port: 'auto' });
  data = dataDirectory();
  app = await launchGramdesk(data.path, {
    GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()),
    GRAMDESK_KEYCHAIN: 'off',
  });
  page = await app.firstWindow();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeVisible();
});

test.afterEach(async () => {
  await app?.close();
  await server?.stop();
  data?.remove();
});

test('the page is the app’s own origin with no Node: no require, no process, only window.gramdesk', async () => {
  expect(page.url()).toBe('app://gramdesk/index.html');
  expect(
    await page.evaluate(() => ({
      require: typeof (window as { require?: unknown }).require,
      process: typeof (window as { process?: unknown }).process,
      module: typeof (window as { module?: unknown }).module,
      bridge: typeof (window as { gramdesk?: unknown }).gramdesk,
    })),
  ).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', bridge: 'object' });
});

test('the CSP is in force: no eval, no inline script, no remote fetch', async () => {
  const outcome = await page.evaluate(async () => {
    let evaluated = 'ran';
    try {
      eval('1');
    } catch {
      evaluated = 'blocked';
    }
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true';
    document.head.append(inline);
    let fetched = 'fetched';
    try {
      await fetch('https://example.com/');
    } catch {
      fetched = 'blocked';
    }
    return { evaluated, inlineRan: 'inlineRan' in window || '__inlineRan' in window, fetched, violations };
  });
  expect(outcome.evaluated).toBe('blocked');
  expect(outcome.inlineRan).toBe(false);
  expect(outcome.fetched).toBe('blocked');
  expect(outcome.violations).toEqual(expect.arrayContaining([expect.stringMatching(/script-src/), expect.stringMatching(/connect-src/)]));
});

test('navigating to a foreign URL is refused; window.open is denied', async () => {
  // Seen from the main process, after the shell's own will-navigate handler has decided.
  const decided = app.evaluate(
    ({ BrowserWindow }) =>
      new Promise<{ url: string; prevented: boolean }>((resolve) => {
        BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (event, url) =>
          queueMicrotask(() => resolve({ url, prevented: event.defaultPrevented })),
        );
      }),
  );
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  expect(await decided).toEqual({ url: 'https://example.com/', prevented: true });
  expect(page.url()).toBe('app://gramdesk/index.html');

  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
  expect(app.windows()).toHaveLength(1);
});

test('a sub-frame gets no bridge, and an intent call from one is answered BAD_SENDER', async () => {
  // A srcdoc frame, made by script in the page as a compromised page would make one (the CSP
  // lets no frame load from anywhere).
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.srcdoc = '<p>frame</p>';
    document.body.append(frame);
  });
  const answer = await app.evaluate(async ({ BrowserWindow, ipcMain }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    const frame = contents.mainFrame.frames[0];
    if (!frame) return 'no frame';
    // Electron keeps ipcMain.handle's handlers in _invokeHandlers; the one for getState is the
    // shell's, called here with the sub-frame as its sender.
    const handlers = (ipcMain as unknown as { _invokeHandlers: Map<string, (e: unknown) => unknown> })._invokeHandlers;
    return handlers.get('gramdesk:intent:getState')!({ sender: contents, senderFrame: frame });
  });
  expect(answer).toEqual({ ok: false, error: 'BAD_SENDER' });
  expect(await page.frames()[1]?.evaluate(() => 'gramdesk' in window)).toBe(false);
});

test('a second instance hands over to the first: it exits, the first window is focused', async () => {
  const handedOver = app.evaluate(
    ({ app: electronApp }) => new Promise<void>((resolve) => electronApp.once('second-instance', () => resolve())),
  );
  const exitCode = await secondInstance(data.path, { GRAMDESK_KEYCHAIN: 'off' });
  await handedOver;
  expect(exitCode).toBe(0);
  expect(app.windows()).toHaveLength(1);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getFocusedWindow() !== null)).toBe(true);
});
