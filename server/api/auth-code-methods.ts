// Phone-code sign-in: auth.sendCode, auth.resendCode, auth.cancelCode, auth.signIn, auth.signUp,
// help.acceptTermsOfService and auth.logOut, with the results and errors of their core.telegram.org pages.
import { Api } from 'telegram';
import { on, TERMS_OF_SERVICE_ID, type ApiState, type Call, type MethodTable } from './api-state';
import { codeTypeFor, makeDelivery, type CodeChannel } from './code-channels';
import type { PendingCode } from './phone-codes';
import { passwordFlooded } from './password-attempts';
import { rpcError } from './rpc-errors';
import { bundledLayers } from '../tl/layers';
import { normalizePhone, type UserRecord } from './user-directory';

/** The live code a hash names for this number on this DC, or the error Telegram gives. */
export function livePendingCode(state: ApiState, phone: string, hash: string, call: Call): PendingCode {
  if (!hash) throw rpcError('PHONE_CODE_HASH_EMPTY');
  const p = state.codes.find(hash);
  // A hash is bound to its number and the DC that issued it.
  if (p && p.phone !== phone) throw rpcError('PHONE_NUMBER_INVALID');
  if (!p || p.dead || p.dc !== call.ctx.dcId) throw rpcError('PHONE_CODE_EXPIRED');
  if (p.expiresAt <= call.now) {
    p.dead = true;
    throw rpcError('PHONE_CODE_EXPIRED');
  }
  return p;
}

/** The app's credentials, as every sign-in's first call checks them. */
export function checkApiCredentials(state: ApiState, apiId: number, apiHash: string): void {
  if (!Number.isInteger(apiId) || apiId <= 0 || !apiHash) throw rpcError('API_ID_INVALID');
  // An app whose api_id was published anywhere is anyone's: Telegram stops signing in through it.
  if (state.settings.publishedApiIds.includes(apiId)) throw rpcError('API_ID_PUBLISHED_FLOOD');
}

/** auth.sentCode for the current state of a code in flight. */
export function sentCodeFor(state: ApiState, p: PendingCode): Api.auth.SentCode {
  const next = p.chain[p.index + 1];
  const nextType = next !== undefined ? codeTypeFor(next) ?? undefined : undefined;
  return new Api.auth.SentCode({
    type: p.delivery.sentType,
    phoneCodeHash: p.hash,
    nextType,
    timeout: nextType ? state.settings.resendTimeoutSec : undefined,
  });
}

/** The channels whose codes go through the SMS gateway. */
const SMS_CHANNELS: ReadonlySet<CodeChannel> = new Set(['sms', 'firebase_sms', 'sms_word', 'sms_phrase']);

/** A number with no account has no Telegram app to receive a code in: SMS first, then a call. */
const NEW_NUMBER_CHAIN: CodeChannel[] = ['sms', 'call'];

export function authCodeMethods(state: ApiState): MethodTable {
  const s = state.settings;

  function phoneOf(raw: string): string {
    const phone = normalizePhone(raw ?? '');
    if (!phone) throw rpcError('PHONE_NUMBER_INVALID');
    return phone;
  }

  /** Accounts live on their home DC: a sign-in that starts elsewhere is sent there. */
  function checkHome(user: UserRecord | undefined, call: Call): void {
    if (user && user.dc !== call.ctx.dcId) throw rpcError(`PHONE_MIGRATE_${user.dc}`);
  }

  const sentCode = (p: PendingCode) => sentCodeFor(state, p);

  /** A code that has to go out by SMS can't be made while the SMS gateway is down. */
  function checkGateway(channel: CodeChannel): void {
    if (s.smsGatewayDown && SMS_CHANNELS.has(channel)) throw rpcError('SMS_CODE_CREATE_FAILED');
  }

  /** Layers older than every bundled schema can't be answered faithfully: Telegram asks for an update. */
  function checkLayer(call: Call): void {
    if (call.ctx.layer !== null && call.ctx.layer < bundledLayers()[0]!) throw rpcError('UPDATE_APP_TO_LOGIN');
  }

  function delivery(channel: CodeChannel, user: UserRecord | undefined) {
    return makeDelivery(channel, { codeLength: s.codeLength, email: user?.loginEmail ?? null });
  }

  const pendingFor = (phone: string, hash: string, call: Call) => livePendingCode(state, phone, hash, call);

  function codeMatches(p: PendingCode, given: string): boolean {
    const norm = (x: string) => x.trim().toLowerCase().replace(/\s+/g, ' ');
    if (p.delivery.channel === 'flash_call') return given.replace(/\D/g, '') === p.delivery.code;
    return norm(given) === norm(p.delivery.code);
  }

  return {
    'auth.sendCode': on<Api.auth.SendCode>((req, call) => {
      checkApiCredentials(state, req.apiId, req.apiHash);
      checkLayer(call);
      const phone = phoneOf(req.phoneNumber);
      const user = state.users.findByPhone(phone);
      // A key signed in to one account can't start another's sign-in: the client has to log out
      // (or make a new key) and begin again.
      if (call.session.userId !== null && call.session.userId !== user?.id) throw rpcError('AUTH_RESTART');
      if (user?.banned) throw rpcError('PHONE_NUMBER_BANNED');
      if (!user && s.appSignupForbidden) throw rpcError('PHONE_NUMBER_APP_SIGNUP_FORBIDDEN');
      checkHome(user, call);
      if (user && passwordFlooded(state, user.id, call.now)) throw rpcError('PHONE_PASSWORD_FLOOD');
      // Its code was accepted: this key signs in with the password now, not with a new code.
      if (user && call.session.passwordPendingFor === user.id) throw rpcError('PHONE_PASSWORD_PROTECTED');
      // A returning user's future auth token signs in without a code (and without counting as a send).
      const tokens = req.settings?.logoutTokens ?? [];
      if (user && tokens.length > 0 && state.sessions.redeemFutureToken(user.id, tokens)) {
        if (user.password) {
          call.session.passwordPendingFor = user.id;
          throw rpcError('SESSION_PASSWORD_NEEDED');
        }
        return new Api.auth.SentCodeSuccess({ authorization: state.signIn(call, user) });
      }
      const limited = state.codes.recordSend(phone, call.now, {
        perWindow: s.sendCodeLimit,
        windowMs: s.sendCodeWindowMs,
        perDay: s.sendCodeDailyLimit,
      });
      if (limited?.kind === 'day') throw rpcError('PHONE_NUMBER_FLOOD');
      if (limited?.kind === 'wait') throw rpcError(`FLOOD_WAIT_${limited.seconds}`);
      const chain = user ? user.codeChannels : NEW_NUMBER_CHAIN;
      checkGateway(chain[0]!);
      const d = delivery(chain[0]!, user);
      const p = state.codes.issue(phone, call.ctx.dcId, [...chain], d, call.now, s.codeTtlMs);
      state.deliver(phone, d, 'login');
      return sentCode(p);
    }),

    'auth.resendCode': on<Api.auth.ResendCode>((req, call) => {
      const phone = phoneOf(req.phoneNumber);
      const p = pendingFor(phone, req.phoneCodeHash, call);
      if (p.delivery.channel === 'setup_email_required') throw rpcError('EMAIL_INSTALL_MISSING');
      const next = p.chain[p.index + 1];
      if (next === undefined) throw rpcError('SEND_CODE_UNAVAILABLE');
      checkGateway(next);
      const d = delivery(next, state.users.findByPhone(phone));
      state.codes.advance(p, d, call.now, s.codeTtlMs);
      state.deliver(phone, d, 'login');
      return sentCode(p);
    }),

    // The device's Firebase proof (SafetyNet, Play Integrity or an iOS push secret) stands in for
    // the code here: without one there is nothing to check. Desktop clients can't pass Firebase's
    // device checks; a proof is accepted as it is (the code stays where it was sent) so a client
    // can then move on with auth.resendCode.
    'auth.requestFirebaseSms': on<Api.auth.RequestFirebaseSms>((req, call) => {
      pendingFor(phoneOf(req.phoneNumber), req.phoneCodeHash, call);
      if (!req.safetyNetToken && !req.playIntegrityToken && !req.iosPushSecret) throw rpcError('PHONE_CODE_EMPTY');
      return true;
    }),

    'auth.reportMissingCode': on<Api.auth.ReportMissingCode>((req, call) => {
      pendingFor(phoneOf(req.phoneNumber), req.phoneCodeHash, call);
      return true;
    }),

    'auth.cancelCode': on<Api.auth.CancelCode>((req, call) => {
      const phone = phoneOf(req.phoneNumber);
      const p = pendingFor(phone, req.phoneCodeHash, call);
      p.dead = true;
      return true;
    }),

    'auth.signIn': on<Api.auth.SignIn>((req, call) => {
      checkLayer(call);
      const phone = phoneOf(req.phoneNumber);
      const user = state.users.findByPhone(phone);
      if (user && user.dc !== call.ctx.dcId) {
        // The account moved to another DC after its code went out here: this sign-in can't finish
        // on either DC, so it starts over (and auth.sendCode then names the new home).
        const p = req.phoneCodeHash ? state.codes.find(req.phoneCodeHash) : undefined;
        if (p && !p.dead && p.phone === phone && p.dc === call.ctx.dcId) {
          p.dead = true;
          throw rpcError('AUTH_RESTART');
        }
      }
      checkHome(user, call);
      if (!req.phoneCodeHash) throw rpcError('PHONE_CODE_HASH_EMPTY');
      const given =
        req.phoneCode ?? (req.emailVerification instanceof Api.EmailVerificationCode ? req.emailVerification.code : '');
      if (!given) throw rpcError('PHONE_CODE_EMPTY');
      const p = pendingFor(phone, req.phoneCodeHash, call);
      if (!codeMatches(p, given)) {
        p.wrongTries += 1;
        if (p.wrongTries >= s.maxCodeAttempts) p.dead = true;
        throw rpcError('PHONE_CODE_INVALID');
      }
      if (!user) {
        if (s.appSignupForbidden) throw rpcError('PHONE_NUMBER_UNOCCUPIED');
        p.verifiedForSignUp = true;
        return new Api.auth.AuthorizationSignUpRequired({ termsOfService: state.termsOfService() });
      }
      p.dead = true;
      // Banned after its code went out: the code was right, but no sign-in may follow it.
      if (user.banned) throw rpcError('SIGN_IN_FAILED');
      if (user.password) {
        call.session.passwordPendingFor = user.id;
        throw rpcError('SESSION_PASSWORD_NEEDED');
      }
      return state.signIn(call, user);
    }),

    'auth.signUp': on<Api.auth.SignUp>((req, call) => {
      const phone = phoneOf(req.phoneNumber);
      if (!req.phoneCodeHash) throw rpcError('PHONE_CODE_HASH_EMPTY');
      const p = pendingFor(phone, req.phoneCodeHash, call);
      if (state.users.findByPhone(phone)) throw rpcError('PHONE_NUMBER_OCCUPIED');
      // The number took every code it may have today: no new account on it until the day frees.
      if (state.codes.sentInLastDay(phone, call.now) >= s.sendCodeDailyLimit) throw rpcError('PHONE_NUMBER_FLOOD');
      if (s.appSignupForbidden) throw rpcError('PHONE_NUMBER_APP_SIGNUP_FORBIDDEN');
      if (!p.verifiedForSignUp) throw rpcError(p.wrongTries > 0 ? 'PHONE_CODE_INVALID' : 'PHONE_CODE_EMPTY');
      const first = (req.firstName ?? '').trim();
      const last = (req.lastName ?? '').trim();
      if (first === '' || first.length > 64) throw rpcError('FIRSTNAME_INVALID');
      if (last.length > 64) throw rpcError('LASTNAME_INVALID');
      p.dead = true;
      const user = state.users.signUp(phone, first, last, call.ctx.dcId);
      return state.signIn(call, user);
    }),

    'help.acceptTermsOfService': on<Api.help.AcceptTermsOfService>((req) => {
      let id: unknown;
      try {
        id = JSON.parse(req.id.data);
      } catch {
        id = undefined;
      }
      if (id !== TERMS_OF_SERVICE_ID) throw rpcError('TERMS_ID_INVALID');
      return true;
    }),

    'auth.logOut': on<Api.auth.LogOut>((_req, call) => {
      const user = state.requireUser(call);
      state.sessions.unbind(call.session);
      return new Api.auth.LoggedOut({ futureAuthToken: state.sessions.issueFutureToken(user.id) });
    }),
  };
}
