// submitPhone: send a code to this number (auth.sendCode), from the phone step or, for a new
// code after PHONE_CODE_EXPIRED, from the code step. A malformed number costs no round trip.
import type { IntentArgs } from '../../../common/contract';
import { normalizePhone } from '../../../common/input-normalizers';
import type { FlowContext } from '../flow-context';
import { sendCode } from '../outcomes';

export async function submitPhone(ctx: FlowContext, { phone: input }: IntentArgs<'submitPhone'>): Promise<void> {
  const phone = normalizePhone(input);
  if (phone === null) {
    ctx.emit({ type: 'phone_rejected', phone: input.trim(), error: { code: 'PHONE_FORMAT' } });
    return;
  }
  await sendCode(ctx, phone);
}
