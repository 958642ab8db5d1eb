// Which sentence a situation calls for. Codes from main (flow errors, call errors, delivery
// kinds, next channels) become words here and only here; the records make a new code in the
// contract a compile error until it has a key. The words themselves are in the language files.
import type { AccountNotice, AccountStatus } from '../../../common/account-list';
import type { CallErrorCode } from '../../../common/contract';
import type {
  ActiveSession,
  BusyAction,
  CodeDelivery,
  FlowErrorCode,
  NextChannel,
} from '../../../common/login-state';
import type { TextKey } from './dictionary';
import type { Translator } from './translator';

/** Context a flow error's message may need. */
export interface ErrorContext {
  /** Digits the code has (0 when unknown). */
  codeLength?: number;
  /** How the code was sent, when the message depends on it (a word or phrase is not digits). */
  delivery?: CodeDelivery;
}

/** Codes whose message is one sentence: `error.<CODE>` in the language files (the compiler checks each has one). */
type PlainFlowError = Exclude<FlowErrorCode, 'CODE_FORMAT'>;

function codeFormatMessage(tr: Translator, { codeLength, delivery }: ErrorContext): string {
  if (delivery?.kind === 'sms_word' || delivery?.kind === 'sms_phrase') {
    const word = delivery.kind === 'sms_word';
    if (delivery.beginning !== null && delivery.beginning !== '') {
      return tr.t(word ? 'error.CODE_FORMAT.wordStart' : 'error.CODE_FORMAT.phraseStart', {
        beginning: delivery.beginning,
      });
    }
    return tr.t(word ? 'error.CODE_FORMAT.word' : 'error.CODE_FORMAT.phrase');
  }
  return codeLength !== undefined && codeLength > 0
    ? tr.n('error.CODE_FORMAT.digits', codeLength)
    : tr.t('error.CODE_FORMAT.digitsOnly');
}

export function flowErrorMessage(tr: Translator, code: FlowErrorCode, context: ErrorContext = {}): string {
  if (code === 'CODE_FORMAT') return codeFormatMessage(tr, context);
  const key: `error.${PlainFlowError}` & TextKey = `error.${code}`;
  return tr.t(key);
}

export function callErrorMessage(tr: Translator, code: CallErrorCode): string {
  const key: `callError.${CallErrorCode}` & TextKey = `callError.${code}`;
  return tr.t(key);
}

/** Where the code went, for the code screen's heading line. */
export function deliveryMessage(tr: Translator, delivery: CodeDelivery, phone: string, length: number): string {
  const number = tr.phone(phone);
  switch (delivery.kind) {
    case 'app':
    case 'setup_email_required':
    case 'fragment_sms':
    case 'firebase_sms':
      return tr.t(`delivery.${delivery.kind}`);
    case 'sms':
    case 'call':
      return tr.t(`delivery.${delivery.kind}`, { phone: number });
    case 'flash_call':
      return tr.t('delivery.flash_call', { phone: number, pattern: tr.ltr(delivery.pattern) });
    case 'missed_call': {
      const params = { phone: number, prefix: tr.ltr(delivery.prefix) };
      return length > 0 ? tr.n('delivery.missed_call', length, params) : tr.t('delivery.missed_callUnknown', params);
    }
    case 'email':
      return tr.t('delivery.email', { email: tr.ltr(delivery.emailPattern) });
    case 'sms_word':
    case 'sms_phrase':
      return delivery.beginning === null
        ? tr.t(`delivery.${delivery.kind}`, { phone: number })
        : tr.t(`delivery.${delivery.kind}Start`, { phone: number, beginning: delivery.beginning });
  }
}

/** True when the code is digits (everything but the SMS word and phrase). */
export function deliveryIsNumeric(delivery: CodeDelivery): boolean {
  return delivery.kind !== 'sms_word' && delivery.kind !== 'sms_phrase';
}

/** The button that asks for the next channel: named after what it does. */
export function nextChannelLabel(tr: Translator, next: NextChannel): string {
  return tr.t(`next.${next}`);
}

/** Shown while the next channel isn't available yet: the words before and after its countdown. */
export function nextChannelWait(tr: Translator, next: NextChannel): [string, string] {
  return tr.around(`wait.${next}`, 'time');
}

/** Progress lines while an action runs. */
export function busyLabel(tr: Translator, action: Exclude<BusyAction, null>): string {
  return tr.t(`busy.${action}`);
}

/** The code screen's heading. */
export function codeTitle(tr: Translator, delivery: CodeDelivery): string {
  if (delivery.kind === 'sms_word') return tr.t('code.titleWord');
  if (delivery.kind === 'sms_phrase') return tr.t('code.titlePhrase');
  return tr.t('code.titleCode');
}

/** The code field's label: exactly what to type, which differs by how the code came. */
export function codeFieldLabel(tr: Translator, delivery: CodeDelivery, length: number): string {
  switch (delivery.kind) {
    case 'sms_word':
      return tr.t('code.field.word');
    case 'sms_phrase':
      return tr.t('code.field.phrase');
    case 'missed_call':
      return length > 0 ? tr.n('code.field.missedCall', length) : tr.t('code.field.missedCallUnknown');
    case 'flash_call':
      return tr.t('code.field.flashCall');
    case 'email':
      return emailCodeLabel(tr, length);
    default:
      return length > 0 ? tr.n('code.field.digits', length) : tr.t('code.field.unknown');
  }
}

export function emailCodeLabel(tr: Translator, length: number): string {
  return length > 0 ? tr.n('code.field.email', length) : tr.t('code.field.emailUnknown');
}

/** "Active now", "Active 5 min ago", "Active 3 h ago", "Last active 12 Nov 2026". */
export function sessionLastActive(tr: Translator, activeAt: number, now: number): string {
  const minutes = Math.floor((now - activeAt) / 60_000);
  if (minutes < 2) return tr.t('sessions.activeNow');
  if (minutes < 60) return tr.n('sessions.activeMinutes', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return tr.n('sessions.activeHours', hours);
  return tr.t('sessions.lastActive', { date: tr.date(activeAt) });
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

/** A demo account's code channels in words ("Telegram app → SMS"); one without words by its name. */
export function demoChannelList(tr: Translator, channels: readonly string[]): string {
  return channels.map((channel) => tr.t(`demo.channel.${channel}` as TextKey, {}, channel)).join(' → ');
}

/** An account's name as the list shows it. */
export function accountName(tr: Translator, account: { firstName: string; lastName: string }): string {
  return `${account.firstName} ${account.lastName}`.trim() || tr.t('accounts.unnamed');
}

export function accountStatusLabel(tr: Translator, status: AccountStatus): string {
  const key: `accounts.status.${AccountStatus}` & TextKey = `accounts.status.${status}`;
  return tr.t(key);
}

/** What the person is told about the account list itself. */
export function accountNoticeMessage(tr: Translator, notice: AccountNotice): string {
  switch (notice.kind) {
    case 'already_signed_in':
      return tr.t('accounts.notice.alreadySignedIn', { name: notice.name || tr.t('accounts.unnamed') });
    case 'removed': {
      const who = [notice.name, notice.phone !== '' ? tr.phone(notice.phone) : ''].filter((x) => x !== '').join(', ');
      return tr.t('accounts.notice.removed', { name: who || tr.t('accounts.unnamed'), reason: flowErrorMessage(tr, notice.reason) });
    }
    case 'limit_reached':
      return tr.t('accounts.notice.limitReached', { max: tr.number(notice.max) });
    case 'interrupted_sign_in_ended':
      return tr.t('accounts.notice.interruptedSignInEnded');
  }
}
