// The calls of the login flow over gramjs, grouped by TL namespace with named parameters.
//
// Why raw requests: gramjs' `client.sendCode` drops `next_type` and `timeout` and its `forceSMS`
// burns the next channel, so auth.sendCode / auth.resendCode are invoked as they are.
// Nothing gramjs-shaped leaves this file: results are plain data (gramjs-mapping.ts), errors are
// flow codes mapped once; the connection and gramjs' internals live in gramjs-connection.ts.
import { Api, helpers, password as srp } from 'telegram';
import { createGramjsConnection, type GramjsConnection, type GramjsConnectionOptions, type RawResult } from './gramjs-connection';
import {
  earliestLocalMs,
  loginUrlOf,
  toActiveSessions,
  toAuthorizedUser,
  toSendCodeOutcome,
  toSentCode,
  toSignedInUser,
  toSignInOutcome,
} from './gramjs-mapping';
import { signInHelpCalls } from './help-calls';
import type { AccountCalls, AuthCalls, GatewayResult, HelpCalls, QrOutcome, TelegramGateway, UsersCalls } from './telegram-gateway';

export type { GramjsTarget } from './gramjs-connection';
export type GramjsGatewayOptions = GramjsConnectionOptions;

const done = { ok: true, value: undefined } as const;
const passwordNeeded = { ok: true, value: { kind: 'password_needed' } } as const;
/** The calls that can sign the auth key in: the key guard runs before each (gramjs-connection.ts). */
const AUTHORIZES = { authorizes: true } as const;

/** A raw answer's error as the gateway reports it (the password flag is read where it matters). */
function failure(r: Extract<RawResult<unknown>, { ok: false }>): GatewayResult<never> {
  return { ok: false, error: r.error };
}

function authCalls(conn: GramjsConnection, target: GramjsConnectionOptions['target']): AuthCalls {
  /** auth.loginToken / loginTokenMigrateTo / loginTokenSuccess, following a migration once. */
  async function qrOutcome(answer: Api.auth.TypeLoginToken, migrated: boolean): Promise<GatewayResult<QrOutcome>> {
    if (answer instanceof Api.auth.LoginToken) {
      // `expires` is on the server's clock; the screen counts on ours, and the refresh must come
      // before the server lets the token go.
      const expiresAt = earliestLocalMs(answer.expires, conn.timeOffsetSec());
      return { ok: true, value: { kind: 'token', loginUrl: loginUrlOf(answer.token), expiresAt } };
    }
    if (answer instanceof Api.auth.LoginTokenSuccess) {
      const user = toAuthorizedUser(answer.authorization);
      return user.ok ? { ok: true, value: { kind: 'signed_in', user: user.value } } : user;
    }
    if (migrated) return { ok: false, error: { code: 'UNKNOWN', detail: 'loginTokenMigrateTo' } };
    // The account lives on another DC: a key there, then import the token.
    const switched = await conn.switchDc(answer.dcId);
    if (!switched.ok) return failure(switched);
    const r = await conn.call<Api.auth.TypeLoginToken>(new Api.auth.ImportLoginToken({ token: answer.token }), AUTHORIZES);
    if (!r.ok) return r.passwordNeeded ? passwordNeeded : failure(r);
    return qrOutcome(r.value, true);
  }

  return {
    async sendCode({ phone, logoutTokens }) {
      const tokens = logoutTokens.map((t) => Buffer.from(t, 'base64')).filter((b) => b.length > 0);
      const r = await conn.call<Api.auth.TypeSentCode>(
        new Api.auth.SendCode({
          phoneNumber: phone,
          apiId: target.apiId,
          apiHash: target.apiHash,
          settings: new Api.CodeSettings(tokens.length > 0 ? { logoutTokens: tokens } : {}),
        }),
        // A future auth token may sign in without a code (auth.sentCodeSuccess).
        tokens.length > 0 ? AUTHORIZES : {},
      );
      return r.ok ? toSendCodeOutcome(r.value) : failure(r);
    },

    async resendCode({ phone, phoneCodeHash }) {
      const r = await conn.call<Api.auth.TypeSentCode>(new Api.auth.ResendCode({ phoneNumber: phone, phoneCodeHash }));
      if (!r.ok) return failure(r);
      if (r.value instanceof Api.auth.SentCode) return { ok: true, value: toSentCode(r.value) };
      // auth.sentCodeSuccess is only answered to sendCode; anything else here is unexpected.
      return { ok: false, error: { code: 'UNKNOWN', detail: r.value.className } };
    },

    async cancelCode({ phone, phoneCodeHash }) {
      const r = await conn.call<boolean>(new Api.auth.CancelCode({ phoneNumber: phone, phoneCodeHash }));
      return r.ok ? done : failure(r);
    },

    async signIn({ phone, phoneCodeHash, code, viaEmail }) {
      const r = await conn.call<Api.auth.TypeAuthorization>(
        new Api.auth.SignIn(
          viaEmail
            ? { phoneNumber: phone, phoneCodeHash, emailVerification: new Api.EmailVerificationCode({ code }) }
            : { phoneNumber: phone, phoneCodeHash, phoneCode: code },
        ),
        AUTHORIZES,
      );
      if (!r.ok) return r.passwordNeeded ? passwordNeeded : failure(r);
      return toSignInOutcome(r.value);
    },

    async signUp({ phone, phoneCodeHash, firstName, lastName }) {
      const r = await conn.call<Api.auth.TypeAuthorization>(new Api.auth.SignUp({ phoneNumber: phone, phoneCodeHash, firstName, lastName }), AUTHORIZES);
      return r.ok ? toAuthorizedUser(r.value) : failure(r);
    },

    async logOut() {
      const r = await conn.call<Api.auth.LoggedOut>(new Api.auth.LogOut());
      if (!r.ok) return failure(r);
      const token = r.value.futureAuthToken;
      return { ok: true, value: { futureAuthToken: token && token.length > 0 ? Buffer.from(token).toString('base64') : null } };
    },

    async checkPassword({ password }) {
      for (let attempt = 0; ; attempt++) {
        const info = await conn.call<Api.account.Password>(new Api.account.GetPassword());
        if (!info.ok) return failure(info);
        let check: Api.InputCheckPasswordSRP;
        try {
          check = await srp.computeCheck(info.value, password);
        } catch {
          return { ok: false, error: { code: 'UNKNOWN', detail: 'computeCheck' } };
        }
        const r = await conn.call<Api.auth.TypeAuthorization>(new Api.auth.CheckPassword({ password: check }), AUTHORIZES);
        if (r.ok) return toAuthorizedUser(r.value);
        // The SRP parameters went stale between getPassword and the check: fetch them again, once.
        if (r.error.code === 'SRP_ID_INVALID' && attempt === 0) continue;
        return failure(r);
      }
    },

    async requestPasswordRecovery() {
      const r = await conn.call<Api.auth.PasswordRecovery>(new Api.auth.RequestPasswordRecovery());
      return r.ok ? { ok: true, value: { emailPattern: r.value.emailPattern } } : failure(r);
    },

    async recoverPassword({ code }) {
      const valid = await conn.call<boolean>(new Api.auth.CheckRecoveryPassword({ code }));
      if (!valid.ok) return failure(valid);
      if (valid.value !== true) return { ok: false, error: { code: 'CODE_INVALID' } };
      const r = await conn.call<Api.auth.TypeAuthorization>(new Api.auth.RecoverPassword({ code }), AUTHORIZES);
      return r.ok ? toAuthorizedUser(r.value) : failure(r);
    },

    async exportLoginToken({ exceptIds }) {
      const ids = exceptIds.filter((id) => /^\d{1,20}$/.test(id)).map((id) => helpers.returnBigInt(id));
      const r = await conn.call<Api.auth.TypeLoginToken>(
        new Api.auth.ExportLoginToken({ apiId: target.apiId, apiHash: target.apiHash, exceptIds: ids }),
        AUTHORIZES,
      );
      if (!r.ok) return r.passwordNeeded ? passwordNeeded : failure(r);
      return qrOutcome(r.value, false);
    },
  };
}

function accountCalls(conn: GramjsConnection): AccountCalls {
  return {
    async getPassword() {
      const r = await conn.call<Api.account.Password>(new Api.account.GetPassword());
      return r.ok ? { ok: true, value: { hint: r.value.hint ?? '', hasRecovery: r.value.hasRecovery === true } } : failure(r);
    },

    async sendVerifyEmailCode({ phone, phoneCodeHash, email }) {
      const r = await conn.call<Api.account.SentEmailCode>(
        new Api.account.SendVerifyEmailCode({ purpose: new Api.EmailVerifyPurposeLoginSetup({ phoneNumber: phone, phoneCodeHash }), email }),
        { skipEntityCache: true },
      );
      return r.ok ? { ok: true, value: { emailPattern: r.value.emailPattern, length: r.value.length } } : failure(r);
    },

    async verifyEmail({ phone, phoneCodeHash, code }) {
      const r = await conn.call<Api.account.TypeEmailVerified>(
        new Api.account.VerifyEmail({
          purpose: new Api.EmailVerifyPurposeLoginSetup({ phoneNumber: phone, phoneCodeHash }),
          verification: new Api.EmailVerificationCode({ code }),
        }),
      );
      if (!r.ok) return failure(r);
      if (r.value instanceof Api.account.EmailVerifiedLogin && r.value.sentCode instanceof Api.auth.SentCode) {
        return { ok: true, value: toSentCode(r.value.sentCode) };
      }
      return { ok: false, error: { code: 'UNKNOWN', detail: r.value.className } };
    },

    async getAuthorizations() {
      const r = await conn.call<Api.account.Authorizations>(new Api.account.GetAuthorizations());
      return r.ok ? { ok: true, value: toActiveSessions(r.value.authorizations) } : failure(r);
    },

    async resetAuthorization({ hash }) {
      const r = await conn.call<boolean>(new Api.account.ResetAuthorization({ hash: helpers.returnBigInt(hash) }));
      return r.ok ? done : failure(r);
    },
  };
}

function usersCalls(conn: GramjsConnection): UsersCalls {
  return {
    async getSelf() {
      const r = await conn.call<Api.TypeUser[]>(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
      if (!r.ok) return failure(r);
      const user = r.value[0] ? toSignedInUser(r.value[0]) : null;
      // No user for "self": this key is not signed in (anymore).
      return user ? { ok: true, value: user } : { ok: false, error: { code: 'AUTH_KEY_UNREGISTERED' } };
    },
  };
}

function helpCalls(conn: GramjsConnection): HelpCalls {
  return {
    ...signInHelpCalls(conn),

    async acceptTermsOfService({ termsId }) {
      const r = await conn.call<boolean>(new Api.help.AcceptTermsOfService({ id: new Api.DataJSON({ data: termsId }) }));
      return r.ok ? done : failure(r);
    },

    async getNearestDc() {
      const r = await conn.call<Api.TypeNearestDc>(new Api.help.GetNearestDc());
      return r.ok ? done : failure(r);
    },
  };
}

export function createGramjsGateway(options: GramjsGatewayOptions): TelegramGateway {
  const connection = createGramjsConnection(options);
  return {
    connection,
    auth: authCalls(connection, options.target),
    account: accountCalls(connection),
    users: usersCalls(connection),
    help: helpCalls(connection),
  };
}
