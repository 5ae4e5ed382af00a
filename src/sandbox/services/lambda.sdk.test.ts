import {
  GetFunctionCommand,
  GetPolicyCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  paginateListFunctions,
  ResourceNotFoundException,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('lambda through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell, box: Sandbox = sandbox) => new LambdaClient(clientConfig(box, cell));

  async function functions(cell: TruthCell, pageSize?: number, box: Sandbox = sandbox): Promise<{ items: FunctionConfiguration[]; pages: number[] }> {
    const items: FunctionConfiguration[] = [];
    const pages: number[] = [];
    for await (const page of paginateListFunctions({ client: client(cell, box), ...(pageSize ? { pageSize } : {}) }, {})) {
      items.push(...(page.Functions ?? []));
      pages.push(page.Functions?.length ?? 0);
    }
    return { items, pages };
  }

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'lambda.function');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of functions in every account and region, with any page size', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      const { items } = await functions(cell);
      expect(items).toHaveLength(cell.count);
      expect(new Set(items.map((f) => f.FunctionArn)).size).toBe(cell.count);
      for (const f of items) expect(f.FunctionArn).toBe(`arn:aws:lambda:${cell.region}:${cell.accountId}:function:${f.FunctionName ?? ''}`);
    }
    const cell = cells[0] as TruthCell;
    const all = (await functions(cell)).items.map((f) => f.FunctionName);
    for (const pageSize of [1, 2, 3, 5]) {
      const { items, pages } = await functions(cell, pageSize);
      expect(items.map((f) => f.FunctionName)).toEqual(all);
      expect(Math.max(...pages)).toBe(pageSize);
    }
    expect(cells.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(0);
  });

  it('follows pages of 50, the most Lambda returns, to the end', async () => {
    const big = await startSandbox({ ...sdkSandboxOptions, accounts: 1, scale: 20_000 });
    try {
      for (const cell of truthCells(big.truth(), 'lambda.function')) {
        const { items, pages } = await functions(cell, 1000, big);
        expect(pages.length).toBeGreaterThan(1);
        expect(pages.slice(0, -1).every((n) => n === 50)).toBe(true);
        expect(new Set(items.map((f) => f.FunctionArn)).size).toBe(cell.count);
      }
    } finally {
      await big.close();
    }
  });

  it('reads every function, its tags and its resource policy', async () => {
    let policies = 0;
    for (const cell of cells) {
      const lambda = client(cell);
      for (const f of (await functions(cell)).items) {
        const out = await lambda.send(new GetFunctionCommand({ FunctionName: f.FunctionArn }));
        expect(out.Configuration).toEqual(f);
        expect(out.Code?.RepositoryType).toMatch(/^(S3|ECR)$/);
        expect(f.Role).toMatch(new RegExp(`^arn:aws:iam::${cell.accountId}:role/`));
        expect(f.LastModified).toMatch(/\.\d{3}\+0000$/);
        const { Tags } = await lambda.send(new ListTagsCommand({ Resource: f.FunctionArn }));
        expect(Tags ?? {}).toEqual(out.Tags ?? {});
        try {
          const { Policy } = await lambda.send(new GetPolicyCommand({ FunctionName: f.FunctionName }));
          expect(JSON.parse(Policy ?? '').Statement[0].Resource).toBe(f.FunctionArn);
          policies += 1;
        } catch (error) {
          expect(error).toBeInstanceOf(ResourceNotFoundException);
        }
      }
    }
    expect(policies).toBeGreaterThan(0);
  });

  it('fails with the typed Lambda exceptions', async () => {
    const cell = cells[0] as TruthCell;
    const lambda = client(cell);
    const missing = `arn:aws:lambda:${cell.region}:${cell.accountId}:function:no-such-function`;
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'no-such-function' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(lambda.send(new GetPolicyCommand({ FunctionName: 'no-such-function' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(lambda.send(new ListTagsCommand({ Resource: missing }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(lambda.send(new ListFunctionsCommand({ MaxItems: 0 }))).rejects.toBeInstanceOf(InvalidParameterValueException);
    // Another account's function is not visible with this account's credentials.
    const other = cells.find((c) => c.accountId !== cell.accountId && c.count > 0) as TruthCell;
    const [foreign] = (await functions(other)).items;
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: foreign?.FunctionArn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
