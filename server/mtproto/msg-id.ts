// Server msg_ids: time-based (unixtime * 2^32 plus a sub-second part, from the injected clock),
// strictly increasing across everything this DC sends, ≡ 1 mod 4 for responses to a client message
// and ≡ 3 mod 4 for unsolicited ones (core.telegram.org/mtproto/description#message-identifier-msg-id).
import type { Clock } from './dc-types';

export type MsgIdKind = 'response' | 'unsolicited';

export function msgIdFromTime(ms: number): bigint {
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms % 1000) / 1000) * 2 ** 32);
  return (BigInt(seconds) << 32n) | BigInt(fraction);
}

export function msgIdSeconds(msgId: bigint): number {
  return Number(msgId >> 32n);
}

const CLOCK_JUMP = 1n << 32n; // one second

export class MsgIdGenerator {
  private last = 0n;

  constructor(private readonly clock: Clock) {}

  next(kind: MsgIdKind): bigint {
    const residue = kind === 'response' ? 1n : 3n;
    let id = msgIdFromTime(this.clock.now()) & ~3n;
    // A clock set back (a skewed test clock, a corrected DC clock) must show in msg_ids, or clients
    // could not learn the server's time from them; small steps back are smoothed over.
    if (id + CLOCK_JUMP < this.last) this.last = 0n;
    if (id <= this.last) id = (this.last + 1n) & ~3n;
    id |= residue;
    if (id <= this.last) id += 4n;
    this.last = id;
    return id;
  }
}
