// What a signed-in key may ask about itself: users.getUsers / users.getFullUser, updates.getState,
// active sessions (account.getAuthorizations, account.resetAuthorization, auth.resetAuthorizations)
// and carrying the authorization to another DC (auth.exportAuthorization / auth.importAuthorization).
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { on, type ApiState, type Call, type MethodTable } from './api-state';
import type { KeySession } from './authorizations';
import { rpcError } from './rpc-errors';
import { unixSeconds } from './skewable-clock';
import { toTlUser, type UserRecord } from './user-directory';

function platformOf(systemVersion: string): string {
  const v = systemVersion.toLowerCase();
  if (v.includes('windows')) return 'windows';
  if (v.includes('mac') || v.includes('darwin')) return 'macos';
  if (v.includes('linux')) return 'linux';
  return systemVersion || 'unknown';
}

export function accountMethods(state: ApiState): MethodTable {
  function resolveUser(input: Api.TypeInputUser, self: UserRecord): UserRecord | undefined {
    if (input instanceof Api.InputUserSelf) return self;
    if (input instanceof Api.InputUser) {
      const u = state.users.findById(BigInt(input.userId.toString()));
      if (u && (u.id === self.id || u.accessHash === BigInt(input.accessHash.toString()))) return u;
    }
    return undefined;
  }

  function describe(s: KeySession, current: boolean): Api.Authorization {
    const c = s.client;
    return new Api.Authorization({
      current,
      // Telegram gives the current session hash 0: it can't be reset by hash.
      hash: bigInt(current ? '0' : s.hash.toString()),
      deviceModel: c?.deviceModel ?? 'Unknown device',
      platform: platformOf(c?.systemVersion ?? ''),
      systemVersion: c?.systemVersion ?? '',
      apiId: c?.apiId ?? 0,
      appName: c ? `api_id ${c.apiId}` : 'Unknown app',
      appVersion: c?.appVersion ?? '',
      dateCreated: Math.floor(s.signedInAt / 1000),
      dateActive: Math.floor(s.activeAt / 1000),
      ip: s.ip,
      country: 'Local',
      region: '',
    });
  }

  /** Telegram's rule: a session younger than a day can't end others. */
  function checkFresh(call: Call): void {
    const ms = state.settings.freshResetForbiddenMs;
    if (ms > 0 && call.now - call.session.signedInAt < ms) throw rpcError('FRESH_RESET_AUTHORISATION_FORBIDDEN');
  }

  return {
    'users.getUsers': on<Api.users.GetUsers>((req, call) => {
      const self = state.requireUser(call);
      const out: Api.User[] = [];
      for (const input of req.id ?? []) {
        const u = resolveUser(input as Api.TypeInputUser, self);
        if (u) out.push(toTlUser(u, u.id === self.id));
      }
      return out;
    }),

    'users.getFullUser': on<Api.users.GetFullUser>((req, call) => {
      const self = state.requireUser(call);
      const u = resolveUser(req.id as Api.TypeInputUser, self);
      if (!u) throw rpcError('USER_ID_INVALID');
      return new Api.users.UserFull({
        fullUser: new Api.UserFull({
          id: bigInt(u.id.toString()),
          settings: new Api.PeerSettings({}),
          notifySettings: new Api.PeerNotifySettings({}),
          commonChatsCount: 0,
        }),
        chats: [],
        users: [toTlUser(u, u.id === self.id)],
      });
    }),

    'updates.getState': on<Api.updates.GetState>((_req, call) => {
      state.requireUser(call);
      return new Api.updates.State({ pts: 1, qts: 0, date: unixSeconds(state.clock), seq: 0, unreadCount: 0 });
    }),

    'updates.getDifference': on<Api.updates.GetDifference>((_req, call) => {
      state.requireUser(call);
      return new Api.updates.DifferenceEmpty({ date: unixSeconds(state.clock), seq: 0 });
    }),

    'account.getAuthorizations': on<Api.account.GetAuthorizations>((_req, call) => {
      const self = state.requireUser(call);
      const sessions = state.sessions.sessionsOf(self.id).filter((s) => !s.imported || s === call.session);
      const current = sessions.filter((s) => s === call.session);
      const others = sessions.filter((s) => s !== call.session).reverse();
      return new Api.account.Authorizations({
        authorizationTtlDays: 180,
        authorizations: [...current.map((s) => describe(s, true)), ...others.map((s) => describe(s, false))],
      });
    }),

    'account.resetAuthorization': on<Api.account.ResetAuthorization>((req, call) => {
      const self = state.requireUser(call);
      const hash = BigInt(req.hash.toString());
      const target = state.sessions.sessionsOf(self.id).find((s) => s.hash === hash && s !== call.session);
      if (hash === 0n || !target) throw rpcError('HASH_INVALID');
      checkFresh(call);
      state.sessions.revoke(target);
      return true;
    }),

    'auth.resetAuthorizations': on<Api.auth.ResetAuthorizations>((_req, call) => {
      const self = state.requireUser(call);
      checkFresh(call);
      for (const s of state.sessions.sessionsOf(self.id)) if (s !== call.session) state.sessions.revoke(s);
      return true;
    }),

    'auth.exportAuthorization': on<Api.auth.ExportAuthorization>((req, call) => {
      const self = state.requireUser(call);
      if (!state.dcLink(req.dcId)) throw rpcError('DC_ID_INVALID');
      return new Api.auth.ExportedAuthorization({
        id: bigInt(self.id.toString()),
        bytes: state.sessions.exportFor(self.id, req.dcId, call.now),
      });
    }),

    'auth.importAuthorization': on<Api.auth.ImportAuthorization>((req, call) => {
      const owner = state.sessions.exportedUser(Buffer.from(req.bytes ?? []));
      if (owner !== null && owner !== BigInt(req.id.toString())) throw rpcError('USER_ID_INVALID');
      const userId = state.sessions.redeemExported(BigInt(req.id.toString()), Buffer.from(req.bytes ?? []), call.ctx.dcId, call.now);
      const user = userId === null ? undefined : state.users.findById(userId);
      if (!user) throw rpcError('AUTH_BYTES_INVALID');
      return state.signIn(call, user, true);
    }),
  };
}
