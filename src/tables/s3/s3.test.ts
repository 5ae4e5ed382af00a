import {
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { Row } from '../../engine/schema.js';
import type { SyncSummary } from '../../engine/summary.js';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { s3Tables } from './index.js';

/** CloudQuery's documented columns (docs/tables/*.md and the WrappedBucket / child table Go definitions). */
const documented: Record<string, string[]> = {
  aws_s3_buckets: [
    'account_id', 'arn', 'creation_date', 'name', 'replication_role', 'replication_rules', 'region', 'logging_target_bucket', 'logging_target_prefix', 'policy', 'policy_status',
    'versioning_status', 'versioning_mfa_delete', 'block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets',
    'tags', 'ownership_controls',
  ],
  aws_s3_bucket_encryption_rules: ['account_id', 'bucket_arn', 'apply_server_side_encryption_by_default', 'bucket_key_enabled'],
  aws_s3_bucket_grants: ['account_id', 'bucket_arn', 'grantee_type', 'grantee_id', 'permission', 'grantee'],
  aws_s3_bucket_cors_rules: ['account_id', 'bucket_arn', 'allowed_methods', 'allowed_origins', 'allowed_headers', 'expose_headers', 'id', 'max_age_seconds'],
  aws_s3_bucket_websites: ['account_id', 'bucket_arn', 'error_document', 'index_document', 'redirect_all_requests_to', 'routing_rules'],
  aws_s3_bucket_notification_configurations: [
    'account_id', 'bucket_arn', 'event_bridge_configuration', 'lambda_function_configurations', 'queue_configurations', 'topic_configurations',
  ],
  aws_s3_bucket_object_lock_configurations: ['account_id', 'bucket_arn', 'object_lock_enabled', 'rule'],
  aws_s3_bucket_lifecycles: [
    'account_id', 'bucket_arn', 'abort_incomplete_multipart_upload', 'expiration', 'filter', 'id', 'noncurrent_version_expiration',
    'noncurrent_version_transitions', 'prefix', 'status', 'transitions',
  ],
};

describe('s3 tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  const clients = new Map<string, S3Client>();
  const client = (accountId: string, region: string): S3Client => {
    const key = `${accountId}/${region}`;
    const existing = clients.get(key);
    if (existing) return existing;
    const keys = sandbox.credentialsFor(accountId);
    const made = new S3Client({ endpoint: sandbox.endpoint, region, credentials: keys, forcePathStyle: true, maxAttempts: 1 });
    clients.set(key, made);
    return made;
  };
  /** What the SDK answers for one bucket, or undefined where S3 says the configuration does not exist. */
  const sdk = async <T>(send: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await send();
    } catch (err) {
      if (err instanceof Error && /NoSuch|NotFound/.test(err.name)) return undefined;
      throw err;
    }
  };

  beforeAll(async () => {
    // Enough buckets that rarer features (Object Lock, replication) occur in several of them.
    sandbox = await startSandbox({ accounts: 3, scale: 4000, throttling: false, regions: ['us-east-1', 'eu-west-1'] });
    ({ destination, summary } = await syncFromSandbox(sandbox, s3Tables));
  }, 120_000);
  afterAll(async () => {
    for (const c of clients.values()) c.destroy();
    await sandbox.close();
  });

  const buckets = () => destination.rows('aws_s3_buckets');
  const accounts = () => sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE');

  it('completes every partition: each per-bucket call reached the bucket\'s own region', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(summary.tables.map((t) => t.table).sort()).toEqual(s3Tables.map((t) => t.name).sort());
  });

  it('has one row per bucket for every account and bucket region, with unique arns', () => {
    expect(truthCount(sandbox, 's3.bucket')).toBeGreaterThan(10);
    for (const account of accounts()) {
      for (const region of account.enabledRegions) {
        const rows = buckets().filter((r) => r.account_id === account.id && r.region === region);
        expect(rows, `${account.id} ${region}`).toHaveLength(truthCount(sandbox, 's3.bucket', account.id, region));
      }
    }
    const arns = buckets().map((r) => r.arn);
    expect(new Set(arns).size).toBe(arns.length);
    expect(buckets().every((r) => r.arn === `arn:aws:s3:::${String(r.name)}` && r.creation_date instanceof Date)).toBe(true);
  });

  it('flattens the per-bucket configuration as the SDK returns it', async () => {
    const rows = buckets().slice(0, 12);
    for (const row of rows) {
      const c = client(String(row.account_id), String(row.region));
      const Bucket = String(row.name);
      const tagging = await sdk(() => c.send(new GetBucketTaggingCommand({ Bucket })));
      expect(row.tags).toEqual(tagging ? Object.fromEntries((tagging.TagSet ?? []).map((t) => [t.Key, t.Value])) : null);
      const policy = await sdk(() => c.send(new GetBucketPolicyCommand({ Bucket })));
      expect(row.policy).toEqual(policy?.Policy ? JSON.parse(policy.Policy) : null);
    }
    const all = buckets();
    // The sandbox's estate has every shape: tagged and untagged, with and without policy, public access block and logging.
    for (const column of ['tags', 'policy', 'policy_status', 'block_public_acls', 'logging_target_bucket', 'versioning_status', 'ownership_controls']) {
      expect(all.some((r) => r[column] === null), `${column} null somewhere`).toBe(true);
      expect(all.some((r) => r[column] !== null), `${column} set somewhere`).toBe(true);
    }
    expect(all.some((r) => r.region === 'eu-west-1')).toBe(true);
    expect(all.filter((r) => r.ownership_controls !== null).every((r) => Array.isArray(r.ownership_controls))).toBe(true);
  });

  it('reads each child table per bucket, pointing at its parent row', async () => {
    const parents = new Map(buckets().map((b) => [b._cq_id, b]));
    const expected: Record<string, number> = { aws_s3_bucket_encryption_rules: 0, aws_s3_bucket_grants: 0, aws_s3_bucket_lifecycles: 0 };
    for (const b of buckets()) {
      const c = client(String(b.account_id), String(b.region));
      const Bucket = String(b.name);
      expected.aws_s3_bucket_grants! += (await c.send(new GetBucketAclCommand({ Bucket }))).Grants?.length ?? 0;
      expected.aws_s3_bucket_encryption_rules! += (await sdk(() => c.send(new GetBucketEncryptionCommand({ Bucket }))))?.ServerSideEncryptionConfiguration?.Rules?.length ?? 0;
      expected.aws_s3_bucket_lifecycles! += (await sdk(() => c.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))))?.Rules?.length ?? 0;
    }
    for (const [table, count] of Object.entries(expected)) {
      const rows: Row[] = destination.rows(table);
      expect(count, table).toBeGreaterThan(0);
      expect(rows, table).toHaveLength(count);
      for (const row of rows) {
        const parent = parents.get(row._cq_parent_id);
        expect(parent, table).toBeDefined();
        expect(row.bucket_arn).toBe(parent?.arn);
        expect(row.account_id).toBe(parent?.account_id);
      }
      const keys = rows.map((r) => r._cq_id);
      expect(new Set(keys).size, `${table} keys unique`).toBe(keys.length);
    }
    const grants = destination.rows('aws_s3_bucket_grants');
    expect(grants.every((g) => g.grantee_type && g.grantee_id && g.permission)).toBe(true);
    expect(grants.some((g) => g.grantee_type === 'Group' && String(g.grantee_id).startsWith('http://acs.amazonaws.com/groups/'))).toBe(true);
    expect(destination.rows('aws_s3_bucket_lifecycles').every((l) => typeof l.id === 'string' && l.status)).toBe(true);
  }, 60_000);

  it('has the truth\'s CORS rules, websites and Object Lock configurations, and a notification configuration per bucket', () => {
    const parents = new Map(buckets().map((b) => [b._cq_id, b]));
    const kinds: Array<[string, string]> = [
      ['aws_s3_bucket_cors_rules', 's3.bucket_cors_rule'],
      ['aws_s3_bucket_websites', 's3.bucket_website'],
      ['aws_s3_bucket_object_lock_configurations', 's3.bucket_object_lock'],
      ['aws_s3_bucket_notification_configurations', 's3.bucket'],
    ];
    for (const [table, kind] of kinds) {
      const rows = destination.rows(table);
      expect(truthCount(sandbox, kind), kind).toBeGreaterThan(0);
      // Child rows have no region of their own: they count in their bucket's region.
      for (const account of accounts()) {
        for (const region of account.enabledRegions) {
          const inCell = rows.filter((r) => parents.get(r._cq_parent_id)?.account_id === account.id && parents.get(r._cq_parent_id)?.region === region);
          expect(inCell, `${table} ${account.id} ${region}`).toHaveLength(truthCount(sandbox, kind, account.id, region));
        }
      }
      for (const row of rows) {
        const parent = parents.get(row._cq_parent_id);
        expect([row.bucket_arn, row.account_id], table).toEqual([parent?.arn, parent?.account_id]);
      }
    }
  });

  it('holds what the new per-bucket calls return, on the bucket row and in the child tables', async () => {
    const rowsOf = (table: string, bucketArn: unknown) => destination.rows(table).filter((r) => r.bucket_arn === bucketArn);
    const plain = (value: unknown) => (value === undefined || value === null ? null : (JSON.parse(JSON.stringify(value)) as unknown));
    const seen = { replication: 0, cors: 0, website: 0, lock: 0, notification: 0 };
    for (const b of buckets()) {
      const c = client(String(b.account_id), String(b.region));
      const Bucket = String(b.name);
      const replication = (await sdk(() => c.send(new GetBucketReplicationCommand({ Bucket }))))?.ReplicationConfiguration;
      expect(b.replication_role).toBe(replication?.Role ?? null);
      expect(plain(b.replication_rules)).toEqual(plain(replication?.Rules));
      if (replication) seen.replication += 1;
      const cors = (await sdk(() => c.send(new GetBucketCorsCommand({ Bucket }))))?.CORSRules ?? [];
      expect(rowsOf('aws_s3_bucket_cors_rules', b.arn).map((r) => [r.id, r.allowed_methods, r.allowed_origins, r.max_age_seconds])).toEqual(
        cors.map((r) => [r.ID, r.AllowedMethods, r.AllowedOrigins, r.MaxAgeSeconds ?? null]),
      );
      seen.cors += cors.length;
      const website = await sdk(() => c.send(new GetBucketWebsiteCommand({ Bucket })));
      const [site] = rowsOf('aws_s3_bucket_websites', b.arn);
      expect(site ? [plain(site.index_document), plain(site.redirect_all_requests_to), plain(site.routing_rules)] : null).toEqual(
        website ? [plain(website.IndexDocument), plain(website.RedirectAllRequestsTo), plain(website.RoutingRules)] : null,
      );
      if (website) seen.website += 1;
      const lock = (await sdk(() => c.send(new GetObjectLockConfigurationCommand({ Bucket }))))?.ObjectLockConfiguration;
      const [locked] = rowsOf('aws_s3_bucket_object_lock_configurations', b.arn);
      expect(locked ? [locked.object_lock_enabled, plain(locked.rule)] : null).toEqual(lock ? [lock.ObjectLockEnabled, plain(lock.Rule)] : null);
      if (lock) seen.lock += 1;
      const notification = await c.send(new GetBucketNotificationConfigurationCommand({ Bucket }));
      const [notified] = rowsOf('aws_s3_bucket_notification_configurations', b.arn);
      expect([plain(notified?.queue_configurations), plain(notified?.topic_configurations), plain(notified?.event_bridge_configuration)]).toEqual([
        plain(notification.QueueConfigurations),
        plain(notification.TopicConfigurations),
        plain(notification.EventBridgeConfiguration),
      ]);
      if (notification.QueueConfigurations ?? notification.TopicConfigurations ?? notification.EventBridgeConfiguration) seen.notification += 1;
    }
    for (const [feature, count] of Object.entries(seen)) expect(count, feature).toBeGreaterThan(0);
    expect(buckets().some((b) => b.replication_role === null && b.replication_rules === null)).toBe(true);
  }, 60_000);

  it('has CloudQuery\'s documented columns and primary keys', () => {
    for (const table of s3Tables) {
      const names = table.schema.columns.map((c) => c.name);
      expect(names, table.name).toEqual(expect.arrayContaining(documented[table.name] ?? ['missing']));
      for (const key of table.primaryKey) expect(destination.rows(table.name).every((r) => r[key] !== null && r[key] !== undefined), `${table.name}.${key}`).toBe(true);
    }
    expect(Object.fromEntries(s3Tables.map((t) => [t.name, t.primaryKey]))).toEqual({
      aws_s3_buckets: ['arn'],
      aws_s3_bucket_cors_rules: ['bucket_arn', 'id'],
      aws_s3_bucket_encryption_rules: ['bucket_arn'],
      aws_s3_bucket_grants: ['bucket_arn', 'grantee_type', 'grantee_id', 'permission'],
      aws_s3_bucket_lifecycles: ['bucket_arn', 'id'],
      aws_s3_bucket_notification_configurations: ['bucket_arn'],
      aws_s3_bucket_object_lock_configurations: ['bucket_arn'],
      aws_s3_bucket_websites: ['bucket_arn'],
    });
  });
});
