import { arnOf, tagsFor } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { hash32, pick, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { clusterFromInput, laterThan, sumOverClusters, type EksCluster } from './eks-clusters.js';
import { listPage } from './list-clusters.js';
import { indexOfName, requiredString, tagMap } from './lookup.js';
import { serviceRoleArn } from './placement.js';
import { notFound, type Handler, type KindCount, type Output } from './service.js';

/**
 * EKS managed node groups. Most clusters have one or two, some none (Fargate-only or self-managed
 * nodes), a few up to eight. Node groups run in the cluster's subnets with an `ec2-role` instance
 * role of the account, so subnets and node roles resolve in EC2 and IAM.
 */
export const NODEGROUP_KIND = 'eks.node_group';

export const nodegroupKinds: KindCount[] = [
  { kind: NODEGROUP_KIND, scope: 'regional', count: (universe, cell) => sumOverClusters(universe, cell, (i) => nodegroupCount(universe, cell, i)) },
];

/** What a node group is for decides its instance types, AMI, capacity type, labels and taints. */
const purposes: ReadonlyArray<{ name: string; types: string[]; ami: string; spot?: boolean; taint?: boolean }> = [
  { name: 'general', types: ['m5.large'], ami: 'AL2_x86_64' },
  { name: 'system', types: ['t3.medium'], ami: 'AL2_x86_64', taint: true },
  { name: 'spot', types: ['m5.large', 'm5a.large', 'm6i.large'], ami: 'AL2_x86_64', spot: true },
  { name: 'compute', types: ['c5.2xlarge'], ami: 'AL2_x86_64' },
  { name: 'arm', types: ['m6g.large'], ami: 'AL2_ARM_64' },
  { name: 'gpu', types: ['g4dn.xlarge'], ami: 'AL2_x86_64_GPU', taint: true },
];

export function nodegroupCount(universe: Universe, cell: Cell, cluster: number): number {
  const roll = hash32(universe.seed, cell.accountId, cell.region, NODEGROUP_KIND, cluster);
  const bucket = roll % 100;
  if (bucket < 15) return 0;
  if (bucket < 55) return 1;
  if (bucket < 85) return 2;
  if (bucket < 95) return 3;
  return 4 + ((roll >>> 8) % 5);
}

function purposeOf(universe: Universe, cell: Cell, cluster: EksCluster, index: number): (typeof purposes)[number] {
  // The first node group of a cluster is its general-purpose one, as clusters usually start.
  if (index === 0) return purposes[0] as (typeof purposes)[number];
  return pick(purposes, universe.seed, cell.accountId, cell.region, NODEGROUP_KIND, cluster.index, index, 'purpose');
}

export function nodegroupNameAt(universe: Universe, cell: Cell, cluster: EksCluster, index: number): string {
  return indexedName(`ng-${purposeOf(universe, cell, cluster, index).name}`, index);
}

function nodegroupAt(universe: Universe, cell: Cell, cluster: EksCluster, index: number): Output {
  const { seed } = universe;
  const parts = [seed, cell.accountId, cell.region, NODEGROUP_KIND, cluster.index, index] as const;
  const roll = hash32(...parts, 'traits');
  const purpose = purposeOf(universe, cell, cluster, index);
  const name = nodegroupNameAt(universe, cell, cluster, index);
  const id = uuidOf(...parts, 'id');
  const created = laterThan(cluster.created, ...parts, 'created');
  const min = purpose.name === 'system' ? 2 : roll % 3;
  const desired = min + ((roll >>> 4) % 4);
  const patch = (roll >>> 8) % 10;
  const release = `${cluster.release.version}.${patch}-202312${String(1 + ((roll >>> 12) % 28)).padStart(2, '0')}`;
  return {
    nodegroupName: name,
    nodegroupArn: arnOf('eks', cell.region, cell.accountId, `nodegroup/${cluster.name}/${name}/${id}`),
    clusterName: cluster.name,
    version: cluster.release.version,
    releaseVersion: release,
    createdAt: created,
    modifiedAt: laterThan(created, ...parts, 'modified'),
    status: 'ACTIVE',
    capacityType: purpose.spot ? 'SPOT' : 'ON_DEMAND',
    scalingConfig: { minSize: min, maxSize: desired + 2 + ((roll >>> 16) % 8), desiredSize: desired },
    instanceTypes: purpose.types,
    subnets: cluster.placement?.subnets.map((s) => s.subnetId) ?? [],
    amiType: purpose.ami,
    nodeRole: serviceRoleArn(universe, cell.accountId, 'ec2-role', NODEGROUP_KIND, cell.region, cluster.index, index),
    labels: { role: purpose.name },
    ...(purpose.taint ? { taints: [{ key: 'dedicated', value: purpose.name, effect: 'NO_SCHEDULE' }] } : {}),
    resources: { autoScalingGroups: [{ name: `eks-${name}-${id}` }] },
    diskSize: 20,
    health: { issues: [] },
    updateConfig: { maxUnavailable: 1 },
    tags: tagMap(tagsFor(universe, cell, `${NODEGROUP_KIND}/${cluster.index}`, index)),
  };
}

export const nodegroupHandlers: Record<string, Handler> = {
  ListNodegroups(input, ctx) {
    const cluster = clusterFromInput(input, ctx);
    const count = nodegroupCount(ctx.universe, ctx.cell, cluster.index);
    return listPage(input, ctx, count, (i) => nodegroupNameAt(ctx.universe, ctx.cell, cluster, i));
  },

  DescribeNodegroup(input, ctx) {
    const cluster = clusterFromInput(input, ctx);
    const name = requiredString(input, 'nodegroupName', 'InvalidParameterException');
    const count = nodegroupCount(ctx.universe, ctx.cell, cluster.index);
    const index = indexOfName(name, count, (i) => nodegroupNameAt(ctx.universe, ctx.cell, cluster, i));
    if (index === undefined) throw notFound('ResourceNotFoundException', `No node group found for name: ${name}.`);
    return { nodegroup: nodegroupAt(ctx.universe, ctx.cell, cluster, index) };
  },
};
