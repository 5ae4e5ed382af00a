import type { Scenario } from '../lib/scenario.js';
import { baseline } from './baseline.js';
import { cpuPerResource } from './cpu-per-resource.js';
import { lowerBound } from './lower-bound.js';
import { memory } from './memory.js';
import { postgresWrite } from './postgres-write.js';
import { startup } from './startup.js';

/**
 * Every benchmark scenario, in issue 5's order; `npm run bench -- all` runs them so and
 * bench/bench.test.ts smoke-runs each at tiny size. Add a scenario with one import and one line.
 */
export const scenarios: readonly Scenario[] = [
  lowerBound,
  cpuPerResource,
  memory,
  postgresWrite,
  startup,
  baseline,
];
