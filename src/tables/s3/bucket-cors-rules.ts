import { GetBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { defineTable } from '../../engine/table.js';
import { bucketArn, underBucket } from './bucket-shared.js';

/**
 * aws_s3_bucket_cors_rules: the bucket's CORS rules, one row each; a bucket without a CORS
 * configuration (NoSuchCORSConfiguration) has none. Keyed by (bucket_arn, id) as CloudQuery keys it.
 */
export const s3BucketCorsRules = defineTable({
  name: 'aws_s3_bucket_cors_rules',
  description: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html',
  service: 's3',
  scope: 'global',
  list: { call: { client: S3Client, command: GetBucketCorsCommand }, operation: 'GetBucketCors', items: 'CORSRules[]' },
  parent: underBucket,
  columns: { bucket_arn: bucketArn },
  primaryKey: ['bucket_arn', 'id'],
  iam: ['s3:GetBucketCORS'],
});
