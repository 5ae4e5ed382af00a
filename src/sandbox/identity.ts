import type { Universe } from './data/universe.js';
import { SandboxError } from './errors.js';
import { accessKeyIdOf, iamId } from './data/ids.js';
import { hexOf } from './data/random.js';

/** Who a request comes from, resolved from its access key. */
export interface Principal {
  accountId: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  /** When the sandbox stops accepting these credentials (temporary credentials only). */
  expiresAt?: Date;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

interface AssumedRole {
  credentials: Required<Credentials>;
  arn: string;
  assumedRoleId: string;
}

interface IdentityOptions {
  /** Server-side lifetime of temporary credentials, shorter than advertised: forces ExpiredToken. */
  expireCredentialsAfterSeconds?: number;
}

/** The unique id of an account's `sandbox-admin`: GetCallerIdentity reports it, and so does IAM's GetUser. */
export function adminUserId(seed: number, accountId: string): string {
  return iamId('AIDA', seed, 'user', accountId);
}

/** A role's unique id: AssumeRole's AssumedRoleId starts with it, and IAM's GetRole reports it. */
export function roleUniqueId(seed: number, accountId: string, roleName: string): string {
  return iamId('AROA', seed, 'role', accountId, roleName);
}

function secret(...parts: Array<string | number>): string {
  return Buffer.from(hexOf(60, ...parts), 'hex').toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 40);
}

/**
 * Maps access keys to principals. Every account has one static key pair (an IAM user named
 * `sandbox-admin`); sts:AssumeRole issues temporary keys that are kept until they expire.
 */
export class IdentityStore {
  private readonly staticKeys = new Map<string, { principal: Principal; secret: string }>();
  private readonly keyByAccount = new Map<string, string>();
  private readonly sessions = new Map<string, Principal & { sessionToken: string }>();
  private issued = 0;

  constructor(
    private readonly universe: Universe,
    private readonly options: IdentityOptions = {},
  ) {
    for (const account of universe.org.accounts) {
      const staticKeyId = accessKeyIdOf('AKIA', universe.seed, 'static', account.id);
      this.keyByAccount.set(account.id, staticKeyId);
      this.staticKeys.set(staticKeyId, {
        secret: secret(universe.seed, 'static-secret', account.id),
        principal: {
          accountId: account.id,
          arn: `arn:aws:iam::${account.id}:user/sandbox-admin`,
          userId: adminUserId(universe.seed, account.id),
          accessKeyId: staticKeyId,
        },
      });
    }
  }

  /** The static credentials of an account's `sandbox-admin` user. */
  staticCredentials(accountId: string): Credentials {
    const accessKeyId = this.keyByAccount.get(accountId);
    const entry = accessKeyId === undefined ? undefined : this.staticKeys.get(accessKeyId);
    if (!accessKeyId || !entry) throw new Error(`no account ${accountId} in the sandbox`);
    return { accessKeyId, secretAccessKey: entry.secret };
  }

  /**
   * The principal behind an access key; 'expired' for temporary keys past their lifetime. Temporary
   * keys need their session token, and a suspended account's keys no longer work, as in AWS.
   */
  resolve(accessKeyId: string, sessionToken: string | undefined, now: Date): Principal | 'expired' | undefined {
    const fixed = this.staticKeys.get(accessKeyId);
    if (fixed) return this.universe.account(fixed.principal.accountId)?.status === 'ACTIVE' ? fixed.principal : undefined;
    const session = this.sessions.get(accessKeyId);
    if (!session || session.sessionToken !== sessionToken) return undefined;
    if (session.expiresAt && session.expiresAt.getTime() <= now.getTime()) return 'expired';
    return session;
  }

  /**
   * sts:AssumeRole. The target account must be active, the role must exist (every account has the
   * read-only role, members also OrganizationAccountAccessRole) and trust the caller: both roles
   * trust the management account, and a principal may always assume roles in its own account.
   */
  assumeRole(caller: Principal, roleArn: string, sessionName: string, durationSeconds: number, now: Date): AssumedRole {
    // Both roles live at the root path; a path in the ARN names another role, which does not exist.
    const match = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]+)$/.exec(roleArn);
    const denied = () =>
      new SandboxError(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    if (!match) throw new SandboxError('ValidationError', `${roleArn} is not a valid role ARN`);
    const [, accountId = '', roleName = ''] = match;
    const target = this.universe.account(accountId);
    if (!target || target.status !== 'ACTIVE') throw denied();
    const roles = [this.universe.readOnlyRoleName, ...(target.isManagement ? [] : ['OrganizationAccountAccessRole'])];
    if (!roles.includes(roleName)) throw denied();
    const trusted = caller.accountId === this.universe.org.managementAccountId || caller.accountId === accountId;
    if (!trusted) throw denied();
    this.issued += 1;
    const n = this.issued;
    const advertised = new Date(now.getTime() + durationSeconds * 1000);
    const limit = this.options.expireCredentialsAfterSeconds;
    const expiresAt = limit === undefined ? advertised : new Date(Math.min(advertised.getTime(), now.getTime() + limit * 1000));
    const roleId = roleUniqueId(this.universe.seed, accountId, roleName);
    const sessionKeyId = accessKeyIdOf('ASIA', this.universe.seed, 'session', n);
    const sessionToken = Buffer.from(hexOf(240, this.universe.seed, 'token', n), 'hex').toString('base64');
    const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
    this.sessions.set(sessionKeyId, { accountId, arn, userId: `${roleId}:${sessionName}`, accessKeyId: sessionKeyId, expiresAt, sessionToken });
    this.forgetExpired(now);
    return {
      credentials: { accessKeyId: sessionKeyId, secretAccessKey: secret(this.universe.seed, 'session-secret', n), sessionToken, expiration: advertised },
      arn,
      assumedRoleId: `${roleId}:${sessionName}`,
    };
  }

  /** Drops sessions that expired over an hour ago so long-running sandboxes stay small. */
  private forgetExpired(now: Date): void {
    if (this.issued % 256 !== 0) return;
    for (const [key, session] of this.sessions) {
      if (session.expiresAt && session.expiresAt.getTime() < now.getTime() - 3_600_000) this.sessions.delete(key);
    }
  }
}
