// The future auth tokens per account, in a real Secret Service (run under
// scripts/with-secret-service.mjs; skipped with the reason without one): each number's tokens in
// an item of its own, the single list of earlier versions still offered after the migration, and
// whatever is unreadable counted as absent.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFutureAuthTokens } from '../../main/vault/future-auth-tokens';
import { createSessionVault } from '../../main/vault/session-vault';
import { noKeychainReason } from '../support/secret-service';

const service = `Gramdesk (tokens test ${randomBytes(4).toString('hex')})`;
const ADA = '+15550100';
const GRACE = '+15550101';

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
const keytar = (): Keytar => createRequire(import.meta.url)('keytar') as Keytar;
const itemNames = async () => (await keytar().findCredentials(service)).map((c) => c.account).sort();
const token = () => randomBytes(32).toString('base64');

describe.skipIf(noKeychainReason !== null)(`future auth tokens per account${noKeychainReason ? ` (skipped: ${noKeychainReason})` : ''}`, () => {
  afterEach(async () => {
    for (const { account } of await keytar().findCredentials(service)) await keytar().deletePassword(service, account);
  });

  it('each number keeps its own tokens, in an item of its own; a sign-in is offered its number\'s only', async () => {
    const tokens = createFutureAuthTokens(createSessionVault({ service }));
    const [ada1, ada2, grace1] = [token(), token(), token()];
    // Two accounts logging out at once (log out of all) both keep their token.
    await Promise.all([tokens.add(ADA, ada1), tokens.add(GRACE, grace1)]);
    await tokens.add(ADA, ada2);

    expect(await itemNames()).toEqual(['gramdesk-future-auth-tokens', 'gramdesk-future-auth-tokens#15550100', 'gramdesk-future-auth-tokens#15550101']);
    // The next start (a vault object of its own) finds them, by the number in any form typed.
    const again = createFutureAuthTokens(createSessionVault({ service }));
    await expect(again.forPhone('+1 555 0100')).resolves.toEqual([ada2, ada1]);
    await expect(again.forPhone(GRACE)).resolves.toEqual([grace1]);
    await expect(again.forPhone('+15550102')).resolves.toEqual([]);
  });

  it('at most 20 per account, the newest first; the same token twice is kept once', async () => {
    const tokens = createFutureAuthTokens(createSessionVault({ service }));
    const made = Array.from({ length: 22 }, token);
    for (const t of made) await tokens.add(ADA, t);
    await tokens.add(ADA, made[21]!);
    await expect(tokens.forPhone(ADA)).resolves.toEqual(made.slice(2).reverse());
  });

  it('at most 20 numbers keep an item: the one that logged out longest ago goes, with its item', async () => {
    const tokens = createFutureAuthTokens(createSessionVault({ service }));
    const numbers = Array.from({ length: 21 }, (_, i) => `+1555020${String(i).padStart(2, '0')}`);
    for (const phone of numbers) await tokens.add(phone, token());
    await expect(tokens.forPhone(numbers[0]!)).resolves.toEqual([]);
    await expect(tokens.forPhone(numbers[1]!)).resolves.toHaveLength(1);
    const names = await itemNames();
    expect(names).toHaveLength(21);
    expect(names).not.toContain('gramdesk-future-auth-tokens#155502000');
  });

  it('the single list of an earlier version: offered to every sign-in after the number\'s own, and kept when a number adds its own', async () => {
    const legacy = [token(), token()];
    await keytar().setPassword(service, 'gramdesk-future-auth-tokens', JSON.stringify(legacy));
    const tokens = createFutureAuthTokens(createSessionVault({ service }));
    await expect(tokens.forPhone(GRACE)).resolves.toEqual(legacy);

    const grace1 = token();
    await tokens.add(GRACE, grace1);
    await expect(tokens.forPhone(GRACE)).resolves.toEqual([grace1, ...legacy]);
    await expect(tokens.forPhone(ADA)).resolves.toEqual(legacy);
    const index = (await keytar().findCredentials(service)).find((c) => c.account === 'gramdesk-future-auth-tokens')!;
    expect(JSON.parse(index.password)).toEqual({ v: 2, numbers: ['15550101'], unattributed: legacy });
  });

  it('unreadable items count as absent, and the next log-out writes a good index again', async () => {
    await keytar().setPassword(service, 'gramdesk-future-auth-tokens', '{"v": 2, "numbers": "all"');
    await keytar().setPassword(service, 'gramdesk-future-auth-tokens#15550100', '[1, 2]');
    const tokens = createFutureAuthTokens(createSessionVault({ service }));
    await expect(tokens.forPhone(ADA)).resolves.toEqual([]);
    const ada1 = token();
    await tokens.add(ADA, ada1);
    await expect(tokens.forPhone(ADA)).resolves.toEqual([ada1]);
  });

  it('forget all deletes every account\'s item and the index', async () => {
    const tokens = createFutureAuthTokens(createSessionVault({ service }));
    await tokens.add(ADA, token());
    await tokens.add(GRACE, token());
    await tokens.forgetAll();
    expect(await itemNames()).toEqual([]);
  });
});
