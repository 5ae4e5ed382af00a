import { GetObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { defineTable } from '../../engine/table.js';
import { bucketArn, underBucket } from './bucket-shared.js';

/**
 * aws_s3_bucket_object_lock_configurations: the bucket's Object Lock configuration, one row per
 * bucket that has one; ObjectLockConfigurationNotFoundError means none.
 */
export const s3BucketObjectLockConfigurations = defineTable({
  name: 'aws_s3_bucket_object_lock_configurations',
  description: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ObjectLockConfiguration.html',
  service: 's3',
  scope: 'global',
  list: {
    call: { client: S3Client, command: GetObjectLockConfigurationCommand },
    operation: 'GetObjectLockConfiguration',
    items: 'ObjectLockConfiguration',
  },
  parent: underBucket,
  columns: { bucket_arn: bucketArn },
  primaryKey: ['bucket_arn'],
  iam: ['s3:GetBucketObjectLockConfiguration'],
});
