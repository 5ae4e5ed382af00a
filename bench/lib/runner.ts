import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine } from './machine.js';
import type { Scenario, ScenarioResult, Size } from './scenario.js';

export const sizes: readonly Size[] = ['tiny', 'small', 'full'];

export function isSize(value: string): value is Size {
  return (sizes as readonly string[]).includes(value);
}

export interface BenchCommand {
  /** Scenario names, in the registry's order for `all`. */
  scenarios: string[];
  size: Size;
  out?: string;
  help: boolean;
}

/** Reads `<scenario|all> [--size tiny|small|full] [--out DIR]`; a string is the usage error to print (exit 2). */
export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchCommand | string {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { size: { type: 'string', default: 'full' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const size = parsed.values.size;
  const help = parsed.values.help === true;
  const [name, ...rest] = parsed.positionals;
  if (help) return { scenarios: [], size: 'full', help };
  if (!name) return 'name a scenario, or all';
  if (rest.length > 0) return `one scenario at a time (or all); got also ${rest.join(' ')}`;
  if (!isSize(size)) return `unknown size ${size}; expected one of ${sizes.join(', ')}`;
  if (name !== 'all' && !known.includes(name)) return `unknown scenario ${name}; expected one of ${known.join(', ')}, or all`;
  return { scenarios: name === 'all' ? [...known] : [name], size, out: parsed.values.out, help };
}

/** A value per size, so a scenario states its three sizes side by side. */
export function bySize<T>(size: Size, values: Record<Size, T>): T {
  return values[size];
}

/**
 * How canopy runs in a measurement: bundled, as `npx canopy` runs it (tsx adds its compile time
 * and ~80-100 MiB), except in the tiny smoke run, which skips the build.
 */
export function canopyRuntime(size: Size): 'tsx' | 'compiled' {
  return size === 'tiny' ? 'tsx' : 'compiled';
}

/** What bench/results/<scenario>.json holds: the scenario's result and how, where and when it was measured. */
export interface ResultRecord extends ScenarioResult {
  description: string;
  date: string;
  command: string;
  machine: Record<string, string | number>;
  /** 1, 5 and 15-minute load averages before and after: the machine is shared, so figures are read with them. */
  load: { before: number[]; after: number[] };
  durationMs: number;
}

/** Where a run's JSON goes: <scenario>.json for the full size docs/BENCHMARKS.md reports, <scenario>-<size>.json otherwise. */
export function resultPath(outDir: string, scenario: string, size: Size): string {
  return join(outDir, size === 'full' ? `${scenario}.json` : `${scenario}-${size}.json`);
}

const round = (values: number[]) => values.map((v) => Math.round(v * 100) / 100);

/** Runs one scenario in a scratch directory (removed afterwards) and returns its record. */
export async function runScenario(scenario: Scenario, size: Size, options: { command: string; log?: (line: string) => void }): Promise<ResultRecord> {
  const dir = mkdtempSync(join(tmpdir(), `canopy-bench-${scenario.name}-`));
  const before = round(loadavg());
  const started = performance.now();
  try {
    const result = await scenario.run({ size, dir, log: (message) => options.log?.(`[${scenario.name}] ${message}`) });
    return {
      ...result,
      description: scenario.description,
      date: new Date().toISOString(),
      command: options.command,
      machine: machine(),
      load: { before, after: round(loadavg()) },
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function writeRecord(outDir: string, record: ResultRecord): string {
  mkdirSync(outDir, { recursive: true });
  const path = resultPath(outDir, record.scenario, record.size);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The readable summary of one record: its figures with units and targets, then its notes. */
export function formatRecord(record: ResultRecord): string {
  const lines = [`${record.scenario} (${record.size}): ${record.description}`];
  const width = Math.max(...Object.keys(record.figures).map((k) => k.length), 6);
  for (const [name, figure] of Object.entries(record.figures)) {
    const target = figure.target ? `   target ${figure.target}` : '';
    lines.push(`  ${name.padEnd(width)}  ${formatValue(figure.value)} ${figure.unit}${target}`);
  }
  for (const note of record.notes) lines.push(`  note: ${note}`);
  lines.push(`  load ${record.load.before.join(' ')} -> ${record.load.after.join(' ')}; ${(record.durationMs / 1000).toFixed(1)} s; ${record.date}`);
  return lines.join('\n');
}
