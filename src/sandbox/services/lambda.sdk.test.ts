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
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('lambda through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell, box: Sandbox = sandbox) => new LambdaClient(clientConfig(box, cell));

  const functions = (cell: TruthCell, pageSize?: number, box: Sandbox = sandbox) =>
    drain(paginateListFunctions({ client: client(cell, box), pageSize }, {}), (p) => p.Functions);
  const arnOf = (f: FunctionConfiguration) => f.FunctionArn;

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'lambda.function');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of functions in every account and region, with any page size', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      const items = await expectListingMatchesTruth(cell, (pageSize) => functions(cell, pageSize), { key: arnOf, pageSizes: [1, 2, 3, 5] });
      for (const f of items) expect(f.FunctionArn).toBe(`arn:aws:lambda:${cell.region}:${cell.accountId}:function:${f.FunctionName ?? ''}`);
    }
    expect(cells.some((c) => c.count > 5)).toBe(true);
  });

  it('follows pages of 50, the most Lambda returns, to the end', async () => {
    const big = await startSandbox({ ...sdkSandboxOptions, accounts: 1, scale: 20_000 });
    try {
      const cells = truthCells(big.truth(), 'lambda.function');
      expect(cells.every((cell) => cell.count > 50)).toBe(true);
      for (const cell of cells) {
        const list = (pageSize?: number) => functions(cell, pageSize, big);
        await expectListingMatchesTruth(cell, list, { key: arnOf, pageSizes: [1000], maxPageSize: 50, defaultPageSize: 50 });
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
