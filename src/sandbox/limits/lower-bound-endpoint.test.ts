import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import type { LowerBound } from './lower-bound.js';

const region = 'us-east-1';
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function lowerBoundOverHttp(s: Sandbox): Promise<LowerBound> {
  const response = await fetch(`${s.endpoint}/_sandbox/lower-bound`);
  expect(response.status).toBe(200);
  return (await response.json()) as LowerBound;
}

describe('GET /_sandbox/lower-bound', () => {
  it('bounds a paged listing by its chain of pages and answers the same over HTTP', async () => {
    sandbox = await startSandbox({ accounts: 4, scale: 10, latency: { fixedMs: 5 } });
    const orgs = new OrganizationsClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentials });
    let pages = 0;
    for await (const page of paginateListAccounts({ client: orgs, pageSize: 1 }, {})) pages += page.Accounts ? 1 : 0;
    expect(pages).toBe(4);
    const bound = sandbox.lowerBound();
    expect(bound).toMatchObject({
      binding: 'chain',
      boundMs: 20,
      chainBoundMs: 20,
      // Organizations' default bucket (burst 20) holds all four pages.
      bucketBoundMs: 5,
      admittedCalls: 4,
      answeredCalls: 4,
      longestChain: { accountId: sandbox.managementAccountId, region: 'global', service: 'organizations', operation: 'ListAccounts', pages: 4 },
    });
    // One page at a time: the client never had two calls in flight.
    expect(bound.inFlight.peak).toBe(1);
    expect(await lowerBoundOverHttp(sandbox)).toEqual(bound);
  });

  it('counts only admitted calls, and its reset forgets them and refills the buckets', async () => {
    sandbox = await startSandbox({ accounts: 2, scale: 10, throttling: { buckets: { sts: { burst: 1, refillPerSecond: 0 } } } });
    const sts = new STSClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentials, maxAttempts: 1 });
    await sts.send(new GetCallerIdentityCommand({}));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
    expect(sandbox.lowerBound()).toMatchObject({ admittedCalls: 1, answeredCalls: 1, slowestBuckets: [{ service: 'sts', calls: 1, burst: 1, refillPerSecond: 0 }] });
    const reset = await fetch(`${sandbox.endpoint}/_sandbox/lower-bound/reset`, { method: 'POST' });
    expect(await reset.json()).toEqual({ reset: true });
    expect(await lowerBoundOverHttp(sandbox)).toMatchObject({ boundMs: 0, binding: 'none', admittedCalls: 0, bucketsUsed: 0 });
    // The refilled bucket admits a call again.
    await sts.send(new GetCallerIdentityCommand({}));
    expect(sandbox.lowerBound().admittedCalls).toBe(1);
  });
});
