import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import { encryptionKeyArn } from '../kms/keys.js';
import { serviceRoleArn } from '../placement.js';
import { topicArnAt, topicCount } from '../sns.js';
import { queueArnAt } from '../sqs.js';
import { encryptionOf, isPublic, versioningOf } from './bucket-config.js';
import { bucketAt, roll, type Bucket } from './buckets.js';
import { BUCKET_KIND, bucketCount } from './names.js';

/**
 * The optional bucket features beside bucket-config.ts: CORS, static website hosting, replication,
 * event notifications and Object Lock. They follow S3's own rules: replication and Object Lock need
 * versioning, replicas go to a versioned bucket, notifications only reach standard queues and topics
 * of the bucket's own region, and a website either serves documents or redirects everything.
 */

export const CORS_RULE_KIND = 's3.bucket_cors_rule';
export const WEBSITE_KIND = 's3.bucket_website';
export const OBJECT_LOCK_KIND = 's3.bucket_object_lock';

/** Browser-facing buckets: what web apps fetch from or upload to. */
const browserFacing = new Set(['static-site', 'assets', 'media', 'uploads']);

/** CORS rules for about two thirds of the browser-facing buckets, 1 to 3 each, every rule with an ID. */
export function corsRulesOf(universe: Universe, bucket: Bucket): unknown[] | undefined {
  if (!browserFacing.has(bucket.purpose) || roll(universe, bucket, 'cors', 3) === 0) return undefined;
  const origin = `https://${bucket.team}.example.com`;
  const candidates = [
    { ID: 'allow-web-reads', AllowedHeaders: ['*'], AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: [origin], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 },
    {
      ID: 'allow-browser-uploads',
      AllowedHeaders: ['Content-Type', 'x-amz-meta-*'],
      AllowedMethods: ['PUT', 'POST'],
      AllowedOrigins: [origin, `https://app.${bucket.team}.example.com`],
      ExposeHeaders: ['ETag', 'x-amz-request-id'],
      MaxAgeSeconds: 600,
    },
    // No headers and no max age: S3 leaves out what a rule does not set.
    { ID: 'allow-any-origin-get', AllowedMethods: ['GET'], AllowedOrigins: ['*'] },
  ];
  return candidates.slice(0, 1 + roll(universe, bucket, 'cors-rules', 3));
}

/** Public sites serve documents; about a third of the private static-site buckets redirect to their site. */
export function websiteOf(universe: Universe, bucket: Bucket): Record<string, unknown> | undefined {
  if (bucket.purpose !== 'static-site') return undefined;
  if (isPublic(universe, bucket)) {
    const site: Record<string, unknown> = { IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'error.html' } };
    if (roll(universe, bucket, 'routing', 2) === 0) {
      site.RoutingRules = [
        { Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documentation/' } },
        { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { HostName: `www.${bucket.team}.example.com`, HttpRedirectCode: '302', Protocol: 'https' } },
      ];
    }
    return site;
  }
  if (roll(universe, bucket, 'redirect', 3) !== 0) return undefined;
  return { RedirectAllRequestsTo: { HostName: `www.${bucket.team}.example.com`, Protocol: 'https' } };
}

/** The purposes whose data teams copy to a second region. */
const replicated = new Set(['backups', 'data-lake', 'terraform-state', 'exports']);

/** How many buckets of a cell the search for a replica target looks at, so one lookup stays cheap. */
const TARGET_SCAN = 64;

/**
 * A versioned bucket of the same account to replicate into, in another enabled region when there
 * is one (cross-region replication), else in the same region. Undefined when none is versioned.
 */
function replicaTarget(universe: Universe, bucket: Bucket): Bucket | undefined {
  const regions = universe.enabledRegions(bucket.cell.accountId);
  const others = regions.filter((r) => r !== bucket.cell.region);
  const pool = others.length > 0 ? others : [bucket.cell.region];
  const region = pool[roll(universe, bucket, 'replica-region', pool.length)] ?? bucket.cell.region;
  const cell = { accountId: bucket.cell.accountId, region };
  const count = bucketCount(universe, cell);
  const start = roll(universe, bucket, 'replica-start', Math.max(1, count));
  for (let step = 0; step < Math.min(count, TARGET_SCAN); step++) {
    const candidate = bucketAt(universe, cell, (start + step) % count);
    if (candidate.name !== bucket.name && versioningOf(universe, candidate).Status === 'Enabled') return candidate;
  }
  return undefined;
}

/** Replication for about a third of the versioned backup, data-lake, state and export buckets. */
export function replicationOf(universe: Universe, bucket: Bucket): { Role: string; Rules: unknown[] } | undefined {
  if (!replicated.has(bucket.purpose) || versioningOf(universe, bucket).Status !== 'Enabled') return undefined;
  if (roll(universe, bucket, 'replication', 3) !== 0) return undefined;
  const target = replicaTarget(universe, bucket);
  if (!target) return undefined;
  const destination: Record<string, unknown> = { Bucket: `arn:aws:s3:::${target.name}`, StorageClass: 'STANDARD_IA' };
  const rule: Record<string, unknown> = {
    ID: `replicate-to-${target.cell.region}`,
    Priority: 1,
    Filter: { Prefix: '' },
    Status: roll(universe, bucket, 'replication-status', 8) === 0 ? 'Disabled' : 'Enabled',
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: destination,
  };
  const sourceKey = (encryptionOf(universe, bucket).Rules[0] as { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: string } }).ApplyServerSideEncryptionByDefault;
  const replicaKey = sourceKey.SSEAlgorithm === 'aws:kms' ? encryptionKeyArn(universe, target.cell, BUCKET_KIND, target.index) : undefined;
  // KMS-encrypted objects replicate only when asked to, and need a key in the destination region.
  if (replicaKey) {
    rule.SourceSelectionCriteria = { SseKmsEncryptedObjects: { Status: 'Enabled' } };
    destination.EncryptionConfiguration = { ReplicaKmsKeyID: replicaKey };
  }
  return { Role: serviceRoleArn(universe, bucket.cell.accountId, 's3-replication-role', bucket.cell.region, BUCKET_KIND, bucket.index), Rules: [rule] };
}

/** Buckets whose new objects other systems react to. */
const notifying = new Set(['uploads', 'data-lake', 'media', 'exports']);

/** A standard (not FIFO) queue of the cell for event notifications, as S3 cannot deliver to FIFO queues. */
function standardQueue(universe: Universe, cell: Cell, hint: number): string | undefined {
  const count = universe.allocated(cell, 'sqs.queue');
  for (let step = 0; step < Math.min(count, 8); step++) {
    const arn = queueArnAt(universe, cell, (hint + step) % count);
    if (!arn.endsWith('.fifo')) return arn;
  }
  return undefined;
}

function standardTopic(universe: Universe, cell: Cell, hint: number): string | undefined {
  const count = topicCount(universe, cell);
  for (let step = 0; step < Math.min(count, 8); step++) {
    const arn = topicArnAt(universe, cell, (hint + step) % count);
    if (!arn.endsWith('.fifo')) return arn;
  }
  return undefined;
}

/**
 * The notification configuration: about half of the notifying buckets send object-created events
 * to a queue or topic of their region, or to EventBridge. The rest have an empty configuration,
 * which S3 returns as such (GetBucketNotificationConfiguration never answers 404 for a bucket).
 */
export function notificationOf(universe: Universe, bucket: Bucket): Record<string, unknown> {
  if (!notifying.has(bucket.purpose) || roll(universe, bucket, 'notify', 2) === 0) return {};
  const hint = roll(universe, bucket, 'notify-target', 1 << 20);
  const filter = { Key: { FilterRules: [{ Name: 'Prefix', Value: 'incoming/' }] } };
  const events = ['s3:ObjectCreated:*'];
  const choice = roll(universe, bucket, 'notify-kind', 3);
  const queue = choice === 0 ? standardQueue(universe, bucket.cell, hint) : undefined;
  if (queue) return { QueueConfigurations: [{ Id: 'new-objects-to-queue', QueueArn: queue, Events: events, Filter: filter }] };
  const topic = choice === 1 ? standardTopic(universe, bucket.cell, hint) : undefined;
  if (topic) return { TopicConfigurations: [{ Id: 'new-objects-to-topic', TopicArn: topic, Events: [...events, 's3:ObjectRemoved:*'], Filter: filter }] };
  return { EventBridgeConfiguration: {} };
}

/** Object Lock on about a third of the backup buckets (always versioned, as Object Lock requires). */
export function objectLockOf(universe: Universe, bucket: Bucket): Record<string, unknown> | undefined {
  if (bucket.purpose !== 'backups' || roll(universe, bucket, 'object-lock', 3) !== 0) return undefined;
  const retention = roll(universe, bucket, 'retention', 4);
  // Enabled without a default rule: objects are locked only when a request asks.
  if (retention === 0) return { ObjectLockEnabled: 'Enabled' };
  const mode = retention === 1 ? 'COMPLIANCE' : 'GOVERNANCE';
  return { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: [30, 90, 365][retention - 1] ?? 30 } } };
}

/** The sum of `measure` over the cell's buckets: O(buckets), as child counts may be. */
function overBuckets(measure: (universe: Universe, bucket: Bucket) => number): (universe: Universe, cell: Cell) => number {
  return (universe, cell) => {
    let total = 0;
    const count = bucketCount(universe, cell);
    for (let i = 0; i < count; i++) total += measure(universe, bucketAt(universe, cell, i));
    return total;
  };
}

export const corsRuleCount = overBuckets((u, b) => corsRulesOf(u, b)?.length ?? 0);
export const websiteCount = overBuckets((u, b) => (websiteOf(u, b) ? 1 : 0));
export const objectLockCount = overBuckets((u, b) => (objectLockOf(u, b) ? 1 : 0));
