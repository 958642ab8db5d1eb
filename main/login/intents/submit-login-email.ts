// submitLoginEmail: the login email to set up (account.sendVerifyEmailCode, purpose login set-up).
import type { IntentArgs } from '../../../common/contract';
import { stepOf, type FlowContext } from '../flow-context';

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export async function submitLoginEmail(ctx: FlowContext, { email: input }: IntentArgs<'submitLoginEmail'>): Promise<void> {
  const { phone, secret } = stepOf(ctx, 'email_setup');
  const email = input.trim();
  if (!EMAIL_RE.test(email)) {
    ctx.emit({ type: 'failed', error: { code: 'EMAIL_FORMAT' } });
    return;
  }
  ctx.emit({ type: 'email_send_started' });
  const r = await ctx.gateway.account.sendVerifyEmailCode({ phone, phoneCodeHash: secret.phoneCodeHash, email });
  if (r.ok) ctx.emit({ type: 'email_code_sent', emailPattern: r.value.emailPattern, length: r.value.length });
  else ctx.fail(r.error);
}
