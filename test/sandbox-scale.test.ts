import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { SandboxTruth } from '../src/sandbox/index.js';

/** Peak resident memory of a process, from Linux's /proc (VmHWM). */
function peakRssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) * 1024;
}

describe('a 1,000,000-resource sandbox', () => {
  it('pages through every EC2 instance of an account within 500 MB of RSS', async () => {
    // Its own process, so the figure is the sandbox's alone and not the test runner's.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', '--json', '--scale', '1000000', '--accounts', '20', '--no-throttle', '--seed', '11'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const info = JSON.parse(line) as { endpoint: string; managementAccountId: string; accessKeyId: string; secretAccessKey: string };
      const truth = (await (await fetch(`${info.endpoint}/_sandbox/truth`)).json()) as SandboxTruth;
      const total = Object.values(truth.resources).reduce(
        (sum, byAccount) => sum + Object.values(byAccount).reduce((s, byRegion) => s + Object.values(byRegion).reduce((a, b) => a + b, 0), 0),
        0,
      );
      expect(total).toBeGreaterThanOrEqual(1_000_000);
      const client = new EC2Client({
        endpoint: info.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
      });
      let instances = 0;
      for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, {})) {
        for (const reservation of page.Reservations ?? []) instances += reservation.Instances?.length ?? 0;
      }
      expect(instances).toBe(truth.resources['ec2.instance']?.[info.managementAccountId]?.['us-east-1']);
      expect(instances).toBeGreaterThan(5000);
      expect(peakRssBytes(child.pid ?? 0)).toBeLessThan(500 * 1024 * 1024);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 240_000);
});
