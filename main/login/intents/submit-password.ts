// submitPassword: the two-step password (account.getPassword + auth.checkPassword, SRP).
import type { IntentArgs } from '../../../common/contract';
import type { FlowContext } from '../flow-context';
import { completeSignIn } from '../outcomes';

export async function submitPassword(ctx: FlowContext, { password }: IntentArgs<'submitPassword'>): Promise<void> {
  if (password.length === 0) {
    ctx.emit({ type: 'failed', error: { code: 'PASSWORD_FORMAT' } });
    return;
  }
  ctx.emit({ type: 'password_check_started' });
  const r = await ctx.gateway.auth.checkPassword({ password });
  if (r.ok) await completeSignIn(ctx, r.value);
  else ctx.fail(r.error);
}
