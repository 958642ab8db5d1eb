// submitRecoveryCode: the emailed recovery code (auth.checkRecoveryPassword, auth.recoverPassword).
import type { IntentArgs } from '../../../common/contract';
import type { FlowContext } from '../flow-context';
import { completeSignIn } from '../outcomes';

export async function submitRecoveryCode(ctx: FlowContext, { code: input }: IntentArgs<'submitRecoveryCode'>): Promise<void> {
  const code = input.replace(/\s/g, '');
  if (code.length === 0) {
    ctx.emit({ type: 'failed', error: { code: 'CODE_FORMAT' } });
    return;
  }
  ctx.emit({ type: 'recovery_started' });
  const r = await ctx.gateway.auth.recoverPassword({ code });
  if (r.ok) await completeSignIn(ctx, r.value);
  else ctx.fail(r.error);
}
