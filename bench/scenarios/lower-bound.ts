import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { SourceResult } from '../../src/index.js';
import type { LowerBound } from '../../src/sandbox/index.js';
import { measureSync, orgConfig, startSandboxProcess, type SandboxProcess } from '../lib/processes.js';
import { bySize, canopyRuntime } from '../lib/runner.js';
import type { Figure, Scenario } from '../lib/scenario.js';
import { sandboxCalls, seconds } from '../lib/summary.js';
import { diagnose, type OrderRun } from './lower-bound-report.js';

const TARGET_RATIO = 1.15;
const LATENCY_MS = 20;

/** Each scheduler order, then canopy's default (no `scheduler` key), which may be any of them. */
const orders: ReadonlyArray<{ label: string; scheduler?: string }> = [
  { label: 'dfs', scheduler: 'dfs' },
  { label: 'round-robin', scheduler: 'round-robin' },
  { label: 'shuffle', scheduler: 'shuffle' },
  { label: 'default' },
];

async function lowerBoundOf(sandbox: SandboxProcess): Promise<LowerBound> {
  const response = await fetch(`${sandbox.endpoint}/_sandbox/lower-bound`);
  if (!response.ok) throw new Error(`GET /_sandbox/lower-bound answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as LowerBound;
}

function throttlesOf(stats: unknown): number {
  const totals = (stats as { totals?: { throttles?: unknown } }).totals;
  return typeof totals?.throttles === 'number' ? totals.throttles : Number.NaN;
}

/**
 * Scenario 1 of issue 5: 50 accounts × 4 regions × every table (children included), 20 ms per
 * call, the sandbox's AWS-like token buckets per (account, region, service). For each scheduler
 * order and for canopy's default, the sandbox's counters and buckets are reset, canopy syncs into
 * a fresh SQLite file, and the sandbox computes the shortest wall time in which the calls it
 * admitted could have been made (src/sandbox/limits/lower-bound.ts states the model). The figure is
 * canopy's wall time ÷ that bound. The sandbox runs in its own process.
 */
export const lowerBound: Scenario = {
  name: 'lower-bound',
  description: "canopy's wall time against the shortest the rate limits allow, per scheduler order",
  async run(ctx) {
    const org = bySize(ctx.size, {
      tiny: { accounts: 3, regions: ['us-east-1', 'eu-west-1'], scale: 300 },
      small: { accounts: 10, regions: ['us-east-1', 'eu-west-1'], scale: 4_000 },
      // About 100 resources per (account, region) on average, skewed as a real estate is: enough
      // that the buckets of the heaviest accounts, not the latency, set the bound.
      full: { accounts: 50, regions: ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'], scale: 20_000 },
    });
    // The tiny run is a smoke test: a few tables with children, so that chains and buckets show.
    const tables = bySize<string[] | undefined>(ctx.size, { tiny: ['aws_ec2_instances', 'aws_iam_users', 'aws_lambda_functions', 'aws_lambda_function_versions'], small: undefined, full: undefined });
    const sandboxOptions = { seed: 1, ...org, latency: { fixedMs: LATENCY_MS, jitterMs: 0 }, throttling: true };
    const sandbox = await startSandboxProcess(sandboxOptions);
    const runs: OrderRun[] = [];
    let configShown = '';
    try {
      for (const { label, scheduler } of orders) {
        const config = orgConfig(sandbox, {
          db: join(ctx.dir, `canopy-${label}.db`),
          tables,
          // Every table with its children (CloudQuery's default leaves children out of a glob), as `canopy demo` does.
          sourceExtra: '  skip_dependent_tables: false',
          extra: scheduler ? `    scheduler: ${scheduler}` : undefined,
        });
        configShown ||= config.replace(/(access_key_id|secret_access_key): .*/g, '$1: <sandbox keys>');
        // A new measurement: counters zeroed and every bucket full, as the bound assumes.
        await sandbox.post('/_sandbox/stats/reset');
        await sandbox.post('/_sandbox/lower-bound/reset');
        ctx.log(`${label}: syncing ${org.accounts} accounts x ${org.regions.length} regions (scale ${org.scale})`);
        const sandboxCpuBefore = sandbox.cpuMs();
        const measured = await measureSync(config, { runtime: canopyRuntime(ctx.size) });
        const sandboxCpuAfter = sandbox.cpuMs();
        const bound = await lowerBoundOf(sandbox);
        const stats = await sandbox.stats();
        const run: OrderRun = {
          label,
          wallMs: measured.wallMs,
          cpuMs: measured.cpuUserMs + measured.cpuSystemMs,
          sandboxCpuMs: sandboxCpuBefore === undefined || sandboxCpuAfter === undefined ? undefined : sandboxCpuAfter - sandboxCpuBefore,
          bound,
          sandboxCalls: sandboxCalls(stats),
          sandboxThrottles: throttlesOf(stats),
          summary: measured.summary as SourceResult[],
        };
        runs.push(run);
        ctx.log(diagnose(run, TARGET_RATIO));
      }
    } finally {
      await sandbox.stop();
    }
    const figures: Record<string, Figure> = {};
    for (const run of runs) {
      const key = run.label === 'round-robin' ? 'roundRobin' : run.label;
      figures[`${key}Ratio`] = { value: run.wallMs / run.bound.boundMs, unit: 'x lower bound', target: `<= ${TARGET_RATIO}` };
      figures[`${key}Wall`] = { value: seconds(run.wallMs), unit: 's' };
      figures[`${key}LowerBound`] = { value: seconds(run.bound.boundMs), unit: `s (set by the ${run.bound.binding})` };
      figures[`${key}Calls`] = { value: run.bound.admittedCalls, unit: 'calls admitted' };
      figures[`${key}Throttles`] = { value: run.sandboxThrottles, unit: 'calls throttled' };
      // The concurrency canopy used, as the sandbox saw it: calls between arrival and answer.
      figures[`${key}PeakInFlight`] = { value: run.bound.inFlight.peak, unit: 'calls at once (peak)' };
      figures[`${key}AverageInFlight`] = { value: run.bound.inFlight.average, unit: 'calls at once (average)' };
      figures[`${key}Cpu`] = { value: seconds(run.cpuMs), unit: 's canopy CPU (user+sys)' };
      // What this machine allows whatever the scheduler: canopy's event loop runs on one core, and
      // canopy and the sandbox share the machine's cores.
      const floorMs = Math.max(run.bound.boundMs, run.cpuMs, (run.cpuMs + (run.sandboxCpuMs ?? 0)) / availableParallelism());
      figures[`${key}MachineFloor`] = { value: seconds(floorMs), unit: 's (max of the bound, canopy CPU, and canopy + sandbox CPU over the cores)' };
      figures[`${key}RatioToFloor`] = { value: run.wallMs / floorMs, unit: 'x the machine floor' };
      if (run.sandboxCpuMs !== undefined) figures[`${key}SandboxCpu`] = { value: seconds(run.sandboxCpuMs), unit: 's sandbox CPU (user+sys)' };
    }
    const notes = runs.map((run) => diagnose(run, TARGET_RATIO));
    const first = runs[0];
    if (first) notes.push(...first.bound.notes.map((n) => `lower-bound model: ${n}`));
    return {
      scenario: 'lower-bound',
      size: ctx.size,
      parameters: {
        sandbox: sandboxOptions,
        buckets: "the sandbox's defaults (src/sandbox/limits/token-buckets.ts)",
        orders: orders.map((o) => o.scheduler ?? 'default (no scheduler key)'),
        concurrency: "canopy's default (no concurrency key)",
        config: configShown,
        slowestBuckets: Object.fromEntries(runs.map((r) => [r.label, r.bound.slowestBuckets.slice(0, 3)])),
      },
      figures,
      notes,
    };
  },
};
