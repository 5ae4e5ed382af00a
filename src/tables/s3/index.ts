import type { Table } from '../../engine/table.js';
import { s3BucketCorsRules } from './bucket-cors-rules.js';
import { s3BucketEncryptionRules } from './bucket-encryption-rules.js';
import { s3BucketGrants } from './bucket-grants.js';
import { s3BucketLifecycles } from './bucket-lifecycles.js';
import { s3BucketNotificationConfigurations } from './bucket-notification-configurations.js';
import { s3BucketObjectLockConfigurations } from './bucket-object-lock-configurations.js';
import { s3BucketWebsites } from './bucket-websites.js';
import { s3Buckets } from './buckets.js';

/** The s3 tables, one file each beside this one. */
export const s3Tables: Table[] = [
  s3Buckets,
  s3BucketCorsRules,
  s3BucketEncryptionRules,
  s3BucketGrants,
  s3BucketLifecycles,
  s3BucketNotificationConfigurations,
  s3BucketObjectLockConfigurations,
  s3BucketWebsites,
];
