import type { SourceResult } from '../../src/index.js';
import type { Figure } from './scenario.js';
import type { MeasuredSync } from './processes.js';

export interface SyncTotals {
  rows: number;
  calls: number;
  retries: number;
  throttles: number;
  partitions: { ok: number; skipped: number; failed: number };
  accounts: number;
  destinationErrors: string[];
}

/** The totals of a measured sync's SourceResult[] (summed over sources). */
export function syncTotals(measured: Pick<MeasuredSync, 'summary'>): SyncTotals {
  const results = measured.summary as SourceResult[];
  const totals: SyncTotals = { rows: 0, calls: 0, retries: 0, throttles: 0, partitions: { ok: 0, skipped: 0, failed: 0 }, accounts: 0, destinationErrors: [] };
  for (const { summary, discovery } of results) {
    totals.rows += summary.totals.rows;
    totals.calls += summary.totals.calls;
    totals.retries += summary.totals.retries;
    totals.throttles += summary.totals.throttles;
    totals.partitions.ok += summary.totals.ok;
    totals.partitions.skipped += summary.totals.skipped;
    totals.partitions.failed += summary.totals.failed;
    totals.accounts += discovery.accounts.length;
    totals.destinationErrors.push(...summary.destinationErrors.map((e) => `${e.destination}: ${e.message}`));
  }
  return totals;
}

/** Calls the sandbox answered since its counters were last reset (GET /_sandbox/stats). */
export function sandboxCalls(stats: unknown): number {
  const totals = (stats as { totals?: { calls?: unknown } }).totals;
  return typeof totals?.calls === 'number' ? totals.calls : Number.NaN;
}

/** Milliseconds to seconds, for figures. */
export const seconds = (ms: number): number => ms / 1000;

/** The sandbox process's CPU as a figure, where the platform tells it (Linux /proc); none elsewhere. */
export function sandboxCpuFigure(cpuMs: number | undefined, unit: string): Record<string, Figure> {
  return cpuMs === undefined ? {} : { sandboxCpu: { value: seconds(cpuMs), unit } };
}
