// The one rule for an API ID and hash from my.telegram.org, used wherever they come from: the
// environment (TELEGRAM_API_ID / TELEGRAM_API_HASH), the build, or the first-start screen.
// Problems are codes; the renderer's language file and app-core's start-up message word them.

export type ApiIdProblem = 'EMPTY' | 'NOT_A_NUMBER' | 'OUT_OF_RANGE';
export type ApiHashProblem = 'EMPTY' | 'WRONG_LENGTH' | 'NOT_HEX';

export type ApiCredentialsCheck =
  | { ok: true; apiId: number; apiHash: string }
  | { ok: false; apiId: ApiIdProblem | null; apiHash: ApiHashProblem | null };

export function checkApiCredentials(rawId: string, rawHash: string): ApiCredentialsCheck {
  const id = rawId.trim();
  const hash = rawHash.trim();
  let idProblem: ApiIdProblem | null = null;
  if (id === '') idProblem = 'EMPTY';
  else if (!/^\d+$/.test(id)) idProblem = 'NOT_A_NUMBER';
  // Telegram's api_id is a positive int32.
  else if (Number(id) <= 0 || Number(id) > 2_147_483_647) idProblem = 'OUT_OF_RANGE';
  let hashProblem: ApiHashProblem | null = null;
  if (hash === '') hashProblem = 'EMPTY';
  else if (!/^[0-9a-f]*$/i.test(hash)) hashProblem = 'NOT_HEX';
  else if (hash.length !== 32) hashProblem = 'WRONG_LENGTH';
  if (idProblem !== null || hashProblem !== null) return { ok: false, apiId: idProblem, apiHash: hashProblem };
  return { ok: true, apiId: Number(id), apiHash: hash.toLowerCase() };
}
