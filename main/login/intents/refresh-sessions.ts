// refreshSessions: reload the account's active sessions (account.getAuthorizations).
import type { FlowContext } from '../flow-context';
import { loadSessions } from '../outcomes';

export async function refreshSessions(ctx: FlowContext): Promise<void> {
  ctx.emit({ type: 'sessions_loading' });
  await loadSessions(ctx);
}
