// The demo's world on disk: one JSON file, replaced whole and atomically (temp file, fsync,
// rename, fsync of the directory), so a kill at any instant leaves either the previous world or
// the new one, never half of each. A file that can't be used (corrupt, another version, not
// readable) is renamed beside itself and the server starts fresh, saying why; a directory that
// can't be written keeps the world in memory, saying so. Nothing here throws at its callers.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as v from 'valibot';
import { WORLD_FORMAT, WORLD_VERSION, worldSchema, type World } from './world-schema';

/** Why the world on disk was not used, or can't be kept: codes the app translates, details for logs. */
export type WorldProblem = 'corrupt' | 'other-version' | 'unreadable' | 'unwritable';

export interface WorldNotice {
  problem: WorldProblem;
  /** The file concerned. */
  file: string;
  /** Where the unusable file now lies (null when it could not be moved, or nothing was moved). */
  setAsideTo: string | null;
  /** One line for logs: what went wrong, in the file system's or the validator's words. */
  detail: string;
}

export type WorldLoad = { world: World | null; notice: WorldNotice | null };

const TEMP_MARK = '.tmp-';

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ? `${err.code}: ${err.message}` : String((e as Error)?.message ?? e);
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Moves an unusable file out of the way (beside it); null when even that fails. */
function setAside(file: string, why: string, now: Date): string | null {
  const target = `${file}.${why}-${stamp(now)}`;
  try {
    renameSync(file, target);
    return target;
  } catch {
    return null;
  }
}

/** Sets a readable but unusable file aside (it doesn't fit this server), with the notice saying so. */
export function setWorldAside(file: string, problem: 'corrupt' | 'other-version', detail: string, now = new Date()): WorldNotice {
  return { problem, file, setAsideTo: setAside(file, problem, now), detail };
}

/** Temp files of writes a kill interrupted: never the world, so they go. */
function removeLeftovers(file: string): void {
  const dir = dirname(file);
  const prefix = basename(file) + TEMP_MARK;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix)) rmSync(join(dir, name), { force: true });
}

/** Checks parsed JSON against the schema; the problem (with the first issue's path) or the world. */
export function validateWorld(parsed: unknown): { world: World } | { problem: 'corrupt' | 'other-version'; detail: string } {
  if (typeof parsed === 'object' && parsed !== null && (parsed as { format?: unknown }).format === WORLD_FORMAT) {
    const version = (parsed as { version?: unknown }).version;
    if (version !== WORLD_VERSION) {
      return { problem: 'other-version', detail: `format version ${JSON.stringify(version)}, this server reads ${WORLD_VERSION}` };
    }
  }
  const result = v.safeParse(worldSchema, parsed);
  if (result.success) return { world: result.output };
  const issue = result.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  return { problem: 'corrupt', detail: `${path ? `${path}: ` : ''}${issue?.message ?? 'not a demo world'}` };
}

/** Reads the world; an unusable file is set aside (with the notice saying where) and null returned. */
export function loadWorld(file: string, now = new Date()): WorldLoad {
  removeLeftovers(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { world: null, notice: null };
    return { world: null, notice: { problem: 'unreadable', file, setAsideTo: setAside(file, 'unreadable', now), detail: errorText(e) } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { world: null, notice: { problem: 'corrupt', file, setAsideTo: setAside(file, 'corrupt', now), detail: `not JSON: ${errorText(e)}` } };
  }
  const checked = validateWorld(parsed);
  if ('world' in checked) return { world: checked.world, notice: null };
  const why = checked.problem === 'other-version' ? 'other-version' : 'corrupt';
  return { world: null, notice: { problem: checked.problem, file, setAsideTo: setAside(file, why, now), detail: checked.detail } };
}

/**
 * Replaces the file with `text` atomically. Throws only the file system's error (the caller turns
 * it into an 'unwritable' notice); the previous file is untouched when it does.
 */
export function writeWorldText(file: string, text: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}${TEMP_MARK}${process.pid}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  // The rename itself must reach the disk, or a power cut could bring back the old name.
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Some systems (Windows) can't open a directory; the rename is still atomic there.
  }
}

/** Writes the world; the notice when it could not (the file on disk is then the previous one). */
export function saveWorld(file: string, world: World): WorldNotice | null {
  try {
    writeWorldText(file, JSON.stringify(world));
    return null;
  } catch (e) {
    return { problem: 'unwritable', file, setAsideTo: null, detail: errorText(e) };
  }
}

/** Deletes the world file (Reset the demo); false when it could not. */
export function removeWorld(file: string): boolean {
  try {
    rmSync(file, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** One line for the server's log. */
export function describeNotice(n: WorldNotice): string {
  const moved = n.setAsideTo ? `; set aside as ${n.setAsideTo}` : '';
  switch (n.problem) {
    case 'corrupt':
      return `demo world ${n.file} is damaged (${n.detail})${moved}; starting a fresh one`;
    case 'other-version':
      return `demo world ${n.file} was written by another version (${n.detail})${moved}; starting a fresh one`;
    case 'unreadable':
      return `demo world ${n.file} can't be read (${n.detail})${moved}; starting a fresh one`;
    case 'unwritable':
      return `demo world can't be saved to ${n.file} (${n.detail}); it is kept in memory only`;
  }
}
