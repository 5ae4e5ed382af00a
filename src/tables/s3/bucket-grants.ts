import { GetBucketAclCommand, S3Client } from '@aws-sdk/client-s3';
import { defineTable, type Item } from '../../engine/table.js';
import { bucketArn, underBucket } from './bucket-shared.js';

function grantee(grant: Item): Item {
  return grant.Grantee && typeof grant.Grantee === 'object' ? (grant.Grantee as Item) : {};
}

/** The grantee as CloudQuery identifies it: canonical id, e-mail or group URI, by grantee type. */
function granteeId(grant: Item): unknown {
  const g = grantee(grant);
  if (g.Type === 'CanonicalUser') return g.ID;
  if (g.Type === 'AmazonCustomerByEmail') return g.EmailAddress;
  if (g.Type === 'Group') return g.URI;
  return null;
}

/** aws_s3_bucket_grants: the bucket ACL's grants, one row each. */
export const s3BucketGrants = defineTable({
  name: 'aws_s3_bucket_grants',
  description: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Grant.html',
  service: 's3',
  scope: 'global',
  list: { call: { client: S3Client, command: GetBucketAclCommand }, operation: 'GetBucketAcl', items: 'Grants[]' },
  parent: underBucket,
  columns: {
    bucket_arn: bucketArn,
    grantee_type: { type: 'string', value: (g) => grantee(g).Type },
    grantee_id: { type: 'string', value: granteeId },
    permission: { type: 'string', value: (g) => g.Permission },
  },
  primaryKey: ['bucket_arn', 'grantee_type', 'grantee_id', 'permission'],
  iam: ['s3:GetBucketAcl'],
});
