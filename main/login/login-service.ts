// Runs the login flow's effects: calls the gateway and the vault, feeds each outcome into the
// pure `transition`, and emits every new state. It holds the only mutable login state in the
// app and what must never enter LoginState: the phone_code_hash, the terms-of-service id, the
// auth key of a pending code.
//
// An intent that doesn't fit the current step (NOT_NOW) or arrives while another action runs
// (BUSY) is refused and changes nothing. Bad input (PHONE_FORMAT, CODE_FORMAT ...) is refused
// before any network call and reported in the state, keeping what the person typed.
//
// Beside the intents, three things run by themselves: the QR token's refresh before it expires
// and the sign-in after a scan (updateLoginToken); and, while the connection is down, probing it
// with back-off (the pushed state then carries `offline`). Nothing retries a refused or
// flood-limited call on its own.
import type { CallResult, IntentName } from '../../common/contract';
import type { FlowError, FlowErrorCode, LoginState, OfflineInfo, SignedInUser } from '../../common/login-state';
import {
  initialState,
  intentFits,
  nextAvailableAt,
  transition,
  type LoginEvent,
  type SentCodeInfo,
} from './login-flow';
import { normalizeCode, normalizePhone, normalizeSignUpNames } from '../../common/input-normalizers';
import type { GatewayError, QrOutcome, SentCode, SignUpTerms, TelegramGateway } from '../telegram/telegram-gateway';
import type { SessionVault } from '../vault/session-vault';

export interface LoginServiceOptions {
  gateway: TelegramGateway;
  vault: SessionVault;
  /** Epoch ms; injectable so tests can reason about countdowns without sleeping. */
  now?: () => number;
  /** How long a pending code is resumed after a restart (ms); Telegram's codes live about 5 min. */
  pendingCodeTtlMs?: number;
  /** Back-off of the offline probe (ms): first delay, doubling up to the max. */
  offlineProbeMs?: { first: number; max: number };
}

export type StateListener = (state: LoginState) => void;

export interface LoginService {
  getState(): LoginState;
  /** Subscribe to every new state; returns the unsubscribe function. */
  onState(listener: StateListener): () => void;
  /** Restore the stored session (or a pending code) if there is one, else go to the phone step. Call once. */
  start(): Promise<void>;
  submitPhone(phone: string): Promise<CallResult<null>>;
  requestNextChannel(): Promise<CallResult<null>>;
  submitCode(code: string): Promise<CallResult<null>>;
  editPhone(): Promise<CallResult<null>>;
  logOut(): Promise<CallResult<null>>;
  submitPassword(password: string): Promise<CallResult<null>>;
  requestPasswordRecovery(): Promise<CallResult<null>>;
  submitRecoveryCode(code: string): Promise<CallResult<null>>;
  cancelPasswordRecovery(): Promise<CallResult<null>>;
  startQrLogin(): Promise<CallResult<null>>;
  submitSignUp(firstName: string, lastName: string): Promise<CallResult<null>>;
  submitLoginEmail(email: string): Promise<CallResult<null>>;
  refreshSessions(): Promise<CallResult<null>>;
  endSession(hash: string): Promise<CallResult<null>>;
  /** Resolves when no action is running (tests and shutdown). */
  idle(): Promise<void>;
  /** Resolves once the keychain writes made so far have landed (awaited before the app exits). */
  flush(): Promise<void>;
  /** Stop timers and listeners (QR refresh, offline probe). */
  dispose(): void;
}

/** The server's names for "this session is gone", as the person is told them. */
const SESSION_REASONS: ReadonlySet<string> = new Set([
  'AUTH_KEY_UNREGISTERED',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'USER_DEACTIVATED',
  'AUTH_KEY_DUPLICATED',
]);

/** Why a session was rejected, as a flow error (USER_DEACTIVATED_BAN reads as USER_DEACTIVATED ...). */
export function sessionRejectedReason(error: GatewayError): FlowError {
  const detail = error.detail ?? '';
  if (SESSION_REASONS.has(detail)) return { code: detail as FlowErrorCode };
  if (detail.startsWith('USER_DEACTIVATED')) return { code: 'USER_DEACTIVATED' };
  return { code: 'AUTH_KEY_UNREGISTERED' };
}

/** The flow's view of a gateway error: SESSION_INVALID becomes its reason. */
function toFlowError(error: GatewayError, now: number): FlowError {
  const code: FlowErrorCode = error.code === 'SESSION_INVALID' ? sessionRejectedReason(error).code : error.code;
  return error.waitSeconds !== undefined && error.waitSeconds > 0
    ? { code, retryAt: now + error.waitSeconds * 1000 }
    : { code };
}

const FLOOD_CODES: ReadonlySet<FlowErrorCode> = new Set<FlowErrorCode>(['FLOOD_WAIT', 'PHONE_NUMBER_FLOOD', 'PHONE_PASSWORD_FLOOD']);

const OK: CallResult<null> = { ok: true, value: null };

/** Intents that need the server: while it is known to be unreachable they fail at once with OFFLINE. */
const NEEDS_SERVER: ReadonlySet<IntentName> = new Set<IntentName>([
  'submitPhone',
  'requestNextChannel',
  'submitCode',
  'submitPassword',
  'requestPasswordRecovery',
  'submitRecoveryCode',
  'startQrLogin',
  'submitSignUp',
  'submitLoginEmail',
  'refreshSessions',
  'endSession',
]);
const MAX_FUTURE_TOKENS = 20;
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/** What the keychain keeps of a pending code, so a restart returns to the same code step. */
interface PendingCodeItem {
  v: 1;
  phone: string;
  phoneCodeHash: string;
  sentCode: SentCodeInfo;
  sentAt: number;
  nextAvailableAt: number | null;
  /** The (unsigned) auth key session the code is bound to. A secret: keychain only. */
  session: string;
}

function parsePendingItem(raw: string | null): PendingCodeItem | null {
  if (!raw) return null;
  try {
    const x = JSON.parse(raw) as Partial<PendingCodeItem>;
    if (
      x.v === 1 &&
      typeof x.phone === 'string' &&
      typeof x.phoneCodeHash === 'string' &&
      typeof x.sentAt === 'number' &&
      typeof x.session === 'string' &&
      x.sentCode &&
      typeof x.sentCode === 'object' &&
      x.sentCode.delivery &&
      typeof x.sentCode.length === 'number'
    ) {
      return x as PendingCodeItem;
    }
  } catch {
    // unreadable: ignored
  }
  return null;
}

/** The stored flood wait, and the number it held back (so a restart shows it again with the number). */
function parseFloodItem(raw: string | null): { error: FlowError; phone: string } | null {
  if (!raw) return null;
  try {
    const x = JSON.parse(raw) as { code?: unknown; retryAt?: unknown; phone?: unknown };
    if (typeof x.code === 'string' && FLOOD_CODES.has(x.code as FlowErrorCode) && typeof x.retryAt === 'number') {
      return { error: { code: x.code as FlowErrorCode, retryAt: x.retryAt }, phone: typeof x.phone === 'string' ? x.phone : '' };
    }
  } catch {
    // unreadable: ignored
  }
  return null;
}

function parseTokens(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const x: unknown = JSON.parse(raw);
    return Array.isArray(x) ? x.filter((t): t is string => typeof t === 'string' && t.length > 0 && t.length < 1024) : [];
  } catch {
    return [];
  }
}

export function createLoginService(options: LoginServiceOptions): LoginService {
  const { gateway, vault } = options;
  const now = options.now ?? Date.now;
  const pendingCodeTtlMs = options.pendingCodeTtlMs ?? 5 * 60_000;
  const probeMs = options.offlineProbeMs ?? { first: 1000, max: 30_000 };
  let state: LoginState = initialState;
  const listeners = new Set<StateListener>();
  // The code being entered: which number, which hash (main only), and what was said about it.
  let pending: { phone: string; phoneCodeHash: string; sentCode: SentCodeInfo; sentAt: number } | null = null;
  // The signed-in account, for deleting its vault item on log-out.
  let signedInUserId: string | null = null;
  // The terms shown on the sign-up step (their id goes to help.acceptTermsOfService).
  let signUpTerms: SignUpTerms | null = null;
  // The password step's data, to return to it from recovery.
  let passwordInfo = { hint: '', hasRecovery: false };
  // A running flood deadline: intents that call the server are refused until then.
  let flood: FlowError | null = null;
  /** The number the flood wait held back, shown again after a restart. */
  let floodPhone = '';
  let offline: OfflineInfo | null = null;
  let disposed = false;
  let qrTimer: ReturnType<typeof setTimeout> | null = null;
  let probeTimer: ReturnType<typeof setTimeout> | null = null;
  let probeAttempt = 0;
  // Set while an action's effects run: a second intent in that window gets BUSY even where the
  // state has no busy field (starting, unsupported).
  let running: Promise<void> | null = null;

  function view(): LoginState {
    return offline ? { ...state, offline } : state;
  }

  function push(): void {
    const current = view();
    for (const listener of [...listeners]) {
      try {
        listener(current);
      } catch {
        // A failing listener must not break the flow or the other listeners.
      }
    }
  }

  function emit(event: LoginEvent): void {
    const next = transition(state, event);
    if (next === state) return;
    state = next;
    if (state.step !== 'qr') clearQrTimer();
    push();
  }

  /** A failure: shown in the step, and a flood deadline remembered (also across restarts). */
  async function fail(error: GatewayError): Promise<void> {
    const flowError = toFlowError(error, now());
    if (FLOOD_CODES.has(flowError.code) && flowError.retryAt !== undefined) {
      flood = flowError;
      const phone = 'phone' in state && typeof state.phone === 'string' ? state.phone : '';
      floodPhone = phone;
      await vault.setItem('flood', JSON.stringify({ ...flowError, phone }));
    }
    if (error.code === 'NETWORK' || error.code === 'TIMEOUT') goOffline();
    emit({ type: 'failed', error: flowError });
  }

  function activeFlood(): FlowError | null {
    return flood && flood.retryAt !== undefined && now() < flood.retryAt ? flood : null;
  }

  /** Run `task` as the one running action (waiting for the current one first). */
  async function exclusive(task: () => Promise<void>): Promise<void> {
    while (running) await running;
    let done!: () => void;
    running = new Promise<void>((resolve) => (done = resolve));
    try {
      await task();
    } catch {
      emit({ type: 'failed', error: { code: 'UNKNOWN' } });
    } finally {
      running = null;
      done();
    }
  }

  /** Check the intent fits, then run its effects as the one running action. */
  async function act(intent: IntentName, effect: () => Promise<void>): Promise<CallResult<null>> {
    if (running) return { ok: false, error: 'BUSY' };
    const fit = intentFits(state, intent, now(), activeFlood()?.retryAt ?? null);
    if (fit !== 'ok') return { ok: false, error: fit };
    if (offline && offline.nextAttemptAt !== null && NEEDS_SERVER.has(intent)) {
      // The last probe failed: don't make the person wait for a call that can't get through.
      // Their action does make the next probe run now (a probe is harmless: help.getNearestDc).
      emit({ type: 'failed', error: { code: 'OFFLINE' } });
      clearProbe();
      void probe();
      return OK;
    }
    let done!: () => void;
    running = new Promise<void>((resolve) => (done = resolve));
    try {
      await effect();
      return OK;
    } catch {
      // Effects report expected failures as events; a throw is a bug. Never leave the UI busy.
      emit({ type: 'failed', error: { code: 'UNKNOWN' } });
      return { ok: false, error: 'INTERNAL' };
    } finally {
      running = null;
      done();
    }
  }

  // ---- pending code (resumable across restarts) ------------------------------------------------

  // The keychain copy of the pending code only matters after a restart, so it is written off the
  // path to the screen: the new delivery shows without waiting for a D-Bus round trip. Writes are
  // chained so they land in the order they were made (keytar runs each on its own worker thread).
  let pendingWrites: Promise<void> = Promise.resolve();
  function writePendingItem(value: string | null): void {
    pendingWrites = pendingWrites.then(
      () => vault.setItem('pending-code', value).then(() => undefined),
      () => undefined,
    );
  }

  function setPending(phone: string, sent: SentCode): void {
    const { phoneCodeHash, ...sentCode } = sent;
    const sentAt = now();
    pending = { phone, phoneCodeHash, sentCode, sentAt };
    const session = gateway.exportSession();
    if (!session) return;
    const item: PendingCodeItem = {
      v: 1,
      phone,
      phoneCodeHash,
      sentCode,
      sentAt,
      nextAvailableAt: nextAvailableAt(sentCode, sentAt),
      session,
    };
    writePendingItem(JSON.stringify(item));
  }

  function clearPending(): void {
    const had = pending !== null;
    pending = null;
    if (had) writePendingItem(null);
  }

  // ---- signing in -------------------------------------------------------------------------------

  /** Store the session (write, read back, compare), then count as signed in. */
  async function completeSignIn(user: SignedInUser): Promise<void> {
    signedInUserId = user.id;
    clearPending();
    signUpTerms = null;
    const keychain = await vault.status();
    if (!keychain.available) {
      // No keychain: signed in for this run only, and nothing is written anywhere else.
      emit({ type: 'signed_in', user, sessionPersisted: false, error: null });
      return;
    }
    const session = gateway.exportSession();
    const stored = session ? await vault.store(user.id, session) : ({ ok: false } as const);
    if (stored.ok) emit({ type: 'signed_in', user, sessionPersisted: true, error: null });
    else emit({ type: 'signed_in', user, sessionPersisted: false, error: { code: 'KEYCHAIN_WRITE_FAILED' } });
  }

  /** SESSION_PASSWORD_NEEDED: the password step, with the account's hint. */
  async function toPasswordStep(phone: string | null): Promise<void> {
    const info = await gateway.getPasswordInfo();
    // Without the hint the step still works: checkPassword fetches the SRP parameters itself.
    passwordInfo = info.ok ? info.value : { hint: '', hasRecovery: true };
    emit({ type: 'password_needed', phone, ...passwordInfo });
  }

  /** A new auth.sentCode: the code step, or what its type asks for instead. */
  async function onCodeSent(phone: string, sent: SentCode): Promise<void> {
    // Firebase SMS needs Google Play on the device: a desktop moves on to the next channel.
    if (sent.delivery.kind === 'firebase_sms' && sent.next !== null) {
      const next = await gateway.resendCode(phone, sent.phoneCodeHash);
      if (next.ok) {
        await onCodeSent(phone, next.value);
        return;
      }
      setPending(phone, sent);
      emit({ type: 'code_sent', phone, sentCode: pending!.sentCode, now: now() });
      await fail(next.error);
      return;
    }
    setPending(phone, sent);
    if (sent.delivery.kind === 'setup_email_required') {
      emit({ type: 'email_setup_required', phone });
      return;
    }
    emit({ type: 'code_sent', phone, sentCode: pending!.sentCode, now: now() });
    if (sent.delivery.kind === 'firebase_sms') emit({ type: 'failed', error: { code: 'SEND_CODE_UNAVAILABLE' } });
  }

  async function sendCode(phone: string): Promise<void> {
    emit({ type: 'send_code_started', phone });
    const tokens = parseTokens(await vault.getItem('future-auth-tokens'));
    const result = await gateway.sendCode(phone, tokens);
    if (!result.ok) {
      await fail(result.error);
      return;
    }
    if (result.value.kind === 'signed_in') {
      await completeSignIn(result.value.user);
      return;
    }
    await onCodeSent(phone, result.value.sentCode);
  }

  // ---- QR login ---------------------------------------------------------------------------------

  function clearQrTimer(): void {
    if (qrTimer) clearTimeout(qrTimer);
    qrTimer = null;
  }

  /** Replace the token a little before it expires (the server's `expires`, on the local clock). */
  function scheduleQrRefresh(expiresAt: number): void {
    clearQrTimer();
    if (disposed) return;
    const delay = Math.max(250, expiresAt - Date.now() - 1000);
    qrTimer = setTimeout(() => {
      qrTimer = null;
      if (state.step === 'qr' && state.busy === null && !offline) void exclusive(() => fetchQrToken(false));
    }, delay);
    qrTimer.unref?.();
  }

  async function exceptIds(): Promise<string[]> {
    const ids = await vault.storedUserIds();
    return signedInUserId ? [...new Set([...ids, signedInUserId])] : ids;
  }

  /** auth.exportLoginToken and what it leads to. `first`: shown as progress (qr_started ran). */
  async function fetchQrToken(first: boolean): Promise<void> {
    if (state.step !== 'qr') return;
    if (!first && state.busy !== null) return;
    const r = await gateway.exportLoginToken(await exceptIds());
    if (state.step !== 'qr') return; // left meanwhile ("back")
    if (!r.ok) {
      await fail(r.error);
      return;
    }
    await onQrOutcome(r.value);
  }

  async function onQrOutcome(outcome: QrOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'token':
        emit({ type: 'qr_token', loginUrl: outcome.loginUrl, expiresAt: outcome.expiresAt });
        scheduleQrRefresh(outcome.expiresAt);
        return;
      case 'signed_in':
        await completeSignIn(outcome.user);
        return;
      case 'password_needed':
        await toPasswordStep(null);
        return;
    }
  }

  /** updateLoginToken: the code was scanned; export again to get the authorization. */
  async function onQrScanned(): Promise<void> {
    if (state.step !== 'qr' || state.busy === 'qr_sign_in') return;
    clearQrTimer();
    emit({ type: 'qr_scanned' });
    const r = await gateway.exportLoginToken(await exceptIds());
    if (state.step !== 'qr') return;
    if (!r.ok) {
      await fail(r.error);
      return;
    }
    await onQrOutcome(r.value);
  }

  const unsubscribeToken = gateway.onLoginTokenAccepted(() => {
    if (state.step === 'qr') void exclusive(onQrScanned);
  });

  // ---- offline ----------------------------------------------------------------------------------

  function clearProbe(): void {
    if (probeTimer) clearTimeout(probeTimer);
    probeTimer = null;
  }

  function goOffline(): void {
    if (offline || disposed) return;
    offline = { since: now(), nextAttemptAt: null };
    probeAttempt = 0;
    push();
    scheduleProbe();
  }

  function goOnline(): void {
    if (!offline) return;
    clearProbe();
    offline = null;
    push();
    // A QR code that expired while offline is replaced at once.
    if (state.step === 'qr' && state.busy === null && (state.expiresAt === null || state.expiresAt <= Date.now() + 1000)) {
      void exclusive(() => fetchQrToken(false));
    }
  }

  function scheduleProbe(): void {
    clearProbe();
    if (!offline || disposed) return;
    const delay = Math.min(probeMs.max, probeMs.first * 2 ** probeAttempt);
    probeAttempt++;
    offline = { ...offline, nextAttemptAt: now() + delay };
    push();
    probeTimer = setTimeout(() => {
      probeTimer = null;
      void probe();
    }, delay);
    probeTimer.unref?.();
  }

  async function probe(): Promise<void> {
    if (!offline || disposed) return;
    offline = { ...offline, nextAttemptAt: null };
    push();
    const r = await gateway.probe();
    if (disposed) return;
    if (r.ok) goOnline();
    else scheduleProbe();
  }

  const unsubscribeConnectivity = gateway.onConnectivity((event) => {
    if (event === 'lost') goOffline();
    else goOnline();
  });

  // ---- sessions ---------------------------------------------------------------------------------

  /** The server ended this session while signed in: wipe it and say why. */
  async function sessionGone(error: GatewayError): Promise<void> {
    if (signedInUserId !== null) await vault.remove(signedInUserId);
    signedInUserId = null;
    await gateway.useSession(null);
    emit({ type: 'signed_out', error: sessionRejectedReason(error) });
  }

  async function loadSessions(): Promise<void> {
    const r = await gateway.getAuthorizations();
    if (r.ok) {
      emit({ type: 'sessions_loaded', sessions: r.value });
      return;
    }
    if (r.error.code === 'SESSION_INVALID') await sessionGone(r.error);
    else await fail(r.error);
  }

  return {
    getState: view,

    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      if (state.step !== 'starting' || running) return;
      let done!: () => void;
      running = new Promise<void>((resolve) => (done = resolve));
      try {
        const floodItem = parseFloodItem(await vault.getItem('flood'));
        if (floodItem && floodItem.error.retryAt !== undefined && floodItem.error.retryAt > now()) {
          flood = floodItem.error;
          floodPhone = floodItem.phone;
        }
        else if (floodItem) await vault.setItem('flood', null);

        const loaded = await vault.load();
        if (loaded.ok && loaded.value !== null) {
          await vault.setItem('pending-code', null);
          const { userId, session } = loaded.value;
          await gateway.useSession(session);
          const self = await gateway.getSelf();
          if (self.ok) {
            signedInUserId = self.value.id;
            emit({ type: 'restored', user: self.value });
            return;
          }
          // Whatever happened, the next call starts from a fresh auth key, never the stored one half-used.
          await gateway.useSession(null);
          if (self.error.code === 'SESSION_INVALID') {
            // The server no longer knows this session: it is useless, so it goes, and the person is told why.
            await vault.remove(userId);
            emit({ type: 'session_rejected', reason: sessionRejectedReason(self.error) });
          } else {
            // Network, timeout ...: the session may still be good; keep it for the next start.
            if (self.error.code === 'NETWORK' || self.error.code === 'TIMEOUT') goOffline();
            emit({ type: 'restore_failed', error: toFlowError(self.error, now()) });
          }
          return;
        }

        // A code still pending from before a restart: the same code step, without a new code.
        const item = parsePendingItem(await vault.getItem('pending-code'));
        if (item && now() - item.sentAt < pendingCodeTtlMs && now() >= item.sentAt) {
          await gateway.useSession(item.session);
          pending = { phone: item.phone, phoneCodeHash: item.phoneCodeHash, sentCode: item.sentCode, sentAt: item.sentAt };
          emit({ type: 'code_resumed', phone: item.phone, sentCode: item.sentCode, nextAvailableAt: item.nextAvailableAt });
          // A flood wait from before the restart still holds: the resumed step shows it, with its countdown.
          const f = activeFlood();
          if (f) emit({ type: 'failed', error: f });
          return;
        }
        if (item) await vault.setItem('pending-code', null);

        const f = activeFlood();
        if (f) emit({ type: 'restore_failed', error: f, phone: floodPhone });
        else emit({ type: 'no_session' });
      } catch {
        emit({ type: 'failed', error: { code: 'UNKNOWN' } });
      } finally {
        running = null;
        done();
      }
    },

    submitPhone: (input) =>
      act('submitPhone', async () => {
        const phone = normalizePhone(input);
        if (phone === null) {
          emit({ type: 'phone_rejected', phone: input.trim(), error: { code: 'PHONE_FORMAT' } });
          return;
        }
        await sendCode(phone);
      }),

    requestNextChannel: () =>
      act('requestNextChannel', async () => {
        if (!pending) {
          emit({ type: 'failed', error: { code: 'PHONE_CODE_HASH_EMPTY' } });
          return;
        }
        emit({ type: 'resend_started' });
        const { phone, phoneCodeHash } = pending;
        const result = await gateway.resendCode(phone, phoneCodeHash);
        if (!result.ok) {
          await fail(result.error);
          return;
        }
        await onCodeSent(phone, result.value);
      }),

    submitCode: (input) =>
      act('submitCode', async () => {
        if (state.step === 'email_setup') {
          // The code that verifies the login email (account.verifyEmail); then the login code follows.
          const code = normalizeCode(input, state.length);
          if (code === null) {
            emit({ type: 'failed', error: { code: 'CODE_FORMAT' } });
            return;
          }
          if (!pending) {
            emit({ type: 'failed', error: { code: 'PHONE_CODE_HASH_EMPTY' } });
            return;
          }
          emit({ type: 'email_verify_started' });
          const r = await gateway.verifyLoginEmail(pending.phone, pending.phoneCodeHash, code);
          if (!r.ok) {
            await fail(r.error);
            return;
          }
          await onCodeSent(pending.phone, r.value);
          return;
        }
        if (state.step !== 'code') return;
        const beginning =
          state.delivery.kind === 'sms_word' || state.delivery.kind === 'sms_phrase' ? state.delivery.beginning : null;
        const code = normalizeCode(input, state.length, state.delivery.kind, beginning);
        if (code === null) {
          emit({ type: 'failed', error: { code: 'CODE_FORMAT' } });
          return;
        }
        if (!pending) {
          emit({ type: 'failed', error: { code: 'PHONE_CODE_HASH_EMPTY' } });
          return;
        }
        emit({ type: 'sign_in_started' });
        const viaEmail = state.delivery.kind === 'email';
        const result = await gateway.signIn(pending.phone, pending.phoneCodeHash, code, viaEmail);
        if (!result.ok && (result.error.code === 'PHONE_CODE_EXPIRED' || result.error.code === 'PHONE_CODE_HASH_EMPTY')) {
          // A sign-in whose answer was lost with a dropped connection is resent by gramjs, and the
          // server then calls the (used) code expired: this key may already be signed in.
          const self = await gateway.getSelf();
          if (self.ok) {
            await completeSignIn(self.value);
            return;
          }
        }
        if (!result.ok) {
          if (result.error.code === 'PHONE_CODE_HASH_EMPTY' || result.error.code === 'PHONE_CODE_EXPIRED') clearPending();
          await fail(result.error);
          return;
        }
        const outcome = result.value;
        switch (outcome.kind) {
          case 'signed_in':
            await completeSignIn(outcome.user);
            return;
          case 'password_needed':
            clearPending();
            await toPasswordStep(state.phone);
            return;
          case 'sign_up_required':
            signUpTerms = outcome.terms;
            emit({
              type: 'sign_up_required',
              phone: pending.phone,
              termsOfService: outcome.terms ? { text: outcome.terms.text, minAgeConfirm: outcome.terms.minAgeConfirm } : null,
            });
            return;
        }
      }),

    editPhone: () =>
      act('editPhone', async () => {
        if (state.step === 'code') emit({ type: 'cancel_started' });
        if (pending) {
          // Failures don't matter to the person: the code is abandoned either way.
          const { phone, phoneCodeHash } = pending;
          clearPending();
          if (!offline) await gateway.cancelCode(phone, phoneCodeHash);
        }
        signUpTerms = null;
        clearQrTimer();
        emit({ type: 'code_cancelled', error: activeFlood() });
      }),

    logOut: () =>
      act('logOut', async () => {
        emit({ type: 'logout_started' });
        const result = await gateway.logOut();
        // Always: the stored session goes and the next sign-in starts from a fresh auth key,
        // even when the server could not be told.
        if (signedInUserId !== null) await vault.remove(signedInUserId);
        signedInUserId = null;
        if (result.ok && result.value.futureAuthToken) {
          // Kept so this account may sign in again without a code (newest first, at most 20).
          const tokens = parseTokens(await vault.getItem('future-auth-tokens')).filter((t) => t !== result.value.futureAuthToken);
          await vault.setItem('future-auth-tokens', JSON.stringify([result.value.futureAuthToken, ...tokens].slice(0, MAX_FUTURE_TOKENS)));
        }
        await gateway.useSession(null);
        emit({ type: 'logged_out', error: result.ok ? null : { code: 'LOGOUT_SERVER_FAILED' } });
      }),

    submitPassword: (password) =>
      act('submitPassword', async () => {
        if (password.length === 0) {
          emit({ type: 'failed', error: { code: 'PASSWORD_FORMAT' } });
          return;
        }
        emit({ type: 'password_check_started' });
        const r = await gateway.checkPassword(password);
        if (r.ok) await completeSignIn(r.value);
        else await fail(r.error);
      }),

    requestPasswordRecovery: () =>
      act('requestPasswordRecovery', async () => {
        emit({ type: 'recovery_request_started' });
        const r = await gateway.requestPasswordRecovery();
        if (r.ok) emit({ type: 'recovery_code_sent', emailPattern: r.value.emailPattern });
        else {
          if (r.error.code === 'PASSWORD_RECOVERY_NA') passwordInfo = { ...passwordInfo, hasRecovery: false };
          await fail(r.error);
        }
      }),

    submitRecoveryCode: (input) =>
      act('submitRecoveryCode', async () => {
        const code = input.replace(/\s/g, '');
        if (code.length === 0) {
          emit({ type: 'failed', error: { code: 'CODE_FORMAT' } });
          return;
        }
        emit({ type: 'recovery_started' });
        const r = await gateway.recoverPassword(code);
        if (r.ok) await completeSignIn(r.value);
        else await fail(r.error);
      }),

    cancelPasswordRecovery: () =>
      act('cancelPasswordRecovery', async () => {
        emit({ type: 'recovery_cancelled', ...passwordInfo });
      }),

    startQrLogin: () =>
      act('startQrLogin', async () => {
        if (state.step === 'code' && pending) {
          // QR instead of the code: the code is abandoned.
          const { phone, phoneCodeHash } = pending;
          clearPending();
          if (!offline) await gateway.cancelCode(phone, phoneCodeHash);
        }
        emit({ type: 'qr_started' });
        await fetchQrToken(true);
      }),

    submitSignUp: (firstNameInput, lastNameInput) =>
      act('submitSignUp', async () => {
        const names = normalizeSignUpNames(firstNameInput, lastNameInput);
        if (names === null) {
          emit({ type: 'failed', error: { code: 'NAME_FORMAT' } });
          return;
        }
        const { firstName, lastName } = names;
        if (!pending) {
          emit({ type: 'failed', error: { code: 'PHONE_CODE_HASH_EMPTY' } });
          return;
        }
        emit({ type: 'sign_up_started' });
        // The intent's acceptTerms: true (checked by the contract) is the person's own acceptance.
        const r = await gateway.signUp(pending.phone, pending.phoneCodeHash, firstName, lastName, signUpTerms?.id ?? null);
        if (r.ok) await completeSignIn(r.value);
        else await fail(r.error);
      }),

    submitLoginEmail: (input) =>
      act('submitLoginEmail', async () => {
        const email = input.trim();
        if (!EMAIL_RE.test(email)) {
          emit({ type: 'failed', error: { code: 'EMAIL_FORMAT' } });
          return;
        }
        if (!pending) {
          emit({ type: 'failed', error: { code: 'PHONE_CODE_HASH_EMPTY' } });
          return;
        }
        emit({ type: 'email_send_started' });
        const r = await gateway.sendLoginEmailCode(pending.phone, pending.phoneCodeHash, email);
        if (r.ok) emit({ type: 'email_code_sent', emailPattern: r.value.emailPattern, length: r.value.length });
        else await fail(r.error);
      }),

    refreshSessions: () =>
      act('refreshSessions', async () => {
        emit({ type: 'sessions_loading' });
        await loadSessions();
      }),

    endSession: (hash) => {
      if (state.step === 'signed_in' && state.sessions?.some((s) => s.hash === hash && s.current)) {
        // This app's own session: that is log-out, not "end session".
        return Promise.resolve({ ok: false, error: 'NOT_NOW' });
      }
      return act('endSession', async () => {
        emit({ type: 'session_end_started' });
        const r = await gateway.resetAuthorization(hash);
        if (!r.ok) {
          if (r.error.code === 'SESSION_INVALID') {
            await sessionGone(r.error);
            return;
          }
          await fail(r.error);
          // Gone already: show the list as it is now (the error stays shown).
          if (r.error.code === 'HASH_INVALID') {
            const list = await gateway.getAuthorizations();
            if (list.ok) emit({ type: 'sessions_loaded', sessions: list.value });
          }
          return;
        }
        await loadSessions();
      });
    },

    async idle() {
      while (running) await running;
      await pendingWrites;
    },

    flush: () => pendingWrites,

    dispose() {
      disposed = true;
      clearQrTimer();
      clearProbe();
      unsubscribeToken();
      unsubscribeConnectivity();
    },
  };
}
