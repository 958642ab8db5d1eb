// What of the flow outlives a restart, derived from its state: the pending code while the code
// step has one (the sign-up and email set-up steps continue it, so it stays), and the flood
// wait the server imposed. Written off the path to the screen: the new step shows without
// waiting for a D-Bus round trip.
import type { FlowContext } from './flow-context';
import type { FlowState, FlowStep } from './flow-state';

/** The code step's pending code, 'continued' where a later step still uses it, or null. */
function pendingCode(step: FlowStep): { phoneCodeHash: string; sentAt: number } | 'continued' | null {
  if (step.step === 'code') return step.secret.phoneCodeHash === null ? null : { phoneCodeHash: step.secret.phoneCodeHash, sentAt: step.secret.sentAt };
  if (step.step === 'sign_up' || step.step === 'email_setup') return 'continued';
  return null;
}

export function keychainSync(ctx: FlowContext, prev: FlowState, next: FlowState): void {
  if (next.flood !== null && next.flood !== prev.flood) ctx.items.writeFlood(next.flood);

  const was = pendingCode(prev.step);
  const is = pendingCode(next.step);
  if (is === 'continued') return;
  if (is === null) {
    if (was !== null) ctx.items.writePendingCode(null);
    return;
  }
  if (was !== null && was !== 'continued' && was.phoneCodeHash === is.phoneCodeHash && was.sentAt === is.sentAt) return;
  const step = next.step;
  if (step.step !== 'code') return;
  // The code is bound to this auth key: without one there is nothing a restart could resume.
  const session = ctx.gateway.connection.exportSession();
  if (!session) return;
  ctx.items.writePendingCode({
    v: 2,
    phone: step.phone,
    phoneCodeHash: is.phoneCodeHash,
    delivery: step.delivery,
    length: step.length,
    next: step.next,
    nextAvailableAt: step.nextAvailableAt,
    sentAt: is.sentAt,
    session,
  });
}
