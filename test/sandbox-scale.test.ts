import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import type { SandboxTruth } from '../src/sandbox/index.js';

/** Peak resident memory of a process, from Linux's /proc (VmHWM). */
function peakRssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) * 1024;
}

describe('a 1,000,000-resource sandbox', () => {
  it('pages through every EC2 instance of an account within 500 MB of RSS', async () => {
    // Its own process, so the figure is the sandbox's alone and not the test runner's. The heap cap
    // makes V8 collect as it would under memory pressure instead of growing while the machine is
    // busy: a sandbox whose working set did not fit would crash here, which the test reports.
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=320', '--import', 'tsx', 'src/cli/main.ts', 'sandbox', '--json', '--scale', '1000000', '--accounts', '20', '--no-throttle', '--seed', '11'],
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
      // The account with the most instances in the primary region, read through its member role.
      const byAccount = Object.entries(truth.resources['ec2.instance'] ?? {}).map(([id, regions]) => [id, regions['us-east-1'] ?? 0] as const);
      const [accountId, expected] = byAccount.reduce((a, b) => (b[1] > a[1] ? b : a));
      const management = { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey };
      const assumed = await new STSClient({ endpoint: info.endpoint, region: 'us-east-1', credentials: management }).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'scale' }),
      );
      const client = new EC2Client({
        endpoint: info.endpoint,
        region: 'us-east-1',
        credentials: {
          accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
          secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
          sessionToken: assumed.Credentials?.SessionToken,
        },
      });
      let instances = 0;
      for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, {})) {
        for (const reservation of page.Reservations ?? []) instances += reservation.Instances?.length ?? 0;
      }
      expect(instances).toBe(expected);
      expect(instances).toBeGreaterThan(10_000);
      expect(peakRssBytes(child.pid ?? 0)).toBeLessThan(500 * 1024 * 1024);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 240_000);
});
