// The API layer on its own: gramjs Api requests handed straight to the dispatcher, as the protocol
// layer does after decrypting them. End-to-end runs through stock gramjs are in api-gramjs.test.ts.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { computeCheck } from 'telegram/Password';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiState } from '../api/api-state';
import { DEMO_USERS } from '../api/demo-users';
import { acceptQrToken } from '../api/qr-methods';
import { ApiDispatcher } from '../api/rpc-dispatcher';
import { SkewableClock } from '../api/skewable-clock';
import type { RpcCallContext, RpcResultValue } from '../mtproto/dc-types';
import { dispatcherFailure } from './dispatcher-failure';

const DCS = [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 20000 + id }));
const API = { apiId: 4242, apiHash: 'local-test-hash' };

class ManualClock {
  t = Date.UTC(2026, 0, 1);
  now() {
    return this.t;
  }
}

let base: ManualClock;
let state: ApiState;
let api: ApiDispatcher;
let pushes: Array<{ dc: number; key: bigint; updates: Api.TypeUpdates }>;
let drops: number[];
let nextKey = 1000n;

function key(dc = 2): RpcCallContext {
  return {
    dcId: dc,
    authKeyId: nextKey++,
    sessionId: 1n,
    client: { apiId: API.apiId, deviceModel: 'Test PC', systemVersion: 'Linux 6.1', appVersion: '0.1.0', langCode: 'en', systemLangCode: 'en-US' },
    layer: 198,
    remoteAddress: '127.0.0.1',
  };
}

async function call<T = RpcResultValue>(req: Api.AnyRequest, ctx: RpcCallContext): Promise<T> {
  return (await api.handle(req, ctx)) as T;
}

const fails = (req: Api.AnyRequest, ctx: RpcCallContext) => dispatcherFailure(api, req, ctx);

const sendCode = (phone: string, settings: Partial<Api.CodeSettings> = {}) =>
  new Api.auth.SendCode({ phoneNumber: phone, ...API, settings: new Api.CodeSettings(settings) });

function lastCode(phone: string): string {
  const m = state.inbox.latest(phone.replace(/\D/g, ''));
  if (!m) throw new Error(`no code for ${phone}`);
  return m.code;
}

async function signedIn(phone = '+15550100', dc = 2): Promise<RpcCallContext> {
  const ctx = key(dc);
  const sent = await call<Api.auth.SentCode>(sendCode(phone), ctx);
  await call(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: lastCode(phone) }), ctx);
  return ctx;
}

beforeEach(() => {
  base = new ManualClock();
  pushes = [];
  drops = [];
  state = new ApiState(new SkewableClock(base), DCS, {
    pushUpdates: (dc, k, updates) => {
      pushes.push({ dc, key: k, updates });
      return 1;
    },
    dropConnections: (dc) => drops.push(dc),
  }, { freshResetForbiddenMs: 0 });
  for (const u of DEMO_USERS) state.users.add(u);
  api = new ApiDispatcher(state);
});

describe('auth.sendCode', () => {
  it('answers sentCode with the first channel, the next one and a timeout, and delivers the code', async () => {
    const sent = await call<Api.auth.SentCode>(sendCode('+15550100'), key());
    expect(sent).toBeInstanceOf(Api.auth.SentCode);
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeApp);
    expect((sent.type as Api.auth.SentCodeTypeApp).length).toBe(5);
    expect(sent.nextType).toBeInstanceOf(Api.auth.CodeTypeSms);
    expect(sent.timeout).toBe(60);
    expect(state.inbox.list('15550100')).toEqual([expect.objectContaining({ channel: 'app', purpose: 'login' })]);
    expect(lastCode('15550100')).toMatch(/^\d{5}$/);
  });

  it('offers no next channel to an app-only account', async () => {
    const sent = await call<Api.auth.SentCode>(sendCode('+15550103'), key());
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeApp);
    expect(sent.nextType).toBeUndefined();
    expect(sent.timeout).toBeUndefined();
  });

  it('rejects bad numbers, a missing api_id, banned numbers', async () => {
    expect(await fails(sendCode('12ab'), key())).toBe('406 PHONE_NUMBER_INVALID');
    expect(await fails(sendCode('+1'), key())).toBe('406 PHONE_NUMBER_INVALID');
    expect(await fails(new Api.auth.SendCode({ phoneNumber: '+15550100', apiId: 0, apiHash: '', settings: new Api.CodeSettings({}) }), key())).toBe('400 API_ID_INVALID');
    state.users.add({ phone: '+15550199', firstName: 'Banned', banned: true });
    expect(await fails(sendCode('+15550199'), key())).toBe('400 PHONE_NUMBER_BANNED');
  });

  it('sends an account on another DC there with PHONE_MIGRATE_X; new numbers sign up where they ask', async () => {
    expect(await fails(sendCode('+15550102'), key(2))).toBe('303 PHONE_MIGRATE_3');
    expect(await call(sendCode('+15550102'), key(3))).toBeInstanceOf(Api.auth.SentCode);
    const fresh = await call<Api.auth.SentCode>(sendCode('+15557777'), key(1));
    expect(fresh.type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
  });

  it('limits repeated sends per number: FLOOD_WAIT_X by the clock, then PHONE_NUMBER_FLOOD for the day', async () => {
    Object.assign(state.settings, { sendCodeLimit: 2, sendCodeWindowMs: 60_000, sendCodeDailyLimit: 3 });
    await call(sendCode('+15550100'), key());
    base.t += 10_000;
    await call(sendCode('+15550100'), key());
    expect(await fails(sendCode('+15550100'), key())).toBe('420 FLOOD_WAIT_50');
    base.t += 51_000;
    await call(sendCode('+15550100'), key());
    base.t += 61_000;
    expect(await fails(sendCode('+15550100'), key())).toBe('400 PHONE_NUMBER_FLOOD');
    // Other numbers are not affected.
    expect(await call(sendCode('+15550103'), key())).toBeInstanceOf(Api.auth.SentCode);
  });

  it('refuses sign-up numbers when the app may not sign up', async () => {
    state.settings.appSignupForbidden = true;
    expect(await fails(sendCode('+15557777'), key())).toBe('400 PHONE_NUMBER_APP_SIGNUP_FORBIDDEN');
  });

  it('describes every channel type as the schema does', async () => {
    const expected: Array<[string, unknown]> = [
      ['email', Api.auth.SentCodeTypeEmailCode],
      ['flash_call', Api.auth.SentCodeTypeFlashCall],
      ['missed_call', Api.auth.SentCodeTypeMissedCall],
      ['fragment_sms', Api.auth.SentCodeTypeFragmentSms],
      ['firebase_sms', Api.auth.SentCodeTypeFirebaseSms],
      ['sms_word', Api.auth.SentCodeTypeSmsWord],
      ['sms_phrase', Api.auth.SentCodeTypeSmsPhrase],
      ['setup_email_required', Api.auth.SentCodeTypeSetUpEmailRequired],
      ['call', Api.auth.SentCodeTypeCall],
    ];
    for (const [i, [channel, cls]] of expected.entries()) {
      const phone = `+1555020${i}`;
      state.users.add({ phone, firstName: 'T', codeChannels: [channel as never], loginEmail: 'who@example.com' });
      const sent = await call<Api.auth.SentCode>(sendCode(phone), key());
      expect(sent.type, channel).toBeInstanceOf(cls);
    }
  });
});

describe('every code type signs in with what was delivered', () => {
  async function signInWith(phone: string, channel: string, answer: (m: { code: string; [k: string]: unknown }) => Partial<Api.auth.SignIn>) {
    state.users.add({ phone, firstName: 'T', codeChannels: [channel as never], loginEmail: 'tee@example.com' });
    const ctx = key();
    const sent = await call<Api.auth.SentCode>(sendCode(phone), ctx);
    const m = state.inbox.latest(phone.slice(1))!;
    expect(m.channel).toBe(channel);
    return call(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, ...answer(m) }), ctx);
  }

  it('email code via email_verification, flash call by the calling number, missed call by its last digits, sms word and phrase', async () => {
    expect(await signInWith('+15550301', 'email', (m) => ({ emailVerification: new Api.EmailVerificationCode({ code: m.code }) }))).toBeInstanceOf(Api.auth.Authorization);
    expect(await signInWith('+15550302', 'flash_call', (m) => ({ phoneCode: String(m.callerNumber) }))).toBeInstanceOf(Api.auth.Authorization);
    expect(await signInWith('+15550303', 'missed_call', (m) => {
      expect(String(m.callerNumber).endsWith(m.code)).toBe(true);
      return { phoneCode: m.code };
    })).toBeInstanceOf(Api.auth.Authorization);
    expect(await signInWith('+15550304', 'sms_word', (m) => ({ phoneCode: m.code.toUpperCase() }))).toBeInstanceOf(Api.auth.Authorization);
    expect(await signInWith('+15550305', 'sms_phrase', (m) => ({ phoneCode: ` ${m.code} ` }))).toBeInstanceOf(Api.auth.Authorization);
  });

  it('setUpEmailRequired: verify a login email, then sign in with the email code', async () => {
    state.users.add({ phone: '+15550306', firstName: 'T', codeChannels: ['setup_email_required', 'sms'] });
    const ctx = key();
    const sent = await call<Api.auth.SentCode>(sendCode('+15550306'), ctx);
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeSetUpEmailRequired);
    expect(state.inbox.list('15550306')).toEqual([]);
    const purpose = new Api.EmailVerifyPurposeLoginSetup({ phoneNumber: '+15550306', phoneCodeHash: sent.phoneCodeHash });
    expect(await fails(new Api.account.SendVerifyEmailCode({ purpose, email: 'nope' }), ctx)).toBe('400 EMAIL_INVALID');
    const sec = await call<Api.account.SentEmailCode>(new Api.account.SendVerifyEmailCode({ purpose, email: 'tee@example.org' }), ctx);
    expect(sec.emailPattern).toBe('t***e@e***.org');
    const verify = state.inbox.latest('15550306')!;
    expect(await fails(new Api.account.VerifyEmail({ purpose, verification: new Api.EmailVerificationCode({ code: verify.code === '00000' ? '11111' : '00000' }) }), ctx)).toBe('400 CODE_INVALID');
    const ok = await call<Api.account.EmailVerifiedLogin>(new Api.account.VerifyEmail({ purpose, verification: new Api.EmailVerificationCode({ code: verify.code }) }), ctx);
    expect(ok.email).toBe('tee@example.org');
    expect((ok.sentCode as Api.auth.SentCode).type).toBeInstanceOf(Api.auth.SentCodeTypeEmailCode);
    const loginCode = state.inbox.latest('15550306')!.code;
    const auth = await call(new Api.auth.SignIn({ phoneNumber: '+15550306', phoneCodeHash: sent.phoneCodeHash, emailVerification: new Api.EmailVerificationCode({ code: loginCode }) }), ctx);
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
  });

  it('firebase_sms: requestFirebaseSms with a device proof is accepted, and resendCode moves on to the next channel', async () => {
    state.users.add({ phone: '+15550307', firstName: 'T', codeChannels: ['firebase_sms', 'sms'] });
    const ctx = key();
    const sent = await call<Api.auth.SentCode>(sendCode('+15550307'), ctx);
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeFirebaseSms);
    expect(await call(new Api.auth.RequestFirebaseSms({ phoneNumber: '+15550307', phoneCodeHash: sent.phoneCodeHash, safetyNetToken: 'attestation' }), ctx)).toBe(true);
    const next = await call<Api.auth.SentCode>(new Api.auth.ResendCode({ phoneNumber: '+15550307', phoneCodeHash: sent.phoneCodeHash }), ctx);
    expect(next.type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
  });
});

describe('auth.resendCode', () => {
  it('walks app -> sms -> call with a new code each time, then SEND_CODE_UNAVAILABLE', async () => {
    const ctx = key();
    const first = await call<Api.auth.SentCode>(sendCode('+15550100'), ctx);
    const firstCode = lastCode('+15550100');
    const sms = await call<Api.auth.SentCode>(new Api.auth.ResendCode({ phoneNumber: '+15550100', phoneCodeHash: first.phoneCodeHash }), ctx);
    expect(sms.type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
    expect(sms.nextType).toBeInstanceOf(Api.auth.CodeTypeCall);
    expect(sms.timeout).toBe(60);
    expect(state.inbox.latest('15550100')?.channel).toBe('sms');
    const callDelivery = await call<Api.auth.SentCode>(new Api.auth.ResendCode({ phoneNumber: '+15550100', phoneCodeHash: sms.phoneCodeHash }), ctx);
    expect(callDelivery.type).toBeInstanceOf(Api.auth.SentCodeTypeCall);
    expect(callDelivery.nextType).toBeUndefined();
    expect(await fails(new Api.auth.ResendCode({ phoneNumber: '+15550100', phoneCodeHash: sms.phoneCodeHash }), ctx)).toBe('406 SEND_CODE_UNAVAILABLE');
    // Only the latest code signs in.
    const latest = lastCode('+15550100');
    if (latest !== firstCode) {
      expect(await fails(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: first.phoneCodeHash, phoneCode: firstCode }), ctx)).toBe('400 PHONE_CODE_INVALID');
    }
    const auth = await call<Api.auth.Authorization>(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: first.phoneCodeHash, phoneCode: latest }), ctx);
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
  });

  it('gives SEND_CODE_UNAVAILABLE at once for an app-only account', async () => {
    const ctx = key();
    const sent = await call<Api.auth.SentCode>(sendCode('+15550103'), ctx);
    expect(await fails(new Api.auth.ResendCode({ phoneNumber: '+15550103', phoneCodeHash: sent.phoneCodeHash }), ctx)).toBe('406 SEND_CODE_UNAVAILABLE');
  });

  it('checks the hash: empty, bound to number and DC, expired', async () => {
    const ctx = key(2);
    const sent = await call<Api.auth.SentCode>(sendCode('+15550100'), ctx);
    expect(await fails(new Api.auth.ResendCode({ phoneNumber: '+15550100', phoneCodeHash: '' }), ctx)).toBe('400 PHONE_CODE_HASH_EMPTY');
    expect(await fails(new Api.auth.ResendCode({ phoneNumber: 'abc', phoneCodeHash: sent.phoneCodeHash }), ctx)).toBe('406 PHONE_NUMBER_INVALID');
    expect(await fails(new Api.auth.ResendCode({ phoneNumber: '+15550103', phoneCodeHash: sent.phoneCodeHash }), ctx)).toBe('406 PHONE_NUMBER_INVALID');
    expect(await fails(new Api.auth.ResendCode({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash }), key(1))).toBe('400 PHONE_CODE_EXPIRED');
    base.t += 5 * 60_000;
    expect(await fails(new Api.auth.ResendCode({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash }), ctx)).toBe('400 PHONE_CODE_EXPIRED');
  });
});

describe('auth.cancelCode and auth.signIn', () => {
  it('cancelCode voids the hash', async () => {
    const ctx = key();
    const sent = await call<Api.auth.SentCode>(sendCode('+15550100'), ctx);
    expect(await call(new Api.auth.CancelCode({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash }), ctx)).toBe(true);
    expect(await fails(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: lastCode('15550100') }), ctx)).toBe('400 PHONE_CODE_EXPIRED');
    expect(await fails(new Api.auth.CancelCode({ phoneNumber: '+15550100', phoneCodeHash: '' }), ctx)).toBe('400 PHONE_CODE_HASH_EMPTY');
  });

  it('signIn: empty, wrong and expired codes, then success binds the key to the user', async () => {
    const ctx = key();
    expect(await fails(new Api.updates.GetState(), ctx)).toBe('401 AUTH_KEY_UNREGISTERED');
    const sent = await call<Api.auth.SentCode>(sendCode('+15550100'), ctx);
    const h = sent.phoneCodeHash;
    expect(await fails(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: h, phoneCode: '' }), ctx)).toBe('400 PHONE_CODE_EMPTY');
    expect(await fails(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: '', phoneCode: '1' }), ctx)).toBe('400 PHONE_CODE_HASH_EMPTY');
    const wrong = lastCode('15550100') === '00000' ? '11111' : '00000';
    expect(await fails(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: h, phoneCode: wrong }), ctx)).toBe('400 PHONE_CODE_INVALID');
    const auth = await call<Api.auth.Authorization>(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: h, phoneCode: lastCode('15550100') }), ctx);
    const user = auth.user as Api.User;
    expect(user.self).toBe(true);
    expect(user.phone).toBe('15550100');
    expect(user.firstName).toBe('Ada');
    expect(await call(new Api.updates.GetState(), ctx)).toBeInstanceOf(Api.updates.State);
    const users = await call<Api.User[]>(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), ctx);
    expect(users.map((u) => u.phone)).toEqual(['15550100']);
    const full = await call<Api.users.UserFull>(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }), ctx);
    expect(full.users[0]).toMatchObject({ firstName: 'Ada', self: true });
  });

  it('codes expire after codeTtlMs by the server clock', async () => {
    const ctx = key();
    const sent = await call<Api.auth.SentCode>(sendCode('+15550100'), ctx);
    base.t += 5 * 60_000 + 1;
    expect(await fails(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: lastCode('15550100') }), ctx)).toBe('400 PHONE_CODE_EXPIRED');
  });

  it('a code sent on DC 2 is not valid on DC 1', async () => {
    const sent = await call<Api.auth.SentCode>(sendCode('+15557001'), key(2));
    expect(await fails(new Api.auth.SignIn({ phoneNumber: '+15557001', phoneCodeHash: sent.phoneCodeHash, phoneCode: lastCode('15557001') }), key(1))).toBe('400 PHONE_CODE_EXPIRED');
  });
});

describe('sign-up', () => {
  it('an unknown number gets signUpRequired with terms, then signUp makes the account', async () => {
    const ctx = key(1);
    const sent = await call<Api.auth.SentCode>(sendCode('+15557777'), ctx);
    expect(await fails(new Api.auth.SignUp({ phoneNumber: '+15557777', phoneCodeHash: sent.phoneCodeHash, firstName: 'New', lastName: '' }), ctx)).toBe('400 PHONE_CODE_EMPTY');
    const r = await call(new Api.auth.SignIn({ phoneNumber: '+15557777', phoneCodeHash: sent.phoneCodeHash, phoneCode: lastCode('15557777') }), ctx);
    expect(r).toBeInstanceOf(Api.auth.AuthorizationSignUpRequired);
    const tos = (r as Api.auth.AuthorizationSignUpRequired).termsOfService!;
    expect(tos.text).toContain('terms');
    expect(await fails(new Api.auth.SignUp({ phoneNumber: '+15557777', phoneCodeHash: sent.phoneCodeHash, firstName: ' ', lastName: '' }), ctx)).toBe('400 FIRSTNAME_INVALID');
    const auth = await call<Api.auth.Authorization>(new Api.auth.SignUp({ phoneNumber: '+15557777', phoneCodeHash: sent.phoneCodeHash, firstName: 'New', lastName: 'Person' }), ctx);
    expect((auth.user as Api.User).firstName).toBe('New');
    expect(await call(new Api.help.AcceptTermsOfService({ id: tos.id }), ctx)).toBe(true);
    expect(await fails(new Api.help.AcceptTermsOfService({ id: new Api.DataJSON({ data: '"other"' }) }), ctx)).toBe('400 TERMS_ID_INVALID');
    // The new account lives on the DC it signed up on.
    expect(await fails(sendCode('+15557777'), key(2))).toBe('303 PHONE_MIGRATE_1');
  });
});

describe('two-step password (SRP)', () => {
  async function pending(): Promise<RpcCallContext> {
    const ctx = key();
    const sent = await call<Api.auth.SentCode>(sendCode('+15550101'), ctx);
    expect(await fails(new Api.auth.SignIn({ phoneNumber: '+15550101', phoneCodeHash: sent.phoneCodeHash, phoneCode: lastCode('15550101') }), ctx)).toBe('401 SESSION_PASSWORD_NEEDED');
    return ctx;
  }

  it('verifies gramjs computeCheck for the right password and rejects a wrong one', async () => {
    const ctx = await pending();
    const pw = await call<Api.account.Password>(new Api.account.GetPassword(), ctx);
    expect(pw.hasPassword).toBe(true);
    expect(pw.hint).toBe('the usual');
    expect(pw.hasRecovery).toBe(true);
    const bad = await computeCheck(pw, 'hunter3');
    expect(await fails(new Api.auth.CheckPassword({ password: bad }), ctx)).toBe('400 PASSWORD_HASH_INVALID');
    const pw2 = await call<Api.account.Password>(new Api.account.GetPassword(), ctx);
    expect(pw2.srpId!.toString()).not.toBe(pw.srpId!.toString());
    const stale = await computeCheck(pw, 'hunter2');
    expect(await fails(new Api.auth.CheckPassword({ password: stale }), ctx)).toBe('400 SRP_ID_INVALID');
    const pw3 = await call<Api.account.Password>(new Api.account.GetPassword(), ctx);
    const good = await computeCheck(pw3, 'hunter2');
    const auth = await call<Api.auth.Authorization>(new Api.auth.CheckPassword({ password: good }), ctx);
    expect((auth.user as Api.User).phone).toBe('15550101');
  });

  it('getPassword before sign-in needs the password step', async () => {
    expect(await fails(new Api.account.GetPassword(), key())).toBe('401 AUTH_KEY_UNREGISTERED');
  });

  it('recovers by email: pattern, code to the inbox, check, recover signs in and drops the password', async () => {
    const ctx = await pending();
    const rec = await call<Api.auth.PasswordRecovery>(new Api.auth.RequestPasswordRecovery(), ctx);
    expect(rec.emailPattern).toBe('g***e@e***.com');
    const msg = state.inbox.latest('15550101')!;
    expect(msg).toMatchObject({ channel: 'email', purpose: 'recovery', email: 'grace@example.com' });
    expect(await fails(new Api.auth.CheckRecoveryPassword({ code: '000000' === msg.code ? '111111' : '000000' }), ctx)).toBe('400 CODE_INVALID');
    expect(await call(new Api.auth.CheckRecoveryPassword({ code: msg.code }), ctx)).toBe(true);
    const auth = await call<Api.auth.Authorization>(new Api.auth.RecoverPassword({ code: msg.code }), ctx);
    expect((auth.user as Api.User).phone).toBe('15550101');
    expect(state.users.findByPhone('15550101')!.password).toBeNull();
  });

  it('recovery codes expire; accounts without an email get PASSWORD_RECOVERY_NA', async () => {
    const ctx = await pending();
    await call(new Api.auth.RequestPasswordRecovery(), ctx);
    base.t += 16 * 60_000;
    expect(await fails(new Api.auth.RecoverPassword({ code: state.inbox.latest('15550101')!.code }), ctx)).toBe('400 PASSWORD_RECOVERY_EXPIRED');
    state.users.add({ phone: '+15550188', firstName: 'NoMail', password: 'pw' });
    const c2 = key();
    const sent = await call<Api.auth.SentCode>(sendCode('+15550188'), c2);
    await fails(new Api.auth.SignIn({ phoneNumber: '+15550188', phoneCodeHash: sent.phoneCodeHash, phoneCode: lastCode('15550188') }), c2);
    expect(await fails(new Api.auth.RequestPasswordRecovery(), c2)).toBe('400 PASSWORD_RECOVERY_NA');
  });
});

describe('log-out and future auth tokens', () => {
  it('logOut returns a future_auth_token that lets sendCode sign in without a code, once', async () => {
    const ctx = await signedIn();
    const out = await call<Api.auth.LoggedOut>(new Api.auth.LogOut(), ctx);
    expect(out.futureAuthToken?.length).toBe(32);
    expect(await fails(new Api.updates.GetState(), ctx)).toBe('401 AUTH_KEY_UNREGISTERED');
    const c2 = key();
    const r = await call(sendCode('+15550100', { logoutTokens: [out.futureAuthToken!] }), c2);
    expect(r).toBeInstanceOf(Api.auth.SentCodeSuccess);
    expect(((r as Api.auth.SentCodeSuccess).authorization as Api.auth.Authorization).user).toMatchObject({ phone: '15550100' });
    expect(await call(sendCode('+15550100', { logoutTokens: [out.futureAuthToken!] }), key())).toBeInstanceOf(Api.auth.SentCode);
  });
});

describe('QR login', () => {
  it('export, scan, success on the home DC; except_ids respected; expiry', async () => {
    const ctx = key(2);
    const t = await call<Api.auth.LoginToken>(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), ctx);
    expect(t.expires).toBe(Math.floor(base.t / 1000) + 30);
    const ada = state.users.findByPhone('15550100')!;
    const out = acceptQrToken(state, ada);
    expect(out.ok).toBe(true);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.updates).toBeInstanceOf(Api.UpdateShort);
    expect((pushes[0]!.updates as Api.UpdateShort).update).toBeInstanceOf(Api.UpdateLoginToken);
    expect(pushes[0]!.key).toBe(ctx.authKeyId);
    const done = await call<Api.auth.LoginTokenSuccess>(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), ctx);
    expect(done).toBeInstanceOf(Api.auth.LoginTokenSuccess);
    expect(await call(new Api.updates.GetState(), ctx)).toBeInstanceOf(Api.updates.State);

    const c2 = key(2);
    await call(new Api.auth.ExportLoginToken({ ...API, exceptIds: [bigInt(ada.id.toString())] }), c2);
    expect(acceptQrToken(state, ada)).toEqual({ ok: false, error: 'AUTH_TOKEN_EXCEPTION' });
    const c3 = key(2);
    const t3 = await call<Api.auth.LoginToken>(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), c3);
    base.t += 31_000;
    expect(acceptQrToken(state, ada, Buffer.from(t3.token))).toEqual({ ok: false, error: 'AUTH_TOKEN_EXPIRED' });
    expect(await fails(new Api.auth.ImportLoginToken({ token: Buffer.alloc(32, 1) }), c3)).toBe('400 AUTH_TOKEN_INVALID');
    expect(await fails(new Api.auth.ImportLoginToken({ token: Buffer.from('nope') }), c3)).toBe('400 AUTH_TOKEN_INVALIDX');
  });

  it('an account on another DC is sent there with loginTokenMigrateTo and finishes with importLoginToken', async () => {
    const ctx = key(2);
    await call(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), ctx);
    acceptQrToken(state, state.users.findByPhone('15550102')!);
    const mig = await call<Api.auth.LoginTokenMigrateTo>(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), ctx);
    expect(mig).toBeInstanceOf(Api.auth.LoginTokenMigrateTo);
    expect(mig.dcId).toBe(3);
    const on3 = key(3);
    const ok = await call<Api.auth.LoginTokenSuccess>(new Api.auth.ImportLoginToken({ token: mig.token }), on3);
    expect(ok).toBeInstanceOf(Api.auth.LoginTokenSuccess);
    expect(await fails(new Api.auth.ImportLoginToken({ token: mig.token }), key(3))).toBe('400 AUTH_TOKEN_ALREADY_ACCEPTED');
  });

  it('asks for the password after a scan of a 2FA account', async () => {
    const ctx = key(2);
    await call(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), ctx);
    acceptQrToken(state, state.users.findByPhone('15550101')!);
    expect(await fails(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), ctx)).toBe('401 SESSION_PASSWORD_NEEDED');
    const pw = await call<Api.account.Password>(new Api.account.GetPassword(), ctx);
    expect(await call(new Api.auth.CheckPassword({ password: await computeCheck(pw, 'hunter2') }), ctx)).toBeInstanceOf(Api.auth.Authorization);
  });

  it('a signed-in key accepts with auth.acceptLoginToken', async () => {
    const phone = await signedIn('+15550100');
    const desk = key(2);
    const t = await call<Api.auth.LoginToken>(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), desk);
    const a = await call<Api.Authorization>(new Api.auth.AcceptLoginToken({ token: t.token }), phone);
    expect(a.deviceModel).toBe('Test PC');
    expect(pushes.map((p) => p.key)).toEqual([desk.authKeyId]);
    expect(await call(new Api.auth.ExportLoginToken({ ...API, exceptIds: [] }), desk)).toBeInstanceOf(Api.auth.LoginTokenSuccess);
  });
});

describe('sessions', () => {
  it('lists authorizations with the current one first and ends another one', async () => {
    const a = await signedIn();
    const b = await signedIn();
    const list = await call<Api.account.Authorizations>(new Api.account.GetAuthorizations(), a);
    expect(list.authorizations.map((x) => x.current ?? false)).toEqual([true, false]);
    expect(list.authorizations[0]!.hash.toString()).toBe('0');
    expect(list.authorizations[1]!.deviceModel).toBe('Test PC');
    expect(await fails(new Api.account.ResetAuthorization({ hash: bigInt(12345) }), a)).toBe('400 HASH_INVALID');
    expect(await call(new Api.account.ResetAuthorization({ hash: list.authorizations[1]!.hash }), a)).toBe(true);
    expect(await fails(new Api.updates.GetState(), b)).toBe('401 SESSION_REVOKED');
  });

  it("refuses to end others from a session under a day old when the rule is on", async () => {
    state.settings.freshResetForbiddenMs = 24 * 3600_000;
    await signedIn();
    const b = await signedIn();
    const list = await call<Api.account.Authorizations>(new Api.account.GetAuthorizations(), b);
    expect(await fails(new Api.account.ResetAuthorization({ hash: list.authorizations[1]!.hash }), b)).toBe('406 FRESH_RESET_AUTHORISATION_FORBIDDEN');
    base.t += 24 * 3600_000;
    expect(await call(new Api.account.ResetAuthorization({ hash: list.authorizations[1]!.hash }), b)).toBe(true);
  });

  it('exports an authorization to another DC and imports it there once', async () => {
    const a = await signedIn();
    expect(await fails(new Api.auth.ExportAuthorization({ dcId: 9 }), a)).toBe('400 DC_ID_INVALID');
    const ex = await call<Api.auth.ExportedAuthorization>(new Api.auth.ExportAuthorization({ dcId: 3 }), a);
    expect(await fails(new Api.auth.ImportAuthorization({ id: ex.id, bytes: ex.bytes }), key(1))).toBe('400 AUTH_BYTES_INVALID');
    const on3 = key(3);
    expect(await call(new Api.auth.ImportAuthorization({ id: ex.id, bytes: ex.bytes }), on3)).toBeInstanceOf(Api.auth.Authorization);
    expect(await call(new Api.updates.GetState(), on3)).toBeInstanceOf(Api.updates.State);
    expect(await fails(new Api.auth.ImportAuthorization({ id: ex.id, bytes: ex.bytes }), key(3))).toBe('400 AUTH_BYTES_INVALID');
  });
});

describe('help, faults, log', () => {
  it('help.getConfig lists the DCs with their ports and this_dc', async () => {
    const cfg = await call<Api.Config>(new Api.help.GetConfig(), key(3));
    expect(cfg.thisDc).toBe(3);
    expect(cfg.dcOptions.map((d) => [d.id, d.ipAddress, d.port])).toEqual(DCS.map((d) => [d.id, d.host, d.port]));
    expect(cfg.expires).toBeGreaterThan(cfg.date);
    const near = await call<Api.NearestDc>(new Api.help.GetNearestDc(), key(1));
    expect(near.thisDc).toBe(1);
  });

  it('injected errors answer with the right code, `times` times', async () => {
    state.faults.add({ method: 'auth.sendCode', error: { message: 'FLOOD_WAIT_30', code: 420 }, remaining: 2 });
    expect(await fails(sendCode('+15550100'), key())).toBe('420 FLOOD_WAIT_30');
    expect(await fails(sendCode('+15550100'), key())).toBe('420 FLOOD_WAIT_30');
    expect(await call(sendCode('+15550100'), key())).toBeInstanceOf(Api.auth.SentCode);
    const entries = state.log.all().filter((e) => e.method === 'auth.sendCode');
    expect(entries.map((e) => [e.outcome, e.injected ?? false])).toEqual([['error', true], ['error', true], ['ok', false]]);
  });

  it('a "before" drop fault drops the DC connections without running the method', async () => {
    state.faults.add({ method: 'auth.signIn', dropConnection: 'before', remaining: 1 });
    const ctx = key(2);
    const sent = await call<Api.auth.SentCode>(sendCode('+15550100'), ctx);
    await expect(api.handle(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: lastCode('15550100') }), ctx)).rejects.toThrow();
    expect(drops).toEqual([2]);
    expect(state.log.all().at(-1)).toMatchObject({ method: 'auth.signIn', outcome: 'dropped' });
    expect(await fails(new Api.updates.GetState(), ctx)).toBe('401 AUTH_KEY_UNREGISTERED');
  });

  it('an "after" drop fault runs the method (the code is delivered) and loses the answer', async () => {
    state.faults.add({ method: 'auth.sendCode', dropConnection: 'after', remaining: 1 });
    await expect(api.handle(sendCode('+15550100'), key(2))).rejects.toThrow();
    expect(drops).toEqual([2]);
    expect(state.inbox.list('15550100')).toHaveLength(1);
  });

  it('unknown methods are answered, not crashed on', async () => {
    expect(await fails(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 1, offsetDate: 0, offsetId: 0, hash: bigInt(0) }), key())).toBe('400 METHOD_NOT_IMPLEMENTED');
  });
});
