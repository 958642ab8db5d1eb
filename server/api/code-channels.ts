// The ways a login code can reach a person, and how each is told to the client: as the current
// delivery (auth.SentCodeType) and as the next one offered (auth.CodeType).
import { Api } from 'telegram';

export const CODE_CHANNELS = [
  'app',
  'sms',
  'call',
  'flash_call',
  'missed_call',
  'email',
  'fragment_sms',
  'firebase_sms',
  'sms_word',
  'sms_phrase',
  'setup_email_required',
] as const;
export type CodeChannel = (typeof CODE_CHANNELS)[number];

export const DEFAULT_CODE_CHANNELS: readonly CodeChannel[] = ['app', 'sms', 'call'];

export function isCodeChannel(value: unknown): value is CodeChannel {
  return typeof value === 'string' && (CODE_CHANNELS as readonly string[]).includes(value);
}

/**
 * auth.CodeType, the "next_type" a channel is offered as. app, email and setup_email_required have
 * no CodeType in the schema, so they can only start a chain (checked when a user is added).
 */
export function codeTypeFor(channel: CodeChannel): Api.auth.TypeCodeType | null {
  switch (channel) {
    case 'sms':
    case 'firebase_sms':
    case 'sms_word':
    case 'sms_phrase':
      return new Api.auth.CodeTypeSms();
    case 'call':
      return new Api.auth.CodeTypeCall();
    case 'flash_call':
      return new Api.auth.CodeTypeFlashCall();
    case 'missed_call':
      return new Api.auth.CodeTypeMissedCall();
    case 'fragment_sms':
      return new Api.auth.CodeTypeFragmentSms();
    case 'app':
    case 'email':
    case 'setup_email_required':
      return null;
  }
}

/** Why a chain can't be used as given, or null when it can. */
export function chainProblem(chain: readonly unknown[]): string | null {
  if (chain.length === 0) return 'codeChannels must name at least one channel';
  for (const [i, c] of chain.entries()) {
    if (!isCodeChannel(c)) return `codeChannels[${i}] must be one of ${CODE_CHANNELS.join(', ')}`;
    if (i > 0 && codeTypeFor(c) === null) {
      return `codeChannels[${i}]: "${c}" can only be the first channel (auth.CodeType has no constructor for it)`;
    }
  }
  if (new Set(chain).size !== chain.length) return 'codeChannels must not repeat a channel';
  return null;
}

const WORDS = ['amber', 'birch', 'cobalt', 'delta', 'ember', 'fjord', 'granite', 'harbor', 'indigo', 'juniper'];

/** What is delivered for one channel: the code the client must send back, and what the client is shown. */
export interface Delivery {
  channel: CodeChannel;
  /** What auth.signIn's phone_code must be (compared case-insensitively for words and phrases). */
  code: string;
  sentType: Api.auth.TypeSentCodeType;
  /** Extra facts for the inbox (the calling number of a call, the email address...). */
  extra: Record<string, string>;
}

function digits(n: number, rnd: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
}

export function makeDelivery(
  channel: CodeChannel,
  opts: { codeLength: number; email: string | null; rnd?: () => number },
): Delivery {
  const rnd = opts.rnd ?? Math.random;
  const len = opts.codeLength;
  const numeric = digits(len, rnd);
  switch (channel) {
    case 'app':
      return { channel, code: numeric, sentType: new Api.auth.SentCodeTypeApp({ length: len }), extra: {} };
    case 'sms':
      return { channel, code: numeric, sentType: new Api.auth.SentCodeTypeSms({ length: len }), extra: {} };
    case 'call':
      return { channel, code: numeric, sentType: new Api.auth.SentCodeTypeCall({ length: len }), extra: {} };
    case 'flash_call': {
      // The "code" is the whole number that rings; the client matches it against the pattern.
      const number = '4420' + digits(7, rnd);
      return {
        channel,
        code: number,
        sentType: new Api.auth.SentCodeTypeFlashCall({ pattern: '4420*******' }),
        extra: { callerNumber: '+' + number },
      };
    }
    case 'missed_call': {
      const number = '4420' + digits(7, rnd);
      return {
        channel,
        code: number.slice(-len),
        sentType: new Api.auth.SentCodeTypeMissedCall({ prefix: '+' + number.slice(0, 11 - len), length: len }),
        extra: { callerNumber: '+' + number },
      };
    }
    case 'email': {
      const email = opts.email ?? 'nobody@example.com';
      return {
        channel,
        code: numeric,
        sentType: new Api.auth.SentCodeTypeEmailCode({ emailPattern: emailPattern(email), length: len }),
        extra: { email },
      };
    }
    case 'fragment_sms':
      return {
        channel,
        code: numeric,
        sentType: new Api.auth.SentCodeTypeFragmentSms({ url: 'https://fragment.com/numbers', length: len }),
        extra: {},
      };
    case 'firebase_sms':
      // Without Firebase on the client, the code arrives by SMS after auth.requestFirebaseSms or a resend.
      return { channel, code: numeric, sentType: new Api.auth.SentCodeTypeFirebaseSms({ length: len }), extra: {} };
    case 'sms_word': {
      const word = WORDS[Math.floor(rnd() * WORDS.length)]!;
      return { channel, code: word, sentType: new Api.auth.SentCodeTypeSmsWord({ beginning: word.slice(0, 1) }), extra: {} };
    }
    case 'sms_phrase': {
      const phrase = [0, 1, 2].map(() => WORDS[Math.floor(rnd() * WORDS.length)]!).join(' ');
      return {
        channel,
        code: phrase,
        sentType: new Api.auth.SentCodeTypeSmsPhrase({ beginning: phrase.split(' ')[0]! }),
        extra: {},
      };
    }
    case 'setup_email_required':
      // Nothing is delivered: the client must set up a login email first (not simulated further).
      return { channel, code: '', sentType: new Api.auth.SentCodeTypeSetUpEmailRequired({}), extra: {} };
  }
}

/** Telegram's masked form of an address: "a***e@e***.com". */
export function emailPattern(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  const mask = (s: string) => (s.length <= 1 ? s + '***' : s[0] + '***' + (s.length > 2 ? s[s.length - 1] : ''));
  return `${mask(local)}@${host.slice(0, 1)}***${tld}`;
}
