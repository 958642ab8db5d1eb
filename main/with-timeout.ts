// A promise bounded in time: whatever the callee does, the caller hears back within `ms`.
// The keychain (keytar over D-Bus) and gramjs can both leave a call hanging forever.

/** `promise`, or `timeout()`'s error once `ms` have passed; a rejection is passed through `onError` when given. */
export function withTimeout<T>(promise: Promise<T>, ms: number, timeout: () => Error, onError?: (error: unknown) => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(onError ? onError(error) : error);
      },
    );
  });
}
