import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, parseConfig, type ConfigText } from './load-config.js';
import { ConfigError } from './yaml-source.js';

const knownTables = ['aws_ec2_instances', 'aws_s3_buckets', 'aws_iam_users'];

/** A destination document; it starts at line `n + 1` after a source of `n` lines. */
const dest = `---
kind: destination
spec:
  name: sqlite
  path: cloudquery/sqlite
  spec:
    connection_string: ./db.sqlite
`;

/** A valid source whose AWS spec (indented 4) and extra top-level keys (indented 2) are given. */
function src(awsSpec: string, topLevel = ''): string {
  return `kind: source
spec:
  name: aws
  path: cloudquery/aws
  tables: ["aws_ec2_instances"]
  destinations: ["sqlite"]
${topLevel}  spec:
${awsSpec}`;
}

function mistake(files: string | ConfigText[], env: Record<string, string> = {}): string {
  const list = typeof files === 'string' ? [{ file: 'config.yml', text: files }] : files;
  try {
    parseConfig(list, { knownTables, env });
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config mistakes name file, line and key path', () => {
  it('unknown keys at every depth', () => {
    expect(mistake('kind: source\nspecs: {}\n')).toBe('config.yml:2: specs: unknown key');
    expect(mistake(src('    regions: []\n', '  tabels: []\n') + dest)).toBe('config.yml:7: spec.tabels: unknown key');
    expect(mistake(src('    concurency: 10\n') + dest)).toBe('config.yml:8: spec.spec.concurency: unknown key');
    expect(mistake(src('    org:\n      admin_account:\n        profile: x\n      member_role_name: R\n') + dest)).toBe(
      'config.yml:10: spec.spec.org.admin_account.profile: unknown key',
    );
    expect(mistake(src('') + dest.replace('  spec:', '  batch_sise: 10\n  spec:'))).toBe('config.yml:13: spec.batch_sise: unknown key');
  });

  it('wrong types', () => {
    expect(mistake(src('    max_retries: ten\n') + dest)).toBe('config.yml:8: spec.spec.max_retries: Invalid input: expected number, received string');
    expect(mistake(src('    aws_debug: "yes"\n') + dest)).toBe('config.yml:8: spec.spec.aws_debug: Invalid input: expected boolean, received string');
    expect(mistake(src('') + dest.replace('  spec:', '  batch_timeout: 10\n  spec:'))).toBe(
      'config.yml:13: spec.batch_timeout: Invalid input: expected string, received number',
    );
    expect(mistake(src('    custom_endpoint_url: localhost\n') + dest)).toBe('config.yml:8: spec.spec.custom_endpoint_url: Invalid URL');
  });

  it('missing required keys', () => {
    expect(mistake(src('    org:\n      admin_account:\n        local_profile: x\n') + dest)).toBe('config.yml:8: spec.spec.org.member_role_name: required');
    expect(mistake('kind: source\nspec:\n  path: aws\n  tables: ["a"]\n  destinations: ["sqlite"]\n' + dest)).toBe('config.yml:2: spec.name: required');
    expect(mistake('kind: source\nspec:\n  name: aws\n  path: aws\n  tables: ["a"]\n' + dest)).toBe('config.yml:2: spec.destinations: required');
    expect(mistake('kind: source\nspec:\n  name: aws\n  path: aws\n  tables: ["a"]\n  destinations: []\n' + dest)).toBe(
      'config.yml:6: spec.destinations: at least one destination is required',
    );
    expect(mistake('kind: source\nspec:\n  name: aws\n  path: aws\n  destinations: [sqlite]\n' + dest)).toBe('config.yml:2: spec.tables: required');
    expect(mistake(src('    accounts:\n      - local_profile: x\n') + dest)).toBe('config.yml:9: spec.spec.accounts[0].id: required');
    expect(mistake(src('') + dest.replace('    connection_string: ./db.sqlite\n', '    journal: wal\n'))).toBe(
      'config.yml:13: spec.spec.connection_string: required',
    );
  });

  it("mistakes inside a destination plugin's own spec", () => {
    expect(mistake(src('') + dest.replace('./db.sqlite', './db.sqlite\n    connection_strin: x'))).toBe('config.yml:15: spec.spec.connection_strin: unknown key');
    expect(mistake(src('') + dest.replace('    connection_string: ./db.sqlite\n', '    batch_size: 10\n'))).toBe('config.yml:13: spec.spec.connection_string: required');
    expect(mistake(src('') + dest.replace('./db.sqlite', '42'))).toBe(
      'config.yml:14: spec.spec.connection_string: expected a string (the database file path)',
    );
    expect(mistake(src('') + dest.replace('./db.sqlite', './db.sqlite\n    batch_timeout: soon'))).toBe(
      'config.yml:15: spec.spec.batch_timeout: expected a duration such as 30s, 1m or 500ms',
    );
  });

  it('table_options: only for tables that take options, with their keys and types', () => {
    const tableOptions = { aws_ec2_instances: z.strictObject({ lookup: z.array(z.strictObject({ start_time: z.string() })) }) };
    const check = (options: string) => {
      try {
        parseConfig([{ file: 'config.yml', text: src(`    table_options:\n${options}`) + dest }], { knownTables, tableOptions, env: {} });
      } catch (err) {
        if (err instanceof ConfigError) return err.message;
        throw err;
      }
      return 'accepted';
    };
    expect(check('      aws_ec2_instances:\n        lookup: [{ start_time: "2026-01-01" }]\n')).toBe('accepted');
    expect(check('      aws_s3_buckets: {}\n')).toBe('config.yml:9: spec.spec.table_options.aws_s3_buckets: aws_s3_buckets takes no table_options (tables that do: aws_ec2_instances)');
    expect(check('      aws_ec2_instances:\n        lookup:\n          - start_time: x\n            end: y\n')).toBe('config.yml:12: spec.spec.table_options.aws_ec2_instances.lookup[0].end: unknown key');
    expect(check('      aws_ec2_instances:\n        lookup: 42\n')).toBe('config.yml:10: spec.spec.table_options.aws_ec2_instances.lookup: Invalid input: expected array, received number');
  });

  it('write modes the destination cannot do', () => {
    const file = dest.replace('name: sqlite', 'name: sqlite\n  write_mode: overwrite').replace('cloudquery/sqlite', 'cloudquery/file').replace('connection_string: ./db.sqlite', 'directory: ./out\n    format: json');
    expect(mistake(src('') + file)).toBe('config.yml:12: spec.write_mode: the file destination only appends: write_mode must be append (or left out)');
  });

  it('bad enum values', () => {
    expect(mistake(src('    scheduler: bfs\n') + dest)).toBe(
      'config.yml:8: spec.spec.scheduler: Invalid option: expected one of "dfs"|"round-robin"|"shuffle"',
    );
    expect(mistake(src('') + dest.replace('  spec:', '  write_mode: upsert\n  spec:'))).toBe(
      'config.yml:13: spec.write_mode: Invalid option: expected one of "overwrite-delete-stale"|"overwrite"|"append"',
    );
  });

  it('plugin paths canopy does not run', () => {
    expect(mistake(src('') + dest.replace('cloudquery/sqlite', 'cloudquery/bigquery'))).toBe(
      'config.yml:12: spec.path: unsupported destination plugin "cloudquery/bigquery" (canopy writes to sqlite, postgresql, duckdb, file, s3)',
    );
    expect(mistake(src('').replace('cloudquery/aws', 'cloudquery/gcp') + dest)).toBe(
      'config.yml:4: spec.path: unsupported source plugin "cloudquery/gcp" (canopy runs cloudquery/aws, canopy/aws, aws)',
    );
  });

  it('references to destinations that do not exist', () => {
    expect(mistake(src('').replace('["sqlite"]', '["sqlite", "postgres"]') + dest)).toBe(
      'config.yml:6: spec.destinations[1]: unknown destination "postgres" (defined: sqlite)',
    );
    expect(mistake(src('', '  backend_options:\n    table_name: st\n    connection: "@@plugins.postgresql.connection"\n') + dest)).toBe(
      'config.yml:9: spec.backend_options.connection: @@plugins reference to unknown destination "postgresql"',
    );
  });

  it('tables that match nothing', () => {
    expect(mistake(src('').replace('["aws_ec2_instances"]', '["aws_ec2_instances", "aws_ec2_instancez"]') + dest)).toBe(
      'config.yml:5: spec.tables[1]: unknown table "aws_ec2_instancez"',
    );
    expect(mistake(src('').replace('["aws_ec2_instances"]', '["aws_lambda_*"]') + dest)).toBe('config.yml:5: spec.tables[0]: pattern "aws_lambda_*" matches no table');
    expect(mistake(src('', '  skip_tables:\n    - aws_s3_bucketz\n') + dest)).toBe('config.yml:8: spec.skip_tables[0]: unknown table "aws_s3_bucketz"');
  });

  it('undefined environment variables and unsupported substitutions', () => {
    expect(mistake(src('') + dest.replace('./db.sqlite', '${CANOPY_NOPE}'))).toBe(
      'config.yml:14: spec.spec.connection_string: environment variable CANOPY_NOPE is not set',
    );
    expect(mistake(src('') + dest.replace('./db.sqlite', '${file:./secret}'))).toBe(
      'config.yml:14: spec.spec.connection_string: ${file:./secret}: file substitution is not supported; use an environment variable',
    );
  });

  it('duplicate names across files', () => {
    const a = { file: 'a.yml', text: src('') + dest };
    expect(mistake([a, { file: 'b.yml', text: src('') }])).toBe('b.yml:3: spec.name: duplicate source name "aws" (also defined at a.yml:3)');
    expect(mistake([a, { file: 'b.yml', text: dest }])).toBe('b.yml:4: spec.name: duplicate destination name "sqlite" (also defined at a.yml:11)');
  });

  it('invalid YAML, empty files, missing or unknown kind', () => {
    expect(mistake(src('    regions: [us-east-1\n') + dest)).toMatch(/^config\.yml:9: invalid YAML: Flow sequence/);
    expect(mistake('')).toBe('config.yml:1: the file has no configuration (expected documents with kind: source or kind: destination)');
    expect(mistake('# only a comment\n---\n')).toBe('config.yml:1: the file has no configuration (expected documents with kind: source or kind: destination)');
    expect(mistake('spec:\n  name: aws\n')).toBe('config.yml:1: kind: required (source or destination)');
    expect(mistake('kind: sourc\nspec: {}\n')).toBe('config.yml:1: kind: unknown kind "sourc" (expected source or destination)');
    expect(mistake('- a\n- b\n')).toBe('config.yml:1: expected a mapping with `kind` and `spec`');
    expect(mistake(dest)).toBe('config.yml:1: no source: expected a document with kind: source');
  });

  it('AWS spec rules CloudQuery enforces', () => {
    expect(mistake(src('    accounts:\n      - id: "1"\n    org:\n      member_role_name: R\n') + dest)).toBe(
      'config.yml:10: spec.spec.org: cannot be used together with accounts (use two source configs to sync both)',
    );
    expect(mistake(src('    org:\n      member_role_name: R\n      organization_units: [OU-123]\n') + dest)).toBe(
      'config.yml:10: spec.spec.org.organization_units[0]: invalid OU id (expected "ou-xxxx-xxxxxxxx" or a root "r-xxxx")',
    );
    expect(mistake(src('    regions: ["*", us-east-1]\n') + dest)).toBe('config.yml:8: spec.spec.regions: "*" must be the only entry when used');
    expect(mistake(src('    event_based_sync:\n      kinesis_stream_arn: stream-1\n') + dest)).toBe(
      'config.yml:9: spec.spec.event_based_sync.kinesis_stream_arn: expected a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)',
    );
    expect(
      mistake(src('    event_based_sync:\n      kinesis_stream_arn: arn:aws:kinesis:us-east-1:111111111111:stream/s\n      start_time: yesterday\n') + dest),
    ).toBe('config.yml:10: spec.spec.event_based_sync.start_time: expected an RFC 3339 timestamp, e.g. 2023-09-04T19:24:14Z');
  });

  it('static keys: a key without its secret is an error that does not show the key', () => {
    const message = mistake(src('    accounts:\n      - id: "1"\n        access_key_id: AKIASECRETLOOKING1\n') + dest);
    expect(message).toBe('config.yml:9: spec.spec.accounts[0].secret_access_key: required when access_key_id is set');
  });
});

describe('loading', () => {
  const ok = (text: string, env: Record<string, string> = {}) => parseConfig([{ file: 'config.yml', text }], { knownTables, env });

  it('expands ${VAR} as CloudQuery does: unquoted values are retyped, quoted ones stay strings', () => {
    const config = ok(src('    max_retries: ${N}\n    aws_debug: ${B}\n    regions: ["${R}"]\n    accounts:\n      - id: "${N}"\n        local_profile: pre-${R}-post\n') + dest, {
      N: '5',
      B: 'true',
      R: 'eu-west-1',
    });
    const spec = config.sources[0]?.spec;
    expect(spec?.max_retries).toBe(5);
    expect(spec?.aws_debug).toBe(true);
    expect(spec?.regions).toEqual(['eu-west-1']);
    expect(spec?.accounts?.[0]).toEqual({ id: '5', local_profile: 'pre-eu-west-1-post' });
  });

  it('reads `spec:` with no value as all defaults, as in CloudQuery’s incremental example', () => {
    const config = ok(src('') + dest); // src('') ends with a bare `spec:`
    expect(config.sources[0]?.spec.scheduler).toBe('shuffle');
  });

  it('warns about static keys without revealing them', () => {
    const config = ok(src('    accounts:\n      - id: "1"\n        access_key_id: AKIAEXAMPLE\n        secret_access_key: s3cr3t\n') + dest);
    expect(config.warnings.map((w) => w.message)).toEqual([
      'config.yml:10: spec.spec.accounts[0].access_key_id: static access keys in a config file; environment variables, a local_profile or a role are safer',
    ]);
    expect(JSON.stringify(config.warnings)).not.toMatch(/AKIAEXAMPLE|s3cr3t/);
  });

  it('merges documents from several files and accepts every spelling of a plugin path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-config-'));
    writeFileSync(join(dir, 'aws.yml'), src('').replace('cloudquery/aws', 'aws').replace('["sqlite"]', '["db", "pg"]'));
    writeFileSync(join(dir, 'db.yml'), dest.replace('name: sqlite', 'name: db').replace('cloudquery/sqlite', 'canopy/sqlite') + dest.replace('name: sqlite', 'name: pg').replace('cloudquery/sqlite', 'postgresql'));
    const config = loadConfig([join(dir, 'aws.yml'), join(dir, 'db.yml')], { knownTables });
    expect(config.sources.map((s) => s.destinations)).toEqual([['db', 'pg']]);
    expect(config.destinations.map((d) => [d.name, d.plugin, d.origin])).toEqual([
      ['db', 'sqlite', { file: join(dir, 'db.yml'), line: 2 }],
      ['pg', 'postgresql', { file: join(dir, 'db.yml'), line: 9 }],
    ]);
  });

  it('defaults write_mode per destination: append for file and s3, overwrite-delete-stale elsewhere', () => {
    const files = dest.replace('cloudquery/sqlite', 'cloudquery/file').replace('connection_string: ./db.sqlite', 'directory: ./out\n    format: json').replace('name: sqlite', 'name: files');
    const config = parseConfig([{ file: 'c.yml', text: src('').replace('["sqlite"]', '["sqlite", "files"]') + dest + files }], { knownTables, env: {} });
    expect(config.destinations.map((d) => [d.name, d.write_mode])).toEqual([
      ['sqlite', 'overwrite-delete-stale'],
      ['files', 'append'],
    ]);
  });

  it('reports a missing file as a ConfigError', () => {
    expect(() => loadConfig(['/nonexistent/canopy.yml'])).toThrow('/nonexistent/canopy.yml: cannot read the file (ENOENT)');
  });

  it('warns as CloudQuery does about "*" beside other tables', () => {
    const config = ok(src('').replace('["aws_ec2_instances"]', '["*", "aws_iam_users"]') + dest);
    expect(config.warnings.map((w) => w.problem)).toEqual(['"*" matches every table; the other entries add nothing']);
  });
});
