// submitCode: sign in with the code (auth.signIn), or, on the email set-up step, verify the
// login email with its code (account.verifyEmail), after which the login code follows.
import type { IntentArgs } from '../../../common/contract';
import { normalizeCode } from '../../../common/input-normalizers';
import { stepOf, type FlowContext } from '../flow-context';
import { completeSignIn, onCodeSent, toPasswordStep } from '../outcomes';

async function verifyLoginEmail(ctx: FlowContext, input: string): Promise<void> {
  const { phone, length, secret } = stepOf(ctx, 'email_setup');
  const code = normalizeCode(input, length);
  if (code === null) {
    ctx.emit({ type: 'failed', error: { code: 'CODE_FORMAT' } });
    return;
  }
  ctx.emit({ type: 'email_verify_started' });
  const r = await ctx.gateway.account.verifyEmail({ phone, phoneCodeHash: secret.phoneCodeHash, code });
  if (r.ok) await onCodeSent(ctx, phone, r.value);
  else ctx.fail(r.error);
}

export async function submitCode(ctx: FlowContext, { code: input }: IntentArgs<'submitCode'>): Promise<void> {
  if (ctx.state().step.step === 'email_setup') {
    await verifyLoginEmail(ctx, input);
    return;
  }
  const { phone, delivery, length, secret } = stepOf(ctx, 'code');
  const beginning = delivery.kind === 'sms_word' || delivery.kind === 'sms_phrase' ? delivery.beginning : null;
  const code = normalizeCode(input, length, delivery.kind, beginning);
  if (code === null) {
    ctx.emit({ type: 'failed', error: { code: 'CODE_FORMAT' } });
    return;
  }
  if (secret.phoneCodeHash === null) {
    // The code expired and its hash is spent: the flow starts again from the number.
    ctx.emit({ type: 'failed', error: { code: 'PHONE_CODE_HASH_EMPTY' } });
    return;
  }
  ctx.emit({ type: 'sign_in_started' });
  const result = await ctx.gateway.auth.signIn({ phone, phoneCodeHash: secret.phoneCodeHash, code, viaEmail: delivery.kind === 'email' });
  if (!result.ok) {
    if (result.error.code === 'PHONE_CODE_EXPIRED' || result.error.code === 'PHONE_CODE_HASH_EMPTY') {
      // A sign-in whose answer was lost with a dropped connection is resent by gramjs, and the
      // server then calls the (used) code expired: this key may already be signed in.
      const self = await ctx.gateway.users.getSelf();
      if (self.ok) {
        await completeSignIn(ctx, self.value);
        return;
      }
    }
    ctx.fail(result.error);
    return;
  }
  const outcome = result.value;
  switch (outcome.kind) {
    case 'signed_in':
      await completeSignIn(ctx, outcome.user);
      return;
    case 'password_needed':
      await toPasswordStep(ctx, phone);
      return;
    case 'sign_up_required':
      ctx.emit({
        type: 'sign_up_required',
        phone,
        termsOfService: outcome.terms ? { text: outcome.terms.text, minAgeConfirm: outcome.terms.minAgeConfirm } : null,
        termsId: outcome.terms?.id ?? null,
      });
      return;
  }
}
