// Waiting on events instead of clocks: whatever a test waits for (a job run, a mail received, a
// customer's turn finished) calls `changed()` when it happens, and `until` re-checks its condition
// then, and only then. The time limit is there to fail with a message instead of hanging.

export type ChangeWaiter = {
  /** Tells every waiter that what it waits on may have changed. */
  changed(): void;
  /** Resolves with `check()`'s value once it is neither undefined nor false, re-checked on each change. */
  until<T>(check: () => T | undefined | false, what: string | (() => string), ms?: number): Promise<T>;
};

export function changeWaiter(): ChangeWaiter {
  const waiters = new Set<() => void>();
  return {
    changed() {
      for (const w of [...waiters]) w();
    },
    until<T>(check: () => T | undefined | false, what: string | (() => string), ms = 30_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const attempt = () => {
          let value: T | undefined | false;
          try {
            value = check();
          } catch (err) {
            finish();
            return reject(err as Error);
          }
          if (value === undefined || value === false) return;
          finish();
          resolve(value);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${ms} ms waiting for ${typeof what === "string" ? what : what()}`));
        }, ms);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(attempt);
        };
        waiters.add(attempt);
        attempt();
      });
    },
  };
}
