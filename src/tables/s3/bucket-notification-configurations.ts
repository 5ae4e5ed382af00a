import { GetBucketNotificationConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { defineTable } from '../../engine/table.js';
import { bucketArn, underBucket } from './bucket-shared.js';

/**
 * aws_s3_bucket_notification_configurations: one row per bucket, since S3 answers every bucket
 * with its notification configuration, empty (all columns null) when nothing is notified.
 */
export const s3BucketNotificationConfigurations = defineTable({
  name: 'aws_s3_bucket_notification_configurations',
  description: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_NotificationConfiguration.html',
  service: 's3',
  scope: 'global',
  list: {
    call: { client: S3Client, command: GetBucketNotificationConfigurationCommand },
    operation: 'GetBucketNotificationConfiguration',
    items: '',
  },
  parent: underBucket,
  columns: { bucket_arn: bucketArn },
  primaryKey: ['bucket_arn'],
  iam: ['s3:GetBucketNotification'],
});
