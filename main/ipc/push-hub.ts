// Where main's pushes meet the transports: producers publish on a channel of the contract's
// `Pushes`, and each transport (Electron IPC, the browser-mode bridge) subscribes once and
// carries every message as it is, without knowing the channels.
import type { PushMessage, PushName, Pushes } from '../../common/contract';

export interface PushSource {
  /** Every push, in the order it was published; returns the unsubscribe function. */
  onPush(listener: (message: PushMessage) => void): () => void;
}

export interface PushHub extends PushSource {
  publish<C extends PushName>(channel: C, payload: Pushes[C]): void;
}

export function createPushHub(): PushHub {
  const listeners = new Set<(message: PushMessage) => void>();
  return {
    publish(channel, payload) {
      const message = { channel, payload } as PushMessage;
      for (const listener of [...listeners]) listener(message);
    },
    onPush(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
