import {
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
  type DBCluster,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../index.js';
import { clientConfig, sdkSandboxOptions, truthCells, type TruthCell } from '../sdk-testing.js';

describe('rds through the AWS SDK', () => {
  let sandbox: Sandbox;
  let instanceCells: TruthCell[];
  let clusterCells: TruthCell[];
  const client = (cell: { accountId: string; region: string }, box: Sandbox = sandbox) => new RDSClient(clientConfig(box, cell));

  async function instances(cell: TruthCell, pageSize?: number, box: Sandbox = sandbox): Promise<{ items: DBInstance[]; pages: number[] }> {
    const items: DBInstance[] = [];
    const pages: number[] = [];
    for await (const page of paginateDescribeDBInstances({ client: client(cell, box), ...(pageSize ? { pageSize } : {}) }, {})) {
      items.push(...(page.DBInstances ?? []));
      pages.push(page.DBInstances?.length ?? 0);
    }
    return { items, pages };
  }

  async function clusters(cell: TruthCell, pageSize?: number, box: Sandbox = sandbox): Promise<DBCluster[]> {
    const items: DBCluster[] = [];
    for await (const page of paginateDescribeDBClusters({ client: client(cell, box), ...(pageSize ? { pageSize } : {}) }, {})) {
      items.push(...(page.DBClusters ?? []));
    }
    return items;
  }

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    instanceCells = truthCells(sandbox.truth(), 'rds.db_instance');
    clusterCells = truthCells(sandbox.truth(), 'rds.db_cluster');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of instances and clusters in every account and region', async () => {
    expect(instanceCells.length).toBe(6);
    for (const [n, cell] of instanceCells.entries()) {
      const { items } = await instances(cell);
      expect(items).toHaveLength(cell.count);
      expect(new Set(items.map((i) => i.DBInstanceArn)).size).toBe(cell.count);
      const clusterCell = clusterCells[n] as TruthCell;
      expect(clusterCell.accountId).toBe(cell.accountId);
      expect(await clusters(clusterCell)).toHaveLength(clusterCell.count);
    }
    expect(instanceCells.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(0);
  });

  it('follows pages of 20 and of the default 100 to the same end', async () => {
    const big = await startSandbox({ ...sdkSandboxOptions, accounts: 1, scale: 40_000 });
    try {
      const [instanceCell] = truthCells(big.truth(), 'rds.db_instance');
      const [clusterCell] = truthCells(big.truth(), 'rds.db_cluster');
      if (!instanceCell || !clusterCell) throw new Error('no cells');
      const all = await instances(instanceCell, undefined, big);
      expect(all.items).toHaveLength(instanceCell.count);
      expect(all.pages.slice(0, -1).every((n) => n === 100)).toBe(true);
      for (const pageSize of [20, 23]) {
        const paged = await instances(instanceCell, pageSize, big);
        expect(paged.pages.length).toBeGreaterThan(5);
        expect(paged.items.map((i) => i.DBInstanceIdentifier)).toEqual(all.items.map((i) => i.DBInstanceIdentifier));
      }
      const everyCluster = await clusters(clusterCell, undefined, big);
      expect(everyCluster).toHaveLength(clusterCell.count);
      expect((await clusters(clusterCell, 20, big)).map((c) => c.DBClusterArn)).toEqual(everyCluster.map((c) => c.DBClusterArn));
    } finally {
      await big.close();
    }
  });

  it('links clusters and their member instances both ways, and reads tags of both', async () => {
    for (const [n, cell] of instanceCells.entries()) {
      const rds = client(cell);
      const { items } = await instances(cell);
      const byId = new Map(items.map((i) => [i.DBInstanceIdentifier, i]));
      for (const cluster of await clusters(clusterCells[n] as TruthCell)) {
        const members = cluster.DBClusterMembers ?? [];
        expect(members.length).toBeGreaterThan(0);
        for (const member of members) expect(byId.get(member.DBInstanceIdentifier)?.DBClusterIdentifier).toBe(cluster.DBClusterIdentifier);
        const filtered = await rds.send(
          new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [cluster.DBClusterIdentifier ?? ''] }] }),
        );
        expect(filtered.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(members.map((m) => m.DBInstanceIdentifier));
        const single = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: cluster.DBClusterIdentifier }));
        expect(single.DBClusters).toEqual([cluster]);
        const { TagList } = await rds.send(new ListTagsForResourceCommand({ ResourceName: cluster.DBClusterArn }));
        expect(TagList ?? []).toEqual(cluster.TagList ?? []);
      }
      for (const instance of items) {
        expect(instance.DBSubnetGroup?.VpcId).toMatch(/^vpc-/);
        expect(instance.Endpoint?.Address).toContain(`.${cell.region}.rds.amazonaws.com`);
        const { TagList } = await rds.send(new ListTagsForResourceCommand({ ResourceName: instance.DBInstanceArn }));
        expect(TagList ?? []).toEqual(instance.TagList ?? []);
      }
    }
  });

  it('fails with the typed RDS exceptions', async () => {
    const cell = instanceCells[0] as TruthCell;
    const rds = client(cell);
    await expect(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'no-such-db' }))).rejects.toBeInstanceOf(DBInstanceNotFoundFault);
    await expect(rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'no-such-cluster' }))).rejects.toBeInstanceOf(DBClusterNotFoundFault);
    const arn = `arn:aws:rds:${cell.region}:${cell.accountId}`;
    await expect(rds.send(new ListTagsForResourceCommand({ ResourceName: `${arn}:db:no-such-db` }))).rejects.toBeInstanceOf(DBInstanceNotFoundFault);
    await expect(rds.send(new ListTagsForResourceCommand({ ResourceName: `${arn}:cluster:nope` }))).rejects.toBeInstanceOf(DBClusterNotFoundFault);
    await expect(rds.send(new DescribeDBInstancesCommand({ MaxRecords: 5 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});
