// Whether the server still takes this account's session, asked while nobody acts on it (an
// account not shown, a signed-in screen left open): one cheap users.getUsers([self]) on the
// account's own connection. A session ended elsewhere (another device's "Terminate", a reset of
// every session) is wiped and the flow returns to the phone step with the reason, as when a call
// fails; anything else (no network, a time-out) says nothing about the session and is left to
// the connectivity probe.
//
// The call runs beside the flow's action, not as one: a person's click in that moment is never
// refused as busy. Only the outcome waits its turn, and applies to the account it was asked for.
import { isSessionGone } from '../telegram/flow-error-sources';
import type { FlowContext } from './flow-context';
import { signedInFailure } from './outcomes';

export async function checkSession(ctx: FlowContext): Promise<void> {
  const { step, offline } = ctx.state();
  // Offline, the call could not tell; busy, the action running asks the server itself.
  if (step.step !== 'signed_in' || step.busy !== null || offline !== null) return;
  const asked = step.user.id;
  const self = await ctx.gateway.users.getSelf();
  if (ctx.disposed() || self.ok || !isSessionGone(self.error.code)) return;
  await ctx.whenFree(async () => {
    const now = ctx.state().step;
    // Logged out (or out some other way) meanwhile: nothing is left to wipe.
    if (now.step === 'signed_in' && now.user.id === asked) await signedInFailure(ctx, self.error);
  });
}
