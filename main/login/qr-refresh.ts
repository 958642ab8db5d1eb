// QR login's own timing: a token is replaced a little before it expires (the server's `expires`,
// on the injected clock), a scan (updateLoginToken) finishes the sign-in, and a token that
// expired while offline is replaced as soon as the connection is back.
import type { QrOutcome } from '../telegram/telegram-gateway';
import type { FlowContext } from './flow-context';
import type { FlowState } from './flow-state';
import { oneTimer } from './one-timer';
import { completeSignIn, toPasswordStep } from './outcomes';

/** How long before its expiry a token is replaced, and the shortest wait before a refresh. */
const REFRESH_LEAD_MS = 1000;
const MIN_REFRESH_DELAY_MS = 250;

async function onQrOutcome(ctx: FlowContext, outcome: QrOutcome): Promise<void> {
  switch (outcome.kind) {
    case 'token':
      ctx.emit({ type: 'qr_token', loginUrl: outcome.loginUrl, expiresAt: outcome.expiresAt });
      return;
    case 'signed_in':
      await completeSignIn(ctx, outcome.user);
      return;
    case 'password_needed':
      await toPasswordStep(ctx, null);
      return;
  }
}

/** auth.exportLoginToken (accounts already stored here excepted) and what it leads to. */
export async function exportQrToken(ctx: FlowContext): Promise<void> {
  const r = await ctx.gateway.auth.exportLoginToken({ exceptIds: await ctx.vault.storedUserIds() });
  if (r.ok) await onQrOutcome(ctx, r.value);
  else ctx.fail(r.error);
}

/** The qr step shows a code nobody is working on (no action running, connection up). */
function idleQr(state: FlowState): boolean {
  return state.step.step === 'qr' && state.step.busy === null && state.offline === null;
}

export interface QrRefresh {
  /** Called with every state change: (re)schedules or cancels the refresh. */
  onChange(prev: FlowState, next: FlowState): void;
  dispose(): void;
}

export function createQrRefresh(ctx: FlowContext): QrRefresh {
  const timer = oneTimer();
  const refresh = () =>
    ctx.whenFree(async () => {
      if (idleQr(ctx.state())) await exportQrToken(ctx);
    });

  const unsubscribe = ctx.gateway.connection.onLoginTokenAccepted(() => {
    if (ctx.disposed()) return;
    void ctx.whenFree(async () => {
      const { step } = ctx.state();
      if (step.step !== 'qr' || step.busy === 'qr_sign_in') return;
      // The code was scanned: export again to get the authorization.
      timer.clear();
      ctx.emit({ type: 'qr_scanned' });
      await exportQrToken(ctx);
    });
  });

  return {
    onChange(prev, next) {
      const was = prev.step;
      const is = next.step;
      if (is.step !== 'qr') {
        timer.clear();
        return;
      }
      if (is.expiresAt !== null && (was.step !== 'qr' || was.expiresAt !== is.expiresAt || was.loginUrl !== is.loginUrl)) {
        timer.clear();
        if (ctx.disposed()) return;
        timer.set(() => void refresh(), Math.max(MIN_REFRESH_DELAY_MS, is.expiresAt - ctx.now() - REFRESH_LEAD_MS));
      }
      // A code that expired while offline is replaced as soon as the connection is back.
      const back = prev.offline !== null && next.offline === null;
      if (back && idleQr(next) && (is.expiresAt === null || is.expiresAt <= ctx.now() + REFRESH_LEAD_MS)) void refresh();
    },
    dispose() {
      timer.clear();
      unsubscribe();
    },
  };
}
