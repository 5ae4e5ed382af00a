import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallMeter } from '../engine/pages.js';
import type { PartitionContext } from '../engine/table.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { createCaller } from './caller.js';
import { ClientPool } from './clients.js';
import { memoizeCredentials } from './credentials.js';

let sandbox: Sandbox | undefined;
let pool: ClientPool | undefined;
afterEach(async () => {
  pool?.destroy();
  pool = undefined;
  await sandbox?.close();
  sandbox = undefined;
});

const call = { client: EC2Client, command: DescribeVpcsCommand } as unknown as Parameters<ReturnType<typeof createCaller>['send']>[1];

describe('the engine caller', () => {
  it('counts every attempt, retry and throttle of a call, exactly as the server saw them', async () => {
    sandbox = await startSandbox({ accounts: 2, regions: ['us-east-1'], throttling: { buckets: { ec2: { burst: 2, refillPerSecond: 10 } } } });
    const s = sandbox;
    const id = s.truth().organization.accounts[0]?.id ?? '';
    pool = new ClientPool({ customEndpointUrl: s.endpoint, maxRetries: 20, maxBackoffSeconds: 0.2, minErrorRetryDelayMs: 10 });
    const caller = createCaller(pool, new Map([[id, { id, credentials: memoizeCredentials(async () => s.credentialsFor(id), 'static keys') }]]));
    const ctx: PartitionContext = { accountId: id, region: 'us-east-1', partition: 'aws' };
    const meter: CallMeter = { calls: 0, retries: 0, throttles: 0 };
    s.resetStats();
    // Concurrent calls drain the two-token bucket at once, so some attempts are throttled and retried.
    await Promise.all(Array.from({ length: 8 }, () => caller.send(ctx, call, {}, undefined, meter)));
    const seen = s.stats().totals;
    expect(seen.throttles).toBeGreaterThan(0);
    expect(meter).toEqual({ calls: seen.calls, retries: seen.calls - 8, throttles: seen.throttles });
  });

  it('counts nothing when no meter is given, and the call still returns its output', async () => {
    sandbox = await startSandbox({ accounts: 2, regions: ['us-east-1'], throttling: false });
    const s = sandbox;
    const id = s.truth().organization.accounts[0]?.id ?? '';
    pool = new ClientPool({ customEndpointUrl: s.endpoint });
    const caller = createCaller(pool, new Map([[id, { id, credentials: memoizeCredentials(async () => s.credentialsFor(id), 'static keys') }]]));
    const output = await caller.send({ accountId: id, region: 'us-east-1', partition: 'aws' }, call, {});
    expect(Array.isArray(output.Vpcs)).toBe(true);
  });
});
