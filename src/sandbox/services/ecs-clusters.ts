import { apps, arnOf, environmentOf, teams } from '../data/common.js';
import { hexId, indexedName, parseHexId, type Cell } from '../data/ids.js';
import { hash32, pick } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { indexOfName, nameFromArnOrName, parseArn, stringList } from './lookup.js';
import { SandboxError, type Input, type Output, type RequestContext } from './service.js';

/**
 * What every ECS handler needs to know about a cluster: its name and ARN, and how many services,
 * tasks and container instances it holds. DescribeClusters reports these counts and the List and
 * Describe calls of the cluster's children produce exactly them, so both sides always agree.
 */
export const CLUSTER_KIND = 'ecs.cluster';

export function clusterCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, CLUSTER_KIND);
}

export function clusterNameAt(universe: Universe, cell: Cell, index: number): string {
  const seed = universe.seed;
  const team = pick(teams, seed, cell.accountId, CLUSTER_KIND, index, 'team');
  const app = pick(apps, seed, cell.accountId, CLUSTER_KIND, index, 'app');
  const env = environmentOf(universe, cell.accountId);
  return indexedName(`${team}-${app}-${env}`, index);
}

export function clusterArnAt(universe: Universe, cell: Cell, index: number): string {
  return arnOf('ecs', cell.region, cell.accountId, `cluster/${clusterNameAt(universe, cell, index)}`);
}

export interface EcsCluster extends ClusterCounts {
  index: number;
  name: string;
  arn: string;
}

/** How much a cluster holds: what the count rules need, without building its name. */
export interface ClusterCounts {
  /** Fargate-only clusters register no container instances; older EC2 clusters run everything on instances. */
  fargateOnly: boolean;
  services: number;
  /** Every service runs this many tasks; running tasks = services x tasksPerService. */
  tasksPerService: number;
  /** 0 or 1 task still starting (service 0's, or a standalone task when there is no service). */
  pending: number;
  instances: number;
}

export function clusterCountsAt(universe: Universe, cell: Cell, index: number): ClusterCounts {
  const roll = hash32(universe.seed, cell.accountId, cell.region, CLUSTER_KIND, index, 'counts');
  const fargateOnly = roll % 3 !== 0;
  return {
    fargateOnly,
    services: (roll >>> 4) % 12,
    tasksPerService: 1 + ((roll >>> 8) % 4),
    pending: (roll >>> 12) % 5 === 0 ? 1 : 0,
    instances: fargateOnly ? 0 : 1 + ((roll >>> 16) % 20),
  };
}

export function clusterAt(universe: Universe, cell: Cell, index: number): EcsCluster {
  const name = clusterNameAt(universe, cell, index);
  return { index, name, arn: arnOf('ecs', cell.region, cell.accountId, `cluster/${name}`), ...clusterCountsAt(universe, cell, index) };
}

export function runningTasks(cluster: ClusterCounts): number {
  return cluster.services * cluster.tasksPerService;
}

/** Every task ListTasks returns by default (desired status RUNNING), pending ones included. */
export function listedTasks(cluster: ClusterCounts): number {
  return runningTasks(cluster) + cluster.pending;
}

/** A per-cluster sum over the cell's clusters: O(clusters), as child counts may be. */
export function sumOverClusters(universe: Universe, cell: Cell, of: (cluster: ClusterCounts) => number, below?: number): number {
  let total = 0;
  const clusters = below ?? clusterCount(universe, cell);
  for (let i = 0; i < clusters; i++) total += of(clusterCountsAt(universe, cell, i));
  return total;
}

export function indexOfCluster(universe: Universe, cell: Cell, reference: string): number | undefined {
  const name = nameFromArnOrName(reference, cell, 'ecs', 'cluster');
  if (name === undefined) return undefined;
  return indexOfName(name, clusterCount(universe, cell), (i) => clusterNameAt(universe, cell, i));
}

/**
 * The cluster a child operation names in `cluster` (name or ARN). Without one ECS uses the
 * account's `default` cluster, which the sandbox never creates, so both answer ClusterNotFoundException.
 */
export function clusterFromInput(input: Input, ctx: RequestContext): EcsCluster {
  const reference = typeof input.cluster === 'string' && input.cluster !== '' ? input.cluster : 'default';
  const index = indexOfCluster(ctx.universe, ctx.cell, reference);
  if (index === undefined) throw new SandboxError('ClusterNotFoundException', 'Cluster not found.');
  return clusterAt(ctx.universe, ctx.cell, index);
}

/** The 32 hex digits of a task or container instance id; the last 8 encode its index in the cluster. */
export function childId(universe: Universe, cell: Cell, kind: string, cluster: EcsCluster, index: number): string {
  return hexId('x', universe.seed, cell, `${kind}/${cluster.index}`, index, 32).slice(2);
}

/**
 * The index a task or container instance reference (its ARN or bare id) names in the cluster, or
 * undefined. ARNs must name this cell, the resource type and the cluster; the id must decode.
 */
export function indexOfChild(
  universe: Universe,
  cell: Cell,
  kind: string,
  resourceType: string,
  cluster: EcsCluster,
  reference: string,
  count: number,
): number | undefined {
  let id = reference;
  if (reference.startsWith('arn:')) {
    const arn = parseArn(reference);
    if (!arn || arn.service !== 'ecs' || arn.accountId !== cell.accountId || arn.region !== cell.region) return undefined;
    const [type, clusterName, last] = arn.resource.split('/');
    if (type !== resourceType || clusterName !== cluster.name || last === undefined) return undefined;
    id = last;
  }
  const index = parseHexId(`x-${id}`, 'x', universe.seed, cell, `${kind}/${cluster.index}`, 32);
  return index !== undefined && index < count ? index : undefined;
}

/** The `include` values a Describe call accepts; any other is InvalidParameterException. */
export function includeSet(input: Input, allowed: readonly string[]): Set<string> {
  const include = stringList(input, 'include');
  const unknown = include.find((value) => !allowed.includes(value));
  if (unknown !== undefined) throw new SandboxError('InvalidParameterException', `Invalid include value: ${unknown}`);
  return new Set(include);
}

/**
 * A batched Describe as ECS answers it: at most `max` references (none is an error too), each
 * described or reported under `failures` with reason MISSING and the full ARN it would have.
 */
export function describeBatch(
  input: Input,
  member: string,
  max: number,
  find: (reference: string) => Output | undefined,
  arnOfMissing: (reference: string) => string,
): { found: Output[]; failures: Output[] } {
  const references = stringList(input, member);
  if (references.length === 0) throw new SandboxError('InvalidParameterException', `${member} can not be empty.`);
  if (references.length > max) {
    throw new SandboxError('InvalidParameterException', `The number of ${member} requested must be ${max} or fewer.`);
  }
  const found: Output[] = [];
  const failures: Output[] = [];
  for (const reference of references) {
    const item = find(reference);
    if (item) found.push(item);
    else failures.push({ arn: reference.startsWith('arn:') ? reference : arnOfMissing(reference), reason: 'MISSING' });
  }
  return { found, failures };
}
