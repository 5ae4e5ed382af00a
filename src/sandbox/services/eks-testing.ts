import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { eksService } from './eks.js';
import type { Input, Output } from './service.js';
import { collectPages } from './test-paging.js';
import { testContext } from './testing.js';

/**
 * For the EKS unit tests: call a handler in a cell, follow every page of a list operation, and
 * read every cluster of a cell. Kept out of *.test.ts so the suites share it.
 */
export async function eksCall(universe: Universe, cell: Cell, operation: string, input: Input = {}): Promise<Output> {
  const handler = eksService.handlers[operation];
  if (!handler) throw new Error(`no EKS handler ${operation}`);
  return handler(input, testContext(universe, 'eks', operation, cell));
}

export async function eksAll(universe: Universe, cell: Cell, operation: string, input: Input = {}): Promise<{ items: string[]; pageSizes: number[] }> {
  const result = await collectPages(eksService.handlers[operation], testContext(universe, 'eks', operation, cell), input);
  return { items: result.items as string[], pageSizes: result.pageSizes };
}

export interface EksClusterOutput {
  name: string;
  arn: string;
  version: string;
  createdAt: Date;
  resourcesVpcConfig: { subnetIds: string[]; vpcId?: string };
}

export async function eksClusters(universe: Universe, cell: Cell): Promise<EksClusterOutput[]> {
  const names = (await eksAll(universe, cell, 'ListClusters')).items;
  return Promise.all(names.map(async (name) => (await eksCall(universe, cell, 'DescribeCluster', { name })).cluster as EksClusterOutput));
}
