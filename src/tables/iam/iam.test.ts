import { GetAccessKeyLastUsedCommand, GetRoleCommand, GetUserCommand, IAMClient, ListPoliciesCommand, ListPolicyTagsCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { iamTables } from './index.js';

/** CloudQuery's documented columns (docs/tables/*.md and the Go definitions; see the report for versions). */
const documented: Record<string, string[]> = {
  aws_iam_users: ['account_id', 'arn', 'create_date', 'path', 'user_name', 'user_id', 'password_last_used', 'permissions_boundary', 'tags'],
  aws_iam_user_access_keys: [
    'account_id', 'user_arn', 'user_id', 'access_key_id', 'last_used', 'last_used_service_name', 'create_date', 'status', 'user_name', 'last_rotated',
  ],
  aws_iam_roles: [
    'account_id', 'arn', 'assume_role_policy_document', 'create_date', 'path', 'role_name', 'role_id', 'description', 'max_session_duration',
    'permissions_boundary', 'role_last_used', 'tags',
  ],
  aws_iam_groups: ['account_id', 'arn', 'create_date', 'group_name', 'group_id', 'path'],
  aws_iam_policies: [
    'account_id', 'id', 'tags', 'policy_version_list', 'arn', 'attachment_count', 'create_date', 'default_version_id', 'description',
    'is_attachable', 'path', 'permissions_boundary_usage_count', 'policy_name', 'update_date',
  ],
};

describe('iam tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  const clients: IAMClient[] = [];
  const client = (accountId: string): IAMClient => {
    const made = new IAMClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(accountId), maxAttempts: 1 });
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: ['us-east-1', 'eu-west-1'] });
    ({ destination, summary } = await syncFromSandbox(sandbox, iamTables));
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await sandbox.close();
  });

  const accounts = () => sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE');
  const rowsOf = (table: string, accountId: string) => destination.rows(table).filter((r) => r.account_id === accountId);

  it('completes every partition, once per account', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    for (const t of summary.tables) expect(t.partitions.ok, t.table).toBe(accounts().length);
  });

  it('has the truth\'s users, roles, groups and access keys in every account', () => {
    const kinds: Array<[string, string]> = [
      ['aws_iam_users', 'iam.user'],
      ['aws_iam_roles', 'iam.role'],
      ['aws_iam_groups', 'iam.group'],
      ['aws_iam_user_access_keys', 'iam.access_key'],
    ];
    for (const account of accounts()) {
      for (const [table, kind] of kinds) {
        expect(truthCount(sandbox, kind, account.id), kind).toBeGreaterThan(0);
        expect(rowsOf(table, account.id), `${table} ${account.id}`).toHaveLength(truthCount(sandbox, kind, account.id));
      }
    }
  });

  it('has customer-managed policies as the truth counts them, and the AWS-managed ones the account uses', async () => {
    for (const account of accounts()) {
      const rows = rowsOf('aws_iam_policies', account.id);
      const local = rows.filter((r) => String(r.arn).startsWith(`arn:aws:iam::${account.id}:policy/`));
      expect(local).toHaveLength(truthCount(sandbox, 'iam.policy', account.id));
      const awsManaged = await client(account.id).send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true, MaxItems: 1000 }));
      expect(rows.length - local.length).toBe(awsManaged.Policies?.length ?? -1);
      expect(rows.length - local.length).toBeGreaterThan(0);
    }
    const policies = destination.rows('aws_iam_policies');
    const versions = policies.map((p) => p.policy_version_list as Array<{ Document: { Statement?: unknown } }>);
    expect(versions.every((list) => Array.isArray(list) && list.length > 0 && list.every((v) => Array.isArray(v.Document.Statement)))).toBe(true);
    expect(policies.some((p) => p.tags !== null && Object.keys(p.tags as object).length > 0)).toBe(true);
  });

  it('matches what GetUser and GetRole return', async () => {
    for (const account of accounts()) {
      const iam = client(account.id);
      for (const user of rowsOf('aws_iam_users', account.id).slice(0, 5)) {
        const { User } = await iam.send(new GetUserCommand({ UserName: String(user.user_name) }));
        expect(user.arn).toBe(User?.Arn);
        expect(user.user_id).toBe(User?.UserId);
        expect(user.tags).toEqual(Object.fromEntries((User?.Tags ?? []).map((t) => [t.Key, t.Value])));
      }
      for (const role of rowsOf('aws_iam_roles', account.id).slice(0, 5)) {
        const { Role } = await iam.send(new GetRoleCommand({ RoleName: String(role.role_name) }));
        expect(role.arn).toBe(Role?.Arn);
        expect(role.assume_role_policy_document).toEqual(JSON.parse(decodeURIComponent(String(Role?.AssumeRolePolicyDocument))));
        expect(role.tags).toEqual(Object.fromEntries((Role?.Tags ?? []).map((t) => [t.Key, t.Value])));
      }
    }
    expect(destination.rows('aws_iam_users').every((u) => /^arn:aws:iam::\d{12}:user\//.test(String(u.arn)))).toBe(true);
    expect(destination.rows('aws_iam_roles').some((r) => Object.keys(r.tags as object).length > 0)).toBe(true);
  });

  it('ties access keys to their user row', () => {
    const users = new Map(destination.rows('aws_iam_users').map((u) => [u._cq_id, u]));
    for (const key of destination.rows('aws_iam_user_access_keys')) {
      const user = users.get(key._cq_parent_id);
      expect(user).toBeDefined();
      expect(key.user_arn).toBe(user?.arn);
      expect(key.user_id).toBe(user?.user_id);
      expect(key.user_name).toBe(user?.user_name);
      expect(key.last_rotated).toEqual(key.create_date);
    }
  });

  it('has when and by which service each key was last used, as GetAccessKeyLastUsed says', async () => {
    for (const account of accounts()) {
      const iam = client(account.id);
      const keys = rowsOf('aws_iam_user_access_keys', account.id);
      for (const key of keys) {
        const { AccessKeyLastUsed } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: String(key.access_key_id) }));
        expect(key.last_used).toEqual(AccessKeyLastUsed?.LastUsedDate ?? null);
        expect(key.last_used_service_name).toBe(AccessKeyLastUsed?.ServiceName);
      }
    }
    const keys = destination.rows('aws_iam_user_access_keys');
    expect(keys.some((k) => k.last_used instanceof Date)).toBe(true);
    // Keys never used: IAM answers N/A and no date.
    expect(keys.some((k) => k.last_used === null && k.last_used_service_name === 'N/A')).toBe(true);
  });

  it('tags each policy as ListPolicyTags lists it: {} when untagged', async () => {
    for (const account of accounts()) {
      const iam = client(account.id);
      for (const policy of rowsOf('aws_iam_policies', account.id)) {
        const { Tags } = await iam.send(new ListPolicyTagsCommand({ PolicyArn: String(policy.arn) }));
        expect(policy.tags).toEqual(Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value])));
      }
    }
    expect(destination.rows('aws_iam_policies').some((p) => Object.keys(p.tags as object).length === 0)).toBe(true);
  });

  it('has unique, non-null keys and CloudQuery\'s documented columns', () => {
    for (const table of iamTables) {
      const names = table.schema.columns.map((c) => c.name);
      expect(names, table.name).toEqual(expect.arrayContaining(documented[table.name] ?? ['missing']));
      const rows = destination.rows(table.name);
      for (const key of table.primaryKey) expect(rows.every((r) => r[key] !== null && r[key] !== undefined), `${table.name}.${key}`).toBe(true);
      const ids = rows.map((r) => r._cq_id);
      expect(new Set(ids).size, table.name).toBe(ids.length);
    }
    expect(Object.fromEntries(iamTables.map((t) => [t.name, t.primaryKey]))).toEqual({
      aws_iam_users: ['account_id', 'arn'],
      aws_iam_user_access_keys: ['account_id', 'user_arn', 'access_key_id'],
      aws_iam_roles: ['account_id', 'arn'],
      aws_iam_groups: ['account_id', 'arn'],
      aws_iam_policies: ['account_id', 'id'],
    });
  });
});
