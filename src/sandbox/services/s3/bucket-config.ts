import type { Universe } from '../../data/universe.js';
import { encryptionKeyArn } from '../kms/keys.js';
import { bucketAt, roll, type Bucket } from './buckets.js';
import { BUCKET_KIND, bucketCount, canonicalId, ownerOf } from './names.js';

/**
 * Each bucket's configuration, a pure function of the bucket. Traits hang together as they do in a
 * real estate: public static sites have a public policy and no blocking public access block, log
 * buckets carry delivery policies and lifecycle expiry, ACL grants only exist where ACLs are enabled.
 */

const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

type Ownership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

function isLogBucket(bucket: Bucket): boolean {
  return bucket.purpose === 'access-logs' || bucket.purpose === 'cloudtrail-logs';
}

/** Public static websites: about half of the static-site buckets. */
export function isPublic(universe: Universe, bucket: Bucket): boolean {
  return bucket.purpose === 'static-site' && roll(universe, bucket, 'public', 2) === 0;
}

export function versioningOf(universe: Universe, bucket: Bucket): { Status?: 'Enabled' | 'Suspended'; MFADelete?: 'Disabled' } {
  if (bucket.purpose === 'terraform-state' || bucket.purpose === 'backups') return { Status: 'Enabled', MFADelete: 'Disabled' };
  const r = roll(universe, bucket, 'versioning', 10);
  if (r < 5) return { Status: 'Enabled', MFADelete: 'Disabled' };
  if (r < 6) return { Status: 'Suspended', MFADelete: 'Disabled' };
  // Never configured: S3 answers with an empty VersioningConfiguration.
  return {};
}

/** SSE-S3 by default (S3's default since 2023); about a quarter use one of the region's KMS keys. */
export function encryptionOf(universe: Universe, bucket: Bucket): { Rules: unknown[] } {
  const keyArn = roll(universe, bucket, 'kms', 4) === 0 ? encryptionKeyArn(universe, bucket.cell, BUCKET_KIND, bucket.index) : undefined;
  if (keyArn) {
    return { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] };
  }
  return { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] };
}

interface BucketStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal: string | Record<string, string>;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** The bucket policy document, or undefined when the bucket has none (about half of the others). */
export function policyOf(universe: Universe, bucket: Bucket): { Version: string; Id: string; Statement: BucketStatement[] } | undefined {
  const arn = `arn:aws:s3:::${bucket.name}`;
  const statements: BucketStatement[] = [];
  if (isPublic(universe, bucket)) {
    statements.push({ Sid: 'PublicReadGetObject', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn}/*` });
  } else if (bucket.purpose === 'cloudtrail-logs') {
    const service = { Service: 'cloudtrail.amazonaws.com' };
    statements.push({ Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: service, Action: 's3:GetBucketAcl', Resource: arn });
    statements.push({
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: service,
      Action: 's3:PutObject',
      Resource: `${arn}/AWSLogs/${bucket.cell.accountId}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
  } else if (bucket.purpose === 'access-logs') {
    statements.push({
      Sid: 'S3ServerAccessLogsPolicy',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${arn}/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': bucket.cell.accountId } },
    });
  } else if (roll(universe, bucket, 'policy', 2) !== 0) {
    return undefined;
  }
  statements.push({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
  return { Version: '2012-10-17', Id: `${bucket.name}-policy`, Statement: statements };
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

/** Everything blocked for most buckets; public sites block nothing; about one in five has no configuration. */
export function publicAccessBlockOf(universe: Universe, bucket: Bucket): PublicAccessBlock | undefined {
  if (roll(universe, bucket, 'public-access-block', 5) === 0) return undefined;
  const block = !isPublic(universe, bucket);
  return { BlockPublicAcls: block, IgnorePublicAcls: block, BlockPublicPolicy: block, RestrictPublicBuckets: block };
}

/** Server access logging for about 30% of non-log buckets, to another bucket of the same account and region (as S3 requires). */
export function loggingOf(universe: Universe, bucket: Bucket): { TargetBucket: string; TargetPrefix: string } | undefined {
  const count = bucketCount(universe, bucket.cell);
  if (count < 2 || isLogBucket(bucket) || roll(universe, bucket, 'logging', 10) >= 3) return undefined;
  const target = (bucket.index + 1 + roll(universe, bucket, 'logging-target', count - 1)) % count;
  return { TargetBucket: bucketAt(universe, bucket.cell, target).name, TargetPrefix: `${bucket.name}/` };
}

/** Lifecycle rules for log and backup buckets and about half of the rest. */
export function lifecycleOf(universe: Universe, bucket: Bucket): unknown[] | undefined {
  const abort = { ID: 'abort-incomplete-uploads', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } };
  if (isLogBucket(bucket)) {
    const days = [90, 365, 400][roll(universe, bucket, 'expiry', 3)] ?? 365;
    return [
      { ID: 'expire-logs', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }], Expiration: { Days: days } },
      abort,
    ];
  }
  if (bucket.purpose === 'backups') {
    const archive = { Days: 30, StorageClass: 'GLACIER' };
    const deep = { Days: 180, StorageClass: 'DEEP_ARCHIVE' };
    return [{ ID: 'archive-backups', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [archive, deep], NoncurrentVersionExpiration: { NoncurrentDays: 90 } }];
  }
  if (roll(universe, bucket, 'lifecycle', 2) === 0) return undefined;
  const rules: unknown[] = [abort];
  if (versioningOf(universe, bucket).Status === 'Enabled') {
    const status = roll(universe, bucket, 'noncurrent', 4) === 0 ? 'Disabled' : 'Enabled';
    rules.push({ ID: 'expire-noncurrent', Status: status, Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } });
  }
  return rules;
}

/** Object ownership: ACLs disabled (BucketOwnerEnforced) for most; some older buckets have no controls at all. */
export function ownershipOf(universe: Universe, bucket: Bucket): Ownership | undefined {
  if (isPublic(universe, bucket)) return 'BucketOwnerEnforced';
  if (bucket.purpose === 'access-logs') return 'BucketOwnerPreferred';
  const r = roll(universe, bucket, 'ownership', 10);
  if (r < 7) return 'BucketOwnerEnforced';
  if (r < 8) return 'BucketOwnerPreferred';
  if (r < 9) return 'ObjectWriter';
  return undefined;
}

/** The ACL: the owner's FULL_CONTROL, plus log delivery or a sibling account's read where ACLs are enabled. */
export function aclOf(universe: Universe, bucket: Bucket): { Owner: { DisplayName: string; ID: string }; Grants: unknown[] } {
  const owner = ownerOf(universe, bucket.cell.accountId);
  const grants: unknown[] = [{ Grantee: { Type: 'CanonicalUser', ...owner }, Permission: 'FULL_CONTROL' }];
  if (ownershipOf(universe, bucket) !== 'BucketOwnerEnforced') {
    if (bucket.purpose === 'access-logs') {
      grants.push({ Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'WRITE' });
      grants.push({ Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'READ_ACP' });
    } else if (roll(universe, bucket, 'acl-grant', 2) === 0) {
      const others = universe.org.accounts.filter((a) => a.id !== bucket.cell.accountId);
      const other = others[roll(universe, bucket, 'acl-account', Math.max(1, others.length))];
      if (other) grants.push({ Grantee: { Type: 'CanonicalUser', ID: canonicalId(universe, other.id), DisplayName: other.name }, Permission: 'READ' });
    }
  }
  return { Owner: owner, Grants: grants };
}
