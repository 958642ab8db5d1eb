// The projection is the one place that decides what of the flow crosses to the renderer: over
// generated flow states (every step, with and without a flood wait and offline), nothing of a
// step's private part, nor the back-off's bookkeeping, ever shows in what is pushed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActiveSession, BusyAction, CodeDelivery, FlowError, FlowErrorCode, NextChannel } from '../../common/login-state';
import { project, type FlowState, type FlowStep } from '../../main/login/flow-state';

/** Every private value is made of this marker, so any leak is found by a text search of the JSON. */
const MARK = 'PRIVATE';
const privateText = fc.string({ maxLength: 12 }).map((s) => `${MARK}${s}`);
const text = fc.string({ maxLength: 16 }).filter((s) => !s.includes(MARK));
const instant = fc.integer({ min: 0, max: 4_000_000_000_000 });
const busy = fc.constantFrom<BusyAction>(null, 'send_code', 'resend_code', 'sign_in', 'check_password', 'qr_token', 'log_out');
const errorCode = fc.constantFrom<FlowErrorCode>('FLOOD_WAIT', 'PHONE_CODE_INVALID', 'NETWORK', 'OFFLINE', 'SESSION_REVOKED');
const flowError: fc.Arbitrary<FlowError | null> = fc.option(
  fc.record({ code: errorCode, retryAt: fc.option(instant, { nil: undefined }) }, { requiredKeys: ['code'] }),
  { nil: null },
);
const delivery: fc.Arbitrary<CodeDelivery> = fc.oneof(
  fc.constant({ kind: 'app' as const }),
  fc.constant({ kind: 'sms' as const }),
  text.map((pattern) => ({ kind: 'flash_call' as const, pattern })),
  text.map((emailPattern) => ({ kind: 'email' as const, emailPattern })),
  fc.option(text, { nil: null }).map((beginning) => ({ kind: 'sms_phrase' as const, beginning })),
);
const next = fc.option(fc.constantFrom<NextChannel>('sms', 'call', 'flash_call', 'missed_call', 'fragment_sms'), { nil: null });
const session: fc.Arbitrary<ActiveSession> = fc.record({
  hash: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  current: fc.boolean(),
  device: text,
  platform: text,
  app: text,
  official: fc.boolean(),
  ip: fc.option(text, { nil: null }),
  country: fc.option(text, { nil: null }),
  createdAt: instant,
  activeAt: instant,
});

const step: fc.Arbitrary<FlowStep> = fc.oneof(
  fc.constant<FlowStep>({ step: 'starting', secret: null }),
  fc.record({ phone: text, busy, error: flowError }).map((v): FlowStep => ({ step: 'phone', ...v, secret: null })),
  fc
    .record({
      phone: text,
      delivery,
      length: fc.nat(8),
      next,
      nextAvailableAt: fc.option(instant, { nil: null }),
      busy,
      error: flowError,
      phoneCodeHash: fc.option(privateText, { nil: null }),
      sentAt: instant,
    })
    .map(({ phoneCodeHash, sentAt, ...v }): FlowStep => ({ step: 'code', ...v, secret: { phoneCodeHash, sentAt } })),
  fc
    .record({ phone: fc.option(text, { nil: null }), hint: text, hasRecovery: fc.boolean(), busy, error: flowError })
    .map((v): FlowStep => ({ step: 'password', ...v, secret: null })),
  fc
    .record({ phone: fc.option(text, { nil: null }), emailPattern: text, busy, error: flowError, hint: privateText, hasRecovery: fc.boolean() })
    .map(({ hint, hasRecovery, ...v }): FlowStep => ({ step: 'password_recovery', ...v, secret: { hint, hasRecovery } })),
  fc
    .record({ loginUrl: fc.option(text, { nil: null }), expiresAt: fc.option(instant, { nil: null }), busy, error: flowError })
    .map((v): FlowStep => ({ step: 'qr', ...v, secret: null })),
  fc
    .record({
      phone: text,
      termsOfService: fc.option(fc.record({ text, minAgeConfirm: fc.option(fc.nat(21), { nil: null }) }), { nil: null }),
      busy,
      error: flowError,
      phoneCodeHash: privateText,
      termsId: fc.option(privateText, { nil: null }),
    })
    .map(({ phoneCodeHash, termsId, ...v }): FlowStep => ({ step: 'sign_up', ...v, secret: { phoneCodeHash, termsId } })),
  fc
    .record({ phone: text, emailPattern: fc.option(text, { nil: null }), length: fc.nat(8), busy, error: flowError, phoneCodeHash: privateText })
    .map(({ phoneCodeHash, ...v }): FlowStep => ({ step: 'email_setup', ...v, secret: { phoneCodeHash } })),
  fc
    .record({
      user: fc.record({ id: fc.nat().map(String), firstName: text, lastName: text, phone: text, username: fc.option(text, { nil: null }) }),
      sessionPersisted: fc.boolean(),
      sessions: fc.option(fc.array(session, { maxLength: 3 }), { nil: null }),
      busy,
      error: flowError,
    })
    .map((v): FlowStep => ({ step: 'signed_in', ...v, secret: null })),
);

const flowState: fc.Arbitrary<FlowState> = fc.record({
  step,
  // The flood wait's held-back number is private bookkeeping: only its error shows, in the step.
  flood: fc.option(
    fc.record({ error: fc.record({ code: fc.constant<FlowErrorCode>('FLOOD_WAIT'), retryAt: instant }), phone: privateText }),
    { nil: null },
  ),
  offline: fc.option(fc.record({ since: instant, nextAttemptAt: fc.option(instant, { nil: null }), attempt: fc.nat(40) }), { nil: null }),
});

describe('project(FlowState)', () => {
  it('never carries a private field or value, whatever the state', () => {
    fc.assert(
      fc.property(flowState, (state) => {
        const pushed = JSON.stringify(project(state));
        expect(pushed).not.toContain(MARK);
        for (const key of ['secret', 'phoneCodeHash', 'termsId', 'sentAt', 'attempt', 'flood']) expect(pushed).not.toContain(`"${key}"`);
      }),
      { numRuns: 2000 },
    );
  });

  it('carries everything the step shows, and offline exactly while offline', () => {
    fc.assert(
      fc.property(flowState, (state) => {
        const { secret: _secret, ...view } = state.step;
        const pushed = project(state);
        const { offline, ...pushedStep } = pushed;
        expect(pushedStep).toEqual(view);
        expect(offline).toEqual(state.offline ? { since: state.offline.since, nextAttemptAt: state.offline.nextAttemptAt } : undefined);
      }),
      { numRuns: 1000 },
    );
  });
});
