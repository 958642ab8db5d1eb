// Which transport carries the contract: the preload's `window.gramdesk` inside Electron, the
// WebSocket bridge in browser mode. Everything above this file sees one GramdeskApi either way.
import type { GramdeskApi } from '../../../common/contract';
import { createSocketBridge, takeToken, type BridgeStatus } from './socket-bridge';

export type Transport =
  | { kind: 'electron'; api: GramdeskApi }
  | {
      kind: 'browser';
      api: GramdeskApi;
      status(): BridgeStatus;
      onStatus(listener: (status: BridgeStatus) => void): () => void;
    };

export function pickApi(): Transport {
  const fromPreload = (window as Window & { gramdesk?: GramdeskApi }).gramdesk;
  if (fromPreload !== undefined) return { kind: 'electron', api: fromPreload };
  const { api, status, onStatus } = createSocketBridge(takeToken());
  return { kind: 'browser', api, status, onStatus };
}
