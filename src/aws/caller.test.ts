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

  it('sends each call without per-call options, so the client reuses its resolved middleware', async () => {
    sandbox = await startSandbox({ accounts: 2, regions: ['us-east-1'], throttling: false });
    const s = sandbox;
    const id = s.truth().organization.accounts[0]?.id ?? '';
    pool = new ClientPool({ customEndpointUrl: s.endpoint });
    const account = { id, credentials: memoizeCredentials(async () => s.credentialsFor(id), 'static keys') };
    const client = pool.client(account, 'us-east-1', EC2Client);
    const sent: number[] = [];
    const send = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { send: (...args: unknown[]) => Promise<unknown> }).send = (...args) => {
      sent.push(args.length);
      return send(...args);
    };
    const caller = createCaller(pool, new Map([[id, account]]));
    const meter: CallMeter = { calls: 0, retries: 0, throttles: 0 };
    await caller.send({ accountId: id, region: 'us-east-1', partition: 'aws' }, call, {}, new AbortController().signal, meter);
    await caller.send({ accountId: id, region: 'us-east-1', partition: 'aws' }, call, {}, new AbortController().signal, meter);
    // An options argument (even { abortSignal }) makes the SDK rebuild the middleware stack per call.
    expect(sent).toEqual([1, 1]);
    expect(meter.calls).toBe(2);
  });

  it('ends a pending call as soon as its sync is cancelled', async () => {
    sandbox = await startSandbox({ accounts: 2, regions: ['us-east-1'], throttling: false, latency: { fixedMs: 60_000, jitterMs: 0 } });
    const s = sandbox;
    const id = s.truth().organization.accounts[0]?.id ?? '';
    pool = new ClientPool({ customEndpointUrl: s.endpoint });
    const caller = createCaller(pool, new Map([[id, { id, credentials: memoizeCredentials(async () => s.credentialsFor(id), 'static keys') }]]));
    const controller = new AbortController();
    const pending = caller.send({ accountId: id, region: 'us-east-1', partition: 'aws' }, call, {}, controller.signal);
    setTimeout(() => controller.abort(), 50);
    // The sandbox answers after a minute: only the cancellation can settle the call within the test's time.
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(caller.send({ accountId: id, region: 'us-east-1', partition: 'aws' }, call, {}, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
