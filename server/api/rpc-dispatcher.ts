// The API layer's entry point for the DC servers: logs each request, applies injected faults, and
// routes it to its method group. Unknown methods get 400 METHOD_NOT_IMPLEMENTED, never a crash.
import type { Api } from 'telegram';
import type { RpcCallContext, RpcDispatcher, RpcResultValue } from '../mtproto/dc-types';
import { RpcError } from '../mtproto/dc-types';
import { accountMethods } from './account-methods';
import type { ApiState, Call, MethodTable } from './api-state';
import { authCodeMethods } from './auth-code-methods';
import { emailSetupMethods } from './email-setup-methods';
import { helpMethods } from './help-config';
import { helpLocalizationMethods } from './help-localization';
import { pageCodeFor } from './method-errors';
import { passwordMethods } from './password-methods';
import { qrMethods } from './qr-methods';
import { schemaName } from './request-log';
import { rpcError } from './rpc-errors';

function resultName(value: RpcResultValue): string {
  if (typeof value === 'boolean') return value ? 'boolTrue' : 'boolFalse';
  if (Array.isArray(value)) return 'Vector';
  if ('vectorOfLong' in value) return 'Vector<long>';
  return (value as { className?: string }).className ?? 'object';
}

export class ApiDispatcher implements RpcDispatcher {
  private readonly methods: MethodTable;

  constructor(private readonly state: ApiState) {
    const help = helpMethods(state);
    this.methods = {
      ...help,
      ...helpLocalizationMethods(state, help),
      ...authCodeMethods(state),
      ...emailSetupMethods(state),
      ...passwordMethods(state),
      ...qrMethods(state),
      ...accountMethods(state),
    };
  }

  /** Schema names of the methods this server answers. */
  implemented(): string[] {
    return Object.keys(this.methods).sort();
  }

  async handle(request: Api.AnyRequest, ctx: RpcCallContext): Promise<RpcResultValue> {
    const state = this.state;
    const started = performance.now();
    const method = schemaName(request.className);
    const now = state.now();
    const session = state.sessions.touch(ctx, now);
    const call: Call = { ctx, session, now };
    const base = {
      at: now,
      dc: ctx.dcId,
      authKeyId: ctx.authKeyId.toString(),
      method,
      ...(ctx.client ? { langCode: ctx.client.langCode, systemLangCode: ctx.client.systemLangCode } : {}),
    };
    const fault = state.faults.take(method, ctx.dcId);
    // Drop instead of answering: the client sees its connection close with the call unanswered.
    const drop = async (): Promise<never> => {
      state.actions.dropConnections(ctx.dcId);
      state.log.add({ ...base, outcome: 'dropped', injected: true, ms: performance.now() - started });
      await new Promise((r) => setImmediate(r));
      throw new RpcError(500, 'CONNECTION_DROPPED');
    };
    let result: RpcResultValue;
    try {
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault?.dropConnection === 'before') return await drop();
      if (fault?.error) throw new RpcError(fault.error.code, fault.error.message);
      const handler = this.methods[method];
      if (!handler) throw rpcError('METHOD_NOT_IMPLEMENTED');
      result = await handler(request, { ...call, now: state.now() });
    } catch (e) {
      if (e instanceof RpcError && e.errorMessage === 'CONNECTION_DROPPED') throw e;
      if (fault?.dropConnection === 'after') return drop();
      // A handler's error goes out with the code its method's page gives it.
      const page = e instanceof RpcError && !fault?.error ? pageCodeFor(method, e.errorMessage) : undefined;
      const err = e instanceof RpcError ? (page !== undefined && page !== e.errorCode ? new RpcError(page, e.errorMessage) : e) : new RpcError(500, 'INTERNAL');
      state.log.add({
        ...base,
        outcome: 'error',
        error: e instanceof RpcError ? `${err.errorCode} ${err.errorMessage}` : `500 INTERNAL: ${String(e)}`,
        injected: fault?.error !== undefined,
        ms: performance.now() - started,
      });
      throw err;
    }
    if (fault?.dropConnection === 'after') return drop();
    state.log.add({ ...base, outcome: 'ok', result: resultName(result), ms: performance.now() - started });
    return result;
  }

  onAuthKeyForgotten(dcId: number, authKeyId: bigint): void {
    this.state.sessions.forget(dcId, authKeyId);
  }
}
