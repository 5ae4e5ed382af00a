/** Calls, throttles and errors per (account, region, service): what the sandbox saw. */
export interface CallStats {
  accountId: string;
  region: string;
  service: string;
  calls: number;
  throttles: number;
  errors: number;
}

export type Outcome = 'ok' | 'throttled' | 'error';

export class StatsRecorder {
  private readonly rows = new Map<string, CallStats>();

  record(accountId: string, region: string, service: string, outcome: Outcome): void {
    const key = `${accountId}|${region}|${service}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { accountId, region, service, calls: 0, throttles: 0, errors: 0 };
      this.rows.set(key, row);
    }
    row.calls += 1;
    if (outcome === 'throttled') row.throttles += 1;
    if (outcome === 'error') row.errors += 1;
  }

  snapshot(): { rows: CallStats[]; totals: { calls: number; throttles: number; errors: number } } {
    const rows = [...this.rows.values()]
      .map((r) => ({ ...r }))
      .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.service.localeCompare(b.service));
    const totals = rows.reduce(
      (t, r) => ({ calls: t.calls + r.calls, throttles: t.throttles + r.throttles, errors: t.errors + r.errors }),
      { calls: 0, throttles: 0, errors: 0 },
    );
    return { rows, totals };
  }

  reset(): void {
    this.rows.clear();
  }
}

/** How many calls were in flight at once: the concurrency a client really used. */
export interface InFlight {
  peak: number;
  /** Σ call durations ÷ the span from the first call's arrival to the last one's answer. */
  average: number;
  spanMs: number;
}

/**
 * Counts the calls between arrival and answer (latency included). A lower bound assumes any
 * concurrency; this shows how much a client used, to tell a client-side cap from a rate limit.
 */
export class InFlightMeter {
  private current = 0;
  private peak = 0;
  private busyMs = 0;
  private first: number | undefined;
  private last = 0;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** One call arrives; the returned function marks its answer. */
  start(): () => void {
    const started = this.clock();
    this.first ??= started;
    this.current += 1;
    this.peak = Math.max(this.peak, this.current);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const now = this.clock();
      this.current -= 1;
      this.busyMs += now - started;
      this.last = Math.max(this.last, now);
    };
  }

  snapshot(): InFlight {
    const spanMs = this.first === undefined ? 0 : Math.max(0, this.last - this.first);
    return { peak: this.peak, average: spanMs > 0 ? this.busyMs / spanMs : 0, spanMs };
  }

  /** Forgets the past; calls still in flight keep counting in `current`, so the peak stays right. */
  reset(): void {
    this.peak = this.current;
    this.busyMs = 0;
    this.first = undefined;
    this.last = 0;
  }
}
