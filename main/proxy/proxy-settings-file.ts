// The proxy settings file: mode, the saved list and which one is active, without any password
// or MTProxy key (those are keychain items). Written whole to a temporary file and renamed, so a
// crash mid-write never leaves half a file; a file that doesn't parse reads as "no proxies".
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as v from 'valibot';

const host = v.pipe(v.string(), v.minLength(1), v.maxLength(253));
const port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));

const storedProxy = v.variant('type', [
  v.object({ id: v.string(), type: v.picklist(['socks5', 'http']), server: host, port, user: v.string() }),
  v.object({
    id: v.string(),
    type: v.literal('mtproto'),
    server: host,
    port,
    secretKind: v.picklist(['plain', 'dd', 'ee']),
    domain: v.nullable(v.string()),
  }),
]);

const settingsSchema = v.object({
  version: v.literal(1),
  mode: v.picklist(['none', 'system', 'custom']),
  activeId: v.nullable(v.string()),
  proxies: v.array(storedProxy),
});

export type StoredProxy = v.InferOutput<typeof storedProxy>;
export type StoredSettings = v.InferOutput<typeof settingsSchema>;

export const EMPTY_SETTINGS: StoredSettings = { version: 1, mode: 'none', activeId: null, proxies: [] };

export async function readSettings(file: string): Promise<StoredSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return EMPTY_SETTINGS;
  }
  try {
    const parsed = v.safeParse(settingsSchema, JSON.parse(text));
    return parsed.success ? parsed.output : EMPTY_SETTINGS;
  } catch {
    return EMPTY_SETTINGS;
  }
}

export async function writeSettings(file: string, settings: StoredSettings): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}
