import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tables } from '../tables/index.js';
import { runCanopy } from './testing.js';

describe('canopy demo', () => {
  it('syncs every table of the sandbox organization into the SQLite file and answers example queries', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'canopy-demo-')), 'demo.db');
    const { code, stdout } = await runCanopy(['demo', '--db', db]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/total: \d+ rows/);
    expect(stdout).toContain('EC2 instances per account and region:');
    expect(stdout).not.toMatch(/\b[1-9]\d* failed\b/);
    const sqlite = new Database(db, { readonly: true });
    try {
      const present = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
      for (const table of tables) expect(present.has(table.name), table.name).toBe(true);
      const accounts = (sqlite.prepare('SELECT count(DISTINCT account_id) AS n FROM aws_ec2_instances').get() as { n: number }).n;
      expect(accounts).toBe(4);
    } finally {
      sqlite.close();
    }
  }, 180_000);
});
