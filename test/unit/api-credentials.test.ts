// The one rule for an API ID and hash from my.telegram.org: what it accepts (trimmed, the hash in
// lower case) and the specific problem it names for each field otherwise.
import { describe, expect, it } from 'vitest';
import { checkApiCredentials } from '../../common/api-credentials';

const HASH = '0123456789abcdef0123456789abcdef';

describe('checkApiCredentials', () => {
  it('accepts the digits and the 32 hex characters, trimmed, the hash in lower case', () => {
    expect(checkApiCredentials(' 12345 ', ` ${HASH.toUpperCase()} `)).toEqual({ ok: true, apiId: 12345, apiHash: HASH });
    expect(checkApiCredentials('2147483647', HASH)).toEqual({ ok: true, apiId: 2147483647, apiHash: HASH });
  });

  it.each([
    ['', HASH, 'EMPTY', null],
    ['   ', HASH, 'EMPTY', null],
    ['12a45', HASH, 'NOT_A_NUMBER', null],
    ['-5', HASH, 'NOT_A_NUMBER', null],
    ['1e5', HASH, 'NOT_A_NUMBER', null],
    ['0', HASH, 'OUT_OF_RANGE', null],
    ['2147483648', HASH, 'OUT_OF_RANGE', null],
    ['12345', '', null, 'EMPTY'],
    ['12345', HASH.slice(1), null, 'WRONG_LENGTH'],
    ['12345', `${HASH}0`, null, 'WRONG_LENGTH'],
    ['12345', `g${HASH.slice(1)}`, null, 'NOT_HEX'],
    ['', 'short!', 'EMPTY', 'NOT_HEX'],
  ])('%j / %j: API ID %s, API hash %s', (apiId, apiHash, idProblem, hashProblem) => {
    expect(checkApiCredentials(apiId, apiHash)).toEqual({ ok: false, apiId: idProblem, apiHash: hashProblem });
  });
});
