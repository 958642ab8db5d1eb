// startQrLogin: QR login instead of the code (which is then abandoned), or a fresh token on the
// qr step after one expired.
import type { FlowContext } from '../flow-context';
import { exportQrToken } from '../qr-refresh';

export async function startQrLogin(ctx: FlowContext): Promise<void> {
  const { step, offline } = ctx.state();
  if (step.step === 'code' && step.secret.phoneCodeHash !== null && !offline) {
    await ctx.gateway.auth.cancelCode({ phone: step.phone, phoneCodeHash: step.secret.phoneCodeHash });
  }
  ctx.emit({ type: 'qr_started' });
  await exportQrToken(ctx);
}
