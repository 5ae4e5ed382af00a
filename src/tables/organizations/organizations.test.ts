import { ListTagsForResourceCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { syncFromSandbox } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { organizationsTables } from './index.js';

/** CloudQuery's documented columns (the v4 Go definitions: request_account_id, Arn as keys; Account and OrganizationalUnit members). */
const documented: Record<string, string[]> = {
  aws_organizations_accounts: ['request_account_id', 'arn', 'tags', 'email', 'id', 'joined_method', 'joined_timestamp', 'name', 'status'],
  aws_organizations_organizational_units: ['request_account_id', 'arn', 'id', 'name'],
};

describe('organizations tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: ['us-east-1', 'eu-west-1'] });
    ({ destination, summary } = await syncFromSandbox(sandbox, organizationsTables));
  }, 120_000);
  afterAll(async () => {
    await sandbox.close();
  });

  const org = () => sandbox.truth().organization;

  it('reads the organization from the management account; members are denied and skipped', () => {
    const members = org().accounts.filter((a) => a.status === 'ACTIVE' && a.id !== org().managementAccountId);
    expect(members.length).toBeGreaterThan(0);
    for (const table of organizationsTables) {
      const parts = summary.partitions.filter((p) => p.table === table.name);
      expect(parts.filter((p) => p.status === 'ok').map((p) => p.accountId), table.name).toEqual([org().managementAccountId]);
      const skipped = parts.filter((p) => p.status === 'skipped');
      expect(skipped.map((p) => p.accountId).sort(), table.name).toEqual(members.map((m) => m.id).sort());
      expect(skipped.every((p) => p.code === 'AccessDeniedException')).toBe(true);
    }
    expect(summary.totals.failed).toBe(0);
  });

  it('has every account, suspended ones included, with its tags', async () => {
    const rows = destination.rows('aws_organizations_accounts');
    expect(rows.map((r) => r.id).sort()).toEqual(org().accounts.map((a) => a.id).sort());
    expect(rows.every((r) => r.request_account_id === org().managementAccountId && r.account_id === org().managementAccountId)).toBe(true);
    expect(rows.every((r) => new RegExp(`^arn:aws:organizations::${org().managementAccountId}:account/o-[a-z0-9]+/${String(r.id)}$`).test(String(r.arn)))).toBe(true);
    for (const a of org().accounts) expect(rows.find((r) => r.id === a.id)?.status).toBe(a.status);
    const client = new OrganizationsClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(org().managementAccountId) });
    try {
      for (const row of rows) {
        const { Tags } = await client.send(new ListTagsForResourceCommand({ ResourceId: String(row.id) }));
        expect(row.tags).toEqual(Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value])));
      }
    } finally {
      client.destroy();
    }
  });

  it('has every OU at every depth', () => {
    const rows = destination.rows('aws_organizations_organizational_units');
    expect(org().units.some((u) => u.parentId !== org().rootId)).toBe(true);
    expect(rows.map((r) => r.id).sort()).toEqual(org().units.map((u) => u.id).sort());
    for (const u of org().units) expect(rows.find((r) => r.id === u.id)?.name).toBe(u.name);
    expect(rows.every((r) => String(r.arn).includes(`:ou/${org().id}/${String(r.id)}`))).toBe(true);
  });

  it('has unique, non-null keys and CloudQuery\'s documented columns', () => {
    for (const table of organizationsTables) {
      expect(table.schema.columns.map((c) => c.name), table.name).toEqual(expect.arrayContaining(documented[table.name] ?? ['missing']));
      expect(table.primaryKey).toEqual(['request_account_id', 'arn']);
      const rows = destination.rows(table.name);
      for (const key of table.primaryKey) expect(rows.every((r) => typeof r[key] === 'string'), `${table.name}.${key}`).toBe(true);
      expect(new Set(rows.map((r) => r._cq_id)).size).toBe(rows.length);
    }
  });
});
