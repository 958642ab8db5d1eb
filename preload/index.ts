// The preload: the renderer's whole view of the app, as `window.gramdesk` (GramdeskApi). One
// function per intent of the contract, each invoking that intent's channel, `onState` for
// the pushed login state and `onDemoFeed` for the demo's pushed messages. ipcRenderer and the IPC event never cross into the page.
//
// A sandboxed preload must be CommonJS and may require only 'electron'; electron-vite bundles
// the contract into this file (out/preload/index.cjs).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  allIntentNames,
  DEMO_FEED_CHANNEL,
  intentChannel,
  STATE_CHANNEL,
  type AnyIntentName,
  type DemoFeed,
  type GramdeskApi,
} from '../common/contract';
import type { LoginState } from '../common/login-state';

function invoker(name: AnyIntentName) {
  return (args: unknown) => ipcRenderer.invoke(intentChannel(name), args);
}

const intentsApi = Object.fromEntries(allIntentNames.map((name) => [name, invoker(name)])) as Omit<GramdeskApi, 'onState' | 'onDemoFeed'>;

const api: GramdeskApi = {
  ...intentsApi,
  onState(listener: (state: LoginState) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onState needs a function');
    // Only the state crosses: the event object (with its sender) stays on this side.
    const handler = (_event: IpcRendererEvent, state: LoginState) => listener(state);
    ipcRenderer.on(STATE_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(STATE_CHANNEL, handler);
    };
  },
  onDemoFeed(listener: (feed: DemoFeed) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onDemoFeed needs a function');
    const handler = (_event: IpcRendererEvent, feed: DemoFeed) => listener(feed);
    ipcRenderer.on(DEMO_FEED_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(DEMO_FEED_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('gramdesk', api);
