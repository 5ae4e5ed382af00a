import { createdAt, tagsFor, teams, apps } from '../../data/common.js';
import type { Cell } from '../../data/ids.js';
import { iamId, indexedName } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import { hash32, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { indexOfName } from '../lookup.js';
import { paginate, SandboxError, type Handler, type Output, type RequestContext } from '../service.js';
import { adminUserId } from '../../identity.js';
import { iamArn, noSuchEntity, pathFilter, text } from './shared.js';
import { iamPage } from './paging.js';

export const USER_KIND = 'iam.user';
/** The user behind every account's static credentials (identity.ts). */
export const ADMIN_USER = 'sandbox-admin';

const firstNames = ['alice', 'bob', 'carla', 'deepak', 'elena', 'farid', 'grace', 'hiro', 'ines', 'jonas', 'kemi', 'lena', 'marco', 'nadia', 'omar', 'priya', 'quinn', 'rosa', 'sven', 'tariq'];
const lastNames = ['smith', 'nguyen', 'garcia', 'mueller', 'kowalski', 'tanaka', 'okafor', 'rossi', 'silva', 'johansson', 'haddad', 'chen', 'patel', 'dubois', 'novak', 'kim'];

export interface IamUser {
  /** 0 is sandbox-admin; generated users follow. */
  index: number;
  /** The generated user's own index (index - 1), -1 for sandbox-admin. */
  ordinal: number;
  team: string;
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  PasswordLastUsed?: Date;
  Tags: Array<{ Key: string; Value: string }>;
}

export function generatedUserCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, USER_KIND);
}

/** sandbox-admin plus the scale's share; nothing in suspended accounts. */
export function userCount(universe: Universe, cell: Cell): number {
  return universe.isLive(cell) ? 1 + generatedUserCount(universe, cell) : 0;
}

function isHuman(universe: Universe, cell: Cell, ordinal: number): boolean {
  return hash32(universe.seed, cell.accountId, USER_KIND, ordinal, 'human') % 3 !== 0;
}

function userTeam(universe: Universe, cell: Cell, ordinal: number): string {
  return pick(teams, universe.seed, cell.accountId, USER_KIND, ordinal, 'team');
}

function generatedUserName(universe: Universe, cell: Cell, ordinal: number): string {
  const parts = [universe.seed, cell.accountId, USER_KIND, ordinal] as const;
  const stem = isHuman(universe, cell, ordinal)
    ? `${pick(firstNames, ...parts, 'first')}.${pick(lastNames, ...parts, 'last')}`
    : `svc-${userTeam(universe, cell, ordinal)}-${pick(apps, ...parts, 'app')}`;
  return indexedName(stem, ordinal);
}

export function userAt(universe: Universe, cell: Cell, index: number): IamUser {
  const { seed } = universe;
  const accountId = cell.accountId;
  if (index === 0) {
    return {
      index,
      ordinal: -1,
      team: 'platform',
      UserName: ADMIN_USER,
      UserId: adminUserId(seed, accountId),
      Arn: iamArn(accountId, 'user', '/', ADMIN_USER),
      Path: '/',
      CreateDate: universe.account(accountId)?.joinedTimestamp ?? new Date(EPOCH),
      Tags: [{ Key: 'ManagedBy', Value: 'canopy-sandbox' }],
    };
  }
  const ordinal = index - 1;
  const name = generatedUserName(universe, cell, ordinal);
  const human = isHuman(universe, cell, ordinal);
  const path = !human ? '/service-accounts/' : hash32(seed, accountId, USER_KIND, ordinal, 'path') % 4 === 0 ? '/engineering/' : '/';
  const created = createdAt(seed, cell, USER_KIND, ordinal);
  const user: IamUser = {
    index,
    ordinal,
    team: userTeam(universe, cell, ordinal),
    UserName: name,
    UserId: iamId('AIDA', seed, 'user', accountId, name),
    Arn: iamArn(accountId, 'user', path, name),
    Path: path,
    CreateDate: created,
    Tags: tagsFor(universe, cell, USER_KIND, ordinal),
  };
  // Humans who signed in to the console; service users never have a password.
  if (human && hash32(seed, accountId, USER_KIND, ordinal, 'console') % 3 !== 0) {
    const ago = hash32(seed, accountId, USER_KIND, ordinal, 'last-login') % (60 * 86_400);
    user.PasswordLastUsed = new Date(Math.max(created.getTime() + 3_600_000, EPOCH - ago * 1000));
  }
  return user;
}

/** The index of a user by name, or NoSuchEntity. */
export function findUser(universe: Universe, cell: Cell, name: string): number {
  const count = userCount(universe, cell);
  if (count > 0 && name === ADMIN_USER) return 0;
  const ordinal = indexOfName(name, count - 1, (o) => generatedUserName(universe, cell, o));
  if (ordinal === undefined) throw noSuchEntity('user', name);
  return ordinal + 1;
}

/** The User shape; list operations leave out Tags, as IAM's do. */
export function userOutput(user: IamUser, withTags: boolean): Output {
  const out: Output = { Path: user.Path, UserName: user.UserName, UserId: user.UserId, Arn: user.Arn, CreateDate: user.CreateDate };
  if (user.PasswordLastUsed) out.PasswordLastUsed = user.PasswordLastUsed;
  if (withTags && user.Tags.length > 0) out.Tags = user.Tags;
  return out;
}

/** The caller's own user name, for operations whose UserName defaults to the signer. */
function callerUserName(ctx: RequestContext): string {
  const match = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(ctx.principal.arn);
  if (!match?.[1]) throw new SandboxError('ValidationError', 'Must specify userName when calling with non-User credentials');
  return match[1];
}

/** The user an input's UserName names; with `orCaller`, the signing user when it names none. */
export function userNamed(input: Record<string, unknown>, ctx: RequestContext, orCaller: boolean): IamUser {
  const name = text(input, 'UserName') || (orCaller ? callerUserName(ctx) : '');
  return userAt(ctx.universe, ctx.cell, findUser(ctx.universe, ctx.cell, name));
}

export const userHandlers: Record<string, Handler> = {
  ListUsers: (input, ctx) =>
    paginate(input, ctx, userCount(ctx.universe, ctx.cell), (i) => userOutput(userAt(ctx.universe, ctx.cell, i), false), {
      ...iamPage,
      filter: pathFilter(input),
    }),
  GetUser: (input, ctx) => ({ User: userOutput(userNamed(input, ctx, true), true) }),
  ListUserTags: (input, ctx) => {
    const tags = userNamed(input, ctx, false).Tags;
    return paginate(input, ctx, tags.length, (i) => tags[i], iamPage);
  },
};
