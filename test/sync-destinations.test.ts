import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../src/engine/schema.js';
import { parseConfig, tables as registry } from '../src/index.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { syncConfig } from '../src/sync/run.js';
import { readBack } from './destination-files.js';
import { startS3rver, testKeys, withEnv, type S3Server } from './s3-servers.js';
import { orgConfigText } from './table-testing.js';

const TABLES = ['aws_ec2_vpcs', 'aws_iam_users', 'aws_s3_buckets'];

let sandbox: Sandbox;
let s3: S3Server;
beforeAll(async () => {
  sandbox = await startSandbox({ accounts: 3, regions: ['us-east-1', 'eu-west-1'], scale: 800, seed: 21, throttling: false });
  s3 = await startS3rver('inventory');
}, 60_000);
afterAll(async () => {
  await s3?.stop();
  await sandbox?.close();
});

function s3Destination(name: string, format: string): string {
  return `---
kind: destination
spec:
  name: ${name}
  path: cloudquery/s3
  spec:
    bucket: inventory
    region: us-east-1
    endpoint: ${s3.endpoint}
    use_path_style: true
    path: ${name}/{{TABLE}}/{{UUID}}.{{FORMAT}}
    format: ${format}
`;
}

/** The rows of each table as `_cq_id -> identifying columns`, so every destination is compared on the same footing. */
function keyed(rows: readonly Row[]): Record<string, string> {
  return Object.fromEntries(rows.map((r) => [String(r._cq_id), JSON.stringify([r.account_id, r.arn ?? r.vpc_id, r.region ?? null])]));
}

describe('one source into several destinations at once', () => {
  it('writes the same rows to SQLite, DuckDB, and S3 as parquet and as json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-multi-'));
    const sqlitePath = join(dir, 'inventory.db');
    const duckPath = join(dir, 'inventory.duckdb');
    const base = orgConfigText({ endpoint: sandbox.endpoint, keys: sandbox.credentials, db: sqlitePath, tables: TABLES });
    const text = `${base.replace('destinations: [sqlite]', 'destinations: [sqlite, duckdb, lake_parquet, lake_json]')}---
kind: destination
spec:
  name: duckdb
  path: cloudquery/duckdb
  spec:
    connection_string: ${duckPath}
${s3Destination('lake_parquet', 'parquet')}${s3Destination('lake_json', 'json')}`;
    // The S3 destination takes its credentials from the SDK's chain, here the environment.
    const env = withEnv({ AWS_ACCESS_KEY_ID: testKeys.accessKeyId, AWS_SECRET_ACCESS_KEY: testKeys.secretAccessKey, AWS_PROFILE: undefined });
    let results;
    try {
      results = await syncConfig(parseConfig([{ file: 'config.yml', text }], { env: {} }));
    } finally {
      env.restore();
    }
    expect(results[0]?.summary.destinationErrors).toEqual([]);
    expect(results[0]?.summary.totals.failed).toBe(0);

    const sqlite = new Database(sqlitePath, { readonly: true });
    const duck = await (await DuckDBInstance.create(duckPath)).connect();
    try {
      for (const name of TABLES) {
        const table = registry.find((t) => t.name === name);
        if (!table) throw new Error(`no table ${name}`);
        const expected = keyed(sqlite.prepare(`select * from ${name}`).all() as Row[]);
        expect(Object.keys(expected).length, name).toBeGreaterThan(0);
        const fromDuck = (await duck.runAndReadAll(`select * from ${name}`)).getRowObjectsJson() as Row[];
        expect(keyed(fromDuck), `${name} in duckdb`).toEqual(expected);
        for (const [prefix, format] of [['lake_parquet', 'parquet'], ['lake_json', 'json']] as const) {
          const files = await s3.reader.download(`${prefix}/${name}/`, join(dir, prefix, name));
          expect(keyed(await readBack(files, { format }, table.schema)), `${name} as ${format}`).toEqual(expected);
        }
      }
    } finally {
      sqlite.close();
      duck.closeSync();
    }
  }, 180_000);
});
