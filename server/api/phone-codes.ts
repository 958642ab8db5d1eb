// Login codes in flight: each phone_code_hash is bound to its number and the DC that issued it, walks
// the user's channel chain on auth.resendCode (the latest code is the valid one), expires by the
// server clock, and dies on cancelCode, on success, or after too many wrong tries. Also the per-number
// sendCode rate limit.
import { randomBytes } from 'node:crypto';
import type { CodeChannel, Delivery } from './code-channels';

export interface PendingCode {
  hash: string;
  phone: string;
  dc: number;
  chain: CodeChannel[];
  /** Index in `chain` of the channel the current code went through. */
  index: number;
  delivery: Delivery;
  sentAt: number;
  expiresAt: number;
  wrongTries: number;
  /** Set when signIn got the right code for a number without an account: signUp may now use the hash. */
  verifiedForSignUp: boolean;
  dead: boolean;
}

export class PhoneCodes {
  private readonly byHash = new Map<string, PendingCode>();
  /** The live hash per number (a new sendCode supersedes the previous one). */
  private readonly byPhone = new Map<string, string>();
  private readonly sendTimes = new Map<string, number[]>();

  issue(phone: string, dc: number, chain: CodeChannel[], delivery: Delivery, now: number, ttlMs: number): PendingCode {
    // A new sendCode for the number supersedes its earlier code (which is then forgotten).
    const previous = this.byPhone.get(phone);
    if (previous !== undefined) this.byHash.delete(previous);
    const pending: PendingCode = {
      hash: randomBytes(9).toString('hex'),
      phone,
      dc,
      chain,
      index: 0,
      delivery,
      sentAt: now,
      expiresAt: now + ttlMs,
      wrongTries: 0,
      verifiedForSignUp: false,
      dead: false,
    };
    this.byHash.set(pending.hash, pending);
    this.byPhone.set(phone, pending.hash);
    return pending;
  }

  /** Moves a code to the next channel with a new code; the old code stops working. */
  advance(p: PendingCode, delivery: Delivery, now: number, ttlMs: number): void {
    p.index += 1;
    p.delivery = delivery;
    p.sentAt = now;
    p.expiresAt = now + ttlMs;
    p.wrongTries = 0;
  }

  find(hash: string): PendingCode | undefined {
    return this.byHash.get(hash);
  }

  /** How many codes went to the number in the 24 hours before `now`. */
  sentInLastDay(phone: string, now: number): number {
    return (this.sendTimes.get(phone) ?? []).filter((t) => t > now - 86_400_000).length;
  }

  /**
   * Records a sendCode for the number. Returns null when allowed, else the limit hit: the window
   * limit with the seconds to wait, or the daily limit.
   */
  recordSend(
    phone: string,
    now: number,
    limits: { perWindow: number; windowMs: number; perDay: number },
  ): null | { kind: 'wait'; seconds: number } | { kind: 'day' } {
    const day = 86_400_000;
    const times = (this.sendTimes.get(phone) ?? []).filter((t) => t > now - day);
    const inWindow = times.filter((t) => t > now - limits.windowMs);
    if (times.length >= limits.perDay) {
      this.sendTimes.set(phone, times);
      return { kind: 'day' };
    }
    if (inWindow.length >= limits.perWindow) {
      this.sendTimes.set(phone, times);
      const oldest = inWindow[inWindow.length - limits.perWindow]!;
      return { kind: 'wait', seconds: Math.max(1, Math.ceil((oldest + limits.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.sendTimes.set(phone, times);
    return null;
  }

  clear(): void {
    this.byHash.clear();
    this.byPhone.clear();
    this.sendTimes.clear();
  }

  /** Codes in flight, the live hash per number and the flood counters, for the demo world file. */
  snapshot(): { codes: PendingCode[]; live: Array<[string, string]>; sendTimes: Array<[string, number[]]> } {
    return { codes: [...this.byHash.values()], live: [...this.byPhone], sendTimes: [...this.sendTimes] };
  }

  restore(saved: { codes: PendingCode[]; live: Array<[string, string]>; sendTimes: Array<[string, number[]]> }): void {
    this.clear();
    for (const c of saved.codes) this.byHash.set(c.hash, c);
    for (const [phone, hash] of saved.live) if (this.byHash.has(hash)) this.byPhone.set(phone, hash);
    for (const [phone, times] of saved.sendTimes) this.sendTimes.set(phone, [...times]);
  }
}
