import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import type { Table } from '../../engine/table.js';
import { ecsClusterContainerInstances } from './cluster-container-instances.js';
import { ecsClusterServices } from './cluster-services.js';
import { ecsClusterTasks } from './cluster-tasks.js';
import { ecsClusters } from './clusters.js';
import { ecsTables } from './index.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_ecs_clusters.md), all verified there. */
const documented = ['account_id', 'region', 'arn', 'tags', 'active_services_count', 'attachments', 'attachments_status', 'capacity_providers', 'cluster_arn', 'cluster_name', 'configuration', 'default_capacity_provider_strategy', 'pending_tasks_count', 'registered_container_instances_count', 'running_tasks_count', 'service_connect_defaults', 'settings', 'statistics', 'status'];

/**
 * The child tables with their keys, truth kinds and CloudQuery's documented columns
 * (docs/tables/aws_ecs_cluster_*.md); task_protection is left out on purpose (cluster-tasks.ts).
 */
const children: Array<{ table: Table; key: string[]; kind: string; documented: string[] }> = [
  {
    table: ecsClusterServices,
    key: ['arn', 'cluster_arn'],
    kind: 'ecs.service',
    documented: ['account_id', 'region', 'arn', 'tags', 'capacity_provider_strategy', 'cluster_arn', 'created_at', 'created_by', 'deployment_configuration', 'deployment_controller', 'deployments', 'desired_count', 'enable_ecs_managed_tags', 'enable_execute_command', 'events', 'health_check_grace_period_seconds', 'launch_type', 'load_balancers', 'network_configuration', 'pending_count', 'placement_constraints', 'placement_strategy', 'platform_family', 'platform_version', 'propagate_tags', 'role_arn', 'running_count', 'scheduling_strategy', 'service_arn', 'service_name', 'service_registries', 'status', 'task_definition', 'task_sets'],
  },
  {
    table: ecsClusterTasks,
    key: ['arn'],
    kind: 'ecs.task',
    documented: ['account_id', 'region', 'arn', 'tags', 'attachments', 'attributes', 'availability_zone', 'capacity_provider_name', 'cluster_arn', 'connectivity', 'connectivity_at', 'container_instance_arn', 'containers', 'cpu', 'created_at', 'desired_status', 'enable_execute_command', 'ephemeral_storage', 'execution_stopped_at', 'group', 'health_status', 'inference_accelerators', 'last_status', 'launch_type', 'memory', 'overrides', 'platform_family', 'platform_version', 'pull_started_at', 'pull_stopped_at', 'started_at', 'started_by', 'stop_code', 'stopped_at', 'stopped_reason', 'stopping_at', 'task_arn', 'task_definition_arn', 'version'],
  },
  {
    table: ecsClusterContainerInstances,
    key: ['arn'],
    kind: 'ecs.container_instance',
    documented: ['account_id', 'region', 'cluster_arn', 'arn', 'tags', 'agent_connected', 'agent_update_status', 'attachments', 'attributes', 'capacity_provider_name', 'container_instance_arn', 'ec2_instance_id', 'health_status', 'pending_tasks_count', 'registered_at', 'registered_resources', 'remaining_resources', 'running_tasks_count', 'status', 'status_reason', 'version', 'version_info'],
  },
];

describe('ecs tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: ECSClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, ecsTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_ecs_clusters');

  it('registers aws_ecs_clusters keyed by arn, with CloudQuery\'s documented columns', () => {
    expect(ecsTables).toEqual([ecsClusters, ecsClusterServices, ecsClusterTasks, ecsClusterContainerInstances]);
    expect(ecsClusters.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const names = new Set(ecsClusters.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'ecs.cluster')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'ecs.cluster', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && /^arn:aws:ecs:[a-z0-9-]+:\d{12}:cluster\/[\w-]+$/.test(r.arn) && r.arn === r.cluster_arn)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
  });

  it('describes clusters with tags, settings and statistics included, tags as an object', async () => {
    const [, account] = accounts;
    if (!account) throw new Error('no account');
    client = new ECSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const arns = (await client.send(new ListClustersCommand({}))).clusterArns ?? [];
    const clusters = (await client.send(new DescribeClustersCommand({ clusters: arns, include: ['TAGS', 'SETTINGS', 'STATISTICS'] }))).clusters ?? [];
    expect(clusters.length).toBeGreaterThan(0);
    for (const cluster of clusters) {
      const row = rows().find((r) => r.arn === cluster.clusterArn);
      expect(row).toMatchObject({ cluster_name: cluster.clusterName, status: cluster.status, running_tasks_count: cluster.runningTasksCount });
      expect(row?.tags).toEqual(Object.fromEntries((cluster.tags ?? []).map((t) => [t.key, t.value ?? ''])));
      expect(row?.settings ?? null).toEqual(cluster.settings ?? null);
    }
    expect(rows().some((r) => r.tags !== null && Object.keys(r.tags as object).length > 0)).toBe(true);
  });

  it('registers services, tasks and container instances as children of aws_ecs_clusters, with their keys and columns', () => {
    for (const { table, key, documented: columns } of children) {
      expect(table.parent?.table, table.name).toBe('aws_ecs_clusters');
      expect(table.get?.batch, table.name).toBe(table === ecsClusterServices ? 10 : 100);
      expect(table.schema.columns.filter((c) => c.primaryKey).map((c) => c.name), table.name).toEqual(key);
      const names = new Set(table.schema.columns.map((c) => c.name));
      expect(columns.filter((c) => !names.has(c)), table.name).toEqual([]);
    }
  });

  it('has exactly the truth of each child per account and region, each row under its cluster\'s row', () => {
    const clusters = new Map(rows().map((r) => [r._cq_id, r]));
    for (const { table, kind } of children) {
      expect(summary.tables.find((t) => t.table === table.name)?.partitions, table.name).toEqual({ ok: accounts.length * REGIONS.length, skipped: 0, failed: 0 });
      const childRows = destination.rows(table.name);
      expect(truthCount(sandbox, kind), kind).toBeGreaterThan(0);
      for (const account of accounts) {
        for (const region of REGIONS) {
          const here = childRows.filter((r) => r.account_id === account && r.region === region).length;
          expect(here, `${table.name} ${account} ${region}`).toBe(truthCount(sandbox, kind, account, region));
        }
      }
      for (const row of childRows) {
        const cluster = clusters.get(row._cq_parent_id);
        expect(cluster, table.name).toBeDefined();
        expect([row.cluster_arn, row.account_id, row.region]).toEqual([cluster?.arn, cluster?.account_id, cluster?.region]);
      }
    }
    // What each cluster row counts is what its children hold.
    for (const cluster of rows()) {
      const under = (name: string) => destination.rows(name).filter((r) => r._cq_parent_id === cluster._cq_id);
      expect(under('aws_ecs_cluster_services').length).toBe(cluster.active_services_count);
      expect(under('aws_ecs_cluster_tasks').length).toBe(Number(cluster.running_tasks_count) + Number(cluster.pending_tasks_count));
      expect(under('aws_ecs_cluster_container_instances').length).toBe(cluster.registered_container_instances_count);
    }
  });

  it('stores services, tasks and container instances as the SDK describes them, tags as an object', async () => {
    const [, account] = accounts;
    if (!account) throw new Error('no account');
    const ecs = client ?? new ECSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    client = ecs;
    const tagsOf = (tags: Array<{ key?: string; value?: string }> | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.key, t.value ?? '']));
    const seen = { services: 0, tasks: 0, instances: 0 };
    for (const cluster of (await ecs.send(new ListClustersCommand({}))).clusterArns ?? []) {
      const serviceArns = ((await ecs.send(new ListServicesCommand({ cluster, maxResults: 10 }))).serviceArns ?? []).slice(0, 10);
      if (serviceArns.length > 0) {
        for (const service of (await ecs.send(new DescribeServicesCommand({ cluster, services: serviceArns, include: ['TAGS'] }))).services ?? []) {
          const row = destination.rows('aws_ecs_cluster_services').find((r) => r.arn === service.serviceArn);
          expect(row).toMatchObject({ cluster_arn: cluster, service_name: service.serviceName, task_definition: service.taskDefinition, desired_count: service.desiredCount, created_at: service.createdAt });
          expect(row?.tags).toEqual(tagsOf(service.tags));
          expect(row?.network_configuration ?? null).toEqual(service.networkConfiguration ?? null);
          seen.services += 1;
        }
      }
      const taskArns = (await ecs.send(new ListTasksCommand({ cluster, maxResults: 100 }))).taskArns ?? [];
      if (taskArns.length > 0) {
        for (const task of (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns, include: ['TAGS'] }))).tasks ?? []) {
          const row = destination.rows('aws_ecs_cluster_tasks').find((r) => r.arn === task.taskArn);
          expect(row).toMatchObject({ cluster_arn: cluster, task_definition_arn: task.taskDefinitionArn, last_status: task.lastStatus, group: task.group, created_at: task.createdAt });
          expect(row?.tags).toEqual(tagsOf(task.tags));
          expect(row?.container_instance_arn ?? null).toEqual(task.containerInstanceArn ?? null);
          seen.tasks += 1;
        }
      }
      const instanceArns = (await ecs.send(new ListContainerInstancesCommand({ cluster }))).containerInstanceArns ?? [];
      if (instanceArns.length > 0) {
        const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: instanceArns, include: ['TAGS'] }));
        for (const instance of out.containerInstances ?? []) {
          const row = destination.rows('aws_ecs_cluster_container_instances').find((r) => r.arn === instance.containerInstanceArn);
          expect(row).toMatchObject({ cluster_arn: cluster, ec2_instance_id: instance.ec2InstanceId, running_tasks_count: instance.runningTasksCount, registered_at: instance.registeredAt });
          expect(row?.tags).toEqual(tagsOf(instance.tags));
          seen.instances += 1;
        }
      }
    }
    expect(seen.services).toBeGreaterThan(0);
    expect(seen.tasks).toBeGreaterThan(0);
    expect(seen.instances).toBeGreaterThan(0);
  });
});
