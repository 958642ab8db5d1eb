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
  getProxySettings: {},
  saveProxy: { proxy: { type: 'socks5', server: '127.0.0.1', port: 1080, user: '', password: '' }, activate: true },
  removeProxy: { id: 'p1' },
  setProxyMode: { mode: 'none' },
  checkProxies: {},
  openProxyLink: { link: 'tg://proxy?server=a.org&port=443&secret=00112233445566778899aabbccddeeff' },
  dismissProxyOffer: {},
};
