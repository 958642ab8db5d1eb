// The future auth tokens Telegram hands back at auth.logOut, kept per account: one keychain item
// per number that logged out here (`future-auth-tokens#<digits>`). A later sign-in knows only the
// number it is for, so it offers that account's tokens and no other account's, and accounts
// logging out at once write items of their own instead of racing over one list.
//
// The item `future-auth-tokens` is their index: which numbers have an item (so "forget all" finds
// them), and the tokens kept before they were per account (or from a log-out with no number).
// Whose those are can't be told (a token is opaque, and no number was kept with it), so they stay
// offered to every sign-in, after the account's own: the server takes a token only from its own
// account, and each once, so offering them to another costs nothing.
//
// Writes run one after another on one chain per vault, so the index is never updated by two at once.
import * as v from 'valibot';
import type { SessionVault } from './session-vault';

/** Telegram's bound on codeSettings.logout_tokens, and so on what one account keeps. */
const MAX_TOKENS = 20;
/** Numbers with an item of their own; the oldest goes first, with its item. */
const MAX_NUMBERS = 20;

const tokenSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(1023));
const tokensSchema = v.array(tokenSchema);
const digitsSchema = v.pipe(v.string(), v.regex(/^\d{1,20}$/));

/** The index as written now; an array is the single list kept before tokens were per account. */
const indexSchema = v.union([
  v.object({ v: v.literal(2), numbers: v.array(digitsSchema), unattributed: tokensSchema }),
  v.pipe(
    tokensSchema,
    v.transform((unattributed) => ({ v: 2 as const, numbers: [] as string[], unattributed })),
  ),
]);
type Index = v.InferOutput<typeof indexSchema>;

const INDEX = 'future-auth-tokens';
const EMPTY: Index = { v: 2, numbers: [], unattributed: [] };

const itemOf = (digits: string) => `${INDEX}#${digits}` as const;

/** The number's digits, the item's name; null when there are none to name it by. */
function digitsOf(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  return /^\d{1,20}$/.test(digits) ? digits : null;
}

function parse<S extends v.GenericSchema>(schema: S, raw: string | null): v.InferOutput<S> | null {
  if (!raw) return null;
  try {
    const parsed = v.safeParse(schema, JSON.parse(raw));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

export interface FutureAuthTokens {
  /** What a sign-in to `phone` offers: that account's tokens (newest first), then the unattributed ones; at most 20. */
  forPhone(phone: string): Promise<string[]>;
  /** Keep the token the log-out of the account with `phone` got, first among its own. */
  add(phone: string, token: string): Promise<void>;
  /** Delete every account's item and the index (the demo forgets every sign-in). */
  forgetAll(): Promise<void>;
}

const chains = new WeakMap<SessionVault, { tail: Promise<unknown> }>();

export function createFutureAuthTokens(vault: SessionVault): FutureAuthTokens {
  const chain = chains.get(vault) ?? { tail: Promise.resolve() };
  chains.set(vault, chain);
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.tail.then(task, task);
    chain.tail = run.catch(() => undefined);
    return run;
  };

  const readIndex = async (): Promise<Index> => parse(indexSchema, await vault.getItem(INDEX)) ?? EMPTY;
  const readOwn = async (digits: string): Promise<string[]> => parse(tokensSchema, await vault.getItem(itemOf(digits))) ?? [];
  const writeIndex = (index: Index) =>
    vault.setItem(INDEX, index.numbers.length === 0 && index.unattributed.length === 0 ? null : JSON.stringify(index));

  return {
    async forPhone(phone) {
      const digits = digitsOf(phone);
      const [index, own] = await Promise.all([readIndex(), digits === null ? [] : readOwn(digits)]);
      return [...new Set([...own, ...index.unattributed])].slice(0, MAX_TOKENS);
    },

    add: (phone, token) =>
      inTurn(async () => {
        if (!v.is(tokenSchema, token)) return;
        const index = await readIndex();
        const digits = digitsOf(phone);
        if (digits === null) {
          // No number to keep it under: offered to every sign-in, like the tokens from before.
          await writeIndex({ ...index, unattributed: [token, ...index.unattributed.filter((t) => t !== token)].slice(0, MAX_TOKENS) });
          return;
        }
        const own = (await readOwn(digits)).filter((t) => t !== token);
        const numbers = [...index.numbers.filter((n) => n !== digits), digits];
        const dropped = numbers.slice(0, Math.max(0, numbers.length - MAX_NUMBERS));
        // In this order a crash at any point leaves no item the index does not name (an orphan
        // nothing would ever delete); an index naming an item not there only offers nothing.
        for (const gone of dropped) await vault.setItem(itemOf(gone), null);
        if (!(await writeIndex({ ...index, numbers: numbers.slice(dropped.length) }))) return;
        await vault.setItem(itemOf(digits), JSON.stringify([token, ...own].slice(0, MAX_TOKENS)));
      }),

    forgetAll: () =>
      inTurn(async () => {
        const index = await readIndex();
        for (const digits of index.numbers) await vault.setItem(itemOf(digits), null);
        await vault.setItem(INDEX, null);
      }),
  };
}
