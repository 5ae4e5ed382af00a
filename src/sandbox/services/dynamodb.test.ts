import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { dynamodbService, kinds } from './dynamodb.js';
import type { Input, Output } from './service.js';
import { collectPages, failureOf } from './test-paging.js';
import { kmsKeyProblem } from './test-references.js';
import { testContext, testUniverse } from './testing.js';

const universe = testUniverse();
const count = (u: Universe, cell: Cell) => kinds[0]?.count(u, cell) ?? -1;

function call(op: string, input: Input, cell: Cell, u: Universe = universe): Output {
  const handler = dynamodbService.handlers[op];
  if (!handler) throw new Error(`no ${op}`);
  return handler(input, testContext(u, 'dynamodb', op, cell)) as Output;
}

async function tableNames(cell: Cell, input: Input = {}, u: Universe = universe): Promise<string[]> {
  const { items } = await collectPages(dynamodbService.handlers.ListTables, testContext(u, 'dynamodb', 'ListTables', cell), input);
  return items as string[];
}

interface Table {
  TableName: string;
  TableArn: string;
  KeySchema: Array<{ AttributeName: string; KeyType: string }>;
  AttributeDefinitions: Array<{ AttributeName: string }>;
  GlobalSecondaryIndexes?: Array<{ KeySchema: Array<{ AttributeName: string }>; IndexArn: string }>;
  LatestStreamArn?: string;
  StreamSpecification?: { StreamEnabled: boolean };
  BillingModeSummary: { BillingMode: string };
  ProvisionedThroughput: { ReadCapacityUnits: number };
  SSEDescription?: { KMSMasterKeyArn: string };
}

function describeTable(name: string, cell: Cell, u: Universe = universe): Table {
  return call('DescribeTable', { TableName: name }, cell, u).Table as Table;
}

const busiest = universe.cells('regional').reduce((a, b) => (count(universe, b) > count(universe, a) ? b : a));

describe('dynamodb ListTables', () => {
  it('lists exactly count() tables in every cell', async () => {
    let total = 0;
    for (const cell of universe.cells('regional')) {
      const names = await tableNames(cell);
      expect(names.length).toBe(count(universe, cell));
      expect(new Set(names).size).toBe(names.length);
      total += names.length;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('gives the same tables with Limit 1..5 and pages of at most 100 by default', async () => {
    const all = await tableNames(busiest);
    expect(all.length).toBeGreaterThan(5);
    for (const Limit of [1, 2, 3, 4, 5]) {
      const ctx = testContext(universe, 'dynamodb', 'ListTables', busiest);
      const { items, pageSizes } = await collectPages(dynamodbService.handlers.ListTables, ctx, { Limit });
      expect(items).toEqual(all);
      expect(Math.max(...pageSizes)).toBe(Limit);
    }
    const big = testUniverse({ scale: 60_000 });
    const cell = big.cells('regional')[0] as Cell;
    const { items, pageSizes } = await collectPages(dynamodbService.handlers.ListTables, testContext(big, 'dynamodb', 'ListTables', cell));
    expect(items.length).toBe(count(big, cell));
    expect(pageSizes[0]).toBe(100);
    expect(pageSizes.length).toBeGreaterThan(1);
  });

  it('resumes after the last table of a page, and ends after a name it does not know', () => {
    const first = call('ListTables', { Limit: 2 }, busiest);
    const names = first.TableNames as string[];
    expect(first.LastEvaluatedTableName).toBe(names[1]);
    const second = call('ListTables', { Limit: 2, ExclusiveStartTableName: names[1] }, busiest);
    expect((second.TableNames as string[])[0]).not.toBe(names[1]);
    expect(call('ListTables', { ExclusiveStartTableName: 'not-a-generated-name' }, busiest)).toEqual({ TableNames: [] });
  });

  it('rejects Limit outside 1..100 with ValidationException', async () => {
    for (const Limit of [0, 101]) expect((await failureOf(() => call('ListTables', { Limit }, busiest))).code).toBe('ValidationException');
  });
});

describe('dynamodb DescribeTable and ListTagsOfResource', () => {
  it('describes every listed table by name and by ARN, consistently', async () => {
    const shapes = { gsi: 0, stream: 0, provisioned: 0, onDemand: 0, sse: 0 };
    const big = testUniverse({ scale: 20_000 });
    for (const cell of big.cells('regional').slice(0, 3)) {
      for (const name of await tableNames(cell, {}, big)) {
        const table = describeTable(name, cell, big);
        expect(table.TableName).toBe(name);
        expect(table.TableArn).toBe(`arn:aws:dynamodb:${cell.region}:${cell.accountId}:table/${name}`);
        expect(describeTable(table.TableArn, cell, big)).toEqual(table);
        // Every key attribute of the table and its indexes is declared, and nothing else.
        const keys = new Set([...table.KeySchema, ...(table.GlobalSecondaryIndexes ?? []).flatMap((g) => g.KeySchema)].map((k) => k.AttributeName));
        expect(new Set(table.AttributeDefinitions.map((a) => a.AttributeName))).toEqual(keys);
        expect(table.KeySchema[0]?.KeyType).toBe('HASH');
        if (table.GlobalSecondaryIndexes) {
          shapes.gsi += 1;
          for (const g of table.GlobalSecondaryIndexes) expect(g.IndexArn.startsWith(`${table.TableArn}/index/`)).toBe(true);
        }
        if (table.StreamSpecification) {
          shapes.stream += 1;
          expect(table.LatestStreamArn?.startsWith(`${table.TableArn}/stream/`)).toBe(true);
        }
        if (table.BillingModeSummary.BillingMode === 'PROVISIONED') {
          shapes.provisioned += 1;
          expect(table.ProvisionedThroughput.ReadCapacityUnits).toBeGreaterThan(0);
        } else shapes.onDemand += 1;
        if (table.SSEDescription) {
          shapes.sse += 1;
          expect(kmsKeyProblem(big, cell, table.SSEDescription.KMSMasterKeyArn)).toBeUndefined();
        }
      }
    }
    expect(Object.values(shapes).every((n) => n > 0)).toBe(true);
  });

  it('answers ResourceNotFoundException (400) for tables that do not exist', async () => {
    const [name = ''] = await tableNames(busiest);
    const other = busiest.region === 'us-east-1' ? 'eu-west-1' : 'us-east-1';
    const arn = `arn:aws:dynamodb:${busiest.region}:${busiest.accountId}:table/${name}`;
    for (const TableName of ['missing', name.replace(/\d{4}$/, '9999'), `x${name}`, arn.replace(busiest.region, other)]) {
      const error = await failureOf(() => call('DescribeTable', { TableName }, busiest));
      expect([error.code, error.status]).toEqual(['ResourceNotFoundException', 400]);
    }
    const error = await failureOf(() => call('ListTagsOfResource', { ResourceArn: `${arn}x` }, busiest));
    expect([error.code, error.status]).toEqual(['ResourceNotFoundException', 400]);
    expect((await failureOf(() => call('ListTagsOfResource', { ResourceArn: 'nope' }, busiest))).code).toBe('ValidationException');
  });

  it('lists tags as Key/Value pairs for each table', async () => {
    let tagged = 0;
    for (const name of await tableNames(busiest)) {
      const arn = describeTable(name, busiest).TableArn;
      const tags = call('ListTagsOfResource', { ResourceArn: arn }, busiest).Tags as Array<{ Key: string; Value: string }>;
      for (const tag of tags) expect(Object.keys(tag).sort()).toEqual(['Key', 'Value']);
      if (tags.length > 0) tagged += 1;
    }
    expect(tagged).toBeGreaterThan(0);
  });
});

describe('dynamodb determinism', () => {
  it('gives the same tables for the same seed and other names for another seed', async () => {
    const names = await tableNames(busiest);
    expect(await tableNames(busiest, {}, testUniverse())).toEqual(names);
    expect(names.map((n) => describeTable(n, busiest, testUniverse()))).toEqual(names.map((n) => describeTable(n, busiest)));
    const other = testUniverse({ seed: 99 });
    const otherNames = await tableNames(other.cells('regional')[0] as Cell, {}, other);
    expect(otherNames).not.toEqual(await tableNames(universe.cells('regional')[0] as Cell));
  });
});

describe('dynamodb DescribeContinuousBackups and DescribeTableReplicaAutoScaling', () => {
  const kindCount = (kind: string, cell: Cell, u: Universe) => kinds.find((k) => k.kind === kind)?.count(u, cell) ?? -1;
  const big = testUniverse({ scale: 20_000 });

  it('describes continuous backups for every table, point-in-time recovery on for some', async () => {
    const pitr = { ENABLED: 0, DISABLED: 0 };
    for (const cell of big.cells('regional').slice(0, 3)) {
      const names = await tableNames(cell, {}, big);
      expect(names.length).toBe(kindCount('dynamodb.continuous_backups', cell, big));
      for (const name of names) {
        const out = call('DescribeContinuousBackups', { TableName: name }, cell, big).ContinuousBackupsDescription as Output;
        expect(out.ContinuousBackupsStatus).toBe('ENABLED');
        const recovery = out.PointInTimeRecoveryDescription as { PointInTimeRecoveryStatus: 'ENABLED' | 'DISABLED'; EarliestRestorableDateTime?: Date; LatestRestorableDateTime?: Date };
        pitr[recovery.PointInTimeRecoveryStatus] += 1;
        if (recovery.PointInTimeRecoveryStatus === 'ENABLED') {
          expect(recovery.EarliestRestorableDateTime?.getTime()).toBeLessThanOrEqual(recovery.LatestRestorableDateTime?.getTime() ?? 0);
        } else expect(recovery.EarliestRestorableDateTime).toBeUndefined();
      }
    }
    expect(pitr.ENABLED).toBeGreaterThan(0);
    expect(pitr.DISABLED).toBeGreaterThan(0);
  });

  it('describes the replicas of global tables (this region included), as many as the kind counts, and none otherwise', async () => {
    let global = 0;
    for (const cell of big.cells('regional').slice(0, 3)) {
      let replicas = 0;
      for (const name of await tableNames(cell, {}, big)) {
        const table = call('DescribeTable', { TableName: name }, cell, big).Table as Output;
        const scaling = call('DescribeTableReplicaAutoScaling', { TableName: name }, cell, big).TableAutoScalingDescription as Output;
        expect(scaling.TableName).toBe(name);
        const regions = (scaling.Replicas as Array<{ RegionName: string; ReplicaProvisionedReadCapacityAutoScalingSettings?: unknown }>).map((r) => r.RegionName);
        const others = ((table.Replicas ?? []) as Array<{ RegionName: string }>).map((r) => r.RegionName);
        if (table.GlobalTableVersion === '2019.11.21') {
          global += 1;
          expect(others.length).toBeGreaterThan(0);
          // Replicas live outside the sandbox's regions, so no cell has to list them.
          expect(others.some((r) => big.regions.includes(r))).toBe(false);
          expect(regions).toEqual([cell.region, ...others].sort());
          const provisioned = (table.BillingModeSummary as { BillingMode: string }).BillingMode === 'PROVISIONED';
          for (const r of scaling.Replicas as Array<Record<string, unknown>>) expect(r.ReplicaProvisionedReadCapacityAutoScalingSettings !== undefined).toBe(provisioned);
        } else {
          expect(others).toEqual([]);
          expect(regions).toEqual([]);
        }
        replicas += regions.length;
      }
      expect(replicas).toBe(kindCount('dynamodb.replica_auto_scaling', cell, big));
    }
    expect(global).toBeGreaterThan(0);
  });

  it('answers each operation\'s not-found code: TableNotFoundException and ResourceNotFoundException', async () => {
    expect((await failureOf(() => call('DescribeContinuousBackups', { TableName: 'no-such-table' }, busiest))).code).toBe('TableNotFoundException');
    expect((await failureOf(() => call('DescribeTableReplicaAutoScaling', { TableName: 'no-such-table' }, busiest))).code).toBe('ResourceNotFoundException');
    const [name = ''] = await tableNames(busiest);
    const arn = `arn:aws:dynamodb:${busiest.region}:${busiest.accountId}:table/${name}`;
    expect(call('DescribeContinuousBackups', { TableName: arn }, busiest)).toEqual(call('DescribeContinuousBackups', { TableName: name }, busiest));
  });
});
