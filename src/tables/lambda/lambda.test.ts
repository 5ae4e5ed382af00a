import { GetFunctionCommand, GetPolicyCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { lambdaFunctions } from './functions.js';
import { lambdaTables } from './index.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_lambda_functions.md), all verified there. */
const documented = ['account_id', 'region', 'arn', 'policy_revision_id', 'policy_document', 'code_signing_config', 'code_repository_type', 'update_runtime_on', 'runtime_version_arn', 'code', 'concurrency', 'configuration', 'tags'];

describe('lambda tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: LambdaClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, lambdaTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_lambda_functions');

  it('registers aws_lambda_functions keyed by arn, with CloudQuery\'s documented columns', () => {
    expect(lambdaTables).toEqual([lambdaFunctions]);
    expect(lambdaFunctions.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const names = new Set(lambdaFunctions.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'lambda.function')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'lambda.function', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && r._cq_parent_id === null)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
    expect(new Set(rows().map((r) => r._cq_id)).size).toBe(rows().length);
  });

  it('matches GetFunction and GetPolicy: ARN, configuration, tags map, redacted code, parsed policy', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    client = new LambdaClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const listed = await client.send(new ListFunctionsCommand({}));
    const names = (listed.Functions ?? []).map((f) => f.FunctionName ?? '');
    expect(names.length).toBeGreaterThan(0);
    let withPolicy = 0;
    for (const name of names) {
      const fn = await client.send(new GetFunctionCommand({ FunctionName: name }));
      const arn = fn.Configuration?.FunctionArn;
      expect(arn).toMatch(new RegExp(`^arn:aws:lambda:us-east-1:${account}:function:${name}$`));
      const row = rows().find((r) => r.arn === arn);
      expect(row?.configuration).toMatchObject({ FunctionName: name, Runtime: fn.Configuration?.Runtime });
      expect(row?.tags ?? null).toEqual(fn.Tags ?? null);
      expect(row?.code_repository_type).toBe(fn.Code?.RepositoryType);
      if (fn.Code?.Location) expect((row?.code as { Location?: string }).Location).toBe('REDACTED_FOR_SECURITY_PURPOSES');
      const policy = await client.send(new GetPolicyCommand({ FunctionName: name })).catch(() => undefined);
      if (policy?.Policy) {
        withPolicy += 1;
        expect(row?.policy_document).toEqual(JSON.parse(policy.Policy));
        expect(row?.policy_revision_id).toBe(policy.RevisionId);
      } else {
        expect(row?.policy_document).toBeNull();
      }
    }
    // Both kinds exist, so both branches above were taken.
    expect(withPolicy).toBeGreaterThan(0);
    expect(withPolicy).toBeLessThan(names.length);
  });
});
