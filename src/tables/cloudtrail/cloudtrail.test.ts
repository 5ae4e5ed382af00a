import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { cloudtrailTables } from './index.js';
import { cloudtrailTrailEventSelectors } from './trail-event-selectors.js';
import { cloudtrailTrails, logGroupName } from './trails.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_cloudtrail_trails.md), all verified there. */
const documented = ['account_id', 'region', 'cloudwatch_logs_log_group_name', 'arn', 'status', 'cloud_watch_logs_log_group_arn', 'cloud_watch_logs_role_arn', 'has_custom_event_selectors', 'has_insight_selectors', 'home_region', 'include_global_service_events', 'is_multi_region_trail', 'is_organization_trail', 'kms_key_id', 'log_file_validation_enabled', 'name', 's3_bucket_name', 's3_key_prefix', 'sns_topic_arn', 'sns_topic_name', 'tags'];

describe('cloudtrail tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: CloudTrailClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, cloudtrailTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_cloudtrail_trails');

  it('registers aws_cloudtrail_trails keyed as CloudQuery keys it, with its documented columns', () => {
    expect(cloudtrailTables).toEqual(expect.arrayContaining([cloudtrailTrails, cloudtrailTrailEventSelectors]));
    expect(cloudtrailTrails.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['account_id', 'region', 'arn']);
    const names = new Set(cloudtrailTrails.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
    expect(names.has('trail_arn')).toBe(false);
  });

  it('has each trail once, in its home region: exactly the truth, shadows left out', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'cloudtrail.trail')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'cloudtrail.trail', account, region));
      }
    }
    expect(rows().every((r) => r.home_region === r.region && /^arn:aws:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[\w-]+$/.test(String(r.arn)))).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
    // Multi-region trails exist, so shadows were offered and dropped.
    expect(rows().some((r) => r.is_multi_region_trail === true)).toBe(true);
  });

  it('matches DescribeTrails, GetTrailStatus and ListTags; the log group name comes from its ARN', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    client = new CloudTrailClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const trails = (await client.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? [];
    expect(trails.length).toBeGreaterThan(0);
    for (const trail of trails) {
      const row = rows().find((r) => r.arn === trail.TrailARN && r.account_id === account);
      expect(row).toMatchObject({ name: trail.Name, s3_bucket_name: trail.S3BucketName, region: 'us-east-1' });
      const { $metadata: _m, ...status } = await client.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
      expect(row?.status).toEqual(status);
      const tagged = (await client.send(new ListTagsCommand({ ResourceIdList: [trail.TrailARN ?? ''] }))).ResourceTagList?.[0]?.TagsList ?? [];
      expect(row?.tags).toEqual(Object.fromEntries(tagged.map((t) => [t.Key, t.Value ?? ''])));
      expect(row?.cloudwatch_logs_log_group_name).toBe(logGroupName(trail.CloudWatchLogsLogGroupArn));
    }
    expect(rows().some((r) => r.cloudwatch_logs_log_group_name !== '')).toBe(true);
    expect(logGroupName('arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-1/x:*')).toBe('aws-cloudtrail-logs-1/x');
    expect(logGroupName(undefined)).toBe('');
  });
});
