/** Sliding-window counter: `take()` is false once `limit` events happened within `windowMs`. */
export class RateLimiter {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(now = Date.now()): boolean {
    while (this.head < this.times.length && this.times[this.head] <= now - this.windowMs) this.head++;
    if (this.head > 1024) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.limit) return false;
    this.times.push(now);
    return true;
  }

  /** Seconds until a slot frees up, for `Retry-After`. */
  retryAfterSeconds(now = Date.now()): number {
    const oldest = this.times[this.head];
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }
}
