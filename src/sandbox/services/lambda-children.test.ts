import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { dynamodbService } from './dynamodb.js';
import { kinds, lambdaService } from './lambda.js';
import type { Input, Output } from './service.js';
import { sqsService } from './sqs.js';
import { collectPages, failureOf } from './test-paging.js';
import { testContext, testUniverse } from './testing.js';

const universe = testUniverse({ scale: 6000 });
const cells = universe.cells('regional');
const countOf = (kind: string, cell: Cell, u: Universe = universe) => kinds.find((k) => k.kind === kind)?.count(u, cell) ?? -1;

function call(op: string, input: Input, cell: Cell, u: Universe = universe): Output {
  const handler = lambdaService.handlers[op];
  if (!handler) throw new Error(`no ${op}`);
  return handler(input, testContext(u, 'lambda', op, cell)) as Output;
}

async function pages(op: string, cell: Cell, input: Input = {}): Promise<{ items: Output[]; pageSizes: number[] }> {
  const { items, pageSizes } = await collectPages(lambdaService.handlers[op], testContext(universe, 'lambda', op, cell), input);
  return { items: items as Output[], pageSizes };
}

async function functionsOf(cell: Cell): Promise<Output[]> {
  return (await pages('ListFunctions', cell)).items;
}

/** Every item a per-function list operation gives, over all functions of the cell. */
async function perFunction(op: string, cell: Cell): Promise<Array<{ fn: Output; item: Output }>> {
  const out: Array<{ fn: Output; item: Output }> = [];
  for (const fn of await functionsOf(cell)) {
    for (const item of (await pages(op, cell, { FunctionName: fn.FunctionName })).items) out.push({ fn, item });
  }
  return out;
}

const busiest = cells.reduce((a, b) => (countOf('lambda.function', b) > countOf('lambda.function', a) ? b : a));

describe('lambda child resources against their kinds', () => {
  const lists: Array<[string, string]> = [
    ['lambda.function_version', 'ListVersionsByFunction'],
    ['lambda.function_alias', 'ListAliases'],
    ['lambda.provisioned_concurrency_config', 'ListProvisionedConcurrencyConfigs'],
    ['lambda.event_invoke_config', 'ListFunctionEventInvokeConfigs'],
    ['lambda.event_source_mapping', 'ListEventSourceMappings'],
  ];
  for (const [kind, op] of lists) {
    it(`${op} lists exactly the ${kind} count, summed over the functions of every cell`, async () => {
      let total = 0;
      for (const cell of cells) {
        const items = await perFunction(op, cell);
        expect(items.length, `${cell.accountId} ${cell.region}`).toBe(countOf(kind, cell));
        total += items.length;
      }
      expect(total).toBeGreaterThan(0);
    });
  }

  it('has $LATEST and 0 to 6 published versions per function, numbered from 1, under qualified ARNs', async () => {
    const published = new Map<number, number>();
    for (const fn of await functionsOf(busiest)) {
      const versions = (await pages('ListVersionsByFunction', busiest, { FunctionName: fn.FunctionArn })).items;
      expect(versions[0]).toEqual(fn);
      const numbers = versions.slice(1).map((v) => v.Version);
      expect(numbers).toEqual(numbers.map((_, i) => String(i + 1)));
      for (const v of versions.slice(1)) expect(v.FunctionArn).toBe(`${String(fn.FunctionArn)}:${String(v.Version)}`);
      published.set(numbers.length, (published.get(numbers.length) ?? 0) + 1);
      // The newest published version is the code $LATEST runs.
      if (numbers.length > 0) expect(versions.at(-1)?.CodeSha256).toBe(fn.CodeSha256);
    }
    expect(Math.max(...published.keys())).toBeLessThanOrEqual(6);
    expect(published.get(0)).toBeGreaterThan(published.get(1) ?? 0);
    expect(published.size).toBeGreaterThan(2);
  });

  it('points every alias at $LATEST or a published version, and GetFunction resolves aliases and versions', async () => {
    let aliases = 0;
    for (const { fn, item } of await perFunction('ListAliases', busiest)) {
      aliases += 1;
      const name = String(fn.FunctionName);
      expect(item.AliasArn).toBe(`${String(fn.FunctionArn)}:${String(item.Name)}`);
      const resolved = call('GetFunction', { FunctionName: name, Qualifier: item.Name }, busiest).Configuration as Output;
      expect(resolved.FunctionArn).toBe(item.AliasArn);
      expect(resolved.Version).toBe(item.FunctionVersion);
      const byArn = call('GetFunction', { FunctionName: item.AliasArn }, busiest).Configuration as Output;
      expect(byArn).toEqual(resolved);
      const onVersion = (await pages('ListAliases', busiest, { FunctionName: name, FunctionVersion: item.FunctionVersion })).items;
      expect(onVersion.map((a) => a.Name)).toContain(item.Name);
      expect(onVersion.every((a) => a.FunctionVersion === item.FunctionVersion)).toBe(true);
    }
    expect(aliases).toBeGreaterThan(5);
  });

  it('puts provisioned concurrency on aliases and event invoke configs on $LATEST or an alias', async () => {
    for (const { fn, item } of await perFunction('ListProvisionedConcurrencyConfigs', busiest)) {
      const aliases = (await pages('ListAliases', busiest, { FunctionName: fn.FunctionName })).items.map((a) => a.AliasArn);
      expect(aliases).toContain(item.FunctionArn);
      expect(item.AllocatedProvisionedConcurrentExecutions).toBeLessThanOrEqual(item.RequestedProvisionedConcurrentExecutions as number);
    }
    const queues = new Set((await collectPages(sqsService.handlers.ListQueues, testContext(universe, 'sqs', 'ListQueues', busiest))).items as string[]);
    for (const { fn, item } of await perFunction('ListFunctionEventInvokeConfigs', busiest)) {
      expect(String(item.FunctionArn).startsWith(`${String(fn.FunctionArn)}:`)).toBe(true);
      expect(item.LastModified).toBeInstanceOf(Date);
      const target = (item.DestinationConfig as { OnFailure?: { Destination: string } } | undefined)?.OnFailure?.Destination;
      if (target) expect([...queues].some((url) => url.endsWith(`/${target.split(':').pop() ?? ''}`))).toBe(true);
    }
  });

  it('maps functions to queues and DynamoDB streams that exist, and filters by function and source', async () => {
    const all = (await pages('ListEventSourceMappings', busiest)).items;
    expect(all.length).toBe(countOf('lambda.event_source_mapping', busiest));
    expect(new Set(all.map((m) => m.UUID)).size).toBe(all.length);
    const streams = all.filter((m) => String(m.EventSourceArn).includes(':dynamodb:'));
    expect(streams.length).toBeGreaterThan(0);
    expect(all.length - streams.length).toBeGreaterThan(0);
    for (const m of streams) {
      const table = String(m.EventSourceArn).split('/')[1] ?? '';
      const described = dynamodbService.handlers.DescribeTable?.({ TableName: table }, testContext(universe, 'dynamodb', 'DescribeTable', busiest)) as Output;
      expect((described.Table as Output).LatestStreamArn).toBe(m.EventSourceArn);
    }
    const [first] = all;
    const bySource = (await pages('ListEventSourceMappings', busiest, { EventSourceArn: first?.EventSourceArn })).items;
    expect(bySource.length).toBeGreaterThan(0);
    expect(bySource.every((m) => m.EventSourceArn === first?.EventSourceArn)).toBe(true);
    expect(bySource).toEqual(all.filter((m) => m.EventSourceArn === first?.EventSourceArn));
  });

  it('pages ListEventSourceMappings in pages of at most 100, the same items at any page size', async () => {
    const big = testUniverse({ scale: 60_000 });
    const cell = big.cells('regional')[0] as Cell;
    const ctx = testContext(big, 'lambda', 'ListEventSourceMappings', cell);
    const all = await collectPages(lambdaService.handlers.ListEventSourceMappings, ctx);
    expect(all.items.length).toBe(countOf('lambda.event_source_mapping', cell, big));
    expect(all.items.length).toBeGreaterThan(100);
    expect(all.pageSizes[0]).toBe(100);
    for (const MaxItems of [7, 10_000]) {
      const paged = await collectPages(lambdaService.handlers.ListEventSourceMappings, ctx, { MaxItems });
      expect(paged.items).toEqual(all.items);
      expect(Math.max(...paged.pageSizes)).toBe(Math.min(MaxItems, 100));
    }
  });
});

describe('lambda function URLs, code signing and runtime management', () => {
  it('answers a URL for some functions and aliases and ResourceNotFoundException for the rest', async () => {
    const found = { latest: 0, alias: 0, missing: 0 };
    const functions = (await Promise.all(cells.slice(0, 3).map(async (cell) => (await functionsOf(cell)).map((fn) => ({ cell, fn }))))).flat();
    for (const { cell, fn } of functions) {
      const aliases = (await pages('ListAliases', cell, { FunctionName: fn.FunctionName })).items;
      for (const Qualifier of [undefined, ...aliases.map((a) => a.Name)]) {
        try {
          const url = call('GetFunctionUrlConfig', { FunctionName: fn.FunctionName, Qualifier }, cell);
          expect(url.FunctionUrl).toMatch(new RegExp(`^https://[a-z0-9]{32}\\.lambda-url\\.${cell.region}\\.on\\.aws/$`));
          expect(url.FunctionArn).toBe(Qualifier === undefined ? fn.FunctionArn : `${String(fn.FunctionArn)}:${String(Qualifier)}`);
          found[Qualifier === undefined ? 'latest' : 'alias'] += 1;
        } catch (error) {
          expect(error).toMatchObject({ code: 'ResourceNotFoundException', status: 404 });
          found.missing += 1;
        }
      }
    }
    expect(found.latest).toBeGreaterThan(0);
    expect(found.alias).toBeGreaterThan(0);
    expect(found.missing).toBeGreaterThan(found.latest + found.alias);
    // Function URLs are never on a published version.
    const versioned = (await perFunction('ListVersionsByFunction', busiest)).find(({ item }) => item.Version === '1');
    const error = await failureOf(() => call('GetFunctionUrlConfig', { FunctionName: versioned?.fn.FunctionName, Qualifier: '1' }, busiest));
    expect(error.code).toBe('ResourceNotFoundException');
  });

  it('refuses code signing and runtime management for container images, and answers the rest', async () => {
    const seen = { signed: 0, unsigned: 0, manual: 0, images: 0 };
    for (const fn of await functionsOf(busiest)) {
      const input = { FunctionName: fn.FunctionName };
      if (fn.PackageType === 'Image') {
        seen.images += 1;
        for (const op of ['GetFunctionCodeSigningConfig', 'GetRuntimeManagementConfig']) {
          expect((await failureOf(() => call(op, input, busiest))).code).toBe('InvalidParameterValueException');
        }
        continue;
      }
      const signing = call('GetFunctionCodeSigningConfig', input, busiest);
      expect(signing.FunctionName).toBe(fn.FunctionName);
      if (signing.CodeSigningConfigArn === undefined) seen.unsigned += 1;
      else {
        expect(signing.CodeSigningConfigArn).toMatch(new RegExp(`^arn:aws:lambda:${busiest.region}:${busiest.accountId}:code-signing-config:csc-[a-z0-9]{17}$`));
        seen.signed += 1;
      }
      const runtime = call('GetRuntimeManagementConfig', input, busiest);
      expect(runtime.FunctionArn).toBe(fn.FunctionArn);
      expect(['Auto', 'FunctionUpdate', 'Manual']).toContain(runtime.UpdateRuntimeOn);
      // Only Manual mode pins (and reports) a runtime version: the one the function runs.
      if (runtime.UpdateRuntimeOn === 'Manual') {
        seen.manual += 1;
        expect(runtime.RuntimeVersionArn).toBe((fn.RuntimeVersionConfig as Output).RuntimeVersionArn);
      } else expect(runtime.RuntimeVersionArn).toBeUndefined();
    }
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });

  it('answers ResourceNotFoundException for functions, versions and aliases that do not exist', async () => {
    const [fn] = await functionsOf(busiest);
    const name = String(fn?.FunctionName);
    for (const op of ['ListVersionsByFunction', 'ListAliases', 'ListProvisionedConcurrencyConfigs', 'ListFunctionEventInvokeConfigs', 'ListEventSourceMappings']) {
      expect((await failureOf(() => call(op, { FunctionName: 'no-such-function' }, busiest))).code, op).toBe('ResourceNotFoundException');
    }
    for (const Qualifier of ['no-such-alias', '99']) {
      for (const op of ['GetFunction', 'GetFunctionUrlConfig', 'GetRuntimeManagementConfig']) {
        expect((await failureOf(() => call(op, { FunctionName: name, Qualifier }, busiest))).code, `${op} ${Qualifier}`).toBe('ResourceNotFoundException');
      }
    }
  });

  it('gives the same child resources for the same seed', async () => {
    const again = testUniverse({ scale: 6000 });
    const op = 'ListEventSourceMappings';
    const first = (await pages(op, busiest)).items;
    const second = (await collectPages(lambdaService.handlers[op], testContext(again, 'lambda', op, busiest))).items;
    expect(second).toEqual(first);
  });
});
