import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import type { Table } from '../src/engine/table.js';
import { tableNamed } from '../src/tables/index.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox/index.js';
import { syncConfig } from '../src/sync/run.js';
import { orgConfigText } from './table-testing.js';

const vpcs = tableNamed('aws_ec2_vpcs') as Table;
const users = tableNamed('aws_iam_users') as Table;

function config(endpoint: string, keys: { accessKeyId: string; secretAccessKey: string }, db: string, orgExtra = '', regions?: string[]) {
  return parseConfig([{ file: 'config.yml', text: orgConfigText({ endpoint, keys, db, orgExtra, regions }) }], {});
}

async function run(db: string, options: SandboxOptions, orgExtra = '', regions?: string[]) {
  const sandbox = await startSandbox({ accounts: 6, suspendedAccounts: 1, scale: 1200, seed: 4, throttling: false, ...options });
  try {
    const [result] = await syncConfig(config(sandbox.endpoint, sandbox.credentials, db, orgExtra, regions), { tables: [vpcs, users] });
    return { result, truth: sandbox.truth() };
  } finally {
    await sandbox.close();
  }
}

describe('syncConfig: organization discovery into SQLite', () => {
  it('writes exactly the ground truth per account and region, skipping suspended accounts and keeping a denied account\'s rows', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'canopy-sync-')), 'inventory.db');
    const first = await run(db, {});
    const active = first.truth.organization.accounts.filter((a) => a.status === 'ACTIVE');
    expect(first.result?.discovery.accounts.sort()).toEqual(active.map((a) => a.id).sort());
    expect(first.result?.discovery.skipped.map((s) => s.code)).toEqual(['suspended']);
    const sqlite = new Database(db, { readonly: true });
    try {
      const count = (table: string, account: string, region?: string) =>
        (sqlite.prepare(`select count(*) n from ${table} where account_id = ?${region ? ' and region = ?' : ''}`).get(...(region ? [account, region] : [account])) as { n: number }).n;
      for (const account of active) {
        for (const region of account.enabledRegions) expect(count('aws_ec2_vpcs', account.id, region)).toBe(first.truth.resources['ec2.vpc']?.[account.id]?.[region]);
        expect(count('aws_iam_users', account.id)).toBe(first.truth.resources['iam.user']?.[account.id]?.global);
      }
      const denied = active[2]?.id ?? '';
      const before = count('aws_iam_users', denied);
      expect(before).toBeGreaterThan(0);
      sqlite.close();
      // Second sync: IAM denied in one account; its partition is skipped and its rows stay.
      const index = first.truth.organization.accounts.findIndex((a) => a.id === denied);
      const second = await run(db, { faults: { accessDenied: [{ account: index, service: 'iam' }] } });
      const skipped = second.result?.summary.partitions.filter((p) => p.status === 'skipped') ?? [];
      expect(skipped.map((p) => [p.table, p.accountId, p.code])).toEqual([['aws_iam_users', denied, 'AccessDenied']]);
      const again = new Database(db, { readonly: true });
      expect((again.prepare('select count(*) n from aws_iam_users where account_id = ?').get(denied) as { n: number }).n).toBe(before);
      again.close();
    } finally {
      if (sqlite.open) sqlite.close();
    }
  });

  it('reports a region an account stopped opting into, and keeps that region\'s rows', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'canopy-sync-')), 'inventory.db');
    const first = await run(db, { regions: ['us-east-1', 'af-south-1'] });
    const member = first.truth.organization.accounts.findIndex((a, i) => i > 0 && a.status === 'ACTIVE');
    const memberId = first.truth.organization.accounts[member]?.id ?? '';
    const rowsIn = (region: string) => {
      const sqlite = new Database(db, { readonly: true });
      try {
        return (sqlite.prepare('select count(*) n from aws_ec2_vpcs where account_id = ? and region = ?').get(memberId, region) as { n: number }).n;
      } finally {
        sqlite.close();
      }
    };
    const before = rowsIn('af-south-1');
    expect(before).toBeGreaterThan(0);
    // Regions listed explicitly: one the account cannot use is reported (with '*' it is simply not one of its regions).
    const second = await run(db, { regions: ['us-east-1', 'af-south-1'], faults: { notOptedIn: [{ account: member, region: 'af-south-1' }] } }, '', ['us-east-1', 'af-south-1']);
    expect(second.result?.regions.find((r) => r.accountId === memberId)?.notEnabled).toEqual([{ region: 'af-south-1', status: 'not-opted-in' }]);
    expect(second.result?.summary.partitions.some((p) => p.accountId === memberId && p.region === 'af-south-1')).toBe(false);
    expect(rowsIn('af-south-1')).toBe(before);
  });

  it('reads only the chosen OUs and leaves out skipped member accounts', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'canopy-sync-')), 'inventory.db');
    const probe = await startSandbox({ accounts: 6, suspendedAccounts: 1, seed: 4 });
    const truth = probe.truth();
    await probe.close();
    const workloads = truth.organization.units.find((u) => u.name === 'Workloads')?.id ?? '';
    const under = new Set<string>([workloads]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of truth.organization.units) {
        if (under.has(u.parentId) && !under.has(u.id)) {
          under.add(u.id);
          grew = true;
        }
      }
    }
    const members = truth.organization.accounts.filter((a) => a.status === 'ACTIVE' && under.has(a.parentId));
    const skip = members[0]?.id ?? '';
    const { result } = await run(db, {}, `      organization_units: [${workloads}]\n      skip_member_accounts: ['${skip}']`);
    expect(result?.discovery.accounts.sort()).toEqual(members.map((a) => a.id).filter((id) => id !== skip).sort());
  });
});

describe('syncConfig: reading while discovering', () => {
  const text = (sandbox: Sandbox, db: string, replace: Array<[string, string]> = []) =>
    replace.reduce(
      (t, [from, to]) => t.replace(from, to),
      orgConfigText({ endpoint: sandbox.endpoint, keys: sandbox.credentials, db }).replace('    max_retries: 2', '    max_retries: 2\n    initialization_concurrency: 1'),
    );
  const dbFile = () => join(mkdtempSync(join(tmpdir(), 'canopy-sync-')), 'inventory.db');

  it('reads the first account while the others are still being discovered, and still reports every account and region', async () => {
    // One account set up at a time, each call 30 ms: the other accounts take far longer than one partition.
    const sandbox = await startSandbox({ accounts: 6, scale: 600, seed: 4, throttling: false, latency: { fixedMs: 30 } });
    try {
      const events: string[] = [];
      const [result] = await syncConfig(parseConfig([{ file: 'config.yml', text: text(sandbox, dbFile()) }], {}), {
        tables: [vpcs],
        onPlan: (_n, _source, complete) => events.push(complete ? 'plan complete' : 'plan'),
        onPartition: () => events.push('partition'),
      });
      expect(events.indexOf('partition')).toBeGreaterThan(-1);
      expect(events.indexOf('partition')).toBeLessThan(events.indexOf('plan complete'));
      const active = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE');
      expect(result?.discovery.accounts).toEqual(active.map((a) => a.id).sort());
      expect(events.filter((e) => e === 'plan').length).toBe(active.length);
      expect(result?.regions.map((r) => r.accountId)).toEqual(active.map((a) => a.id).sort());
      expect(result?.summary.partitions.length).toBe(active.reduce((n, a) => n + a.enabledRegions.length, 0));
      expect(result?.summary.totals.failed).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('reports members whose role cannot be assumed and syncs the rest', async () => {
    const sandbox = await startSandbox({ accounts: 4, scale: 400, seed: 4, throttling: false });
    try {
      const config = parseConfig([{ file: 'config.yml', text: text(sandbox, dbFile(), [['member_role_name: OrganizationAccountAccessRole', 'member_role_name: NoSuchRole']]) }], {});
      const [result] = await syncConfig(config, { tables: [vpcs] });
      const members = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== sandbox.managementAccountId);
      expect(result?.discovery.accounts).toEqual([sandbox.managementAccountId]);
      expect(result?.discovery.failed.map((f) => [f.id, f.error.code]).sort()).toEqual(members.map((m) => [m.id, 'AccessDenied']).sort());
      expect(new Set(result?.summary.partitions.map((p) => p.accountId))).toEqual(new Set([sandbox.managementAccountId]));
    } finally {
      await sandbox.close();
    }
  });

  it('stops discovering when the sync is cancelled', async () => {
    const sandbox = await startSandbox({ accounts: 8, scale: 800, seed: 4, throttling: false, latency: { fixedMs: 30 } });
    try {
      const controller = new AbortController();
      const [result] = await syncConfig(parseConfig([{ file: 'config.yml', text: text(sandbox, dbFile()) }], {}), {
        tables: [vpcs],
        signal: controller.signal,
        onPartition: () => controller.abort(),
      });
      expect(result?.summary.cancelled).toBe(true);
      const active = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE');
      expect(result?.discovery.accounts.length).toBeLessThan(active.length);
    } finally {
      await sandbox.close();
    }
  });

  it('fails before reading anything when the admin credentials do not work', async () => {
    const sandbox = await startSandbox({ accounts: 3, seed: 4, throttling: false });
    const db = dbFile();
    try {
      const bad = text(sandbox, db, [[`secret_access_key: ${sandbox.credentials.secretAccessKey}`, 'secret_access_key: Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6']]).replace(
        `access_key_id: ${sandbox.credentials.accessKeyId}`,
        'access_key_id: AKIAXXXXXXXXXXXXXXXX',
      );
      await expect(syncConfig(parseConfig([{ file: 'config.yml', text: bad }], {}), { tables: [vpcs] })).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
      const sqlite = new Database(db, { readonly: true });
      // Not even migrated: the engine never started.
      expect(sqlite.prepare("select name from sqlite_master where name = 'aws_ec2_vpcs'").all()).toEqual([]);
      sqlite.close();
    } finally {
      await sandbox.close();
    }
  });
});

describe('syncConfig: the destination migrate_mode', () => {
  it('refuses a destructive change in safe mode (nothing written) and rebuilds the table in forced mode', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'canopy-sync-')), 'inventory.db');
    // A table left by an older schema: the primary key column has another type, which safe mode must not touch.
    const old = new Database(db);
    old.exec('create table aws_ec2_vpcs (arn integer primary key, kept text)');
    old.exec("insert into aws_ec2_vpcs values (1, 'old row')");
    old.close();
    const sandbox = await startSandbox({ accounts: 3, scale: 300, seed: 4, throttling: false });
    try {
      const text = (mode: string) => orgConfigText({ endpoint: sandbox.endpoint, keys: sandbox.credentials, db }).replace('  path: cloudquery/sqlite', `  path: cloudquery/sqlite\n  migrate_mode: ${mode}`);
      const sync = (mode: string) => syncConfig(parseConfig([{ file: 'config.yml', text: text(mode) }], {}), { tables: [vpcs] });
      await expect(sync('safe')).rejects.toThrow(/aws_ec2_vpcs.*arn|arn.*aws_ec2_vpcs/);
      const check = new Database(db, { readonly: true });
      expect(check.prepare('select kept from aws_ec2_vpcs').all()).toEqual([{ kept: 'old row' }]);
      check.close();
      const [result] = await sync('forced');
      expect(result?.summary.totals.failed).toBe(0);
      const after = new Database(db, { readonly: true });
      const rows = after.prepare('select arn from aws_ec2_vpcs').all() as Array<{ arn: unknown }>;
      after.close();
      expect(rows.length).toBe(Object.values(sandbox.truth().resources['ec2.vpc'] ?? {}).flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0));
      expect(rows.every((r) => typeof r.arn === 'string')).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});
