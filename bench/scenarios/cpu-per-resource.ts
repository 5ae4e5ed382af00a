import { join } from 'node:path';
import { runPlainSdk, plainJobFrom } from '../lib/plain.js';
import { measureSync, orgConfig, startSandboxProcess } from '../lib/processes.js';
import { bySize } from '../lib/runner.js';
import type { Scenario } from '../lib/scenario.js';
import { sandboxCalls, sandboxCpuFigure, seconds, syncTotals } from '../lib/summary.js';

/** The largest call-count gap (as a share) at which canopy and the plain script still made "the same calls". */
const SAME_CALLS = 0.02;
const TARGET_RATIO = 1.3;

/**
 * Scenario 2 of issue 5: the CPU canopy spends per resource, against a plain script that makes the
 * same SDK calls (bench/lib/plain-walk.ts) and throws the results away, in the same run against the
 * same sandbox (its own process, no latency, no throttling). The plain script reads exactly the
 * partitions canopy's sync read, so the ratio is what canopy's engine, rows and SQLite writes cost
 * on top of the SDK itself.
 */
export const cpuPerResource: Scenario = {
  name: 'cpu-per-resource',
  description: "canopy's CPU per resource against a plain SDK script making the same calls",
  async run(ctx) {
    const org = bySize(ctx.size, {
      tiny: { scale: 300, accounts: 2, regions: ['us-east-1'] },
      small: { scale: 20_000, accounts: 6, regions: ['us-east-1', 'eu-west-1'] },
      full: { scale: 200_000, accounts: 10, regions: ['us-east-1', 'eu-west-1', 'us-west-2'] },
    });
    const sandboxOptions = { seed: 1, ...org, throttling: false, latency: { fixedMs: 0, jitterMs: 0 } };
    const sandbox = await startSandboxProcess(sandboxOptions);
    try {
      const truth = await sandbox.truth();
      // Every table, the child tables too (CloudQuery's default skips them under a glob).
      const config = orgConfig(sandbox, { db: join(ctx.dir, 'canopy.db'), sourceExtra: '  skip_dependent_tables: false' });
      ctx.log(`canopy sync of ${org.scale} resources (${org.accounts} accounts x ${org.regions.length} regions)`);
      await sandbox.post('/_sandbox/stats/reset');
      const canopy = await measureSync(config);
      const canopyCalls = sandboxCalls(await sandbox.stats());
      const totals = syncTotals(canopy);
      ctx.log(`plain SDK script over the same partitions (${canopyCalls} calls)`);
      await sandbox.post('/_sandbox/stats/reset');
      const plain = await runPlainSdk(plainJobFrom(canopy.summary as Parameters<typeof plainJobFrom>[0], sandbox, truth.organization.managementAccountId));
      const plainCalls = sandboxCalls(await sandbox.stats());
      const canopyCpu = canopy.cpuUserMs + canopy.cpuSystemMs;
      const plainCpu = plain.cpuUserMs + plain.cpuSystemMs;
      const ratio = canopyCpu / plainCpu;
      const resources = totals.rows;
      const notes: string[] = [];
      const gap = Math.abs(canopyCalls - plainCalls) / canopyCalls;
      if (!(gap <= SAME_CALLS)) notes.push(`the two made different numbers of calls (${canopyCalls} and ${plainCalls}): the ratio compares unlike work`);
      if (totals.destinationErrors.length > 0) notes.push(`destination errors: ${totals.destinationErrors.join('; ')}`);
      if (ratio > TARGET_RATIO) notes.push(`CPU ratio ${ratio.toFixed(2)} misses the target of ${TARGET_RATIO}; see docs/BENCHMARKS.md for the hot spots`);
      return {
        scenario: 'cpu-per-resource',
        size: ctx.size,
        parameters: { sandbox: sandboxOptions, config: config.replace(/(access_key_id|secret_access_key): .*/g, '$1: <sandbox keys>'), plainConcurrency: 64 },
        figures: {
          cpuRatio: { value: ratio, unit: 'x plain SDK', target: `<= ${TARGET_RATIO}` },
          canopyCpuPerResource: { value: canopyCpu / resources, unit: 'ms/resource', target: 'CloudQuery 0.7-2 ms' },
          plainCpuPerResource: { value: plainCpu / resources, unit: 'ms/resource' },
          canopyCpu: { value: seconds(canopyCpu), unit: 's (user+sys)' },
          plainCpu: { value: seconds(plainCpu), unit: 's (user+sys)' },
          resources: { value: resources, unit: 'rows' },
          canopyCalls: { value: canopyCalls, unit: 'calls' },
          plainCalls: { value: plainCalls, unit: 'calls' },
          canopyWall: { value: seconds(canopy.wallMs), unit: 's' },
          plainWall: { value: seconds(plain.wallMs), unit: 's' },
          canopyPeakRss: { value: canopy.maxRssMb, unit: 'MiB' },
          plainPeakRss: { value: plain.maxRssMb, unit: 'MiB' },
          ...sandboxCpuFigure(sandbox.cpuMs(), 's (its own process, both runs)'),
        },
        notes,
      };
    } finally {
      await sandbox.stop();
    }
  },
};
