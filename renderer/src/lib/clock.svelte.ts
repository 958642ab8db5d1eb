// The current time as a reactive value, for countdowns. The interval only runs while something
// on screen reads `now` (createSubscriber starts and stops it), so an idle screen costs nothing.
import { createSubscriber } from 'svelte/reactivity';

class Clock {
  readonly #subscribe = createSubscriber((update) => {
    // A quarter second keeps the displayed second from lagging a whole tick behind.
    const timer = setInterval(update, 250);
    return () => clearInterval(timer);
  });

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const clock = new Clock();

/** Milliseconds until `at` (never negative); 0 when `at` is null or past. */
export function remainingUntil(at: number | null | undefined): number {
  // A deadline already past is read without the clock, so nothing keeps ticking once it's over.
  if (at === null || at === undefined || at <= Date.now()) return 0;
  return Math.max(0, at - clock.now);
}
