import { accessKeyIdOf, type Cell } from '../data/ids.js';
import { hash32, pick } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { fixedRoles, roleAt } from './iam/roles.js';
import { ADMIN_USER, userAt } from './iam/users.js';
import { adminUserId } from '../identity.js';

/**
 * Who made a CloudTrail event: the IAM users and roles of the account as they were at the event's
 * time (never one removed before it), so a Username or role ARN in the history resolves in IAM.
 */
export interface Actor {
  type: 'IAMUser' | 'AssumedRole';
  /** What LookupEvents reports as Username: the user name, or the role session's name. */
  username: string;
  principalId: string;
  arn: string;
  accountId: string;
  /** Absent for console sign-ins, which use no key. */
  accessKeyId?: string;
  /** The role behind an assumed-role session. */
  issuer?: { principalId: string; arn: string; roleName: string };
  sessionCreated?: Date;
  console: boolean;
  userAgent: string;
  sourceIp: string;
}

const agents = [
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.167.amzn2023.x86_64 exe/x86_64.amzn.2023',
  'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.79 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69',
  'APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0',
  'aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.5',
];
const CANOPY_AGENT = 'aws-sdk-js/3.540.0 ua/2.1 os/linux#6.1.79 lang/js md/nodejs#20.11.1 canopy';
const CONSOLE_AGENT = 'AWS Internal';
const sessionNames = ['terraform', 'github-actions', 'deploy-pipeline', 'ops-oncall', 'jenkins'];

/** Addresses from the documentation ranges (RFC 5737), stable per caller. */
function sourceIp(...parts: ReadonlyArray<string | number>): string {
  const h = hash32(...parts, 'ip');
  const net = ['192.0.2', '198.51.100', '203.0.113'][h % 3] ?? '192.0.2';
  return `${net}.${1 + ((h >>> 8) % 254)}`;
}

/** The account's sandbox-admin, who makes the sandbox's removals, with the static key identity.ts issues. */
export function adminActor(universe: Universe, accountId: string, adminKeyId: string): Actor {
  return {
    type: 'IAMUser',
    username: ADMIN_USER,
    principalId: adminUserId(universe.seed, accountId),
    arn: `arn:aws:iam::${accountId}:user/${ADMIN_USER}`,
    accountId,
    accessKeyId: adminKeyId,
    console: false,
    userAgent: agents[0] ?? CONSOLE_AGENT,
    sourceIp: sourceIp(universe.seed, accountId, ADMIN_USER),
  };
}

function roleSession(universe: Universe, account: Cell, roleIndex: number, session: string, timeSec: number, agent: string): Actor {
  const role = roleAt(universe, account, roleIndex);
  // One session an hour per caller, so its temporary key shows up on several events, as in AWS.
  const hour = Math.floor(timeSec / 3600);
  return {
    type: 'AssumedRole',
    username: session,
    principalId: `${role.RoleId}:${session}`,
    arn: `arn:aws:sts::${account.accountId}:assumed-role/${role.RoleName}/${session}`,
    accountId: account.accountId,
    accessKeyId: accessKeyIdOf('ASIA', universe.seed, 'event-session', account.accountId, role.RoleName, session, hour),
    issuer: { principalId: role.RoleId, arn: role.Arn, roleName: role.RoleName },
    sessionCreated: new Date(hour * 3_600_000),
    console: false,
    userAgent: agent,
    sourceIp: sourceIp(universe.seed, account.accountId, role.RoleName, session),
  };
}

/** A person's console session; undefined when the user picked is a service account (they do not sign in). */
function consoleUser(universe: Universe, account: Cell, ordinal: number, timeSec: number, signIn: boolean): Actor | undefined {
  const user = userAt(universe, account, 1 + ordinal);
  if (user.Path === '/service-accounts/') return undefined;
  const day = Math.floor(timeSec / 86_400);
  return {
    type: 'IAMUser',
    username: user.UserName,
    principalId: user.UserId,
    arn: user.Arn,
    accountId: account.accountId,
    ...(signIn ? {} : { accessKeyId: accessKeyIdOf('ASIA', universe.seed, 'console', account.accountId, user.UserName, day) }),
    sessionCreated: new Date(day * 86_400_000 + (hash32(universe.seed, user.UserName, day) % 28_800) * 1000),
    console: true,
    userAgent: CONSOLE_AGENT,
    sourceIp: sourceIp(universe.seed, account.accountId, user.UserName),
  };
}

/**
 * The caller of generated event `n`: canopy's read-only role for reads, people in the console,
 * automation through the account's generated roles, now and then sandbox-admin. A sign-in is
 * always a person's (sandbox-admin's when the account has no human user yet).
 */
export function actorAt(
  universe: Universe,
  cell: Cell,
  n: number,
  timeSec: number,
  event: { readOnly: boolean; signIn?: boolean },
  adminKeyId: string,
): Actor {
  const account: Cell = { accountId: cell.accountId, region: 'global' };
  const at = timeSec * 1000;
  const draw = (what: string) => hash32(universe.seed, cell.accountId, cell.region, 'event-actor', n, what);
  const roll = draw('who') % 10;
  const users = universe.allocatedAt(account, 'iam.user', at);
  if (event.signIn || (roll >= 3 && roll < 6)) {
    const person = users > 0 ? consoleUser(universe, account, draw('user') % users, timeSec, event.signIn === true) : undefined;
    if (person) return person;
    if (event.signIn) return { ...adminActor(universe, cell.accountId, adminKeyId), accessKeyId: undefined, console: true, userAgent: CONSOLE_AGENT };
  }
  if (roll < 3 && event.readOnly) return roleSession(universe, account, 0, 'canopy-sync', timeSec, CANOPY_AGENT);
  const roles = universe.allocatedAt(account, 'iam.role', at);
  if (roll < 9 && roles > 0) {
    const fixed = fixedRoles(universe, cell.accountId).length;
    const session = pick(sessionNames, universe.seed, cell.accountId, n, 'session');
    return roleSession(universe, account, fixed + (draw('role') % roles), session, timeSec, pick(agents, universe.seed, cell.accountId, n, 'agent'));
  }
  return adminActor(universe, cell.accountId, adminKeyId);
}
