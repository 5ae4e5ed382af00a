import { apps, arnOf, createdAt, tagsFor, teams } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { EPOCH } from '../data/org.js';
import { hash32, hexOf, pick, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import {
  clusterFromInput,
  describeBatch,
  includeSet,
  sumOverClusters,
  type EcsCluster,
} from './ecs-clusters.js';
import { listPage } from './list-clusters.js';
import { indexOfName, renameTags } from './lookup.js';
import { placementFor, type Placement } from './placement.js';
import type { Handler, KindCount, Output } from './service.js';

/**
 * ECS services. A cluster's services are 0..services-1; each runs the cluster's tasksPerService
 * tasks, and service 0 also owns the cluster's pending task, so desired, running and pending counts
 * add up to what DescribeClusters reports. Fargate services use awsvpc networking in subnets of one
 * VPC of the cell (placement.ts), so their subnets and security groups resolve in EC2.
 */
export const SERVICE_KIND = 'ecs.service';

export const serviceKinds: KindCount[] = [
  { kind: SERVICE_KIND, scope: 'regional', count: (universe, cell) => sumOverClusters(universe, cell, (c) => c.services) },
];

/** Fargate's valid CPU / memory pairs that small services use most. */
const sizes: ReadonlyArray<readonly [string, string]> = [
  ['256', '512'],
  ['512', '1024'],
  ['1024', '2048'],
  ['2048', '4096'],
];

export interface EcsService {
  cluster: EcsCluster;
  index: number;
  name: string;
  arn: string;
  team: string;
  app: string;
  fargate: boolean;
  /** Absent when the service launches through the cluster's default capacity provider strategy. */
  launchType?: 'EC2' | 'FARGATE';
  taskDefinitionArn: string;
  cpu: string;
  memory: string;
  desired: number;
  running: number;
  pending: number;
  created: Date;
  /** The primary deployment's id, which its tasks name as startedBy. */
  deploymentId: string;
  /** The awsvpc network of Fargate services; EC2 services use bridge networking on their instances. */
  network?: Placement;
  roll: number;
}

function kindOf(cluster: EcsCluster): string {
  return `${SERVICE_KIND}/${cluster.index}`;
}

export function serviceNameAt(universe: Universe, cell: Cell, cluster: EcsCluster, index: number): string {
  return indexedName(pick(apps, universe.seed, cell.accountId, cell.region, kindOf(cluster), index, 'app'), index);
}

/** A task definition ARN: family and revision, as the service's deployments and tasks name it. */
export function taskDefinitionArn(cell: Cell, family: string, revision: number): string {
  return arnOf('ecs', cell.region, cell.accountId, `task-definition/${family}:${revision}`);
}

/** `ecs-svc/` and 19 digits, as ECS numbers deployments. */
function deploymentIdOf(...parts: ReadonlyArray<string | number>): string {
  const digits = `${hash32(...parts, 'a')}${hash32(...parts, 'b')}${hash32(...parts, 'c')}`.padEnd(19, '7');
  return `ecs-svc/${digits.slice(0, 19)}`;
}

export function serviceAt(universe: Universe, cell: Cell, cluster: EcsCluster, index: number): EcsService {
  const { seed } = universe;
  const kind = kindOf(cluster);
  const roll = hash32(seed, cell.accountId, cell.region, kind, index, 'traits');
  const name = serviceNameAt(universe, cell, cluster, index);
  const team = pick(teams, seed, cell.accountId, kind, index, 'team');
  const app = pick(apps, seed, cell.accountId, cell.region, kind, index, 'app');
  const [cpu, memory] = pick(sizes, seed, cell.accountId, kind, index, 'size');
  const pending = index === 0 ? cluster.pending : 0;
  const viaProvider = cluster.fargateOnly && roll % 2 === 0;
  const launchType = cluster.fargateOnly ? (viaProvider ? undefined : 'FARGATE') : 'EC2';
  return {
    cluster,
    index,
    name,
    arn: arnOf('ecs', cell.region, cell.accountId, `service/${cluster.name}/${name}`),
    team,
    app,
    fargate: cluster.fargateOnly,
    ...(launchType ? { launchType } : {}),
    taskDefinitionArn: taskDefinitionArn(cell, `${team}-${name.replace(/-\d+$/, '')}`, 1 + ((roll >>> 4) % 40)),
    cpu,
    memory,
    desired: cluster.tasksPerService + pending,
    running: cluster.tasksPerService,
    pending,
    created: createdAt(seed, cell, kind, index),
    deploymentId: deploymentIdOf(seed, cell.accountId, cell.region, kind, index),
    ...(cluster.fargateOnly ? { network: placementFor(universe, cell, kind, index) } : {}),
    roll,
  };
}

/** When the service's current deployment finished rolling out: after its creation, before the epoch. */
function deployedAt(service: EcsService): Date {
  const created = service.created.getTime();
  return new Date(created + (service.roll % Math.max(1, EPOCH - created)));
}

function networkConfiguration(service: EcsService): Output | undefined {
  const network = service.network;
  if (!network) return undefined;
  return {
    awsvpcConfiguration: {
      subnets: network.subnets.map((s) => s.subnetId),
      securityGroups: network.securityGroupIds,
      assignPublicIp: (service.roll >>> 12) % 5 === 0 ? 'ENABLED' : 'DISABLED',
    },
  };
}

function loadBalancers(universe: Universe, cell: Cell, service: EcsService): Output[] {
  if ((service.roll >>> 8) % 2 !== 0) return [];
  const id = hexOf(16, universe.seed, cell.accountId, cell.region, kindOf(service.cluster), service.index, 'tg');
  const group = `${service.name}`.slice(0, 32);
  return [
    {
      targetGroupArn: arnOf('elasticloadbalancing', cell.region, cell.accountId, `targetgroup/${group}/${id}`),
      containerName: service.app,
      containerPort: 8080,
    },
  ];
}

export function serviceOutput(universe: Universe, cell: Cell, service: EcsService, withTags: boolean): Output {
  const network = networkConfiguration(service);
  const balancers = loadBalancers(universe, cell, service);
  const launch = service.launchType ? { launchType: service.launchType } : { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }] };
  const fargate = service.fargate ? { platformVersion: 'LATEST', platformFamily: 'Linux' } : {};
  const deployed = deployedAt(service);
  const out: Output = {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.cluster.arn,
    loadBalancers: balancers,
    serviceRegistries: [],
    status: 'ACTIVE',
    desiredCount: service.desired,
    runningCount: service.running,
    pendingCount: service.pending,
    ...launch,
    ...fargate,
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: (service.roll >>> 14) % 2 === 0, rollback: (service.roll >>> 14) % 2 === 0 },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: [
      {
        id: service.deploymentId,
        status: 'PRIMARY',
        taskDefinition: service.taskDefinitionArn,
        desiredCount: service.desired,
        pendingCount: service.pending,
        runningCount: service.running,
        failedTasks: 0,
        createdAt: deployed,
        updatedAt: deployed,
        ...launch,
        ...fargate,
        ...(network ? { networkConfiguration: network } : {}),
        rolloutState: 'COMPLETED',
        rolloutStateReason: `ECS deployment ${service.deploymentId} completed.`,
      },
    ],
    events: [
      {
        id: uuidOf(universe.seed, cell.accountId, cell.region, kindOf(service.cluster), service.index, 'event'),
        createdAt: deployed,
        message: `(service ${service.name}) has reached a steady state.`,
      },
    ],
    createdAt: service.created,
    placementConstraints: [],
    // EC2 services spread their tasks over zones, as the console's default placement does.
    placementStrategy: service.fargate ? [] : [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
    ...(network ? { networkConfiguration: network } : {}),
    ...(balancers.length > 0 ? { healthCheckGracePeriodSeconds: 60 } : {}),
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    enableECSManagedTags: (service.roll >>> 16) % 3 !== 0,
    propagateTags: pick(['NONE', 'SERVICE', 'TASK_DEFINITION'], service.roll, 'propagate'),
    enableExecuteCommand: (service.roll >>> 18) % 4 === 0,
  };
  if (withTags) out.tags = renameTags(tagsFor(universe, cell, kindOf(service.cluster), service.index), 'key', 'value');
  return out;
}

/** The index a service reference (name, or ARN in the long or the old short format) names in the cluster. */
function indexOfService(universe: Universe, cell: Cell, cluster: EcsCluster, reference: string): number | undefined {
  let name = reference;
  if (reference.startsWith('arn:')) {
    const prefix = `arn:aws:ecs:${cell.region}:${cell.accountId}:service/`;
    if (!reference.startsWith(prefix)) return undefined;
    const path = reference.slice(prefix.length).split('/');
    if (path.length === 2 && path[0] !== cluster.name) return undefined;
    name = path[path.length - 1] ?? '';
  }
  return indexOfName(name, cluster.services, (i) => serviceNameAt(universe, cell, cluster, i));
}

/** The service named by ListTasks' serviceName, or undefined. */
export function findService(universe: Universe, cell: Cell, cluster: EcsCluster, reference: string): EcsService | undefined {
  const index = indexOfService(universe, cell, cluster, reference);
  return index === undefined ? undefined : serviceAt(universe, cell, cluster, index);
}

export const serviceHandlers: Record<string, Handler> = {
  ListServices(input, ctx) {
    const cluster = clusterFromInput(input, ctx);
    const { launchType, schedulingStrategy } = input;
    // Every generated service is a REPLICA service; services behind a capacity provider have no launch type.
    const matches = (service: EcsService) =>
      (launchType === undefined || service.launchType === launchType) && (schedulingStrategy === undefined || schedulingStrategy === 'REPLICA');
    return listPage(
      input,
      ctx,
      cluster.services,
      (i) => {
        const service = serviceAt(ctx.universe, ctx.cell, cluster, i);
        return matches(service) ? service.arn : undefined;
      },
      { defaultPageSize: 10, filter: (arn) => arn !== undefined },
    );
  },

  DescribeServices(input, ctx) {
    const include = includeSet(input, ['TAGS']);
    const cluster = clusterFromInput(input, ctx);
    const { found, failures } = describeBatch(
      input,
      'services',
      10,
      (reference) => {
        const service = findService(ctx.universe, ctx.cell, cluster, reference);
        return service ? serviceOutput(ctx.universe, ctx.cell, service, include.has('TAGS')) : undefined;
      },
      (name) => arnOf('ecs', ctx.cell.region, ctx.cell.accountId, `service/${cluster.name}/${name}`),
    );
    return { services: found, failures };
  },
};
