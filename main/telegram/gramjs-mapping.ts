// gramjs' TL objects and errors to the plain data that leaves main/telegram: pure functions of
// what gramjs hands over, tested with real Api constructors and real gramjs error classes
// (test/unit/gramjs-mapping.test.ts). Errors are mapped here, once, to the specific flow code.
import { Api, errors } from 'telegram';
import type { ActiveSession, CodeDelivery, FlowErrorCode, NextChannel, SignedInUser } from '../../common/login-state';
import { SERVER_CODES } from './flow-error-sources';
import type { GatewayError, GatewayResult, SendCodeOutcome, SentCode, SignInOutcome, SignUpTerms } from './telegram-gateway';

/** A call that took longer than its bound (raised by the connection, mapped to TIMEOUT here). */
export class CallTimeout extends Error {
  constructor() {
    super('call timed out');
  }
}

export function toDelivery(type: Api.auth.TypeSentCodeType): { delivery: CodeDelivery; length: number } {
  switch (type.className) {
    case 'auth.SentCodeTypeApp':
      return { delivery: { kind: 'app' }, length: type.length };
    case 'auth.SentCodeTypeSms':
      return { delivery: { kind: 'sms' }, length: type.length };
    case 'auth.SentCodeTypeCall':
      return { delivery: { kind: 'call' }, length: type.length };
    case 'auth.SentCodeTypeFlashCall':
      // The code is the calling number itself, matched against `pattern`; no digit count.
      return { delivery: { kind: 'flash_call', pattern: type.pattern }, length: 0 };
    case 'auth.SentCodeTypeMissedCall':
      return { delivery: { kind: 'missed_call', prefix: type.prefix }, length: type.length };
    case 'auth.SentCodeTypeEmailCode':
      return { delivery: { kind: 'email', emailPattern: type.emailPattern }, length: type.length };
    case 'auth.SentCodeTypeSetUpEmailRequired':
      return { delivery: { kind: 'setup_email_required' }, length: 0 };
    case 'auth.SentCodeTypeFragmentSms':
      return { delivery: { kind: 'fragment_sms', url: type.url }, length: type.length };
    case 'auth.SentCodeTypeFirebaseSms':
      return { delivery: { kind: 'firebase_sms' }, length: type.length };
    case 'auth.SentCodeTypeSmsWord':
      return { delivery: { kind: 'sms_word', beginning: type.beginning ?? null }, length: 0 };
    case 'auth.SentCodeTypeSmsPhrase':
      return { delivery: { kind: 'sms_phrase', beginning: type.beginning ?? null }, length: 0 };
    default: {
      const never: never = type;
      throw new Error(`unknown sent code type ${(never as { className?: string }).className}`);
    }
  }
}

export function toNextChannel(type: Api.auth.TypeCodeType | undefined): NextChannel | null {
  if (!type) return null;
  switch (type.className) {
    case 'auth.CodeTypeSms':
      return 'sms';
    case 'auth.CodeTypeCall':
      return 'call';
    case 'auth.CodeTypeFlashCall':
      return 'flash_call';
    case 'auth.CodeTypeMissedCall':
      return 'missed_call';
    case 'auth.CodeTypeFragmentSms':
      return 'fragment_sms';
    default: {
      const never: never = type;
      throw new Error(`unknown code type ${(never as { className?: string }).className}`);
    }
  }
}

export function toSentCode(sent: Api.auth.SentCode): SentCode {
  const { delivery, length } = toDelivery(sent.type);
  return {
    phoneCodeHash: sent.phoneCodeHash,
    delivery,
    length,
    next: toNextChannel(sent.nextType),
    timeoutSec: typeof sent.timeout === 'number' ? sent.timeout : null,
  };
}

export function toSignedInUser(user: Api.TypeUser): SignedInUser | null {
  if (!(user instanceof Api.User)) return null;
  return {
    id: user.id.toString(),
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    phone: user.phone ? `+${user.phone.replace(/^\+/, '')}` : '',
    username: user.username ?? null,
  };
}

export function toActiveSession(a: Api.Authorization): ActiveSession {
  const app = [a.appName, a.appVersion].filter((x) => x && x.trim()).join(' ');
  const platform = [a.platform, a.systemVersion].filter((x) => x && x.trim()).join(' ');
  return {
    hash: a.hash.toString(),
    current: a.current === true,
    device: a.deviceModel ?? '',
    platform,
    app,
    official: a.officialApp === true,
    ip: a.ip ? a.ip : null,
    country: a.country ? a.country : null,
    createdAt: a.dateCreated * 1000,
    activeAt: a.dateActive * 1000,
  };
}

/** This session first, then by last activity. */
export function toActiveSessions(list: readonly Api.Authorization[]): ActiveSession[] {
  return list.map(toActiveSession).sort((a, b) => Number(b.current) - Number(a.current) || b.activeAt - a.activeAt);
}

/** help.termsOfService as plain data; the id (a JSON blob) is kept for help.acceptTermsOfService. */
export function toSignUpTerms(tos: Api.help.TermsOfService | undefined): SignUpTerms | null {
  if (!tos) return null;
  return { id: tos.id.data, text: tos.text, minAgeConfirm: typeof tos.minAgeConfirm === 'number' ? tos.minAgeConfirm : null };
}

/**
 * A server-clock instant (`expires` of auth.loginToken, unix seconds) as an instant on ours (epoch
 * ms), at the earliest. gramjs' time offset is whole seconds, taken from one handshake packet as
 * the server's second minus ours on arrival (telegram/network/Authenticator): a second boundary
 * between the two, or that packet's transit, makes it too small by up to a second plus the
 * transit, and an expiry reckoned from it as is could fall after the real one, so a code would
 * be shown as live, and replaced, once the server has let it go. One second earlier is never
 * after it, beyond that transit.
 */
export function earliestLocalMs(serverUnixSeconds: number, offsetSec: number): number {
  return (serverUnixSeconds - offsetSec - 1) * 1000;
}

export function loginUrlOf(token: Buffer): string {
  return `tg://login?token=${Buffer.from(token).toString('base64url')}`;
}

export function toSignInOutcome(auth: Api.auth.TypeAuthorization): GatewayResult<SignInOutcome> {
  if (auth instanceof Api.auth.AuthorizationSignUpRequired) {
    return { ok: true, value: { kind: 'sign_up_required', terms: toSignUpTerms(auth.termsOfService) } };
  }
  const user = toSignedInUser(auth.user);
  return user ? { ok: true, value: { kind: 'signed_in', user } } : { ok: false, error: { code: 'UNKNOWN', detail: 'userEmpty' } };
}

/** An authorization that must be a signed-in user (password check, recovery, sign-up, QR). */
export function toAuthorizedUser(auth: Api.auth.TypeAuthorization): GatewayResult<SignedInUser> {
  const outcome = toSignInOutcome(auth);
  if (!outcome.ok) return outcome;
  return outcome.value.kind === 'signed_in'
    ? { ok: true, value: outcome.value.user }
    : { ok: false, error: { code: 'UNKNOWN', detail: outcome.value.kind } };
}

export function toSendCodeOutcome(sent: Api.auth.TypeSentCode): GatewayResult<SendCodeOutcome> {
  if (sent instanceof Api.auth.SentCode) return { ok: true, value: { kind: 'code_sent', sentCode: toSentCode(sent) } };
  const user = toAuthorizedUser(sent.authorization);
  return user.ok ? { ok: true, value: { kind: 'signed_in', user: user.value } } : user;
}

export function containsLoginToken(update: unknown): boolean {
  if (update instanceof Api.UpdateLoginToken) return true;
  if (update instanceof Api.UpdateShort) return update.update instanceof Api.UpdateLoginToken;
  if (update instanceof Api.Updates || update instanceof Api.UpdatesCombined) {
    return update.updates.some((u) => u instanceof Api.UpdateLoginToken);
  }
  return false;
}

/** The DC a *_MIGRATE error points to, or null. */
export function migrateTarget(error: unknown): number | null {
  if (
    error instanceof errors.PhoneMigrateError ||
    error instanceof errors.NetworkMigrateError ||
    error instanceof errors.UserMigrateError
  ) {
    return error.newDc;
  }
  return null;
}

/** The server's other names for a dead session, by the reason the person is told. */
const SESSION_GONE_ALIASES: Readonly<Record<string, FlowErrorCode>> = {
  AUTH_KEY_INVALID: 'AUTH_KEY_UNREGISTERED',
  AUTH_KEY_PERM_EMPTY: 'AUTH_KEY_UNREGISTERED',
  USER_DEACTIVATED_BAN: 'USER_DEACTIVATED',
};

/** SESSION_PASSWORD_NEEDED is not a failure but a step: the calls that can meet it answer password_needed. */
export function isPasswordNeeded(error: unknown): boolean {
  return error instanceof errors.RPCError && error.errorMessage === 'SESSION_PASSWORD_NEEDED';
}

/** Anything gramjs throws, as the flow's specific error code. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof CallTimeout) return { code: 'TIMEOUT' };
  if (error instanceof errors.FloodWaitError || error instanceof errors.FloodTestPhoneWaitError) {
    return { code: 'FLOOD_WAIT', waitSeconds: error.seconds };
  }
  if (error instanceof errors.RPCError) {
    const name = String(error.errorMessage ?? '');
    const status = typeof error.code === 'number' ? error.code : 0;
    if ((SERVER_CODES as ReadonlySet<string>).has(name)) return { code: name as FlowErrorCode };
    const alias = SESSION_GONE_ALIASES[name];
    if (alias) return { code: alias };
    // Any other 401 is a session the server no longer accepts.
    if (status === 401) return { code: 'AUTH_KEY_UNREGISTERED' };
    if (status >= 500 || status === -500 || status === -503 || /^RPC_(CALL|MCGET)_FAIL$/.test(name)) return { code: 'SERVER' };
    return { code: 'UNKNOWN', detail: name };
  }
  const message = error instanceof Error ? error.message : '';
  if (/Request was unsuccessful/i.test(message)) return { code: 'SERVER' };
  if (/connect|disconnect|socket|ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|closed|network/i.test(message)) return { code: 'NETWORK' };
  return { code: 'UNKNOWN' };
}
