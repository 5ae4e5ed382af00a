import { apps, arnOf, tagsFor, teams } from '../data/common.js';
import type { Cell } from '../data/ids.js';
import { EPOCH } from '../data/org.js';
import { hash32, pick, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { containerInstanceArnAt, indexOfContainerInstance, taskHost } from './ecs-container-instances.js';
import {
  childId,
  clusterFromInput,
  describeBatch,
  includeSet,
  indexOfChild,
  listedTasks,
  runningTasks,
  sumOverClusters,
  type EcsCluster,
} from './ecs-clusters.js';
import { findService, serviceAt, taskDefinitionArn, type EcsService } from './ecs-services.js';
import { listPage } from './list-clusters.js';
import { renameTags } from './lookup.js';
import { placementFor } from './placement.js';
import { SandboxError, type Handler, type KindCount, type Output } from './service.js';

/**
 * ECS tasks: what ListTasks returns by default (desired status RUNNING), pending tasks included.
 * Running task t of a cluster belongs to service t / tasksPerService; the cluster's pending task,
 * if any, to service 0, or is a standalone RunTask task when the cluster has no service. Tasks of
 * EC2 clusters run on container instance t mod instances; Fargate tasks in their service's subnets.
 */
export const TASK_KIND = 'ecs.task';

export const taskKinds: KindCount[] = [{ kind: TASK_KIND, scope: 'regional', count: (universe, cell) => sumOverClusters(universe, cell, listedTasks) }];

interface EcsTask {
  cluster: EcsCluster;
  index: number;
  id: string;
  arn: string;
  service?: EcsService;
  pending: boolean;
  fargate: boolean;
  launchType: 'EC2' | 'FARGATE';
  taskDefinitionArn: string;
  group: string;
  app: string;
}

function taskArn(cell: Cell, cluster: EcsCluster, id: string): string {
  return arnOf('ecs', cell.region, cell.accountId, `task/${cluster.name}/${id}`);
}

function taskAt(universe: Universe, cell: Cell, cluster: EcsCluster, index: number): EcsTask {
  const running = runningTasks(cluster);
  const pending = index >= running;
  const serviceIndex = pending ? (cluster.services > 0 ? 0 : undefined) : Math.floor(index / cluster.tasksPerService);
  const service = serviceIndex === undefined ? undefined : serviceAt(universe, cell, cluster, serviceIndex);
  const id = childId(universe, cell, TASK_KIND, cluster, index);
  const base = { cluster, index, id, arn: taskArn(cell, cluster, id), pending, fargate: cluster.fargateOnly, launchType: cluster.fargateOnly ? ('FARGATE' as const) : ('EC2' as const) };
  if (service) {
    return { ...base, service, taskDefinitionArn: service.taskDefinitionArn, group: `service:${service.name}`, app: service.app };
  }
  // A one-off job someone started with RunTask in a cluster without services.
  const team = pick(teams, universe.seed, cell.accountId, TASK_KIND, cluster.index, 'team');
  const app = pick(apps, universe.seed, cell.accountId, TASK_KIND, cluster.index, 'app');
  const family = `${team}-${app}-job`;
  return { ...base, taskDefinitionArn: taskDefinitionArn(cell, family, 1 + (hash32(universe.seed, cell.accountId, family) % 12)), group: `family:${family}`, app };
}

function familyOf(task: EcsTask): string {
  return task.taskDefinitionArn.slice(task.taskDefinitionArn.indexOf('/') + 1, task.taskDefinitionArn.lastIndexOf(':'));
}

function taskOutput(universe: Universe, cell: Cell, task: EcsTask, withTags: boolean): Output {
  const { cluster, service } = task;
  const roll = hash32(universe.seed, cell.accountId, cell.region, TASK_KIND, cluster.index, task.index);
  const since = service?.created.getTime() ?? EPOCH - 30 * 86_400_000;
  // Running tasks started some time after their service; the pending one a minute before the epoch.
  const created = task.pending ? EPOCH - 60_000 : since + (roll % Math.max(1, EPOCH - since));
  const at = (seconds: number) => new Date(created + seconds * 1000);
  // A standalone Fargate task still needs awsvpc networking: it gets subnets of its own.
  const network = service?.network ?? (task.fargate ? placementFor(universe, cell, `${TASK_KIND}/${cluster.index}`, task.index) : undefined);
  const subnets = network?.subnets ?? [];
  const subnet = subnets.length > 0 ? subnets[task.index % subnets.length] : undefined;
  const zone = task.fargate ? subnet?.availabilityZone : taskHost(universe, cell, cluster, task.index).zone;
  const attachmentId = uuidOf(universe.seed, cell.accountId, cell.region, TASK_KIND, cluster.index, task.index, 'eni');
  const status = task.pending ? 'PENDING' : 'RUNNING';
  const container: Output = {
    containerArn: arnOf('ecs', cell.region, cell.accountId, `container/${cluster.name}/${task.id}/${uuidOf(universe.seed, task.arn, 'container')}`),
    taskArn: task.arn,
    name: task.app,
    image: `${cell.accountId}.dkr.ecr.${cell.region}.amazonaws.com/${task.app}:v${1 + (roll % 90)}`,
    lastStatus: status,
    // Bridge-mode containers on EC2 publish their port on a dynamic host port.
    networkBindings: task.fargate || task.pending ? [] : [{ bindIP: '0.0.0.0', containerPort: 8080, hostPort: 32768 + task.index, protocol: 'tcp' }],
    networkInterfaces: subnet ? [{ attachmentId }] : [],
    healthStatus: 'UNKNOWN',
    cpu: '0',
  };
  const out: Output = {
    attachments: subnet
      ? [{ id: attachmentId, type: 'ElasticNetworkInterface', status: task.pending ? 'PRECREATED' : 'ATTACHED', details: [{ name: 'subnetId', value: subnet.subnetId }] }]
      : [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    ...(zone ? { availabilityZone: zone } : {}),
    ...(task.fargate ? { capacityProviderName: 'FARGATE' } : {}),
    clusterArn: cluster.arn,
    connectivity: 'CONNECTED',
    connectivityAt: at(3),
    ...(task.fargate ? {} : { containerInstanceArn: containerInstanceArnAt(universe, cell, cluster, task.index % cluster.instances) }),
    containers: [container],
    cpu: service?.cpu ?? '256',
    createdAt: new Date(created),
    desiredStatus: 'RUNNING',
    enableExecuteCommand: false,
    group: task.group,
    healthStatus: 'UNKNOWN',
    inferenceAccelerators: [],
    lastStatus: status,
    launchType: task.launchType,
    memory: service?.memory ?? '512',
    overrides: { containerOverrides: [{ name: task.app }], inferenceAcceleratorOverrides: [] },
    ...(task.fargate ? { platformVersion: '1.4.0', platformFamily: 'Linux', ephemeralStorage: { sizeInGiB: 20 }, fargateEphemeralStorage: { sizeInGiB: 20 } } : {}),
    pullStartedAt: at(5),
    ...(task.pending ? {} : { pullStoppedAt: at(20), startedAt: at(30) }),
    ...(service ? { startedBy: service.deploymentId } : {}),
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.pending ? 1 : 3,
  };
  if (withTags) out.tags = renameTags(tagsFor(universe, cell, `${TASK_KIND}/${cluster.index}`, task.index), 'key', 'value');
  return out;
}

export const taskHandlers: Record<string, Handler> = {
  ListTasks(input, ctx) {
    const { universe, cell } = ctx;
    const cluster = clusterFromInput(input, ctx);
    const text = (member: string) => (typeof input[member] === 'string' && input[member] !== '' ? (input[member] as string) : undefined);
    const serviceName = text('serviceName');
    const service = serviceName === undefined ? undefined : findService(universe, cell, cluster, serviceName);
    if (serviceName !== undefined && !service) throw new SandboxError('ServiceNotFoundException', 'Service not found.');
    const instanceRef = text('containerInstance');
    const instance = instanceRef === undefined ? undefined : indexOfContainerInstance(universe, cell, cluster, instanceRef);
    const [family, startedBy, launchType] = [text('family'), text('startedBy'), text('launchType')];
    // Every task's desired status is RUNNING: stopped tasks have aged out, pending ones are on their way up.
    const desired = text('desiredStatus') ?? 'RUNNING';
    const total = desired === 'RUNNING' && (instanceRef === undefined || instance !== undefined) ? listedTasks(cluster) : 0;
    const matches = (task: EcsTask) =>
      (service === undefined || task.service?.index === service.index) &&
      (instance === undefined || (!task.fargate && task.index % cluster.instances === instance)) &&
      (family === undefined || familyOf(task) === family) &&
      (startedBy === undefined || task.service?.deploymentId === startedBy) &&
      (launchType === undefined || task.launchType === launchType);
    return listPage(
      input,
      ctx,
      total,
      (i) => {
        const task = taskAt(universe, cell, cluster, i);
        return matches(task) ? task.arn : undefined;
      },
      { filter: (arn) => arn !== undefined },
    );
  },

  DescribeTasks(input, ctx) {
    const include = includeSet(input, ['TAGS']);
    const cluster = clusterFromInput(input, ctx);
    const { found, failures } = describeBatch(
      input,
      'tasks',
      100,
      (reference) => {
        const index = indexOfChild(ctx.universe, ctx.cell, TASK_KIND, 'task', cluster, reference, listedTasks(cluster));
        return index === undefined ? undefined : taskOutput(ctx.universe, ctx.cell, taskAt(ctx.universe, ctx.cell, cluster, index), include.has('TAGS'));
      },
      (id) => taskArn(ctx.cell, cluster, id),
    );
    return { tasks: found, failures };
  },
};
