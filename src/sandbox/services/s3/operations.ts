import { tagsFor } from '../../data/common.js';
import type { Universe } from '../../data/universe.js';
import { notFound, type Handler, type Output } from '../service.js';
import {
  aclOf,
  encryptionOf,
  isPublic,
  lifecycleOf,
  loggingOf,
  ownershipOf,
  policyOf,
  publicAccessBlockOf,
  versioningOf,
} from './bucket-config.js';
import { corsRulesOf, notificationOf, objectLockOf, replicationOf, websiteOf } from './bucket-features.js';
import { resolveBucket, type Bucket } from './buckets.js';
import { BUCKET_KIND } from './names.js';

/**
 * A Get* operation for a configuration the bucket may lack: `read` gives the output or undefined,
 * which S3 answers with a 404 of the configuration's own code.
 */
function optional(read: (universe: Universe, bucket: Bucket) => Output | undefined, code: string, message: string): Handler {
  return (input, ctx) => {
    const output = read(ctx.universe, resolveBucket(input, ctx));
    if (!output) throw notFound(code, message);
    return output;
  };
}

function always(read: (universe: Universe, bucket: Bucket) => Output): Handler {
  return (input, ctx) => read(ctx.universe, resolveBucket(input, ctx));
}

function tagsOf(universe: Universe, bucket: Bucket): Array<{ Key: string; Value: string }> {
  return tagsFor(universe, bucket.cell, BUCKET_KIND, bucket.index);
}

export const bucketHandlers: Record<string, Handler> = {
  // Answered from any region, as S3 does: it is how clients find a bucket's region. us-east-1
  // buckets have no location constraint: S3 answers with an empty element.
  GetBucketLocation: (input, ctx) => {
    const bucket = resolveBucket(input, ctx, { anyRegion: true });
    return bucket.cell.region === 'us-east-1' ? {} : { LocationConstraint: bucket.cell.region };
  },
  // Headers only. Unknown buckets are a bare 404 and other accounts' a bare 403: HEAD has no body.
  HeadBucket: always((_u, b) => ({ BucketRegion: b.cell.region, AccessPointAlias: false })),
  GetBucketTagging: optional(
    (u, b) => {
      const tags = tagsOf(u, b);
      return tags.length > 0 ? { TagSet: tags } : undefined;
    },
    'NoSuchTagSet',
    'The TagSet does not exist',
  ),
  GetBucketVersioning: always((u, b) => versioningOf(u, b)),
  GetBucketEncryption: always((u, b) => ({ ServerSideEncryptionConfiguration: encryptionOf(u, b) })),
  GetBucketPolicy: optional(
    (u, b) => {
      const policy = policyOf(u, b);
      return policy && { Policy: JSON.stringify(policy) };
    },
    'NoSuchBucketPolicy',
    'The bucket policy does not exist',
  ),
  GetBucketPolicyStatus: optional(
    (u, b) => (policyOf(u, b) ? { PolicyStatus: { IsPublic: isPublic(u, b) } } : undefined),
    'NoSuchBucketPolicy',
    'The bucket policy does not exist',
  ),
  GetPublicAccessBlock: optional(
    (u, b) => {
      const block = publicAccessBlockOf(u, b);
      return block && { PublicAccessBlockConfiguration: block };
    },
    'NoSuchPublicAccessBlockConfiguration',
    'The public access block configuration was not found',
  ),
  GetBucketLogging: always((u, b) => {
    const logging = loggingOf(u, b);
    return logging ? { LoggingEnabled: logging } : {};
  }),
  GetBucketLifecycleConfiguration: optional(
    (u, b) => {
      const rules = lifecycleOf(u, b);
      return rules && { Rules: rules, TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
    },
    'NoSuchLifecycleConfiguration',
    'The lifecycle configuration does not exist',
  ),
  GetBucketAcl: always((u, b) => aclOf(u, b)),
  GetBucketOwnershipControls: optional(
    (u, b) => {
      const ownership = ownershipOf(u, b);
      return ownership && { OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] } };
    },
    'OwnershipControlsNotFoundError',
    'The bucket ownership controls were not found',
  ),
  GetBucketCors: optional(
    (u, b) => {
      const rules = corsRulesOf(u, b);
      return rules && { CORSRules: rules };
    },
    'NoSuchCORSConfiguration',
    'The CORS configuration does not exist',
  ),
  GetBucketWebsite: optional((u, b) => websiteOf(u, b), 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'),
  GetBucketReplication: optional(
    (u, b) => {
      const replication = replicationOf(u, b);
      return replication && { ReplicationConfiguration: replication };
    },
    'ReplicationConfigurationNotFoundError',
    'The replication configuration was not found',
  ),
  // Every bucket has one, possibly empty: S3 answers an empty NotificationConfiguration, never 404.
  GetBucketNotificationConfiguration: always((u, b) => notificationOf(u, b)),
  GetObjectLockConfiguration: optional(
    (u, b) => {
      const lock = objectLockOf(u, b);
      return lock && { ObjectLockConfiguration: lock };
    },
    'ObjectLockConfigurationNotFoundError',
    'Object Lock configuration does not exist for this bucket',
  ),
};
