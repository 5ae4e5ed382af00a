import { defineService } from '../service.js';
import { CORS_RULE_KIND, corsRuleCount, OBJECT_LOCK_KIND, objectLockCount, WEBSITE_KIND, websiteCount } from './bucket-features.js';
import { listBuckets } from './buckets.js';
import { bucketHandlers } from './operations.js';
import { BUCKET_KIND, bucketCount } from './names.js';

/**
 * S3: every account's buckets in its enabled regions, with per-bucket configuration. Names encode
 * (account, region, index), so any bucket is rebuilt from its name alone. CORS rules, websites and
 * Object Lock configurations become table rows, so they are counted too.
 */
export const s3Service = defineService({
  name: 's3',
  // Counted in the bucket's region, where the bucket's rows and their child rows belong.
  kinds: [
    { kind: BUCKET_KIND, scope: 'regional', count: bucketCount },
    { kind: CORS_RULE_KIND, scope: 'regional', count: corsRuleCount },
    { kind: WEBSITE_KIND, scope: 'regional', count: websiteCount },
    { kind: OBJECT_LOCK_KIND, scope: 'regional', count: objectLockCount },
  ],
  handlers: { ListBuckets: listBuckets, ...bucketHandlers },
});
