// Each flow's own view of the keychain, over one real Secret Service (run under
// scripts/with-secret-service.mjs; skipped with the reason without one): an account's small items
// are its own, a sign-in's are its own until it becomes an account, and a sign-in that reaches an
// account already here leaves that account's session as it was.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccountVault, SIGN_IN_SCOPE, type FlowScope } from '../../main/accounts/account-vault';
import { createSessionVault } from '../../main/vault/session-vault';
import { noKeychainReason } from '../support/secret-service';

const service = `Gramdesk (account vault test ${randomBytes(4).toString('hex')})`;
const ADA = '1001';
const GRACE = '1002';
const session = (tag: string) => `1BQANOTEuMTA4LjU2LjE1MAG7${tag}${randomBytes(64).toString('base64url')}`;

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  getPassword(service: string, account: string): Promise<string | null>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
const keytar = (): Keytar => createRequire(import.meta.url)('keytar') as Keytar;

describe.skipIf(noKeychainReason !== null)(`one flow's view of the keychain${noKeychainReason ? ` (skipped: ${noKeychainReason})` : ''}`, () => {
  const base = createSessionVault({ service });
  const here = new Set<string>();
  const flowVault = (scope: FlowScope) =>
    createAccountVault({
      base,
      scope,
      isOtherAccount: (id) => here.has(id) && id !== scope.userId,
      signedInIds: () => [...here],
    });

  afterEach(async () => {
    here.clear();
    for (const { account } of await keytar().findCredentials(service)) await keytar().deletePassword(service, account);
  });

  it('an account\'s flood wait and a sign-in\'s pending code are items of their own; neither flow sees the other\'s', async () => {
    const ada = flowVault({ items: ADA, userId: ADA });
    const signIn = flowVault({ items: SIGN_IN_SCOPE, userId: null });
    await ada.setItem('flood', '{"ada":1}');
    await signIn.setItem('flood', '{"new":1}');
    await signIn.setItem('pending-code', '{"code":1}');

    await expect(ada.getItem('flood')).resolves.toBe('{"ada":1}');
    await expect(signIn.getItem('flood')).resolves.toBe('{"new":1}');
    await expect(ada.getItem('pending-code')).resolves.toBeNull();
    const names = (await keytar().findCredentials(service)).map((c) => c.account).sort();
    expect(names).toEqual(['gramdesk-flood@1001', 'gramdesk-flood@new', 'gramdesk-pending-code@new']);
  });

  it('the future auth tokens are kept by number, whichever flow reads them', async () => {
    const ada = flowVault({ items: ADA, userId: ADA });
    const signIn = flowVault({ items: SIGN_IN_SCOPE, userId: null });
    await ada.setItem('future-auth-tokens#15550100', '["t"]');
    await expect(signIn.getItem('future-auth-tokens#15550100')).resolves.toBe('["t"]');
    expect((await keytar().findCredentials(service)).map((c) => c.account)).toEqual(['gramdesk-future-auth-tokens#15550100']);
  });

  it('a sign-in restores nothing until it stores its session, then that one only', async () => {
    const scope: FlowScope = { items: SIGN_IN_SCOPE, userId: null };
    const grace = flowVault(scope);
    await base.store(ADA, session('ada'));
    await expect(grace.load()).resolves.toEqual({ ok: true, value: null });
    const graceSession = session('grace');
    await expect(grace.store(GRACE, graceSession)).resolves.toEqual({ ok: true, value: undefined });
    expect(scope.userId).toBe(GRACE);
    await expect(grace.load()).resolves.toEqual({ ok: true, value: { userId: GRACE, session: graceSession } });
  });

  it('a sign-in that reached an account already here neither overwrites nor deletes that account\'s session', async () => {
    const adaSession = session('ada');
    await base.store(ADA, adaSession);
    here.add(ADA);
    const again = flowVault({ items: SIGN_IN_SCOPE, userId: null });
    await expect(again.store(ADA, session('second'))).resolves.toEqual({ ok: true, value: undefined });
    await expect(again.remove(ADA)).resolves.toEqual({ ok: true, value: undefined });
    await expect(keytar().getPassword(service, ADA)).resolves.toBe(adaSession);
    await expect(again.storedUserIds()).resolves.toEqual([ADA]);
  });
});
