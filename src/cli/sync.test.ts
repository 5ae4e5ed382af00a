import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { orgConfigText } from '../../test/table-testing.js';
import { runCanopy as canopy } from './testing.js';

describe('canopy sync', () => {
  let sandbox: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), 'canopy-cli-sync-'));
  const db = join(dir, 'inventory.db');
  const config = (extra = '') => {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yml`);
    const tables = ['aws_ec2_vpcs', 'aws_regions'];
    writeFileSync(file, orgConfigText({ endpoint: sandbox.endpoint, keys: sandbox.credentials, db, tables, orgExtra: extra }));
    return file;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 600, throttling: false, faults: { accessDenied: [{ account: 2, service: 'ec2' }] } });
  });
  afterAll(() => sandbox.close());

  it('syncs, prints the summary, warns about keys in the file and keeps going past a denied account', async () => {
    const result = await canopy(['sync', config()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/aws_ec2_vpcs\s+\d+/);
    expect(result.stderr).toContain('access_key_id');
    expect(result.stderr).not.toContain(sandbox.credentials.secretAccessKey);
    expect(result.stdout).not.toContain(sandbox.credentials.secretAccessKey);
    const sqlite = new Database(db, { readonly: true });
    const rows = (sqlite.prepare('SELECT count(*) AS n FROM aws_ec2_vpcs').get() as { n: number }).n;
    sqlite.close();
    expect(rows).toBeGreaterThan(0);
  });

  it('bounds the heap growth unless NODE_OPTIONS sizes the heap, in which case the user\'s flag wins', async () => {
    const file = config();
    const ours = await canopy(['sync', '--log-level', 'debug', file]);
    expect(ours.code).toBe(0);
    expect(ours.stderr).toMatch(/DEBUG heap policy v8=--heap-growing-percent=\d+/);
    const theirs = await canopy(['sync', '--log-level', 'debug', file], { NODE_OPTIONS: '--max-old-space-size=512' });
    expect(theirs.code).toBe(0);
    expect(theirs.stderr).not.toContain('--heap-growing-percent');
    expect(theirs.stderr).toContain('heap policy: none, the heap flags in NODE_OPTIONS');
  });

  it('exits 1 with --strict when a partition was skipped', async () => {
    const result = await canopy(['sync', '--strict', config()]);
    expect(result.code).toBe(1);
    // EC2 is denied in one account, so even its regions cannot be listed: reported, not a silent zero.
    expect(result.stdout).toMatch(/account \d{12}: regions unknown, UnauthorizedOperation/);
  });

  it('exits 2 naming file, line and key for a config mistake, before reading anything', async () => {
    const result = await canopy(['sync', config('      member_role_nam: typo')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config-[a-z0-9]+\.yml:16: spec\.spec\.org\.member_role_nam: unknown key/);
  });

  it('exits 1 naming the destination that cannot connect, without its password, and writes nothing', async () => {
    const file = join(dir, 'unreachable.yml');
    const password = 's3cr3t-pa55word';
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const destination = { name: 'postgresql', path: 'cloudquery/postgresql', spec: `    connection_string: "postgres://canopy:${password}@127.0.0.1:1/inventory?sslmode=disable"` };
    writeFileSync(file, orgConfigText({ endpoint: sandbox.endpoint, keys: sandbox.credentials, db, tables: ['aws_regions'], destination }));
    sandbox.resetStats();
    const result = await canopy(['sync', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/postgresql: cannot connect/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(password);
    expect(sandbox.stats().totals.calls).toBe(0);
  });
});
