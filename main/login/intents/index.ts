// Every intent of the login flow and the operation that carries it out: the service's handler map.
import type { IntentArgs, LoginIntentName } from '../../../common/contract';
import type { FlowContext } from '../flow-context';
import { cancelPasswordRecovery } from './cancel-password-recovery';
import { editPhone } from './edit-phone';
import { endSession } from './end-session';
import { logOut } from './log-out';
import { refreshSessions } from './refresh-sessions';
import { requestNextChannel } from './request-next-channel';
import { requestPasswordRecovery } from './request-password-recovery';
import { startQrLogin } from './start-qr-login';
import { submitCode } from './submit-code';
import { submitLoginEmail } from './submit-login-email';
import { submitPassword } from './submit-password';
import { submitPhone } from './submit-phone';
import { submitRecoveryCode } from './submit-recovery-code';
import { submitSignUp } from './submit-sign-up';

export type IntentOperation<N extends LoginIntentName> = (ctx: FlowContext, args: IntentArgs<N>) => Promise<void>;

export const INTENT_OPERATIONS: { [N in LoginIntentName]: IntentOperation<N> } = {
  submitPhone,
  requestNextChannel,
  submitCode,
  editPhone,
  logOut,
  submitPassword,
  requestPasswordRecovery,
  submitRecoveryCode,
  cancelPasswordRecovery,
  startQrLogin,
  submitSignUp,
  submitLoginEmail,
  refreshSessions,
  endSession,
};
