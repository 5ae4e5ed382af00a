import { arnOf, environmentOf, tagsFor, teams, apps } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { hash32, pick } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { encryptionKeyArn } from './kms/keys.js';
import { indexOfName, nameFromArnOrName, renameTags, stringList } from './lookup.js';
import { listClusters } from './list-clusters.js';
import { defineService, SandboxError, type KindCount, type Output } from './service.js';

const KIND = 'ecs.cluster';

/** ecs.cluster: exactly the scale-driven clusters; no `default` cluster exists until someone creates it. */
export const kinds: KindCount[] = [{ kind: KIND, scope: 'regional', count: clusterCount }];

const includeValues = ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'];

export function clusterCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, KIND);
}

export function clusterNameAt(universe: Universe, cell: Cell, index: number): string {
  const seed = universe.seed;
  const team = pick(teams, seed, cell.accountId, KIND, index, 'team');
  const app = pick(apps, seed, cell.accountId, KIND, index, 'app');
  const env = environmentOf(universe, cell.accountId);
  return indexedName(`${team}-${app}-${env}`, index);
}

function clusterArnAt(universe: Universe, cell: Cell, index: number): string {
  return arnOf('ecs', cell.region, cell.accountId, `cluster/${clusterNameAt(universe, cell, index)}`);
}

interface ClusterCounts {
  instances: number;
  ec2: { running: number; pending: number; services: number };
  fargate: { running: number; pending: number; services: number };
}

/** Fargate-only clusters register no container instances; older EC2 clusters run everything on instances. */
function clusterCounts(universe: Universe, cell: Cell, index: number): ClusterCounts & { fargateOnly: boolean } {
  const roll = hash32(universe.seed, cell.accountId, cell.region, KIND, index, 'counts');
  const fargateOnly = roll % 3 !== 0;
  const services = (roll >>> 4) % 12;
  const running = services * (1 + ((roll >>> 8) % 4));
  const pending = (roll >>> 12) % 5 === 0 ? 1 : 0;
  const none = { running: 0, pending: 0, services: 0 };
  const busy = { running, pending, services };
  return {
    fargateOnly,
    instances: fargateOnly ? 0 : 1 + ((roll >>> 16) % 20),
    ec2: fargateOnly ? none : busy,
    fargate: fargateOnly ? busy : none,
  };
}

function clusterAt(universe: Universe, cell: Cell, index: number, include: ReadonlySet<string>): Output {
  const counts = clusterCounts(universe, cell, index);
  const roll = hash32(universe.seed, cell.accountId, cell.region, KIND, index, 'traits');
  const total = (pick: 'running' | 'pending' | 'services'): number => counts.ec2[pick] + counts.fargate[pick];
  const cluster: Output = {
    clusterArn: clusterArnAt(universe, cell, index),
    clusterName: clusterNameAt(universe, cell, index),
    status: 'ACTIVE',
    registeredContainerInstancesCount: counts.instances,
    runningTasksCount: total('running'),
    pendingTasksCount: total('pending'),
    activeServicesCount: total('services'),
    // AWS sends these two lists even when the caller did not ask to include them.
    statistics: [],
    tags: [],
    capacityProviders: counts.fargateOnly ? ['FARGATE', 'FARGATE_SPOT'] : [],
    defaultCapacityProviderStrategy: counts.fargateOnly ? [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }] : [],
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

function indexOfCluster(universe: Universe, cell: Cell, reference: string): number | undefined {
  const name = nameFromArnOrName(reference, cell, 'ecs', 'cluster');
  if (name === undefined) return undefined;
  return indexOfName(name, clusterCount(universe, cell), (i) => clusterNameAt(universe, cell, i));
}

export const ecsService = defineService({
  name: 'ecs',
  kinds,
  handlers: {
    ListClusters: (input, ctx) => listClusters(input, ctx, clusterCount, clusterArnAt),

    DescribeClusters(input, ctx) {
      const include = stringList(input, 'include');
      const unknown = include.find((value) => !includeValues.includes(value));
      if (unknown !== undefined) {
        throw new SandboxError('InvalidParameterException', `Invalid include value: ${unknown}`);
      }
      let references = stringList(input, 'clusters');
      if (references.length > 100) {
        throw new SandboxError('InvalidParameterException', 'The number of clusters requested must be 100 or fewer.');
      }
      // With no clusters named, ECS describes the account's `default` cluster.
      if (references.length === 0) references = ['default'];
      const includeSet = new Set(include);
      const clusters: Output[] = [];
      const failures: Output[] = [];
      for (const reference of references) {
        const index = indexOfCluster(ctx.universe, ctx.cell, reference);
        if (index !== undefined) {
          clusters.push(clusterAt(ctx.universe, ctx.cell, index, includeSet));
        } else {
          const arn = reference.startsWith('arn:')
            ? reference
            : arnOf('ecs', ctx.cell.region, ctx.cell.accountId, `cluster/${reference}`);
          failures.push({ arn, reason: 'MISSING' });
        }
      }
      return { clusters, failures };
    },
  },
});
