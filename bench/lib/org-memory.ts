/**
 * Peak RSS of one full sync of a large organization (the start-up scenario's: many accounts, few
 * resources each), where what grows is per account (credentials, SDK clients), not per row:
 *
 *   npx tsx bench/lib/org-memory.ts [--accounts 1000] [--regions us-east-1,eu-west-1] [--scale 10000]
 *
 * canopy runs bundled with the CLI's heap policy, the sandbox in its own process (no latency, no
 * throttling); prints one JSON line. docs/BENCHMARKS.md, section 3, quotes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureSync, orgConfig, startSandboxProcess } from './processes.js';
import { syncTotals } from './summary.js';

const { values } = parseArgs({
  options: { accounts: { type: 'string', default: '1000' }, regions: { type: 'string', default: 'us-east-1,eu-west-1' }, scale: { type: 'string', default: '10000' } },
});
const accounts = Number(values.accounts);
const regions = values.regions.split(',');
const sandbox = await startSandboxProcess({ seed: 1, accounts, scale: Number(values.scale), regions, throttling: false, latency: { fixedMs: 0, jitterMs: 0 } });
const dir = mkdtempSync(join(tmpdir(), 'canopy-org-memory-'));
try {
  const measured = await measureSync(orgConfig(sandbox, { db: join(dir, 'canopy.db') }), { runtime: 'compiled', cliHeapPolicy: true });
  const totals = syncTotals(measured);
  const line = {
    accounts,
    regions,
    rows: totals.rows,
    calls: totals.calls,
    failedPartitions: totals.partitions.failed,
    peakRssMb: Math.round(measured.maxRssMb),
    cpuS: Math.round((measured.cpuUserMs + measured.cpuSystemMs) / 1000),
    wallS: Math.round(measured.wallMs / 1000),
    memory: measured.memory,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
}
