// The only file that touches ipcMain. Every intent channel is handled here, and every call is
// checked before it reaches the router: it must come from the main window's top frame showing
// the app's own page (app://gramdesk, the built renderer, or the electron-vite dev server's URL).
// Anything else (another window, an iframe, a navigated-away page) gets BAD_SENDER.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { allIntentNames, intentChannel, PUSH_CHANNEL, type CallResult } from '../../common/contract';
import type { RouteResult } from './intent-router';
import type { PushSource } from './push-hub';

export interface ElectronIpcOptions extends PushSource {
  window: BrowserWindow;
  route(name: unknown, args: unknown): Promise<RouteResult>;
  /** Is this URL the app's own page? */
  isAppUrl(url: string): boolean;
}

const BAD_SENDER: CallResult<never> = { ok: false, error: 'BAD_SENDER' };

/** Wire the intents and every push; returns the function that unwires them. */
export function registerElectronIpc(options: ElectronIpcOptions): () => void {
  const { window } = options;

  function trusted(event: IpcMainInvokeEvent): boolean {
    // senderFrame is null once the frame navigated away or was destroyed.
    const frame = event.senderFrame;
    if (!frame || window.isDestroyed()) return false;
    if (event.sender !== window.webContents) return false;
    const top = window.webContents.mainFrame;
    if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) return false;
    return options.isAppUrl(frame.url);
  }

  for (const name of allIntentNames) {
    ipcMain.handle(intentChannel(name), (event, args: unknown) => {
      if (!trusted(event)) return BAD_SENDER;
      return options.route(name, args);
    });
  }

  const unsubscribe = options.onPush((message) => {
    if (!window.isDestroyed()) window.webContents.send(PUSH_CHANNEL, message);
  });

  return () => {
    unsubscribe();
    for (const name of allIntentNames) ipcMain.removeHandler(intentChannel(name));
  };
}
