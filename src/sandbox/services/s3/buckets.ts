import { createdAt } from '../../data/common.js';
import type { Cell } from '../../data/ids.js';
import { hash32 } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { notFound, paginate, SandboxError, type Handler, type Input, type RequestContext } from '../service.js';
import { BUCKET_KIND, bucketCount, bucketName, bucketPurpose, bucketTeam, ownerOf, parseBucketName, type BucketPurpose } from './names.js';

export interface Bucket {
  name: string;
  /** The owner account and the bucket's region. */
  cell: Cell;
  index: number;
  team: string;
  purpose: BucketPurpose;
  creationDate: Date;
}

export function bucketAt(universe: Universe, cell: Cell, index: number): Bucket {
  return {
    name: bucketName(universe, cell, index),
    cell,
    index,
    team: bucketTeam(universe, cell, index),
    purpose: bucketPurpose(universe, cell, index),
    creationDate: createdAt(universe.seed, cell, BUCKET_KIND, index),
  };
}

/** A per-bucket roll for configuration traits: an integer in [0, modulo). */
export function roll(universe: Universe, bucket: Bucket, trait: string, modulo: number): number {
  return hash32(universe.seed, bucket.cell.accountId, bucket.cell.region, BUCKET_KIND, bucket.index, trait) % modulo;
}

/**
 * The 301 S3 sends when a request is signed for a region other than the bucket's. SDKs read the
 * region from x-amz-bucket-region (HEAD responses have no body); the Endpoint element keeps AWS's
 * form, since the sandbox serves every region at one URL and only the signing region is wrong.
 */
function permanentRedirect(bucket: string, region: string): SandboxError {
  const endpoint = region === 'us-east-1' ? `${bucket}.s3.amazonaws.com` : `${bucket}.s3.${region}.amazonaws.com`;
  return new SandboxError(
    'PermanentRedirect',
    'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
    301,
    true,
    { headers: { 'x-amz-bucket-region': region }, fields: { Endpoint: endpoint, Bucket: bucket } },
  );
}

/**
 * The bucket a request names. As in S3, checks run in this order: an unknown name is NoSuchBucket;
 * a request signed for another region than the bucket's is redirected (S3 routes by region before
 * it authorises, so this holds for other accounts' buckets too) unless `anyRegion` (GetBucketLocation,
 * which answers from every region); another account's bucket is AccessDenied (it exists, the caller
 * may not read it), as is a mismatched ExpectedBucketOwner.
 */
export function resolveBucket(input: Input, ctx: RequestContext, { anyRegion = false } = {}): Bucket {
  const name = typeof input.Bucket === 'string' ? input.Bucket : '';
  const found = parseBucketName(ctx.universe, name);
  if (!found) throw notFound('NoSuchBucket', 'The specified bucket does not exist');
  if (!anyRegion && found.cell.region !== ctx.region) throw permanentRedirect(name, found.cell.region);
  const expected = input.ExpectedBucketOwner;
  if (found.cell.accountId !== ctx.cell.accountId || (typeof expected === 'string' && expected !== found.cell.accountId)) {
    throw new SandboxError('AccessDenied', 'Access Denied', 403);
  }
  return bucketAt(ctx.universe, found.cell, found.index);
}

/** The caller's buckets: its enabled regions' cells laid end to end in one offset space. */
function bucketSpace(universe: Universe, accountId: string, onlyRegion?: string): { total: number; at(offset: number): Bucket } {
  const regions = universe.enabledRegions(accountId).filter((r) => onlyRegion === undefined || r === onlyRegion);
  const runs = regions.map((region) => {
    const cell = { accountId, region };
    return { cell, count: bucketCount(universe, cell) };
  });
  return {
    total: runs.reduce((sum, r) => sum + r.count, 0),
    at: (offset) => {
      let rest = offset;
      for (const run of runs) {
        if (rest < run.count) return bucketAt(universe, run.cell, rest);
        rest -= run.count;
      }
      throw new Error(`bucket offset ${offset} out of range`);
    },
  };
}

export const listBuckets: Handler = (input, ctx) => {
  const region = typeof input.BucketRegion === 'string' && input.BucketRegion !== '' ? input.BucketRegion : undefined;
  const prefix = typeof input.Prefix === 'string' ? input.Prefix : '';
  const space = bucketSpace(ctx.universe, ctx.cell.accountId, region);
  const page = paginate(
    input,
    ctx,
    space.total,
    (i) => {
      const bucket = space.at(i);
      return { Name: bucket.name, CreationDate: bucket.creationDate, BucketRegion: bucket.cell.region };
    },
    // Without MaxBuckets AWS returns every bucket (up to its 10,000 page limit).
    { defaultPageSize: 10_000, maxPageSize: 10_000, limits: { min: 1, max: 10_000, code: 'InvalidArgument' }, filter: prefix ? (b) => (b as { Name: string }).Name.startsWith(prefix) : undefined },
  );
  return { ...page, Owner: ownerOf(ctx.universe, ctx.cell.accountId), ...(prefix ? { Prefix: prefix } : {}) };
};
