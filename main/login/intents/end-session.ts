// endSession: end another session of the account (account.resetAuthorization), then show the
// list as it is now. Ending this app's own session is log-out, refused by INTENT_RULES.
import type { IntentArgs } from '../../../common/contract';
import type { FlowContext } from '../flow-context';
import { loadSessions, signedInFailure } from '../outcomes';

export async function endSession(ctx: FlowContext, { hash }: IntentArgs<'endSession'>): Promise<void> {
  ctx.emit({ type: 'session_end_started' });
  const r = await ctx.gateway.account.resetAuthorization({ hash });
  if (r.ok) {
    await loadSessions(ctx);
    return;
  }
  await signedInFailure(ctx, r.error);
  if (r.error.code === 'HASH_INVALID') {
    // Gone already: show the list as it is now (the error stays shown).
    const list = await ctx.gateway.account.getAuthorizations();
    if (list.ok) ctx.emit({ type: 'sessions_loaded', sessions: list.value });
  }
}
