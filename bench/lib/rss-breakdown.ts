/**
 * What canopy's peak RSS is made of: one sync as the memory scenario runs it (bundled, the CLI's
 * heap policy, the sandbox in its own process, no latency or throttling), its resident memory by
 * mapping (bench/lib/smaps.ts) at the highest RSS seen, sampled every 500 ms from /proc:
 *
 *   npx tsx bench/lib/rss-breakdown.ts [--scale 100000] [--accounts 10] [--regions a,b,c] [--node-args="--flag ..."]
 *
 * --node-args go on the measured process's command line (a V8 heap flag there replaces the CLI's
 * heap policy, as it would for a user). Prints one JSON object. Linux only (/proc).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureSync, orgConfig, startSandboxProcess } from './processes.js';
import { childPid, rssByMapping, rssMb } from './smaps.js';
import { syncTotals } from './summary.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '100000' },
    accounts: { type: 'string', default: '10' },
    regions: { type: 'string', default: 'us-east-1,eu-west-1,us-west-2' },
    'node-args': { type: 'string', default: '' },
  },
});
const nodeArgs = values['node-args'].split(/\s+/).filter(Boolean);
const sandboxOptions = { seed: 1, scale: Number(values.scale), accounts: Number(values.accounts), regions: values.regions.split(','), throttling: false, latency: { fixedMs: 0, jitterMs: 0 } };
const sandbox = await startSandboxProcess(sandboxOptions);
const dir = mkdtempSync(join(tmpdir(), 'canopy-rss-breakdown-'));
let peak = { rssMb: 0, byMapping: {} as Record<string, number> };
// Found once: the measured child is the only one, and scanning /proc every sample costs a read per process.
let pid: number | undefined;
const sampler = setInterval(() => {
  pid ??= childPid('measured-sync');
  const rss = pid === undefined ? undefined : rssMb(pid);
  if (pid === undefined || rss === undefined || rss <= peak.rssMb) return;
  try {
    peak = { rssMb: rss, byMapping: rssByMapping(readFileSync(`/proc/${pid}/smaps`, 'utf8')) };
  } catch {
    // The sync ended between the two reads.
  }
}, 500);
try {
  const measured = await measureSync(orgConfig(sandbox, { db: join(dir, 'canopy.db') }), { runtime: 'compiled', cliHeapPolicy: true, nodeArgs });
  const totals = syncTotals(measured);
  const byMapping = Object.fromEntries(
    Object.entries(peak.byMapping)
      .filter(([, mb]) => mb >= 1)
      .sort((a, b) => b[1] - a[1])
      .map(([name, mb]) => [name, Math.round(mb * 10) / 10]),
  );
  const line = {
    sandbox: sandboxOptions,
    nodeArgs,
    heapPolicy: measured.heapPolicy,
    rows: totals.rows,
    peakRssMb: Math.round(measured.maxRssMb),
    cpuS: Math.round((measured.cpuUserMs + measured.cpuSystemMs) / 1000),
    wallS: Math.round(measured.wallMs / 1000),
    memory: measured.memory,
    sampledPeakRssMb: Math.round(peak.rssMb),
    atSampledPeak: byMapping,
  };
  process.stdout.write(`${JSON.stringify(line, null, 1)}\n`);
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
  await sandbox.stop();
}
