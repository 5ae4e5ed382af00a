import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inRepo, repoRoot, tsxNodeArgs } from './lib/paths.js';
import { parseBenchArgs, runScenario, writeRecord } from './lib/runner.js';
import { scenarios } from './scenarios/index.js';

/**
 * A tiny-size smoke run of every registered scenario, so none can rot. Tiny figures mean nothing:
 * only that each scenario completes and reports finite numbers with units is checked, never a timing.
 */
describe('benchmark scenarios at tiny size', () => {
  const out = mkdtempSync(join(tmpdir(), 'canopy-bench-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('registers each scenario once, by a kebab-case name', () => {
    const names = scenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  for (const scenario of scenarios) {
    it(`${scenario.name} completes and reports finite figures with units`, { timeout: 180_000 }, async () => {
      const record = await runScenario(scenario, 'tiny', { command: 'vitest bench/bench.test.ts (tiny smoke run)' });
      expect(record.scenario).toBe(scenario.name);
      expect(record.size).toBe('tiny');
      const figures = Object.entries(record.figures);
      expect(figures.length).toBeGreaterThan(0);
      for (const [name, figure] of figures) {
        expect(Number.isFinite(figure.value), `${scenario.name}.${name} = ${figure.value}`).toBe(true);
        expect(figure.unit.trim(), `${scenario.name}.${name} has a unit`).not.toBe('');
      }
      // The memory scenario measures canopy as `canopy sync` runs it: with the CLI's heap policy.
      if (scenario.name === 'memory') expect(String(record.parameters.heap)).toMatch(/--heap-growing-percent=\d+/);
      const written = JSON.parse(readFileSync(writeRecord(out, record), 'utf8')) as { machine: { cores: number }; command: string };
      expect(written.machine.cores).toBeGreaterThan(0);
      expect(written.command).toContain('tiny');
    });
  }

  it('reads the command line, refusing an unknown scenario or size', () => {
    const known = ['memory', 'startup'];
    expect(parseBenchArgs(['memory'], known)).toEqual({ scenarios: ['memory'], size: 'full', out: undefined, help: false });
    expect(parseBenchArgs(['all', '--size', 'tiny', '--out', '/tmp/x'], known)).toEqual({ scenarios: known, size: 'tiny', out: '/tmp/x', help: false });
    expect(parseBenchArgs(['nope'], known)).toMatch(/unknown scenario nope/);
    expect(parseBenchArgs(['memory', '--size', 'huge'], known)).toMatch(/unknown size huge/);
    expect(parseBenchArgs([], known)).toMatch(/name a scenario/);
  });

  it('exits 2 on bad usage', { timeout: 60_000 }, () => {
    const run = spawnSync(process.execPath, [...tsxNodeArgs(), inRepo('bench', 'run.ts'), 'no-such-scenario'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/unknown scenario no-such-scenario/);
  });
});
