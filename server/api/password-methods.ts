// Two-step verification: account.getPassword, auth.checkPassword (real SRP), and recovery by email
// (auth.requestPasswordRecovery, auth.checkRecoveryPassword, auth.recoverPassword).
import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { on, type ApiState, type Call, type MethodTable } from './api-state';
import { emailPattern, makeDelivery } from './code-channels';
import { passwordFloodWaitSeconds, recordWrongPassword } from './password-attempts';
import { rpcError } from './rpc-errors';
import { newChallenge, SRP_G, SRP_PRIME, verifyProof, type SrpChallenge, type SrpVerifier } from './srp-password';
import type { UserRecord } from './user-directory';

const sameVerifier = (a: SrpVerifier, b: SrpVerifier) => a.v.equals(b.v) && a.salt1.equals(b.salt1) && a.salt2.equals(b.salt2);

export function passwordMethods(state: ApiState): MethodTable {
  /** The current SRP challenge per key: srp_id rotates with every getPassword and every check. */
  const challenges = new Map<string, { userId: bigint; challenge: SrpChallenge; verifier: SrpVerifier }>();
  /** Recovery codes in flight per user. */
  const recoveries = new Map<bigint, { code: string; expiresAt: number }>();
  const keyOf = (call: Call) => `${call.ctx.dcId}:${call.ctx.authKeyId}`;

  /** The account whose password this key may deal with: its own, or the one that asked for it at sign-in. */
  function passwordUser(call: Call): UserRecord {
    const id = call.session.userId ?? call.session.passwordPendingFor;
    if (id === null) throw rpcError(call.session.revoked ? 'SESSION_REVOKED' : 'AUTH_KEY_UNREGISTERED');
    const user = state.users.findById(id);
    if (!user) throw rpcError('AUTH_KEY_UNREGISTERED');
    return user;
  }

  function pendingUser(call: Call): UserRecord {
    const id = call.session.passwordPendingFor;
    if (id === null) throw rpcError(call.session.revoked ? 'SESSION_REVOKED' : 'AUTH_KEY_UNREGISTERED');
    const user = state.users.findById(id);
    if (!user) throw rpcError('AUTH_KEY_UNREGISTERED');
    return user;
  }

  function liveRecovery(user: UserRecord, code: string, now: number): void {
    const r = recoveries.get(user.id);
    if (!r) throw rpcError('PASSWORD_RECOVERY_NA');
    if (r.expiresAt <= now) throw rpcError('PASSWORD_RECOVERY_EXPIRED');
    if (code.trim() !== r.code) throw rpcError('CODE_INVALID');
  }

  const newAlgo = () =>
    new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: randomBytes(32),
      salt2: randomBytes(16),
      g: SRP_G,
      p: SRP_PRIME,
    });

  return {
    'account.getPassword': on<Api.account.GetPassword>((_req, call) => {
      const user = passwordUser(call);
      const common = {
        newAlgo: newAlgo(),
        newSecureAlgo: new Api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000({ salt: randomBytes(8) }),
        secureRandom: randomBytes(32),
      };
      if (!user.password) return new Api.account.Password({ ...common, hasPassword: false });
      const { verifier, hint } = user.password;
      const challenge = newChallenge(verifier);
      challenges.set(keyOf(call), { userId: user.id, challenge, verifier });
      return new Api.account.Password({
        ...common,
        hasPassword: true,
        hasRecovery: user.recoveryEmail !== null,
        currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
          salt1: verifier.salt1,
          salt2: verifier.salt2,
          g: SRP_G,
          p: SRP_PRIME,
        }),
        srp_B: challenge.B,
        srpId: bigInt(challenge.srpId.toString()),
        hint: hint || undefined,
      });
    }),

    'auth.checkPassword': on<Api.auth.CheckPassword>((req, call) => {
      const user = pendingUser(call);
      if (!user.password) throw rpcError('PASSWORD_EMPTY');
      // Refused before the proof is looked at, so a flood of guesses learns nothing and spends no challenge.
      const wait = passwordFloodWaitSeconds(state, user.id, call.now);
      if (wait !== null) throw rpcError(`FLOOD_WAIT_${wait}`);
      const input = req.password;
      if (!(input instanceof Api.InputCheckPasswordSRP)) throw rpcError('PASSWORD_HASH_INVALID');
      const current = challenges.get(keyOf(call));
      // Each challenge answers one check: the next one needs a fresh account.getPassword.
      challenges.delete(keyOf(call));
      if (!current || current.userId !== user.id || BigInt(input.srpId.toString()) !== current.challenge.srpId) {
        throw rpcError('SRP_ID_INVALID');
      }
      // The proof was made for the password of that getPassword; it has been replaced since.
      if (!sameVerifier(current.verifier, user.password.verifier)) throw rpcError('SRP_PASSWORD_CHANGED');
      if (!verifyProof(user.password.verifier, current.challenge, Buffer.from(input.A), Buffer.from(input.M1))) {
        recordWrongPassword(state, user.id, call.now);
        throw rpcError('PASSWORD_HASH_INVALID');
      }
      return state.signIn(call, user);
    }),

    'auth.requestPasswordRecovery': on<Api.auth.RequestPasswordRecovery>((_req, call) => {
      const user = pendingUser(call);
      if (!user.password) throw rpcError('PASSWORD_EMPTY');
      if (!user.recoveryEmail) throw rpcError('PASSWORD_RECOVERY_NA');
      const d = makeDelivery('email', { codeLength: 6, email: user.recoveryEmail });
      recoveries.set(user.id, { code: d.code, expiresAt: call.now + state.settings.recoveryCodeTtlMs });
      state.deliver(user.phone, d, 'recovery');
      return new Api.auth.PasswordRecovery({ emailPattern: emailPattern(user.recoveryEmail) });
    }),

    'auth.checkRecoveryPassword': on<Api.auth.CheckRecoveryPassword>((req, call) => {
      const user = pendingUser(call);
      if (!req.code) throw rpcError('CODE_EMPTY');
      liveRecovery(user, req.code, call.now);
      return true;
    }),

    'auth.recoverPassword': on<Api.auth.RecoverPassword>((req, call) => {
      const user = pendingUser(call);
      if (!req.code) throw rpcError('CODE_EMPTY');
      liveRecovery(user, req.code, call.now);
      const ns = req.newSettings;
      if (ns && ns.newAlgo !== undefined) {
        // Setting a new password: the client sends the new verifier v itself, never the password.
        const algo = ns.newAlgo;
        const hash = ns.newPasswordHash ? Buffer.from(ns.newPasswordHash) : Buffer.alloc(0);
        if (!(algo instanceof Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow) ||
            hash.length !== 256 || !Buffer.from(algo.p).equals(SRP_PRIME) || algo.g !== SRP_G) {
          throw rpcError('NEW_SETTINGS_INVALID');
        }
        user.password = {
          verifier: { salt1: Buffer.from(algo.salt1), salt2: Buffer.from(algo.salt2), v: hash },
          hint: ns.hint ?? '',
        };
      } else {
        // Recovery without new settings removes the password (Telegram's behaviour).
        user.password = null;
        user.recoveryEmail = null;
      }
      recoveries.delete(user.id);
      return state.signIn(call, user);
    }),
  };
}
