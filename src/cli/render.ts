import type { SourceResult } from '../sync/run.js';

/** The end-of-sync summary: per table rows, AWS calls (retries and throttles among them) and partitions, then every skipped or failed partition with its reason. */
export function renderSummary(results: readonly SourceResult[]): string {
  const lines: string[] = [];
  for (const { source, discovery, regions, summary } of results) {
    lines.push(`source ${source}: ${discovery.accounts.length} accounts, ${summary.totals.ok + summary.totals.skipped + summary.totals.failed} partitions in ${(summary.durationMs / 1000).toFixed(1)}s`);
    for (const skipped of discovery.skipped) lines.push(`  account ${skipped.id} skipped: ${skipped.reason}`);
    for (const failed of discovery.failed) lines.push(`  account ${failed.id} failed: ${failed.error.reason}`);
    for (const r of regions) {
      for (const n of r.notEnabled) lines.push(`  account ${r.accountId}: region ${n.region} not enabled (${n.status})`);
      // Without DescribeRegions an account with regions '*' has nothing to read: say so, it is not a silent zero.
      if (r.error) lines.push(`  account ${r.accountId}: regions unknown, ${r.error.code ?? r.error.kind}: ${r.error.reason}`);
    }
    const width = Math.max(5, ...summary.tables.map((t) => t.table.length));
    const cells = (...values: Array<string | number>) => values.map((v, n) => String(v).padStart(n === 0 ? 9 : 7)).join('  ');
    lines.push(`  ${'table'.padEnd(width)}  ${cells('rows', 'calls', 'retries', 'throttles')}  ok/skipped/failed`);
    for (const t of summary.tables) {
      lines.push(`  ${t.table.padEnd(width)}  ${cells(t.rows, t.calls, t.retries, t.throttles)}  ${t.partitions.ok}/${t.partitions.skipped}/${t.partitions.failed}`);
    }
    for (const p of summary.partitions.filter((x) => x.status !== 'ok')) {
      lines.push(`  ${p.status} ${p.table} ${p.accountId} ${p.region}: ${p.code ?? ''} ${p.reason ?? ''}`.trimEnd());
    }
    for (const [destination, count] of Object.entries(summary.deleted)) lines.push(`  ${destination}: ${count} stale rows deleted`);
    for (const e of summary.destinationErrors) lines.push(`  destination ${e.destination} failed: ${e.message} (nothing was deleted)`);
    const t = summary.totals;
    lines.push(`  total: ${t.rows} rows, ${t.calls} calls (${t.retries} retries, ${t.throttles} throttled), partitions ${t.ok} ok, ${t.skipped} skipped, ${t.failed} failed`);
  }
  return `${lines.join('\n')}\n`;
}

/** 0 done (warnings allowed), 1 a destination failed (or, with --strict, any partition did not complete). */
export function exitCodeFor(results: readonly SourceResult[], strict: boolean): number {
  for (const { summary, discovery, regions } of results) {
    if (strict && regions.some((r) => r.error)) return 1;
    if (summary.destinationErrors.length > 0 || summary.cancelled) return 1;
    if (strict && (summary.totals.failed > 0 || summary.totals.skipped > 0 || discovery.failed.length > 0)) return 1;
  }
  return 0;
}
