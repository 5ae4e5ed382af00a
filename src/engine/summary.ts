import { compareText } from './compare.js';

/** What happened to one partition. */
export interface PartitionResult {
  table: string;
  accountId: string;
  region: string;
  status: 'ok' | 'skipped' | 'failed';
  rows: number;
  /** Pages read (list calls that returned). */
  pages: number;
  /** Requests sent (retries included), retries, and attempts AWS answered with throttling. */
  calls: number;
  retries: number;
  throttles: number;
  durationMs: number;
  /** Why it was skipped or failed, with the AWS error code when there is one. */
  reason?: string;
  code?: string;
}

export interface TableSummary {
  table: string;
  rows: number;
  pages: number;
  calls: number;
  retries: number;
  throttles: number;
  partitions: { ok: number; skipped: number; failed: number };
}

export interface SyncSummary {
  syncTime: Date;
  durationMs: number;
  partitions: PartitionResult[];
  tables: TableSummary[];
  totals: { rows: number; pages: number; calls: number; retries: number; throttles: number; ok: number; skipped: number; failed: number };
  /** Rows removed by delete-stale, per destination. */
  deleted: Record<string, number>;
  /** Destinations that failed; their failure fails the sync (exit 1) and prevents every delete-stale. */
  destinationErrors: Array<{ destination: string; message: string }>;
  cancelled: boolean;
}

export function summarise(results: readonly PartitionResult[]): Pick<SyncSummary, 'tables' | 'totals'> {
  const tables = new Map<string, TableSummary>();
  const totals = { rows: 0, pages: 0, calls: 0, retries: 0, throttles: 0, ok: 0, skipped: 0, failed: 0 };
  for (const r of results) {
    const t = tables.get(r.table) ?? { table: r.table, rows: 0, pages: 0, calls: 0, retries: 0, throttles: 0, partitions: { ok: 0, skipped: 0, failed: 0 } };
    for (const counter of ['rows', 'pages', 'calls', 'retries', 'throttles'] as const) {
      t[counter] += r[counter];
      totals[counter] += r[counter];
    }
    t.partitions[r.status] += 1;
    tables.set(r.table, t);
    totals[r.status] += 1;
  }
  return { tables: [...tables.values()].sort((a, b) => compareText(a.table, b.table)), totals };
}
