import {
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  GetRuntimeManagementConfigCommand,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListFunctionsCommand,
  ListProvisionedConcurrencyConfigsCommand,
  ListVersionsByFunctionCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import type { Row } from '../../engine/schema.js';
import type { Table } from '../../engine/table.js';
import { lambdaFunctionAliases } from './function-aliases.js';
import { lambdaFunctionConcurrencyConfigs } from './function-concurrency-configs.js';
import { lambdaFunctionEventInvokeConfigs } from './function-event-invoke-configs.js';
import { lambdaFunctionEventSourceMappings } from './function-event-source-mappings.js';
import { lambdaFunctionVersions } from './function-versions.js';
import { lambdaFunctions } from './functions.js';
import { lambdaTables } from './index.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_lambda_functions.md), all verified there. */
const documented = ['account_id', 'region', 'arn', 'policy_revision_id', 'policy_document', 'code_signing_config', 'code_repository_type', 'update_runtime_on', 'runtime_version_arn', 'code', 'concurrency', 'configuration', 'tags'];

/** The child tables: CloudQuery's documented columns and key (plugins/source/aws/docs/tables/*.md), and the sandbox kind they read. */
const children: Array<{ table: Table; kind: string; key: string[]; columns: string[] }> = [
  {
    table: lambdaFunctionAliases,
    kind: 'lambda.function_alias',
    key: ['arn'],
    columns: ['account_id', 'region', 'function_arn', 'arn', 'alias_arn', 'description', 'function_version', 'name', 'revision_id', 'routing_config', 'url_config'],
  },
  {
    table: lambdaFunctionConcurrencyConfigs,
    kind: 'lambda.provisioned_concurrency_config',
    key: ['_cq_id'],
    columns: ['account_id', 'region', 'function_arn', 'allocated_provisioned_concurrent_executions', 'available_provisioned_concurrent_executions', 'last_modified', 'requested_provisioned_concurrent_executions', 'status', 'status_reason'],
  },
  {
    table: lambdaFunctionEventInvokeConfigs,
    kind: 'lambda.event_invoke_config',
    key: ['_cq_id'],
    columns: ['account_id', 'region', 'function_arn', 'destination_config', 'last_modified', 'maximum_event_age_in_seconds', 'maximum_retry_attempts'],
  },
  {
    table: lambdaFunctionEventSourceMappings,
    kind: 'lambda.event_source_mapping',
    key: ['uuid', 'event_source_arn', 'function_arn'],
    columns: [
      'account_id', 'region', 'uuid', 'amazon_managed_kafka_event_source_config', 'batch_size', 'bisect_batch_on_function_error', 'destination_config',
      'document_db_event_source_config', 'event_source_arn', 'filter_criteria', 'function_arn', 'function_response_types', 'last_modified',
      'last_processing_result', 'maximum_batching_window_in_seconds', 'maximum_record_age_in_seconds', 'maximum_retry_attempts', 'parallelization_factor',
      'queues', 'scaling_config', 'self_managed_event_source', 'self_managed_kafka_event_source_config', 'source_access_configurations', 'starting_position',
      'starting_position_timestamp', 'state', 'state_transition_reason', 'topics', 'tumbling_window_in_seconds',
    ],
  },
  {
    table: lambdaFunctionVersions,
    kind: 'lambda.function_version',
    key: ['function_arn', 'version'],
    columns: [
      'account_id', 'region', 'function_arn', 'architectures', 'code_sha256', 'code_size', 'dead_letter_config', 'description', 'environment', 'ephemeral_storage',
      'file_system_configs', 'function_name', 'handler', 'image_config_response', 'kms_key_arn', 'last_modified', 'last_update_status',
      'last_update_status_reason', 'last_update_status_reason_code', 'layers', 'logging_config', 'master_arn', 'memory_size', 'package_type', 'revision_id',
      'role', 'runtime', 'runtime_version_config', 'signing_job_arn', 'signing_profile_version_arn', 'snap_start', 'state', 'state_reason',
      'state_reason_code', 'timeout', 'tracing_config', 'version', 'vpc_config',
    ],
  },
];

/** The SDK's output as the row stores it: without response metadata. */
function withoutMetadata<T extends object>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...rest } = output as T & { $metadata?: unknown };
  return rest;
}

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
    expect(lambdaTables).toEqual([...children.map((c) => c.table), lambdaFunctions].sort((a, b) => a.name.localeCompare(b.name)));
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

  /** A client per account and region (the child samples read eu-west-1; the function sample above reads us-east-1). */
  const clients = new Map<string, LambdaClient>();
  const clientIn = (account: string, region = 'eu-west-1'): LambdaClient => {
    const key = `${account}/${region}`;
    const made = clients.get(key) ?? new LambdaClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    clients.set(key, made);
    return made;
  };
  afterAll(() => {
    for (const c of clients.values()) c.destroy();
  });

  it('registers every child table under aws_lambda_functions with CloudQuery\'s key and documented columns', () => {
    for (const child of children) {
      expect(child.table.parent?.table, child.table.name).toBe('aws_lambda_functions');
      expect(child.table.schema.columns.filter((c) => c.primaryKey).map((c) => c.name).sort(), child.table.name).toEqual([...child.key].sort());
      const names = new Set(child.table.schema.columns.map((c) => c.name));
      expect(child.columns.filter((c) => !names.has(c)), child.table.name).toEqual([]);
    }
    expect(lambdaFunctionEventSourceMappings.schema.columns.find((c) => c.name === 'uuid')?.type).toBe('uuid');
  });

  it('has exactly the truth of every child kind per account and region, each row under its function\'s row', () => {
    expect(summary.partitions.filter((p) => p.status !== 'ok')).toEqual([]);
    const parents = new Map(rows().map((r) => [r.arn, r]));
    for (const child of children) {
      const childRows = destination.rows(child.table.name);
      expect(truthCount(sandbox, child.kind), child.kind).toBeGreaterThan(0);
      for (const account of accounts) {
        for (const region of REGIONS) {
          const here = childRows.filter((r) => r.account_id === account && r.region === region);
          expect(here.length, `${child.table.name} ${account} ${region}`).toBe(truthCount(sandbox, child.kind, account, region));
        }
      }
      expect(new Set(childRows.map((r) => r._cq_id)).size, child.table.name).toBe(childRows.length);
      for (const row of childRows) {
        const parent = parents.get(row.function_arn);
        expect(parent, `${child.table.name} ${String(row.function_arn)}`).toBeDefined();
        expect(row._cq_parent_id).toBe(parent?._cq_id);
        expect([row.account_id, row.region]).toEqual([parent?.account_id, parent?.region]);
      }
    }
  });

  it('matches ListVersionsByFunction, ListAliases and GetFunctionUrlConfig for every function of an account', async () => {
    const account = accounts[1] ?? '';
    const lambda = clientIn(account);
    const counts = { versions: 0, aliases: 0, urls: 0 };
    for (const fn of (await lambda.send(new ListFunctionsCommand({}))).Functions ?? []) {
      const FunctionName = fn.FunctionName ?? '';
      const versions = (await lambda.send(new ListVersionsByFunctionCommand({ FunctionName }))).Versions ?? [];
      const versionRows = destination.rows('aws_lambda_function_versions').filter((r) => r.function_arn === fn.FunctionArn);
      expect(versionRows.map((r) => r.version).sort()).toEqual(versions.map((v) => v.Version).sort());
      for (const v of versions) {
        const row = versionRows.find((r) => r.version === v.Version);
        expect(row).toMatchObject({ code_sha256: v.CodeSha256, last_modified: v.LastModified, revision_id: v.RevisionId, runtime: v.Runtime ?? null });
        counts.versions += 1;
      }
      for (const alias of (await lambda.send(new ListAliasesCommand({ FunctionName }))).Aliases ?? []) {
        counts.aliases += 1;
        const row = destination.rows('aws_lambda_function_aliases').find((r) => r.arn === alias.AliasArn);
        expect(row).toMatchObject({ alias_arn: alias.AliasArn, name: alias.Name, function_version: alias.FunctionVersion, routing_config: alias.RoutingConfig ?? null });
        const url = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName, Qualifier: alias.Name })).catch(() => undefined);
        if (url) counts.urls += 1;
        expect(row?.url_config).toEqual(url ? withoutMetadata(url) : null);
      }
    }
    expect(Object.values(counts).every((n) => n > 0), JSON.stringify(counts)).toBe(true);
  });

  it('matches the concurrency, event invoke and event source mapping listings, function by function', async () => {
    const counts = { concurrency: 0, invoke: 0, mappings: 0 };
    const project = (rowsOf: Row[], columns: string[]) => rowsOf.map((r) => columns.map((c) => r[c])).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    for (const account of accounts) {
      const lambda = clientIn(account);
      for (const fn of (await lambda.send(new ListFunctionsCommand({}))).Functions ?? []) {
        const FunctionName = fn.FunctionName ?? '';
        const mine = (table: string) => destination.rows(table).filter((r) => r.function_arn === fn.FunctionArn);
        const concurrency = (await lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName }))).ProvisionedConcurrencyConfigs ?? [];
        const concurrencyColumns = ['requested_provisioned_concurrent_executions', 'allocated_provisioned_concurrent_executions', 'status', 'last_modified'];
        expect(project(mine('aws_lambda_function_concurrency_configs'), concurrencyColumns)).toEqual(
          project(concurrency.map((c) => ({ requested_provisioned_concurrent_executions: c.RequestedProvisionedConcurrentExecutions, allocated_provisioned_concurrent_executions: c.AllocatedProvisionedConcurrentExecutions, status: c.Status, last_modified: c.LastModified })), concurrencyColumns),
        );
        counts.concurrency += concurrency.length;
        const invoke = (await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName }))).FunctionEventInvokeConfigs ?? [];
        const invokeColumns = ['last_modified', 'maximum_retry_attempts', 'maximum_event_age_in_seconds', 'destination_config'];
        expect(project(mine('aws_lambda_function_event_invoke_configs'), invokeColumns)).toEqual(
          project(invoke.map((c) => ({ last_modified: c.LastModified, maximum_retry_attempts: c.MaximumRetryAttempts, maximum_event_age_in_seconds: c.MaximumEventAgeInSeconds, destination_config: c.DestinationConfig ?? null })), invokeColumns),
        );
        counts.invoke += invoke.length;
        for (const mapping of (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName }))).EventSourceMappings ?? []) {
          counts.mappings += 1;
          const row = mine('aws_lambda_function_event_source_mappings').find((r) => r.uuid === mapping.UUID);
          expect(row).toMatchObject({ event_source_arn: mapping.EventSourceArn, batch_size: mapping.BatchSize, state: mapping.State, last_modified: mapping.LastModified });
        }
      }
    }
    expect(Object.values(counts).every((n) => n > 0), JSON.stringify(counts)).toBe(true);
  });

  it('fills code_signing_config, update_runtime_on and runtime_version_arn from their Get calls, and leaves them null for images', async () => {
    const seen = { signed: 0, manual: 0, images: 0 };
    for (const [account, region] of accounts.flatMap((a) => REGIONS.map((r) => [a, r] as const))) {
      const lambda = clientIn(account, region);
      for (const fn of (await lambda.send(new ListFunctionsCommand({}))).Functions ?? []) {
        const row = rows().find((r) => r.arn === fn.FunctionArn);
        if (fn.PackageType === 'Image') {
          seen.images += 1;
          expect([row?.code_signing_config, row?.update_runtime_on, row?.runtime_version_arn]).toEqual([null, null, null]);
          continue;
        }
        const signing = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: fn.FunctionName }));
        const arn = signing.CodeSigningConfigArn;
        expect(row?.code_signing_config).toEqual(arn ? { CodeSigningConfigArn: arn, CodeSigningConfigId: arn.split(':').pop() } : null);
        if (arn) seen.signed += 1;
        const runtime = await lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: fn.FunctionName }));
        expect([row?.update_runtime_on, row?.runtime_version_arn]).toEqual([runtime.UpdateRuntimeOn, runtime.RuntimeVersionArn ?? null]);
        if (runtime.UpdateRuntimeOn === 'Manual') seen.manual += 1;
      }
    }
    expect(Object.values(seen).every((n) => n > 0), JSON.stringify(seen)).toBe(true);
  });
});

