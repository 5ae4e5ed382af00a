import { teams } from '../../data/common.js';
import type { Cell } from '../../data/ids.js';
import { hexOf, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';

export const BUCKET_KIND = 's3.bucket';

/** What the buckets are for; at most 15 characters so the longest name stays within 63. */
export const bucketPurposes = [
  'assets',
  'access-logs',
  'backups',
  'data-lake',
  'artifacts',
  'static-site',
  'terraform-state',
  'exports',
  'uploads',
  'reports',
  'cloudtrail-logs',
  'athena-results',
  'ml-models',
  'media',
] as const;

export type BucketPurpose = (typeof bucketPurposes)[number];

/** Buckets of a regional cell: the scale's share, nothing fixed. */
export function bucketCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, BUCKET_KIND);
}

export function bucketTeam(universe: Universe, cell: Cell, index: number): string {
  return pick(teams, universe.seed, cell.accountId, cell.region, BUCKET_KIND, index, 'team');
}

export function bucketPurpose(universe: Universe, cell: Cell, index: number): BucketPurpose {
  return pick(bucketPurposes, universe.seed, cell.accountId, cell.region, BUCKET_KIND, index, 'purpose');
}

/**
 * `<team>-<purpose>-<account>-<region>-<index>`, the common convention for globally unique names:
 * the account id and region make it unique across the org and let a name be decoded without any
 * index in memory. At most 8 + 15 + 12 + 14 + 7 + 4 separators = 60 characters.
 */
export function bucketName(universe: Universe, cell: Cell, index: number): string {
  const stem = `${bucketTeam(universe, cell, index)}-${bucketPurpose(universe, cell, index)}`;
  return `${stem}-${cell.accountId}-${cell.region}-${String(index).padStart(4, '0')}`;
}

const namePattern = /^[a-z0-9-]+-(\d{12})-([a-z]{2}(?:-[a-z]+)+-\d+)-(\d{4,})$/;

/** The bucket a name denotes, if it exists in this universe (verified by regenerating the name). */
export function parseBucketName(universe: Universe, name: string): { cell: Cell; index: number } | undefined {
  const match = namePattern.exec(name);
  if (!match) return undefined;
  const [, accountId = '', region = '', digits = ''] = match;
  const cell = { accountId, region };
  const index = Number(digits);
  if (!Number.isSafeInteger(index) || index >= bucketCount(universe, cell)) return undefined;
  return bucketName(universe, cell, index) === name ? { cell, index } : undefined;
}

/** The account's S3 canonical user id (64 hex digits), as ACLs and ListBuckets' Owner report it. */
export function canonicalId(universe: Universe, accountId: string): string {
  return hexOf(64, universe.seed, 'canonical-user', accountId);
}

/** The owner element S3 returns: canonical id and the account's name. */
export function ownerOf(universe: Universe, accountId: string): { DisplayName: string; ID: string } {
  return { DisplayName: universe.account(accountId)?.name ?? accountId, ID: canonicalId(universe, accountId) };
}
