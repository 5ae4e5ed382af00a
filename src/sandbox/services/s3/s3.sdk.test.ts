import {
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NotFound,
  paginateListBuckets,
  S3Client,
  S3ServiceException,
  type Bucket,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from '../sdk-testing.js';

describe('s3 through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  let accounts: string[];
  const client = (accountId: string, region = 'us-east-1') =>
    new S3Client({ ...clientConfig(sandbox, { accountId, region }), forcePathStyle: true, maxAttempts: 1 });

  const listBuckets = (accountId: string, pageSize?: number) => drain(paginateListBuckets({ client: client(accountId), pageSize }, {}), (p) => p.Buckets);

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

  /** A Get* output, or undefined where S3 answers the configuration's own "not configured" error. */
  async function configured<T>(send: () => Promise<T>, missing: string): Promise<T | undefined> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === missing) return undefined;
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
      // ListBuckets lists the account's buckets of every region; without max-buckets, in one page.
      const regions = cells.filter((c) => c.accountId === accountId);
      const account = { accountId, region: 'every region', count: regions.reduce((sum, c) => sum + c.count, 0) };
      const contract = { key: (b: Bucket) => b.Name, pageSizes: [1, 3, 7], defaultPageSize: 10_000 };
      const buckets = await expectListingMatchesTruth(account, (pageSize) => listBuckets(accountId, pageSize), contract);
      for (const cell of regions) expect(buckets.filter((b) => b.BucketRegion === cell.region)).toHaveLength(cell.count);
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

  it('reads every configuration of every bucket through a client in the bucket\'s region', async () => {
    const seen = new Map<string, Set<string>>();
    const note = (operation: string, result: string) => seen.set(operation, (seen.get(operation) ?? new Set()).add(result));
    for (const accountId of accounts) {
      const { items: buckets } = await listBuckets(accountId);
      const clients = new Map(['us-east-1', 'eu-west-1'].map((region) => [region, client(accountId, region)]));
      for (const bucket of buckets) {
        const Bucket = bucket.Name ?? '';
        const s3 = clients.get(bucket.BucketRegion ?? '') as S3Client;
        const head = await s3.send(new HeadBucketCommand({ Bucket }));
        expect(head.BucketRegion).toBe(bucket.BucketRegion);
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

  it('reads CORS rules, websites, replication, notifications and Object Lock as many as the truth counts', async () => {
    const truth = sandbox.truth();
    const counted = { cors: 0, websites: 0, locks: 0, replicated: 0, notifying: 0 };
    for (const accountId of accounts) {
      const { items: buckets } = await listBuckets(accountId);
      for (const region of ['us-east-1', 'eu-west-1']) {
        const s3 = client(accountId, region);
        const found = { cors: 0, websites: 0, locks: 0 };
        for (const bucket of buckets.filter((b) => b.BucketRegion === region)) {
          const Bucket = bucket.Name ?? '';
          const cors = await configured(() => s3.send(new GetBucketCorsCommand({ Bucket })), 'NoSuchCORSConfiguration');
          found.cors += cors?.CORSRules?.filter((r) => r.ID && r.AllowedMethods?.length).length ?? 0;
          const website = await configured(() => s3.send(new GetBucketWebsiteCommand({ Bucket })), 'NoSuchWebsiteConfiguration');
          if (website?.IndexDocument ?? website?.RedirectAllRequestsTo) found.websites += 1;
          const lock = await configured(() => s3.send(new GetObjectLockConfigurationCommand({ Bucket })), 'ObjectLockConfigurationNotFoundError');
          if (lock?.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled') found.locks += 1;
          const replication = await configured(() => s3.send(new GetBucketReplicationCommand({ Bucket })), 'ReplicationConfigurationNotFoundError');
          if (replication) {
            expect(replication.ReplicationConfiguration?.Role).toMatch(/^arn:aws:iam::\d{12}:role\//);
            expect(replication.ReplicationConfiguration?.Rules?.[0]?.Destination?.Bucket).toMatch(/^arn:aws:s3:::/);
            counted.replicated += 1;
          }
          const notification = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }));
          const targets = [...(notification.QueueConfigurations ?? []), ...(notification.TopicConfigurations ?? [])];
          for (const target of targets) expect(target.Events).toContain('s3:ObjectCreated:*');
          for (const queue of notification.QueueConfigurations ?? []) expect(queue.Filter?.Key?.FilterRules?.[0]).toEqual({ Name: 'Prefix', Value: 'incoming/' });
          if (targets.length > 0 || notification.EventBridgeConfiguration) counted.notifying += 1;
        }
        expect(found.cors, `${accountId} ${region}`).toBe(truth.resources['s3.bucket_cors_rule']?.[accountId]?.[region]);
        expect(found.websites, `${accountId} ${region}`).toBe(truth.resources['s3.bucket_website']?.[accountId]?.[region]);
        expect(found.locks, `${accountId} ${region}`).toBe(truth.resources['s3.bucket_object_lock']?.[accountId]?.[region]);
        counted.cors += found.cors;
        counted.websites += found.websites;
        counted.locks += found.locks;
      }
    }
    expect(counted.cors).toBeGreaterThan(0);
    expect(counted.websites).toBeGreaterThan(0);
    expect(counted.notifying).toBeGreaterThan(0);
    expect(counted.replicated).toBeGreaterThan(0);
  }, 60_000);

  it('parses configuration payloads into the SDK shapes', async () => {
    const accountId = accounts[0] as string;
    const { items: buckets } = await listBuckets(accountId);
    const clients = new Map(['us-east-1', 'eu-west-1'].map((region) => [region, client(accountId, region)]));
    let lifecycle = 0;
    for (const bucket of buckets) {
      const Bucket = bucket.Name ?? '';
      const s3 = clients.get(bucket.BucketRegion ?? '') as S3Client;
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
    const bucket = (await listBuckets(b)).items[0];
    const theirs = bucket?.Name ?? '';
    const s3 = client(a, bucket?.BucketRegion);
    await expect(s3.send(new GetBucketAclCommand({ Bucket: theirs.replace(/\d{4}$/, '9999') }))).rejects.toBeInstanceOf(NoSuchBucket);
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket: 'no-such-bucket-anywhere' }))).rejects.toBeInstanceOf(NoSuchBucket);
    const denied = await s3.send(new GetBucketVersioningCommand({ Bucket: theirs })).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(S3ServiceException);
    expect((denied as S3ServiceException).name).toBe('AccessDenied');
    expect((denied as S3ServiceException).$metadata.httpStatusCode).toBe(403);
  });

  it('answers HeadBucket with the region, a bare 404 NotFound and a bare 403', async () => {
    const [a, b] = accounts as [string, string];
    const mine = (await listBuckets(a)).items.find((x) => x.BucketRegion === 'eu-west-1') as Bucket;
    const s3 = client(a, 'eu-west-1');
    const head = await s3.send(new HeadBucketCommand({ Bucket: mine.Name }));
    expect([head.$metadata.httpStatusCode, head.BucketRegion, head.AccessPointAlias]).toEqual([200, 'eu-west-1', false]);
    const missing = await s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket-anywhere' })).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFound);
    expect((missing as NotFound).$metadata.httpStatusCode).toBe(404);
    const theirs = (await listBuckets(b)).items.find((x) => x.BucketRegion === 'eu-west-1') as Bucket;
    const denied = await s3.send(new HeadBucketCommand({ Bucket: theirs.Name })).catch((error: unknown) => error);
    // A HEAD error has no body, so the SDK knows only the status (as with real S3).
    expect(denied).toBeInstanceOf(S3ServiceException);
    expect((denied as S3ServiceException).$metadata.httpStatusCode).toBe(403);
  });

  it('redirects a bucket read signed for another region, naming the bucket region', async () => {
    const accountId = accounts[0] as string;
    const bucket = (await listBuckets(accountId)).items.find((x) => x.BucketRegion === 'eu-west-1') as Bucket;
    const Bucket = bucket.Name ?? '';
    const wrong = client(accountId, 'us-east-1');
    const error = await wrong.send(new GetBucketTaggingCommand({ Bucket })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    const redirect = error as S3ServiceException & { Endpoint?: string; Bucket?: string };
    expect([redirect.name, redirect.$metadata.httpStatusCode]).toEqual(['PermanentRedirect', 301]);
    expect(redirect.message).toMatch(/^The bucket you are attempting to access must be addressed using the specified endpoint/);
    expect([redirect.Endpoint, redirect.Bucket]).toEqual([`${Bucket}.s3.eu-west-1.amazonaws.com`, Bucket]);
    expect(redirect.$response?.headers['x-amz-bucket-region']).toBe('eu-west-1');
    // HeadBucket's redirect has no body: the region header is all a client gets.
    const head = (await wrong.send(new HeadBucketCommand({ Bucket })).catch((e: unknown) => e)) as S3ServiceException;
    expect(head.$metadata.httpStatusCode).toBe(301);
    expect(head.$response?.headers['x-amz-bucket-region']).toBe('eu-west-1');
    // ListBuckets and GetBucketLocation answer in any region.
    expect((await wrong.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBe('eu-west-1');
    expect((await wrong.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toContain(Bucket);
    // The SDK's own region redirect follows the header to the bucket's region.
    const following = new S3Client({ ...clientConfig(sandbox, { accountId, region: 'us-east-1' }), forcePathStyle: true, maxAttempts: 1, followRegionRedirects: true });
    expect((await following.send(new HeadBucketCommand({ Bucket }))).BucketRegion).toBe('eu-west-1');
    expect((await following.send(new GetBucketVersioningCommand({ Bucket }))).$metadata.httpStatusCode).toBe(200);
  });

  it('answers 501 NotImplemented to a request no served operation matches', async () => {
    const accountId = accounts[0] as string;
    const bucket = (await listBuckets(accountId)).items[0] as Bucket;
    const error = await client(accountId, bucket.BucketRegion).send(new ListObjectsV2Command({ Bucket: bucket.Name })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect([(error as S3ServiceException).name, (error as S3ServiceException).$metadata.httpStatusCode]).toEqual(['NotImplemented', 501]);
  });
});
