// What the server's answers lead to, shared by several operations: signed in (the session stored
// first), the password step, a new code (or what its type asks for instead), a session the server
// ended, the list of active sessions.
import type { SignedInUser } from '../../common/login-state';
import { isSessionGone } from '../telegram/flow-error-sources';
import type { GatewayError, SentCode } from '../telegram/telegram-gateway';
import { stepOf, type FlowContext } from './flow-context';

/**
 * Store the session (write, read back, compare), then count as signed in. The key's pending copy
 * goes only once the account's item is read back holding this very session: a kill at any point
 * before leaves a key the next start can still log out, one after leaves the stored session.
 */
export async function completeSignIn(ctx: FlowContext, user: SignedInUser): Promise<void> {
  const keychain = await ctx.vault.status();
  if (!keychain.available) {
    // No keychain: signed in for this run only, and nothing is written anywhere else.
    ctx.emit({ type: 'signed_in', user, sessionPersisted: false, error: null });
    return;
  }
  const session = ctx.gateway.connection.exportSession();
  const stored = session ? await ctx.vault.store(user.id, session) : ({ ok: false } as const);
  // An account already here keeps its own item (the account vault stores nothing): this key
  // stays pending until the duplicate is logged out.
  if (stored.ok && session && (await holds(ctx, user.id, session))) await ctx.items.releasePendingKey(session);
  if (stored.ok) ctx.emit({ type: 'signed_in', user, sessionPersisted: true, error: null });
  else ctx.emit({ type: 'signed_in', user, sessionPersisted: false, error: { code: 'KEYCHAIN_WRITE_FAILED' } });
}

async function holds(ctx: FlowContext, userId: string, session: string): Promise<boolean> {
  const item = await ctx.vault.loadSession(userId);
  return item.ok && item.value === session;
}

/** SESSION_PASSWORD_NEEDED: the password step, with the account's hint. */
export async function toPasswordStep(ctx: FlowContext, phone: string | null): Promise<void> {
  const info = await ctx.gateway.account.getPassword();
  // Without the hint the step still works: checkPassword fetches the SRP parameters itself.
  const { hint, hasRecovery } = info.ok ? info.value : { hint: '', hasRecovery: true };
  ctx.emit({ type: 'password_needed', phone, hint, hasRecovery });
}

/** A new auth.sentCode: the code step, or what its type asks for instead. */
export async function onCodeSent(ctx: FlowContext, phone: string, sent: SentCode): Promise<void> {
  // Firebase SMS needs Google Play on the device: a desktop moves on to the next channel.
  if (sent.delivery.kind === 'firebase_sms' && sent.next !== null) {
    const next = await ctx.gateway.auth.resendCode({ phone, phoneCodeHash: sent.phoneCodeHash });
    if (next.ok) {
      await onCodeSent(ctx, phone, next.value);
      return;
    }
    ctx.emit({ type: 'code_sent', phone, sentCode: sent });
    ctx.fail(next.error);
    return;
  }
  if (sent.delivery.kind === 'setup_email_required') {
    ctx.emit({ type: 'email_setup_required', phone, phoneCodeHash: sent.phoneCodeHash });
    return;
  }
  ctx.emit({ type: 'code_sent', phone, sentCode: sent });
  if (sent.delivery.kind === 'firebase_sms') ctx.emit({ type: 'failed', error: { code: 'SEND_CODE_UNAVAILABLE' } });
}

/** auth.sendCode for this (normalized) number, offering the future auth tokens this account's log-outs left. */
export async function sendCode(ctx: FlowContext, phone: string): Promise<void> {
  ctx.emit({ type: 'send_code_started', phone });
  const logoutTokens = await ctx.items.readFutureAuthTokens(phone);
  const result = await ctx.gateway.auth.sendCode({ phone, logoutTokens });
  if (!result.ok) {
    ctx.fail(result.error);
    return;
  }
  if (result.value.kind === 'signed_in') await completeSignIn(ctx, result.value.user);
  else await onCodeSent(ctx, phone, result.value.sentCode);
}

/** A call while signed in failed: a session the server ended is wiped and the person told why; else the error is shown. */
export async function signedInFailure(ctx: FlowContext, error: GatewayError): Promise<void> {
  if (!isSessionGone(error.code)) {
    ctx.fail(error);
    return;
  }
  const { user } = stepOf(ctx, 'signed_in');
  await ctx.vault.remove(user.id);
  await ctx.gateway.connection.useSession(null);
  ctx.emit({ type: 'signed_out', error: { code: error.code } });
}

/** account.getAuthorizations into the signed-in step. */
export async function loadSessions(ctx: FlowContext): Promise<void> {
  const r = await ctx.gateway.account.getAuthorizations();
  if (r.ok) ctx.emit({ type: 'sessions_loaded', sessions: r.value });
  else await signedInFailure(ctx, r.error);
}
