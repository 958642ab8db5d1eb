// Property-based inputs to every intent of the contract, through the app core's router and
// through the real bridge over one WebSocket, with the real app core behind both (demo mode
// against a local server started here, keychain off). The inputs are derived from the
// contract's own schemas (test/support/contract-arbitraries.ts), so a new intent is fuzzed as
// soon as it is in common/contract.ts. Every input is one the contract refuses, and each must
// get its typed error (never a rejection or another error), leave the login state the very same
// object, push nothing, and cause no call to the server (its request log stays as it was).
// Besides, arguments the contract accepts go to every sign-in intent that doesn't apply at the
// step the suite runs at (by the flow's own INTENT_RULES): each must be refused with NOT_NOW,
// just as quietly.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../common/bridge-protocol';
import { allIntentNames, allIntents, type AnyIntentName, type LoginIntentName, type PushMessage } from '../../common/contract';
import type { LoginState } from '../../common/login-state';
import { createAppCore, type AppCore } from '../../main/app-core';
import { startBridgeServer, type BridgeServer } from '../../main/browser-mode/bridge-server';
import type { FlowStep } from '../../main/login/flow-state';
import { INTENT_RULES } from '../../main/login/login-flow';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { bridgeHandshake, type BridgeSocket } from '../support/bridge-socket';
import { admittedByContract, materialize, notAnIntentName, refusedArgs, validValue } from '../support/contract-arbitraries';
import { reportFigure, scaled } from '../support/suite-scale';

/** Inputs per intent and per path (router, bridge). */
const RUNS = scaled(2000, 50_000);
/** The bridge's largest frame is a test of its own (hostile loopback); the fuzz stays below it. */
const FRAME_BYTES = 16 * 1024;
/** Frames in flight at once on the one socket: enough to keep the bridge busy, few enough to keep memory flat. */
const BATCH = 1_000;

let server: LocalServer;
let core: AppCore;
let bridge: BridgeServer;
let socket: BridgeSocket;
let root: string;
let state: LoginState;
let calls: number;
const pushes: PushMessage[] = [];
let stopPushes: () => void = () => undefined;
let tried = 0;
/** Sign-in intents fuzzed with accepted arguments at a step they don't apply to. */
let notNowIntents = 0;
let started = 0;

beforeAll(async () => {
  started = performance.now();
  server = await startLocalServer({ port: 'auto' });
  core = await createAppCore({
    env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' },
  });
  await core.started;
  await core.idle();
  root = mkdtempSync(join(tmpdir(), 'gramdesk-fuzz-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>Gramdesk</title>');
  bridge = await startBridgeServer({ core, staticDir: join(root, 'renderer'), maxFrameBytes: FRAME_BYTES });
  const outcome = await bridgeHandshake(bridge.port, bridge.token);
  if (!('open' in outcome)) throw new Error(`the bridge refused the fuzz socket: ${outcome.refused}`);
  socket = outcome.open;
  // The first frame is the state as it is; after it, none may come but answers.
  expect((await socket.frame()).kind).toBe('push');
  state = core.getState();
  calls = server.log().length;
  stopPushes = core.onPush((message) => pushes.push(message));
});

afterAll(async () => {
  stopPushes();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  reportFigure(
    'fuzz',
    `${tried} inputs refused with typed errors, nothing changed, in ${seconds} s ` +
      `(${RUNS} per intent and path: ${allIntentNames.length} intents through the router and through the bridge, ` +
      `unknown names and frames, ${notNowIntents} sign-in intents at a step they don't apply to)`,
  );
  socket?.ws.terminate();
  await bridge?.close();
  await core?.dispose();
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Nothing a refused input could have done: same state object, no push, no server call. */
function expectNothingChanged(): void {
  expect(core.getState()).toBe(state);
  expect(pushes).toEqual([]);
  expect(server.log().length).toBe(calls);
}

let nextId = 1;

/** Sends frames over the one socket, at most BATCH unanswered at a time, and returns each answer by its frame. */
async function throughBridge(frames: string[], idOf: (i: number) => number | null): Promise<ServerFrame[]> {
  const answers: ServerFrame[] = [];
  for (let from = 0; from < frames.length; from += BATCH) {
    const batch = frames.slice(from, from + BATCH);
    for (const frame of batch) socket.ws.send(frame);
    for (let i = 0; i < batch.length; i++) {
      const id = idOf(from + i);
      // Found by its id (a frame with none is answered with id null, all alike); a push would be taken here and fail.
      answers.push(await socket.frame((f) => f.kind !== 'result' || f.id === id));
    }
  }
  return answers;
}

describe('fuzz: the inputs are near misses, not noise', () => {
  it.each(allIntentNames)('%s: what the derivation calls valid the contract admits, and most refused inputs keep its shape', (name) => {
    const schema = allIntents[name];
    expect(fc.sample(validValue(schema), 200).every((args) => admittedByContract(schema, args))).toBe(true);
    // Plain objects: the misses that reach the schema's own checks rather than the plain-object one.
    const plain = fc.sample(refusedArgs(schema, { json: true }), 200).filter((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
    expect(plain.length).toBeGreaterThan(100);
  });
});

describe('fuzz: every intent of the contract, through the router', () => {
  it.each(allIntentNames)('%s: refused arguments get BAD_ARGUMENTS and change nothing', async (name: AnyIntentName) => {
    await fc.assert(
      fc.asyncProperty(refusedArgs(allIntents[name], { json: false }), async (args) => {
        const result = await core.route(name, materialize(args));
        expect(result).toEqual({ ok: false, error: 'BAD_ARGUMENTS' });
        expect(core.getState()).toBe(state);
      }),
      { numRuns: RUNS },
    );
    tried += RUNS;
    expectNothingChanged();
  });

  it('names that are no intent get UNKNOWN_INTENT and change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(notAnIntentName(allIntentNames), fc.anything({ maxDepth: 2 }), async (name, args) => {
        expect(await core.route(name, args)).toEqual({ ok: false, error: 'UNKNOWN_INTENT' });
      }),
      { numRuns: RUNS },
    );
    tried += RUNS;
    expectNothingChanged();
  });
});

describe('fuzz: every intent of the contract, through the bridge', () => {
  it.each(allIntentNames)('%s: refused arguments get BAD_ARGUMENTS and change nothing', async (name: AnyIntentName) => {
    const inputs = fc.sample(refusedArgs(allIntents[name], { json: true, maxJsonLength: FRAME_BYTES - 200 }), RUNS);
    const first = nextId;
    nextId += inputs.length;
    const frames = inputs.map((args, i) => JSON.stringify({ id: first + i, intent: name, args }));
    const answers = await throughBridge(frames, (i) => first + i);
    answers.forEach((answer, i) => {
      expect(answer, `${name} ${frames[i]}`).toEqual({ kind: 'result', id: first + i, result: { ok: false, error: 'BAD_ARGUMENTS' } });
    });
    tried += inputs.length;
    expectNothingChanged();
  });

  it('frames that are no call (no id, no intent, not JSON) get a typed answer each and change nothing', async () => {
    const first = nextId;
    nextId += RUNS;
    const shapes = fc.oneof(
      // Not JSON at all, or JSON of any shape: nothing to answer to, so id null.
      fc.string({ maxLength: 64 }).filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      }),
      fc.jsonValue({ maxDepth: 2 }).filter((x) => typeof x !== 'object' || x === null || Array.isArray(x) || !('id' in x)).map((x) => JSON.stringify(x)),
      // An id that is no id (not a non-negative safe integer once through JSON), with a real intent.
      fc
        .record({ id: fc.oneof(fc.string(), fc.double(), fc.constant(-1), fc.constant(null), fc.constant(2 ** 53)), intent: fc.constantFrom(...allIntentNames) })
        .map((x) => JSON.stringify(x))
        .filter((text) => {
          const id = (JSON.parse(text) as { id: unknown }).id;
          return !(typeof id === 'number' && Number.isSafeInteger(id) && id >= 0);
        }),
    );
    const noCall = fc.sample(shapes, RUNS);
    // Every other frame is a named call to something that is no intent, so each answer can be told apart.
    const names = fc.sample(notAnIntentName(allIntentNames), RUNS);
    const frames = noCall.flatMap((text, i) => [text, JSON.stringify({ id: first + i, intent: names[i] })]);
    const answers = await throughBridge(frames, (i) => (i % 2 === 0 ? null : first + (i - 1) / 2));
    answers.forEach((answer, i) => {
      const expected =
        i % 2 === 0
          ? { kind: 'result', id: null, result: { ok: false, error: 'BAD_ARGUMENTS' } }
          : { kind: 'result', id: first + (i - 1) / 2, result: { ok: false, error: 'UNKNOWN_INTENT' } };
      expect(answer, frames[i]).toEqual(expected);
    });
    tried += frames.length;
    expectNothingChanged();
  });
});

describe('fuzz: sign-in intents that do not apply at this step, with arguments the contract accepts', () => {
  it('each is NOT_NOW and changes nothing', async () => {
    // The suite runs at the phone step, which keeps no secret: its flow step is the view plus secret null.
    expect(state.step).toBe('phone');
    const step = { ...state, secret: null } as FlowStep;
    const notHere = (Object.keys(INTENT_RULES) as LoginIntentName[]).filter((name) => {
      const [sample] = fc.sample(validValue(allIntents[name]), { numRuns: 1, seed: 1 });
      return !(INTENT_RULES[name].applies as (s: FlowStep, now: number, args: unknown) => boolean)(step, Date.now(), sample);
    });
    // The phone step takes a number or QR login, not a code.
    expect(notHere).toContain('submitCode');
    expect(notHere).not.toContain('submitPhone');
    notNowIntents = notHere.length;
    for (const name of notHere) {
      const applies = INTENT_RULES[name].applies as (s: FlowStep, now: number, args: unknown) => boolean;
      await fc.assert(
        fc.asyncProperty(
          validValue(allIntents[name]).filter((args) => !applies(step, Date.now(), args)),
          async (args) => {
            expect(await core.route(name, args), name).toEqual({ ok: false, error: 'NOT_NOW' });
            expect(core.getState()).toBe(state);
          },
        ),
        { numRuns: RUNS },
      );
      tried += RUNS;
    }
    expectNothingChanged();
  });
});
