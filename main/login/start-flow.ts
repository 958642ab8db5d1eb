// Start-up: a flood wait from before a restart is restored; then the stored session (checked
// with the server), or a code still pending from before a restart, or the empty phone step.
import { isSessionGone } from '../telegram/flow-error-sources';
import { isResumable } from '../vault/keychain-items';
import type { FlowContext } from './flow-context';
import { flowErrorOf } from './login-flow';

export async function startFlow(ctx: FlowContext): Promise<void> {
  const flood = await ctx.items.readFlood();
  if (flood && flood.error.retryAt > ctx.now()) ctx.emit({ type: 'flood_restored', ...flood });
  else if (flood) ctx.items.writeFlood(null);

  const loaded = await ctx.vault.load();
  if (loaded.ok && loaded.value !== null) {
    ctx.items.writePendingCode(null);
    const { userId, session } = loaded.value;
    await ctx.gateway.connection.useSession(session);
    const self = await ctx.gateway.users.getSelf();
    if (self.ok) {
      ctx.emit({ type: 'restored', user: self.value });
      return;
    }
    // Whatever happened, the next call starts from a fresh auth key, never the stored one half-used.
    await ctx.gateway.connection.useSession(null);
    if (isSessionGone(self.error.code)) {
      // The server no longer knows this session: it is useless, so it goes, and the person is told why.
      await ctx.vault.remove(userId);
      ctx.emit({ type: 'session_rejected', reason: { code: self.error.code } });
    } else {
      // Network, timeout ...: the session may still be good; keep it for the next start.
      ctx.emit({ type: 'restore_failed', error: flowErrorOf(self.error, ctx.now()) });
    }
    return;
  }

  // A code still pending from before a restart: the same code step, without a new code.
  const item = await ctx.items.readPendingCode();
  if (isResumable(item, ctx.now(), ctx.settings.pendingCodeTtlMs)) {
    await ctx.gateway.connection.useSession(item.session);
    const { phone, phoneCodeHash, delivery, length, next, nextAvailableAt, sentAt } = item;
    ctx.emit({ type: 'code_resumed', phone, phoneCodeHash, delivery, length, next, nextAvailableAt, sentAt });
    return;
  }
  if (item) ctx.items.writePendingCode(null);
  ctx.emit({ type: 'no_session' });
}
