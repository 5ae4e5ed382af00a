import {
  ClusterNotFoundException,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  InvalidParameterException,
  ListClustersCommand,
  ListServicesCommand,
  paginateListClusters,
  paginateListContainerInstances,
  paginateListServices,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('ecs through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell) => new ECSClient(clientConfig(sandbox, cell));

  const clusterArns = (cell: TruthCell, pageSize?: number) => drain(paginateListClusters({ client: client(cell), pageSize }, {}), (p) => p.clusterArns);

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'ecs.cluster');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of clusters in every cell, with page sizes 1 to 5', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      await expectListingMatchesTruth(cell, (pageSize) => clusterArns(cell, pageSize), { key: (arn) => arn, pageSizes: [1, 2, 3, 4, 5] });
    }
    expect(cells.some((c) => c.count > 1)).toBe(true);
  });

  it('describes every cluster with all includes, and reports unknown ones as MISSING', async () => {
    for (const cell of cells) {
      const arns = (await clusterArns(cell)).items;
      const missing = `arn:aws:ecs:${cell.region}:${cell.accountId}:cluster/no-such-cluster`;
      const out = await client(cell).send(
        new DescribeClustersCommand({
          clusters: [...arns, 'no-such-cluster'],
          include: ['TAGS', 'SETTINGS', 'STATISTICS', 'CONFIGURATIONS', 'ATTACHMENTS'],
        }),
      );
      expect(out.clusters?.map((c) => c.clusterArn)).toEqual(arns);
      expect(out.failures).toEqual([{ arn: missing, reason: 'MISSING' }]);
      for (const cluster of out.clusters ?? []) {
        expect(cluster.status).toBe('ACTIVE');
        expect(cluster.settings?.[0]?.name).toBe('containerInsights');
        expect(cluster.statistics?.length).toBe(8);
        expect(cluster.configuration?.executeCommandConfiguration?.logging).toBe('DEFAULT');
      }
    }
  });

  it('lists and describes every cluster\'s services, tasks and container instances: the truth in each cell', async () => {
    const truth = sandbox.truth();
    const at = (kind: string, cell: TruthCell) => truthCells(truth, kind).find((c) => c.accountId === cell.accountId && c.region === cell.region)?.count;
    const chunks = <T>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
    let described = 0;
    for (const cell of cells) {
      const ecs = client(cell);
      const found = { services: 0, tasks: 0, instances: 0 };
      for (const cluster of (await clusterArns(cell)).items) {
        const services = (await drain(paginateListServices({ client: ecs, pageSize: 3 }, { cluster }), (p) => p.serviceArns)).items;
        for (const batch of chunks(services, 10)) {
          const out = await ecs.send(new DescribeServicesCommand({ cluster, services: batch, include: ['TAGS'] }));
          expect(out.services?.map((s) => s.serviceArn)).toEqual(batch);
          expect(out.services?.every((s) => s.clusterArn === cluster && s.createdAt instanceof Date)).toBe(true);
          found.services += out.services?.length ?? 0;
        }
        const tasks = (await drain(paginateListTasks({ client: ecs, pageSize: 100 }, { cluster }), (p) => p.taskArns)).items;
        for (const batch of chunks(tasks, 100)) {
          const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: batch, include: ['TAGS'] }));
          expect(out.tasks?.map((t) => t.taskArn)).toEqual(batch);
          expect(out.tasks?.every((t) => t.desiredStatus === 'RUNNING' && t.createdAt instanceof Date)).toBe(true);
          found.tasks += out.tasks?.length ?? 0;
        }
        const instances = (await drain(paginateListContainerInstances({ client: ecs }, { cluster }), (p) => p.containerInstanceArns)).items;
        for (const batch of chunks(instances, 100)) {
          const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: batch, include: ['TAGS'] }));
          expect(out.containerInstances?.map((i) => i.containerInstanceArn)).toEqual(batch);
          expect(out.containerInstances?.every((i) => typeof i.ec2InstanceId === 'string' && i.registeredAt instanceof Date)).toBe(true);
          found.instances += out.containerInstances?.length ?? 0;
        }
        const missing = await ecs.send(new DescribeTasksCommand({ cluster, tasks: ['0123456789abcdef0123456789abcdef'] }));
        expect(missing.failures?.[0]?.reason).toBe('MISSING');
      }
      expect(found).toEqual({ services: at('ecs.service', cell), tasks: at('ecs.task', cell), instances: at('ecs.container_instance', cell) });
      described += found.services + found.tasks + found.instances;
    }
    expect(described).toBeGreaterThan(0);
    const cell = cells[0] as TruthCell;
    await expect(client(cell).send(new ListServicesCommand({ cluster: 'no-such-cluster' }))).rejects.toBeInstanceOf(ClusterNotFoundException);
  });

  it('fails with InvalidParameterException for a page size over 100', async () => {
    const cell = cells[0] as TruthCell;
    await expect(client(cell).send(new ListClustersCommand({ maxResults: 101 }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});
