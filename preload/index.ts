// The preload: the renderer's whole view of the app, as `window.gramdesk` (GramdeskApi). One
// function per intent of the contract, each invoking that intent's channel, and `on(channel,
// listener)` for main's pushes. ipcRenderer and the IPC event never cross into the page.
//
// A sandboxed preload must be CommonJS and may require only 'electron'; electron-vite bundles
// the contract into this file (out/preload/index.cjs).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  allIntentNames,
  intentChannel,
  PUSH_CHANNEL,
  type AnyIntentName,
  type GramdeskApi,
  type PushMessage,
  type PushName,
  type PushListener,
} from '../common/contract';

function invoker(name: AnyIntentName) {
  return (args: unknown) => ipcRenderer.invoke(intentChannel(name), args);
}

const intentsApi = Object.fromEntries(allIntentNames.map((name) => [name, invoker(name)])) as Omit<GramdeskApi, 'on'>;

const api: GramdeskApi = {
  ...intentsApi,
  on<C extends PushName>(channel: C, listener: PushListener<C>): () => void {
    if (typeof channel !== 'string') throw new TypeError('on needs a channel name');
    if (typeof listener !== 'function') throw new TypeError('on needs a function');
    // Only the payload crosses: the event object (with its sender) stays on this side.
    const handler = (_event: IpcRendererEvent, message: PushMessage) => {
      if (message.channel === channel) listener(message.payload as Parameters<PushListener<C>>[0]);
    };
    ipcRenderer.on(PUSH_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(PUSH_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('gramdesk', api);
