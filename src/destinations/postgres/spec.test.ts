import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { ConfigError } from '../../config/yaml-source.js';
import { postgresSpecSchema } from './spec.js';

const source = `kind: source
spec:
  name: aws
  path: cloudquery/aws
  tables: ["aws_ec2_instances"]
  destinations: ["postgresql"]
`;

/** A postgresql destination document after the 6-line source; its plugin keys start at line 13. */
function config(pluginSpec: string): string {
  return `${source}---
kind: destination
spec:
  name: postgresql
  path: cloudquery/postgresql
  spec:
${pluginSpec}`;
}

function mistake(text: string): string {
  try {
    parseConfig([{ file: 'config.yml', text }], { knownTables: ['aws_ec2_instances'], env: {} });
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('postgresql destination spec', () => {
  it("accepts CloudQuery's keys and leaves defaults to the destination", () => {
    const loaded = parseConfig(
      [
        {
          file: 'config.yml',
          text: config(
            '    connection_string: "postgresql://u:p@localhost:5432/db?sslmode=disable"\n' +
              '    pgx_log_level: debug\n    batch_size: 500\n    batch_size_bytes: 1000000\n    batch_timeout: 10s\n' +
              '    create_performance_indexes: true\n',
          ),
        },
      ],
      { knownTables: ['aws_ec2_instances'], env: {} },
    );
    expect(loaded.destinations[0]?.spec).toEqual({
      connection_string: 'postgresql://u:p@localhost:5432/db?sslmode=disable',
      pgx_log_level: 'debug',
      batch_size: 500,
      batch_size_bytes: 1_000_000,
      batch_timeout: '10s',
      create_performance_indexes: true,
    });
    expect(postgresSpecSchema.parse({ connection_string: 'dbname=x' })).toEqual({ connection_string: 'dbname=x' });
  });

  it('reports a wrong key or type with file, line and key path', () => {
    const dsn = '    connection_string: "host=localhost dbname=x"\n';
    expect(mistake(config(`${dsn}    batch_sise: 10\n`))).toBe('config.yml:14: spec.spec.batch_sise: unknown key');
    expect(mistake(config(`${dsn}    batch_size: ten\n`))).toBe(
      'config.yml:14: spec.spec.batch_size: Invalid input: expected number, received string',
    );
    expect(mistake(config(`${dsn}    pgx_log_level: loud\n`))).toMatch(/^config\.yml:14: spec\.spec\.pgx_log_level: Invalid option/);
    expect(mistake(config(`${dsn}    batch_timeout: 10\n`))).toBe(
      'config.yml:14: spec.spec.batch_timeout: Invalid input: expected string, received number',
    );
    expect(mistake(config('    conection_string: "dbname=x"\n'))).toMatch(/^config\.yml:1[23]: spec\.spec\.(conection_string: unknown key|connection_string: required)$/);
    expect(mistake(config('    connection_string: ""\n'))).toBe('config.yml:13: spec.spec.connection_string: must not be empty');
  });
});
