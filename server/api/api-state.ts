// Everything the API layer knows, shared by all DCs of one server (Telegram's DCs share one account
// database): users, codes in flight, inbox, sessions, QR tokens, faults, the request log, settings.
import { Api } from 'telegram';
import type { Clock, RpcCallContext, RpcResultValue } from '../mtproto/dc-types';
import { Authorizations, type KeySession } from './authorizations';
import type { Delivery } from './code-channels';
import { FaultInjector } from './fault-injector';
import { Inbox, type InboxMessage } from './inbox';
import { PhoneCodes } from './phone-codes';
import { QrLogins } from './qr-login';
import { RequestLog } from './request-log';
import { rpcError } from './rpc-errors';
import { DEFAULT_SETTINGS, type ApiSettings } from './settings';
import { unixSeconds } from './skewable-clock';
import { toTlUser, UserDirectory, type UserRecord } from './user-directory';

export interface DcLink {
  id: number;
  host: string;
  port: number;
}

/** What the API layer may ask of the DC servers (the protocol layer). */
export interface DcActions {
  /** Push updates to the live sessions of an auth key on a DC; how many got it. */
  pushUpdates(dc: number, authKeyId: bigint, updates: Api.TypeUpdates): number;
  /** Close every client connection of a DC. */
  dropConnections(dc: number): void;
}

/** One API call as a handler sees it. */
export interface Call {
  ctx: RpcCallContext;
  session: KeySession;
  /** Server-clock ms at arrival. */
  now: number;
}

export type Handler = (request: Api.AnyRequest, call: Call) => Promise<RpcResultValue> | RpcResultValue;
export type MethodTable = Record<string, Handler>;

/** Typed handler for one request class (the table is keyed by schema name, so the cast is safe). */
export function on<T>(fn: (request: T, call: Call) => Promise<RpcResultValue> | RpcResultValue): Handler {
  return fn as unknown as Handler;
}

export const TERMS_OF_SERVICE_ID = 'gramdesk-local-tos-1';

export class ApiState {
  readonly users: UserDirectory;
  readonly inbox = new Inbox();
  readonly codes = new PhoneCodes();
  readonly sessions = new Authorizations();
  readonly qr = new QrLogins();
  readonly faults = new FaultInjector();
  readonly log = new RequestLog();
  readonly settings: ApiSettings;

  constructor(
    readonly clock: Clock,
    readonly dcs: readonly DcLink[],
    readonly actions: DcActions,
    settings: Partial<ApiSettings> = {},
  ) {
    this.users = new UserDirectory(
      dcs.map((d) => d.id),
      dcs.find((d) => d.id === 2)?.id ?? dcs[0]!.id,
    );
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
  }

  now(): number {
    return this.clock.now();
  }

  /** The signed-in user of the calling key, or the 401 Telegram answers. */
  requireUser(call: Call): UserRecord {
    const { session } = call;
    if (session.userId === null) throw rpcError(session.revoked ? 'SESSION_REVOKED' : 'AUTH_KEY_UNREGISTERED');
    const user = this.users.findById(session.userId);
    if (!user) throw rpcError('AUTH_KEY_UNREGISTERED');
    return user;
  }

  /** Binds the calling key to the user and describes the new authorization. */
  signIn(call: Call, user: UserRecord, imported = false): Api.auth.Authorization {
    this.sessions.bind(call.session, user.id, call.now, imported);
    return new Api.auth.Authorization({ user: toTlUser(user, true) });
  }

  deliver(phoneDigits: string, delivery: Delivery, purpose: InboxMessage['purpose']): void {
    if (delivery.channel === 'setup_email_required') return;
    this.inbox.deliver(phoneDigits, {
      channel: delivery.channel,
      code: delivery.code,
      purpose,
      date: unixSeconds(this.clock),
      ...delivery.extra,
    });
  }

  termsOfService(): Api.help.TermsOfService {
    return new Api.help.TermsOfService({
      popup: true,
      id: new Api.DataJSON({ data: JSON.stringify(TERMS_OF_SERVICE_ID) }),
      text:
        'Gramdesk local test server terms: this server is for development, demos and tests only. ' +
        'Accounts and codes here are not Telegram accounts and vanish when the server stops.',
      entities: [],
      minAgeConfirm: 16,
    });
  }

  dcLink(id: number): DcLink | undefined {
    return this.dcs.find((d) => d.id === id);
  }

  /** Forget everything the API layer learned (users are re-added by the caller). */
  reset(settings: Partial<ApiSettings> = {}): void {
    this.users.clear();
    this.inbox.clear();
    this.codes.clear();
    this.sessions.clear();
    this.qr.clear();
    this.faults.clear();
    this.log.clear();
    Object.assign(this.settings, DEFAULT_SETTINGS, settings);
  }
}
