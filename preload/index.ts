// The preload: the renderer's whole view of the app, as `window.gramdesk` (GramdeskApi). One
// function per intent of the contract, each invoking that intent's channel, and `onState` for
// the pushed login state. ipcRenderer and the IPC event never cross into the page.
//
// A sandboxed preload must be CommonJS and may require only 'electron'; electron-vite bundles
// the contract into this file (out/preload/index.cjs).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { intentChannel, intentNames, STATE_CHANNEL, type GramdeskApi, type IntentName } from '../common/contract';
import type { LoginState } from '../common/login-state';

function invoker(name: IntentName) {
  return (args: unknown) => ipcRenderer.invoke(intentChannel(name), args);
}

const intentsApi = Object.fromEntries(intentNames.map((name) => [name, invoker(name)])) as Omit<GramdeskApi, 'onState'>;

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
};

contextBridge.exposeInMainWorld('gramdesk', api);
