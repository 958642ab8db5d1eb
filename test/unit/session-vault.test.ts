// The session vault against a real Secret Service (gnome-keyring on a private D-Bus session bus:
// `node scripts/with-secret-service.mjs npx vitest run test/unit/session-vault.test.ts`; the
// test runner always provides one). Without a bus or keytar these tests skip and say why.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { createKeychainItems, parsePendingKeys, serializePendingKeys } from '../../main/vault/keychain-items';
import { scopedItemsOf } from '../../main/vault/keychain-snapshot';
import { createSessionVault, type SessionVault } from '../../main/vault/session-vault';
import { keytarInstalled, noKeychainReason } from '../support/secret-service';

const skipReason = noKeychainReason;

// A service name of its own per run, so nothing here can meet a real Gramdesk item.
const service = `Gramdesk (test ${randomBytes(4).toString('hex')})`;
const fakeSession = (tag: string) => `1BQANOTEuMTA4LjU2LjE1MAG7${tag}${randomBytes(96).toString('base64url')}`;

describe.skipIf(skipReason !== null)(`session vault, real Secret Service${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const vault: SessionVault = createSessionVault({ service });

  afterAll(async () => {
    for (const id of ['1001', '1002']) await vault.remove(id);
  });

  it('is available', async () => {
    await expect(vault.status()).resolves.toEqual({ available: true });
  });

  it('starts empty', async () => {
    await expect(vault.load()).resolves.toEqual({ ok: true, value: null });
  });

  it('stores a session, verified by read-back, and loads it', async () => {
    const session = fakeSession('a');
    await expect(vault.store('1001', session)).resolves.toEqual({ ok: true, value: undefined });
    await expect(vault.load()).resolves.toEqual({ ok: true, value: { userId: '1001', session } });
  });

  it('a second vault object (the next start of the app) finds it', async () => {
    const again = createSessionVault({ service });
    const loaded = await again.load();
    expect(loaded.ok && loaded.value?.userId).toBe('1001');
  });

  it('overwrites the same account', async () => {
    const newer = fakeSession('b');
    await expect(vault.store('1001', newer)).resolves.toEqual({ ok: true, value: undefined });
    await expect(vault.load()).resolves.toEqual({ ok: true, value: { userId: '1001', session: newer } });
  });

  it('keeps one item per account and loads the most recent one', async () => {
    const first = fakeSession('first');
    const second = fakeSession('second');
    await vault.store('1001', first);
    await vault.store('1002', second);
    await expect(vault.load()).resolves.toEqual({ ok: true, value: { userId: '1002', session: second } });
    // Storing the first again makes it the most recent.
    await vault.store('1001', first);
    await expect(vault.load()).resolves.toEqual({ ok: true, value: { userId: '1001', session: first } });
    await expect(vault.remove('1001')).resolves.toEqual({ ok: true, value: undefined });
    await expect(vault.load()).resolves.toEqual({ ok: true, value: { userId: '1002', session: second } });
  });

  it('removes an account, and removing one that is not there is fine', async () => {
    await expect(vault.remove('1002')).resolves.toEqual({ ok: true, value: undefined });
    await expect(vault.load()).resolves.toEqual({ ok: true, value: null });
    await expect(vault.remove('1002')).resolves.toEqual({ ok: true, value: undefined });
  });

  it('demo and production items never mix (different services)', async () => {
    const other = createSessionVault({ service: `${service} other` });
    await vault.store('1001', fakeSession('c'));
    await expect(other.load()).resolves.toEqual({ ok: true, value: null });
    await vault.remove('1001');
  });
});

describe('session vault without a keychain', () => {
  it('switched off: unavailable with the reason, and nothing can be stored', async () => {
    const vault = createSessionVault({ service, disabledReason: 'switched off by GRAMDESK_KEYCHAIN=off' });
    await expect(vault.status()).resolves.toEqual({
      available: false,
      reason: 'switched off by GRAMDESK_KEYCHAIN=off',
    });
    await expect(vault.store('1001', fakeSession('x'))).resolves.toEqual({ ok: false, error: 'UNAVAILABLE' });
    await expect(vault.load()).resolves.toEqual({ ok: false, error: 'UNAVAILABLE' });
    await expect(vault.remove('1001')).resolves.toEqual({ ok: false, error: 'UNAVAILABLE' });
  });

  it.skipIf(!keytarInstalled)('no Secret Service on the bus: unavailable with a reason (child process, bogus bus address)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gramdesk-vault-'));
    try {
      const script = join(dir, 'probe.mts');
      const vaultModule = resolve(import.meta.dirname, '../../main/vault/session-vault.ts');
      writeFileSync(
        script,
        `import { createSessionVault } from ${JSON.stringify(vaultModule)};\n` +
          `const vault = createSessionVault({ service: 'Gramdesk (probe)', probeTimeoutMs: 8000 });\n` +
          `const session = 'SECRET-SESSION-MARKER';\n` +
          `const status = await vault.status();\n` +
          `const store = await vault.store('1', session);\n` +
          `console.log(JSON.stringify({ status, store }));\n`,
      );
      const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: resolve(import.meta.dirname, '../..'),
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}`, DISPLAY: '' },
        encoding: 'utf8',
        timeout: 25_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
        status: { available: boolean; reason?: string };
        store: unknown;
      };
      expect(out.status.available).toBe(false);
      expect(out.status.reason).toMatch(/^no Secret Service on the session bus/);
      expect(out.store).toEqual({ ok: false, error: 'UNAVAILABLE' });
      expect(run.stdout + run.stderr).not.toContain('SECRET-SESSION-MARKER');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skipReason !== null)(`session vault: app items${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const itemService = `Gramdesk (test items ${randomBytes(4).toString('hex')})`;
  const vault: SessionVault = createSessionVault({ service: itemService });

  afterAll(async () => {
    for (const name of ['future-auth-tokens', 'flood', 'pending-code'] as const) await vault.setItem(name, null);
    await vault.remove('2001');
  });

  it('an item is written, read back by the next start, and deleted', async () => {
    await expect(vault.getItem('flood')).resolves.toBeNull();
    await expect(vault.setItem('flood', '{"code":"FLOOD_WAIT","retryAt":1}')).resolves.toBe(true);
    await expect(createSessionVault({ service: itemService }).getItem('flood')).resolves.toBe('{"code":"FLOOD_WAIT","retryAt":1}');
    await expect(vault.setItem('flood', null)).resolves.toBe(true);
    await expect(vault.getItem('flood')).resolves.toBeNull();
  });

  it('app items are never mistaken for a session, with or without the index', async () => {
    await vault.setItem('pending-code', '{"secret":"not a session"}');
    await expect(vault.load()).resolves.toEqual({ ok: true, value: null });
    await vault.store('2001', fakeSession('c'));
    await expect(vault.storedUserIds()).resolves.toEqual(['2001']);
    const loaded = await vault.load();
    expect(loaded.ok && loaded.value?.userId).toBe('2001');
  });

  it('a pending key is kept (read back) and let go; scoped items are listed by name, and spared when asked', async () => {
    const items = createKeychainItems(vault);
    const key = fakeSession('pending');
    const other = fakeSession('other');
    await expect(items.keepPendingKey(key)).resolves.toBe(true);
    await expect(items.keepPendingKey(other)).resolves.toBe(true);
    await expect(items.keepPendingKey(key)).resolves.toBe(true);
    expect(parsePendingKeys(await vault.getItem('pending-key'))).toEqual([key, other]);
    await items.releasePendingKey(key);
    expect(parsePendingKeys(await vault.getItem('pending-key'))).toEqual([other]);
    await items.releasePendingKey(other);
    await expect(vault.getItem('pending-key')).resolves.toBeNull();

    // The vault's one read of every item, and the snapshot's rule for a scoped item's name.
    const pendingKeyItems = async () => {
      const seen = await vault.snapshot();
      return seen.ok ? { ok: true, value: scopedItemsOf(seen.value, 'pending-key') } : seen;
    };
    await vault.setItem('pending-key@3001', serializePendingKeys([other]));
    await vault.setItem('pending-code@3001', '{}');
    await expect(pendingKeyItems()).resolves.toEqual({ ok: true, value: [{ scope: '3001', value: serializePendingKeys([other]) }] });
    await vault.removeScopedItems([], ['pending-key']);
    await expect(vault.getItem('pending-code@3001')).resolves.toBeNull();
    await expect(pendingKeyItems()).resolves.toMatchObject({ ok: true, value: [{ scope: '3001' }] });
    await vault.removeScopedItems([]);
    await expect(pendingKeyItems()).resolves.toEqual({ ok: true, value: [] });
  });

  it('the index is made to list exactly the session items: a stale id goes, a missed item is added', async () => {
    const repairService = `Gramdesk (test index ${randomBytes(4).toString('hex')})`;
    const own = createSessionVault({ service: repairService });
    await own.store('4001', fakeSession('d'));
    await own.store('4002', fakeSession('e'));
    // A kill between deleting 4001's item and rewriting the index: the raw item goes, the index stays.
    const keytar = createRequire(import.meta.url)('keytar') as { deletePassword(s: string, a: string): Promise<boolean> };
    await keytar.deletePassword(repairService, '4001');
    await expect(own.storedUserIds()).resolves.toEqual(['4001', '4002']);
    await expect(own.repairIndex()).resolves.toEqual({ ok: true, value: 1 });
    await expect(own.storedUserIds()).resolves.toEqual(['4002']);
    await expect(own.repairIndex()).resolves.toEqual({ ok: true, value: 0 });
    await own.remove('4002');
  });

  it('without a keychain: nothing stored, nothing read, said so', async () => {
    const off = createSessionVault({ service: itemService, disabledReason: 'off' });
    await expect(off.setItem('flood', 'x')).resolves.toBe(false);
    await expect(off.getItem('pending-code')).resolves.toBeNull();
    await expect(off.storedUserIds()).resolves.toEqual([]);
  });
});
