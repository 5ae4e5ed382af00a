import { arnOf, createdAt, environmentOf, teams } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { EPOCH } from '../data/org.js';
import { hash32, pick } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { indexOfId, layoutOf, subnetIsPublic } from './ec2/layout.js';
import { indexOfName, requiredString } from './lookup.js';
import { placementFor, type Placement } from './placement.js';
import { notFound, type Input, type RequestContext } from './service.js';

/**
 * What every EKS handler needs to know about a cluster: its name, Kubernetes release, creation
 * time and placement. Node groups, Fargate profiles and add-ons are derived from these, so they
 * name the cluster's version and its VPC's subnets.
 */
export const CLUSTER_KIND = 'eks.cluster';

/** Kubernetes versions in use and the EKS platform version each is at; the oldest are in extended support. */
export const versions: ReadonlyArray<{ version: string; platform: string; extended: boolean }> = [
  { version: '1.27', platform: 'eks.24', extended: true },
  { version: '1.28', platform: 'eks.20', extended: true },
  { version: '1.29', platform: 'eks.16', extended: false },
  { version: '1.30', platform: 'eks.12', extended: false },
  { version: '1.31', platform: 'eks.6', extended: false },
];

const shortEnvironment: Record<string, string> = { production: 'prod', staging: 'stg', development: 'dev' };

export function clusterCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, CLUSTER_KIND);
}

export function clusterNameAt(universe: Universe, cell: Cell, index: number): string {
  const team = pick(teams, universe.seed, cell.accountId, CLUSTER_KIND, index, 'team');
  const environment = environmentOf(universe, cell.accountId);
  return indexedName(`${team}-${shortEnvironment[environment] ?? environment}`, index);
}

export interface EksCluster {
  index: number;
  name: string;
  arn: string;
  created: Date;
  release: (typeof versions)[number];
  placement: Placement | undefined;
}

export function eksClusterAt(universe: Universe, cell: Cell, index: number): EksCluster {
  const name = clusterNameAt(universe, cell, index);
  return {
    index,
    name,
    arn: arnOf('eks', cell.region, cell.accountId, `cluster/${name}`),
    created: createdAt(universe.seed, cell, CLUSTER_KIND, index),
    release: pick(versions, universe.seed, cell.accountId, CLUSTER_KIND, index, 'version'),
    placement: clusterPlacement(universe, cell, index),
  };
}

/** The cluster's subnets that have no route to an internet gateway: the only ones Fargate pods may use. */
export function privateSubnets(universe: Universe, cell: Cell, cluster: Pick<EksCluster, 'placement'>): string[] {
  const layout = layoutOf(universe, cell);
  return (cluster.placement?.subnets ?? [])
    .map((s) => s.subnetId)
    .filter((id) => {
      const subnet = indexOfId(layout, 'subnet', id, layout.subnets);
      return subnet !== undefined && !subnetIsPublic(layout, subnet);
    });
}

/** The cluster's placement alone, for count rules that need its subnets but not the rest. */
export function clusterPlacement(universe: Universe, cell: Cell, index: number): Placement | undefined {
  return placementFor(universe, cell, CLUSTER_KIND, index);
}

/** A per-cluster sum over the cell's clusters by index: O(clusters), as child counts may be. */
export function sumOverClusters(universe: Universe, cell: Cell, of: (index: number) => number): number {
  let total = 0;
  const clusters = clusterCount(universe, cell);
  for (let i = 0; i < clusters; i++) total += of(i);
  return total;
}

export function indexOfCluster(universe: Universe, cell: Cell, name: string): number | undefined {
  return indexOfName(name, clusterCount(universe, cell), (i) => clusterNameAt(universe, cell, i));
}

/** The cluster a request names in `member` (`name` or `clusterName`), or EKS's ResourceNotFoundException. */
export function clusterFromInput(input: Input, ctx: RequestContext, member = 'clusterName'): EksCluster {
  const name = requiredString(input, member, 'InvalidParameterException');
  const index = indexOfCluster(ctx.universe, ctx.cell, name);
  if (index === undefined) throw notFound('ResourceNotFoundException', `No cluster found for name: ${name}.`);
  return eksClusterAt(ctx.universe, ctx.cell, index);
}

/** A time after `from` and before the sandbox's epoch, for when a child was created or last changed. */
export function laterThan(from: Date, ...parts: ReadonlyArray<string | number>): Date {
  const start = from.getTime();
  return new Date(start + (hash32(...parts) % Math.max(1, EPOCH - start)));
}
