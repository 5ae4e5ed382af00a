import {
  DBClusterBacktrackNotFoundFault,
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClusterBacktracksCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  paginateDescribeDBClusterBacktracks,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
  RDSServiceException,
  type DBCluster,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from '../sdk-testing.js';

describe('rds through the AWS SDK', () => {
  let sandbox: Sandbox;
  let instanceCells: TruthCell[];
  let clusterCells: TruthCell[];
  const client = (cell: { accountId: string; region: string }, box: Sandbox = sandbox) => new RDSClient(clientConfig(box, cell));

  const instances = (cell: TruthCell, pageSize?: number, box: Sandbox = sandbox) =>
    drain(paginateDescribeDBInstances({ client: client(cell, box), pageSize }, {}), (p) => p.DBInstances);
  const clusters = (cell: TruthCell, pageSize?: number, box: Sandbox = sandbox) =>
    drain(paginateDescribeDBClusters({ client: client(cell, box), pageSize }, {}), (p) => p.DBClusters);
  const instanceArn = (i: DBInstance) => i.DBInstanceArn;
  const clusterArn = (c: DBCluster) => c.DBClusterArn;

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    instanceCells = truthCells(sandbox.truth(), 'rds.db_instance');
    clusterCells = truthCells(sandbox.truth(), 'rds.db_cluster');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of instances and clusters in every account and region', async () => {
    expect(instanceCells.length).toBe(6);
    expect(clusterCells.map((c) => c.accountId)).toEqual(instanceCells.map((c) => c.accountId));
    for (const cell of instanceCells) await expectListingMatchesTruth(cell, (pageSize) => instances(cell, pageSize), { key: instanceArn });
    for (const cell of clusterCells) await expectListingMatchesTruth(cell, (pageSize) => clusters(cell, pageSize), { key: clusterArn });
    expect(instanceCells.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(0);
  });

  it('follows pages of 20 and of the default 100 to the same end', async () => {
    const big = await startSandbox({ ...sdkSandboxOptions, accounts: 1, scale: 40_000 });
    try {
      const [instanceCell] = truthCells(big.truth(), 'rds.db_instance');
      const [clusterCell] = truthCells(big.truth(), 'rds.db_cluster');
      if (!instanceCell || !clusterCell) throw new Error('no cells');
      // More than five pages at either size.
      expect(instanceCell.count).toBeGreaterThan(5 * 23);
      const listInstances = (pageSize?: number) => instances(instanceCell, pageSize, big);
      await expectListingMatchesTruth(instanceCell, listInstances, { key: instanceArn, pageSizes: [20, 23], defaultPageSize: 100 });
      await expectListingMatchesTruth(clusterCell, (pageSize) => clusters(clusterCell, pageSize, big), { key: clusterArn, pageSizes: [20] });
    } finally {
      await big.close();
    }
  });

  it('links clusters and their member instances both ways, and reads tags of both', async () => {
    for (const [n, cell] of instanceCells.entries()) {
      const rds = client(cell);
      const { items } = await instances(cell);
      const byId = new Map(items.map((i) => [i.DBInstanceIdentifier, i]));
      for (const cluster of (await clusters(clusterCells[n] as TruthCell)).items) {
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

  it('lists the ground truth of backtracks of every Aurora MySQL cluster with a window, and refuses the others', async () => {
    const big = await startSandbox({ ...sdkSandboxOptions, accounts: 2, scale: 20_000 });
    try {
      const backtrackCells = truthCells(big.truth(), 'rds.db_cluster_backtrack');
      let refused = 0;
      for (const cell of backtrackCells) {
        const rds = client(cell, big);
        let listed = 0;
        for (const cluster of (await drain(paginateDescribeDBClusters({ client: rds }, {}), (p) => p.DBClusters)).items) {
          const DBClusterIdentifier = cluster.DBClusterIdentifier ?? '';
          if (cluster.BacktrackWindow === undefined) {
            const error = await rds.send(new DescribeDBClusterBacktracksCommand({ DBClusterIdentifier })).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(RDSServiceException);
            expect((error as RDSServiceException).name).toBe('InvalidParameterCombination');
            refused += 1;
            continue;
          }
          expect(cluster.EarliestBacktrackTime).toBeInstanceOf(Date);
          const { items } = await drain(paginateDescribeDBClusterBacktracks({ client: rds, pageSize: 20 }, { DBClusterIdentifier }), (p) => p.DBClusterBacktracks);
          for (const backtrack of items) {
            expect(backtrack.DBClusterIdentifier).toBe(DBClusterIdentifier);
            expect(backtrack.BacktrackTo).toBeInstanceOf(Date);
            const one = await rds.send(new DescribeDBClusterBacktracksCommand({ DBClusterIdentifier, BacktrackIdentifier: backtrack.BacktrackIdentifier }));
            expect(one.DBClusterBacktracks).toEqual([backtrack]);
          }
          const unknown = { DBClusterIdentifier, BacktrackIdentifier: '00000000-0000-4000-8000-000000000000' };
          await expect(rds.send(new DescribeDBClusterBacktracksCommand(unknown))).rejects.toBeInstanceOf(DBClusterBacktrackNotFoundFault);
          listed += items.length;
        }
        expect(listed, `${cell.accountId} ${cell.region}`).toBe(cell.count);
      }
      expect(backtrackCells.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    } finally {
      await big.close();
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
    await expect(rds.send(new DescribeDBClusterBacktracksCommand({ DBClusterIdentifier: 'no-such-cluster' }))).rejects.toBeInstanceOf(DBClusterNotFoundFault);
  });
});
