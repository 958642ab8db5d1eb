// The person's choices that outlive a run (today: the language), in one small JSON file owned by
// main. Not the renderer's localStorage: browser mode's page gets a new origin (port) every launch.
// The file holds nothing secret. It is replaced whole (write to a temporary file, then rename), so
// a crash never leaves half a file; an unreadable one counts as no choice made.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as v from 'valibot';

const SettingsFile = v.object({
  language: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/))),
});

export type AppSettings = v.InferOutput<typeof SettingsFile>;

export interface AppSettingsStore {
  read(): Promise<AppSettings>;
  /** Merges `change` into the file. */
  update(change: Partial<AppSettings>): Promise<void>;
  /** The folder the file lives in (the country list's cache sits beside it). */
  readonly folder: string;
}

/**
 * Where the file lives without an explicit path: GRAMDESK_SETTINGS_FILE, else settings.json in
 * GRAMDESK_SETTINGS_DIR (beside the proxy list), else in the user's config folder.
 */
export function defaultSettingsFile(env: Record<string, string | undefined>): string {
  const explicit = env.GRAMDESK_SETTINGS_FILE?.trim();
  if (explicit) return explicit;
  const folder = env.GRAMDESK_SETTINGS_DIR?.trim();
  if (folder) return join(folder, 'settings.json');
  const base = env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config');
  return join(base, 'Gramdesk', 'settings.json');
}

export function createAppSettingsStore(file: string): AppSettingsStore {
  let writes: Promise<void> = Promise.resolve();

  async function read(): Promise<AppSettings> {
    try {
      const parsed = v.safeParse(SettingsFile, JSON.parse(await readFile(file, 'utf8')));
      return parsed.success ? parsed.output : {};
    } catch {
      return {};
    }
  }

  return {
    folder: dirname(file),
    read,
    update(change) {
      // One write at a time, each on top of the last: two quick choices can't interleave.
      writes = writes.then(async () => {
        const next = { ...(await read()), ...change };
        await mkdir(dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
        await rename(temporary, file);
      });
      return writes;
    },
  };
}
