// The server's one clock. The protocol layer checks msg_id against it and the API layer times codes,
// tokens and flood windows with it, so skewing it moves the whole server in time, as a DC whose
// clock is off would.
import type { Clock } from '../mtproto/dc-types';

export class SkewableClock implements Clock {
  private skewMs = 0;

  constructor(private readonly base: Clock = { now: () => Date.now() }) {}

  now(): number {
    return this.base.now() + this.skewMs;
  }

  /** Set the offset from the base clock (not cumulative): skew(3_600_000) puts the server one hour ahead. */
  skew(ms: number): void {
    this.skewMs = ms;
  }

  get skewedBy(): number {
    return this.skewMs;
  }
}

/** Whole seconds, as TL `int` dates are. */
export function unixSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
