/**
 * Child process of measureSync(): one `canopy sync` of a config file through the library API,
 * measured from inside. Prints one JSON line (a MeasuredSync) on stdout and nothing else there.
 *
 *   node --import tsx bench/lib/measured-sync.ts <config.yml> [--stop-after-first-partition] [--cli-heap-policy]
 *
 * --cli-heap-policy applies the heap policy `canopy sync` applies (src/cli/heap-policy.ts) before
 * the config is loaded, as the CLI does, so the process's memory is the CLI's.
 *
 * The clocks start after the static imports, so the CPU figure is the sync's, not module loading;
 * performance.now() counts from the process's start, which is what start-up time means.
 */
import { applyHeapPolicy } from '../../src/cli/heap-policy.js';
import { loadConfig, sync } from '../../src/index.js';
import type { MeasuredSync } from './processes.js';

const [configPath, ...flags] = process.argv.slice(2);
if (!configPath) {
  process.stderr.write('usage: measured-sync.ts <config.yml> [--stop-after-first-partition] [--cli-heap-policy]\n');
  process.exit(2);
}
const stopAfterFirst = flags.includes('--stop-after-first-partition');
const heapPolicy = flags.includes('--cli-heap-policy') ? (applyHeapPolicy() ?? 'none (a heap flag in NODE_OPTIONS or node arguments)') : undefined;

const started = performance.now();
const cpuBefore = process.cpuUsage();
const controller = new AbortController();
let firstPlanMs: number | undefined;
let planMs: number | undefined;
let firstPartitionMs: number | undefined;

// Peaks of the heap and off-heap memory, sampled, to tell what the peak RSS is made of.
const peaks = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0, arrayBuffersMb: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peaks.heapUsedMb = Math.max(peaks.heapUsedMb, m.heapUsed / 2 ** 20);
  peaks.heapTotalMb = Math.max(peaks.heapTotalMb, m.heapTotal / 2 ** 20);
  peaks.externalMb = Math.max(peaks.externalMb, m.external / 2 ** 20);
  peaks.arrayBuffersMb = Math.max(peaks.arrayBuffersMb, m.arrayBuffers / 2 ** 20);
};
const sampler = setInterval(sample, 200);
sampler.unref();

const config = loadConfig([configPath]);
const results = await sync(config, {
  signal: controller.signal,
  onPlan: (_partitions, _source, complete) => {
    firstPlanMs ??= performance.now();
    if (complete) planMs ??= performance.now();
  },
  onPartition: () => {
    firstPartitionMs ??= performance.now();
    if (stopAfterFirst) controller.abort();
  },
});

const wallMs = performance.now() - started;
clearInterval(sampler);
sample();
const cpu = process.cpuUsage(cpuBefore);
const whole = process.cpuUsage();
const measured: MeasuredSync = {
  wallMs,
  syncStartMs: started,
  cpuUserMs: cpu.user / 1000,
  cpuSystemMs: cpu.system / 1000,
  processCpuUserMs: whole.user / 1000,
  processCpuSystemMs: whole.system / 1000,
  // maxRSS is in KiB.
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  firstPlanMs,
  planMs,
  firstPartitionMs,
  memory: peaks,
  heapPolicy,
  summary: results,
};
// Exit only once the line is flushed: a pipe may take a large summary in several writes.
process.stdout.write(`${JSON.stringify(measured)}\n`, () => process.exit(0));
