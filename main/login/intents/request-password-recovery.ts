// requestPasswordRecovery: "Forgot password?" emails a recovery code (auth.requestPasswordRecovery).
import type { FlowContext } from '../flow-context';

export async function requestPasswordRecovery(ctx: FlowContext): Promise<void> {
  ctx.emit({ type: 'recovery_request_started' });
  const r = await ctx.gateway.auth.requestPasswordRecovery();
  if (r.ok) ctx.emit({ type: 'recovery_code_sent', emailPattern: r.value.emailPattern });
  else ctx.fail(r.error);
}
