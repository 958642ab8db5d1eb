// Every row of server/README.md's table of auth method errors, driven through the dispatcher: the
// condition the row names produces the error with the code of the method's own page.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { computeCheck } from 'telegram/Password';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiState } from '../api/api-state';
import { DEMO_USERS } from '../api/demo-users';
import { INJECTED_ONLY, METHOD_ERRORS, type MethodError } from '../api/method-errors';
import { acceptQrToken } from '../api/qr-methods';
import { ApiDispatcher } from '../api/rpc-dispatcher';
import { errorCodeFor } from '../api/rpc-errors';
import { SkewableClock } from '../api/skewable-clock';
import type { RpcCallContext } from '../mtproto/dc-types';
import { dispatcherFailure } from './dispatcher-failure';

const DCS = [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 20000 + id }));
const API = { apiId: 4242, apiHash: 'local-test-hash' };
const clock = { t: Date.UTC(2026, 0, 1), now() { return this.t; } };
let state: ApiState;
let api: ApiDispatcher;
let nextKey = 1n;

function key(dc = 2, layer = 198): RpcCallContext {
  return { dcId: dc, authKeyId: nextKey++, sessionId: 1n, client: null, layer, remoteAddress: '127.0.0.1' };
}

const call = async <T>(req: Api.AnyRequest, ctx: RpcCallContext) => (await api.handle(req, ctx)) as T;

const fails = (req: Api.AnyRequest, ctx: RpcCallContext = key()) => dispatcherFailure(api, req, ctx);

const sendCode = (phone: string) => new Api.auth.SendCode({ phoneNumber: phone, ...API, settings: new Api.CodeSettings({}) });
const code = (phone: string) => state.inbox.latest(phone.replace(/\D/g, ''))!.code;
const wrong = (phone: string) => (code(phone) === '11111' ? '22222' : '11111');

async function hashFor(phone: string, ctx: RpcCallContext): Promise<string> {
  return (await call<Api.auth.SentCode>(sendCode(phone), ctx)).phoneCodeHash;
}

async function signedIn(phone = '+15550100'): Promise<RpcCallContext> {
  const ctx = key();
  const hash = await hashFor(phone, ctx);
  await call(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: hash, phoneCode: code(phone) }), ctx);
  return ctx;
}

/** A key at Grace's password step (her code accepted). */
async function atPassword(): Promise<RpcCallContext> {
  const ctx = key();
  const hash = await hashFor('+15550101', ctx);
  await fails(new Api.auth.SignIn({ phoneNumber: '+15550101', phoneCodeHash: hash, phoneCode: code('+15550101') }), ctx);
  return ctx;
}

/** A key whose sign-in code for a new number was accepted (auth.signUp comes next). */
async function signUpPending(phone = '+15557001'): Promise<{ ctx: RpcCallContext; hash: string }> {
  const ctx = key();
  const hash = await hashFor(phone, ctx);
  await call(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: hash, phoneCode: code(phone) }), ctx);
  return { ctx, hash };
}

const resend = (phone: string, hash: string) => new Api.auth.ResendCode({ phoneNumber: phone, phoneCodeHash: hash });
const signIn = (phone: string, hash: string, phoneCode: string) => new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: hash, phoneCode });
const signUp = (phone: string, hash: string, firstName = 'New', lastName = '') => new Api.auth.SignUp({ phoneNumber: phone, phoneCodeHash: hash, firstName, lastName });
const exportToken = () => new Api.auth.ExportLoginToken({ ...API, exceptIds: [] });

/** The smallest well-formed call of each method, for rows only a fault can produce. */
const MINIMAL: Record<string, () => Api.AnyRequest> = {
  'auth.sendCode': () => sendCode('+15550100'),
  'auth.resendCode': () => resend('+15550100', 'h'),
  'auth.checkPassword': () => new Api.auth.CheckPassword({ password: new Api.InputCheckPasswordEmpty() }),
};

/** Each row's condition, made real; the result is what the dispatcher answered. */
const SCENARIOS: Record<string, () => Promise<string>> = {
  'auth.sendCode API_ID_INVALID': () => fails(new Api.auth.SendCode({ phoneNumber: '+15550100', apiId: 0, apiHash: '', settings: new Api.CodeSettings({}) })),
  'auth.sendCode API_ID_PUBLISHED_FLOOD': () => {
    state.settings.publishedApiIds = [API.apiId];
    return fails(sendCode('+15550100'));
  },
  'auth.sendCode AUTH_RESTART': async () => fails(sendCode('+15550103'), await signedIn('+15550100')),
  'auth.sendCode SMS_CODE_CREATE_FAILED': () => {
    state.settings.smsGatewayDown = true;
    return fails(sendCode('+15557004'));
  },
  'auth.sendCode PHONE_NUMBER_APP_SIGNUP_FORBIDDEN': () => {
    state.settings.appSignupForbidden = true;
    return fails(sendCode('+15557002'));
  },
  'auth.sendCode PHONE_NUMBER_BANNED': () => {
    state.users.add({ phone: '+15550199', firstName: 'Banned', banned: true });
    return fails(sendCode('+15550199'));
  },
  'auth.sendCode PHONE_NUMBER_FLOOD': async () => {
    Object.assign(state.settings, { sendCodeDailyLimit: 2 });
    await call(sendCode('+15550100'), key());
    await call(sendCode('+15550100'), key());
    return fails(sendCode('+15550100'));
  },
  'auth.sendCode PHONE_NUMBER_INVALID': () => fails(sendCode('12ab')),
  'auth.sendCode PHONE_PASSWORD_FLOOD': async () => {
    const ctx = await atPassword();
    for (let i = 0; i < state.settings.maxCodeAttempts; i++) {
      const pw = await call<Api.account.Password>(new Api.account.GetPassword(), ctx);
      expect(await fails(new Api.auth.CheckPassword({ password: await computeCheck(pw, 'wrong') }), ctx)).toBe('400 PASSWORD_HASH_INVALID');
    }
    return fails(sendCode('+15550101'));
  },
  'auth.sendCode PHONE_PASSWORD_PROTECTED': async () => fails(sendCode('+15550101'), await atPassword()),
  'auth.sendCode UPDATE_APP_TO_LOGIN': () => fails(sendCode('+15550100'), key(2, 133)),

  'auth.resendCode EMAIL_INSTALL_MISSING': async () => {
    state.users.add({ phone: '+15550170', firstName: 'Setup', codeChannels: ['setup_email_required', 'sms'] });
    const ctx = key();
    return fails(resend('+15550170', await hashFor('+15550170', ctx)), ctx);
  },
  'auth.resendCode PHONE_CODE_EXPIRED': async () => {
    const ctx = key();
    const hash = await hashFor('+15550100', ctx);
    clock.t += state.settings.codeTtlMs;
    return fails(resend('+15550100', hash), ctx);
  },
  'auth.resendCode PHONE_CODE_HASH_EMPTY': () => fails(resend('+15550100', '')),
  'auth.resendCode PHONE_NUMBER_INVALID': async () => {
    const ctx = key();
    return fails(resend('+15550103', await hashFor('+15550100', ctx)), ctx);
  },
  'auth.resendCode SEND_CODE_UNAVAILABLE': async () => {
    const ctx = key();
    return fails(resend('+15550103', await hashFor('+15550103', ctx)), ctx);
  },

  'auth.cancelCode PHONE_CODE_EXPIRED': async () => {
    const ctx = key();
    const hash = await hashFor('+15550100', ctx);
    await call(new Api.auth.CancelCode({ phoneNumber: '+15550100', phoneCodeHash: hash }), ctx);
    return fails(new Api.auth.CancelCode({ phoneNumber: '+15550100', phoneCodeHash: hash }), ctx);
  },
  'auth.cancelCode PHONE_NUMBER_INVALID': () => fails(new Api.auth.CancelCode({ phoneNumber: 'x', phoneCodeHash: 'h' })),

  'auth.signIn AUTH_RESTART': async () => {
    const ctx = key();
    const hash = await hashFor('+15550100', ctx);
    state.users.add({ phone: '+15550100', firstName: 'Ada', dc: 3 });
    return fails(signIn('+15550100', hash, code('+15550100')), ctx);
  },
  'auth.signIn SIGN_IN_FAILED': async () => {
    const ctx = key();
    const hash = await hashFor('+15550100', ctx);
    state.users.add({ phone: '+15550100', firstName: 'Ada', banned: true });
    return fails(signIn('+15550100', hash, code('+15550100')), ctx);
  },
  'auth.signIn PHONE_CODE_EMPTY': async () => {
    const ctx = key();
    return fails(signIn('+15550100', await hashFor('+15550100', ctx), ''), ctx);
  },
  'auth.signIn PHONE_CODE_EXPIRED': async () => {
    const ctx = key();
    const hash = await hashFor('+15550100', ctx);
    for (let i = 0; i < state.settings.maxCodeAttempts; i++) await fails(signIn('+15550100', hash, wrong('+15550100')), ctx);
    return fails(signIn('+15550100', hash, code('+15550100')), ctx);
  },
  'auth.signIn PHONE_CODE_INVALID': async () => {
    const ctx = key();
    return fails(signIn('+15550100', await hashFor('+15550100', ctx), wrong('+15550100')), ctx);
  },
  'auth.signIn PHONE_NUMBER_INVALID': async () => {
    const ctx = key();
    return fails(signIn('+15550103', await hashFor('+15550100', ctx), code('+15550100')), ctx);
  },
  'auth.signIn PHONE_NUMBER_UNOCCUPIED': async () => {
    const ctx = key();
    const hash = await hashFor('+15557003', ctx);
    state.settings.appSignupForbidden = true;
    return fails(signIn('+15557003', hash, code('+15557003')), ctx);
  },
  'auth.signIn UPDATE_APP_TO_LOGIN': () => fails(signIn('+15550100', 'h', '1'), key(2, 100)),

  'auth.signUp FIRSTNAME_INVALID': async () => {
    const { ctx, hash } = await signUpPending();
    return fails(signUp('+15557001', hash, ' '), ctx);
  },
  'auth.signUp LASTNAME_INVALID': async () => {
    const { ctx, hash } = await signUpPending();
    return fails(signUp('+15557001', hash, 'New', 'x'.repeat(65)), ctx);
  },
  'auth.signUp PHONE_CODE_EMPTY': async () => {
    const ctx = key();
    return fails(signUp('+15557001', await hashFor('+15557001', ctx)), ctx);
  },
  'auth.signUp PHONE_CODE_EXPIRED': async () => {
    const { ctx, hash } = await signUpPending();
    clock.t += state.settings.codeTtlMs;
    return fails(signUp('+15557001', hash), ctx);
  },
  'auth.signUp PHONE_CODE_INVALID': async () => {
    const ctx = key();
    const hash = await hashFor('+15557001', ctx);
    await fails(signIn('+15557001', hash, wrong('+15557001')), ctx);
    return fails(signUp('+15557001', hash), ctx);
  },
  'auth.signUp PHONE_NUMBER_FLOOD': async () => {
    const { ctx, hash } = await signUpPending();
    state.settings.sendCodeDailyLimit = 1;
    return fails(signUp('+15557001', hash), ctx);
  },
  'auth.signUp PHONE_NUMBER_INVALID': async () => {
    const { ctx, hash } = await signUpPending();
    return fails(signUp('+15557009', hash), ctx);
  },
  'auth.signUp PHONE_NUMBER_OCCUPIED': async () => {
    const { ctx, hash } = await signUpPending();
    state.users.add({ phone: '+15557001', firstName: 'Quicker' });
    return fails(signUp('+15557001', hash), ctx);
  },

  'auth.requestFirebaseSms PHONE_CODE_EMPTY': async () => {
    const ctx = key();
    return fails(new Api.auth.RequestFirebaseSms({ phoneNumber: '+15550100', phoneCodeHash: await hashFor('+15550100', ctx) }), ctx);
  },
  'auth.requestFirebaseSms PHONE_NUMBER_INVALID': () => fails(new Api.auth.RequestFirebaseSms({ phoneNumber: '1', phoneCodeHash: 'h' })),
  'auth.reportMissingCode PHONE_NUMBER_INVALID': () => fails(new Api.auth.ReportMissingCode({ phoneNumber: '1', phoneCodeHash: 'h', mnc: '' })),

  'auth.checkPassword PASSWORD_HASH_INVALID': async () => {
    const ctx = await atPassword();
    const pw = await call<Api.account.Password>(new Api.account.GetPassword(), ctx);
    return fails(new Api.auth.CheckPassword({ password: await computeCheck(pw, 'hunter3') }), ctx);
  },
  'auth.checkPassword SRP_ID_INVALID': async () => {
    const ctx = await atPassword();
    const old = await call<Api.account.Password>(new Api.account.GetPassword(), ctx);
    await call(new Api.account.GetPassword(), ctx);
    return fails(new Api.auth.CheckPassword({ password: await computeCheck(old, 'hunter2') }), ctx);
  },
  'auth.checkPassword SRP_PASSWORD_CHANGED': async () => {
    const ctx = await atPassword();
    const pw = await call<Api.account.Password>(new Api.account.GetPassword(), ctx);
    // Meanwhile another device recovers the account with a new password.
    const other = await atPassword();
    await call(new Api.auth.RequestPasswordRecovery(), other);
    const fresh = await call<Api.account.Password>(new Api.account.GetPassword(), other);
    const algo = fresh.newAlgo as Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
    await call(
      new Api.auth.RecoverPassword({
        code: code('+15550101'),
        newSettings: new Api.account.PasswordInputSettings({ newAlgo: algo, newPasswordHash: randomBytes(256), hint: '' }),
      }),
      other,
    );
    return fails(new Api.auth.CheckPassword({ password: await computeCheck(pw, 'hunter2') }), ctx);
  },

  'auth.requestPasswordRecovery PASSWORD_EMPTY': async () => {
    const ctx = key();
    state.users.add({ phone: '+15550171', firstName: 'NoPw', password: 'pw' });
    const hash = await hashFor('+15550171', ctx);
    await fails(signIn('+15550171', hash, code('+15550171')), ctx);
    state.users.findByPhone('15550171')!.password = null;
    return fails(new Api.auth.RequestPasswordRecovery(), ctx);
  },
  'auth.requestPasswordRecovery PASSWORD_RECOVERY_NA': async () => {
    const ctx = key();
    state.users.add({ phone: '+15550172', firstName: 'NoMail', password: 'pw' });
    const hash = await hashFor('+15550172', ctx);
    await fails(signIn('+15550172', hash, code('+15550172')), ctx);
    return fails(new Api.auth.RequestPasswordRecovery(), ctx);
  },
  'auth.checkRecoveryPassword CODE_EMPTY': async () => fails(new Api.auth.CheckRecoveryPassword({ code: '' }), await atPassword()),
  'auth.checkRecoveryPassword PASSWORD_RECOVERY_EXPIRED': async () => {
    const ctx = await atPassword();
    await call(new Api.auth.RequestPasswordRecovery(), ctx);
    clock.t += state.settings.recoveryCodeTtlMs;
    return fails(new Api.auth.CheckRecoveryPassword({ code: code('+15550101') }), ctx);
  },
  'auth.recoverPassword CODE_EMPTY': async () => fails(new Api.auth.RecoverPassword({ code: '' }), await atPassword()),
  'auth.recoverPassword NEW_SETTINGS_INVALID': async () => {
    const ctx = await atPassword();
    await call(new Api.auth.RequestPasswordRecovery(), ctx);
    const algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({ salt1: Buffer.alloc(8), salt2: Buffer.alloc(8), g: 2, p: Buffer.alloc(256, 1) });
    const newSettings = new Api.account.PasswordInputSettings({ newAlgo: algo, newPasswordHash: randomBytes(256), hint: '' });
    return fails(new Api.auth.RecoverPassword({ code: code('+15550101'), newSettings }), ctx);
  },

  'auth.exportLoginToken API_ID_INVALID': () => fails(new Api.auth.ExportLoginToken({ apiId: -1, apiHash: '', exceptIds: [] })),
  'auth.exportLoginToken API_ID_PUBLISHED_FLOOD': () => {
    state.settings.publishedApiIds = [API.apiId];
    return fails(exportToken());
  },
  'auth.exportLoginToken AUTH_RESTART': async () => {
    const desk = key(2);
    await call(exportToken(), desk);
    acceptQrToken(state, state.users.findByPhone('15550100')!);
    state.users.add({ phone: '+15550100', firstName: 'Ada', banned: true });
    return fails(exportToken(), desk);
  },
  'auth.importLoginToken AUTH_TOKEN_ALREADY_ACCEPTED': async () => {
    const desk = key(2);
    await call(exportToken(), desk);
    acceptQrToken(state, state.users.findByPhone('15550102')!);
    const mig = await call<Api.auth.LoginTokenMigrateTo>(exportToken(), desk);
    await call(new Api.auth.ImportLoginToken({ token: mig.token }), key(3));
    return fails(new Api.auth.ImportLoginToken({ token: mig.token }), key(3));
  },
  'auth.importLoginToken AUTH_TOKEN_EXPIRED': async () => {
    const t = await call<Api.auth.LoginToken>(exportToken(), key(2));
    clock.t += state.settings.loginTokenTtlMs;
    return fails(new Api.auth.ImportLoginToken({ token: t.token }), key(2));
  },
  'auth.importLoginToken AUTH_TOKEN_INVALID': () => fails(new Api.auth.ImportLoginToken({ token: randomBytes(32) })),
  'auth.importLoginToken AUTH_TOKEN_INVALIDX': () => fails(new Api.auth.ImportLoginToken({ token: Buffer.from('nope') })),
  'auth.acceptLoginToken AUTH_TOKEN_ALREADY_ACCEPTED': async () => {
    const phone = await signedIn();
    const t = await call<Api.auth.LoginToken>(exportToken(), key(2));
    await call(new Api.auth.AcceptLoginToken({ token: t.token }), phone);
    return fails(new Api.auth.AcceptLoginToken({ token: t.token }), phone);
  },
  'auth.acceptLoginToken AUTH_TOKEN_EXCEPTION': async () => {
    const phone = await signedIn();
    const ada = state.users.findByPhone('15550100')!;
    const t = await call<Api.auth.LoginToken>(new Api.auth.ExportLoginToken({ ...API, exceptIds: [bigInt(ada.id.toString())] }), key(2));
    return fails(new Api.auth.AcceptLoginToken({ token: t.token }), phone);
  },
  'auth.acceptLoginToken AUTH_TOKEN_EXPIRED': async () => {
    const phone = await signedIn();
    const t = await call<Api.auth.LoginToken>(exportToken(), key(2));
    clock.t += state.settings.loginTokenTtlMs;
    return fails(new Api.auth.AcceptLoginToken({ token: t.token }), phone);
  },
  'auth.acceptLoginToken AUTH_TOKEN_INVALIDX': async () => fails(new Api.auth.AcceptLoginToken({ token: randomBytes(32) }), await signedIn()),

  'auth.exportAuthorization DC_ID_INVALID': async () => fails(new Api.auth.ExportAuthorization({ dcId: 9 }), await signedIn()),
  'auth.importAuthorization USER_ID_INVALID': async () => {
    const ada = await signedIn();
    const exported = await call<Api.auth.ExportedAuthorization>(new Api.auth.ExportAuthorization({ dcId: 3 }), ada);
    return fails(new Api.auth.ImportAuthorization({ id: bigInt(exported.id).add(1), bytes: exported.bytes }), key(3));
  },
  'auth.importAuthorization AUTH_BYTES_INVALID': () => fails(new Api.auth.ImportAuthorization({ id: bigInt(1), bytes: randomBytes(32) })),
  'auth.resetAuthorizations FRESH_RESET_AUTHORISATION_FORBIDDEN': async () => {
    state.settings.freshResetForbiddenMs = 86_400_000;
    return fails(new Api.auth.ResetAuthorizations(), await signedIn());
  },
};

function readmeRows(): MethodError[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Errors of the auth methods'));
  return section
    .split('\n')
    .filter((l) => /^\| auth\./.test(l))
    .map((l) => l.slice(2, -2).split(/(?<!\\) \| /))
    .map(([method, error, code, condition]) => ({ method: method!, error: error!, code: Number(code), condition: condition!.replace(/\\\|/g, '|') }));
}

beforeEach(() => {
  clock.t = Date.UTC(2026, 0, 1);
  state = new ApiState(new SkewableClock(clock), DCS, { pushUpdates: () => 1, dropConnections: () => undefined }, { freshResetForbiddenMs: 0 });
  for (const u of DEMO_USERS) state.users.add(u);
  api = new ApiDispatcher(state);
});

describe('the README table of auth method errors', () => {
  it('is the table the dispatcher uses, row for row', () => {
    expect(readmeRows()).toEqual([...METHOD_ERRORS]);
  });

  it('gives PHONE_NUMBER_INVALID the code of each page', () => {
    expect(errorCodeFor('PHONE_NUMBER_INVALID', 'auth.sendCode')).toBe(406);
    expect(errorCodeFor('PHONE_NUMBER_INVALID', 'auth.reportMissingCode')).toBe(400);
  });

  it.each(METHOD_ERRORS.map((r) => [`${r.method} ${r.error}`, r] as const))('%s: its condition answers it with the page code', async (_name, row) => {
    const expected = `${row.code} ${row.error.replace('%d', '3')}`;
    if (row.condition.startsWith(INJECTED_ONLY)) {
      const message = row.error.replace('%d', '3');
      state.faults.add({ method: row.method, error: { message, code: errorCodeFor(message, row.method) }, remaining: 1 });
      const make = MINIMAL[row.method];
      expect(make, `a minimal ${row.method} call`).toBeDefined();
      expect(await fails(make!())).toBe(expected);
      return;
    }
    const scenario = SCENARIOS[`${row.method} ${row.error}`];
    expect(scenario, `a scenario for ${row.method} ${row.error}`).toBeDefined();
    expect(await scenario!()).toBe(expected);
  });
});
