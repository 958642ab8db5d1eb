// One valid argument object per intent of the contract, for tests that go over every intent.
import type { IntentArgs, IntentName } from '../../common/contract';

export const sampleIntentArgs: { [N in IntentName]: IntentArgs<N> } = {
  getState: {},
  getEnvironment: {},
  submitPhone: { phone: '+15550100' },
  requestNextChannel: {},
  submitCode: { code: '12345' },
  editPhone: {},
  logOut: {},
  submitPassword: { password: 'hunter2' },
  requestPasswordRecovery: {},
  submitRecoveryCode: { code: '12345' },
  cancelPasswordRecovery: {},
  startQrLogin: {},
  submitSignUp: { firstName: 'Ada', lastName: '', acceptTerms: true },
  submitLoginEmail: { email: 'ada@example.com' },
  openExternal: { url: 'https://fragment.com/number/15550100/code' },
  refreshSessions: {},
  endSession: { hash: '-1234567890123456789' },
  addAccount: {},
  cancelAddAccount: {},
  switchAccount: { id: '1000001' },
  logOutAccount: { id: '1000001' },
  logOutAll: {},
  dismissAccountNotice: {},
};
