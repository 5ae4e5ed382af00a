import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, repoRoot } from '../scripts/bundle.js';

// The AWS calls that are not reads, and why canopy may send each: the S3 destination writes
// objects; S3's client opens sessions for directory buckets on its own; accounts are reached
// through AssumeRole.
const allowedWrites = ['s3:PutObject', 's3:CreateSession', 'sts:AssumeRole'];
const read = /^(Describe|List|Get|Lookup)[A-Z]/;

describe('the CLI bundle (scripts/bundle.ts)', () => {
  let dir = '';
  let operations: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canopy-bundle-'));
    await bundleCli(join(dir, 'bin'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const files = [join(dir, 'bin', 'canopy.js'), ...readdirSync(join(dir, 'bin', 'chunks')).filter((f) => f.endsWith('.js')).map((f) => join(dir, 'bin', 'chunks', f))];
    // esbuild marks every bundled module with a path comment: one per SDK command kept.
    const command = /^\/\/ node_modules\/@aws-sdk\/client-([a-z0-9-]+)\/dist-es\/commands\/([A-Za-z0-9]+)Command\.js$/gm;
    operations = [...new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(command)].map((m) => `${m[1]}:${m[2]}`)))].sort();
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps only the SDK commands canopy sends: every one a read, but for the writes it is allowed', () => {
    // Tree-shaken: the clients' other operations (RunInstances, DeleteBucket, ...) are not in it.
    expect(operations).toContain('ec2:DescribeInstances');
    expect(operations).not.toContain('ec2:RunInstances');
    expect(operations).not.toContain('s3:DeleteBucket');
    expect(operations.length).toBeGreaterThan(50);
    const writes = operations.filter((op) => !read.test(op.split(':')[1] ?? ''));
    expect(writes.sort()).toEqual([...allowedWrites].sort());
  });

  it('runs: --help and the table list through the bundle', () => {
    const help = execFileSync(process.execPath, [join(dir, 'bin', 'canopy.js'), '--help'], { encoding: 'utf8' });
    expect(help).toContain('sync');
    const tables = execFileSync(process.execPath, [join(dir, 'bin', 'canopy.js'), 'tables'], { encoding: 'utf8' });
    expect(tables).toContain('aws_ec2_instances');
  }, 60_000);
});
