/**
 * Child process of runPlainSdk(): the plain script of the cpu-per-resource scenario, measured the
 * way measured-sync.ts measures canopy (CPU around the work, after the imports). Prints one JSON
 * line on stdout.
 *
 *   node --import tsx bench/lib/plain-sdk.ts <job.json>
 */
import { readFileSync } from 'node:fs';
import { PlainWalker, type PlainJob } from './plain-walk.js';
import type { PlainResult } from './plain.js';

const [jobPath] = process.argv.slice(2);
if (!jobPath) {
  process.stderr.write('usage: plain-sdk.ts <job.json>\n');
  process.exit(2);
}
const job = JSON.parse(readFileSync(jobPath, 'utf8')) as PlainJob;

const started = performance.now();
const cpuBefore = process.cpuUsage();
const walker = new PlainWalker(job);
try {
  await walker.run();
} finally {
  walker.destroy();
}
const cpu = process.cpuUsage(cpuBefore);
const whole = process.cpuUsage();
const result: PlainResult = {
  wallMs: performance.now() - started,
  cpuUserMs: cpu.user / 1000,
  cpuSystemMs: cpu.system / 1000,
  processCpuUserMs: whole.user / 1000,
  processCpuSystemMs: whole.system / 1000,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  ...walker.counts,
};
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
