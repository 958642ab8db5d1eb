// Keeps a running server's world in its file: writes it after every change (before the answer
// that reflects the change leaves the server, so what a client was told is on disk), skips
// writes when nothing but activity times moved, and holds the one notice the person should see
// (the file was set aside, or can't be written).
import type { World } from './world-schema';
import { describeNotice, removeWorld, saveWorld, type WorldNotice } from './world-file';
import { worldIdentity } from './world-snapshot';

export interface WorldKeeper {
  readonly file: string;
  /** What the person should know about the world file, or null when all is well. */
  notice(): WorldNotice | null;
  onNotice(listener: (notice: WorldNotice | null) => void): () => void;
  /** Writes the world if it changed since the last write. */
  save(): void;
  /** Reset the demo: the old file goes, a fresh world is written, earlier notices are over. */
  reset(): void;
}

export function createWorldKeeper(options: {
  file: string;
  capture: () => World;
  /** A notice from loading (the file was set aside), shown until the next reset. */
  initialNotice: WorldNotice | null;
  log: (line: string) => void;
}): WorldKeeper {
  const { file, capture, log } = options;
  let notice: WorldNotice | null = options.initialNotice;
  let lastWritten: string | null = null;
  const listeners = new Set<(n: WorldNotice | null) => void>();

  const setNotice = (next: WorldNotice | null): void => {
    if (next === notice) return;
    notice = next;
    if (next) log(`[world] ${describeNotice(next)}`);
    for (const listener of listeners) listener(next);
  };

  const save = (): void => {
    const world = capture();
    const identity = worldIdentity(world);
    if (identity === lastWritten) return;
    const failed = saveWorld(file, world);
    if (failed) {
      // The previous file (if any) is intact; keep trying on later changes.
      if (notice?.problem !== 'unwritable') setNotice(failed);
      return;
    }
    lastWritten = identity;
    if (notice?.problem === 'unwritable') setNotice(null);
  };

  if (notice) log(`[world] ${describeNotice(notice)}`);

  return {
    file,
    notice: () => notice,
    onNotice(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    save,
    reset() {
      removeWorld(file);
      lastWritten = null;
      setNotice(null);
      save();
    },
  };
}
