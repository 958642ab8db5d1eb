// What a dispatcher call failed with, as "<code> <message>", for tests that expect an rpc_error.
import type { Api } from 'telegram';
import { RpcError, type RpcCallContext, type RpcDispatcher } from '../mtproto/dc-types';

export async function dispatcherFailure(api: RpcDispatcher, req: Api.AnyRequest, ctx: RpcCallContext): Promise<string> {
  try {
    await api.handle(req, ctx);
  } catch (e) {
    if (e instanceof RpcError) return `${e.errorCode} ${e.errorMessage}`;
    throw e;
  }
  throw new Error(`${req.className} succeeded`);
}
