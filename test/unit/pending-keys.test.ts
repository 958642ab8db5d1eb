// Which pending keys a start must ask the server about, from what the keychain holds: the plan
// is pure, so every case a kill can leave is cheap to state here. (The kill suite, in
// test/hardening/kill.test.ts, shows the same against the real server and keychain.)
import { describe, expect, it } from 'vitest';
import { planPendingKeys } from '../../main/accounts/pending-keys';
import { parsePendingKeys, serializePendingKeys } from '../../main/vault/keychain-items';

const A = '1AAAkeyA';
const B = '1AAAkeyB';

describe('pending keys item', () => {
  it('reads back what was written, and nothing from anything else', () => {
    expect(parsePendingKeys(serializePendingKeys([A, B]))).toEqual([A, B]);
    for (const raw of [null, '', 'not json', '[]', '{"v":2,"sessions":[]}', '{"v":1,"sessions":[""]}', '{"v":1,"sessions":"x"}']) {
      expect(parsePendingKeys(raw), String(raw)).toBeNull();
    }
  });
});

describe('a start after a kill: the plan for the pending keys', () => {
  it('a key whose session item holds it (killed after the store, before the copy went): only the copy goes', () => {
    expect(planPendingKeys([{ scope: 'new', value: serializePendingKeys([A]) }], new Set([A]))).toEqual([
      { scope: 'new', unreadable: false, stored: [A], check: [] },
    ]);
  });

  it('a key no session item holds (killed between the sign-in and the store, or mid log-out): the server is asked', () => {
    expect(planPendingKeys([{ scope: '100', value: serializePendingKeys([A, B, A]) }], new Set([B]))).toEqual([
      { scope: '100', unreadable: false, stored: [B], check: [A] },
    ]);
  });

  it('an unreadable item holds nothing to settle: it just goes', () => {
    expect(planPendingKeys([{ scope: 'new', value: '{"v":1' }], new Set())).toEqual([{ scope: 'new', unreadable: true, stored: [], check: [] }]);
  });

  it('each scope is planned on its own', () => {
    const plan = planPendingKeys(
      [
        { scope: 'new', value: serializePendingKeys([A]) },
        { scope: '100', value: serializePendingKeys([B]) },
      ],
      new Set([A]),
    );
    expect(plan.map((p) => [p.scope, p.check])).toEqual([
      ['new', []],
      ['100', [B]],
    ]);
  });
});
