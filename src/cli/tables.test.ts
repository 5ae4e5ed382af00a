import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tables } from '../tables/index.js';
import { tablesMarkdown } from './tables.js';

describe('canopy tables', () => {
  it('lists every table with its columns, key, parent and IAM actions as JSON', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'tables', '--format', 'json'], { encoding: 'utf8' });
    const listed = JSON.parse(out) as Array<{ name: string; primaryKey: string[]; parent?: string; iam: string[]; columns: Array<{ name: string; type: string }> }>;
    expect(listed.map((t) => t.name)).toEqual(tables.map((t) => t.name));
    const instances = listed.find((t) => t.name === 'aws_ec2_instances');
    expect(instances?.primaryKey).toEqual(['arn']);
    expect(instances?.iam).toContain('ec2:DescribeInstances');
    expect(instances?.columns.find((c) => c.name === 'launch_time')?.type).toBe('timestamp');
    expect(listed.find((t) => t.name === 'aws_iam_user_access_keys')?.parent).toBe('aws_iam_users');
  });

  it('writes markdown with a section and a column table per table', () => {
    const md = tablesMarkdown(tables);
    for (const t of tables) expect(md).toContain(`## ${t.name}`);
    expect(md).toContain('| instance_id | string |');
  });

  it('exits 2 on an unknown format', () => {
    let code = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'tables', '--format', 'yaml'], { stdio: 'pipe' });
    } catch (err) {
      code = (err as { status: number }).status;
    }
    expect(code).toBe(2);
  });
});
