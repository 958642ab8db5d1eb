// The setUpEmailRequired path: the account must set up a login email before a code can be sent.
// account.sendVerifyEmailCode (purpose emailVerifyPurposeLoginSetup) sends a code to that address;
// account.verifyEmail confirms it and answers account.emailVerifiedLogin, whose sent_code is an email
// code for auth.signIn (with email_verification).
import { Api } from 'telegram';
import { on, type ApiState, type MethodTable } from './api-state';
import { livePendingCode, sentCodeFor } from './auth-code-methods';
import { emailPattern, makeDelivery } from './code-channels';
import { rpcError } from './rpc-errors';
import { normalizePhone } from './user-directory';

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export function emailSetupMethods(state: ApiState): MethodTable {
  /** Verification codes sent per phone_code_hash. */
  const pendingEmails = new Map<string, { email: string; code: string; expiresAt: number }>();

  function loginSetup(purpose: Api.TypeEmailVerifyPurpose): { phone: string; hash: string } {
    if (!(purpose instanceof Api.EmailVerifyPurposeLoginSetup)) throw rpcError('EMAIL_VERIFY_PURPOSE_INVALID');
    const phone = normalizePhone(purpose.phoneNumber ?? '');
    if (!phone) throw rpcError('PHONE_NUMBER_INVALID');
    return { phone, hash: purpose.phoneCodeHash };
  }

  return {
    'account.sendVerifyEmailCode': on<Api.account.SendVerifyEmailCode>((req, call) => {
      const { phone, hash } = loginSetup(req.purpose);
      const p = livePendingCode(state, phone, hash, call);
      if (p.delivery.channel !== 'setup_email_required') throw rpcError('EMAIL_SETUP_NOT_REQUIRED');
      const email = (req.email ?? '').trim();
      if (!EMAIL_RE.test(email)) throw rpcError('EMAIL_INVALID');
      const d = makeDelivery('email', { codeLength: state.settings.codeLength, email });
      pendingEmails.set(hash, { email, code: d.code, expiresAt: call.now + state.settings.codeTtlMs });
      state.deliver(phone, d, 'login');
      return new Api.account.SentEmailCode({ emailPattern: emailPattern(email), length: state.settings.codeLength });
    }),

    'account.verifyEmail': on<Api.account.VerifyEmail>((req, call) => {
      const { phone, hash } = loginSetup(req.purpose);
      const p = livePendingCode(state, phone, hash, call);
      const sent = pendingEmails.get(hash);
      if (!sent) throw rpcError('EMAIL_NOT_SETUP');
      if (sent.expiresAt <= call.now) throw rpcError('CODE_EXPIRED');
      const v = req.verification;
      if (!(v instanceof Api.EmailVerificationCode)) throw rpcError('EMAIL_VERIFICATION_INVALID');
      if (v.code.trim() !== sent.code) throw rpcError('CODE_INVALID');
      pendingEmails.delete(hash);
      const user = state.users.findByPhone(phone);
      if (user) user.loginEmail = sent.email;
      // The login code now goes to the verified address.
      const d = makeDelivery('email', { codeLength: state.settings.codeLength, email: sent.email });
      p.delivery = d;
      p.sentAt = call.now;
      p.expiresAt = call.now + state.settings.codeTtlMs;
      state.deliver(phone, d, 'login');
      return new Api.account.EmailVerifiedLogin({ email: sent.email, sentCode: sentCodeFor(state, p) });
    }),
  };
}
