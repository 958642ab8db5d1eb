// submitSignUp: a new account for the number (help.acceptTermsOfService, then auth.signUp). The
// intent's acceptTerms: true (checked by the contract) is the person's own acceptance.
import type { IntentArgs } from '../../../common/contract';
import { normalizeSignUpNames } from '../../../common/input-normalizers';
import { stepOf, type FlowContext } from '../flow-context';
import { completeSignIn } from '../outcomes';

export async function submitSignUp(ctx: FlowContext, args: IntentArgs<'submitSignUp'>): Promise<void> {
  const { phone, secret } = stepOf(ctx, 'sign_up');
  const names = normalizeSignUpNames(args.firstName, args.lastName);
  if (names === null) {
    ctx.emit({ type: 'failed', error: { code: 'NAME_FORMAT' } });
    return;
  }
  ctx.emit({ type: 'sign_up_started' });
  // The server may only record the acceptance once signed up: the sign-up itself decides.
  if (secret.termsId !== null) await ctx.gateway.help.acceptTermsOfService({ termsId: secret.termsId });
  const r = await ctx.gateway.auth.signUp({ phone, phoneCodeHash: secret.phoneCodeHash, ...names });
  if (r.ok) await completeSignIn(ctx, r.value);
  else ctx.fail(r.error);
}
