// The auth API end to end: a stock gramjs TelegramClient (only its DC routing and the server's RSA
// key configured, via gramjs-local.ts) over real MTProto on loopback, against startLocalServer.
import { Api, type TelegramClient } from 'telegram';
import { computeCheck } from 'telegram/Password';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalClient, type GramjsTransport } from '../../main/telegram/local-server-client';
import { startLocalServer, type LocalServer } from '../local-server';

const API_ID = 2040;
const API_HASH = 'b18441a1ff607e10a989891a5462e627';

let server: LocalServer;
let clients: TelegramClient[] = [];
/** What gramjs warned about or logged as an error during a test, connections coming and going aside. */
let warnings: string[] = [];
/**
 * gramjs reports its connections' lifecycle at warning level: closing one (switching DC, ending),
 * reconnecting after a dropped one (its retries, which gramjs words as WebSocket ones even over
 * TCP), a transport flood's -429. The tests cause those on purpose;
 * anything else it says at that level is about the protocol, and must not happen.
 */
const CONNECTION_LIFECYCLE = /^(Disconnecting\.\.\.|\[Reconnect\] Closing current connection\.\.\.|Connection closed while receiving data|Invalid buffer 429 for dc \d+|Error while trying to reconnect|WebSocket connection failed attempt: \d+)/;

/** gramjs' logger, listening for its warnings and errors only. */
class WarningLog extends Logger {
  constructor() {
    super(LogLevel.WARN);
  }
  override log(level: LogLevel, message: string): void {
    if (!CONNECTION_LIFECYCLE.test(message)) warnings.push(`${level}: ${message}`);
  }
}

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto', settings: { freshResetForbiddenMs: 0 } });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
});
afterEach(async () => {
  const said = warnings;
  warnings = [];
  await Promise.allSettled(clients.map((c) => c.destroy()));
  clients = [];
  warnings = [];
  expect(said).toEqual([]);
});

async function client(dcId = 2, opts: { session?: string; transport?: GramjsTransport } = {}): Promise<TelegramClient> {
  const c = createLocalClient({ dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, dcId, ...opts });
  // Its sender takes the client's logger when it connects.
  (c as unknown as { _log: Logger })._log = new WarningLog();
  clients.push(c);
  await c.connect();
  return c;
}

/** The error gramjs raised for a call, as "code MESSAGE". */
async function rpcFailure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: number; errorMessage?: string; seconds?: number };
    // gramjs turns FLOOD_WAIT_X into a FloodWaitError with errorMessage "FLOOD" and the seconds apart.
    if (err.errorMessage === 'FLOOD' && err.seconds !== undefined) return `${err.code} FLOOD_WAIT_${err.seconds}`;
    if (err.errorMessage) return `${err.code} ${err.errorMessage}`;
    throw e;
  }
  throw new Error('the call succeeded');
}

const sendCode = (c: TelegramClient, phone: string, logoutTokens?: Buffer[]) =>
  c.invoke(
    new Api.auth.SendCode({
      phoneNumber: phone,
      apiId: API_ID,
      apiHash: API_HASH,
      settings: new Api.CodeSettings(logoutTokens ? { logoutTokens } : {}),
    }),
  );

async function sentCode(c: TelegramClient, phone: string): Promise<{ sent: Api.auth.SentCode; code: string }> {
  const next = server.waitForMessage(phone);
  const sent = await sendCode(c, phone);
  if (!(sent instanceof Api.auth.SentCode)) throw new Error(`expected auth.sentCode, got ${sent.className}`);
  return { sent, code: (await next).code };
}

async function signIn(c: TelegramClient, phone: string): Promise<Api.User> {
  const { sent, code } = await sentCode(c, phone);
  const auth = await c.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));
  if (!(auth instanceof Api.auth.Authorization)) throw new Error(`expected auth.authorization, got ${auth.className}`);
  return auth.user as Api.User;
}

describe('sign-in with the code fallback', () => {
  it('app code, SMS by auth.resendCode, sign in, then the session works', async () => {
    const c = await client(2);
    const { sent, code: appCode } = await sentCode(c, '+15550100');
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeApp);
    expect(sent.nextType).toBeInstanceOf(Api.auth.CodeTypeSms);
    expect(sent.timeout).toBe(60);
    const smsArrives = server.waitForMessage('+15550100');
    const sms = await c.invoke(new Api.auth.ResendCode({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash }));
    expect(sms).toBeInstanceOf(Api.auth.SentCode);
    expect((sms as Api.auth.SentCode).type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
    expect((sms as Api.auth.SentCode).nextType).toBeInstanceOf(Api.auth.CodeTypeCall);
    const smsMessage = await smsArrives;
    expect(smsMessage.channel).toBe('sms');
    if (smsMessage.code !== appCode) {
      expect(await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: appCode })))).toBe('400 PHONE_CODE_INVALID');
    }
    const auth = await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: smsMessage.code }));
    expect(((auth as Api.auth.Authorization).user as Api.User).self).toBe(true);
    const me = await c.getMe();
    expect(me.phone).toBe('15550100');
    expect(await c.isUserAuthorized()).toBe(true);
    const full = await c.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
    expect(full.users[0]).toMatchObject({ firstName: 'Ada' });
  });

  for (const transport of ['abridged', 'obfuscated'] as const) {
    it(`signs in over the ${transport} transport too`, async () => {
      const c = await client(2, { transport });
      expect((await signIn(c, '+15550100')).phone).toBe('15550100');
    });
  }

  it('the errors of sendCode, resendCode, cancelCode and signIn reach gramjs with their codes', async () => {
    const c = await client(2);
    expect(await rpcFailure(sendCode(c, '+12'))).toBe('406 PHONE_NUMBER_INVALID');
    const { sent } = await sentCode(c, '+15550103');
    expect(sent.nextType ?? null).toBeNull();
    expect(await rpcFailure(c.invoke(new Api.auth.ResendCode({ phoneNumber: '+15550103', phoneCodeHash: sent.phoneCodeHash })))).toBe('406 SEND_CODE_UNAVAILABLE');
    expect(await rpcFailure(c.invoke(new Api.auth.ResendCode({ phoneNumber: '+15550103', phoneCodeHash: '' })))).toBe('400 PHONE_CODE_HASH_EMPTY');
    expect(await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550103', phoneCodeHash: sent.phoneCodeHash, phoneCode: '' })))).toBe('400 PHONE_CODE_EMPTY');
    const real = server.inbox('+15550103').at(-1)!.code;
    expect(await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550103', phoneCodeHash: sent.phoneCodeHash, phoneCode: real === '00000' ? '11111' : '00000' })))).toBe('400 PHONE_CODE_INVALID');
    expect(await c.invoke(new Api.auth.CancelCode({ phoneNumber: '+15550103', phoneCodeHash: sent.phoneCodeHash }))).toBe(true);
    expect(await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550103', phoneCodeHash: sent.phoneCodeHash, phoneCode: real })))).toBe('400 PHONE_CODE_EXPIRED');
    server.users.add({ phone: '+15550177', firstName: 'Banned', banned: true });
    expect(await rpcFailure(sendCode(c, '+15550177'))).toBe('400 PHONE_NUMBER_BANNED');
    expect(await rpcFailure(c.invoke(new Api.updates.GetState()))).toBe('401 AUTH_KEY_UNREGISTERED');
  });

  it('a code expires by the server clock (skewed 6 minutes ahead; gramjs corrects its msg_id time)', async () => {
    const c = await client(2);
    const { sent, code } = await sentCode(c, '+15550100');
    server.clock.skew(6 * 60_000);
    expect(await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: code })))).toBe('400 PHONE_CODE_EXPIRED');
  });

  it('repeated sendCode for one number ends in FLOOD_WAIT_X (not slept through: floodSleepThreshold 0)', async () => {
    server.settings.set({ sendCodeLimit: 2, sendCodeWindowMs: 600_000 });
    const c = await client(2);
    await sendCode(c, '+15550100');
    await sendCode(c, '+15550100');
    const failure = await rpcFailure(sendCode(c, '+15550100'));
    expect(failure).toMatch(/^420 FLOOD_WAIT_(\d+)$/);
    expect(Number(failure.split('_').at(-1))).toBeGreaterThan(590);
  });
});

describe('data centres', () => {
  it('PHONE_MIGRATE_3: gramjs switches to DC 3 and signs in there', async () => {
    const c = await client(2);
    const user = await signIn(c, '+15550102');
    expect(user.phone).toBe('15550102');
    expect(c.session.dcId).toBe(3);
    const migrate = server.log().find((e) => e.method === 'auth.sendCode' && e.dc === 2);
    expect(migrate?.error).toBe('303 PHONE_MIGRATE_3');
    expect(server.log().some((e) => e.method === 'auth.signIn' && e.dc === 3 && e.outcome === 'ok')).toBe(true);
  });

  it('help.getConfig gives the real local ports, so gramjs reaches the other DCs', async () => {
    const c = await client(1);
    const cfg = await c.invoke(new Api.help.GetConfig());
    expect(cfg.thisDc).toBe(1);
    expect(cfg.dcOptions.map((d) => ({ id: d.id, host: d.ipAddress, port: d.port }))).toEqual(server.dcs);
  });

  it('exportAuthorization / importAuthorization: a signed-in client borrows a sender on another DC', async () => {
    const c = await client(2);
    await signIn(c, '+15550100');
    const state = await c.invoke(new Api.updates.GetState(), 3);
    expect(state).toBeInstanceOf(Api.updates.State);
    expect(server.log().filter((e) => e.method === 'auth.exportAuthorization' || e.method === 'auth.importAuthorization').map((e) => [e.method, e.dc, e.outcome])).toEqual([
      ['auth.exportAuthorization', 2, 'ok'],
      ['auth.importAuthorization', 3, 'ok'],
    ]);
    expect(await rpcFailure(c.invoke(new Api.auth.ExportAuthorization({ dcId: 42 })))).toBe('400 DC_ID_INVALID');
    expect(await rpcFailure(c.invoke(new Api.auth.ImportAuthorization({ id: (await c.getMe()).id, bytes: Buffer.alloc(32) })))).toBe('400 AUTH_BYTES_INVALID');
  });
});

describe('two-step password', () => {
  it('SESSION_PASSWORD_NEEDED, then SRP with gramjs computeCheck; a wrong password is PASSWORD_HASH_INVALID', async () => {
    const c = await client(2);
    const { sent, code } = await sentCode(c, '+15550101');
    expect(await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550101', phoneCodeHash: sent.phoneCodeHash, phoneCode: code })))).toBe('401 SESSION_PASSWORD_NEEDED');
    const pw = await c.invoke(new Api.account.GetPassword());
    expect(pw.hint).toBe('the usual');
    expect(await rpcFailure(c.invoke(new Api.auth.CheckPassword({ password: await computeCheck(pw, 'wrong') })))).toBe('400 PASSWORD_HASH_INVALID');
    // The srp_id rotated with that check: the old challenge is spent.
    expect(await rpcFailure(c.invoke(new Api.auth.CheckPassword({ password: await computeCheck(pw, 'hunter2') })))).toBe('400 SRP_ID_INVALID');
    const fresh = await c.invoke(new Api.account.GetPassword());
    const auth = await c.invoke(new Api.auth.CheckPassword({ password: await computeCheck(fresh, 'hunter2') }));
    expect(((auth as Api.auth.Authorization).user as Api.User).phone).toBe('15550101');
    expect((await c.getMe()).phone).toBe('15550101');
  });

  it('recovery by email: pattern, code in the inbox, checkRecoveryPassword, recoverPassword signs in', async () => {
    const c = await client(2);
    const { sent, code } = await sentCode(c, '+15550101');
    await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550101', phoneCodeHash: sent.phoneCodeHash, phoneCode: code })));
    const mail = server.waitForMessage('+15550101');
    const rec = await c.invoke(new Api.auth.RequestPasswordRecovery());
    expect(rec.emailPattern).toBe('g***e@e***.com');
    const m = await mail;
    expect(m).toMatchObject({ channel: 'email', purpose: 'recovery' });
    expect(await rpcFailure(c.invoke(new Api.auth.CheckRecoveryPassword({ code: m.code === '000000' ? '111111' : '000000' })))).toBe('400 CODE_INVALID');
    expect(await c.invoke(new Api.auth.CheckRecoveryPassword({ code: m.code }))).toBe(true);
    const auth = await c.invoke(new Api.auth.RecoverPassword({ code: m.code }));
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
    const after = await c.invoke(new Api.account.GetPassword());
    expect(after.hasPassword).toBeFalsy();
  });

  it('wrong passwords per account: past maxCodeAttempts checkPassword answers FLOOD_WAIT_X even to the right one, sendCode PHONE_PASSWORD_FLOOD, until the window frees', async () => {
    server.settings.set({ maxCodeAttempts: 3, sendCodeWindowMs: 600_000 });
    const c = await client(2);
    const { sent, code } = await sentCode(c, '+15550101');
    expect(await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550101', phoneCodeHash: sent.phoneCodeHash, phoneCode: code })))).toBe('401 SESSION_PASSWORD_NEEDED');
    for (let i = 0; i < 3; i++) {
      const pw = await c.invoke(new Api.account.GetPassword());
      expect(await rpcFailure(c.invoke(new Api.auth.CheckPassword({ password: await computeCheck(pw, `guess ${i}`) })))).toBe('400 PASSWORD_HASH_INVALID');
    }
    const right = await c.invoke(new Api.account.GetPassword());
    expect(await rpcFailure(c.invoke(new Api.auth.CheckPassword({ password: await computeCheck(right, 'hunter2') })))).toMatch(/^420 FLOOD_WAIT_(600|59\d)$/);
    // A sign-in started elsewhere is refused for the account, not for the number next to it.
    const other = await client(2);
    expect(await rpcFailure(sendCode(other, '+15550101'))).toBe('406 PHONE_PASSWORD_FLOOD');
    expect(await sendCode(other, '+15550100')).toBeInstanceOf(Api.auth.SentCode);
    server.clock.skew(600_000);
    const again = await c.invoke(new Api.account.GetPassword());
    const auth = await c.invoke(new Api.auth.CheckPassword({ password: await computeCheck(again, 'hunter2') }));
    expect(((auth as Api.auth.Authorization).user as Api.User).phone).toBe('15550101');
    expect(await sendCode(other, '+15550101')).toBeInstanceOf(Api.auth.SentCode);
  });

  it('PASSWORD_RECOVERY_NA for an account without a recovery email', async () => {
    server.users.add({ phone: '+15550166', firstName: 'No', lastName: 'Mail', password: 'pw1' });
    const c = await client(2);
    const { sent, code } = await sentCode(c, '+15550166');
    await rpcFailure(c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550166', phoneCodeHash: sent.phoneCodeHash, phoneCode: code })));
    expect(await rpcFailure(c.invoke(new Api.auth.RequestPasswordRecovery()))).toBe('400 PASSWORD_RECOVERY_NA');
  });
});

describe('sign-up', () => {
  it('signUpRequired with terms, auth.signUp, help.acceptTermsOfService', async () => {
    const c = await client(1);
    const { sent, code } = await sentCode(c, '+15550150');
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
    const r = await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550150', phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));
    expect(r).toBeInstanceOf(Api.auth.AuthorizationSignUpRequired);
    const tos = (r as Api.auth.AuthorizationSignUpRequired).termsOfService!;
    expect(tos.text.length).toBeGreaterThan(20);
    const auth = await c.invoke(new Api.auth.SignUp({ phoneNumber: '+15550150', phoneCodeHash: sent.phoneCodeHash, firstName: 'Nova', lastName: 'Person' }));
    expect(((auth as Api.auth.Authorization).user as Api.User).firstName).toBe('Nova');
    expect(await c.invoke(new Api.help.AcceptTermsOfService({ id: tos.id }))).toBe(true);
    expect(server.users.list().find((u) => u.phone === '+15550150')).toMatchObject({ dc: 1, firstName: 'Nova' });
  });

  it('PHONE_NUMBER_APP_SIGNUP_FORBIDDEN when the app may not sign up new numbers', async () => {
    server.settings.set({ appSignupForbidden: true });
    const c = await client(1);
    expect(await rpcFailure(sendCode(c, '+15550151'))).toBe('400 PHONE_NUMBER_APP_SIGNUP_FORBIDDEN');
  });
});

describe('QR login', () => {
  function scanWhenShown(phone: string) {
    return async ({ token }: { token: Buffer; expires: number }) => {
      const out = server.qrAccept(phone, token.toString('base64url'));
      if (!out.ok) throw new Error(out.message);
    };
  }

  it('gramjs signInUserWithQrCode on the home DC: updateLoginToken push, then loginTokenSuccess', async () => {
    const c = await client(2);
    const user = await c.signInUserWithQrCode({ apiId: API_ID, apiHash: API_HASH }, {
      qrCode: scanWhenShown('+15550100'),
      onError: (e) => {
        throw e;
      },
    });
    expect((user as Api.User).phone).toBe('15550100');
    expect(c.session.dcId).toBe(2);
  });

  it('across DCs: loginTokenMigrateTo, then auth.importLoginToken on DC 3', async () => {
    const c = await client(2);
    const user = await c.signInUserWithQrCode({ apiId: API_ID, apiHash: API_HASH }, {
      qrCode: scanWhenShown('+15550102'),
      onError: (e) => {
        throw e;
      },
    });
    expect((user as Api.User).phone).toBe('15550102');
    expect(c.session.dcId).toBe(3);
    expect(server.log().find((e) => e.method === 'auth.importLoginToken')).toMatchObject({ dc: 3, outcome: 'ok', result: 'auth.LoginTokenSuccess' });
  });

  it('the password step after a scan of a 2FA account', async () => {
    const c = await client(2);
    const user = await c.signInUserWithQrCode({ apiId: API_ID, apiHash: API_HASH }, {
      qrCode: scanWhenShown('+15550101'),
      password: async () => 'hunter2',
      onError: (e) => {
        throw e;
      },
    });
    expect((user as Api.User).phone).toBe('15550101');
  });

  it('raw: except_ids, expiry, the control API accepts the token on screen, auth.acceptLoginToken from a signed-in client', async () => {
    const desk = await client(2);
    const ada = await client(2);
    const adaUser = await signIn(ada, '+15550100');
    const t = await desk.invoke(new Api.auth.ExportLoginToken({ apiId: API_ID, apiHash: API_HASH, exceptIds: [adaUser.id] }));
    expect(t).toBeInstanceOf(Api.auth.LoginToken);
    expect(await rpcFailure(ada.invoke(new Api.auth.AcceptLoginToken({ token: (t as Api.auth.LoginToken).token })))).toBe('400 AUTH_TOKEN_EXCEPTION');
    const t2 = (await desk.invoke(new Api.auth.ExportLoginToken({ apiId: API_ID, apiHash: API_HASH, exceptIds: [] }))) as Api.auth.LoginToken;
    const pushed = new Promise<void>((resolve) => desk.addEventHandler((u) => u instanceof Api.UpdateLoginToken && resolve()));
    const accepted = await ada.invoke(new Api.auth.AcceptLoginToken({ token: t2.token }));
    expect(accepted.deviceModel).toBe('Gramdesk test');
    await pushed;
    expect(await desk.invoke(new Api.auth.ExportLoginToken({ apiId: API_ID, apiHash: API_HASH, exceptIds: [] }))).toBeInstanceOf(Api.auth.LoginTokenSuccess);
    // Expiry by the server clock.
    const other = await client(2);
    const t3 = (await other.invoke(new Api.auth.ExportLoginToken({ apiId: API_ID, apiHash: API_HASH, exceptIds: [] }))) as Api.auth.LoginToken;
    expect(t3.expires - Math.floor(server.clock.now() / 1000)).toBeGreaterThanOrEqual(29);
    server.clock.skew(31_000);
    expect(server.qrAccept('+15550100', Buffer.from(t3.token).toString('base64url'))).toMatchObject({ ok: false, error: 'AUTH_TOKEN_EXPIRED' });
    expect(await rpcFailure(other.invoke(new Api.auth.ImportLoginToken({ token: t3.token })))).toBe('400 AUTH_TOKEN_EXPIRED');
    expect(await rpcFailure(other.invoke(new Api.auth.ImportLoginToken({ token: Buffer.from('junk') })))).toBe('400 AUTH_TOKEN_INVALIDX');
  });
});

describe('log-out and sessions', () => {
  it('auth.logOut gives a future_auth_token; sendCode with it as logout_tokens signs in without a code', async () => {
    const c = await client(2);
    await signIn(c, '+15550100');
    const out = await c.invoke(new Api.auth.LogOut());
    expect(out.futureAuthToken?.length).toBe(32);
    expect(await rpcFailure(c.invoke(new Api.updates.GetState()))).toBe('401 AUTH_KEY_UNREGISTERED');
    const before = server.inbox('+15550100').length;
    const r = await sendCode(c, '+15550100', [out.futureAuthToken!]);
    expect(r).toBeInstanceOf(Api.auth.SentCodeSuccess);
    expect(server.inbox('+15550100').length).toBe(before);
    expect((await c.getMe()).phone).toBe('15550100');
  });

  it('account.getAuthorizations lists both sessions; resetAuthorization ends the other with SESSION_REVOKED', async () => {
    const a = await client(2);
    const b = await client(2);
    await signIn(a, '+15550100');
    await signIn(b, '+15550100');
    const list = await a.invoke(new Api.account.GetAuthorizations());
    expect(list.authorizations).toHaveLength(2);
    expect(list.authorizations[0]).toMatchObject({ current: true, deviceModel: 'Gramdesk test', apiId: API_ID });
    const other = list.authorizations[1]!;
    expect(await a.invoke(new Api.account.ResetAuthorization({ hash: other.hash }))).toBe(true);
    expect(await rpcFailure(b.invoke(new Api.updates.GetState()))).toBe('401 SESSION_REVOKED');
    expect(await rpcFailure(a.invoke(new Api.account.ResetAuthorization({ hash: other.hash })))).toBe('400 HASH_INVALID');
  });

  it('FRESH_RESET_AUTHORISATION_FORBIDDEN from a session under a day old when the rule is on', async () => {
    server.settings.set({ freshResetForbiddenMs: 24 * 3600_000 });
    const a = await client(2);
    const b = await client(2);
    await signIn(a, '+15550100');
    await signIn(b, '+15550100');
    const list = await b.invoke(new Api.account.GetAuthorizations());
    expect(await rpcFailure(b.invoke(new Api.account.ResetAuthorization({ hash: list.authorizations[1]!.hash })))).toBe('406 FRESH_RESET_AUTHORISATION_FORBIDDEN');
  });
});

describe('faults', () => {
  it('an injected FLOOD_WAIT_30 reaches gramjs as a FloodWaitError of 30 s, once', async () => {
    server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_30', times: 1 });
    const c = await client(2);
    let seconds = 0;
    try {
      await sendCode(c, '+15550100');
    } catch (e) {
      seconds = (e as { seconds: number }).seconds;
    }
    expect(seconds).toBe(30);
    expect(await sendCode(c, '+15550100')).toBeInstanceOf(Api.auth.SentCode);
  });

  it('PHONE_MIGRATE injected on sendCode moves the client; explicit codes are kept', async () => {
    server.faults.add({ method: 'auth.sendCode', error: 'PHONE_MIGRATE_1', dc: 2, times: 1 });
    server.faults.add({ method: 'auth.cancelCode', error: 'SOMETHING_ODD', code: 403, times: 1 });
    const c = await client(2);
    const { sent } = await sentCode(c, '+15550160');
    expect(c.session.dcId).toBe(1);
    expect(await rpcFailure(c.invoke(new Api.auth.CancelCode({ phoneNumber: '+15550160', phoneCodeHash: sent.phoneCodeHash })))).toBe('403 SOMETHING_ODD');
  });

  it('a delay holds the answer back by delayMs', async () => {
    server.faults.add({ method: 'help.getNearestDc', delayMs: 300, times: 1 });
    const c = await client(2);
    const t0 = performance.now();
    await c.invoke(new Api.help.GetNearestDc());
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(server.log().find((e) => e.method === 'help.getNearestDc')!.ms).toBeGreaterThanOrEqual(290);
  });

  it('a dropped connection during signIn: gramjs reconnects, resends, and signs in', async () => {
    const c = await client(2);
    const { sent, code } = await sentCode(c, '+15550100');
    server.faults.add({ method: 'auth.signIn', dropConnection: 'before', times: 1 });
    const auth = await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
    expect(server.log().filter((e) => e.method === 'auth.signIn').map((e) => e.outcome)).toEqual(['dropped', 'ok']);
  });

  it('a connection dropped after sendCode ran: gramjs resends, a second code goes out, the hash it gets works', async () => {
    const c = await client(2);
    server.faults.add({ method: 'auth.sendCode', dropConnection: true, times: 1 });
    const sent = (await sendCode(c, '+15550100')) as Api.auth.SentCode;
    const inbox = server.inbox('+15550100');
    expect(inbox).toHaveLength(2);
    expect(server.log().filter((e) => e.method === 'auth.sendCode').map((e) => e.outcome)).toEqual(['dropped', 'ok']);
    const auth = await c.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: inbox[1]!.code }));
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
  });

  it('dropping a DC\'s connections, flooding its transport once, skewing the clock an hour: the client carries on', async () => {
    const c = await client(2);
    await signIn(c, '+15550100');
    server.faults.add({ dropConnections: 2 });
    expect(await c.invoke(new Api.updates.GetState())).toBeInstanceOf(Api.updates.State);
    server.faults.add({ transportFlood: 2, times: 1 });
    expect(await c.invoke(new Api.updates.GetState())).toBeInstanceOf(Api.updates.State);
    server.faults.add({ clockSkewMs: 3_600_000 });
    const st = await c.invoke(new Api.updates.GetState());
    expect(Math.abs(st.date - (Date.now() / 1000 + 3600))).toBeLessThan(60);
  });

  it('forgetting the auth keys of a DC unbinds their sessions; a new key signs in again', async () => {
    const c = await client(2);
    await signIn(c, '+15550100');
    server.faults.add({ forgetAuthKeys: 2 });
    expect(server.dcServers.find((d) => d.id === 2)!.stats().authKeys).toBe(0);
    const fresh = await client(2);
    expect(await rpcFailure(fresh.invoke(new Api.updates.GetState()))).toBe('401 AUTH_KEY_UNREGISTERED');
    expect((await signIn(fresh, '+15550100')).phone).toBe('15550100');
  });

  it('unimplemented methods get 400 METHOD_NOT_IMPLEMENTED and the server stays up', async () => {
    const c = await client(2);
    await signIn(c, '+15550100');
    expect(await rpcFailure(c.invoke(new Api.contacts.GetContacts({ hash: 0 as never })))).toBe('400 METHOD_NOT_IMPLEMENTED');
    expect(await c.invoke(new Api.updates.GetState())).toBeInstanceOf(Api.updates.State);
  });
});
