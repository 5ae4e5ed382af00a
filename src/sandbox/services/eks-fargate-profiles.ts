import { arnOf, tagsFor } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { hash32, pick, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { clusterFromInput, clusterPlacement, laterThan, privateSubnets, sumOverClusters, type EksCluster } from './eks-clusters.js';
import { listPage } from './list-clusters.js';
import { indexOfName, requiredString, tagMap } from './lookup.js';
import { serviceRoleArn } from './placement.js';
import { notFound, type Handler, type KindCount, type Output } from './service.js';

/**
 * EKS Fargate profiles. Fargate pods run only in private subnets, so a cluster whose subnets all
 * route to an internet gateway (the default VPC's) has none; elsewhere most clusters have none,
 * some one, a few two or three.
 */
export const FARGATE_PROFILE_KIND = 'eks.fargate_profile';

export const fargateProfileKinds: KindCount[] = [
  {
    kind: FARGATE_PROFILE_KIND,
    scope: 'regional',
    count: (universe, cell) => sumOverClusters(universe, cell, (i) => fargateProfileCount(universe, cell, i)),
  },
];

/** The namespaces a profile selects pods from, and the labels it narrows them with. */
const selectorSets: ReadonlyArray<{ name: string; selectors: Output[] }> = [
  { name: 'default', selectors: [{ namespace: 'default', labels: {} }] },
  { name: 'coredns', selectors: [{ namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }] },
  { name: 'apps', selectors: [{ namespace: 'apps', labels: {} }, { namespace: 'jobs', labels: { compute: 'fargate' } }] },
  { name: 'batch', selectors: [{ namespace: 'batch', labels: {} }] },
];

/** `cluster` by index for the count rule, which then places only the clusters that may have profiles. */
export function fargateProfileCount(universe: Universe, cell: Cell, cluster: EksCluster | number): number {
  const index = typeof cluster === 'number' ? cluster : cluster.index;
  const roll = hash32(universe.seed, cell.accountId, cell.region, FARGATE_PROFILE_KIND, index);
  const bucket = roll % 100;
  if (bucket < 70) return 0;
  const placed = typeof cluster === 'number' ? { placement: clusterPlacement(universe, cell, index) } : cluster;
  if (privateSubnets(universe, cell, placed).length === 0) return 0;
  return bucket < 90 ? 1 : 2 + ((roll >>> 8) % 2);
}

function selectorSetOf(universe: Universe, cell: Cell, cluster: EksCluster, index: number): (typeof selectorSets)[number] {
  return pick(selectorSets, universe.seed, cell.accountId, cell.region, FARGATE_PROFILE_KIND, cluster.index, index, 'selectors');
}

export function fargateProfileNameAt(universe: Universe, cell: Cell, cluster: EksCluster, index: number): string {
  return indexedName(`fp-${selectorSetOf(universe, cell, cluster, index).name}`, index);
}

function fargateProfileAt(universe: Universe, cell: Cell, cluster: EksCluster, index: number): Output {
  const parts = [universe.seed, cell.accountId, cell.region, FARGATE_PROFILE_KIND, cluster.index, index] as const;
  const name = fargateProfileNameAt(universe, cell, cluster, index);
  return {
    fargateProfileName: name,
    fargateProfileArn: arnOf('eks', cell.region, cell.accountId, `fargateprofile/${cluster.name}/${name}/${uuidOf(...parts, 'id')}`),
    clusterName: cluster.name,
    createdAt: laterThan(cluster.created, ...parts, 'created'),
    // The sandbox's IAM has no Fargate pod execution role type; an EKS role of the account stands in so the ARN resolves.
    podExecutionRoleArn: serviceRoleArn(universe, cell.accountId, 'eks-cluster-role', FARGATE_PROFILE_KIND, cell.region, cluster.index, index),
    subnets: privateSubnets(universe, cell, cluster),
    selectors: selectorSetOf(universe, cell, cluster, index).selectors,
    status: 'ACTIVE',
    tags: tagMap(tagsFor(universe, cell, `${FARGATE_PROFILE_KIND}/${cluster.index}`, index)),
    health: { issues: [] },
  };
}

export const fargateProfileHandlers: Record<string, Handler> = {
  ListFargateProfiles(input, ctx) {
    const cluster = clusterFromInput(input, ctx);
    const count = fargateProfileCount(ctx.universe, ctx.cell, cluster);
    return listPage(input, ctx, count, (i) => fargateProfileNameAt(ctx.universe, ctx.cell, cluster, i));
  },

  DescribeFargateProfile(input, ctx) {
    const cluster = clusterFromInput(input, ctx);
    const name = requiredString(input, 'fargateProfileName', 'InvalidParameterException');
    const count = fargateProfileCount(ctx.universe, ctx.cell, cluster);
    const index = indexOfName(name, count, (i) => fargateProfileNameAt(ctx.universe, ctx.cell, cluster, i));
    if (index === undefined) throw notFound('ResourceNotFoundException', `No Fargate Profile found with name: ${name}.`);
    return { fargateProfile: fargateProfileAt(ctx.universe, ctx.cell, cluster, index) };
  },
};
