import {
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { defineTable, tagsObject, type Details, type Item, type ItemCall } from '../../engine/table.js';
import { bucketInput, bucketRegion } from './bucket-shared.js';

/** One per-bucket Get* call, sent to the bucket's own region (S3 answers 301 PermanentRedirect elsewhere). */
function inBucketRegion(command: ItemCall['call']['command'], operation: string): ItemCall {
  return { call: { client: S3Client, command }, operation, input: bucketInput, region: bucketRegion };
}

function member(details: Details, detail: string, path: string[]): unknown {
  let value: unknown = details[detail];
  for (const step of path) value = value && typeof value === 'object' ? (value as Item)[step] : undefined;
  return value ?? null;
}

/** The policy arrives as a JSON string; CloudQuery stores the parsed document. */
function parsedPolicy(details: Details): unknown {
  const text = details.policy?.Policy;
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * aws_s3_buckets: CloudQuery's WrappedBucket, i.e. ListBuckets' name and creation date plus the
 * per-bucket configuration flattened into columns. Listed once per account (S3's list is global),
 * located with GetBucketLocation, then every Get* goes to the bucket's region.
 */
export const s3Buckets = defineTable({
  name: 'aws_s3_buckets',
  description: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Bucket.html',
  service: 's3',
  scope: 'global',
  list: { call: { client: S3Client, command: ListBucketsCommand }, operation: 'ListBuckets', items: 'Buckets[]' },
  details: {
    // GetBucketLocation is answered in any region: it is how a client learns where to send the rest.
    location: { call: { client: S3Client, command: GetBucketLocationCommand }, operation: 'GetBucketLocation', input: bucketInput },
    logging: inBucketRegion(GetBucketLoggingCommand, 'GetBucketLogging'),
    policy: inBucketRegion(GetBucketPolicyCommand, 'GetBucketPolicy'),
    policyStatus: inBucketRegion(GetBucketPolicyStatusCommand, 'GetBucketPolicyStatus'),
    versioning: inBucketRegion(GetBucketVersioningCommand, 'GetBucketVersioning'),
    publicAccessBlock: inBucketRegion(GetPublicAccessBlockCommand, 'GetPublicAccessBlock'),
    replication: inBucketRegion(GetBucketReplicationCommand, 'GetBucketReplication'),
    tagging: inBucketRegion(GetBucketTaggingCommand, 'GetBucketTagging'),
    ownershipControls: inBucketRegion(GetBucketOwnershipControlsCommand, 'GetBucketOwnershipControls'),
  },
  columns: {
    arn: { type: 'string', value: (b, c) => `arn:${c.partition}:s3:::${String(b.Name)}` },
    replication_role: { type: 'string', value: (_b, _c, d) => member(d, 'replication', ['ReplicationConfiguration', 'Role']) },
    replication_rules: { type: 'json', value: (_b, _c, d) => member(d, 'replication', ['ReplicationConfiguration', 'Rules']) },
    region: { type: 'string', value: (b, _c, d) => bucketRegion(b, d) ?? null, description: "The bucket's region" },
    logging_target_bucket: { type: 'string', value: (_b, _c, d) => member(d, 'logging', ['LoggingEnabled', 'TargetBucket']) },
    logging_target_prefix: { type: 'string', value: (_b, _c, d) => member(d, 'logging', ['LoggingEnabled', 'TargetPrefix']) },
    policy: { type: 'json', value: (_b, _c, d) => parsedPolicy(d) },
    policy_status: { type: 'json', value: (_b, _c, d) => member(d, 'policyStatus', ['PolicyStatus']) },
    versioning_status: { type: 'string', value: (_b, _c, d) => member(d, 'versioning', ['Status']) },
    versioning_mfa_delete: { type: 'string', value: (_b, _c, d) => member(d, 'versioning', ['MFADelete']) },
    block_public_acls: { type: 'bool', value: (_b, _c, d) => member(d, 'publicAccessBlock', ['PublicAccessBlockConfiguration', 'BlockPublicAcls']) },
    block_public_policy: { type: 'bool', value: (_b, _c, d) => member(d, 'publicAccessBlock', ['PublicAccessBlockConfiguration', 'BlockPublicPolicy']) },
    ignore_public_acls: { type: 'bool', value: (_b, _c, d) => member(d, 'publicAccessBlock', ['PublicAccessBlockConfiguration', 'IgnorePublicAcls']) },
    restrict_public_buckets: {
      type: 'bool',
      value: (_b, _c, d) => member(d, 'publicAccessBlock', ['PublicAccessBlockConfiguration', 'RestrictPublicBuckets']),
    },
    tags: { type: 'json', value: (_b, _c, d) => tagsObject(d.tagging?.TagSet) },
    ownership_controls: {
      type: 'string_list',
      value: (_b, _c, d) => {
        const rules = member(d, 'ownershipControls', ['OwnershipControls', 'Rules']);
        return Array.isArray(rules) ? rules.map((r) => (r as Item).ObjectOwnership).filter((o): o is string => typeof o === 'string') : null;
      },
    },
  },
  // WrappedBucket has only Name and CreationDate from the list item; the region comes from GetBucketLocation.
  skip: ['BucketRegion'],
  primaryKey: ['arn'],
  iam: [
    's3:ListAllMyBuckets',
    's3:GetBucketLocation',
    's3:GetBucketLogging',
    's3:GetBucketPolicy',
    's3:GetBucketPolicyStatus',
    's3:GetBucketVersioning',
    's3:GetBucketPublicAccessBlock',
    's3:GetReplicationConfiguration',
    's3:GetBucketTagging',
    's3:GetBucketOwnershipControls',
  ],
});
