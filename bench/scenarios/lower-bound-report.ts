import type { PartitionResult, SourceResult } from '../../src/index.js';
import type { LowerBound } from '../../src/sandbox/index.js';

/** One scheduler order's measurement: canopy's sync against the sandbox's bound for the same calls. */
export interface OrderRun {
  /** dfs, round-robin, shuffle, or `default` (no scheduler key). */
  label: string;
  wallMs: number;
  /** canopy's CPU (user + system) during the sync, and the sandbox process's (undefined off Linux). */
  cpuMs: number;
  sandboxCpuMs?: number;
  bound: LowerBound;
  /** Calls and throttles the sandbox saw in this run. */
  sandboxCalls: number;
  sandboxThrottles: number;
  summary: SourceResult[];
}

/** The slowest partition of a run: a parent table and its child tables in one account and region. */
export interface SlowPartition {
  accountId: string;
  region: string;
  tables: string[];
  durationMs: number;
  calls: number;
  throttles: number;
}

/**
 * A partition's parent and child tables share its durationMs and cell, which is how they are
 * grouped back together from the flat list of results.
 */
export function slowestPartition(summary: readonly SourceResult[]): SlowPartition | undefined {
  const groups = new Map<string, PartitionResult[]>();
  for (const result of summary.flatMap((s) => s.summary.partitions)) {
    const key = `${result.accountId}|${result.region}|${result.durationMs}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  let slowest: SlowPartition | undefined;
  for (const results of groups.values()) {
    const first = results[0];
    if (!first || (slowest && slowest.durationMs >= first.durationMs)) continue;
    slowest = {
      accountId: first.accountId,
      region: first.region,
      tables: results.map((r) => r.table),
      durationMs: first.durationMs,
      calls: results.reduce((sum, r) => sum + r.calls, 0),
      throttles: results.reduce((sum, r) => sum + r.throttles, 0),
    };
  }
  return slowest;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Why a run took longer than its bound, from what the sandbox and the summary saw: when the
 * binding bucket was reached and left, how many calls the client kept in flight, the throttles,
 * and the slowest partition (canopy reads a partition's calls one after another).
 */
export function diagnose(run: OrderRun, target: number): string {
  const ratio = run.wallMs / run.bound.boundMs;
  const verdict = ratio <= target ? `meets the target of ${target}` : `misses the target of ${target}`;
  const parts = [`${run.label}: ratio ${ratio.toFixed(2)} ${verdict} (wall ${s(run.wallMs)}, bound ${s(run.bound.boundMs)}, set by the ${run.bound.binding})`];
  const top = run.bound.slowestBuckets[0];
  if (top) {
    parts.push(
      `slowest bucket ${top.accountId}/${top.region}/${top.service}: ${top.calls} calls, burst ${top.burst}, ${top.refillPerSecond}/s -> ${s(top.boundMs)}; ` +
        `canopy's first call reached it at ${s(top.firstCallAtMs)}, its last at ${s(top.lastCallAtMs)}`,
    );
  }
  parts.push(`${run.sandboxThrottles} of ${run.sandboxCalls} calls throttled; in flight: peak ${run.bound.inFlight.peak}, average ${run.bound.inFlight.average.toFixed(1)}`);
  // canopy runs on one thread: its CPU alone is a floor on its wall time, whatever the buckets allow.
  const perCall = run.sandboxCalls > 0 ? run.cpuMs / run.sandboxCalls : Number.NaN;
  const sandboxCpu = run.sandboxCpuMs === undefined ? '' : `, sandbox CPU ${s(run.sandboxCpuMs)}`;
  parts.push(`canopy CPU ${s(run.cpuMs)} (${perCall.toFixed(2)} ms per call, ${(run.cpuMs / run.bound.boundMs).toFixed(2)}x the bound)${sandboxCpu}`);
  const slow = slowestPartition(run.summary);
  if (slow) {
    const names = slow.tables.length > 3 ? `${slow.tables.slice(0, 3).join(', ')} +${slow.tables.length - 3} children` : slow.tables.join(', ');
    parts.push(`slowest partition ${slow.accountId}/${slow.region} (${names}): ${s(slow.durationMs)}, ${slow.calls} calls, ${slow.throttles} throttled`);
  }
  return parts.join('; ');
}
