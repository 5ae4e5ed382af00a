import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { syncConfig } from '../src/sync/run.js';
import { truthCount } from './table-testing.js';

/**
 * The two example configs of CloudQuery's AWS reference, as written there plus
 * custom_endpoint_url, run against the sandbox. Their profiles live in a temporary shared
 * credentials file, as a CloudQuery user's would.
 */
describe('CloudQuery\'s example configs', () => {
  let sandbox: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), 'canopy-examples-'));
  const saved = { credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE };

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 4, regions: ['us-east-1', 'eu-west-1'], scale: 1500, throttling: false });
    const keys = sandbox.credentials;
    const profile = (name: string) => `[${name}]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`;
    writeFileSync(join(dir, 'credentials'), `${profile('account1')}\n${profile('<NAMED_PROFILE>')}`);
    writeFileSync(join(dir, 'config'), '');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
  });
  afterAll(async () => {
    for (const [key, value] of [['AWS_SHARED_CREDENTIALS_FILE', saved.credentials], ['AWS_CONFIG_FILE', saved.config]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await sandbox.close();
  });

  async function sync(fixture: string) {
    const config = loadConfig([resolve(import.meta.dirname, 'fixtures/configs', fixture)], { env: { ...process.env, CANOPY_ENDPOINT: sandbox.endpoint } });
    const db = join(dir, `${fixture}.db`);
    // The examples write ./canopy.db; the test keeps its file out of the working tree.
    for (const destination of config.destinations) destination.spec.connection_string = db;
    const [result] = await syncConfig(config);
    return { result, sqlite: new Database(db, { readonly: true }) };
  }

  it('runs the single-account example: its profile\'s instances in us-east-1', async () => {
    const { result, sqlite } = await sync('cloudquery-single-account.yml');
    try {
      expect(result?.summary.totals).toMatchObject({ failed: 0, skipped: 0 });
      const rows = (sqlite.prepare('SELECT count(*) AS n FROM aws_ec2_instances').get() as { n: number }).n;
      expect(rows).toBe(truthCount(sandbox, 'ec2.instance', sandbox.managementAccountId, 'us-east-1'));
    } finally {
      sqlite.close();
    }
  });

  it('runs the organization example: every member\'s buckets, every enabled region', async () => {
    const { result, sqlite } = await sync('cloudquery-organization.yml');
    try {
      expect(result?.summary.totals).toMatchObject({ failed: 0, skipped: 0 });
      expect(result?.discovery.accounts).toHaveLength(4);
      const rows = (sqlite.prepare('SELECT count(*) AS n FROM aws_s3_buckets').get() as { n: number }).n;
      expect(rows).toBe(truthCount(sandbox, 's3.bucket'));
    } finally {
      sqlite.close();
    }
  });
});
