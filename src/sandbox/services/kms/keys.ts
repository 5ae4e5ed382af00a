import { apps, arnOf, createdAt, environments, tagsFor, teams } from '../../data/common.js';
import { hexId, indexedName, parseHexId, type Cell } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import { hash32, hexOf, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { indexOfName, parseArn, requiredString, sameCell, cellOfArn, type Tag } from '../lookup.js';
import { SandboxError, type Input, type PageLimits, type RequestContext } from '../service.js';

/**
 * KMS keys of a cell. Index space: the scale-driven customer managed keys first
 * (0 .. allocated-1), then the AWS managed keys of the services the cell uses. Every attribute is a
 * pure function of (seed, cell, index); key ids embed the scrambled index, so any id, ARN or alias
 * is resolved back to its index without a lookup table.
 */
export const KMS_KEY_KIND = 'kms.key';

/**
 * AWS creates a managed key the first time a service encrypts with it. The sandbox assumes a cell
 * whose generated data includes a service's resources has used that service's default key once.
 */
const managedKeySpecs: ReadonlyArray<{ alias: string; service: string; what: string; uses: readonly string[] }> = [
  { alias: 'aws/ebs', service: 'ec2', what: 'EBS volumes', uses: ['ec2.volume'] },
  { alias: 'aws/s3', service: 's3', what: 'S3 objects', uses: ['s3.bucket'] },
  { alias: 'aws/rds', service: 'rds', what: 'RDS database volumes', uses: ['rds.db_instance', 'rds.db_cluster'] },
  { alias: 'aws/lambda', service: 'lambda', what: 'Lambda functions', uses: ['lambda.function'] },
  { alias: 'aws/dynamodb', service: 'dynamodb', what: 'DynamoDB data', uses: ['dynamodb.table'] },
  { alias: 'aws/sqs', service: 'sqs', what: 'SQS messages', uses: ['sqs.queue'] },
  { alias: 'aws/sns', service: 'sns', what: 'SNS data', uses: ['sns.topic'] },
];

type ManagedSpec = (typeof managedKeySpecs)[number];

type KeySpecName = 'SYMMETRIC_DEFAULT' | 'RSA_2048' | 'ECC_NIST_P256' | 'HMAC_256';
type KeyUsageName = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';
type KeyStateName = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface KmsKey {
  index: number;
  keyId: string;
  arn: string;
  manager: 'CUSTOMER' | 'AWS';
  /** The managed key's service, for its policy (AWS managed keys only). */
  managed?: ManagedSpec;
  alias?: string;
  description: string;
  spec: KeySpecName;
  usage: KeyUsageName;
  state: KeyStateName;
  origin: 'AWS_KMS' | 'EXTERNAL';
  multiRegion: boolean;
  rotation: boolean;
  created: Date;
  deletion?: { date: Date; windowDays: number };
}

function managedIn(universe: Universe, cell: Cell): ManagedSpec[] {
  return managedKeySpecs.filter((spec) => spec.uses.some((kind) => universe.allocated(cell, kind) > 0));
}

export function customerKeyCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, KMS_KEY_KIND);
}

/** Every key ListKeys returns in a cell: customer keys plus the AWS managed keys in use. */
export function keyCount(universe: Universe, cell: Cell): number {
  return customerKeyCount(universe, cell) + managedIn(universe, cell).length;
}

/** The 8 hex digits that encode a key's index, scrambled so ids look random. */
function scrambledIndex(universe: Universe, cell: Cell, index: number): string {
  return hexId('k', universe.seed, cell, KMS_KEY_KIND, index, 8).slice(2);
}

function isMultiRegion(universe: Universe, cell: Cell, index: number): boolean {
  return index < customerKeyCount(universe, cell) && traits(universe, cell, index) % 100 < 8;
}

function traits(universe: Universe, cell: Cell, index: number): number {
  return hash32(universe.seed, cell.accountId, cell.region, KMS_KEY_KIND, index, 'traits');
}

/** `1234abcd-12ab-4cde-8f00-xxxxxxxxxxxx` (or `mrk-` + 32 hex for multi-Region keys); the last 8 hex are the index. */
export function keyIdAt(universe: Universe, cell: Cell, index: number): string {
  const tail = scrambledIndex(universe, cell, index);
  const h = hexOf(24, universe.seed, cell.accountId, cell.region, KMS_KEY_KIND, tail);
  if (isMultiRegion(universe, cell, index)) return `mrk-${h}${tail}`;
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 24)}${tail}`;
}

export function keyArnAt(universe: Universe, cell: Cell, index: number): string {
  return arnOf('kms', cell.region, cell.accountId, `key/${keyIdAt(universe, cell, index)}`);
}

function indexOfKeyId(universe: Universe, cell: Cell, keyId: string): number | undefined {
  const tail = keyId.slice(-8);
  if (!/^[0-9a-f]{8}$/.test(tail)) return undefined;
  const index = parseHexId(`k-${tail}`, 'k', universe.seed, cell, KMS_KEY_KIND, 8);
  if (index === undefined || index >= keyCount(universe, cell)) return undefined;
  return keyIdAt(universe, cell, index) === keyId ? index : undefined;
}

/** The alias name (`alias/...`) of a key, if it has one. Most customer keys do; every managed key does. */
export function aliasAt(universe: Universe, cell: Cell, index: number): string | undefined {
  const customer = customerKeyCount(universe, cell);
  if (index >= customer) {
    const managed = managedIn(universe, cell)[index - customer];
    return managed ? `alias/${managed.alias}` : undefined;
  }
  if (traits(universe, cell, index) % 20 < 3) return undefined;
  const seed = universe.seed;
  const stem = `${pick(teams, seed, cell.accountId, KMS_KEY_KIND, index, 'team')}-${pick(apps, seed, cell.accountId, KMS_KEY_KIND, index, 'app')}`;
  return `alias/${indexedName(stem, index)}`;
}

function indexOfAlias(universe: Universe, cell: Cell, alias: string): number | undefined {
  if (alias.startsWith('alias/aws/')) {
    const position = managedIn(universe, cell).findIndex((spec) => `alias/${spec.alias}` === alias);
    return position < 0 ? undefined : customerKeyCount(universe, cell) + position;
  }
  return indexOfName(alias, customerKeyCount(universe, cell), (i) => aliasAt(universe, cell, i) ?? '');
}

/** Resolves what KMS accepts as a KeyId: key id, key ARN, alias name or alias ARN, in the caller's cell. */
export function resolveKey(universe: Universe, cell: Cell, keyId: string): number | undefined {
  let reference = keyId;
  if (keyId.startsWith('arn:')) {
    const arn = parseArn(keyId);
    if (!arn || arn.service !== 'kms' || !sameCell(cellOfArn(arn), cell)) return undefined;
    reference = arn.resource.startsWith('key/') ? arn.resource.slice(4) : arn.resource;
    if (!arn.resource.startsWith('key/') && !arn.resource.startsWith('alias/')) return undefined;
  }
  return reference.startsWith('alias/') ? indexOfAlias(universe, cell, reference) : indexOfKeyId(universe, cell, reference);
}

/** KMS's documented Limit ranges run from 1 to an operation's own maximum; outside is a ValidationException. */
export function kmsLimits(max: number): PageLimits {
  return { min: 1, max, code: 'ValidationException' };
}

/** The key a request's KeyId names (id, ARN, alias or alias ARN), or KMS's NotFoundException. */
export function keyFromInput(input: Input, ctx: RequestContext): KmsKey {
  const keyId = requiredString(input, 'KeyId');
  const index = resolveKey(ctx.universe, ctx.cell, keyId);
  if (index !== undefined) return keyAt(ctx.universe, ctx.cell, index);
  const { accountId, region } = ctx.cell;
  if (keyId.startsWith('alias/')) {
    throw new SandboxError('NotFoundException', `Alias ${arnOf('kms', region, accountId, keyId)} is not found.`);
  }
  const arn = keyId.startsWith('arn:') ? keyId : arnOf('kms', region, accountId, `key/${keyId}`);
  throw new SandboxError('NotFoundException', `Key '${arn}' does not exist`);
}

function customerSpec(roll: number): { spec: KeySpecName; usage: KeyUsageName } {
  // Most keys in real accounts are symmetric encryption keys; the rest sign, MAC or wrap.
  if (roll < 90) return { spec: 'SYMMETRIC_DEFAULT', usage: 'ENCRYPT_DECRYPT' };
  if (roll < 93) return { spec: 'RSA_2048', usage: 'ENCRYPT_DECRYPT' };
  if (roll < 95) return { spec: 'RSA_2048', usage: 'SIGN_VERIFY' };
  if (roll < 98) return { spec: 'ECC_NIST_P256', usage: 'SIGN_VERIFY' };
  return { spec: 'HMAC_256', usage: 'GENERATE_VERIFY_MAC' };
}

/** What a customer key's material is, from its traits alone: spec and usage, origin, automatic rotation. */
function customerMaterial(universe: Universe, cell: Cell, index: number) {
  const roll = traits(universe, cell, index);
  const { spec, usage } = customerSpec(roll % 100);
  const symmetric = spec === 'SYMMETRIC_DEFAULT';
  const origin: KmsKey['origin'] = symmetric && (roll >>> 8) % 20 === 0 ? 'EXTERNAL' : 'AWS_KMS';
  return { roll, spec, usage, origin, rotation: symmetric && origin === 'AWS_KMS' && (roll >>> 16) % 10 < 6 };
}

/** The part of a key its rotation history depends on. */
export type KeyMaterial = Pick<KmsKey, 'index' | 'manager' | 'spec' | 'origin' | 'rotation' | 'created'>;

/**
 * keyAt without ids, alias, state or description: what count rules over every key of a cell need,
 * at a fraction of the cost. `customer` is customerKeyCount(universe, cell), computed once by the caller.
 */
export function keyMaterialAt(universe: Universe, cell: Cell, index: number, customer: number): KeyMaterial {
  const created = createdAt(universe.seed, cell, KMS_KEY_KIND, index);
  // AWS managed keys are symmetric, made by KMS, and rotated every year, always.
  if (index >= customer) return { index, manager: 'AWS', spec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', rotation: true, created };
  const { spec, origin, rotation } = customerMaterial(universe, cell, index);
  return { index, manager: 'CUSTOMER', spec, origin, rotation, created };
}

export function keyAt(universe: Universe, cell: Cell, index: number): KmsKey {
  const seed = universe.seed;
  const customer = customerKeyCount(universe, cell);
  const base = {
    index,
    keyId: keyIdAt(universe, cell, index),
    arn: keyArnAt(universe, cell, index),
    alias: aliasAt(universe, cell, index),
    created: createdAt(seed, cell, KMS_KEY_KIND, index),
  };
  const managed = index >= customer ? managedIn(universe, cell)[index - customer] : undefined;
  if (managed) {
    return {
      ...base,
      manager: 'AWS',
      managed,
      description: `Default key that protects my ${managed.what} when no other key is defined`,
      spec: 'SYMMETRIC_DEFAULT',
      usage: 'ENCRYPT_DECRYPT',
      state: 'Enabled',
      origin: 'AWS_KMS',
      multiRegion: false,
      // AWS rotates its managed keys every year, always.
      rotation: true,
    };
  }
  const { roll, spec, usage, origin, rotation } = customerMaterial(universe, cell, index);
  const stateRoll = hash32(seed, cell.accountId, cell.region, KMS_KEY_KIND, index, 'state') % 100;
  const state: KeyStateName = stateRoll < 88 ? 'Enabled' : stateRoll < 94 ? 'Disabled' : 'PendingDeletion';
  const symmetric = spec === 'SYMMETRIC_DEFAULT';
  const windowDays = 7 + ((roll >>> 12) % 24);
  const team = pick(teams, seed, cell.accountId, KMS_KEY_KIND, index, 'team');
  const purpose = symmetric ? 'data encryption' : usage === 'SIGN_VERIFY' ? 'signing' : usage === 'GENERATE_VERIFY_MAC' ? 'HMAC' : 'envelope encryption';
  return {
    ...base,
    manager: 'CUSTOMER',
    description: `${team} ${pick(environments, seed, cell.accountId, KMS_KEY_KIND, index, 'env')} ${purpose} key`,
    spec,
    usage,
    state,
    origin,
    multiRegion: isMultiRegion(universe, cell, index),
    rotation,
    ...(state === 'PendingDeletion'
      ? { deletion: { date: new Date(EPOCH + ((roll >>> 20) % windowDays) * 86_400_000 + 86_400_000), windowDays } }
      : {}),
  };
}

export function keyTags(universe: Universe, cell: Cell, key: KmsKey): Tag[] {
  // AWS managed keys cannot be tagged.
  return key.manager === 'AWS' ? [] : tagsFor(universe, cell, KMS_KEY_KIND, key.index);
}

/**
 * The ARN of an enabled symmetric customer key in the cell, chosen by `parts`, for resources that
 * encrypt with a customer key (SNS topics, EKS secrets, trails). Undefined when the cell has none
 * among the few candidates looked at, so the caller falls back to the AWS managed key or none.
 */
export function encryptionKeyArn(universe: Universe, cell: Cell, ...parts: ReadonlyArray<string | number>): string | undefined {
  const customer = customerKeyCount(universe, cell);
  if (customer === 0) return undefined;
  const start = hash32(universe.seed, cell.accountId, cell.region, 'kms-pick', ...parts) % customer;
  for (let step = 0; step < Math.min(customer, 16); step++) {
    const key = keyAt(universe, cell, (start + step) % customer);
    if (key.state === 'Enabled' && key.spec === 'SYMMETRIC_DEFAULT') return key.arn;
  }
  return undefined;
}
