// The connection's health as the flow sees it: gramjs' own reports (lost / up), and while the
// connection is down, a probe (help.getNearestDc, harmless) with back-off: first delay, doubling
// up to the max. The offline state itself lives in FlowState (transition sets it); this module
// only runs the probe and its timer.
import type { FlowContext } from './flow-context';
import type { FlowState } from './flow-state';
import { oneTimer } from './one-timer';

export interface Connectivity {
  /** Called with every state change: starts probing when the connection went down. */
  onChange(prev: FlowState, next: FlowState): void;
  /** Probe at once (the person tried an action while offline). */
  probeNow(): void;
  dispose(): void;
}

export function createConnectivity(ctx: FlowContext): Connectivity {
  const timer = oneTimer();

  function schedule(): void {
    timer.clear();
    const { offline } = ctx.state();
    if (!offline || ctx.disposed()) return;
    const { first, max } = ctx.settings.offlineProbeMs;
    const delay = Math.min(max, first * 2 ** offline.attempt);
    ctx.emit({ type: 'probe_scheduled', at: ctx.now() + delay });
    timer.set(() => void probe(), delay);
  }

  async function probe(): Promise<void> {
    if (!ctx.state().offline || ctx.disposed()) return;
    ctx.emit({ type: 'probe_started' });
    const r = await ctx.gateway.help.getNearestDc();
    if (ctx.disposed()) return;
    if (r.ok) ctx.emit({ type: 'connection_up' });
    else schedule();
  }

  const unsubscribe = ctx.gateway.connection.onConnectivity((event) => {
    if (ctx.disposed()) return;
    ctx.emit({ type: event === 'lost' ? 'connection_lost' : 'connection_up' });
  });

  return {
    onChange(prev, next) {
      if (prev.offline === null && next.offline !== null) schedule();
      if (next.offline === null) timer.clear();
    },
    probeNow() {
      timer.clear();
      void probe();
    },
    dispose() {
      timer.clear();
      unsubscribe();
    },
  };
}
