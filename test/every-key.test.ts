import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { startSandbox } from '../src/sandbox/index.js';
import { syncConfig } from '../src/sync/run.js';

/**
 * A config that sets every key of CloudQuery's AWS source reference (org variant: `accounts` and
 * `org` exclude each other) runs against the sandbox. custom_endpoint_signing_region pins every
 * call's region, so it has its own test below instead of reading one region's data for all of them.
 */
describe('a config with every key of the reference', () => {
  it('syncs the chosen OUs minus the skipped ones and member', async () => {
    const sandbox = await startSandbox({ accounts: 8, suspendedAccounts: 1, scale: 1500, seed: 12, throttling: false });
    try {
      const truth = sandbox.truth();
      const unit = (name: string) => truth.organization.units.find((u) => u.name === name)?.id ?? '';
      const inUnit = (id: string) => truth.organization.accounts.filter((a) => a.parentId === id && a.status === 'ACTIVE').map((a) => a.id);
      const skipMember = inUnit(unit('Production-EU'))[0] ?? '';
      const db = join(mkdtempSync(join(tmpdir(), 'canopy-every-key-')), 'inventory.db');
      const text = `kind: source
spec:
  name: aws
  path: cloudquery/aws
  registry: cloudquery
  version: "v27.0.0"
  tables: ['aws_ec2_vpcs', 'aws_iam_*']
  skip_tables: ['aws_iam_policies']
  skip_dependent_tables: true
  destinations: [sqlite]
  spec:
    regions: ['us-east-1', 'eu-west-1']
    org:
      admin_account:
        access_key_id: ${sandbox.credentials.accessKeyId}
        secret_access_key: ${sandbox.credentials.secretAccessKey}
      member_role_name: OrganizationAccountAccessRole
      member_role_session_name: canopy-every-key
      member_external_id: not-checked-by-the-sandbox
      member_regions: ['us-east-1', 'eu-west-1']
      organization_units: [${unit('Workloads')}, ${unit('Security')}]
      skip_organization_units: [${unit('Staging')}]
      skip_member_accounts: ['${skipMember}']
    concurrency: 8
    initialization_concurrency: 2
    scheduler: round-robin
    aws_debug: false
    max_retries: 3
    max_backoff: 5
    custom_endpoint_url: ${sandbox.endpoint}
    custom_endpoint_hostname_immutable: true
    custom_endpoint_partition_id: aws
    use_paid_apis: false
    table_options: {}
    event_based_sync:
      full_sync: true
      kinesis_stream_arn: arn:aws:kinesis:us-east-1:123456789012:stream/cloudtrail
      start_time: 2024-01-01T00:00:00Z
    min_error_retry_delay: 50
    ignore_error_codes: [SomeServiceNotEnabledException]
---
kind: destination
spec:
  name: sqlite
  path: cloudquery/sqlite
  write_mode: overwrite-delete-stale
  migrate_mode: safe
  batch_size: 500
  spec:
    connection_string: ${db}
`;
      const [result] = await syncConfig(parseConfig([{ file: 'every-key.yml', text }], {}));
      const below = (root: string): string[] => [root, ...truth.organization.units.filter((u) => u.parentId === root).flatMap((u) => below(u.id))];
      const units = [...below(unit('Workloads')), ...below(unit('Security'))].filter((id) => !below(unit('Staging')).includes(id));
      const expected = units.flatMap(inUnit).filter((id) => id !== skipMember).sort();
      expect(result?.discovery.accounts.sort()).toEqual(expected);
      expect(result?.summary.totals).toMatchObject({ failed: 0, skipped: 0 });
      expect(result?.summary.tables.map((t) => t.table)).toEqual(['aws_ec2_vpcs', 'aws_iam_groups', 'aws_iam_roles', 'aws_iam_users']);
    } finally {
      await sandbox.close();
    }
  });
});

describe('custom_endpoint_signing_region', () => {
  it('signs every call for that region, as CloudQuery does for a single-region endpoint, while rows keep the configured region', async () => {
    const sandbox = await startSandbox({ accounts: 3, regions: ['us-east-1', 'eu-west-1'], scale: 600, seed: 13, throttling: false });
    try {
      const admin = sandbox.truth().organization.accounts[0]?.id ?? '';
      const db = join(mkdtempSync(join(tmpdir(), 'canopy-signing-')), 'inventory.db');
      const text = `kind: source
spec:
  name: aws
  path: cloudquery/aws
  tables: ['aws_ec2_vpcs']
  destinations: [sqlite]
  spec:
    regions: [eu-west-1]
    accounts:
      - id: '${admin}'
        access_key_id: ${sandbox.credentials.accessKeyId}
        secret_access_key: ${sandbox.credentials.secretAccessKey}
    custom_endpoint_url: ${sandbox.endpoint}
    custom_endpoint_hostname_immutable: true
    custom_endpoint_signing_region: us-east-1
---
kind: destination
spec:
  name: sqlite
  path: cloudquery/sqlite
  spec:
    connection_string: ${db}
`;
      sandbox.resetStats();
      const [result] = await syncConfig(parseConfig([{ file: 'signing.yml', text }], {}));
      expect(result?.summary.totals).toMatchObject({ failed: 0, skipped: 0 });
      // The endpoint saw only us-east-1 in the signatures; the rows say eu-west-1, the region the config asked for.
      expect(new Set(sandbox.stats().rows.map((r) => r.region))).toEqual(new Set(['us-east-1']));
      expect(result?.summary.partitions.map((p) => p.region)).toEqual(['eu-west-1']);
      expect(result?.summary.totals.rows).toBe(sandbox.truth().resources['ec2.vpc']?.[admin]?.['us-east-1']);
    } finally {
      await sandbox.close();
    }
  });
});
