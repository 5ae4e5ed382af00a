import {
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  GetRuntimeManagementConfigCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListFunctionsCommand,
  ListProvisionedConcurrencyConfigsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  paginateListAliases,
  paginateListEventSourceMappings,
  paginateListFunctionEventInvokeConfigs,
  paginateListFunctions,
  paginateListProvisionedConcurrencyConfigs,
  paginateListVersionsByFunction,
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

  it('lists every child kind of every function exactly as the truth counts it, with any page size', async () => {
    const children = [
      { kind: 'lambda.function_version', list: (lambda: LambdaClient, FunctionName: string, pageSize?: number) => drain(paginateListVersionsByFunction({ client: lambda, pageSize }, { FunctionName }), (p) => p.Versions) },
      { kind: 'lambda.function_alias', list: (lambda: LambdaClient, FunctionName: string, pageSize?: number) => drain(paginateListAliases({ client: lambda, pageSize }, { FunctionName }), (p) => p.Aliases) },
      {
        kind: 'lambda.provisioned_concurrency_config',
        list: (lambda: LambdaClient, FunctionName: string, pageSize?: number) =>
          drain(paginateListProvisionedConcurrencyConfigs({ client: lambda, pageSize }, { FunctionName }), (p) => p.ProvisionedConcurrencyConfigs),
      },
      {
        kind: 'lambda.event_invoke_config',
        list: (lambda: LambdaClient, FunctionName: string, pageSize?: number) =>
          drain(paginateListFunctionEventInvokeConfigs({ client: lambda, pageSize }, { FunctionName }), (p) => p.FunctionEventInvokeConfigs),
      },
      {
        kind: 'lambda.event_source_mapping',
        list: (lambda: LambdaClient, FunctionName: string, pageSize?: number) =>
          drain(paginateListEventSourceMappings({ client: lambda, pageSize }, { FunctionName }), (p) => p.EventSourceMappings),
      },
    ];
    for (const child of children) {
      let total = 0;
      for (const cell of truthCells(sandbox.truth(), child.kind)) {
        const lambda = client(cell);
        let listed = 0;
        for (const f of (await functions(cell)).items) {
          const all = await child.list(lambda, f.FunctionName ?? '');
          expect((await child.list(lambda, f.FunctionArn ?? '', 1)).items).toEqual(all.items);
          listed += all.items.length;
        }
        expect(listed, `${child.kind} ${cell.accountId} ${cell.region}`).toBe(cell.count);
        total += listed;
      }
      expect(total, child.kind).toBeGreaterThan(0);
    }
  });

  it('lists every event source mapping of a region, and resolves their sources and timestamps', async () => {
    for (const cell of truthCells(sandbox.truth(), 'lambda.event_source_mapping')) {
      const items = await expectListingMatchesTruth(cell, (pageSize) => drain(paginateListEventSourceMappings({ client: client(cell), pageSize }, {}), (p) => p.EventSourceMappings), {
        key: (m) => m.UUID,
        pageSizes: [1, 3],
      });
      for (const m of items) {
        expect(m.LastModified).toBeInstanceOf(Date);
        expect(m.EventSourceArn).toMatch(new RegExp(`^arn:aws:(sqs|dynamodb):${cell.region}:${cell.accountId}:`));
      }
    }
  });

  it('reads versions, aliases, URLs, code signing and runtime management through their typed outputs and errors', async () => {
    const seen = { version: 0, alias: 0, url: 0, signed: 0, image: 0, runtime: 0 };
    for (const cell of cells) {
      const lambda = client(cell);
      for (const f of (await functions(cell)).items) {
        const FunctionName = f.FunctionName ?? '';
        const { Versions = [] } = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName }));
        expect(Versions[0]?.Version).toBe('$LATEST');
        for (const v of Versions.slice(1)) {
          const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName, Qualifier: v.Version }));
          expect(Configuration).toEqual(v);
          seen.version += 1;
        }
        const { Aliases = [] } = await lambda.send(new ListAliasesCommand({ FunctionName, MaxItems: 10 }));
        for (const alias of Aliases) {
          seen.alias += 1;
          expect(Versions.map((v) => v.Version)).toContain(alias.FunctionVersion);
          const url = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName, Qualifier: alias.Name })).catch((error: unknown) => {
            expect(error).toBeInstanceOf(ResourceNotFoundException);
            return undefined;
          });
          if (url) {
            seen.url += 1;
            expect(url.FunctionArn).toBe(alias.AliasArn);
          }
        }
        await lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName, MaxItems: 50 }));
        await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName, MaxItems: 50 }));
        if (f.PackageType === 'Image') {
          seen.image += 1;
          await expect(lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName }))).rejects.toBeInstanceOf(InvalidParameterValueException);
          await expect(lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName }))).rejects.toBeInstanceOf(InvalidParameterValueException);
          continue;
        }
        const signing = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: f.FunctionArn }));
        expect(signing.FunctionName).toBe(FunctionName);
        if (signing.CodeSigningConfigArn) seen.signed += 1;
        const runtime = await lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName }));
        expect(runtime.UpdateRuntimeOn).toMatch(/^(Auto|FunctionUpdate|Manual)$/);
        if (runtime.RuntimeVersionArn) seen.runtime += 1;
      }
    }
    expect(Object.values(seen).every((n) => n > 0), JSON.stringify(seen)).toBe(true);
  });

  it('fails the new operations with the typed Lambda exceptions', async () => {
    const cell = cells[0] as TruthCell;
    const lambda = client(cell);
    const FunctionName = 'no-such-function';
    const calls: Array<() => Promise<unknown>> = [
      () => lambda.send(new ListVersionsByFunctionCommand({ FunctionName })),
      () => lambda.send(new ListAliasesCommand({ FunctionName })),
      () => lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName })),
      () => lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName })),
      () => lambda.send(new ListEventSourceMappingsCommand({ FunctionName })),
      () => lambda.send(new GetFunctionUrlConfigCommand({ FunctionName })),
      () => lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName })),
      () => lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName })),
    ];
    for (const send of calls) await expect(send()).rejects.toBeInstanceOf(ResourceNotFoundException);
    const [first] = (await functions(cell)).items;
    await expect(lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: first?.FunctionName, MaxItems: 51 }))).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 0 }))).rejects.toBeInstanceOf(InvalidParameterValueException);
  });
});
