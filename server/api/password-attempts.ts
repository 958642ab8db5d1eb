// Wrong passwords per account: after maxCodeAttempts wrong SRP proofs within sendCodeWindowMs the
// account takes no new sign-ins (auth.sendCode's PHONE_PASSWORD_FLOOD, as its page lists) and no
// more proofs (auth.checkPassword's page lists no flood error of its own, so it answers the
// general 420 FLOOD_WAIT_X) until the window frees. Kept beside the state (not in it) because
// only these two methods read it.
import type { ApiState } from './api-state';

const attempts = new WeakMap<ApiState, Map<bigint, number[]>>();

function recent(state: ApiState, userId: bigint, now: number): number[] {
  let byUser = attempts.get(state);
  if (!byUser) attempts.set(state, (byUser = new Map()));
  const times = (byUser.get(userId) ?? []).filter((t) => t > now - state.settings.sendCodeWindowMs);
  byUser.set(userId, times);
  return times;
}

export function recordWrongPassword(state: ApiState, userId: bigint, now: number): void {
  recent(state, userId, now).push(now);
}

export function passwordFlooded(state: ApiState, userId: bigint, now: number): boolean {
  return recent(state, userId, now).length >= state.settings.maxCodeAttempts;
}

/** While the account is flooded: whole seconds until its oldest wrong password leaves the window. */
export function passwordFloodWaitSeconds(state: ApiState, userId: bigint, now: number): number | null {
  const times = recent(state, userId, now);
  if (times.length < state.settings.maxCodeAttempts) return null;
  const frees = times[times.length - state.settings.maxCodeAttempts]! + state.settings.sendCodeWindowMs;
  return Math.max(1, Math.ceil((frees - now) / 1000));
}
