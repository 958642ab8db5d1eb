// Locks that are folders (mkdir is atomic on every OS) holding their owner's pid, shared by the
// build and Electron's installer so that two `npm start`s, or tests side by side, never work on
// the same files at once.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A lock folder whose owner died: its pid is gone, or it never got a pid written and is old
 * (a fresh one may be between mkdir and the write).
 */
function abandoned(lock) {
  let pid = 0;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // not written yet, or the lock is gone already
  }
  if (!pid) {
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code !== 'EPERM';
  }
}


/** Takes the lock when it is free or abandoned; false while a live process holds it. */
export function tryLock(lock) {
  try {
    mkdirSync(lock);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    if (!abandoned(lock)) return false;
    rmSync(lock, { recursive: true, force: true });
    return tryLock(lock);
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

export function unlock(lock) {
  rmSync(lock, { recursive: true, force: true });
}
