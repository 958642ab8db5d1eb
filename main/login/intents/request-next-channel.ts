// requestNextChannel: the code by the next channel the server offers (auth.resendCode), the SMS
// fallback. The rule (a next channel exists and its countdown is over) is INTENT_RULES'.
import { stepOf, type FlowContext } from '../flow-context';
import { onCodeSent } from '../outcomes';

export async function requestNextChannel(ctx: FlowContext): Promise<void> {
  const { phone, secret } = stepOf(ctx, 'code');
  if (secret.phoneCodeHash === null) {
    // The code expired: there is nothing to resend; a new code starts from the number.
    ctx.emit({ type: 'failed', error: { code: 'PHONE_CODE_HASH_EMPTY' } });
    return;
  }
  ctx.emit({ type: 'resend_started' });
  const result = await ctx.gateway.auth.resendCode({ phone, phoneCodeHash: secret.phoneCodeHash });
  if (result.ok) await onCodeSent(ctx, phone, result.value);
  else ctx.fail(result.error);
}
