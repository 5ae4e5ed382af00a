import { describe, expect, it } from 'vitest';
import { kmsKeyProblem } from '../test-references.js';
import { failureOf } from '../test-paging.js';
import { testUniverse } from '../testing.js';
import { SandboxError } from '../service.js';
import { listAllBuckets, s3Call, type ListedBucket } from './s3-testing.js';

// Large enough that every trait (public sites, log buckets, KMS keys, missing configurations) occurs.
const universe = testUniverse({ scale: 20_000 });
const accountId = universe.activeAccounts()[1]?.id ?? '';
const buckets = await listAllBuckets(universe, accountId);

/** Every bucket's answer to an operation: the output, or the error code it fails with. */
async function answers(operation: string): Promise<Array<{ bucket: ListedBucket; out?: Record<string, unknown>; error?: string }>> {
  const results = [];
  for (const bucket of buckets) {
    try {
      results.push({ bucket, out: await s3Call(universe, operation, { Bucket: bucket.Name }, accountId, bucket.BucketRegion) });
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error;
      expect(error.status).toBe(404);
      results.push({ bucket, error: error.code });
    }
  }
  return results;
}

async function outputs(operation: string): Promise<Map<string, Record<string, unknown> | undefined>> {
  return new Map((await answers(operation)).map((a) => [a.bucket.Name, a.out]));
}

describe('s3 bucket configuration', () => {
  it('answers the optional configurations for some buckets and their own 404 for the others', async () => {
    const expected: Array<[string, string]> = [
      ['GetBucketTagging', 'NoSuchTagSet'],
      ['GetBucketPolicy', 'NoSuchBucketPolicy'],
      ['GetBucketPolicyStatus', 'NoSuchBucketPolicy'],
      ['GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration'],
      ['GetBucketLifecycleConfiguration', 'NoSuchLifecycleConfiguration'],
      ['GetBucketOwnershipControls', 'OwnershipControlsNotFoundError'],
    ];
    expect(buckets.length).toBeGreaterThan(100);
    for (const [operation, code] of expected) {
      const results = await answers(operation);
      expect(new Set(results.map((r) => r.error))).toEqual(new Set([undefined, code]));
    }
    for (const operation of ['GetBucketLocation', 'GetBucketVersioning', 'GetBucketEncryption', 'GetBucketLogging', 'GetBucketAcl']) {
      expect((await answers(operation)).every((r) => r.error === undefined)).toBe(true);
    }
  });

  it('reports the location, empty for us-east-1', async () => {
    for (const [name, out] of await outputs('GetBucketLocation')) {
      const bucket = buckets.find((b) => b.Name === name);
      expect(out?.LocationConstraint).toBe(bucket?.BucketRegion === 'us-east-1' ? undefined : bucket?.BucketRegion);
    }
  });

  it('serves valid JSON policies, public exactly when a statement allows everyone', async () => {
    const status = await outputs('GetBucketPolicyStatus');
    const blocks = await outputs('GetPublicAccessBlock');
    let publicBuckets = 0;
    for (const [name, out] of await outputs('GetBucketPolicy')) {
      if (!out) continue;
      const policy = JSON.parse(out.Policy as string) as { Version: string; Statement: Array<{ Effect: string; Principal: unknown }> };
      expect(policy.Version).toBe('2012-10-17');
      const isPublic = policy.Statement.some((s) => s.Effect === 'Allow' && s.Principal === '*');
      expect(status.get(name)?.PolicyStatus).toEqual({ IsPublic: isPublic });
      if (isPublic) {
        publicBuckets += 1;
        const block = blocks.get(name)?.PublicAccessBlockConfiguration as Record<string, boolean> | undefined;
        expect(block?.BlockPublicPolicy ?? false).toBe(false);
        expect(block?.RestrictPublicBuckets ?? false).toBe(false);
      }
    }
    expect(publicBuckets).toBeGreaterThan(0);
  });

  it('encrypts with SSE-S3, or SSE-KMS with a key that exists in the bucket region', async () => {
    const algorithms = new Set<string>();
    for (const [name, out] of await outputs('GetBucketEncryption')) {
      const bucket = buckets.find((b) => b.Name === name) as ListedBucket;
      const rules = (out?.ServerSideEncryptionConfiguration as { Rules: Array<{ ApplyServerSideEncryptionByDefault: Record<string, string> }> }).Rules;
      expect(rules).toHaveLength(1);
      const sse = rules[0]?.ApplyServerSideEncryptionByDefault ?? {};
      algorithms.add(sse.SSEAlgorithm ?? '');
      if (sse.SSEAlgorithm === 'aws:kms') {
        expect(kmsKeyProblem(universe, { accountId, region: bucket.BucketRegion }, sse.KMSMasterKeyID ?? '')).toBeUndefined();
      } else {
        expect(sse).toEqual({ SSEAlgorithm: 'AES256' });
      }
    }
    expect(algorithms).toEqual(new Set(['AES256', 'aws:kms']));
  });

  it('logs to another bucket of the same account and region', async () => {
    let logging = 0;
    for (const [name, out] of await outputs('GetBucketLogging')) {
      const enabled = out?.LoggingEnabled as { TargetBucket: string; TargetPrefix: string } | undefined;
      if (!enabled) continue;
      logging += 1;
      const source = buckets.find((b) => b.Name === name);
      const target = buckets.find((b) => b.Name === enabled.TargetBucket);
      expect(target).toBeDefined();
      expect(target?.Name).not.toBe(name);
      expect(target?.BucketRegion).toBe(source?.BucketRegion);
      expect(enabled.TargetPrefix).toBe(`${name}/`);
    }
    expect(logging).toBeGreaterThan(0);
  });

  it('grants ACLs only where ownership controls allow them', async () => {
    const ownership = await outputs('GetBucketOwnershipControls');
    const owners = new Set<string>();
    let extraGrants = 0;
    for (const [name, out] of await outputs('GetBucketAcl')) {
      const acl = out as { Owner: { ID: string }; Grants: Array<{ Grantee: { Type: string; ID?: string; URI?: string }; Permission: string }> };
      owners.add(acl.Owner.ID);
      expect(acl.Grants[0]).toEqual({ Grantee: { Type: 'CanonicalUser', ...acl.Owner }, Permission: 'FULL_CONTROL' });
      for (const grant of acl.Grants) {
        expect(['CanonicalUser', 'Group']).toContain(grant.Grantee.Type);
        if (grant.Grantee.Type === 'CanonicalUser') expect(grant.Grantee.ID).toMatch(/^[0-9a-f]{64}$/);
        else expect(grant.Grantee.URI).toMatch(/^http:\/\/acs\.amazonaws\.com\/groups\//);
      }
      const rules = (ownership.get(name)?.OwnershipControls as { Rules: Array<{ ObjectOwnership: string }> } | undefined)?.Rules;
      if (rules?.[0]?.ObjectOwnership === 'BucketOwnerEnforced') expect(acl.Grants).toHaveLength(1);
      extraGrants += acl.Grants.length - 1;
    }
    expect(owners.size).toBe(1);
    expect(extraGrants).toBeGreaterThan(0);
  });

  it('returns well-formed versioning and lifecycle rules', async () => {
    const statuses = new Set<unknown>();
    for (const out of (await outputs('GetBucketVersioning')).values()) statuses.add(out?.Status);
    expect(statuses).toEqual(new Set(['Enabled', 'Suspended', undefined]));
    for (const out of (await outputs('GetBucketLifecycleConfiguration')).values()) {
      if (!out) continue;
      const rules = out.Rules as Array<{ ID: string; Status: string }>;
      expect(rules.length).toBeGreaterThan(0);
      expect(new Set(rules.map((r) => r.ID)).size).toBe(rules.length);
      for (const rule of rules) expect(['Enabled', 'Disabled']).toContain(rule.Status);
    }
  });

  it('answers byte-identically for the same seed', async () => {
    const again = testUniverse({ scale: 20_000 });
    for (const bucket of buckets.slice(0, 40)) {
      for (const operation of ['GetBucketPolicy', 'GetBucketAcl', 'GetBucketEncryption', 'GetBucketLifecycleConfiguration', 'GetBucketTagging']) {
        const read = (u: typeof universe) =>
          s3Call(u, operation, { Bucket: bucket.Name }, accountId, bucket.BucketRegion).then(
            (out) => JSON.stringify(out),
            (error: unknown) => (error instanceof SandboxError ? error.code : 'unexpected'),
          );
        expect(await read(again)).toBe(await read(universe));
      }
    }
    const missing = await failureOf(() => s3Call(universe, 'GetBucketTagging', { Bucket: 'no-such-bucket' }, accountId));
    expect(missing.code).toBe('NoSuchBucket');
  });
});
