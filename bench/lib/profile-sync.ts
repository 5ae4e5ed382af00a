/**
 * Profiles one canopy sync against the sandbox and prints where its CPU went:
 *
 *   npx tsx bench/lib/profile-sync.ts [--scale N] [--accounts N] [--regions a,b] [--out DIR]
 *
 * canopy runs bundled (as users run it) under `node --cpu-prof`, the sandbox in its own process
 * (no latency, no throttling, every table including child tables). The .cpuprofile stays in DIR
 * (open it in Chrome DevTools); the summary goes to stdout. This is how docs/BENCHMARKS.md's hot
 * spots were found.
 */
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { summariseProfile, type ProfileLine } from './cpu-profile.js';
import { measureSync, orgConfig, startSandboxProcess } from './processes.js';
import { syncTotals } from './summary.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '20000' }, accounts: { type: 'string', default: '4' }, regions: { type: 'string', default: 'us-east-1,eu-west-1' }, out: { type: 'string' } },
});
const out = values.out ?? mkdtempSync(join(tmpdir(), 'canopy-profile-'));
mkdirSync(out, { recursive: true });
const sandbox = await startSandboxProcess({ seed: 1, scale: Number(values.scale), accounts: Number(values.accounts), regions: values.regions.split(','), throttling: false });
try {
  const config = orgConfig(sandbox, { db: join(out, 'canopy.db'), sourceExtra: '  skip_dependent_tables: false' });
  const measured = await measureSync(config, { runtime: 'compiled', nodeArgs: ['--cpu-prof', '--cpu-prof-dir', out] });
  const totals = syncTotals(measured);
  const profile = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
  if (!profile) throw new Error(`no .cpuprofile in ${out}`);
  const summary = summariseProfile(join(out, profile));
  const print = (title: string, lines: ProfileLine[]) => {
    process.stdout.write(`\n${title}\n`);
    for (const l of lines) process.stdout.write(`  ${String(l.ms).padStart(9)} ms ${String(l.share).padStart(5)}%  ${l.name}\n`);
  };
  process.stdout.write(
    `${totals.rows} rows, ${totals.calls} calls; sync CPU ${Math.round(measured.cpuUserMs + measured.cpuSystemMs)} ms, profile ${summary.totalMs} ms (whole process), peak RSS ${Math.round(measured.maxRssMb)} MiB\nprofile: ${join(out, profile)}\n`,
  );
  print('self time by package', summary.byPackage);
  print('self time by function', summary.selfByFunction);
  print("inclusive time of canopy's functions", summary.inclusiveCanopy);
} finally {
  await sandbox.stop();
}
