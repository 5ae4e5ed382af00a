import { type Cell, base32Id, hexId, parseHexId } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import { hash32, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { paginate, SandboxError, type Handler, type Output, type RequestContext } from '../service.js';
import { iamPage } from './paging.js';
import { text } from './shared.js';
import { generatedUserCount, userAt, userCount, userNamed, type IamUser } from './users.js';

export const ACCESS_KEY_KIND = 'iam.access_key';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** sandbox-admin has exactly its static key; generated users 0 to 2. */
function accessKeyCount(universe: Universe, cell: Cell, index: number): number {
  return index === 0 ? 1 : hash32(universe.seed, cell.accountId, ACCESS_KEY_KIND, index - 1) % 3;
}

/** Access keys across the account's users: O(users), as child counts may be. */
export function totalAccessKeys(universe: Universe, cell: Cell): number {
  let total = 0;
  const users = userCount(universe, cell);
  for (let i = 0; i < users; i++) total += accessKeyCount(universe, cell, i);
  return total;
}

/**
 * A generated key's id: AKIA, 7 characters fixed per account (real key ids also carry their
 * account), the scrambled key number (2 · user ordinal + key) in 7 base32 digits, and 2 check
 * characters. GetAccessKeyLastUsed names only the key, so the id must lead back to its user.
 */
function keyIdOf(universe: Universe, cell: Cell, ordinal: number, key: number): string {
  const number = 2 * ordinal + key;
  let scrambled = parseInt(hexId('k', universe.seed, cell, ACCESS_KEY_KIND, number, 8).slice(2), 16);
  let digits = '';
  for (let i = 0; i < 7; i++) {
    digits = (BASE32[scrambled % 32] ?? 'A') + digits;
    scrambled = Math.floor(scrambled / 32);
  }
  return `AKIA${base32Id('', 7, universe.seed, 'access-key-head', cell.accountId)}${digits}${base32Id('', 2, universe.seed, 'access-key-check', cell.accountId, number)}`;
}

/** The user and key a generated key id denotes in the caller's account, verified by rebuilding the id. */
function parseKeyId(universe: Universe, cell: Cell, id: string): { user: IamUser; key: number } | undefined {
  if (!/^AKIA[A-Z2-7]{16}$/.test(id)) return undefined;
  let value = 0;
  for (const char of id.slice(11, 18)) value = value * 32 + BASE32.indexOf(char);
  if (value > 0xffff_ffff) return undefined;
  const number = parseHexId(`k-${value.toString(16).padStart(8, '0')}`, 'k', universe.seed, cell, ACCESS_KEY_KIND, 8);
  if (number === undefined) return undefined;
  const ordinal = Math.floor(number / 2);
  const key = number % 2;
  if (ordinal >= generatedUserCount(universe, cell) || key >= accessKeyCount(universe, cell, ordinal + 1)) return undefined;
  if (keyIdOf(universe, cell, ordinal, key) !== id) return undefined;
  return { user: userAt(universe, cell, ordinal + 1), key };
}

function accessKeyAt(ctx: RequestContext, user: IamUser, key: number): Output {
  const { seed } = ctx.universe;
  const accountId = ctx.cell.accountId;
  if (user.index === 0) {
    return { UserName: user.UserName, AccessKeyId: ctx.identity.staticCredentials(accountId).accessKeyId, Status: 'Active', CreateDate: user.CreateDate };
  }
  const days = hash32(seed, accountId, ACCESS_KEY_KIND, user.ordinal, key, 'age') % 400;
  return {
    UserName: user.UserName,
    AccessKeyId: keyIdOf(ctx.universe, ctx.cell, user.ordinal, key),
    // A rotated-out second key is often left inactive.
    Status: key === 1 && hash32(seed, accountId, ACCESS_KEY_KIND, user.ordinal, 'inactive') % 2 === 0 ? 'Inactive' : 'Active',
    CreateDate: new Date(Math.max(user.CreateDate.getTime(), EPOCH - days * 86_400_000)),
  };
}

const services = ['s3', 'ec2', 'sts', 'iam', 'lambda', 'dynamodb', 'sqs', 'cloudformation'];

/**
 * When and where a key was last used. sandbox-admin's key is the one the sandbox is read with;
 * about one generated key in five was never used, which IAM reports as N/A without a date.
 */
function lastUsedOf(ctx: RequestContext, user: IamUser, key: number): Output {
  const { universe } = ctx;
  const regions = universe.enabledRegions(ctx.cell.accountId);
  if (user.index === 0) return { LastUsedDate: new Date(EPOCH), ServiceName: 'sts', Region: regions[0] ?? 'us-east-1' };
  const roll = hash32(universe.seed, ctx.cell.accountId, ACCESS_KEY_KIND, user.ordinal, key, 'last-used');
  if (roll % 5 === 0) return { ServiceName: 'N/A', Region: 'N/A' };
  const created = (accessKeyAt(ctx, user, key).CreateDate as Date).getTime();
  const service = pick(services, universe.seed, ctx.cell.accountId, ACCESS_KEY_KIND, user.ordinal, key, 'service');
  // IAM is global: its calls are recorded in us-east-1.
  const region = service === 'iam' ? 'us-east-1' : pick(regions.length > 0 ? regions : ['us-east-1'], universe.seed, ctx.cell.accountId, user.ordinal, key, 'region');
  const used = created + Math.floor(((roll >>> 3) % 1000) / 1000 * (EPOCH - created));
  return { LastUsedDate: new Date(used), ServiceName: service, Region: region };
}

export const accessKeyHandlers: Record<string, Handler> = {
  ListAccessKeys: (input, ctx) => {
    const user = userNamed(input, ctx, true);
    const count = accessKeyCount(ctx.universe, ctx.cell, user.index);
    return paginate(input, ctx, count, (k) => accessKeyAt(ctx, user, k), iamPage);
  },
  GetAccessKeyLastUsed: (input, ctx) => {
    const id = text(input, 'AccessKeyId');
    if (id.length < 16 || id.length > 128 || !/^\w+$/.test(id)) {
      const constraint = id.length < 16 ? 'Member must have length greater than or equal to 16' : 'Member must satisfy regular expression pattern: [\\w]+';
      throw new SandboxError('ValidationError', `1 validation error detected: Value '${id}' at 'accessKeyId' failed to satisfy constraint: ${constraint}`);
    }
    const admin = userAt(ctx.universe, ctx.cell, 0);
    const found = id === ctx.identity.staticCredentials(ctx.cell.accountId).accessKeyId && userCount(ctx.universe, ctx.cell) > 0 ? { user: admin, key: 0 } : parseKeyId(ctx.universe, ctx.cell, id);
    // IAM does not say whether a key of another account exists: both are AccessDenied.
    if (!found) {
      throw new SandboxError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`, 403);
    }
    return { UserName: found.user.UserName, AccessKeyLastUsed: lastUsedOf(ctx, found.user, found.key) };
  },
};
