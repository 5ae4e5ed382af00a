import { GetBucketWebsiteCommand, S3Client } from '@aws-sdk/client-s3';
import { defineTable } from '../../engine/table.js';
import { bucketArn, underBucket } from './bucket-shared.js';

/**
 * aws_s3_bucket_websites: the bucket's static website configuration (GetBucketWebsite's whole
 * output), one row per bucket that hosts a site; NoSuchWebsiteConfiguration means none. Keyed by
 * bucket_arn, as CloudQuery's current table keys it (its early docs keyed it by _cq_id).
 */
export const s3BucketWebsites = defineTable({
  name: 'aws_s3_bucket_websites',
  description: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_WebsiteConfiguration.html',
  service: 's3',
  scope: 'global',
  list: { call: { client: S3Client, command: GetBucketWebsiteCommand }, operation: 'GetBucketWebsite', items: '' },
  parent: underBucket,
  columns: { bucket_arn: bucketArn },
  primaryKey: ['bucket_arn'],
  iam: ['s3:GetBucketWebsite'],
});
