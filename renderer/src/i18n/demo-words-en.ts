// The offline demo's panel and the connection choice, in English. These screens are not in the
// language dictionary yet: like the proxy screens' words (proxy-words-en.ts), they stay English
// in every language until they are moved there.
import type { ApiHashProblem, ApiIdProblem } from '../../../common/api-credentials';
import type { SetupProblem } from '../../../common/contract';
import { formatPhone } from '../lib/phone-number';

const demoChannelNames: Record<string, string> = {
  app: 'Telegram app',
  sms: 'SMS',
  call: 'Phone call',
  flash_call: 'Short call',
  missed_call: 'Missed call',
  email: 'Email',
  fragment_sms: 'Fragment',
  firebase_sms: 'Firebase SMS',
  sms_word: 'SMS word',
  sms_phrase: 'SMS phrase',
  setup_email_required: 'Login email set-up',
};

/** A code channel's name as the demo shows it. */
export function demoChannelName(channel: string): string {
  return demoChannelNames[channel] ?? channel;
}

export const demoText = {
  title: 'Offline demo',
  intro:
    'Gramdesk is talking to a local test server on this computer, not to Telegram. Sign in with one of these numbers; the codes the server “sends” appear below, as they would on a phone.',
  externalServer:
    'The codes the server “sends” are in that server’s own inbox (its control API), not in this window.',
  usersLabel: 'Demo accounts',
  codeChannels: (channels: string[]) => `code by ${channels.map(demoChannelName).join(' → ')}`,
  dataCenter: (dc: number) => `data center ${dc}`,
  hasPassword: 'has a two-step password',
  messagesTitle: 'Delivered messages',
  noMessages: 'Nothing delivered yet. Enter one of the numbers above and the code shows up here.',
  messageTo: (channel: string, phone: string) => `${demoChannelName(channel)} to ${formatPhone(phone)}`,
  messageBody: (purpose: 'login' | 'recovery', channel: string, extra: Record<string, string>) => {
    if (purpose === 'recovery') return `Your password recovery code${extra.email ? ` (sent to ${extra.email})` : ''}:`;
    if (channel === 'flash_call') return `A call from ${extra.callerNumber ?? 'a number'}. The whole number is the code:`;
    if (channel === 'missed_call') return `A missed call from ${extra.callerNumber ?? 'a number'}. Its last digits are the code:`;
    if (channel === 'email') return `Your login code${extra.email ? ` (sent to ${extra.email})` : ''}:`;
    if (channel === 'sms_word' || channel === 'sms_phrase') return 'Your login words:';
    return 'Your login code:';
  },
  copy: 'Copy',
  copied: 'Copied',
  copyLabel: (code: string) => `Copy the code ${code}`,
  copyFailed: 'Could not copy here; select the code and copy it yourself.',
  reset: 'Reset the demo',
  resetConfirm: 'Forget every sign-in, new account and code of the demo, and start it fresh?',
  resetYes: 'Yes, reset',
  resetNo: 'Keep it',
  resetDone: 'The demo was reset: it starts fresh.',
  worldNotice: (problem: 'corrupt' | 'other-version' | 'unreadable' | 'unwritable', setAsideTo: string | null, file: string) => {
    const kept = setAsideTo ? ` The old file was kept as ${setAsideTo}.` : '';
    switch (problem) {
      case 'corrupt':
        return `The saved demo was damaged, so the demo started fresh.${kept}`;
      case 'other-version':
        return `The saved demo was made by another version of Gramdesk, so the demo started fresh.${kept}`;
      case 'unreadable':
        return `The saved demo could not be read, so the demo started fresh.${kept}`;
      case 'unwritable':
        return `The demo can’t be saved to ${file}: it works, but forgets everything when Gramdesk closes.`;
    }
  },
} as const;

export const connectionText = {
  title: 'How should Gramdesk connect?',
  lead: 'Gramdesk needs an API ID and hash to talk to Telegram. Use your own, or try Gramdesk first in an offline demo.',
  ownTitle: 'Use your own API ID and hash',
  ownHelp:
    'Get them at my.telegram.org, under “API development tools”. Gramdesk keeps them in your system keychain; you can change them later.',
  apiIdLabel: 'API ID',
  apiHashLabel: 'API hash',
  connect: 'Connect to Telegram',
  demoBadge: 'Demo',
  demoTitle: 'Try the offline demo',
  demoHelp:
    'A local test server on this computer with made-up accounts. Nothing reaches Telegram, and no Telegram account is needed.',
  chooseDemo: 'Try the offline demo',
  notRemembered: 'Connected, but the keychain could not keep your API ID and hash: Gramdesk will ask again next time.',
  change: 'Change connection',
  apiId: {
    EMPTY: 'Enter your API ID.',
    NOT_A_NUMBER: 'The API ID is a number (digits only), such as 1234567.',
    OUT_OF_RANGE: 'That is not an API ID: it is a positive number of at most 10 digits.',
  } satisfies Record<ApiIdProblem, string>,
  apiHash: {
    EMPTY: 'Enter your API hash.',
    WRONG_LENGTH: 'The API hash is exactly 32 characters long; check that all of it was copied.',
    NOT_HEX: 'The API hash has only the digits 0–9 and the letters a–f.',
  } satisfies Record<ApiHashProblem, string>,
  setupProblem: {
    KEYCHAIN_READ_FAILED: 'Your saved connection could not be read from the keychain. Choose again.',
    STORED_CREDENTIALS_INVALID: 'The API ID and hash kept in your keychain are not valid any more. Enter them again or try the demo.',
  } satisfies Record<SetupProblem, string>,
} as const;
