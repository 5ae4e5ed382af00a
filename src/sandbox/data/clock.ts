/**
 * The sandbox's time: a source (real time unless a test injects one) plus however far tests moved
 * it forward. Everything that ages (temporary credentials, CloudTrail's event stream) reads it, so
 * a test can simulate hours passing without waiting. Token buckets stay on real monotonic time:
 * they limit how fast a client really calls, which advancing the clock must not change.
 */
export class SandboxClock {
  private offsetMs = 0;
  private latestMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly source: () => Date = () => new Date()) {}

  /**
   * The current time. It never goes backwards, even when an injected source does: the event
   * stream and its paging tokens rely on time only moving on.
   */
  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    const ms = this.source().getTime() + this.offsetMs;
    if (!Number.isFinite(ms)) throw new Error('the sandbox clock source returned an invalid date');
    this.latestMs = Math.max(this.latestMs, ms);
    return this.latestMs;
  }

  /** Moves the sandbox's time forward by `ms` relative to its source. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`the sandbox clock only moves forward: got ${ms} ms`);
    this.offsetMs += ms;
  }

  /** How far tests have moved this clock ahead of its source. */
  get advancedMs(): number {
    return this.offsetMs;
  }
}
