import { arnOf, tagsFor } from '../data/common.js';
import type { Cell } from '../data/ids.js';
import { hash32, hexOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { countCongruent, layoutOf, zoneName } from './ec2/layout.js';
import { instanceFacts } from './ec2/instance-facts.js';
import {
  childId,
  clusterFromInput,
  describeBatch,
  includeSet,
  indexOfChild,
  runningTasks,
  sumOverClusters,
  type EcsCluster,
} from './ecs-clusters.js';
import { listPage } from './list-clusters.js';
import { renameTags } from './lookup.js';
import type { Handler, KindCount, Output } from './service.js';

/**
 * Container instances of EC2 clusters. The cell's container instances, numbered across its
 * clusters in cluster order, are its EC2 instances taken from the last one down, so each EC2
 * instance hosts at most one container instance and every ec2InstanceId resolves in EC2. A cell
 * with more container instances than EC2 instances registers the rest as ECS Anywhere (mi-) hosts.
 * Task t of a cluster runs on instance t mod instances, which fixes each instance's task counts.
 */
export const CONTAINER_INSTANCE_KIND = 'ecs.container_instance';

export const containerInstanceKinds: KindCount[] = [
  { kind: CONTAINER_INSTANCE_KIND, scope: 'regional', count: (universe, cell) => sumOverClusters(universe, cell, (c) => c.instances) },
];

/** The resources an m5.xlarge registers (CPU units, MiB) and the ports the agent reserves. */
const CPU_UNITS = 4096;
const MEMORY_MIB = 15_722;
const TASK_CPU = 256;
const TASK_MEMORY = 512;
const reservedPorts = ['22', '2375', '2376', '51678', '51679'];

export function containerInstanceArn(cell: Cell, cluster: EcsCluster, id: string): string {
  return arnOf('ecs', cell.region, cell.accountId, `container-instance/${cluster.name}/${id}`);
}

export function containerInstanceArnAt(universe: Universe, cell: Cell, cluster: EcsCluster, index: number): string {
  return containerInstanceArn(cell, cluster, childId(universe, cell, CONTAINER_INSTANCE_KIND, cluster, index));
}

/** How many container instances the clusters before this one hold: where its numbering starts in the cell. */
function firstOrdinal(universe: Universe, cell: Cell, cluster: EcsCluster): number {
  return sumOverClusters(universe, cell, (c) => c.instances, cluster.index);
}

export interface ContainerHost {
  ec2InstanceId: string;
  zone: string;
  registeredAt: Date;
  connected: boolean;
}

/** The host behind container instance `index` of the cluster, given where the cluster's numbering starts. */
export function hostOf(universe: Universe, cell: Cell, cluster: EcsCluster, index: number, first: number): ContainerHost {
  const layout = layoutOf(universe, cell);
  const ordinal = first + index;
  if (ordinal < layout.instances) {
    const facts = instanceFacts(layout, layout.instances - 1 - ordinal);
    return {
      ec2InstanceId: facts.id,
      zone: zoneName(layout, facts.zone),
      // The agent registers a minute or two after the instance boots.
      registeredAt: new Date(facts.launchTime.getTime() + 90_000),
      connected: facts.state === 'running',
    };
  }
  const roll = hash32(universe.seed, cell.accountId, cell.region, CONTAINER_INSTANCE_KIND, ordinal);
  return {
    ec2InstanceId: `mi-${hexOf(17, universe.seed, cell.accountId, cell.region, CONTAINER_INSTANCE_KIND, ordinal)}`,
    zone: zoneName(layout, roll % 3),
    registeredAt: new Date(Date.UTC(2023, 0, 1) + (roll % (300 * 86_400)) * 1000),
    connected: true,
  };
}

/** The host of the instance a cluster's task runs on, for the task's zone. */
export function taskHost(universe: Universe, cell: Cell, cluster: EcsCluster, task: number): ContainerHost {
  return hostOf(universe, cell, cluster, task % cluster.instances, firstOrdinal(universe, cell, cluster));
}

function resources(cpu: number, memory: number): Output[] {
  return [
    { name: 'CPU', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: cpu },
    { name: 'MEMORY', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: memory },
    { name: 'PORTS', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: reservedPorts },
    { name: 'PORTS_UDP', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: [] },
  ];
}

function containerInstanceAt(universe: Universe, cell: Cell, cluster: EcsCluster, index: number, first: number, include: ReadonlySet<string>): Output {
  const host = hostOf(universe, cell, cluster, index, first);
  const running = countCongruent(runningTasks(cluster), index, cluster.instances);
  const pending = cluster.pending > 0 && runningTasks(cluster) % cluster.instances === index ? 1 : 0;
  const busy = running + pending;
  const roll = hash32(universe.seed, cell.accountId, cell.region, CONTAINER_INSTANCE_KIND, cluster.index, index);
  const external = host.ec2InstanceId.startsWith('mi-');
  const out: Output = {
    containerInstanceArn: containerInstanceArnAt(universe, cell, cluster, index),
    ec2InstanceId: host.ec2InstanceId,
    version: 10 + (roll % 40),
    versionInfo: {
      agentVersion: `1.${80 + (roll % 6)}.${(roll >>> 4) % 4}`,
      agentHash: hexOf(8, universe.seed, CONTAINER_INSTANCE_KIND, roll % 6),
      dockerVersion: 'DockerVersion: 20.10.25',
    },
    // Tasks beyond the host's capacity still run in the sandbox; what remains never goes below zero.
    remainingResources: resources(Math.max(0, CPU_UNITS - busy * TASK_CPU), Math.max(0, MEMORY_MIB - busy * TASK_MEMORY)),
    registeredResources: resources(CPU_UNITS, MEMORY_MIB),
    status: 'ACTIVE',
    agentConnected: host.connected,
    runningTasksCount: running,
    pendingTasksCount: pending,
    attributes: [
      { name: 'ecs.availability-zone', value: host.zone },
      { name: 'ecs.os-type', value: 'linux' },
      { name: 'ecs.cpu-architecture', value: 'x86_64' },
      ...(external ? [] : [{ name: 'ecs.instance-type', value: 'm5.xlarge' }]),
    ],
    registeredAt: host.registeredAt,
    attachments: [],
  };
  if (include.has('TAGS')) out.tags = renameTags(tagsFor(universe, cell, `${CONTAINER_INSTANCE_KIND}/${cluster.index}`, index), 'key', 'value');
  if (include.has('CONTAINER_INSTANCE_HEALTH')) {
    const status = host.connected ? 'OK' : 'IMPAIRED';
    out.healthStatus = {
      overallStatus: status,
      details: [{ type: 'CONTAINER_RUNTIME', status, lastUpdated: new Date(Date.UTC(2024, 0, 1)), lastStatusChange: host.registeredAt }],
    };
  }
  return out;
}

/** The index a container instance reference (ARN or id) names in the cluster. */
export function indexOfContainerInstance(universe: Universe, cell: Cell, cluster: EcsCluster, reference: string): number | undefined {
  return indexOfChild(universe, cell, CONTAINER_INSTANCE_KIND, 'container-instance', cluster, reference, cluster.instances);
}

export const containerInstanceHandlers: Record<string, Handler> = {
  ListContainerInstances(input, ctx) {
    const cluster = clusterFromInput(input, ctx);
    // Every instance is ACTIVE. The cluster query language (`filter`) is not evaluated: every instance is listed.
    const status = typeof input.status === 'string' ? input.status : undefined;
    const total = status === undefined || status === 'ACTIVE' ? cluster.instances : 0;
    return listPage(input, ctx, total, (i) => containerInstanceArnAt(ctx.universe, ctx.cell, cluster, i));
  },

  DescribeContainerInstances(input, ctx) {
    const include = includeSet(input, ['TAGS', 'CONTAINER_INSTANCE_HEALTH']);
    const cluster = clusterFromInput(input, ctx);
    const first = firstOrdinal(ctx.universe, ctx.cell, cluster);
    const { found, failures } = describeBatch(
      input,
      'containerInstances',
      100,
      (reference) => {
        const index = indexOfContainerInstance(ctx.universe, ctx.cell, cluster, reference);
        return index === undefined ? undefined : containerInstanceAt(ctx.universe, ctx.cell, cluster, index, first, include);
      },
      (id) => containerInstanceArn(ctx.cell, cluster, id),
    );
    return { containerInstances: found, failures };
  },
};

