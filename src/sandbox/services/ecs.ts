import { arnOf, tagsFor } from '../data/common.js';
import type { Cell } from '../data/ids.js';
import { hash32 } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import {
  clusterArnAt,
  clusterAt as clusterFacts,
  clusterCount,
  CLUSTER_KIND as KIND,
  includeSet,
  indexOfCluster,
  runningTasks,
  type EcsCluster,
} from './ecs-clusters.js';
import { containerInstanceHandlers, containerInstanceKinds } from './ecs-container-instances.js';
import { serviceHandlers, serviceKinds } from './ecs-services.js';
import { taskHandlers, taskKinds } from './ecs-tasks.js';
import { encryptionKeyArn } from './kms/keys.js';
import { renameTags, stringList } from './lookup.js';
import { listClusters } from './list-clusters.js';
import { defineService, SandboxError, type KindCount, type Output } from './service.js';

/**
 * ecs.cluster: exactly the scale-driven clusters; no `default` cluster exists until someone creates
 * it. Services, tasks and container instances are counted over the clusters (ecs-clusters.ts).
 */
export const kinds: KindCount[] = [
  { kind: KIND, scope: 'regional', count: clusterCount },
  ...serviceKinds,
  ...taskKinds,
  ...containerInstanceKinds,
];

const includeValues = ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'];

interface ClusterCounts {
  ec2: { running: number; pending: number; services: number };
  fargate: { running: number; pending: number; services: number };
}

/** The cluster's counts split by launch type, as DescribeClusters' statistics report them. */
function clusterCounts(cluster: EcsCluster): ClusterCounts {
  const none = { running: 0, pending: 0, services: 0 };
  const busy = { running: runningTasks(cluster), pending: cluster.pending, services: cluster.services };
  return { ec2: cluster.fargateOnly ? none : busy, fargate: cluster.fargateOnly ? busy : none };
}

function clusterAt(universe: Universe, cell: Cell, index: number, include: ReadonlySet<string>): Output {
  const facts = clusterFacts(universe, cell, index);
  const counts = clusterCounts(facts);
  const roll = hash32(universe.seed, cell.accountId, cell.region, KIND, index, 'traits');
  const total = (pick: 'running' | 'pending' | 'services'): number => counts.ec2[pick] + counts.fargate[pick];
  const cluster: Output = {
    clusterArn: facts.arn,
    clusterName: facts.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: facts.instances,
    runningTasksCount: total('running'),
    pendingTasksCount: total('pending'),
    activeServicesCount: total('services'),
    // AWS sends these two lists even when the caller did not ask to include them.
    statistics: [],
    tags: [],
    capacityProviders: facts.fargateOnly ? ['FARGATE', 'FARGATE_SPOT'] : [],
    defaultCapacityProviderStrategy: facts.fargateOnly ? [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }] : [],
  };
  if (include.has('TAGS')) cluster.tags = renameTags(tagsFor(universe, cell, KIND, index), 'key', 'value');
  if (include.has('SETTINGS')) {
    cluster.settings = [{ name: 'containerInsights', value: roll % 2 === 0 ? 'enabled' : 'disabled' }];
  }
  if (include.has('STATISTICS')) {
    cluster.statistics = [
      { name: 'runningEC2TasksCount', value: String(counts.ec2.running) },
      { name: 'runningFargateTasksCount', value: String(counts.fargate.running) },
      { name: 'pendingEC2TasksCount', value: String(counts.ec2.pending) },
      { name: 'pendingFargateTasksCount', value: String(counts.fargate.pending) },
      { name: 'activeEC2ServiceCount', value: String(counts.ec2.services) },
      { name: 'activeFargateServiceCount', value: String(counts.fargate.services) },
      { name: 'drainingEC2ServiceCount', value: '0' },
      { name: 'drainingFargateServiceCount', value: '0' },
    ];
  }
  if (include.has('CONFIGURATIONS')) {
    const kmsKeyId = (roll >>> 4) % 4 === 0 ? encryptionKeyArn(universe, cell, KIND, index) : undefined;
    cluster.configuration = {
      executeCommandConfiguration: kmsKeyId ? { kmsKeyId, logging: 'DEFAULT' } : { logging: 'DEFAULT' },
    };
  }
  // Capacity provider attachments exist only for Auto Scaling group providers, which the sandbox does not model.
  if (include.has('ATTACHMENTS')) cluster.attachments = [];
  return cluster;
}

export const ecsService = defineService({
  name: 'ecs',
  kinds,
  handlers: {
    ListClusters: (input, ctx) => listClusters(input, ctx, clusterCount, clusterArnAt),

    DescribeClusters(input, ctx) {
      const include = includeSet(input, includeValues);
      let references = stringList(input, 'clusters');
      if (references.length > 100) {
        throw new SandboxError('InvalidParameterException', 'The number of clusters requested must be 100 or fewer.');
      }
      // With no clusters named, ECS describes the account's `default` cluster.
      if (references.length === 0) references = ['default'];
      const clusters: Output[] = [];
      const failures: Output[] = [];
      for (const reference of references) {
        const index = indexOfCluster(ctx.universe, ctx.cell, reference);
        if (index !== undefined) {
          clusters.push(clusterAt(ctx.universe, ctx.cell, index, include));
        } else {
          const arn = reference.startsWith('arn:')
            ? reference
            : arnOf('ecs', ctx.cell.region, ctx.cell.accountId, `cluster/${reference}`);
          failures.push({ arn, reason: 'MISSING' });
        }
      }
      return { clusters, failures };
    },

    ...serviceHandlers,
    ...taskHandlers,
    ...containerInstanceHandlers,
  },
});
