import { GetBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { defineTable } from '../../engine/table.js';
import { bucketArn, underBucket } from './bucket-shared.js';

/** aws_s3_bucket_lifecycles: one row per lifecycle rule; a bucket without a configuration has none. */
export const s3BucketLifecycles = defineTable({
  name: 'aws_s3_bucket_lifecycles',
  description: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html',
  service: 's3',
  scope: 'global',
  list: { call: { client: S3Client, command: GetBucketLifecycleConfigurationCommand }, operation: 'GetBucketLifecycleConfiguration', items: 'Rules[]' },
  parent: underBucket,
  columns: { bucket_arn: bucketArn },
  primaryKey: ['bucket_arn', 'id'],
  iam: ['s3:GetLifecycleConfiguration'],
});
