// Where an installed app connects, as the person chose it on the first start: their own API
// credentials from my.telegram.org, or the offline demo. Kept in the keychain (its own service,
// so it never mixes with sessions), read back after writing, and checked by the same rule as
// credentials from the environment when read again.
import * as v from 'valibot';
import { checkApiCredentials } from '../../common/api-credentials';
import { createSessionVault, type SessionVault } from '../vault/session-vault';

export const CONNECTION_SERVICE = 'Gramdesk (connection)';

export type ConnectionChoice = { choice: 'own'; apiId: number; apiHash: string } | { choice: 'demo' };

const stored = v.union([
  v.strictObject({ choice: v.literal('own'), apiId: v.number(), apiHash: v.string() }),
  v.strictObject({ choice: v.literal('demo') }),
]);

export type StoredChoice = { kind: 'none' } | { kind: 'invalid' } | { kind: 'chosen'; value: ConnectionChoice };

export interface ConnectionChoiceStore {
  readonly vault: SessionVault;
  read(): Promise<StoredChoice>;
  /** True when the keychain holds it now (written and read back). */
  write(choice: ConnectionChoice): Promise<boolean>;
  clear(): Promise<void>;
}

export function createConnectionChoiceStore(options: { disabledReason?: string; service?: string } = {}): ConnectionChoiceStore {
  const vault = createSessionVault({
    service: options.service ?? CONNECTION_SERVICE,
    ...(options.disabledReason ? { disabledReason: options.disabledReason } : {}),
  });
  return {
    vault,
    async read() {
      const raw = await vault.getItem('connection');
      if (raw === null) return { kind: 'none' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return { kind: 'invalid' };
      }
      const result = v.safeParse(stored, parsed);
      if (!result.success) return { kind: 'invalid' };
      if (result.output.choice === 'demo') return { kind: 'chosen', value: { choice: 'demo' } };
      const checked = checkApiCredentials(String(result.output.apiId), result.output.apiHash);
      return checked.ok ? { kind: 'chosen', value: { choice: 'own', apiId: checked.apiId, apiHash: checked.apiHash } } : { kind: 'invalid' };
    },
    async write(choice) {
      const text = JSON.stringify(choice);
      if (!(await vault.setItem('connection', text))) return false;
      return (await vault.getItem('connection')) === text;
    },
    async clear() {
      await vault.setItem('connection', null);
    },
  };
}
