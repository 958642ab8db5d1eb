// Every API request the DCs handed to the dispatcher and how it was answered, for tests to assert on
// ("the app called auth.resendCode once") and for GET /log. Bounded so a long demo can't grow it forever.
export interface RequestLogEntry {
  seq: number;
  /** Server-clock ms. */
  at: number;
  dc: number;
  /** auth_key_id as a decimal string (JSON has no int64). */
  authKeyId: string;
  /** TL method name as in the schema: "auth.sendCode". */
  method: string;
  outcome: 'ok' | 'error' | 'dropped';
  /** "400 PHONE_CODE_INVALID" when outcome is error. */
  error?: string;
  /** Result constructor, e.g. "auth.SentCode". */
  result?: string;
  /** Whether a fault decided the outcome. */
  injected?: boolean;
  /** The languages the calling connection's initConnection named (lang_code, system_lang_code), when it sent one. */
  langCode?: string;
  systemLangCode?: string;
  ms: number;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly capacity = 5_000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  all(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

/** "auth.SendCode" (gramjs className) -> "auth.sendCode" (schema name). */
export function schemaName(className: string): string {
  const dot = className.lastIndexOf('.');
  const head = className.slice(0, dot + 1);
  const tail = className.slice(dot + 1);
  return head + tail.charAt(0).toLowerCase() + tail.slice(1);
}
