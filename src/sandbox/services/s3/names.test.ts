import { describe, expect, it } from 'vitest';
import { teams } from '../../data/common.js';
import { knownRegions } from '../../data/regions.js';
import { testUniverse } from '../testing.js';
import { bucketCount, bucketName, bucketPurposes, canonicalId, parseBucketName } from './names.js';

const universe = testUniverse({ scale: 20_000 });

function everyBucket(u = universe): Array<{ name: string; accountId: string; region: string; index: number }> {
  return u.cells('regional').flatMap((cell) =>
    Array.from({ length: bucketCount(u, cell) }, (_, index) => ({ name: bucketName(u, cell, index), ...cell, index })),
  );
}

/** S3's bucket naming rules for general purpose buckets. */
function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name) &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.startsWith('sthree-') &&
    !name.endsWith('-s3alias') &&
    !name.endsWith('--ol-s3')
  );
}

describe('s3 bucket names', () => {
  it('are valid, unique across the organization, and decode back to their account, region and index', () => {
    const buckets = everyBucket();
    expect(buckets.length).toBeGreaterThan(500);
    expect(new Set(buckets.map((b) => b.name)).size).toBe(buckets.length);
    for (const bucket of buckets) {
      expect(isValidBucketName(bucket.name)).toBe(true);
      expect(parseBucketName(universe, bucket.name)).toEqual({ cell: { accountId: bucket.accountId, region: bucket.region }, index: bucket.index });
    }
  });

  it('stay within 63 characters for the longest team, purpose and region and a 7-digit index', () => {
    const longest = (list: readonly string[]) => Math.max(...list.map((s) => s.length));
    const length = longest(teams) + longest(bucketPurposes) + 12 + longest(knownRegions.map((r) => r.name)) + 7 + 4;
    expect(length).toBeLessThanOrEqual(63);
  });

  it('do not decode when the bucket does not exist', () => {
    const [first] = everyBucket();
    if (!first) throw new Error('no buckets');
    const count = bucketCount(universe, first);
    const other = universe.activeAccounts().find((a) => a.id !== first.accountId)?.id ?? '';
    const nonNames = [
      first.name.replace(/\d{4}$/, String(count).padStart(4, '0')),
      first.name.replace(first.accountId, other),
      first.name.replace(first.region, 'ap-south-2'),
      `x${first.name}`,
      first.name.toUpperCase(),
      'my-bucket',
      '',
    ];
    for (const name of nonNames) expect(parseBucketName(universe, name)).toBeUndefined();
  });

  it('differ with the seed, and so do canonical ids', () => {
    const other = testUniverse({ scale: 20_000, seed: 8 });
    const mine = new Set(everyBucket().map((b) => b.name));
    const theirs = everyBucket(other).map((b) => b.name);
    expect(theirs.length).toBeGreaterThan(500);
    expect(theirs.filter((name) => mine.has(name) || parseBucketName(universe, name) !== undefined)).toEqual([]);
    const accountId = universe.org.managementAccountId;
    expect(canonicalId(universe, accountId)).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalId(universe, accountId)).not.toBe(canonicalId(other, accountId));
  });
});
