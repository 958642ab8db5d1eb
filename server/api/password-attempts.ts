// Wrong passwords per account, the rule behind auth.sendCode's PHONE_PASSWORD_FLOOD: after
// maxCodeAttempts wrong SRP proofs within sendCodeWindowMs the account takes no new sign-ins
// until the window frees. Kept beside the state (not in it) because only these two methods read it.
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
