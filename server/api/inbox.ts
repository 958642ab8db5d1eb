// Where delivered codes land (the person's phone, mailbox, Telegram app), per phone number. Tests and
// the demo read it; waitFor lets a test await a delivery instead of sleeping.
import type { CodeChannel } from './code-channels';

export interface InboxMessage {
  channel: CodeChannel;
  code: string;
  /** login: an auth code; recovery: a password recovery code (channel "email"). */
  purpose: 'login' | 'recovery';
  /** Unix seconds by the server clock. */
  date: number;
  /** E.g. callerNumber for calls, email for email deliveries. */
  [extra: string]: string | number;
}

type Waiter = { phone: string; after: number; resolve: (m: InboxMessage) => void };

export class Inbox {
  private readonly messages = new Map<string, InboxMessage[]>();
  private waiters: Waiter[] = [];
  private readonly listeners = new Set<(phoneDigits: string, message: InboxMessage) => void>();

  /** Called with every delivery as it happens (the demo shows them in the app's window). */
  onDeliver(listener: (phoneDigits: string, message: InboxMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliver(phoneDigits: string, message: InboxMessage): void {
    const list = this.messages.get(phoneDigits) ?? [];
    list.push(message);
    this.messages.set(phoneDigits, list);
    for (const listener of this.listeners) listener(phoneDigits, message);
    const ready = this.waiters.filter((w) => w.phone === phoneDigits && list.length > w.after);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(list[w.after]!);
  }

  list(phoneDigits: string): InboxMessage[] {
    return [...(this.messages.get(phoneDigits) ?? [])];
  }

  latest(phoneDigits: string): InboxMessage | undefined {
    const list = this.messages.get(phoneDigits);
    return list?.[list.length - 1];
  }

  /**
   * Resolves with the message at index `afterCount` (i.e. the next one after `afterCount` messages),
   * at once if it already arrived. Rejects after timeoutMs so a test fails instead of hanging.
   */
  waitFor(phoneDigits: string, afterCount: number, timeoutMs = 10_000): Promise<InboxMessage> {
    const list = this.messages.get(phoneDigits) ?? [];
    if (list.length > afterCount) return Promise.resolve(list[afterCount]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no message #${afterCount + 1} for +${phoneDigits} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        phone: phoneDigits,
        after: afterCount,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.waiters.push(waiter);
    });
  }

  clear(): void {
    this.messages.clear();
  }

  /** Every number's messages, for the demo world file. */
  snapshot(): Array<[string, InboxMessage[]]> {
    return [...this.messages].map(([phone, list]) => [phone, [...list]]);
  }

  restore(saved: Array<[string, InboxMessage[]]>): void {
    this.messages.clear();
    for (const [phone, list] of saved) this.messages.set(phone, [...list]);
  }
}
