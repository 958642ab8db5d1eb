// Every sentence the person reads. Codes from main (flow errors, call errors, delivery kinds,
// next channels) are translated here and only here; the record types make a new code in the
// contract a compile error until it has words.
import type { AccountNotice, AccountStatus } from '../../../common/account-list';
import type { ApiHashProblem, ApiIdProblem } from '../../../common/api-credentials';
import type { CallErrorCode, SetupProblem } from '../../../common/contract';
import type {
  ActiveSession,
  BusyAction,
  CodeDelivery,
  FlowErrorCode,
  NextChannel,
} from '../../../common/login-state';
import type { MtprotoSecretKind, ProxyLinkErrorCode, ProxyType } from '../../../common/proxy-link';
import type { ProxyFailureCode } from '../../../common/proxy-settings';
import { formatPhone } from '../lib/phone-number';

/** What the person is told for each flow error. Context a message needs is passed in. */
export interface ErrorContext {
  /** Digits the code has (0 when unknown). */
  codeLength?: number;
  /** How the code was sent, when the message depends on it (a word or phrase is not digits). */
  delivery?: CodeDelivery;
}

const flowErrors: Record<FlowErrorCode, (context: ErrorContext) => string> = {
  PHONE_NUMBER_INVALID: () =>
    'Telegram says this phone number is not valid. Check the country code and the number.',
  PHONE_NUMBER_BANNED: () =>
    'This phone number is banned from Telegram. If you think that is a mistake, write to Telegram support at recover@telegram.org.',
  PHONE_NUMBER_FLOOD: () =>
    'Telegram has seen too many sign-in attempts for this number. Wait before trying again.',
  PHONE_NUMBER_UNOCCUPIED: () =>
    'There is no Telegram account with this number yet. Send a code to it again to create one.',
  PHONE_CODE_EMPTY: () => 'Enter the code you received.',
  PHONE_CODE_INVALID: () => 'That code is not right. Check it and type it again.',
  PHONE_CODE_EXPIRED: () =>
    'This code has expired. Ask for a new one and enter it within a few minutes.',
  PHONE_CODE_HASH_EMPTY: () =>
    'Telegram no longer knows about that sign-in attempt, so it was started over. Your number is kept: send a new code.',
  SEND_CODE_UNAVAILABLE: () =>
    'Telegram will not send the code another way for this number.',
  FLOOD_WAIT: () => 'Too many attempts: Telegram asks you to wait before trying again.',
  API_ID_INVALID: () =>
    'Telegram rejected this app’s API credentials. Check TELEGRAM_API_ID and TELEGRAM_API_HASH, then restart Gramdesk.',
  PHONE_FORMAT: () =>
    'Enter the number in international format: a + followed by the country code and the number, for example +1 555 010 0100.',
  CODE_FORMAT: ({ codeLength, delivery }) => {
    if (delivery?.kind === 'sms_word' || delivery?.kind === 'sms_phrase') {
      const what = delivery.kind === 'sms_word' ? 'word' : 'phrase';
      return delivery.beginning !== null && delivery.beginning !== ''
        ? `The ${what} from the SMS starts with “${delivery.beginning}”. Check it and type it again.`
        : `Enter the ${what} from the SMS.`;
    }
    return codeLength !== undefined && codeLength > 0
      ? `The code is ${codeLength} digits long. Enter all ${codeLength} digits.`
      : 'The code is made of digits only.';
  },
  NETWORK: () => 'Gramdesk cannot reach Telegram. Check your internet connection and try again.',
  TIMEOUT: () => 'Telegram did not answer in time. Try again.',
  SERVER: () => 'Telegram had a problem on its side. Try again in a moment.',
  KEYCHAIN_WRITE_FAILED: () =>
    'You are signed in, but the session could not be saved in the system keychain, so Gramdesk will ask you to sign in again next time.',
  LOGOUT_SERVER_FAILED: () =>
    'You are logged out on this computer, but Telegram could not be told. If this device still shows in your active sessions, end it from another device.',
  UNKNOWN: () => 'Something unexpected went wrong. Try again.',
  // Two-step password and its recovery
  PASSWORD_HASH_INVALID: () => 'That password is not right. Check it and try again.',
  PHONE_PASSWORD_FLOOD: () => 'Too many wrong passwords: Telegram asks you to wait before trying again.',
  PASSWORD_RECOVERY_NA: () =>
    'This account has no recovery email, so the password can’t be reset by email. Reset it in a Telegram app where you are signed in, or reset the account from the official app (after a week’s wait).',
  PASSWORD_RECOVERY_EXPIRED: () => 'The recovery code has expired. Ask for a new one.',
  CODE_INVALID: () => 'That code is not right. Check it and type it again.',
  SRP_ID_INVALID: () => 'Telegram could not check the password this time. Try again.',
  PASSWORD_FORMAT: () => 'Enter your password.',
  // QR login
  AUTH_TOKEN_EXPIRED: () => 'The QR code expired before it was scanned. Show a new one.',
  AUTH_TOKEN_INVALID: () => 'That QR code is no longer valid. Show a new one.',
  AUTH_TOKEN_ALREADY_ACCEPTED: () => 'That QR code was already used. Show a new one.',
  // Sign-up
  PHONE_NUMBER_APP_SIGNUP_FORBIDDEN: () =>
    'Telegram doesn’t let third-party apps like Gramdesk create new accounts for this number. Sign up in the official Telegram app on your phone first, then sign in here with the same number or a QR code.',
  PHONE_NUMBER_OCCUPIED: () => 'This number already has a Telegram account. Sign in instead.',
  FIRSTNAME_INVALID: () => 'Telegram did not accept that first name. Try another.',
  LASTNAME_INVALID: () => 'Telegram did not accept that last name. Try another.',
  NAME_FORMAT: () => 'Enter a first name (up to 64 characters).',
  // Login email
  EMAIL_INVALID: () => 'Telegram did not accept that email address. Check it or use another.',
  EMAIL_FORMAT: () => 'Enter an email address, like name@example.com.',
  EMAIL_VERIFICATION_INVALID: () => 'That email code is not right. Check it and type it again.',
  CODE_EXPIRED: () => 'This code has expired. Ask for a new one.',
  // Why a session ended
  AUTH_KEY_UNREGISTERED: () => 'Telegram no longer knows this device’s session, so you were signed out. Sign in again.',
  SESSION_REVOKED: () => 'This session was ended from another device, so you were signed out. Sign in again.',
  SESSION_EXPIRED: () => 'This session expired, so you were signed out. Sign in again.',
  USER_DEACTIVATED: () => 'This Telegram account has been deleted or deactivated.',
  AUTH_KEY_DUPLICATED: () =>
    'This session was used from two places at once, so Telegram ended it for safety. Sign in again.',
  // Active sessions
  FRESH_RESET_AUTHORISATION_FORBIDDEN: () =>
    'This session is less than a day old, so Telegram doesn’t let it end other sessions yet. Try again later.',
  HASH_INVALID: () => 'That session has already ended. The list has been refreshed.',
  OFFLINE: () => 'No connection to Telegram right now. Gramdesk is reconnecting; try again in a moment.',
};

/** Every code that has words (all of FlowErrorCode: the record above is checked by the compiler). */
export const translatedFlowErrorCodes = Object.keys(flowErrors) as FlowErrorCode[];

export function flowErrorMessage(code: FlowErrorCode, context: ErrorContext = {}): string {
  return flowErrors[code](context);
}

const callErrors: Record<CallErrorCode, string> = {
  UNKNOWN_INTENT:
    'This window and Gramdesk’s core are out of step (an unknown action was sent). Restart Gramdesk.',
  BAD_ARGUMENTS: 'Gramdesk’s core refused a malformed request. Try again.',
  BAD_SENDER: 'This window is not allowed to talk to Gramdesk’s core. Restart Gramdesk.',
  NOT_NOW: 'That action no longer applies; the screen shows where things stand now.',
  BUSY: 'Another action is still running. Wait for it to finish.',
  URL_NOT_ALLOWED: 'Gramdesk only opens Telegram’s own pages (Fragment); that link was not opened.',
  PROXY_INVALID: 'That proxy’s details don’t hold together; nothing was saved.',
  PROXY_NOT_FOUND: 'That proxy is no longer in the list; nothing changed.',
  INTERNAL: 'Something went wrong inside Gramdesk. Try again.',
};

export function callErrorMessage(code: CallErrorCode): string {
  return callErrors[code];
}

/** Where the code went, for the code screen's heading line. */
export function deliveryMessage(delivery: CodeDelivery, phone: string, length: number): string {
  const number = formatPhone(phone);
  switch (delivery.kind) {
    case 'app':
      return 'We sent the code to your Telegram app on another device. Look for a message from “Telegram”.';
    case 'sms':
      return `We sent the code by SMS to ${number}.`;
    case 'call':
      return `We’ll call you at ${number} and read the code out.`;
    case 'flash_call':
      return `We’ll make a short call to ${number}. No need to answer: enter the whole number that called you (it looks like ${delivery.pattern}).`;
    case 'missed_call':
      return `We’ll call ${number} from a number starting with ${delivery.prefix}. No need to answer: enter the last ${length > 0 ? length : 'few'} digits of the number that called you.`;
    case 'email':
      return `We sent the code to your email address ${delivery.emailPattern}.`;
    case 'setup_email_required':
      return 'Telegram wants a login email set up for this account before it sends a code.';
    case 'fragment_sms':
      return 'We sent the code to your anonymous number on Fragment. Open Fragment to read it.';
    case 'firebase_sms':
      return 'Telegram wants to check this number in a way that only works on phones. Ask for the code another way below.';
    case 'sms_word':
      return delivery.beginning === null
        ? `We sent a word by SMS to ${number}. Enter that word.`
        : `We sent a word by SMS to ${number}; it starts with “${delivery.beginning}”. Enter that word.`;
    case 'sms_phrase':
      return delivery.beginning === null
        ? `We sent a phrase by SMS to ${number}. Enter that phrase.`
        : `We sent a phrase by SMS to ${number}; it starts with “${delivery.beginning}”. Enter that phrase.`;
  }
}

/** True when the code is digits (everything but the SMS word and phrase). */
export function deliveryIsNumeric(delivery: CodeDelivery): boolean {
  return delivery.kind !== 'sms_word' && delivery.kind !== 'sms_phrase';
}

/** The button that asks for the next channel: named after what it does. */
const nextChannelLabels: Record<NextChannel, string> = {
  sms: 'Send the code by SMS',
  call: 'Call me instead',
  flash_call: 'Verify with a short call',
  missed_call: 'Verify with a missed call',
  fragment_sms: 'Send the code through Fragment',
};

export function nextChannelLabel(next: NextChannel): string {
  return nextChannelLabels[next];
}

/** Shown while the next channel isn't available yet; the countdown follows it. */
const nextChannelWaits: Record<NextChannel, string> = {
  sms: 'You can ask for the code by SMS in',
  call: 'You can ask for a call in',
  flash_call: 'You can ask for a short call in',
  missed_call: 'You can ask for a missed call in',
  fragment_sms: 'You can ask for the code through Fragment in',
};

export function nextChannelWait(next: NextChannel): string {
  return nextChannelWaits[next];
}

/** Progress lines while an action runs. */
const busyLabels: Record<Exclude<BusyAction, null>, string> = {
  send_code: 'Sending the code…',
  resend_code: 'Asking for the code another way…',
  sign_in: 'Signing in…',
  cancel_code: 'Going back…',
  log_out: 'Logging out…',
  check_password: 'Checking the password…',
  request_recovery: 'Sending a recovery code…',
  recover_password: 'Checking the recovery code…',
  qr_token: 'Getting a QR code…',
  qr_sign_in: 'Signing in…',
  sign_up: 'Creating the account…',
  send_email: 'Sending the email code…',
  verify_email: 'Checking the email code…',
  load_sessions: 'Loading active sessions…',
  end_session: 'Ending the session…',
};

export function busyLabel(action: Exclude<BusyAction, null>): string {
  return busyLabels[action];
}

/** 75 000 ms → '1:15'; hours when the wait is that long ('2:03:09'). Never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${minutes}:${ss}`;
}

export const noOtherChannel = {
  statement: 'Telegram offers no other way to send this code.',
  otherWays: [
    'Open Telegram on a phone or computer where you are already signed in: the code arrives there as a message from “Telegram”.',
    'Or log in with a QR code: scan it with the Telegram app on your phone, no code needed.',
  ],
} as const;

/** The code field's label: exactly what to type, which differs by how the code came. */
export function codeFieldLabel(delivery: CodeDelivery, length: number): string {
  switch (delivery.kind) {
    case 'sms_word':
      return 'Word from the SMS';
    case 'sms_phrase':
      return 'Phrase from the SMS';
    case 'missed_call':
      return length > 0 ? `Last ${length} digits of the number that called you` : 'Last digits of the number that called you';
    case 'flash_call':
      return 'The number that called you';
    case 'email':
      return length > 0 ? `${length}-digit code from the email` : 'Code from the email';
    default:
      return length > 0 ? `${length}-digit code` : 'Code';
  }
}

/** What the person can still do when the password is lost and there is no recovery email. */
export const noPasswordRecovery = {
  statement: 'This account has no recovery email, so Telegram can’t send you a code to reset the password.',
  options: [
    'Try again: the hint may help, and the password is case-sensitive.',
    'On a phone or computer where you are still signed in to Telegram, open Settings → Privacy and Security → Two-Step Verification to change the password or turn it off.',
    'If you are signed in nowhere else, the official Telegram app can reset the account. That deletes your chats and contacts, and Telegram may make you wait up to a week first.',
  ],
} as const;

/** How to scan the QR code, step by step, in the words of Telegram's own apps. */
export const qrInstructions = [
  'Open Telegram on your phone.',
  'Go to Settings → Devices → Link Desktop Device.',
  'Point your phone at this screen to scan the code.',
] as const;

/** "Active now", "Active 5 min ago", "Active 3 h ago", "Last active 12 Nov 2026". */
export function sessionLastActive(activeAt: number, now: number): string {
  const minutes = Math.floor((now - activeAt) / 60_000);
  if (minutes < 2) return 'Active now';
  if (minutes < 60) return `Active ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `Active ${hours} h ago`;
  const date = new Date(activeAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
  return `Last active ${date}`;
}

/** The app and the platform of a session ("Telegram Android 11.2 · Android"), skipping what's empty. */
export function sessionApp(session: ActiveSession): string {
  return [session.app, session.platform].filter((part) => part.trim() !== '').join(' · ');
}

/** Where a session was last seen from ("203.0.113.5 · Germany"), or null when the server said nothing. */
export function sessionLocation(session: ActiveSession): string | null {
  const parts = [session.ip, session.country].filter((part): part is string => part !== null && part.trim() !== '');
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** The offline banner: reconnecting in N s, or now. */
export function offlineBanner(remainingMs: number): { statement: string; retry: string } {
  return {
    statement: 'No connection to Telegram. Nothing you entered is lost.',
    retry: remainingMs > 0 ? 'Reconnecting by itself in' : 'Reconnecting now…',
  };
}

/** The account list: the switcher on the signed-in screen, the add-account bar and the list's notices. */
export const accountWords = {
  switcherTitle: 'Accounts on this computer',
  add: 'Add account',
  addingTitle: 'Adding an account',
  addingNote: 'Your other accounts stay signed in and connected while you sign in to this one.',
  cancelAdd: 'Cancel',
  logOutOne: 'Log out',
  logOutAll: 'Log out of all accounts',
  dismiss: 'Dismiss',
  shown: 'Shown',
  switchTo: (name: string) => `Switch to ${name}`,
  logOutOf: (name: string) => `Log out of ${name}`,
  unnamed: 'Telegram account',
  status: {
    connecting: 'Connecting…',
    connected: 'Connected',
    offline: 'Offline',
  } satisfies Record<AccountStatus, string>,
  demoSignedIn: 'signed in here',
};

/** What the person is told about the list itself. */
export function accountNoticeMessage(notice: AccountNotice): string {
  switch (notice.kind) {
    case 'already_signed_in':
      return `${notice.name || accountWords.unnamed} is already signed in here, so Gramdesk switched to it instead of signing in twice.`;
    case 'removed': {
      const who = [notice.name, notice.phone !== '' ? formatPhone(notice.phone) : ''].filter((x) => x !== '').join(', ');
      return `${who || accountWords.unnamed} was removed: ${flowErrorMessage(notice.reason)}`;
    }
    case 'limit_reached':
      return `Gramdesk keeps up to ${notice.max} accounts at once, each with its own connection. Log out of one to add another.`;
  }
}

/** An account's name as the list shows it. */
export function accountName(account: { firstName: string; lastName: string }): string {
  return `${account.firstName} ${account.lastName}`.trim() || accountWords.unnamed;
}

// ---- the offline demo and the connection choice --------------------------------------------

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
// ---- proxies ----------------------------------------------------------------------------------

export const proxyTypeNames: Record<ProxyType, string> = {
  socks5: 'SOCKS5',
  http: 'HTTP',
  mtproto: 'MTProto',
};

export const secretKindNames: Record<MtprotoSecretKind, string> = {
  plain: 'plain secret',
  dd: 'dd secret (random padding)',
  ee: 'ee secret (fake TLS)',
};

const proxyFailures: Record<ProxyFailureCode, string> = {
  PROXY_UNREACHABLE: 'The proxy doesn’t answer. Check its address and port, or whether it is running.',
  PROXY_AUTH_FAILED: 'The proxy refused the user name and password.',
  PROXY_BAD_SECRET: 'The proxy doesn’t accept this secret. Check the secret (and, for an ee secret, its domain).',
  PROXY_REFUSED: 'The proxy answered but would not connect to Telegram.',
  PROXY_PROTOCOL: 'Something answered at that address, but it doesn’t speak this kind of proxy.',
};

export function proxyFailureMessage(code: ProxyFailureCode): string {
  return proxyFailures[code];
}

const proxyLinkErrors: Record<ProxyLinkErrorCode, string> = {
  NOT_A_PROXY_LINK: 'This is not a proxy link. Proxy links start with tg://socks, tg://proxy, t.me/socks or t.me/proxy.',
  BAD_ENCODING: 'This proxy link is damaged (broken %-encoding). Copy it again.',
  DUPLICATE_PARAMETER: 'This proxy link names a field twice, so it is unclear which to use.',
  MISSING_SERVER: 'This proxy link has no server.',
  BAD_SERVER: 'The server in this proxy link is not a host name or IP address.',
  MISSING_PORT: 'This proxy link has no port.',
  BAD_PORT: 'The port in this proxy link is not a number from 1 to 65535.',
  PASSWORD_WITHOUT_USER: 'This proxy link has a password but no user name.',
  CREDENTIAL_TOO_LONG: 'The user name or password in this proxy link is longer than SOCKS5 allows (255 bytes).',
  MISSING_SECRET: 'This MTProto proxy link has no secret.',
  BAD_SECRET_ENCODING: 'The secret in this proxy link is neither hex nor base64.',
  BAD_SECRET_LENGTH: 'The secret in this proxy link has the wrong length.',
  UNKNOWN_SECRET_KIND: 'The secret in this proxy link is of a kind Gramdesk doesn’t know (only plain, dd and ee).',
  BAD_SECRET_DOMAIN: 'The fake-TLS domain inside this secret is not a valid host name.',
};

export function proxyLinkErrorMessage(code: ProxyLinkErrorCode): string {
  return proxyLinkErrors[code];
}

export const connectionIndicator = {
  connecting: 'Connecting…',
  connectingVia: (where: string) => `Connecting through ${where}…`,
  connected: 'Connected',
  connectedVia: (where: string) => `Connected through ${where}`,
  offline: 'Offline',
  proxyFailed: (where: string) => `Can’t connect through ${where}`,
  hint: 'Connection and proxy settings',
};

export const proxySettingsText = {
  title: 'Connection',
  close: 'Close',
  modeNone: 'No proxy',
  modeSystem: 'Use the system proxy',
  systemNone: 'The system names no proxy.',
  systemIs: (what: string) => `The system names ${what}.`,
  modeCustom: 'Use a proxy from the list',
  savedTitle: 'Saved proxies',
  noneSaved: 'No proxies saved yet. Add one below, or paste a tg://proxy or tg://socks link anywhere in Gramdesk.',
  use: 'Use',
  inUse: 'In use',
  remove: 'Remove',
  check: 'Check',
  checking: 'Checking…',
  latency: (ms: number) => `${ms} ms`,
  notChecked: 'not checked',
  addTitle: 'Add a proxy',
  type: 'Type',
  server: 'Server',
  port: 'Port',
  user: 'User name (optional)',
  password: 'Password (optional)',
  secret: 'Secret (hex or base64url)',
  saveAndUse: 'Save and use',
  invalidPort: 'The port is a number from 1 to 65535.',
  invalidServer: 'Enter a host name or an IP address.',
  passwordKept: 'Password stored in the system keychain',
  secretsNotKept: 'No system keychain: passwords and secrets last only until Gramdesk closes.',
  disable: 'Disable proxy',
  linkLabel: 'Proxy link (tg:// or t.me)',
  linkOpen: 'Read link',
};

export const proxyOfferText = {
  title: 'Enable this proxy?',
  type: 'Type',
  server: 'Server',
  port: 'Port',
  user: 'User name',
  password: 'Password',
  secret: 'Secret',
  secretKind: 'Secret kind',
  domain: 'Poses as',
  none: '(none)',
  sponsored: 'An MTProto proxy may show you a sponsored channel in your chat list: that is how its owner pays for it.',
  enable: 'Enable',
  cancel: 'Cancel',
  unusableTitle: 'This proxy link can’t be used',
  ok: 'OK',
};
