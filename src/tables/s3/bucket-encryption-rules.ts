import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { defineTable } from '../../engine/table.js';
import { bucketArn, underBucket } from './bucket-shared.js';

/** aws_s3_bucket_encryption_rules: the bucket's default-encryption rules (S3 holds one), one row each. */
export const s3BucketEncryptionRules = defineTable({
  name: 'aws_s3_bucket_encryption_rules',
  description: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionRule.html',
  service: 's3',
  scope: 'global',
  list: {
    call: { client: S3Client, command: GetBucketEncryptionCommand },
    operation: 'GetBucketEncryption',
    items: 'ServerSideEncryptionConfiguration.Rules[]',
  },
  parent: underBucket,
  columns: { bucket_arn: bucketArn },
  primaryKey: ['bucket_arn'],
  iam: ['s3:GetEncryptionConfiguration'],
});
