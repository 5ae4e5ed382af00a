import { hash32, hexOf } from './random.js';

/**
 * Resource ids that encode their index, so a Describe/Get by id finds the item without any index
 * in memory. The index is scrambled with an invertible affine map modulo 2^32 so ids look random.
 */
const MULTIPLIER = 0x9e3779b1; // odd, hence invertible modulo 2^32
const INVERSE = modularInverse(MULTIPLIER);

function modularInverse(a: number): number {
  // Newton's iteration doubles the correct low bits each step: 5 steps cover 32 bits.
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}

/** Where a resource lives: the generator's coordinates. */
export interface Cell {
  accountId: string;
  /** The region, or 'global' for account-wide resources such as IAM. */
  region: string;
}

function scramble(index: number, salt: number): number {
  return (Math.imul(index, MULTIPLIER) + salt) >>> 0;
}

function unscramble(value: number, salt: number): number {
  return Math.imul((value - salt) >>> 0, INVERSE) >>> 0;
}

/**
 * The additive salt of a cell's scrambled indexes. It includes the cell, not only the kind: with a
 * per-kind salt, item i of a kind ended in the same 8 hex digits in every account and region, which
 * made ids of different cells look related (`r-47c2e25d4012294e8`, `r-271a583fa012294e8`).
 */
function saltOf(seed: number, cell: Cell, kind: string): number {
  return hash32(seed, cell.accountId, cell.region, kind, 'salt');
}

/** The digits before the scrambled index: fixed per (seed, cell, kind). */
function headOf(seed: number, cell: Cell, kind: string, digits: number): string {
  return hexOf(digits - 8, seed, cell.accountId, cell.region, kind);
}

/** An AWS-style hex id such as `i-0123456789abcdef0` (17 hex digits) for item `index` of a kind. */
export function hexId(prefix: string, seed: number, cell: Cell, kind: string, index: number, digits = 17): string {
  return hexIdMaker(prefix, seed, cell, kind, digits)(index);
}

/**
 * hexId for many items of one kind in one cell: the head and salt are computed once, which makes
 * building a page of ids several times cheaper than calling hexId per item.
 */
export function hexIdMaker(prefix: string, seed: number, cell: Cell, kind: string, digits = 17): (index: number) => string {
  const head = headOf(seed, cell, kind, digits);
  const salt = saltOf(seed, cell, kind);
  return (index) => `${prefix}-${head}${scramble(index, salt).toString(16).padStart(8, '0')}`;
}

/** The index encoded by hexId, or undefined when the id does not belong to this cell and kind. */
export function parseHexId(
  id: string,
  prefix: string,
  seed: number,
  cell: Cell,
  kind: string,
  digits = 17,
): number | undefined {
  const head = headOf(seed, cell, kind, digits);
  if (!id.startsWith(`${prefix}-${head}`) || id.length !== prefix.length + 1 + digits) return undefined;
  // parseInt would accept a valid prefix of a bad tail ('1234567z'); only exact hexId output decodes.
  const tail = id.slice(-8);
  if (!/^[0-9a-f]{8}$/.test(tail)) return undefined;
  return unscramble(parseInt(tail, 16), saltOf(seed, cell, kind));
}

/** A readable name ending in its index, such as `payments-api-0042`. */
export function indexedName(base: string, index: number): string {
  return `${base}-${String(index).padStart(4, '0')}`;
}

/** The index at the end of an indexedName, or undefined. Callers verify by regenerating the name. */
export function trailingIndex(name: string): number | undefined {
  const match = /-(\d{4,})$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An id of `length` characters: the prefix, then uppercase base32 derived from the parts (AKIA…, AROA…, db-…). */
export function base32Id(prefix: string, length: number, ...parts: ReadonlyArray<string | number>): string {
  let out = prefix;
  for (let i = 0; out.length < length; i++) out += BASE32[hash32(...parts, i) % 32];
  return out;
}

/**
 * An IAM unique id as AWS forms them: the type's prefix (AIDA user, AROA role, AGPA group, ANPA
 * policy, AIPA instance profile) and 17 base32 characters, 21 in all.
 */
export function iamId(prefix: string, ...parts: ReadonlyArray<string | number>): string {
  return base32Id(prefix, 21, ...parts);
}

/** An access key id: AKIA (long-term) or ASIA (temporary) and 16 base32 characters, 20 in all. */
export function accessKeyIdOf(prefix: 'AKIA' | 'ASIA', ...parts: ReadonlyArray<string | number>): string {
  return base32Id(prefix, 20, ...parts);
}
