import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { kinds, lambdaService } from './lambda.js';
import type { Input, Output } from './service.js';
import { sqsService } from './sqs.js';
import { dynamodbService } from './dynamodb.js';
import { collectPages, failureOf } from './test-paging.js';
import { kmsKeyProblem, roleProblem, vpcProblem } from './test-references.js';
import { testContext, testUniverse } from './testing.js';

const universe = testUniverse();
const count = (u: Universe, cell: Cell) => kinds[0]?.count(u, cell) ?? -1;

function call(op: string, input: Input, cell: Cell, u: Universe = universe): Output {
  const handler = lambdaService.handlers[op];
  if (!handler) throw new Error(`no ${op}`);
  return handler(input, testContext(u, 'lambda', op, cell)) as Output;
}

async function listAll(cell: Cell, input: Input = {}, u: Universe = universe): Promise<Array<Record<string, unknown>>> {
  const ctx = testContext(u, 'lambda', 'ListFunctions', cell);
  const { items } = await collectPages(lambdaService.handlers.ListFunctions, ctx, input);
  return items as Array<Record<string, unknown>>;
}

/** The cell of the test universe with the most functions, so paging has several pages. */
const busiest = universe.cells('regional').reduce((a, b) => (count(universe, b) > count(universe, a) ? b : a));

describe('lambda ListFunctions', () => {
  it('lists exactly count() functions in every cell, each once', async () => {
    let total = 0;
    for (const cell of universe.cells('regional')) {
      const items = await listAll(cell);
      expect(items.length).toBe(count(universe, cell));
      expect(new Set(items.map((f) => f.FunctionName)).size).toBe(items.length);
      for (const f of items) expect(f.FunctionArn).toBe(`arn:aws:lambda:${cell.region}:${cell.accountId}:function:${String(f.FunctionName)}`);
      total += items.length;
    }
    expect(total).toBe(universe.cells('regional').reduce((sum, c) => sum + universe.allocated(c, 'lambda.function'), 0));
    expect(total).toBeGreaterThan(0);
  });

  it('gives the same functions with any page size, and at most 50 per page', async () => {
    const all = await listAll(busiest);
    expect(all.length).toBeGreaterThan(5);
    for (const size of [1, 2, 3, 4, 5, 10_000]) {
      const ctx = testContext(universe, 'lambda', 'ListFunctions', busiest);
      const { items, pageSizes } = await collectPages(lambdaService.handlers.ListFunctions, ctx, { MaxItems: size });
      expect(items).toEqual(all);
      expect(Math.max(...pageSizes)).toBe(Math.min(size, 50, all.length));
    }
    const big = testUniverse({ scale: 40_000 });
    const cell = big.cells('regional')[0] as Cell;
    const { pageSizes } = await collectPages(lambdaService.handlers.ListFunctions, testContext(big, 'lambda', 'ListFunctions', cell));
    expect(pageSizes.length).toBeGreaterThan(1);
    expect(pageSizes[0]).toBe(50);
  });

  it('rejects MaxItems outside 1..10000', async () => {
    for (const MaxItems of [0, 10_001]) {
      const error = await failureOf(() => call('ListFunctions', { MaxItems }, busiest));
      expect(error.code).toBe('InvalidParameterValueException');
    }
  });

  it('has no functions in suspended accounts or regions that are not opted in', async () => {
    const u = testUniverse({ suspendedAccounts: 1, notOptedIn: [{ accountId: testUniverse().org.accounts[1]?.id ?? '', region: 'eu-west-1' }] });
    const suspended = u.org.accounts.find((a) => a.status === 'SUSPENDED');
    const member = u.org.accounts[1];
    if (!suspended || !member) throw new Error('test universe lacks accounts');
    for (const cell of [{ accountId: suspended.id, region: 'us-east-1' }, { accountId: member.id, region: 'eu-west-1' }]) {
      expect(count(u, cell)).toBe(0);
      expect(await listAll(cell, {}, u)).toEqual([]);
    }
  });
});

describe('lambda GetFunction, ListTags, GetPolicy', () => {
  it('finds every function by name, ARN, partial ARN and $LATEST', async () => {
    const items = await listAll(busiest);
    for (const f of items) {
      const name = String(f.FunctionName);
      const arn = String(f.FunctionArn);
      for (const FunctionName of [name, arn, `${arn}:$LATEST`, `${busiest.accountId}:function:${name}`]) {
        const out = call('GetFunction', { FunctionName }, busiest);
        expect(out.Configuration).toEqual(f);
      }
      expect(call('GetFunction', { FunctionName: name, Qualifier: '$LATEST' }, busiest).Configuration).toEqual(f);
      const code = call('GetFunction', { FunctionName: name }, busiest).Code as Record<string, unknown>;
      if (f.PackageType === 'Zip') expect(code).toMatchObject({ RepositoryType: 'S3', Location: expect.stringMatching(/^https:\/\//) });
      else expect(code).toMatchObject({ RepositoryType: 'ECR', ImageUri: expect.stringContaining('.dkr.ecr.') });
      expect(f.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    }
  });

  it('answers 404 ResourceNotFoundException for functions that do not exist', async () => {
    const [first] = await listAll(busiest);
    const name = String(first?.FunctionName);
    const arn = String(first?.FunctionArn);
    const other: Cell = { accountId: busiest.accountId, region: busiest.region === 'us-east-1' ? 'eu-west-1' : 'us-east-1' };
    const missing = [
      { FunctionName: 'no-such-function' },
      { FunctionName: name.replace(/\d{4}$/, '9999') },
      { FunctionName: name.replace(/^[a-z]+/, 'zzz') },
      { FunctionName: arn.replace(busiest.region, other.region) },
      { FunctionName: name, Qualifier: '7' },
    ];
    for (const input of missing) {
      const error = await failureOf(() => call('GetFunction', input, busiest));
      expect([error.code, error.status]).toEqual(['ResourceNotFoundException', 404]);
    }
    const error = await failureOf(() => call('ListTags', { Resource: arn.replace(/\d{4}$/, '9999') }, busiest));
    expect([error.code, error.status]).toEqual(['ResourceNotFoundException', 404]);
  });

  it('ListTags returns the tags GetFunction returns', async () => {
    let tagged = 0;
    for (const f of await listAll(busiest)) {
      const tags = call('ListTags', { Resource: String(f.FunctionArn) }, busiest).Tags as Record<string, string>;
      expect(call('GetFunction', { FunctionName: String(f.FunctionName) }, busiest).Tags ?? {}).toEqual(tags);
      if (Object.keys(tags).length > 0) tagged += 1;
    }
    expect(tagged).toBeGreaterThan(0);
  });

  it('has a resource policy on some functions and 404 on the others', async () => {
    let withPolicy = 0;
    let without = 0;
    for (const f of await listAll(busiest, {}, universe)) {
      try {
        const out = call('GetPolicy', { FunctionName: String(f.FunctionName) }, busiest);
        const policy = JSON.parse(String(out.Policy)) as { Statement: Array<{ Resource: string; Action: string }> };
        expect(policy.Statement[0]).toMatchObject({ Resource: f.FunctionArn, Action: 'lambda:InvokeFunction' });
        expect(out.RevisionId).toBe(f.RevisionId);
        withPolicy += 1;
      } catch (error) {
        expect(error).toMatchObject({ code: 'ResourceNotFoundException', status: 404 });
        without += 1;
      }
    }
    expect(withPolicy).toBeGreaterThan(0);
    expect(without).toBeGreaterThan(0);
  });
});

describe('lambda references', () => {
  it('points at roles, VPCs, keys, queues and tables that exist', async () => {
    const seen = { vpc: 0, dlq: 0, table: 0, kms: 0 };
    const big = testUniverse({ scale: 20_000 });
    for (const cell of big.cells('regional').slice(0, 3)) {
      for (const f of await listAll(cell, {}, big)) {
        expect(roleProblem(big, String(f.Role))).toBeUndefined();
        const vpc = f.VpcConfig as { VpcId: string; SubnetIds: string[]; SecurityGroupIds: string[] } | undefined;
        if (vpc) {
          seen.vpc += 1;
          expect(vpcProblem(big, cell, { vpcId: vpc.VpcId, subnetIds: vpc.SubnetIds, securityGroupIds: vpc.SecurityGroupIds })).toBeUndefined();
        }
        if (typeof f.KMSKeyArn === 'string') {
          seen.kms += 1;
          expect(kmsKeyProblem(big, cell, f.KMSKeyArn)).toBeUndefined();
        }
        const dlq = (f.DeadLetterConfig as { TargetArn?: string } | undefined)?.TargetArn;
        if (dlq) {
          seen.dlq += 1;
          const name = dlq.split(':').pop() ?? '';
          const url = `http://127.0.0.1:4566/${cell.accountId}/${name}`;
          const attributes = sqsService.handlers.GetQueueAttributes?.({ QueueUrl: url, AttributeNames: ['QueueArn'] }, testContext(big, 'sqs', 'GetQueueAttributes', cell)) as Output;
          expect(attributes.Attributes).toEqual({ QueueArn: dlq });
        }
        const table = (f.Environment as { Variables: Record<string, string> } | undefined)?.Variables.TABLE_NAME;
        if (table) {
          seen.table += 1;
          const out = dynamodbService.handlers.DescribeTable?.({ TableName: table }, testContext(big, 'dynamodb', 'DescribeTable', cell)) as Output;
          expect((out.Table as { TableName: string }).TableName).toBe(table);
        }
      }
    }
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });
});

describe('lambda determinism', () => {
  it('gives the same functions for the same seed and other names for another seed', async () => {
    const again = await listAll(busiest, {}, testUniverse());
    expect(again).toEqual(await listAll(busiest));
    const other = testUniverse({ seed: 8 });
    const cell = other.cells('regional')[0] as Cell;
    const first = await listAll(cell, {}, other);
    const mine = await listAll(universe.cells('regional')[0] as Cell);
    expect(first.map((f) => f.FunctionName)).not.toEqual(mine.map((f) => f.FunctionName));
  });
});
