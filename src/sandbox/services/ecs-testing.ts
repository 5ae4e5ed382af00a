import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { ecsService } from './ecs.js';
import type { Input, Output } from './service.js';
import { collectPages } from './test-paging.js';
import { testContext } from './testing.js';

/**
 * For the ECS unit tests: call a handler in a cell, follow every page of a list operation, and
 * read the clusters with their statistics, whose counts the child operations must reproduce.
 * Kept out of *.test.ts so the suites share it.
 */
export async function ecsCall(universe: Universe, cell: Cell, operation: string, input: Input = {}): Promise<Output> {
  const handler = ecsService.handlers[operation];
  if (!handler) throw new Error(`no ECS handler ${operation}`);
  return handler(input, testContext(universe, 'ecs', operation, cell));
}

export async function ecsAll(universe: Universe, cell: Cell, operation: string, input: Input = {}): Promise<{ items: string[]; pageSizes: number[] }> {
  const result = await collectPages(ecsService.handlers[operation], testContext(universe, 'ecs', operation, cell), input);
  return { items: result.items as string[], pageSizes: result.pageSizes };
}

export interface ClusterStats {
  clusterArn: string;
  clusterName: string;
  activeServicesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  registeredContainerInstancesCount: number;
}

export async function ecsClusters(universe: Universe, cell: Cell): Promise<ClusterStats[]> {
  const arns = (await ecsAll(universe, cell, 'ListClusters')).items;
  const clusters: ClusterStats[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const out = await ecsCall(universe, cell, 'DescribeClusters', { clusters: arns.slice(i, i + 100) });
    clusters.push(...(out.clusters as ClusterStats[]));
  }
  return clusters;
}

/** Describes references in batches of `size`, as the tables do; returns what was described. */
export async function describeAll<T>(
  universe: Universe,
  cell: Cell,
  operation: string,
  member: string,
  resultKey: string,
  cluster: string,
  references: readonly string[],
  size: number,
  extra: Input = {},
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < references.length; i += size) {
    const out = await ecsCall(universe, cell, operation, { cluster, [member]: references.slice(i, i + size), ...extra });
    if ((out.failures as unknown[]).length > 0) throw new Error(`${operation}: ${JSON.stringify(out.failures)}`);
    found.push(...(out[resultKey] as T[]));
  }
  return found;
}
