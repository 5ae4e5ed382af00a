import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { kmsTables } from './index.js';
import { kmsKeys, kmsTags } from './keys.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_kms_keys.md), all verified there. */
const documented = ['account_id', 'region', 'rotation_enabled', 'tags', 'arn', 'replica_keys', 'key_id', 'aws_account_id', 'cloud_hsm_cluster_id', 'creation_date', 'custom_key_store_id', 'customer_master_key_spec', 'deletion_date', 'description', 'enabled', 'encryption_algorithms', 'expiration_model', 'key_manager', 'key_spec', 'key_state', 'key_usage', 'mac_algorithms', 'multi_region', 'multi_region_configuration', 'origin', 'pending_deletion_window_in_days', 'signing_algorithms', 'valid_to', 'xks_key_configuration'];

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
    expect(kmsTables).toEqual([kmsKeys]);
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
});
