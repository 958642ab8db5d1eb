// Start-up with stored accounts, to the signed-in screen: the app core in this process against
// the local server in its own (as Telegram is to a real client) and a real Secret Service, once
// with 1 stored account and once with 6, rounds alternating in the same run. The keychain is
// read once whatever the number of accounts, and every account restores in parallel on its own
// connection, so six should cost little more than one (aim: under 1.5 times).
import { createRequire } from 'node:module';
import type { BenchRow } from './bench-row';
import { startServerChild, type ServerChild } from './server-child';
import { createAppCore } from '../main/app-core';

const ROUNDS = 9;
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

const coreFor = (server: ServerChild, service: string) =>
  createAppCore({ env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.ready) }, keychainService: service });

async function signInAll(server: ServerChild, service: string, phones: readonly string[]): Promise<void> {
  const core = await coreFor(server, service);
  try {
    await core.started;
    for (const [i, phone] of phones.entries()) {
      if (i > 0) await core.route('addAccount', {});
      await core.route('submitPhone', { phone });
      await core.idle();
      await core.route('submitCode', { code: await server.latestCode(phone) });
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
async function startUp(server: ServerChild, service: string, accounts: number): Promise<number> {
  const t0 = performance.now();
  const core = await coreFor(server, service);
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
  const server = await startServerChild();
  try {
    await server.control('/users', { phone: '+15550104', firstName: 'Mary', lastName: 'Jackson', dc: 1 });
    await server.control('/users', { phone: '+15550105', firstName: 'Edsger', lastName: 'Dijkstra', dc: 3 });
    await signInAll(server, ONE, PHONES.slice(0, 1));
    await signInAll(server, SIX, PHONES);
    const one: number[] = [];
    const six: number[] = [];
    // Warm-up: module loading, the first keytar calls, the JIT on both sides.
    await startUp(server, ONE, 1);
    await startUp(server, SIX, 6);
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
