/**
 * One benchmark scenario of issue 5. A scenario runs at a named size: `tiny` is the smoke run
 * `npm test` makes (seconds; its figures mean nothing), `full` is the size docs/BENCHMARKS.md
 * reports. Scenarios measure; they never assert timings.
 */
export type Size = 'tiny' | 'small' | 'full';

export interface ScenarioContext {
  size: Size;
  /** A scratch directory, removed after the run. */
  dir: string;
  log(message: string): void;
}

/** A figure with its unit, so the report can print it without knowing the scenario. */
export interface Figure {
  value: number;
  unit: string;
  /** What a user should compare it with (a target of issue 5, or the baseline measured beside it). */
  target?: string;
}

export interface ScenarioResult {
  scenario: string;
  size: Size;
  /** What was run, exactly: sizes, flags, config. */
  parameters: Record<string, unknown>;
  figures: Record<string, Figure>;
  /** Where a target was missed: why, and what would reach it. */
  notes: string[];
}

export interface Scenario {
  name: string;
  description: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}
