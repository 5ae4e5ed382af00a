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
