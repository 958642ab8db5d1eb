// The adapter's conversions from gramjs' objects (real Api constructors and real gramjs error
// classes, as gramjs itself builds them from the wire) to the plain data that leaves main/telegram.
import bigInt from 'big-integer';
import fc from 'fast-check';
import { Api, errors, helpers } from 'telegram';
import { describe, expect, it } from 'vitest';
import {
  earliestLocalMs,
  loginUrlOf,
  toActiveSession,
  toDelivery,
  toGatewayError,
  toNextChannel,
  toSentCode,
  toSignedInUser,
  toSignUpTerms,
} from '../../main/telegram/gramjs-mapping';
import { FLOW_ERROR_SOURCES } from '../../main/telegram/flow-error-sources';

describe('auth.SentCodeType -> delivery', () => {
  const cases: Array<[string, Api.auth.TypeSentCodeType, ReturnType<typeof toDelivery>]> = [
    ['app', new Api.auth.SentCodeTypeApp({ length: 5 }), { delivery: { kind: 'app' }, length: 5 }],
    ['sms', new Api.auth.SentCodeTypeSms({ length: 6 }), { delivery: { kind: 'sms' }, length: 6 }],
    ['call', new Api.auth.SentCodeTypeCall({ length: 5 }), { delivery: { kind: 'call' }, length: 5 }],
    ['flash call', new Api.auth.SentCodeTypeFlashCall({ pattern: '4420*******' }), { delivery: { kind: 'flash_call', pattern: '4420*******' }, length: 0 }],
    ['missed call', new Api.auth.SentCodeTypeMissedCall({ prefix: '+442079', length: 4 }), { delivery: { kind: 'missed_call', prefix: '+442079' }, length: 4 }],
    ['email', new Api.auth.SentCodeTypeEmailCode({ emailPattern: 'g***e@e***.com', length: 6 }), { delivery: { kind: 'email', emailPattern: 'g***e@e***.com' }, length: 6 }],
    ['set up email', new Api.auth.SentCodeTypeSetUpEmailRequired({}), { delivery: { kind: 'setup_email_required' }, length: 0 }],
    ['fragment', new Api.auth.SentCodeTypeFragmentSms({ url: 'https://fragment.com/numbers', length: 5 }), { delivery: { kind: 'fragment_sms', url: 'https://fragment.com/numbers' }, length: 5 }],
    ['firebase', new Api.auth.SentCodeTypeFirebaseSms({ length: 6 }), { delivery: { kind: 'firebase_sms' }, length: 6 }],
    ['sms word', new Api.auth.SentCodeTypeSmsWord({ beginning: 'a' }), { delivery: { kind: 'sms_word', beginning: 'a' }, length: 0 }],
    ['sms word, no beginning', new Api.auth.SentCodeTypeSmsWord({}), { delivery: { kind: 'sms_word', beginning: null }, length: 0 }],
    ['sms phrase', new Api.auth.SentCodeTypeSmsPhrase({ beginning: 'amber' }), { delivery: { kind: 'sms_phrase', beginning: 'amber' }, length: 0 }],
  ];
  it.each(cases)('%s', (_name, type, want) => {
    expect(toDelivery(type)).toEqual(want);
  });
});

describe('auth.CodeType -> next channel', () => {
  it.each([
    [new Api.auth.CodeTypeSms(), 'sms'],
    [new Api.auth.CodeTypeCall(), 'call'],
    [new Api.auth.CodeTypeFlashCall(), 'flash_call'],
    [new Api.auth.CodeTypeMissedCall(), 'missed_call'],
    [new Api.auth.CodeTypeFragmentSms(), 'fragment_sms'],
    [undefined, null],
  ] as const)('%s -> %s', (type, want) => {
    expect(toNextChannel(type)).toBe(want);
  });
});

describe('auth.sentCode and users', () => {
  it('keeps next_type and timeout (which gramjs sendCode drops)', () => {
    const sent = new Api.auth.SentCode({
      type: new Api.auth.SentCodeTypeApp({ length: 5 }),
      phoneCodeHash: 'abc123',
      nextType: new Api.auth.CodeTypeSms(),
      timeout: 60,
    });
    expect(toSentCode(sent)).toEqual({ phoneCodeHash: 'abc123', delivery: { kind: 'app' }, length: 5, next: 'sms', timeoutSec: 60 });
  });
  it('no next_type, no timeout', () => {
    const sent = new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeCall({ length: 5 }), phoneCodeHash: 'h' });
    expect(toSentCode(sent)).toMatchObject({ next: null, timeoutSec: null });
  });
  it('a user becomes plain data with a 64-bit id as a decimal string', () => {
    const user = new Api.User({
      id: bigInt('9007199254740993'),
      firstName: 'Ada',
      lastName: undefined,
      phone: '15550100',
      username: 'ada',
    });
    expect(toSignedInUser(user)).toEqual({ id: '9007199254740993', firstName: 'Ada', lastName: '', phone: '+15550100', username: 'ada' });
    expect(toSignedInUser(new Api.User({ id: bigInt(1) }))).toEqual({ id: '1', firstName: '', lastName: '', phone: '', username: null });
    expect(toSignedInUser(new Api.UserEmpty({ id: bigInt(1) }))).toBeNull();
  });
});

describe('gramjs errors -> gateway errors', () => {
  const rpc = (message: string, code: number) => errors.RPCMessageToError(new Api.RpcError({ errorCode: code, errorMessage: message }), new Api.auth.SendCode({ phoneNumber: '', apiId: 1, apiHash: '', settings: new Api.CodeSettings({}) }));
  it.each([
    ['PHONE_NUMBER_INVALID', 400, { code: 'PHONE_NUMBER_INVALID' }],
    ['PHONE_NUMBER_BANNED', 400, { code: 'PHONE_NUMBER_BANNED' }],
    ['PHONE_NUMBER_FLOOD', 400, { code: 'PHONE_NUMBER_FLOOD' }],
    ['PHONE_NUMBER_UNOCCUPIED', 400, { code: 'PHONE_NUMBER_UNOCCUPIED' }],
    ['PHONE_CODE_EMPTY', 400, { code: 'PHONE_CODE_EMPTY' }],
    ['PHONE_CODE_INVALID', 400, { code: 'PHONE_CODE_INVALID' }],
    ['PHONE_CODE_EXPIRED', 400, { code: 'PHONE_CODE_EXPIRED' }],
    ['PHONE_CODE_HASH_EMPTY', 400, { code: 'PHONE_CODE_HASH_EMPTY' }],
    ['SEND_CODE_UNAVAILABLE', 406, { code: 'SEND_CODE_UNAVAILABLE' }],
    ['API_ID_INVALID', 400, { code: 'API_ID_INVALID' }],
    ['FLOOD_WAIT_42', 420, { code: 'FLOOD_WAIT', waitSeconds: 42 }],
    ['FLOOD_TEST_PHONE_WAIT_7', 420, { code: 'FLOOD_WAIT', waitSeconds: 7 }],
    ['AUTH_KEY_UNREGISTERED', 401, { code: 'AUTH_KEY_UNREGISTERED' }],
    ['SESSION_REVOKED', 401, { code: 'SESSION_REVOKED' }],
    ['SESSION_EXPIRED', 401, { code: 'SESSION_EXPIRED' }],
    ['USER_DEACTIVATED', 401, { code: 'USER_DEACTIVATED' }],
    ['AUTH_KEY_DUPLICATED', 406, { code: 'AUTH_KEY_DUPLICATED' }],
    // The server's other names for a dead session read as the reason the person is told.
    ['USER_DEACTIVATED_BAN', 401, { code: 'USER_DEACTIVATED' }],
    ['AUTH_KEY_INVALID', 401, { code: 'AUTH_KEY_UNREGISTERED' }],
    ['AUTH_KEY_PERM_EMPTY', 401, { code: 'AUTH_KEY_UNREGISTERED' }],
    ['SOME_NEW_401', 401, { code: 'AUTH_KEY_UNREGISTERED' }],
    ['RPC_CALL_FAIL', 500, { code: 'SERVER' }],
    ['INTERNAL_SERVER_ERROR', 500, { code: 'SERVER' }],
    ['SOMETHING_NEW', 400, { code: 'UNKNOWN', detail: 'SOMETHING_NEW' }],
  ] as const)('%s (%i)', (message, code, want) => {
    expect(toGatewayError(rpc(message, code))).toMatchObject(want);
  });
  it('connection failures are NETWORK, anything else UNKNOWN', () => {
    expect(toGatewayError(new Error('could not connect to the server'))).toEqual({ code: 'NETWORK' });
    expect(toGatewayError(new Error('Cannot send requests while disconnected. You need to call .connect()'))).toEqual({ code: 'NETWORK' });
    expect(toGatewayError(new Error('Request was unsuccessful 2 time(s)'))).toEqual({ code: 'SERVER' });
    expect(toGatewayError(new TypeError('x is not a function'))).toEqual({ code: 'UNKNOWN' });
    expect(toGatewayError('a string')).toEqual({ code: 'UNKNOWN' });
  });
});

describe('sessions, terms and QR tokens', () => {
  it('an authorization becomes a plain active session (64-bit hash as a decimal string, ms instants)', () => {
    const a = new Api.Authorization({
      current: true,
      officialApp: true,
      hash: helpers.returnBigInt('-9223372036854775807'),
      deviceModel: 'Pixel 8',
      platform: 'Android',
      systemVersion: '14',
      apiId: 6,
      appName: 'Telegram Android',
      appVersion: '11.2',
      dateCreated: 1_700_000_000,
      dateActive: 1_700_000_100,
      ip: '',
      country: 'Netherlands',
      region: '',
    });
    expect(toActiveSession(a)).toEqual({
      hash: '-9223372036854775807',
      current: true,
      device: 'Pixel 8',
      platform: 'Android 14',
      app: 'Telegram Android 11.2',
      official: true,
      ip: null,
      country: 'Netherlands',
      createdAt: 1_700_000_000_000,
      activeAt: 1_700_000_100_000,
    });
  });
  it('terms of service keep their id for acceptance, and show text and minimum age', () => {
    const tos = new Api.help.TermsOfService({
      popup: true,
      id: new Api.DataJSON({ data: '"tos-1"' }),
      text: 'Be nice.',
      entities: [],
      minAgeConfirm: 16,
    });
    expect(toSignUpTerms(tos)).toEqual({ id: '"tos-1"', text: 'Be nice.', minAgeConfirm: 16 });
    expect(toSignUpTerms(undefined)).toBeNull();
  });
  it('a QR token becomes tg://login?token=<base64url>', () => {
    expect(loginUrlOf(Buffer.from([0xfb, 0xff, 0x01]))).toBe('tg://login?token=-_8B');
  });
  it('a QR token\'s expiry on our clock is never after the server\'s, beyond the handshake packet\'s transit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }), // our clock when the server stamps server_DH_inner_data
        fc.integer({ min: -7_200_000, max: 7_200_000 }), // the server's clock minus ours
        fc.integer({ min: 0, max: 800 }), // that packet's transit
        fc.integer({ min: 0, max: 600_000 }), // then, until the server makes the token
        fc.constantFrom(4_000, 8_000, 30_000), // its lifetime
        (handshakeAt, skew, transit, later, ttl) => {
          // As gramjs reckons its offset (Authenticator), and as the server stamps `expires`.
          const offset = Math.floor((handshakeAt + skew) / 1000) - Math.floor((handshakeAt + transit) / 1000);
          const exportedAt = handshakeAt + transit + later;
          const expires = Math.floor((exportedAt + skew + ttl) / 1000);
          const reallyExpiresAt = exportedAt + ttl;
          const shown = earliestLocalMs(expires, offset);
          expect(shown).toBeLessThanOrEqual(reallyExpiresAt + transit);
          expect(shown).toBeGreaterThan(reallyExpiresAt - 3000);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('error sources', () => {
  it('every server code of the flow passes through by its own name, and no app code does', () => {
    const req = new Api.auth.SendCode({ phoneNumber: '', apiId: 1, apiHash: '', settings: new Api.CodeSettings({}) });
    for (const [code, source] of Object.entries(FLOW_ERROR_SOURCES)) {
      if (code === 'FLOOD_WAIT') continue; // gramjs makes its own error class of FLOOD_WAIT_<s> (above)
      const mapped = toGatewayError(errors.RPCMessageToError(new Api.RpcError({ errorCode: 400, errorMessage: code }), req));
      // A server that sends one of the app's own names gets no say: it is an unknown error.
      expect({ code, mapped }).toEqual({ code, mapped: source === 'app' ? { code: 'UNKNOWN', detail: code } : { code } });
    }
  });
});
