import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { startSandbox } from '../src/sandbox/index.js';
import { syncConfig } from '../src/sync/run.js';

/**
 * A config that sets every key of CloudQuery's AWS source reference (org variant: `accounts` and
 * `org` exclude each other) runs against the sandbox. custom_endpoint_signing_region is left out on
 * purpose: it pins every call's region, which would read one region's data for all of them.
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
