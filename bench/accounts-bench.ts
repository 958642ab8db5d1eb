// Start-up with stored accounts, to the signed-in screen: the app core in-process against the
// local server and a real Secret Service, once with 1 stored account and once with 6, rounds
// alternating in the same run. Every account restores in parallel on its own connection, so
// six should cost little more than one (aim: under 1.5 times).
import { createRequire } from 'node:module';
import type { BenchRow } from './bench-row';
import { createAppCore } from '../main/app-core';
import { startLocalServer, type LocalServer } from '../server/local-server';

const ROUNDS = 7;
const ONE = 'Gramdesk (bench, 1 account)';
const SIX = 'Gramdesk (bench, 6 accounts)';
const PHONES = ['+15550100', '+15550101', '+15550102', '+15550103', '+15550104', '+15550105'];
const PASSWORDS: Record<string, string> = { '+15550101': 'hunter2' };

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string }>>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function signInAll(server: LocalServer, service: string, phones: readonly string[]): Promise<void> {
  const core = await createAppCore({ env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) }, keychainService: service });
  try {
    await core.started;
    for (const [i, phone] of phones.entries()) {
      if (i > 0) await core.route('addAccount', {});
      const before = server.inbox(phone).length;
      await core.route('submitPhone', { phone });
      const { code } = await server.waitForMessage(phone, { after: before });
      await core.route('submitCode', { code });
      const password = PASSWORDS[phone];
      if (password) await core.route('submitPassword', { password });
      await core.idle();
      if (core.getState().step !== 'signed_in') throw new Error(`bench: ${phone} did not sign in`);
    }
  } finally {
    await core.dispose();
  }
}

/** One start-up to the signed-in screen with every stored account restored, in ms. */
async function startUp(server: LocalServer, service: string, accounts: number): Promise<number> {
  const t0 = performance.now();
  const core = await createAppCore({ env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) }, keychainService: service });
  try {
    await core.started;
    const state = core.getState();
    const connected = state.accounts?.list.filter((a) => a.status === 'connected').length ?? 0;
    if (state.step !== 'signed_in' || connected !== accounts) throw new Error(`bench: ${accounts} accounts did not all restore`);
    return performance.now() - t0;
  } finally {
    await core.dispose();
  }
}

export async function runAccountsBench(): Promise<BenchRow[]> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    console.error('[bench] accounts: skipped, no Secret Service (npm run bench provides one)');
    return [];
  }
  const keytar = createRequire(import.meta.url)('keytar') as Keytar;
  const server = await startLocalServer({ port: 'auto' });
  const control = (path: string, body: object) =>
    fetch(`${server.controlUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  try {
    await control('/users', { phone: '+15550104', firstName: 'Mary', lastName: 'Jackson', dc: 1 });
    await control('/users', { phone: '+15550105', firstName: 'Edsger', lastName: 'Dijkstra', dc: 3 });
    await signInAll(server, ONE, PHONES.slice(0, 1));
    await signInAll(server, SIX, PHONES);
    const one: number[] = [];
    const six: number[] = [];
    await startUp(server, ONE, 1); // warm-up: module loading and the first keytar calls
    for (let i = 0; i < ROUNDS; i++) {
      one.push(await startUp(server, ONE, 1));
      six.push(await startUp(server, SIX, 6));
    }
    const m1 = median(one);
    const m6 = median(six);
    return [
      { name: 'start-up, 1 stored account (median)', value: m1, unit: 'ms' },
      { name: 'start-up, 6 stored accounts (median)', value: m6, unit: 'ms' },
      { name: 'start-up, 6 accounts / 1 account', value: m6 / m1, unit: 'x', aim: 'under 1.5' },
    ];
  } finally {
    for (const service of [ONE, SIX]) {
      for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
    }
    await server.stop();
  }
}
