// QR login over the API: auth.exportLoginToken, auth.importLoginToken, auth.acceptLoginToken, and the
// "a phone scans the code" step the control API triggers (acceptQrToken).
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { on, type ApiState, type Call, type MethodTable } from './api-state';
import { checkApiCredentials } from './auth-code-methods';
import type { LoginToken } from './qr-login';
import { rpcError } from './rpc-errors';
import { unixSeconds } from './skewable-clock';
import type { UserRecord } from './user-directory';

export type QrAcceptOutcome =
  | { ok: true; token: LoginToken; pushedTo: number }
  | { ok: false; error: 'AUTH_TOKEN_INVALID' | 'AUTH_TOKEN_EXPIRED' | 'AUTH_TOKEN_ALREADY_ACCEPTED' | 'AUTH_TOKEN_EXCEPTION' | 'NO_TOKEN' };

/** A signed-in device of `user` accepts a QR token (the given one, or the one on screen now). */
export function acceptQrToken(state: ApiState, user: UserRecord, token?: Buffer): QrAcceptOutcome {
  const now = state.now();
  const t = token ? state.qr.find(token) : state.qr.current(now);
  if (!t) return { ok: false, error: token ? 'AUTH_TOKEN_INVALID' : 'NO_TOKEN' };
  if (t.kind !== 'export') return { ok: false, error: 'AUTH_TOKEN_INVALID' };
  if (t.expiresAt <= now) return { ok: false, error: 'AUTH_TOKEN_EXPIRED' };
  if (t.acceptedBy !== null || t.consumed) return { ok: false, error: 'AUTH_TOKEN_ALREADY_ACCEPTED' };
  // except_ids: accounts already signed in on the exporting app must not be logged in twice.
  if (t.exceptIds.includes(user.id)) return { ok: false, error: 'AUTH_TOKEN_EXCEPTION' };
  t.acceptedBy = user.id;
  const pushedTo = state.actions.pushUpdates(
    t.dc,
    t.authKeyId!,
    new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: unixSeconds(state.clock) }),
  );
  return { ok: true, token: t, pushedTo };
}

/** Every token this server makes is 32 random bytes; anything else can't be one. */
const isTokenShaped = (token: Buffer | undefined) => token !== undefined && Buffer.from(token).length === 32;

export function qrMethods(state: ApiState): MethodTable {
  /** Redeems an accepted token on the DC it belongs to: signs in, or asks for the password. */
  function finish(t: LoginToken, call: Call): Api.auth.LoginTokenSuccess {
    const user = state.users.findById(t.acceptedBy!);
    if (!user) throw rpcError('AUTH_TOKEN_INVALID');
    t.consumed = true;
    if (user.password) {
      call.session.passwordPendingFor = user.id;
      throw rpcError('SESSION_PASSWORD_NEEDED');
    }
    return new Api.auth.LoginTokenSuccess({ authorization: state.signIn(call, user) });
  }

  function redirect(t: LoginToken, home: number, call: Call): Api.auth.LoginTokenMigrateTo {
    const m = state.qr.migrate(t, home, call.now, state.settings.loginTokenTtlMs);
    return new Api.auth.LoginTokenMigrateTo({ dcId: home, token: m.token });
  }

  return {
    'auth.exportLoginToken': on<Api.auth.ExportLoginToken>((req, call) => {
      checkApiCredentials(state, req.apiId, req.apiHash);
      const latest = state.qr.latestFor(call.ctx.dcId, call.ctx.authKeyId);
      if (latest && latest.acceptedBy !== null && !latest.consumed) {
        const user = state.users.findById(latest.acceptedBy);
        // The account that scanned the code was banned before the app came back for it: this
        // login can't complete, and the app starts over with a fresh code.
        if (user?.banned) {
          latest.consumed = true;
          throw rpcError('AUTH_RESTART');
        }
        if (user && user.dc !== call.ctx.dcId) return redirect(latest, user.dc, call);
        return finish(latest, call);
      }
      const exceptIds = (req.exceptIds ?? []).map((id) => BigInt(id.toString()));
      const t = state.qr.export(call.ctx.dcId, call.ctx.authKeyId, exceptIds, call.now, state.settings.loginTokenTtlMs);
      return new Api.auth.LoginToken({ expires: Math.floor(t.expiresAt / 1000), token: t.token });
    }),

    'auth.importLoginToken': on<Api.auth.ImportLoginToken>((req, call) => {
      if (!isTokenShaped(req.token)) throw rpcError('AUTH_TOKEN_INVALIDX');
      const t = state.qr.find(Buffer.from(req.token ?? []));
      if (!t) throw rpcError('AUTH_TOKEN_INVALID');
      if (t.consumed) throw rpcError('AUTH_TOKEN_ALREADY_ACCEPTED');
      if (t.expiresAt <= call.now) throw rpcError('AUTH_TOKEN_EXPIRED');
      if (t.acceptedBy === null) return new Api.auth.LoginToken({ expires: Math.floor(t.expiresAt / 1000), token: t.token });
      const user = state.users.findById(t.acceptedBy);
      if (user && user.dc !== call.ctx.dcId) return redirect(t, user.dc, call);
      return finish(t, call);
    }),

    'auth.acceptLoginToken': on<Api.auth.AcceptLoginToken>((req, call) => {
      const user = state.requireUser(call);
      if (!isTokenShaped(req.token)) throw rpcError('AUTH_TOKEN_INVALIDX');
      const outcome = acceptQrToken(state, user, Buffer.from(req.token ?? []));
      // auth.acceptLoginToken's page names a token it doesn't know AUTH_TOKEN_INVALIDX.
      if (!outcome.ok) throw rpcError(outcome.error === 'NO_TOKEN' || outcome.error === 'AUTH_TOKEN_INVALID' ? 'AUTH_TOKEN_INVALIDX' : outcome.error);
      const exporter = state.sessions.get(outcome.token.dc, outcome.token.authKeyId!);
      const c = exporter?.client;
      return new Api.Authorization({
        hash: bigInt(exporter?.hash.toString() ?? '0'),
        deviceModel: c?.deviceModel ?? 'Unknown',
        platform: c?.systemVersion ?? 'Unknown',
        systemVersion: c?.systemVersion ?? '',
        apiId: c?.apiId ?? 0,
        appName: c ? `api_id ${c.apiId}` : 'Unknown',
        appVersion: c?.appVersion ?? '',
        dateCreated: unixSeconds(state.clock),
        dateActive: unixSeconds(state.clock),
        ip: exporter?.ip ?? '',
        country: 'Local',
        region: '',
      });
    }),
  };
}
