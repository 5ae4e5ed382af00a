import { describe, expect, it } from 'vitest';
import { serviceModels } from '../../models/index.js';
import { PageChains } from './page-chains.js';

const cell = { accountId: '111111111111', region: 'us-east-1', service: 'ec2', operation: 'DescribeInstances' };

describe('PageChains', () => {
  it('links each page to the page whose token it carries', () => {
    const chains = new PageChains();
    chains.record(cell, undefined, 't1');
    chains.record(cell, 't1', 't2');
    chains.record(cell, 't2');
    expect(chains.longest()).toEqual({ ...cell, pages: 3 });
    expect(chains.answered()).toBe(3);
  });

  it('keeps listings of different cells apart even when their tokens are equal', () => {
    const chains = new PageChains();
    const other = { ...cell, accountId: '222222222222' };
    chains.record(cell, undefined, 'same');
    chains.record(other, undefined, 'same');
    chains.record(cell, 'same', 'next');
    chains.record(other, 'same');
    chains.record(cell, 'next');
    expect(chains.longest()).toEqual({ ...cell, pages: 3 });
  });

  it('counts a page whose token it never issued (or already redeemed) as a chain of one', () => {
    const chains = new PageChains();
    chains.record(cell, 'from-before-the-reset');
    expect(chains.longest()?.pages).toBe(1);
    chains.record(cell, undefined, 't1');
    chains.record(cell, 't1');
    chains.record(cell, 't1');
    expect(chains.longest()?.pages).toBe(2);
  });

  it("reads the tokens where the operation's paginator says", () => {
    const chains = new PageChains();
    const model = serviceModels.organizations;
    if (!model) throw new Error('no organizations model');
    const orgCell = { accountId: '111111111111', region: 'global', service: 'organizations', operation: 'ListAccounts' };
    chains.recordCall(orgCell, model, {}, { Accounts: [], NextToken: 'p2' });
    chains.recordCall(orgCell, model, { NextToken: 'p2' }, { Accounts: [] });
    expect(chains.longest()).toEqual({ ...orgCell, pages: 2 });
  });

  it('reset forgets chains, open tokens and counts', () => {
    const chains = new PageChains();
    chains.record(cell, undefined, 't1');
    chains.reset();
    expect(chains.longest()).toBeUndefined();
    expect(chains.answered()).toBe(0);
    chains.record(cell, 't1');
    expect(chains.longest()?.pages).toBe(1);
  });
});
