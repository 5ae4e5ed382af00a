import { arnOf, tagsFor } from '../data/common.js';
import type { Cell } from '../data/ids.js';
import { hash32, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { clusterFromInput, laterThan, sumOverClusters, type EksCluster } from './eks-clusters.js';
import { listPage } from './list-clusters.js';
import { requiredString, tagMap } from './lookup.js';
import { notFound, type Handler, type KindCount, type Output } from './service.js';

/**
 * EKS add-ons. A cluster installs them in this order: the three networking add-ons every cluster
 * needs, then storage, pod identity and observability. One cluster in ten manages its add-ons
 * itself and has none; the rest have three to six. Add-on i of a cluster is catalog entry i.
 */
export const ADDON_KIND = 'eks.addon';

export const addonKinds: KindCount[] = [
  { kind: ADDON_KIND, scope: 'regional', count: (universe, cell) => sumOverClusters(universe, cell, (i) => addonCount(universe, cell, i)) },
];

/** EKS's own add-ons with a version that runs on every Kubernetes release the sandbox uses. */
const catalog: ReadonlyArray<{ name: string; version: string }> = [
  { name: 'vpc-cni', version: 'v1.18.3-eksbuild.1' },
  { name: 'coredns', version: 'v1.11.1-eksbuild.9' },
  { name: 'kube-proxy', version: 'v1.29.3-eksbuild.2' },
  { name: 'aws-ebs-csi-driver', version: 'v1.31.0-eksbuild.1' },
  { name: 'eks-pod-identity-agent', version: 'v1.3.0-eksbuild.1' },
  { name: 'amazon-cloudwatch-observability', version: 'v1.7.0-eksbuild.1' },
];

export function addonCount(universe: Universe, cell: Cell, cluster: number): number {
  const roll = hash32(universe.seed, cell.accountId, cell.region, ADDON_KIND, cluster);
  return roll % 10 === 0 ? 0 : Math.min(catalog.length, 3 + ((roll >>> 8) % 4));
}

function addonAt(universe: Universe, cell: Cell, cluster: EksCluster, index: number): Output {
  const entry = catalog[index] as (typeof catalog)[number];
  const parts = [universe.seed, cell.accountId, cell.region, ADDON_KIND, cluster.index, index] as const;
  const created = laterThan(cluster.created, ...parts, 'created');
  return {
    addonName: entry.name,
    clusterName: cluster.name,
    status: 'ACTIVE',
    addonVersion: entry.version,
    health: { issues: [] },
    addonArn: arnOf('eks', cell.region, cell.accountId, `addon/${cluster.name}/${entry.name}/${uuidOf(...parts, 'id')}`),
    createdAt: created,
    modifiedAt: laterThan(created, ...parts, 'modified'),
    tags: tagMap(tagsFor(universe, cell, `${ADDON_KIND}/${cluster.index}`, index)),
    podIdentityAssociations: [],
  };
}

export const addonHandlers: Record<string, Handler> = {
  ListAddons(input, ctx) {
    const cluster = clusterFromInput(input, ctx);
    return listPage(input, ctx, addonCount(ctx.universe, ctx.cell, cluster.index), (i) => catalog[i]?.name);
  },

  DescribeAddon(input, ctx) {
    const cluster = clusterFromInput(input, ctx);
    const name = requiredString(input, 'addonName', 'InvalidParameterException');
    const index = catalog.findIndex((entry) => entry.name === name);
    if (index < 0 || index >= addonCount(ctx.universe, ctx.cell, cluster.index)) {
      throw notFound('ResourceNotFoundException', `No addon: ${name} found in cluster: ${cluster.name}`);
    }
    return { addon: addonAt(ctx.universe, ctx.cell, cluster, index) };
  },
};
