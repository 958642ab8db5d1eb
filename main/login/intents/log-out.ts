// logOut: auth.logOut, then the stored session goes and the next sign-in starts from a fresh
// auth key, even when the server could not be told. The future auth token the server hands back
// is kept, so this account may sign in again without a code.
import { stepOf, type FlowContext } from '../flow-context';

export async function logOut(ctx: FlowContext): Promise<void> {
  const { user } = stepOf(ctx, 'signed_in');
  ctx.emit({ type: 'logout_started' });
  const result = await ctx.gateway.auth.logOut();
  await ctx.vault.remove(user.id);
  if (result.ok && result.value.futureAuthToken) await ctx.items.addFutureAuthToken(user.phone, result.value.futureAuthToken);
  await ctx.gateway.connection.useSession(null);
  ctx.emit({ type: 'logged_out', error: result.ok ? null : { code: 'LOGOUT_SERVER_FAILED' } });
}
