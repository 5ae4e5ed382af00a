import { describe, expect, it } from 'vitest';
import { SandboxError } from '../service.js';
import { kmsKeyProblem } from '../test-references.js';
import { testUniverse } from '../testing.js';
import { s3Service } from './index.js';
import { listAllBuckets, s3Call, type ListedBucket } from './s3-testing.js';

// Large enough that every feature occurs in several buckets of one account.
const universe = testUniverse({ scale: 20_000 });
const accountId = universe.activeAccounts()[1]?.id ?? '';
const buckets = await listAllBuckets(universe, accountId);
const countOf = (kind: string, region: string) => s3Service.kinds?.find((k) => k.kind === kind)?.count(universe, { accountId, region }) ?? -1;

/** Every bucket's answer to an operation: the output, or the 404 code it fails with. */
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

const versioned = async () => new Map((await answers('GetBucketVersioning')).map((a) => [a.bucket.Name, a.out?.Status]));

describe('s3 bucket features', () => {
  it('answers CORS, website, replication and Object Lock for some buckets and their own 404 for the others', async () => {
    const expected: Array<[string, string]> = [
      ['GetBucketCors', 'NoSuchCORSConfiguration'],
      ['GetBucketWebsite', 'NoSuchWebsiteConfiguration'],
      ['GetBucketReplication', 'ReplicationConfigurationNotFoundError'],
      ['GetObjectLockConfiguration', 'ObjectLockConfigurationNotFoundError'],
    ];
    for (const [operation, code] of expected) {
      expect(new Set((await answers(operation)).map((r) => r.error)), operation).toEqual(new Set([undefined, code]));
    }
    expect((await answers('GetBucketNotificationConfiguration')).every((r) => r.error === undefined)).toBe(true);
  });

  it('counts CORS rules, websites and Object Lock configurations per region as the buckets answer', async () => {
    const cors = await answers('GetBucketCors');
    const websites = await answers('GetBucketWebsite');
    const locks = await answers('GetObjectLockConfiguration');
    for (const region of universe.regions) {
      const inRegion = <T extends { bucket: ListedBucket }>(list: T[]) => list.filter((a) => a.bucket.BucketRegion === region);
      const rules = inRegion(cors).reduce((sum, a) => sum + ((a.out?.CORSRules as unknown[] | undefined)?.length ?? 0), 0);
      expect(rules, region).toBe(countOf('s3.bucket_cors_rule', region));
      expect(inRegion(websites).filter((a) => a.out).length, region).toBe(countOf('s3.bucket_website', region));
      expect(inRegion(locks).filter((a) => a.out).length, region).toBe(countOf('s3.bucket_object_lock', region));
    }
    expect(countOf('s3.bucket_cors_rule', 'us-east-1')).toBeGreaterThan(0);
  });

  it('gives every CORS rule an ID unique in its bucket, methods and origins', async () => {
    for (const { out } of await answers('GetBucketCors')) {
      const rules = (out?.CORSRules ?? []) as Array<{ ID: string; AllowedMethods: string[]; AllowedOrigins: string[] }>;
      expect(new Set(rules.map((r) => r.ID)).size).toBe(rules.length);
      for (const rule of rules) {
        expect(rule.AllowedMethods.every((m) => ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(m))).toBe(true);
        expect(rule.AllowedOrigins.length).toBeGreaterThan(0);
      }
    }
  });

  it('hosts websites on static-site buckets: public ones serve documents, others redirect everything', async () => {
    const policies = new Map((await answers('GetBucketPolicyStatus')).map((a) => [a.bucket.Name, a.out?.PolicyStatus]));
    const kinds = new Set<string>();
    for (const { bucket, out } of await answers('GetBucketWebsite')) {
      if (!out) continue;
      expect(bucket.Name).toContain('-static-site-');
      if (out.RedirectAllRequestsTo) {
        expect(out.IndexDocument).toBeUndefined();
        kinds.add('redirect');
      } else {
        expect(out.IndexDocument).toEqual({ Suffix: 'index.html' });
        expect(policies.get(bucket.Name)).toEqual({ IsPublic: true });
        kinds.add('site');
      }
    }
    expect(kinds).toEqual(new Set(['site', 'redirect']));
  });

  it('replicates only versioned buckets, into another versioned bucket of the account, with an IAM role', async () => {
    const versioning = await versioned();
    const names = new Set(buckets.map((b) => b.Name));
    let replicated = 0;
    for (const { bucket, out } of await answers('GetBucketReplication')) {
      if (!out) continue;
      replicated += 1;
      expect(versioning.get(bucket.Name)).toBe('Enabled');
      const config = out.ReplicationConfiguration as { Role: string; Rules: Array<{ ID: string; Status: string; Destination: { Bucket: string; EncryptionConfiguration?: { ReplicaKmsKeyID: string } } }> };
      expect(config.Role).toMatch(new RegExp(`^arn:aws:iam::${accountId}:role/`));
      for (const rule of config.Rules) {
        const target = rule.Destination.Bucket.replace('arn:aws:s3:::', '');
        expect(names.has(target)).toBe(true);
        expect(target).not.toBe(bucket.Name);
        expect(versioning.get(target)).toBe('Enabled');
        const targetRegion = buckets.find((b) => b.Name === target)?.BucketRegion ?? '';
        expect(rule.ID).toBe(`replicate-to-${targetRegion}`);
        const key = rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID;
        if (key) expect(kmsKeyProblem(universe, { accountId, region: targetRegion }, key)).toBeUndefined();
      }
    }
    expect(replicated).toBeGreaterThan(0);
  });

  it('notifies standard queues and topics of the bucket region, or EventBridge', async () => {
    const targets = new Set<string>();
    for (const { bucket, out } of await answers('GetBucketNotificationConfiguration')) {
      const arns = [
        ...((out?.QueueConfigurations ?? []) as Array<{ QueueArn: string }>).map((q) => q.QueueArn),
        ...((out?.TopicConfigurations ?? []) as Array<{ TopicArn: string }>).map((t) => t.TopicArn),
      ];
      for (const arn of arns) {
        expect(arn).toMatch(new RegExp(`^arn:aws:(sqs|sns):${bucket.BucketRegion}:${accountId}:`));
        expect(arn.endsWith('.fifo')).toBe(false);
        targets.add(arn.split(':')[2] ?? '');
      }
      if (out?.EventBridgeConfiguration) targets.add('eventbridge');
    }
    expect(targets).toEqual(new Set(['sqs', 'sns', 'eventbridge']));
  });

  it('locks objects only in versioned backup buckets', async () => {
    const versioning = await versioned();
    const modes = new Set<unknown>();
    for (const { bucket, out } of await answers('GetObjectLockConfiguration')) {
      if (!out) continue;
      expect(bucket.Name).toContain('-backups-');
      expect(versioning.get(bucket.Name)).toBe('Enabled');
      const lock = out.ObjectLockConfiguration as { ObjectLockEnabled: string; Rule?: { DefaultRetention: { Mode: string; Days: number } } };
      expect(lock.ObjectLockEnabled).toBe('Enabled');
      modes.add(lock.Rule?.DefaultRetention.Mode);
      if (lock.Rule) expect(lock.Rule.DefaultRetention.Days).toBeGreaterThan(0);
    }
    expect(modes.size).toBeGreaterThan(0);
    for (const mode of modes) expect([undefined, 'GOVERNANCE', 'COMPLIANCE']).toContain(mode);
  });
});
