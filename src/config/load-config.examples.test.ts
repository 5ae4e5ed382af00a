import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'configs');
const knownTables = ['aws_ec2_instances', 'aws_ec2_images', 'aws_ec2_vpcs', 'aws_s3_buckets', 'aws_iam_users', 'aws_cloudtrail_events'];
const env = { CANOPY_ENDPOINT: 'http://127.0.0.1:4566' };

const awsDefaults = {
  concurrency: 50000,
  scheduler: 'shuffle',
  aws_debug: false,
  max_retries: 10,
  max_backoff: 30,
  use_paid_apis: false,
  min_error_retry_delay: 25,
  ignore_error_codes: [],
};

describe('the CloudQuery reference examples', () => {
  it('loads the single-account example with its defaults', () => {
    const config = loadConfig([join(fixtures, 'cloudquery-single-account.yml')], { knownTables, env });
    expect(config.warnings).toEqual([]);
    const [source] = config.sources;
    expect(source).toMatchObject({
      name: 'aws',
      path: 'cloudquery/aws',
      version: 'VERSION_SOURCE_AWS',
      tables: ['aws_ec2_instances'],
      skip_tables: [],
      skip_dependent_tables: true,
      deterministic_cq_id: false,
      destinations: ['sqlite'],
    });
    expect(source?.spec).toEqual({
      ...awsDefaults,
      regions: ['us-east-1'],
      accounts: [{ id: 'account1', local_profile: 'account1' }],
      custom_endpoint_url: 'http://127.0.0.1:4566',
    });
    expect(config.destinations).toHaveLength(1);
    expect(config.destinations[0]).toMatchObject({
      name: 'sqlite',
      plugin: 'sqlite',
      write_mode: 'overwrite-delete-stale',
      migrate_mode: 'safe',
      spec: { connection_string: './canopy.db' },
    });
    expect(config.destinations[0]?.batch_size).toBeUndefined();
  });

  it("loads the organization example with regions ['*']", () => {
    const config = loadConfig(join(fixtures, 'cloudquery-organization.yml'), { knownTables, env });
    expect(config.sources[0]?.spec).toEqual({
      ...awsDefaults,
      regions: ['*'],
      org: { admin_account: { local_profile: '<NAMED_PROFILE>' }, member_role_name: 'OrganizationAccountAccessRole' },
      custom_endpoint_url: 'http://127.0.0.1:4566',
    });
    expect(config.sources[0]?.spec.accounts).toBeUndefined();
  });

  it('loads a config that uses every key, resolving ${ENV} and @@plugins', () => {
    const config = loadConfig([join(fixtures, 'every-key.yml')], {
      knownTables,
      env: { CANOPY_MAX_RETRIES: '7', CANOPY_DB: '/tmp/inventory.db', CANOPY_TEST_KEY_ID: 'AKIAEXAMPLEKEYID0000', CANOPY_TEST_SECRET: 'very-secret-value', CANOPY_TEST_TOKEN: 'token-value' },
    });
    const [org, listed] = config.sources;
    expect(org?.spec.max_retries).toBe(7); // an unquoted ${VAR} is read as YAML would read its value
    expect(org?.spec.scheduler).toBe('round-robin');
    expect(org?.spec.event_based_sync).toEqual({
      full_sync: false,
      account: { id: 'events', local_profile: 'events' },
      kinesis_stream_arn: 'arn:aws:kinesis:us-east-1:111111111111:stream/cq-cloudtrail',
      start_time: '2023-09-04T19:24:14Z',
    });
    expect(org?.spec.org?.organization_units).toEqual(['ou-ab12-cdefgh34', 'r-ab12']);
    expect(org?.spec.ignore_error_codes).toEqual(['AccessDeniedException', 'UnauthorizedOperation']);
    expect(org?.spec.min_error_retry_delay).toBe(50);
    expect(org?.skip_dependent_tables).toBe(false);
    expect(org?.backend_options).toEqual({ table_name: 'cq_state_aws', connection: '/tmp/inventory.db', destination: 'sqlite' });
    expect(listed?.spec.accounts?.[1]).toMatchObject({ id: '555555555555', access_key_id: 'AKIAEXAMPLEKEYID0000' });
    expect(config.destinations.map((d) => [d.name, d.plugin, d.write_mode, d.migrate_mode])).toEqual([
      ['sqlite', 'sqlite', 'overwrite-delete-stale', 'forced'],
      ['archive', 'file', 'append', 'safe'],
    ]);
    expect(config.destinations[0]).toMatchObject({ batch_size: 5000, batch_size_bytes: 4194304, batch_timeout: '30s', pk_mode: 'cq-id-only' });
    expect(config.warnings.map((w) => w.message)).toEqual([
      `${join(fixtures, 'every-key.yml')}:78: spec.spec.accounts[1].access_key_id: static access keys in a config file; environment variables, a local_profile or a role are safer`,
    ]);
    // The secret and the key never appear in a message.
    expect(JSON.stringify(config.warnings)).not.toMatch(/very-secret-value|AKIAEXAMPLE/);
  });
});
