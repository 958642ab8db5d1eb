// Whether the server still takes this account's session, asked while nobody acts on it (an
// account not shown, a signed-in screen left open): one cheap users.getUsers([self]) on the
// account's own connection. A session ended elsewhere (another device's "Terminate", a reset of
// every session) is wiped and the flow returns to the phone step with the reason, as when a call
// fails; anything else (no network, a time-out) says nothing about the session and is left to
// the connectivity probe.
import { isSessionGone } from '../telegram/flow-error-sources';
import type { FlowContext } from './flow-context';
import { signedInFailure } from './outcomes';

export async function checkSession(ctx: FlowContext): Promise<void> {
  const { step, offline } = ctx.state();
  // Offline, the call could not tell; busy, the action running asks the server itself.
  if (step.step !== 'signed_in' || step.busy !== null || offline !== null) return;
  const self = await ctx.gateway.users.getSelf();
  if (ctx.disposed() || self.ok || !isSessionGone(self.error.code)) return;
  if (ctx.state().step.step === 'signed_in') await signedInFailure(ctx, self.error);
}
