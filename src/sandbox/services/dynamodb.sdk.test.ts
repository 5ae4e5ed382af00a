import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTableReplicaAutoScalingCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  paginateListTables,
  ResourceNotFoundException,
  TableNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('dynamodb through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell, box: Sandbox = sandbox) => new DynamoDBClient(clientConfig(box, cell));

  const tableNames = (cell: TruthCell, pageSize?: number, box: Sandbox = sandbox) =>
    drain(paginateListTables({ client: client(cell, box), pageSize }, {}), (p) => p.TableNames);

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'dynamodb.table');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of tables in every account and region, with any page size', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      await expectListingMatchesTruth(cell, (pageSize) => tableNames(cell, pageSize), { key: (name) => name, pageSizes: [1, 2, 3, 4, 5] });
    }
    expect(cells.some((c) => c.count > 5)).toBe(true);
  });

  it('follows pages of 100 to the end', async () => {
    const big = await startSandbox({ ...sdkSandboxOptions, accounts: 1, scale: 20_000 });
    try {
      const cells = truthCells(big.truth(), 'dynamodb.table');
      expect(cells.some((cell) => cell.count > 100)).toBe(true);
      for (const cell of cells) await expectListingMatchesTruth(cell, () => tableNames(cell, undefined, big), { key: (name) => name, defaultPageSize: 100 });
    } finally {
      await big.close();
    }
  });

  it('describes every table and reads its tags', async () => {
    for (const cell of cells) {
      const dynamodb = client(cell);
      for (const name of (await tableNames(cell)).items) {
        const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
        expect(Table?.TableName).toBe(name);
        expect(Table?.TableArn).toBe(`arn:aws:dynamodb:${cell.region}:${cell.accountId}:table/${name}`);
        expect(Table?.TableStatus).toBe('ACTIVE');
        expect(Table?.CreationDateTime).toBeInstanceOf(Date);
        expect(Table?.KeySchema?.[0]?.KeyType).toBe('HASH');
        const { Tags } = await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: Table?.TableArn }));
        expect(Array.isArray(Tags)).toBe(true);
      }
    }
  });

  it('fails with the typed DynamoDB exceptions', async () => {
    const cell = cells[0] as TruthCell;
    const dynamodb = client(cell);
    await expect(dynamodb.send(new DescribeTableCommand({ TableName: 'no-such-table' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const arn = `arn:aws:dynamodb:${cell.region}:${cell.accountId}:table/no-such-table`;
    await expect(dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(dynamodb.send(new ListTablesCommand({ Limit: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('describes continuous backups of every table and the replicas of global tables, as many as the truth counts', async () => {
    const backups = truthCells(sandbox.truth(), 'dynamodb.continuous_backups');
    const replicas = truthCells(sandbox.truth(), 'dynamodb.replica_auto_scaling');
    let global = 0;
    for (const cell of cells) {
      const dynamodb = client(cell);
      const at = (list: TruthCell[]) => list.find((c) => c.accountId === cell.accountId && c.region === cell.region)?.count;
      let described = 0;
      let replicaCount = 0;
      for (const name of (await tableNames(cell)).items) {
        const { ContinuousBackupsDescription: backup } = await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: name }));
        expect(backup?.ContinuousBackupsStatus).toBe('ENABLED');
        const recovery = backup?.PointInTimeRecoveryDescription;
        if (recovery?.PointInTimeRecoveryStatus === 'ENABLED') expect(recovery.LatestRestorableDateTime).toBeInstanceOf(Date);
        described += 1;
        const { TableAutoScalingDescription: scaling } = await dynamodb.send(new DescribeTableReplicaAutoScalingCommand({ TableName: name }));
        const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
        if (Table?.GlobalTableVersion) {
          global += 1;
          expect(scaling?.Replicas?.map((r) => r.RegionName)).toContain(cell.region);
          expect(scaling?.Replicas?.length).toBe((Table.Replicas?.length ?? 0) + 1);
        }
        replicaCount += scaling?.Replicas?.length ?? 0;
      }
      expect(described).toBe(at(backups));
      expect(replicaCount).toBe(at(replicas));
    }
    expect(global).toBeGreaterThan(0);
  });

  it('fails DescribeContinuousBackups with TableNotFoundException and DescribeTableReplicaAutoScaling with ResourceNotFoundException', async () => {
    const dynamodb = client(cells[0] as TruthCell);
    await expect(dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: 'no-such-table' }))).rejects.toBeInstanceOf(TableNotFoundException);
    await expect(dynamodb.send(new DescribeTableReplicaAutoScalingCommand({ TableName: 'no-such-table' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
