import type { Details, Item } from '../../engine/table.js';

/**
 * A bucket's region as CloudQuery resolves it: GetBucketLocation's constraint, where an empty one
 * means us-east-1; ListBuckets' BucketRegion when the location call found nothing.
 */
export function bucketRegion(bucket: Item, details: Details): string | undefined {
  const location = details.location;
  if (location) {
    const constraint = location.LocationConstraint;
    return typeof constraint === 'string' && constraint !== '' ? constraint : 'us-east-1';
  }
  return typeof bucket.BucketRegion === 'string' ? bucket.BucketRegion : undefined;
}

/** The S3 request every per-bucket call sends. */
export function bucketInput(bucket: unknown): Item {
  return { Bucket: (bucket as { Name?: unknown }).Name };
}

/** A child table's placement under aws_s3_buckets: one call per bucket, in the region its row resolved. */
export const underBucket = {
  table: 'aws_s3_buckets',
  input: (bucket: Item) => bucketInput(bucket),
  region: (_bucket: Item, row: Record<string, unknown>) => (typeof row.region === 'string' ? row.region : undefined),
};

/** CloudQuery's bucket_arn: the parent row's arn. */
export const bucketArn = {
  type: 'string' as const,
  value: (_item: Item, _ctx: unknown, _details: unknown, parent?: Record<string, unknown>) => parent?.arn ?? null,
};
