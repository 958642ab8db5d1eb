// The server's tunable rules. Defaults follow Telegram where it says (codes live minutes, QR tokens
// ~30 s, a session under 24 h old may not end others); tests shorten or switch them off.
export interface ApiSettings {
  /** Digits in a numeric login code. */
  codeLength: number;
  /** How long a login code (and its phone_code_hash) stays valid. */
  codeTtlMs: number;
  /** `timeout` in auth.sentCode when a next_type is offered: seconds before the client may resend. */
  resendTimeoutSec: number;
  /** auth.sendCode calls allowed per number within sendCodeWindowMs before FLOOD_WAIT_X. */
  sendCodeLimit: number;
  sendCodeWindowMs: number;
  /** auth.sendCode calls per number per 24 h before PHONE_NUMBER_FLOOD. */
  sendCodeDailyLimit: number;
  /** Wrong codes per phone_code_hash before the hash is void (PHONE_CODE_EXPIRED afterwards). */
  maxCodeAttempts: number;
  /** auth.exportLoginToken `expires` is now + this. */
  loginTokenTtlMs: number;
  /** account.resetAuthorization is refused (FRESH_RESET_AUTHORISATION_FORBIDDEN) from a session younger than this; 0 = never. */
  freshResetForbiddenMs: number;
  /** Unknown numbers get PHONE_NUMBER_APP_SIGNUP_FORBIDDEN (from auth.sendCode and auth.signUp). */
  appSignupForbidden: boolean;
  /** Password recovery codes live this long. */
  recoveryCodeTtlMs: number;
  /** help.getNearestDc's country (ISO 3166 alpha-2): where Telegram would place the client by its IP. */
  nearestCountry: string;
  /** help.getConfig's suggested_lang_code; empty: the lang_code the client sent in initConnection. */
  suggestedLangCode: string;
  /** api_ids found published somewhere: auth.sendCode and auth.exportLoginToken refuse them (API_ID_PUBLISHED_FLOOD). */
  publishedApiIds: number[];
  /** The SMS gateway is down: a code that has to go out by SMS can't be made (SMS_CODE_CREATE_FAILED). */
  smsGatewayDown: boolean;
}

export const DEFAULT_SETTINGS: ApiSettings = {
  codeLength: 5,
  codeTtlMs: 5 * 60_000,
  resendTimeoutSec: 60,
  sendCodeLimit: 5,
  sendCodeWindowMs: 10 * 60_000,
  sendCodeDailyLimit: 20,
  maxCodeAttempts: 5,
  loginTokenTtlMs: 30_000,
  freshResetForbiddenMs: 24 * 3600_000,
  appSignupForbidden: false,
  recoveryCodeTtlMs: 15 * 60_000,
  nearestCountry: 'US',
  suggestedLangCode: '',
  publishedApiIds: [],
  smsGatewayDown: false,
};

const LIMITS: Record<keyof ApiSettings, [number, number] | 'boolean' | 'api ids' | { text: RegExp; says: string }> = {
  codeLength: [4, 8],
  codeTtlMs: [1_000, 86_400_000],
  resendTimeoutSec: [0, 3_600],
  sendCodeLimit: [1, 1_000],
  sendCodeWindowMs: [1_000, 86_400_000],
  sendCodeDailyLimit: [1, 10_000],
  maxCodeAttempts: [1, 1_000],
  loginTokenTtlMs: [1_000, 3_600_000],
  freshResetForbiddenMs: [0, 7 * 86_400_000],
  appSignupForbidden: 'boolean',
  recoveryCodeTtlMs: [1_000, 86_400_000],
  nearestCountry: { text: /^[A-Z]{2}$/, says: 'two capital letters (ISO 3166 alpha-2, like "RU")' },
  suggestedLangCode: { text: /^([a-z]{2,3}(-[a-z0-9]{2,8})?)?$/, says: 'a language code like "ru" or "pt-br", or empty' },
  publishedApiIds: 'api ids',
  smsGatewayDown: 'boolean',
};

/** More api_ids than anyone would list by hand: a longer list is a mistake, not a setting. */
const MAX_API_IDS = 100;

/** Checks a partial settings object (from the control API): the problem, or null. */
export function settingsProblem(input: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(input)) {
    const rule = LIMITS[key as keyof ApiSettings];
    if (rule === undefined) return `unknown setting "${key}"; known: ${Object.keys(LIMITS).join(', ')}`;
    if (rule === 'boolean') {
      if (typeof value !== 'boolean') return `${key} must be true or false`;
    } else if (rule === 'api ids') {
      const ids = Array.isArray(value) && value.length <= MAX_API_IDS && value.every((v) => Number.isInteger(v) && v > 0 && v <= 0x7fffffff);
      if (!ids) return `${key} must be a list of at most ${MAX_API_IDS} api_ids (positive 32-bit integers)`;
    } else if (!Array.isArray(rule)) {
      if (typeof value !== 'string' || !rule.text.test(value)) return `${key} must be ${rule.says}`;
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < rule[0] || value > rule[1]) {
      return `${key} must be an integer from ${rule[0]} to ${rule[1]}`;
    }
  }
  return null;
}
