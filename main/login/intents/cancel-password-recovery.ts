// cancelPasswordRecovery: back from recovery to the password step as it was.
import type { FlowContext } from '../flow-context';

export async function cancelPasswordRecovery(ctx: FlowContext): Promise<void> {
  ctx.emit({ type: 'recovery_cancelled' });
}
