import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { runCanopy as output, spawnCanopy as canopy } from './testing.js';

describe('canopy sandbox', () => {
  it('prints one JSON line with working credentials, serves, and stops on SIGTERM', async () => {
    const child = canopy(['sandbox', '--json', '--port', '0', '--accounts', '3', '--regions', 'us-east-1,eu-west-1', '--scale', '100', '--seed', '5']);
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    const info = JSON.parse(first) as { endpoint: string; managementAccountId: string; accessKeyId: string; secretAccessKey: string; regions: string[] };
    expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.regions).toEqual(['us-east-1', 'eu-west-1']);
    const client = new STSClient({
      endpoint: info.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    });
    expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe(info.managementAccountId);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  it('exits 2 with a message on a bad flag value', async () => {
    const result = await output(['sandbox', '--accounts', 'many']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--accounts <n>' argument 'many' is invalid");
  });

  it('exits 2 on a port out of range', async () => {
    const result = await output(['sandbox', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a port between 0 and 65535');
  });

  it('exits 2 naming file, line and key for a bad scenario', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'canopy-scenario-'));
    const file = join(dir, 'scenario.yml');
    writeFileSync(file, 'accounts: 3\nfaults:\n  errorRate: lots\n');
    const result = await output(['sandbox', '--scenario', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3: faults.errorRate:`);
  });

  it('exits 2 naming an unknown region', async () => {
    const result = await output(['sandbox', '--regions', 'us-east-1,mars-north-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('regions[1]');
  });
});
