import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/index.js';

const page = readFileSync(join(import.meta.dirname, '..', 'docs', 'DESTINATIONS.md'), 'utf8');
const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const destinations = blocks.filter((b) => b.startsWith('kind: destination'));

function sourceFor(name: string): string {
  return `kind: source\nspec:\n  name: aws\n  path: cloudquery/aws\n  tables: ["aws_ec2_vpcs"]\n  destinations: ["${name}"]\n  spec:\n    regions: ["us-east-1"]\n---\n`;
}

describe('docs/DESTINATIONS.md', () => {
  it('shows one config per destination plugin', () => {
    const plugins = destinations.map((b) => /path: cloudquery\/(\w+)/.exec(b)?.[1]);
    expect(plugins.sort()).toEqual(['duckdb', 'file', 'postgresql', 's3', 'sqlite']);
  });

  it.each(destinations.map((b) => [/name: (\w+)/.exec(b)?.[1] ?? '', b]))('its %s example loads as written', (name, block) => {
    const config = parseConfig([{ file: 'DESTINATIONS.md', text: sourceFor(name) + block }], { env: { PG_PASSWORD: 'secret' } });
    expect(config.destinations.map((d) => d.name)).toEqual([name]);
  });

  it('its state backend example loads with the PostgreSQL destination it references', () => {
    const source = blocks.find((b) => b.startsWith('kind: source')) ?? '';
    const postgres = destinations.find((b) => b.includes('cloudquery/postgresql')) ?? '';
    const config = parseConfig([{ file: 'DESTINATIONS.md', text: `${source}---\n${postgres}` }], { env: { PG_PASSWORD: 'secret' } });
    expect(config.sources[0]?.backend_options).toMatchObject({ table_name: 'cq_state_aws', destination: 'postgresql' });
    expect(config.sources[0]?.spec.table_options).toHaveProperty('aws_cloudtrail_events');
  });
});
