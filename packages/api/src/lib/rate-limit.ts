// Fixed-window request counters kept in this process: cheap protection of the model budget and the
// database from a runaway widget or a script hammering the public endpoints. Per instance, so N
// instances allow up to N times the limit, which is fine for abuse control (not for billing).
export type RateLimitRule = { limit: number; windowMs: number };

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  /** Counts one hit; returns the milliseconds to wait when over the limit, else 0. */
  hit(key: string, rule: RateLimitRule, now: number): number {
    this.sweep(now, rule.windowMs);
    const w = this.windows.get(key);
    if (!w || now - w.start >= rule.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return 0;
    }
    w.count += 1;
    return w.count > rule.limit ? w.start + rule.windowMs - now : 0;
  }

  private sweep(now: number, windowMs: number) {
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (now - w.start >= windowMs * 2) this.windows.delete(key);
  }
}
