import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tables } from '../../src/tables/index.js';
import { baseline, findAws } from './baseline.js';
import { awsCommands, childCpuSeconds, leftOut, loopScript } from './baseline-script.js';

const dir = mkdtempSync(join(tmpdir(), 'canopy-baseline-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// awscli's service names where they differ from the signing name.
const cliService: Record<string, string> = { s3: 's3api' };

describe('the awscli loop of the baseline scenario', () => {
  it('lists each table with its own service, and only top-level tables', () => {
    for (const [name, command] of Object.entries(awsCommands)) {
      const table = tables.find((t) => t.name === name);
      expect(table, name).toBeDefined();
      expect(table?.parent, `${name} is a child table`).toBeUndefined();
      expect(command.split(' ')[0]).toBe(cliService[table?.service ?? ''] ?? table?.service);
    }
    for (const name of leftOut) expect(tables.some((t) => t.name === name), name).toBe(true);
  });

  it('writes a script bash accepts', () => {
    const script = join(dir, 'inventory.sh');
    const regionalAndGlobal = [
      { name: 'aws_ec2_vpcs', scope: 'regional' as const },
      { name: 'aws_iam_users', scope: 'global' as const },
    ];
    writeFileSync(script, loopScript({ aws: "/opt/it's/aws", endpoint: 'http://127.0.0.1:1', regions: ['us-east-1', 'eu-west-1'], tables: regionalAndGlobal }));
    const check = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });

  it("reads the children's CPU from bash's times", () => {
    expect(childCpuSeconds('0m0.010s 0m0.002s\n1m2.500s 0m0.250s\n')).toEqual({ user: 62.5, system: 0.25 });
    expect(childCpuSeconds('garbage')).toBeUndefined();
  });
});

describe('without awscli', () => {
  it('finds no aws where CANOPY_BENCH_AWS points nowhere', () => {
    expect(findAws({ CANOPY_BENCH_AWS: join(dir, 'no-such-aws'), PATH: '/usr/bin' })).toBeUndefined();
    expect(findAws({ CANOPY_BENCH_AWS: dir })).toBeUndefined();
  });

  it('skips the scenario with a visible reason instead of failing', async () => {
    const before = process.env.CANOPY_BENCH_AWS;
    process.env.CANOPY_BENCH_AWS = join(dir, 'no-such-aws');
    const logged: string[] = [];
    try {
      const result = await baseline.run({ size: 'tiny', dir, log: (line) => logged.push(line) });
      expect(result.notes[0]).toMatch(/^skipped: /);
      expect(logged.join('\n')).toMatch(/skipped/);
      expect(result.figures.awscliPresent?.value).toBe(0);
    } finally {
      if (before === undefined) delete process.env.CANOPY_BENCH_AWS;
      else process.env.CANOPY_BENCH_AWS = before;
    }
  });
});
