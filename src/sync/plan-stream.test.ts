import { describe, expect, it } from 'vitest';
import type { DiscoveredAccount, ReadyAccount } from '../aws/accounts.js';
import { memoizeCredentials } from '../aws/credentials.js';
import type { AccountRegions } from '../aws/regions.js';
import type { Table } from '../engine/table.js';
import { tableNamed } from '../tables/index.js';
import { planBatches, type PlanSink } from './plan-stream.js';

const vpcs = tableNamed('aws_ec2_vpcs') as Table;
const users = tableNamed('aws_iam_users') as Table;

function ready(id: string, regions: string[]): ReadyAccount<AccountRegions> {
  const account: DiscoveredAccount = {
    id,
    alias: id,
    name: undefined,
    partition: 'aws',
    defaultRegion: 'eu-west-1',
    regions: undefined,
    source: 'organization',
    credentials: memoizeCredentials(async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), 'static keys'),
  };
  return { account, prepared: { accountId: id, regions, notEnabled: [] } };
}

describe('planBatches', () => {
  it('plans each account as it arrives, one batch each, with the account known before its batch', async () => {
    const arrivals = [ready('111111111111', ['eu-west-1', 'us-east-1']), ready('222222222222', []), ready('333333333333', ['us-east-1'])];
    const plans: Array<[number, boolean]> = [];
    const sink: PlanSink = { accounts: new Map(), regions: [], onPlan: (n, complete) => plans.push([n, complete]) };
    let pulled = 0;
    const source = (async function* () {
      for (const a of arrivals) {
        pulled += 1;
        yield a;
      }
    })();
    const batches: string[][] = [];
    const arrivedBefore: number[] = [];
    for await (const batch of planBatches(source, [vpcs, users], sink)) {
      arrivedBefore.push(pulled);
      for (const p of batch) expect(sink.accounts.has(p.ctx.accountId)).toBe(true);
      batches.push(batch.map((p) => `${p.table.name} ${p.ctx.accountId} ${p.ctx.region}`).sort());
    }
    // Each batch is handed out as soon as its account arrived, not after every account.
    expect(arrivedBefore).toEqual([1, 3]);
    expect(batches).toEqual([
      ['aws_ec2_vpcs 111111111111 eu-west-1', 'aws_ec2_vpcs 111111111111 us-east-1', 'aws_iam_users 111111111111 eu-west-1'],
      ['aws_ec2_vpcs 333333333333 us-east-1', 'aws_iam_users 333333333333 us-east-1'],
    ]);
    // Running totals; the account without regions adds nothing; the last call says the plan is complete.
    expect(plans).toEqual([
      [3, false],
      [3, false],
      [5, false],
      [5, true],
    ]);
    expect(sink.regions.map((r) => r.accountId)).toEqual(['111111111111', '222222222222', '333333333333']);
  });
});
