// Start-up with stored accounts: the app core in this process against the local server in its
// own (as Telegram is to a real client) and a real Secret Service, once with 1 stored account and
// once with 6, rounds alternating in the same run. Two moments of each start: the signed-in
// screen (the shown account answered by the server; the aim, under 1.5 times one account's), and
// every account restored. The keychain is read once whatever the number of accounts, and the
// shown account restores first; the others then share the CPU, which on loopback is what the
// second figure measures.
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

interface StartUp {
  /** To the signed-in screen: the shown account's session accepted by the server (ms). */
  screen: number;
  /** To every stored account restored (ms). */
  all: number;
}

/** One start-up: when the signed-in screen showed, and when every stored account was restored. */
async function startUp(server: ServerChild, service: string, accounts: number): Promise<StartUp> {
  const t0 = performance.now();
  const core = await coreFor(server, service);
  let screen = core.getState().step === 'signed_in' ? performance.now() - t0 : null;
  const stop = core.onPush((message) => {
    if (screen === null && message.channel === 'state' && message.payload.step === 'signed_in') screen = performance.now() - t0;
  });
  try {
    await core.started;
    const all = performance.now() - t0;
    const state = core.getState();
    const connected = state.accounts?.list.filter((a) => a.status === 'connected').length ?? 0;
    if (screen === null || state.step !== 'signed_in' || connected !== accounts) throw new Error(`bench: ${accounts} accounts did not all restore`);
    return { screen, all };
  } finally {
    stop();
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
    const one: StartUp[] = [];
    const six: StartUp[] = [];
    // Warm-up: module loading, the first keytar calls, the JIT on both sides.
    await startUp(server, ONE, 1);
    await startUp(server, SIX, 6);
    for (let i = 0; i < ROUNDS; i++) {
      one.push(await startUp(server, ONE, 1));
      six.push(await startUp(server, SIX, 6));
    }
    const screen1 = median(one.map((s) => s.screen));
    const screen6 = median(six.map((s) => s.screen));
    const all1 = median(one.map((s) => s.all));
    const all6 = median(six.map((s) => s.all));
    return [
      { name: 'start-up to signed-in screen, 1 stored account (median)', value: screen1, unit: 'ms' },
      { name: 'start-up to signed-in screen, 6 stored accounts (median)', value: screen6, unit: 'ms' },
      { name: 'start-up to signed-in screen, 6 accounts / 1 account', value: screen6 / screen1, unit: 'x', aim: 'under 1.5' },
      { name: 'start-up to every account restored, 6 accounts (median)', value: all6, unit: 'ms' },
      { name: 'start-up to every account restored, 6 accounts / 1 account', value: all6 / all1, unit: 'x' },
    ];
  } finally {
    for (const service of [ONE, SIX]) {
      for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
    }
    await server.stop();
  }
}
