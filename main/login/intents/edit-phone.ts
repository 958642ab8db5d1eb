// editPhone: "Wrong number?" on the code step (auth.cancelCode, best effort), or "back" from the
// password, recovery, QR, sign-up and email set-up steps: the phone step, the number kept.
import type { FlowContext } from '../flow-context';
import type { FlowStep } from '../flow-state';

/** The code a step is working on, which going back abandons. */
function abandonedCode(step: FlowStep): { phone: string; phoneCodeHash: string } | null {
  if (step.step === 'code') return step.secret.phoneCodeHash === null ? null : { phone: step.phone, phoneCodeHash: step.secret.phoneCodeHash };
  if (step.step === 'sign_up' || step.step === 'email_setup') return { phone: step.phone, phoneCodeHash: step.secret.phoneCodeHash };
  return null;
}

export async function editPhone(ctx: FlowContext): Promise<void> {
  const { step, offline } = ctx.state();
  const code = abandonedCode(step);
  if (step.step === 'code') ctx.emit({ type: 'cancel_started' });
  // Failures don't matter to the person: the code is abandoned either way.
  if (code && !offline) await ctx.gateway.auth.cancelCode(code);
  ctx.emit({ type: 'code_cancelled' });
}
