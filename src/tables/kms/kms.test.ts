import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListGrantsCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import type { Row } from '../../engine/schema.js';
import type { Table } from '../../engine/table.js';
import { kmsTables } from './index.js';
import { kmsKeyGrants } from './key-grants.js';
import { kmsKeyPolicies } from './key-policies.js';
import { kmsKeyRotations } from './key-rotations.js';
import { kmsKeys, kmsTags } from './keys.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_kms_keys.md), all verified there. */
const documented = ['account_id', 'region', 'rotation_enabled', 'tags', 'arn', 'replica_keys', 'key_id', 'aws_account_id', 'cloud_hsm_cluster_id', 'creation_date', 'custom_key_store_id', 'customer_master_key_spec', 'deletion_date', 'description', 'enabled', 'encryption_algorithms', 'expiration_model', 'key_manager', 'key_spec', 'key_state', 'key_usage', 'mac_algorithms', 'multi_region', 'multi_region_configuration', 'origin', 'pending_deletion_window_in_days', 'signing_algorithms', 'valid_to', 'xks_key_configuration'];

/**
 * The child tables, their keys and columns: CloudQuery's docs for grants and policies; rotations
 * follow its conventions (key-rotations.ts says why).
 */
const children: Array<{ table: Table; key: string[]; documented: string[] }> = [
  { table: kmsKeyGrants, key: ['key_arn', 'grant_id'], documented: ['account_id', 'region', 'key_arn', 'grant_id', 'constraints', 'creation_date', 'grantee_principal', 'issuing_account', 'key_id', 'name', 'operations', 'retiring_principal'] },
  { table: kmsKeyPolicies, key: ['key_arn', 'name'], documented: ['account_id', 'region', 'key_arn', 'name', 'policy'] },
  { table: kmsKeyRotations, key: ['key_arn', 'rotation_date'], documented: ['account_id', 'region', 'key_arn', 'key_id', 'rotation_date', 'rotation_type'] },
];

describe('kms tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: KMSClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, kmsTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_kms_keys');

  it('registers aws_kms_keys keyed by arn, with CloudQuery\'s documented columns', () => {
    expect(kmsTables).toEqual([kmsKeys, kmsKeyGrants, kmsKeyPolicies, kmsKeyRotations]);
    expect(kmsKeys.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const names = new Set(kmsKeys.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'kms.key')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'kms.key', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(r.arn) && String(r.arn).split(':')[3] === r.region)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
  });

  it('reads rotation and tags for customer keys only, as the SDK answers them', async () => {
    const [, account] = accounts;
    if (!account) throw new Error('no account');
    client = new KMSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const keys = (await client.send(new ListKeysCommand({ Limit: 1000 }))).Keys ?? [];
    expect(keys.length).toBeGreaterThan(0);
    const seen = { aws: 0, rotating: 0 };
    for (const entry of keys) {
      const key = (await client.send(new DescribeKeyCommand({ KeyId: entry.KeyId }))).KeyMetadata;
      const row = rows().find((r) => r.arn === key?.Arn);
      expect(row).toMatchObject({ key_id: key?.KeyId, key_state: key?.KeyState, key_manager: key?.KeyManager });
      if (key?.KeyManager === 'AWS' || key?.Origin === 'EXTERNAL') {
        seen.aws += key.KeyManager === 'AWS' ? 1 : 0;
        expect([row?.rotation_enabled, row?.tags]).toEqual([null, null]);
        continue;
      }
      const tags = (await client.send(new ListResourceTagsCommand({ KeyId: key?.KeyId }))).Tags ?? [];
      expect(row?.tags).toEqual(kmsTags(tags));
      if (key?.KeySpec === 'SYMMETRIC_DEFAULT') {
        const rotation = await client.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
        expect(row?.rotation_enabled).toBe(rotation.KeyRotationEnabled);
        if (rotation.KeyRotationEnabled) seen.rotating += 1;
      } else {
        expect(row?.rotation_enabled).toBeNull();
      }
    }
    expect(seen.aws).toBeGreaterThan(0);
    expect(seen.rotating).toBeGreaterThan(0);
  });

  it('registers grants, policies and rotations as children of aws_kms_keys, with their keys and columns', () => {
    for (const { table, key, documented: columns } of children) {
      expect(table.parent?.table, table.name).toBe('aws_kms_keys');
      expect(table.schema.columns.filter((c) => c.primaryKey).map((c) => c.name), table.name).toEqual(key);
      const names = new Set(table.schema.columns.map((c) => c.name));
      expect(columns.filter((c) => !names.has(c)), table.name).toEqual([]);
    }
  });

  it('has, per account and region, one policy per key and exactly the truth of grants and rotations, each under its key\'s row', () => {
    const keyRows = new Map(rows().map((r) => [r._cq_id, r]));
    const truth: Array<[string, string | undefined]> = [
      ['aws_kms_key_grants', 'kms.grant'],
      ['aws_kms_key_policies', undefined],
      ['aws_kms_key_rotations', 'kms.key_rotation'],
    ];
    for (const [name, kind] of truth) {
      expect(summary.tables.find((t) => t.table === name)?.partitions, name).toEqual({ ok: accounts.length * REGIONS.length, skipped: 0, failed: 0 });
      const childRows = destination.rows(name);
      expect(truthCount(sandbox, kind ?? 'kms.key'), name).toBeGreaterThan(0);
      for (const account of accounts) {
        for (const region of REGIONS) {
          const here = childRows.filter((r) => r.account_id === account && r.region === region).length;
          expect(here, `${name} ${account} ${region}`).toBe(truthCount(sandbox, kind ?? 'kms.key', account, region));
        }
      }
      for (const row of childRows) {
        const key = keyRows.get(row._cq_parent_id);
        expect(key, name).toBeDefined();
        expect([row.key_arn, row.account_id, row.region]).toEqual([key?.arn, key?.account_id, key?.region]);
      }
    }
  });

  it('stores grants, policies and rotations as the SDK returns them', async () => {
    const [, account] = accounts;
    if (!account) throw new Error('no account');
    const kms = client ?? new KMSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    client = kms;
    const mine = (name: string, key: Row) => destination.rows(name).filter((r) => r._cq_parent_id === key._cq_id);
    const seen = { grants: 0, rotations: 0 };
    for (const key of rows().filter((r) => r.account_id === account && r.region === 'us-east-1')) {
      const arn = String(key.arn);
      const grants = (await kms.send(new ListGrantsCommand({ KeyId: arn, Limit: 100 }))).Grants ?? [];
      const grantRows = mine('aws_kms_key_grants', key);
      expect(grantRows.map((r) => r.grant_id).sort()).toEqual(grants.map((g) => g.GrantId).sort());
      for (const grant of grants) {
        expect(grantRows.find((r) => r.grant_id === grant.GrantId)).toMatchObject({
          key_id: grant.KeyId,
          grantee_principal: grant.GranteePrincipal,
          creation_date: grant.CreationDate,
          operations: grant.Operations,
          name: grant.Name ?? null,
        });
      }
      seen.grants += grants.length;
      const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }));
      expect(mine('aws_kms_key_policies', key).map((r) => [r.name, r.policy])).toEqual([['default', JSON.parse(Policy ?? 'null')]]);
      const rotationRows = mine('aws_kms_key_rotations', key);
      if (key.key_spec !== 'SYMMETRIC_DEFAULT' || key.origin !== 'AWS_KMS') {
        expect(rotationRows).toEqual([]);
        continue;
      }
      const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: arn }))).Rotations ?? [];
      expect(rotationRows.map((r) => [r.key_id, r.rotation_date, r.rotation_type])).toEqual(rotations.map((r) => [r.KeyId, r.RotationDate, r.RotationType]));
      seen.rotations += rotations.length;
    }
    expect(seen.grants).toBeGreaterThan(0);
    expect(seen.rotations).toBeGreaterThan(0);
  });
});
