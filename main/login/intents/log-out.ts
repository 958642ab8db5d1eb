// logOut: the stored session goes, then auth.logOut, and the next sign-in starts from a fresh auth
// key, even when the server could not be told. The key is kept as pending first, until the server
// has ended its authorization: a kill after the session item went, or a server that could not be
// reached, leaves the next start a key to log out rather than an authorization nobody can end.
// The future auth token the server hands back is kept, so this account may sign in again without a code.
import { isSessionGone } from '../../telegram/flow-error-sources';
import { stepOf, type FlowContext } from '../flow-context';

export async function logOut(ctx: FlowContext): Promise<void> {
  const { user } = stepOf(ctx, 'signed_in');
  ctx.emit({ type: 'logout_started' });
  const session = ctx.gateway.connection.exportSession();
  if (session) await ctx.items.keepPendingKey(session);
  await ctx.vault.remove(user.id);
  const result = await ctx.gateway.auth.logOut();
  if (session && (result.ok || isSessionGone(result.error.code))) await ctx.items.releasePendingKey(session);
  if (result.ok && result.value.futureAuthToken) await ctx.items.addFutureAuthToken(user.phone, result.value.futureAuthToken);
  await ctx.gateway.connection.useSession(null);
  ctx.emit({ type: 'logged_out', error: result.ok ? null : { code: 'LOGOUT_SERVER_FAILED' } });
}
