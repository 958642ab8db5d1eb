// The accounts the server knows: phone, names, home DC, how codes reach them, and their two-step
// password (kept only as an SRP verifier, derived once when the account is added).
import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { chainProblem, DEFAULT_CODE_CHANNELS, type CodeChannel } from './code-channels';
import { makeVerifier, type SrpVerifier } from './srp-password';

export interface UserSpec {
  phone: string;
  firstName: string;
  lastName?: string;
  dc?: number;
  password?: string;
  hint?: string;
  recoveryEmail?: string;
  /** Address that codes on the "email" channel go to (default: the recovery email, else none). */
  loginEmail?: string;
  codeChannels?: CodeChannel[];
  /** auth.sendCode answers PHONE_NUMBER_BANNED. */
  banned?: boolean;
}

export interface UserRecord {
  id: bigint;
  accessHash: bigint;
  /** Digits only, no "+". */
  phone: string;
  firstName: string;
  lastName: string;
  dc: number;
  codeChannels: CodeChannel[];
  banned: boolean;
  password: { verifier: SrpVerifier; hint: string } | null;
  recoveryEmail: string | null;
  loginEmail: string | null;
}

/** What the control API and the CLI banner show about a user. */
export interface UserSummary {
  phone: string;
  firstName: string;
  lastName: string;
  dc: number;
  hasPassword: boolean;
  hint: string | null;
  recoveryEmail: string | null;
  codeChannels: CodeChannel[];
  banned: boolean;
}

/** Phone digits as Telegram accepts them: 5 to 15 digits after an optional "+", spaces and dashes ignored. */
export function normalizePhone(raw: string): string | null {
  const stripped = raw.replace(/[\s\-()]/g, '');
  const m = /^\+?(\d{5,15})$/.exec(stripped);
  return m ? m[1]! : null;
}

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/** Why a spec can't be added, or null. The control API turns this into its 400 message. */
export function userSpecProblem(spec: UserSpec, dcIds: readonly number[]): string | null {
  if (typeof spec.phone !== 'string' || normalizePhone(spec.phone) === null) {
    return 'phone must be an international number: "+" and 5 to 15 digits';
  }
  if (typeof spec.firstName !== 'string' || spec.firstName.trim() === '' || spec.firstName.length > 64) {
    return 'firstName must be a non-empty string of at most 64 characters';
  }
  if (spec.lastName !== undefined && (typeof spec.lastName !== 'string' || spec.lastName.length > 64)) {
    return 'lastName must be a string of at most 64 characters';
  }
  if (spec.dc !== undefined && !dcIds.includes(spec.dc)) return `dc must be one of ${dcIds.join(', ')}`;
  if (spec.password !== undefined && (typeof spec.password !== 'string' || spec.password === '')) {
    return 'password must be a non-empty string';
  }
  if (spec.hint !== undefined && typeof spec.hint !== 'string') return 'hint must be a string';
  if (spec.hint !== undefined && spec.password === undefined) return 'hint needs a password';
  for (const key of ['recoveryEmail', 'loginEmail'] as const) {
    const v = spec[key];
    if (v !== undefined && (typeof v !== 'string' || !EMAIL_RE.test(v))) return `${key} must be an email address`;
  }
  if (spec.recoveryEmail !== undefined && spec.password === undefined) return 'recoveryEmail needs a password';
  if (spec.codeChannels !== undefined) {
    if (!Array.isArray(spec.codeChannels)) return 'codeChannels must be an array';
    const problem = chainProblem(spec.codeChannels);
    if (problem) return problem;
    if (spec.codeChannels.includes('email') && spec.loginEmail === undefined && spec.recoveryEmail === undefined) {
      return 'the "email" channel needs loginEmail (or recoveryEmail)';
    }
  }
  if (spec.banned !== undefined && typeof spec.banned !== 'boolean') return 'banned must be true or false';
  return null;
}

export class UserDirectory {
  private readonly byPhone = new Map<string, UserRecord>();
  private readonly byId = new Map<bigint, UserRecord>();
  private nextId = 777000001n;

  constructor(
    private readonly dcIds: readonly number[],
    private readonly defaultDc: number,
  ) {}

  /** Adds (or replaces, keeping the id) an account. Throws Error with a clear message on a bad spec. */
  add(spec: UserSpec): UserRecord {
    const problem = userSpecProblem(spec, this.dcIds);
    if (problem) throw new Error(problem);
    const phone = normalizePhone(spec.phone)!;
    const existing = this.byPhone.get(phone);
    const record: UserRecord = {
      id: existing?.id ?? this.nextId++,
      accessHash: existing?.accessHash ?? randomBytes(8).readBigInt64BE(0),
      phone,
      firstName: spec.firstName.trim(),
      lastName: (spec.lastName ?? '').trim(),
      dc: spec.dc ?? this.defaultDc,
      codeChannels: [...(spec.codeChannels ?? DEFAULT_CODE_CHANNELS)],
      banned: spec.banned ?? false,
      password: spec.password !== undefined ? { verifier: makeVerifier(spec.password), hint: spec.hint ?? '' } : null,
      recoveryEmail: spec.recoveryEmail ?? null,
      loginEmail: spec.loginEmail ?? spec.recoveryEmail ?? null,
    };
    this.byPhone.set(phone, record);
    this.byId.set(record.id, record);
    return record;
  }

  /** A new account made by auth.signUp on the DC it was asked on. */
  signUp(phone: string, firstName: string, lastName: string, dc: number): UserRecord {
    return this.add({ phone, firstName, lastName, dc });
  }

  findByPhone(phoneDigits: string): UserRecord | undefined {
    return this.byPhone.get(phoneDigits);
  }

  findById(id: bigint): UserRecord | undefined {
    return this.byId.get(id);
  }

  all(): UserRecord[] {
    return [...this.byPhone.values()];
  }

  clear(): void {
    this.byPhone.clear();
    this.byId.clear();
  }

  /** Everything the directory holds, for the demo world file. */
  snapshot(): { nextId: bigint; records: UserRecord[] } {
    return { nextId: this.nextId, records: this.all() };
  }

  /** Replaces the directory's content with a saved one (records already checked). */
  restore(saved: { nextId: bigint; records: UserRecord[] }): void {
    this.clear();
    for (const r of saved.records) {
      this.byPhone.set(r.phone, r);
      this.byId.set(r.id, r);
    }
    this.nextId = saved.nextId;
  }
}

export function summarize(u: UserRecord): UserSummary {
  return {
    phone: '+' + u.phone,
    firstName: u.firstName,
    lastName: u.lastName,
    dc: u.dc,
    hasPassword: u.password !== null,
    hint: u.password?.hint ?? null,
    recoveryEmail: u.recoveryEmail,
    codeChannels: [...u.codeChannels],
    banned: u.banned,
  };
}

/** The TL user as its owner sees it (self, with phone) or as others do. */
export function toTlUser(u: UserRecord, self: boolean): Api.User {
  return new Api.User({
    self,
    id: bigInt(u.id.toString()),
    accessHash: bigInt(u.accessHash.toString()),
    firstName: u.firstName,
    lastName: u.lastName || undefined,
    phone: self ? u.phone : undefined,
    status: new Api.UserStatusOnline({ expires: 0x7fffffff }),
  });
}
