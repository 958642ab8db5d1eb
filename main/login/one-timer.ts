// One pending timer at most: setting it again replaces the previous one. It never keeps the
// process alive (a flow's timers must not hold up an exit).
export interface OneTimer {
  set(run: () => void, delayMs: number): void;
  clear(): void;
}

export function oneTimer(): OneTimer {
  const pending: { handle: ReturnType<typeof setTimeout> | null } = { handle: null };
  const clear = () => {
    if (pending.handle) clearTimeout(pending.handle);
    pending.handle = null;
  };
  return {
    set(run, delayMs) {
      clear();
      pending.handle = setTimeout(() => {
        pending.handle = null;
        run();
      }, delayMs);
      pending.handle.unref?.();
    },
    clear,
  };
}
