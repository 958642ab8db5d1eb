// The errors each auth method's core.telegram.org page lists, with that page's code and what makes
// the local server answer it. The dispatcher sends every listed error with the page's code (the
// same message can carry different codes on different pages: PHONE_NUMBER_INVALID is 406 for
// auth.sendCode but 400 for auth.reportMissingCode); server/README.md shows this table, and a
// test holds the two together and drives each condition.

export interface MethodError {
  method: string;
  /** As the page writes it; `%d` stands for a number. */
  error: string;
  code: number;
  /** What produces it here; where nothing local can, INJECTED_ONLY and why not. */
  condition: string;
}

export const INJECTED_ONLY = 'injected fault only: ';
const faultOnly = (why: string) => `${INJECTED_ONLY}${why}`;
const PUBLISHED = 'api_id is in publishedApiIds';

const BAD_PHONE = 'the number is not a phone number (fewer than 5 digits, or letters)';
const NOT_ITS_NUMBER = 'the number is not the one the hash was sent to';
const HASH_DEAD = 'the hash is unknown, cancelled, used, from another DC, or older than codeTtlMs';

export const METHOD_ERRORS: readonly MethodError[] = [
  { method: 'auth.sendCode', error: 'API_ID_INVALID', code: 400, condition: 'api_id is not a positive integer, or api_hash is empty' },
  { method: 'auth.sendCode', error: 'API_ID_PUBLISHED_FLOOD', code: 400, condition: PUBLISHED },
  { method: 'auth.sendCode', error: 'AUTH_RESTART', code: 500, condition: "this key is signed in to another account than the number's" },
  { method: 'auth.sendCode', error: 'AUTH_RESTART_%d', code: 500, condition: faultOnly("Telegram's internal failure, and one process has no inner service to fail") },
  { method: 'auth.sendCode', error: 'PHONE_NUMBER_APP_SIGNUP_FORBIDDEN', code: 400, condition: 'no account has the number and appSignupForbidden is on' },
  { method: 'auth.sendCode', error: 'PHONE_NUMBER_BANNED', code: 400, condition: 'the account is banned' },
  { method: 'auth.sendCode', error: 'PHONE_NUMBER_FLOOD', code: 400, condition: 'sendCodeDailyLimit codes were sent to the number in the last 24 hours' },
  { method: 'auth.sendCode', error: 'PHONE_NUMBER_INVALID', code: 406, condition: BAD_PHONE },
  { method: 'auth.sendCode', error: 'PHONE_PASSWORD_FLOOD', code: 406, condition: 'maxCodeAttempts wrong passwords for the account within sendCodeWindowMs' },
  { method: 'auth.sendCode', error: 'PHONE_PASSWORD_PROTECTED', code: 400, condition: 'this key is at the password step for the account (its code was accepted): it goes on with auth.checkPassword' },
  { method: 'auth.sendCode', error: 'SMS_CODE_CREATE_FAILED', code: 400, condition: 'the first channel goes by SMS (sms, firebase_sms, sms_word, sms_phrase) and smsGatewayDown is on' },
  { method: 'auth.sendCode', error: 'UPDATE_APP_TO_LOGIN', code: 406, condition: 'the key invoked with a layer older than the oldest bundled schema (158)' },

  { method: 'auth.resendCode', error: 'EMAIL_INSTALL_MISSING', code: 400, condition: 'the code went out as setup_email_required: a login email must be set up first' },
  { method: 'auth.resendCode', error: 'PHONE_CODE_EMPTY', code: 400, condition: faultOnly('auth.resendCode carries no phone_code, so no request can lack one') },
  { method: 'auth.resendCode', error: 'PHONE_CODE_EXPIRED', code: 400, condition: HASH_DEAD },
  { method: 'auth.resendCode', error: 'PHONE_CODE_HASH_EMPTY', code: 400, condition: 'phone_code_hash is empty' },
  { method: 'auth.resendCode', error: 'PHONE_NUMBER_INVALID', code: 406, condition: `${BAD_PHONE}, or ${NOT_ITS_NUMBER}` },
  { method: 'auth.resendCode', error: 'SEND_CODE_UNAVAILABLE', code: 406, condition: "the account's code channels are used up" },

  { method: 'auth.cancelCode', error: 'PHONE_CODE_EXPIRED', code: 400, condition: HASH_DEAD },
  { method: 'auth.cancelCode', error: 'PHONE_NUMBER_INVALID', code: 406, condition: `${BAD_PHONE}, or ${NOT_ITS_NUMBER}` },

  { method: 'auth.signIn', error: 'AUTH_RESTART', code: 500, condition: 'the account moved to another DC after its code went out from this one' },
  { method: 'auth.signIn', error: 'PHONE_CODE_EMPTY', code: 400, condition: 'neither phone_code nor an email code is given' },
  { method: 'auth.signIn', error: 'PHONE_CODE_EXPIRED', code: 400, condition: `${HASH_DEAD}, or maxCodeAttempts wrong codes voided it` },
  { method: 'auth.signIn', error: 'PHONE_CODE_INVALID', code: 400, condition: 'the code is not the latest one sent' },
  { method: 'auth.signIn', error: 'PHONE_NUMBER_INVALID', code: 406, condition: `${BAD_PHONE}, or ${NOT_ITS_NUMBER}` },
  { method: 'auth.signIn', error: 'PHONE_NUMBER_UNOCCUPIED', code: 400, condition: 'no account has the number and appSignupForbidden was turned on after the code was sent' },
  { method: 'auth.signIn', error: 'SIGN_IN_FAILED', code: 500, condition: 'the account was banned after its code went out (the code given is right)' },
  { method: 'auth.signIn', error: 'UPDATE_APP_TO_LOGIN', code: 406, condition: 'the key invoked with a layer older than the oldest bundled schema (158)' },

  { method: 'auth.signUp', error: 'FIRSTNAME_INVALID', code: 400, condition: 'the first name is empty or longer than 64 characters' },
  { method: 'auth.signUp', error: 'LASTNAME_INVALID', code: 400, condition: 'the last name is longer than 64 characters' },
  { method: 'auth.signUp', error: 'PHONE_CODE_EMPTY', code: 400, condition: 'no code was given for the hash yet (auth.signIn comes first)' },
  { method: 'auth.signUp', error: 'PHONE_CODE_EXPIRED', code: 400, condition: HASH_DEAD },
  { method: 'auth.signUp', error: 'PHONE_CODE_INVALID', code: 400, condition: 'the last code given for the hash was wrong' },
  { method: 'auth.signUp', error: 'PHONE_NUMBER_FLOOD', code: 400, condition: 'sendCodeDailyLimit codes went to the number in the last 24 hours' },
  { method: 'auth.signUp', error: 'PHONE_NUMBER_INVALID', code: 406, condition: `${BAD_PHONE}, or ${NOT_ITS_NUMBER}` },
  { method: 'auth.signUp', error: 'PHONE_NUMBER_OCCUPIED', code: 400, condition: 'an account has the number by now' },

  { method: 'auth.requestFirebaseSms', error: 'PHONE_CODE_EMPTY', code: 400, condition: 'none of safety_net_token, play_integrity_token, ios_push_secret is given' },
  { method: 'auth.requestFirebaseSms', error: 'PHONE_NUMBER_INVALID', code: 400, condition: `${BAD_PHONE}, or ${NOT_ITS_NUMBER}` },
  { method: 'auth.reportMissingCode', error: 'PHONE_NUMBER_INVALID', code: 400, condition: `${BAD_PHONE}, or ${NOT_ITS_NUMBER}` },

  { method: 'auth.checkPassword', error: 'AUTH_KEY_UNSYNCHRONIZED', code: 500, condition: faultOnly("Telegram's keys replicate between its servers; one process holds every key, so none is ever out of sync") },
  { method: 'auth.checkPassword', error: 'PASSWORD_HASH_INVALID', code: 400, condition: 'the SRP proof does not match the password' },
  { method: 'auth.checkPassword', error: 'SRP_ID_INVALID', code: 400, condition: 'srp_id is not that of the latest account.getPassword on this key (each answers one check)' },
  { method: 'auth.checkPassword', error: 'SRP_PASSWORD_CHANGED', code: 400, condition: 'the password changed (recovered) after the account.getPassword the proof answers' },

  { method: 'auth.requestPasswordRecovery', error: 'PASSWORD_EMPTY', code: 400, condition: 'the account has no password' },
  { method: 'auth.requestPasswordRecovery', error: 'PASSWORD_RECOVERY_NA', code: 400, condition: 'the account has no recovery email' },
  { method: 'auth.checkRecoveryPassword', error: 'CODE_EMPTY', code: 400, condition: 'the code is empty' },
  { method: 'auth.checkRecoveryPassword', error: 'PASSWORD_RECOVERY_EXPIRED', code: 400, condition: 'the recovery code is older than recoveryCodeTtlMs' },
  { method: 'auth.recoverPassword', error: 'CODE_EMPTY', code: 400, condition: 'the code is empty' },
  { method: 'auth.recoverPassword', error: 'NEW_SETTINGS_INVALID', code: 400, condition: "new_settings' algorithm or 256-byte verifier is not the server's" },

  { method: 'auth.exportLoginToken', error: 'API_ID_INVALID', code: 400, condition: 'api_id is not a positive integer, or api_hash is empty' },
  { method: 'auth.exportLoginToken', error: 'API_ID_PUBLISHED_FLOOD', code: 400, condition: PUBLISHED },
  { method: 'auth.exportLoginToken', error: 'AUTH_RESTART', code: 500, condition: 'the account that scanned the token was banned before the app redeemed it' },
  { method: 'auth.importLoginToken', error: 'AUTH_TOKEN_ALREADY_ACCEPTED', code: 400, condition: 'the token was already redeemed' },
  { method: 'auth.importLoginToken', error: 'AUTH_TOKEN_EXPIRED', code: 400, condition: 'the token is older than loginTokenTtlMs' },
  { method: 'auth.importLoginToken', error: 'AUTH_TOKEN_INVALID', code: 400, condition: 'a well-formed token this server never issued' },
  { method: 'auth.importLoginToken', error: 'AUTH_TOKEN_INVALIDX', code: 400, condition: 'the token is not 32 bytes' },
  { method: 'auth.acceptLoginToken', error: 'AUTH_TOKEN_ALREADY_ACCEPTED', code: 400, condition: 'the token was already scanned' },
  { method: 'auth.acceptLoginToken', error: 'AUTH_TOKEN_EXCEPTION', code: 400, condition: "the accepting account is in the token's except_ids" },
  { method: 'auth.acceptLoginToken', error: 'AUTH_TOKEN_EXPIRED', code: 400, condition: 'the token is older than loginTokenTtlMs' },
  { method: 'auth.acceptLoginToken', error: 'AUTH_TOKEN_INVALIDX', code: 400, condition: 'the token is not 32 bytes, or not one this server exported' },

  { method: 'auth.exportAuthorization', error: 'DC_ID_INVALID', code: 400, condition: 'no DC has that id' },
  { method: 'auth.importAuthorization', error: 'AUTH_BYTES_INVALID', code: 400, condition: 'the bytes were not exported to this DC for that user, were used, or expired' },
  { method: 'auth.importAuthorization', error: 'USER_ID_INVALID', code: 400, condition: 'the bytes were exported for another user than the id given' },
  { method: 'auth.resetAuthorizations', error: 'FRESH_RESET_AUTHORISATION_FORBIDDEN', code: 406, condition: 'this session is younger than freshResetForbiddenMs' },
];

const byMethod = new Map<string, MethodError[]>();
for (const row of METHOD_ERRORS) byMethod.set(row.method, [...(byMethod.get(row.method) ?? []), row]);

const matches = (row: MethodError, message: string) =>
  row.error.includes('%d') ? new RegExp(`^${row.error.replace('%d', '\\d+')}$`).test(message) : row.error === message;

/** The code `method`'s page gives `message`, if the page lists it. */
export function pageCodeFor(method: string, message: string): number | undefined {
  return byMethod.get(method)?.find((row) => matches(row, message))?.code;
}
