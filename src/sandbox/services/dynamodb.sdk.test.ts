import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  paginateListTables,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('dynamodb through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell, box: Sandbox = sandbox) => new DynamoDBClient(clientConfig(box, cell));

  async function tableNames(cell: TruthCell, pageSize?: number, box: Sandbox = sandbox): Promise<{ names: string[]; pages: number[] }> {
    const names: string[] = [];
    const pages: number[] = [];
    for await (const page of paginateListTables({ client: client(cell, box), ...(pageSize ? { pageSize } : {}) }, {})) {
      names.push(...(page.TableNames ?? []));
      pages.push(page.TableNames?.length ?? 0);
    }
    return { names, pages };
  }

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'dynamodb.table');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of tables in every account and region, with any page size', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      const { names } = await tableNames(cell);
      expect(names).toHaveLength(cell.count);
      expect(new Set(names).size).toBe(cell.count);
    }
    const cell = cells[0] as TruthCell;
    const { names: all } = await tableNames(cell);
    for (const pageSize of [1, 2, 3, 4, 5]) {
      const { names, pages } = await tableNames(cell, pageSize);
      expect(names).toEqual(all);
      expect(Math.max(...pages)).toBe(pageSize);
    }
  });

  it('follows pages of 100 to the end', async () => {
    const big = await startSandbox({ ...sdkSandboxOptions, accounts: 1, scale: 20_000 });
    try {
      const cells = truthCells(big.truth(), 'dynamodb.table');
      expect(cells.some((cell) => cell.count > 100)).toBe(true);
      for (const cell of cells) {
        const { names, pages } = await tableNames(cell, undefined, big);
        expect(pages.length).toBe(Math.max(1, Math.ceil(cell.count / 100)));
        expect(pages.slice(0, -1).every((n) => n === 100)).toBe(true);
        expect(new Set(names).size).toBe(cell.count);
      }
    } finally {
      await big.close();
    }
  });

  it('describes every table and reads its tags', async () => {
    for (const cell of cells) {
      const dynamodb = client(cell);
      for (const name of (await tableNames(cell)).names) {
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
});
