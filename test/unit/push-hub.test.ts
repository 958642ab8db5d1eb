// The push hub every transport subscribes to: each listener gets every push, in publish order,
// with its channel, until it unsubscribes.
import { describe, expect, it } from 'vitest';
import type { PushMessage } from '../../common/contract';
import { createPushHub } from '../../main/ipc/push-hub';

describe('createPushHub', () => {
  it('delivers every push to every listener in order, and nothing after unsubscribe', () => {
    const hub = createPushHub();
    const a: PushMessage[] = [];
    const b: PushMessage[] = [];
    const stopA = hub.onPush((m) => a.push(m));
    hub.onPush((m) => b.push(m));

    hub.publish('state', { step: 'starting' });
    hub.publish('state', { step: 'phone', phone: '', busy: null, error: null });
    stopA();
    hub.publish('state', { step: 'starting' });

    expect(a).toEqual([
      { channel: 'state', payload: { step: 'starting' } },
      { channel: 'state', payload: { step: 'phone', phone: '', busy: null, error: null } },
    ]);
    expect(b).toHaveLength(3);
  });

  it('a listener that unsubscribes while a push is delivered does not keep others from it', () => {
    const hub = createPushHub();
    const seen: string[] = [];
    const stop = hub.onPush(() => {
      seen.push('first');
      stop();
    });
    hub.onPush(() => seen.push('second'));
    hub.publish('state', { step: 'starting' });
    hub.publish('state', { step: 'starting' });
    expect(seen).toEqual(['first', 'second', 'second']);
  });
});
