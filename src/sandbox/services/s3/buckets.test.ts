import { describe, expect, it } from 'vitest';
import { SandboxError } from '../service.js';
import { failureOf } from '../test-paging.js';
import { testUniverse } from '../testing.js';
import { s3Service } from './index.js';
import { canonicalId } from './names.js';
import { listAllBuckets, s3Call, type ListedBucket } from './s3-testing.js';

const universe = testUniverse();
const accounts = universe.activeAccounts().map((a) => a.id);
const count = (accountId: string, region: string) =>
  s3Service.kinds?.find((k) => k.kind === 's3.bucket')?.count(universe, { accountId, region }) ?? -1;

describe('s3 ListBuckets', () => {
  it('lists every bucket of the caller in every enabled region, as many as the truth counts', async () => {
    for (const accountId of accounts) {
      const buckets = await listAllBuckets(universe, accountId);
      for (const region of universe.regions) {
        expect(buckets.filter((b) => b.BucketRegion === region)).toHaveLength(count(accountId, region));
      }
      expect(buckets.length).toBeGreaterThan(0);
      for (const bucket of buckets) {
        expect(bucket.Name).toContain(`-${accountId}-${bucket.BucketRegion}-`);
        expect(bucket.CreationDate).toBeInstanceOf(Date);
      }
    }
  });

  it('returns everything in one page without MaxBuckets and the same buckets with small pages', async () => {
    const accountId = accounts[1] as string;
    const page = await s3Call(universe, 'ListBuckets', {}, accountId);
    const all = page.Buckets as ListedBucket[];
    expect(page.ContinuationToken).toBeUndefined();
    expect(page.Owner).toEqual({ DisplayName: universe.account(accountId)?.name, ID: canonicalId(universe, accountId) });
    for (const size of [1, 2, 3, 4, 5]) expect(await listAllBuckets(universe, accountId, {}, size)).toEqual(all);
  });

  it('filters by BucketRegion and Prefix', async () => {
    const accountId = accounts[0] as string;
    const all = await listAllBuckets(universe, accountId);
    const eu = await listAllBuckets(universe, accountId, { BucketRegion: 'eu-west-1' }, 2);
    expect(eu).toEqual(all.filter((b) => b.BucketRegion === 'eu-west-1'));
    const prefix = (all[0] as ListedBucket).Name.split('-')[0] as string;
    const prefixed = await listAllBuckets(universe, accountId, { Prefix: prefix }, 3);
    expect(prefixed.length).toBeGreaterThan(0);
    expect(prefixed).toEqual(all.filter((b) => b.Name.startsWith(prefix)));
    expect((await s3Call(universe, 'ListBuckets', { Prefix: prefix }, accountId)).Prefix).toBe(prefix);
  });

  it('has no buckets in regions an account has not opted in to', async () => {
    const accountId = accounts[1] as string;
    const partial = testUniverse({ notOptedIn: [{ accountId, region: 'eu-west-1' }] });
    const buckets = await listAllBuckets(partial, accountId);
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.every((b) => b.BucketRegion === 'us-east-1')).toBe(true);
  });
});

describe('s3 bucket lookup', () => {
  const accountId = accounts[2] as string;
  const euBucket = async () => (await listAllBuckets(universe, accountId)).find((b) => b.BucketRegion === 'eu-west-1') as ListedBucket;

  it('answers GetBucketLocation from any regional endpoint', async () => {
    const bucket = await euBucket();
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
      const out = await s3Call(universe, 'GetBucketLocation', { Bucket: bucket.Name }, accountId, region);
      expect(out.LocationConstraint).toBe('eu-west-1');
    }
  });

  it('redirects every other bucket operation signed for another region, with the bucket region', async () => {
    const bucket = await euBucket();
    const others = Object.keys(s3Service.handlers).filter((op) => op !== 'ListBuckets' && op !== 'GetBucketLocation');
    expect(others).toContain('HeadBucket');
    for (const operation of others) {
      for (const region of ['us-east-1', 'ap-southeast-2']) {
        const error = await failureOf(() => s3Call(universe, operation, { Bucket: bucket.Name }, accountId, region));
        expect([error.code, error.status], operation).toEqual(['PermanentRedirect', 301]);
        expect(error.details).toEqual({
          headers: { 'x-amz-bucket-region': 'eu-west-1' },
          fields: { Endpoint: `${bucket.Name}.s3.eu-west-1.amazonaws.com`, Bucket: bucket.Name },
        });
      }
      const inRegion = await s3Call(universe, operation, { Bucket: bucket.Name }, accountId, 'eu-west-1').then(
        () => 'ok',
        (error: unknown) => (error instanceof SandboxError ? error.code : 'unexpected'),
      );
      const missing = [
        'NoSuchTagSet',
        'NoSuchBucketPolicy',
        'NoSuchPublicAccessBlockConfiguration',
        'NoSuchLifecycleConfiguration',
        'OwnershipControlsNotFoundError',
        'NoSuchCORSConfiguration',
        'NoSuchWebsiteConfiguration',
        'ReplicationConfigurationNotFoundError',
        'ObjectLockConfigurationNotFoundError',
      ];
      expect(['ok', ...missing]).toContain(inRegion);
    }
  });

  it('answers HeadBucket with the bucket region', async () => {
    const bucket = await euBucket();
    expect(await s3Call(universe, 'HeadBucket', { Bucket: bucket.Name }, accountId, 'eu-west-1')).toEqual({ BucketRegion: 'eu-west-1', AccessPointAlias: false });
  });

  it('fails with NoSuchBucket for unknown names and AccessDenied for other accounts', async () => {
    const [a, b] = accounts as [string, string];
    const theirs = (await listAllBuckets(universe, b))[0] as ListedBucket;
    const unknown = theirs.Name.replace(/\d{4}$/, '9999');
    const region = theirs.BucketRegion;
    for (const operation of Object.keys(s3Service.handlers).filter((op) => op !== 'ListBuckets')) {
      const missing = await failureOf(() => s3Call(universe, operation, { Bucket: unknown }, a, region));
      expect([missing.code, missing.status]).toEqual(['NoSuchBucket', 404]);
      const denied = await failureOf(() => s3Call(universe, operation, { Bucket: theirs.Name }, a, region));
      expect([denied.code, denied.status]).toEqual(['AccessDenied', 403]);
    }
    // S3 routes by region before it authorises: another account's bucket redirects too.
    const elsewhere = region === 'us-east-1' ? 'eu-west-1' : 'us-east-1';
    expect((await failureOf(() => s3Call(universe, 'HeadBucket', { Bucket: theirs.Name }, a, elsewhere))).code).toBe('PermanentRedirect');
    const mismatch = await failureOf(() => s3Call(universe, 'GetBucketAcl', { Bucket: theirs.Name, ExpectedBucketOwner: a }, b, region));
    expect(mismatch.code).toBe('AccessDenied');
    const matched = await s3Call(universe, 'GetBucketAcl', { Bucket: theirs.Name, ExpectedBucketOwner: b }, b, region);
    expect(matched.Owner).toBeDefined();
  });
});
