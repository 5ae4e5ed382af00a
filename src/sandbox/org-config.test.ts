import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { sandboxOrgConfig } from './org-config.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

describe('sandboxOrgConfig', () => {
  it('writes a source and a SQLite destination document, quoting names and paths', () => {
    const text = sandboxOrgConfig({
      endpoint: 'http://127.0.0.1:4566',
      credentials,
      db: "/tmp/it's here/canopy.db",
      tables: ['aws_ec2_*', "odd'name"],
      sourceExtra: '  skip_dependent_tables: false',
      specExtra: '      member_trusted_principal: x\n    max_retries: 2\n',
    });
    const [source, destination] = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; spec: Record<string, unknown> });
    expect(source?.spec).toMatchObject({
      tables: ['aws_ec2_*', "odd'name"],
      destinations: ['sqlite'],
      skip_dependent_tables: false,
      spec: {
        regions: ['*'],
        custom_endpoint_url: 'http://127.0.0.1:4566',
        max_retries: 2,
        org: { admin_account: { access_key_id: 'AKIDEXAMPLE', secret_access_key: 'secret' }, member_role_name: 'OrganizationAccountAccessRole', member_trusted_principal: 'x' },
      },
    });
    expect(destination).toEqual({ kind: 'destination', spec: { name: 'sqlite', path: 'cloudquery/sqlite', spec: { connection_string: "/tmp/it's here/canopy.db" } } });
  });

  it('takes another destination in place of the SQLite file', () => {
    const text = sandboxOrgConfig({ endpoint: 'http://e', credentials, destination: { name: 'pg', path: 'cloudquery/postgresql', spec: '    connection_string: postgres://h/db' } });
    const [source, destination] = parseAllDocuments(text).map((d) => d.toJS() as { spec: Record<string, unknown> });
    expect(source?.spec.destinations).toEqual(['pg']);
    expect(destination?.spec).toEqual({ name: 'pg', path: 'cloudquery/postgresql', spec: { connection_string: 'postgres://h/db' } });
  });
});
