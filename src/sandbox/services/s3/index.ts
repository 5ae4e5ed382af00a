import { defineService } from '../service.js';
import { listBuckets } from './buckets.js';
import { bucketHandlers } from './operations.js';
import { BUCKET_KIND, bucketCount } from './names.js';

/**
 * S3: every account's buckets in its enabled regions, with per-bucket configuration. Names encode
 * (account, region, index), so any bucket is rebuilt from its name alone.
 */
export const s3Service = defineService({
  name: 's3',
  kinds: [{ kind: BUCKET_KIND, scope: 'regional', count: bucketCount }],
  handlers: { ListBuckets: listBuckets, ...bucketHandlers },
});
