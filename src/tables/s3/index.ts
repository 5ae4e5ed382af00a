import type { Table } from '../../engine/table.js';
import { s3BucketEncryptionRules } from './bucket-encryption-rules.js';
import { s3BucketGrants } from './bucket-grants.js';
import { s3BucketLifecycles } from './bucket-lifecycles.js';
import { s3Buckets } from './buckets.js';

/** The s3 tables, one file each beside this one. */
export const s3Tables: Table[] = [s3Buckets, s3BucketEncryptionRules, s3BucketGrants, s3BucketLifecycles];
