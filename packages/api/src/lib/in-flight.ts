// Work that outlives its HTTP request (a customer turn runs detached from its stream, so a closed
// tab still gets a stored reply). A graceful stop waits for it before closing the database pool.

export class InFlightWork {
  readonly #running = new Set<Promise<void>>();
  #idle: Array<() => void> = [];

  /** Registers `work` until it settles; returns it unchanged (its rejection is the caller's to handle). */
  track<T>(work: Promise<T>): Promise<T> {
    const entry: Promise<void> = work.then(
      () => this.#settle(entry),
      () => this.#settle(entry),
    );
    this.#running.add(entry);
    return work;
  }

  get size(): number {
    return this.#running.size;
  }

  /** Resolves true once nothing is running, or false when `timeoutMs` passes first. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.#running.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#idle = this.#idle.filter((f) => f !== done);
        resolve(false);
      }, timeoutMs);
      this.#idle.push(done);
    });
  }

  #settle(entry: Promise<void>) {
    this.#running.delete(entry);
    if (this.#running.size > 0) return;
    const waiting = this.#idle;
    this.#idle = [];
    for (const f of waiting) f();
  }
}
