import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  NoSuchBucket,
  paginateListBuckets,
  S3Client,
  S3ServiceException,
  type Bucket,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../index.js';
import { clientConfig, sdkSandboxOptions, truthCells, type TruthCell } from '../sdk-testing.js';

describe('s3 through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  let accounts: string[];
  const client = (accountId: string, region = 'us-east-1') =>
    new S3Client({ ...clientConfig(sandbox, { accountId, region }), forcePathStyle: true, maxAttempts: 1 });

  async function listBuckets(accountId: string, pageSize?: number): Promise<{ buckets: Bucket[]; pages: number }> {
    const buckets: Bucket[] = [];
    let pages = 0;
    const paginator = paginateListBuckets({ client: client(accountId), ...(pageSize ? { pageSize } : {}) }, {});
    for await (const page of paginator) {
      pages += 1;
      buckets.push(...(page.Buckets ?? []));
    }
    return { buckets, pages };
  }

  /** The error name an S3 call fails with, or 'ok'. */
  async function outcome(send: () => Promise<unknown>): Promise<string> {
    try {
      await send();
      return 'ok';
    } catch (error) {
      if (error instanceof S3ServiceException) return error.name;
      throw error;
    }
  }

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 's3.bucket');
    accounts = [...new Set(cells.map((c) => c.accountId))];
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of buckets per account and region, with any page size', async () => {
    expect(cells.length).toBe(6);
    for (const accountId of accounts) {
      const { buckets, pages } = await listBuckets(accountId);
      expect(pages).toBe(1);
      for (const cell of cells.filter((c) => c.accountId === accountId)) {
        expect(buckets.filter((b) => b.BucketRegion === cell.region)).toHaveLength(cell.count);
      }
      expect(new Set(buckets.map((b) => b.Name)).size).toBe(buckets.length);
      for (const size of [1, 3, 7]) {
        const paged = await listBuckets(accountId, size);
        expect(paged.pages).toBe(Math.ceil(buckets.length / size));
        expect(paged.buckets).toEqual(buckets);
      }
    }
    expect(cells.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(0);
  });

  it('reports the owner and filters by region and prefix', async () => {
    const accountId = accounts[1] as string;
    const s3 = client(accountId);
    const all = await s3.send(new ListBucketsCommand({}));
    expect(all.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const eu = await s3.send(new ListBucketsCommand({ BucketRegion: 'eu-west-1' }));
    expect(eu.Buckets).toEqual((all.Buckets ?? []).filter((b) => b.BucketRegion === 'eu-west-1'));
    const prefix = (all.Buckets?.[0]?.Name ?? '').split('-')[0] ?? '';
    const prefixed = await s3.send(new ListBucketsCommand({ Prefix: prefix }));
    expect(prefixed.Prefix).toBe(prefix);
    expect(prefixed.Buckets).toEqual((all.Buckets ?? []).filter((b) => b.Name?.startsWith(prefix)));
  });

  it('reads every configuration of every bucket, from either region', async () => {
    const seen = new Map<string, Set<string>>();
    const note = (operation: string, result: string) => seen.set(operation, (seen.get(operation) ?? new Set()).add(result));
    for (const accountId of accounts) {
      const { buckets } = await listBuckets(accountId);
      const clients = { 'us-east-1': client(accountId, 'us-east-1'), 'eu-west-1': client(accountId, 'eu-west-1') };
      for (const [n, bucket] of buckets.entries()) {
        const Bucket = bucket.Name ?? '';
        const s3 = n % 2 === 0 ? clients['us-east-1'] : clients['eu-west-1'];
        const location = await s3.send(new GetBucketLocationCommand({ Bucket }));
        expect(location.LocationConstraint ?? 'us-east-1').toBe(bucket.BucketRegion);
        const acl = await s3.send(new GetBucketAclCommand({ Bucket }));
        expect(acl.Grants?.[0]).toEqual({ Grantee: { Type: 'CanonicalUser', ID: acl.Owner?.ID, DisplayName: acl.Owner?.DisplayName }, Permission: 'FULL_CONTROL' });
        const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
        const sse = encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
        note('encryption', sse?.SSEAlgorithm ?? 'none');
        if (sse?.SSEAlgorithm === 'aws:kms') expect(sse.KMSMasterKeyID).toMatch(new RegExp(`^arn:aws:kms:${bucket.BucketRegion}:${accountId}:key/`));
        note('versioning', (await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status ?? 'never');
        const logging = await s3.send(new GetBucketLoggingCommand({ Bucket }));
        if (logging.LoggingEnabled) expect(buckets.map((b) => b.Name)).toContain(logging.LoggingEnabled.TargetBucket);
        note('logging', logging.LoggingEnabled ? 'on' : 'off');
        const policy = await outcome(async () => {
          const out = await s3.send(new GetBucketPolicyCommand({ Bucket }));
          expect(JSON.parse(out.Policy ?? '').Version).toBe('2012-10-17');
        });
        note('policy', policy);
        const status = await outcome(() => s3.send(new GetBucketPolicyStatusCommand({ Bucket })));
        expect(status).toBe(policy);
        note('tagging', await outcome(() => s3.send(new GetBucketTaggingCommand({ Bucket }))));
        note('pab', await outcome(() => s3.send(new GetPublicAccessBlockCommand({ Bucket }))));
        note('lifecycle', await outcome(() => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))));
        note('ownership', await outcome(() => s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))));
      }
    }
    expect(seen.get('encryption')).toEqual(new Set(['AES256', 'aws:kms']));
    expect(seen.get('versioning')).toEqual(new Set(['Enabled', 'Suspended', 'never']));
    expect(seen.get('logging')).toEqual(new Set(['on', 'off']));
    expect(seen.get('policy')).toEqual(new Set(['ok', 'NoSuchBucketPolicy']));
    expect(seen.get('tagging')).toEqual(new Set(['ok', 'NoSuchTagSet']));
    expect(seen.get('pab')).toEqual(new Set(['ok', 'NoSuchPublicAccessBlockConfiguration']));
    expect(seen.get('lifecycle')).toEqual(new Set(['ok', 'NoSuchLifecycleConfiguration']));
    expect(seen.get('ownership')).toEqual(new Set(['ok', 'OwnershipControlsNotFoundError']));
  });

  it('parses configuration payloads into the SDK shapes', async () => {
    const accountId = accounts[0] as string;
    const s3 = client(accountId);
    const { buckets } = await listBuckets(accountId);
    let lifecycle = 0;
    for (const bucket of buckets) {
      const Bucket = bucket.Name ?? '';
      try {
        const out = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
        expect(out.Rules?.length).toBeGreaterThan(0);
        for (const rule of out.Rules ?? []) expect(['Enabled', 'Disabled']).toContain(rule.Status);
        lifecycle += 1;
      } catch (error) {
        expect((error as Error).name).toBe('NoSuchLifecycleConfiguration');
      }
      const ownership = await outcome(async () => {
        const out = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }));
        expect(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).toContain(out.OwnershipControls?.Rules?.[0]?.ObjectOwnership);
      });
      expect(['ok', 'OwnershipControlsNotFoundError']).toContain(ownership);
    }
    expect(lifecycle).toBeGreaterThan(0);
  });

  it('fails with the typed S3 exceptions', async () => {
    const [a, b] = accounts as [string, string];
    const s3 = client(a);
    const theirs = (await listBuckets(b)).buckets[0]?.Name ?? '';
    await expect(s3.send(new GetBucketAclCommand({ Bucket: theirs.replace(/\d{4}$/, '9999') }))).rejects.toBeInstanceOf(NoSuchBucket);
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket: 'no-such-bucket-anywhere' }))).rejects.toBeInstanceOf(NoSuchBucket);
    const denied = await s3.send(new GetBucketVersioningCommand({ Bucket: theirs })).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(S3ServiceException);
    expect((denied as S3ServiceException).name).toBe('AccessDenied');
    expect((denied as S3ServiceException).$metadata.httpStatusCode).toBe(403);
  });
});
