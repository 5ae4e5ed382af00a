/**
 * The benchmark runner of issue 5:
 *
 *   npm run bench -- <scenario|all> [--size tiny|small|full] [--out DIR]
 *
 * Runs the named scenario (or every registered one, in order), prints a readable summary and
 * writes one JSON per run to DIR (bench/results by default): <scenario>.json for the full size,
 * <scenario>-<size>.json for the others, so a quick run never overwrites the reported figures.
 * Exit codes: 0 done, 1 a scenario failed, 2 bad usage (unknown scenario or size).
 */
import { inRepo } from './lib/paths.js';
import { formatRecord, parseBenchArgs, runScenario, sizes, writeRecord } from './lib/runner.js';
import type { Scenario, Size } from './lib/scenario.js';
import { scenarios } from './scenarios/index.js';

function usage(): string {
  const names = scenarios.map((s) => `  ${s.name.padEnd(18)} ${s.description}`).join('\n');
  return `usage: npm run bench -- <scenario|all> [--size ${sizes.join('|')}] [--out DIR]\n\nscenarios:\n${names}\n`;
}

async function runAll(chosen: readonly Scenario[], size: Size, outDir: string, command: string): Promise<number> {
  let code = 0;
  for (const scenario of chosen) {
    process.stderr.write(`bench: ${scenario.name} at size ${size}\n`);
    try {
      const record = await runScenario(scenario, size, { command, log: (line) => process.stderr.write(`${line}\n`) });
      const path = writeRecord(outDir, record);
      process.stdout.write(`${formatRecord(record)}\n  written to ${path}\n\n`);
    } catch (err) {
      process.stderr.write(`bench: ${scenario.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      code = 1;
    }
  }
  return code;
}

async function main(argv: string[]): Promise<number> {
  const command = parseBenchArgs(argv, scenarios.map((s) => s.name));
  if (typeof command === 'string') {
    process.stderr.write(`bench: ${command}\n\n${usage()}`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(usage());
    return 0;
  }
  const chosen = scenarios.filter((s) => command.scenarios.includes(s.name));
  return runAll(chosen, command.size, command.out ?? inRepo('bench', 'results'), `npm run bench -- ${argv.join(' ')}`);
}

process.exitCode = await main(process.argv.slice(2));
