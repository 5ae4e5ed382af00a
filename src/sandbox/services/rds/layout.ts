import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';

export const INSTANCE_KIND = 'rds.db_instance';
export const CLUSTER_KIND = 'rds.db_cluster';

/**
 * How a cell's DB instances are numbered. The scale gives `standalone` instances and `clusters`
 * Aurora clusters; on top of the standalone instances every cluster has a writer, and every
 * even-numbered cluster also a reader. Instance indexes 0..standalone-1 are the standalone ones;
 * after them come the cluster members, in cluster order (writer, then reader), three per pair of
 * clusters. Both directions are arithmetic, so counts and lookups are O(1).
 */
export interface RdsLayout {
  standalone: number;
  clusters: number;
  /** Every instance DescribeDBInstances returns: standalone ones plus cluster members. */
  instances: number;
}

type InstanceSlot = { kind: 'standalone'; index: number } | { kind: 'member'; cluster: number; member: number };

export function rdsLayout(universe: Universe, cell: Cell): RdsLayout {
  const standalone = universe.allocated(cell, INSTANCE_KIND);
  const clusters = universe.allocated(cell, CLUSTER_KIND);
  return { standalone, clusters, instances: standalone + clusters + Math.ceil(clusters / 2) };
}

export function memberCount(cluster: number): number {
  return cluster % 2 === 0 ? 2 : 1;
}

export function slotOf(layout: RdsLayout, index: number): InstanceSlot {
  if (index < layout.standalone) return { kind: 'standalone', index };
  const offset = index - layout.standalone;
  const pair = Math.floor(offset / 3);
  const position = offset % 3;
  return position < 2 ? { kind: 'member', cluster: 2 * pair, member: position } : { kind: 'member', cluster: 2 * pair + 1, member: 0 };
}

export function memberIndex(layout: RdsLayout, cluster: number, member: number): number {
  return layout.standalone + 3 * Math.floor(cluster / 2) + (cluster % 2 === 0 ? member : 2);
}
