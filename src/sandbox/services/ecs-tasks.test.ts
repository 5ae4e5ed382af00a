import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import { indexOfId, layoutOf, subnetZone, zoneName } from './ec2/layout.js';
import { kinds } from './ecs.js';
import { describeAll, ecsAll, ecsCall, ecsClusters, type ClusterStats } from './ecs-testing.js';
import { failureOf } from './test-paging.js';
import { testUniverse } from './testing.js';

interface Task {
  taskArn: string;
  clusterArn: string;
  group: string;
  lastStatus: string;
  desiredStatus: string;
  launchType: string;
  taskDefinitionArn: string;
  startedBy?: string;
  availabilityZone?: string;
  containerInstanceArn?: string;
  attachments: Array<{ details: Array<{ name: string; value: string }> }>;
  containers: Array<{ taskArn: string }>;
  startedAt?: Date;
  createdAt: Date;
}
interface Service {
  serviceName: string;
  taskDefinition: string;
  runningCount: number;
  pendingCount: number;
  deployments: Array<{ id: string }>;
  networkConfiguration?: { awsvpcConfiguration: { subnets: string[] } };
}

const taskKind = kinds.find((k) => k.kind === 'ecs.task');

describe('ecs tasks', () => {
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  const tasksOf = async (c: Cell, cluster: ClusterStats, filter: Record<string, unknown> = {}) => {
    const arns = (await ecsAll(universe, c, 'ListTasks', { cluster: cluster.clusterArn, ...filter })).items;
    return describeAll<Task>(universe, c, 'DescribeTasks', 'tasks', 'tasks', cluster.clusterArn, arns, 100);
  };
  const servicesOf = async (c: Cell, cluster: ClusterStats) => {
    const arns = (await ecsAll(universe, c, 'ListServices', { cluster: cluster.clusterArn })).items;
    return describeAll<Service>(universe, c, 'DescribeServices', 'services', 'services', cluster.clusterArn, arns, 10);
  };

  it('lists each cluster\'s running and pending tasks, ecs.task in all', async () => {
    if (!taskKind) throw new Error('no ecs.task kind');
    for (const c of cells) {
      let listed = 0;
      for (const cluster of await ecsClusters(universe, c)) {
        const tasks = await tasksOf(c, cluster);
        expect(tasks.filter((t) => t.lastStatus === 'RUNNING')).toHaveLength(cluster.runningTasksCount);
        expect(tasks.filter((t) => t.lastStatus === 'PENDING')).toHaveLength(cluster.pendingTasksCount);
        listed += tasks.length;
      }
      expect(listed, `${c.accountId} ${c.region}`).toBe(taskKind.count(universe, c));
    }
  });

  it('runs each service\'s tasks from its task definition, deployment and subnets', async () => {
    const layout = layoutOf(universe, cell);
    let fargate = 0;
    for (const cluster of await ecsClusters(universe, cell)) {
      const services = new Map((await servicesOf(cell, cluster)).map((s) => [`service:${s.serviceName}`, s]));
      const perService = new Map<string, number>();
      for (const task of await tasksOf(cell, cluster)) {
        expect(task.taskArn).toMatch(new RegExp(`^arn:aws:ecs:${cell.region}:${cell.accountId}:task/${cluster.clusterName}/[0-9a-f]{32}$`));
        expect(task.clusterArn).toBe(cluster.clusterArn);
        expect(task.containers.every((c) => c.taskArn === task.taskArn)).toBe(true);
        expect(task.desiredStatus).toBe('RUNNING');
        expect(task.startedAt !== undefined).toBe(task.lastStatus === 'RUNNING');
        const service = services.get(task.group);
        if (!service) {
          expect(task.group).toMatch(/^family:/);
          expect(cluster.activeServicesCount).toBe(0);
        } else {
          expect(task.taskDefinitionArn).toBe(service.taskDefinition);
          expect(task.startedBy).toBe(service.deployments[0]?.id);
          perService.set(task.group, (perService.get(task.group) ?? 0) + 1);
        }
        const subnet = task.attachments[0]?.details.find((d) => d.name === 'subnetId')?.value;
        if (task.launchType === 'FARGATE') {
          if (!subnet) throw new Error(`${task.taskArn} has no subnet`);
          if (service) expect(service.networkConfiguration?.awsvpcConfiguration.subnets).toContain(subnet);
          const index = indexOfId(layout, 'subnet', subnet, layout.subnets);
          expect(index).toBeDefined();
          expect(task.availabilityZone).toBe(zoneName(layout, subnetZone(layout, index ?? 0)));
          fargate += 1;
        } else {
          expect(task.containerInstanceArn).toMatch(new RegExp(`:container-instance/${cluster.clusterName}/[0-9a-f]{32}$`));
        }
      }
      for (const [group, service] of services) expect(perService.get(group) ?? 0).toBe(service.runningCount + service.pendingCount);
    }
    expect(fargate).toBeGreaterThan(0);
  });

  it('filters ListTasks by service, container instance, family, launch type and desired status', async () => {
    const clusters = await ecsClusters(universe, cell);
    const ec2 = clusters.find((c) => c.registeredContainerInstancesCount > 0 && c.runningTasksCount > 0);
    const busy = clusters.reduce((a, b) => (b.runningTasksCount > a.runningTasksCount ? b : a));
    if (!ec2) throw new Error('no busy EC2 cluster');
    for (const cluster of [busy, ec2]) {
      const all = await tasksOf(cell, cluster);
      const service = (await servicesOf(cell, cluster))[0] as Service;
      const byService = await tasksOf(cell, cluster, { serviceName: service.serviceName });
      expect(byService.map((t) => t.taskArn)).toEqual(all.filter((t) => t.group === `service:${service.serviceName}`).map((t) => t.taskArn));
      const family = service.taskDefinition.split('/')[1]?.split(':')[0];
      expect((await tasksOf(cell, cluster, { family })).length).toBeGreaterThanOrEqual(byService.length);
      const launchType = all[0]?.launchType;
      expect(await tasksOf(cell, cluster, { launchType })).toEqual(all);
      expect((await ecsAll(universe, cell, 'ListTasks', { cluster: cluster.clusterArn, desiredStatus: 'STOPPED' })).items).toEqual([]);
    }
    const instances = (await ecsAll(universe, cell, 'ListContainerInstances', { cluster: ec2.clusterArn })).items;
    const described = await describeAll<{ containerInstanceArn: string; runningTasksCount: number; pendingTasksCount: number }>(
      universe, cell, 'DescribeContainerInstances', 'containerInstances', 'containerInstances', ec2.clusterArn, instances, 100,
    );
    for (const instance of described) {
      const onIt = await tasksOf(cell, ec2, { containerInstance: instance.containerInstanceArn });
      expect(onIt).toHaveLength(instance.runningTasksCount + instance.pendingTasksCount);
      expect(onIt.every((t) => t.containerInstanceArn === instance.containerInstanceArn)).toBe(true);
    }
    const error = await failureOf(() => ecsCall(universe, cell, 'ListTasks', { cluster: ec2.clusterArn, serviceName: 'no-such-service' }));
    expect(error.code).toBe('ServiceNotFoundException');
  });

  it('describes tasks by ARN or id in batches of up to 100 and reports unknown ones as MISSING', async () => {
    const cluster = (await ecsClusters(universe, cell)).find((c) => c.runningTasksCount > 0) as ClusterStats;
    const arns = (await ecsAll(universe, cell, 'ListTasks', { cluster: cluster.clusterArn, maxResults: 1 })).items;
    const id = (arns[0] ?? '').split('/').at(-1) ?? '';
    const unknown = `${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}`;
    const out = await ecsCall(universe, cell, 'DescribeTasks', { cluster: cluster.clusterName, tasks: [id, unknown], include: ['TAGS'] });
    expect((out.tasks as Task[]).map((t) => t.taskArn)).toEqual([arns[0]]);
    expect(out.failures).toEqual([{ arn: `arn:aws:ecs:${cell.region}:${cell.accountId}:task/${cluster.clusterName}/${unknown}`, reason: 'MISSING' }]);
    const tooMany = await failureOf(() => ecsCall(universe, cell, 'DescribeTasks', { cluster: cluster.clusterArn, tasks: Array.from({ length: 101 }, () => id) }));
    expect(tooMany.code).toBe('InvalidParameterException');
    expect((await failureOf(() => ecsCall(universe, cell, 'ListTasks', { cluster: 'nope' }))).code).toBe('ClusterNotFoundException');
  });
});
