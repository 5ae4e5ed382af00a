import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { DEFAULT_INITIALIZATION_CONCURRENCY, discoverAccounts, streamAccounts, type DiscoveredAccount } from './accounts.js';
import { ClientPool } from './clients.js';
import type { AwsSourceOptions, OrgSpec } from './types.js';

let sandbox: Sandbox;
let pool: ClientPool;
const lines: string[] = [];

beforeAll(async () => {
  // 12 accounts: 10 active members spread over the nested OUs, 1 suspended (in 'Suspended').
  sandbox = await startSandbox({ accounts: 12, throttling: false });
  pool = new ClientPool({ customEndpointUrl: sandbox.endpoint });
});
afterAll(async () => {
  pool.destroy();
  await sandbox.close();
});

function source(org: Partial<OrgSpec> = {}, extra: Partial<AwsSourceOptions> = {}): AwsSourceOptions {
  const { accessKeyId, secretAccessKey } = sandbox.credentials;
  return {
    customEndpointUrl: sandbox.endpoint,
    initializationConcurrency: 2,
    org: { adminAccount: { accessKeyId, secretAccessKey }, memberRoleName: 'OrganizationAccountAccessRole', ...org },
    ...extra,
  };
}

const log = (level: string, message: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);

/** Every account under `unitIds` (nested OUs included), minus the `skip` subtrees. */
function expectedUnder(unitIds: string[], skip: string[] = []): string[] {
  const { units, accounts } = sandbox.truth().organization;
  const inScope = new Set<string>();
  const walk = (id: string) => {
    if (skip.includes(id)) return;
    inScope.add(id);
    for (const child of units.filter((u) => u.parentId === id)) walk(child.id);
  };
  unitIds.forEach(walk);
  return accounts.filter((a) => inScope.has(a.parentId) && a.status === 'ACTIVE').map((a) => a.id).sort();
}

async function whoAmI(account: DiscoveredAccount) {
  return pool.client(account, 'us-east-1', STSClient).send(new GetCallerIdentityCommand({}));
}

describe('discoverAccounts: organization', () => {
  it('lists every active account, skips suspended ones, and assumes the member role in each', async () => {
    const truth = sandbox.truth().organization;
    const result = await discoverAccounts(source({ memberRoleSessionName: 'canopy-test' }), { pool, log });
    expect(result.accounts.map((a) => a.id)).toEqual(truth.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id).sort());
    const suspended = truth.accounts.filter((a) => a.status === 'SUSPENDED').map((a) => a.id);
    expect(suspended.length).toBeGreaterThan(0);
    expect(result.skipped).toEqual(suspended.map((id) => expect.objectContaining({ id, code: 'suspended' })));
    expect(result.failed).toEqual([]);
    const member = result.accounts.find((a) => a.id !== truth.managementAccountId);
    if (!member) throw new Error('no member');
    const who = await whoAmI(member);
    expect(who.Account).toBe(member.id);
    expect(who.Arn).toBe(`arn:aws:sts::${member.id}:assumed-role/OrganizationAccountAccessRole/canopy-test`);
    expect(member).toMatchObject({ partition: 'aws', source: 'organization', name: truth.accounts.find((a) => a.id === member.id)?.name });
    // The management account reads itself with the admin credentials.
    const management = result.accounts.find((a) => a.id === truth.managementAccountId);
    if (!management) throw new Error('no management account');
    expect((await whoAmI(management)).Arn).toBe(`arn:aws:iam::${truth.managementAccountId}:user/sandbox-admin`);
  });

  it('walks nested OUs under organization_units, minus skip_organization_units and skip_member_accounts', async () => {
    const { units } = sandbox.truth().organization;
    const id = (name: string) => units.find((u) => u.name === name)?.id ?? '';
    const selected = [id('Workloads'), id('Security')];
    const skippedUnits = [id('Production-US')];
    const all = expectedUnder(selected, skippedUnits);
    const skipMember = all[0] ?? '';
    const result = await discoverAccounts(
      source({ organizationUnits: [...selected, 'ou-nope-00000000'], skipOrganizationUnits: skippedUnits, skipMemberAccounts: [skipMember] }),
      { pool, log },
    );
    expect(result.accounts.map((a) => a.id)).toEqual(all.filter((a) => a !== skipMember));
    expect(result.accounts.length).toBeGreaterThan(2);
    expect(result.skipped).toEqual([expect.objectContaining({ id: skipMember, code: 'skip-member-accounts' })]);
    expect(result.unknownOrganizationUnits).toEqual(['ou-nope-00000000']);
    // Nested: Production-EU sits two levels below Workloads.
    const nested = expectedUnder([id('Production-EU')]).filter((a) => a !== skipMember);
    expect(nested.length).toBeGreaterThan(0);
    expect(nested.every((a) => result.accounts.some((r) => r.id === a))).toBe(true);
    expect(expectedUnder([id('Production-US')]).some((a) => result.accounts.some((r) => r.id === a))).toBe(false);
  });

  it('assumes member roles from member_trusted_principal credentials, with member_regions', async () => {
    const { accessKeyId, secretAccessKey } = sandbox.credentials;
    const trusted = { accessKeyId, secretAccessKey, roleArn: `arn:aws:iam::${sandbox.managementAccountId}:role/CanopyReadOnly`, roleSessionName: 'trusted' };
    const result = await discoverAccounts(source({ memberTrustedPrincipal: trusted, memberRoleName: 'CanopyReadOnly', memberRegions: ['eu-west-1'] }), { pool });
    expect(result.failed).toEqual([]);
    const management = result.accounts.find((a) => a.id === sandbox.managementAccountId);
    if (!management) throw new Error('no management account');
    expect((await whoAmI(management)).Arn).toBe(`arn:aws:sts::${sandbox.managementAccountId}:assumed-role/CanopyReadOnly/canopy`);
    expect(result.accounts.every((a) => a.regions?.join() === 'eu-west-1')).toBe(true);
  });

  it('reports accounts whose member role cannot be assumed, and keeps the others', async () => {
    const result = await discoverAccounts(source({ memberRoleName: 'NoSuchRole' }), { pool });
    expect(result.accounts.map((a) => a.id)).toEqual([sandbox.managementAccountId]);
    expect(result.failed.length).toBeGreaterThan(0);
    expect(result.failed[0]?.error).toMatchObject({ kind: 'access-denied', code: 'AccessDenied' });
  });

  it('bounds discovery calls by initialization_concurrency', async () => {
    sandbox.resetStats();
    let active = 0;
    let peak = 0;
    const counting = new ClientPool({ customEndpointUrl: sandbox.endpoint });
    const original = counting.client.bind(counting);
    // Pooled clients are shared (members' AssumeRole calls share one STS client): wrap each once.
    const wrapped = new WeakSet<object>();
    counting.client = ((account, region, clientClass) => {
      const client = original(account, region, clientClass) as unknown as { send: (c: unknown) => Promise<unknown> };
      if (wrapped.has(client)) return client as never;
      wrapped.add(client);
      const send = client.send.bind(client);
      client.send = async (command: unknown) => {
        active += 1;
        peak = Math.max(peak, active);
        try {
          return await send(command);
        } finally {
          active -= 1;
        }
      };
      return client as never;
    }) as ClientPool['client'];
    try {
      const { units } = sandbox.truth().organization;
      await discoverAccounts(source({ organizationUnits: units.map((u) => u.id) }, { initializationConcurrency: 2 }), { pool: counting });
    } finally {
      counting.destroy();
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });
});

describe('discoverAccounts: checking member credentials', () => {
  it('checks members by AssumeRole alone: no GetCallerIdentity in member accounts, and the keys stay cached', async () => {
    const truth = sandbox.truth().organization;
    sandbox.resetStats();
    const result = await discoverAccounts(source(), { pool });
    const stsCalls = (filter: (accountId: string) => boolean) =>
      sandbox.stats().rows.filter((r) => r.service === 'sts' && filter(r.accountId)).reduce((n, r) => n + r.calls, 0);
    const members = result.accounts.filter((a) => a.id !== truth.managementAccountId);
    expect(members.length).toBeGreaterThan(2);
    // Calls signed with member keys would count against the member: there are none.
    expect(stsCalls((id) => id !== truth.managementAccountId)).toBe(0);
    // The admin's GetCallerIdentity, then one AssumeRole per member (signed by the admin).
    expect(stsCalls((id) => id === truth.managementAccountId)).toBe(1 + members.length);
    const before = stsCalls((id) => id === truth.managementAccountId);
    const member = members[0];
    if (!member) throw new Error('no member');
    expect((await whoAmI(member)).Account).toBe(member.id);
    expect(stsCalls((id) => id === truth.managementAccountId)).toBe(before);
  });

  it('without verify, members are handed over without assuming their role', async () => {
    sandbox.resetStats();
    const result = await discoverAccounts(source({ memberRoleName: 'NoSuchRole' }), { pool, verify: false });
    expect(result.failed).toEqual([]);
    expect(result.accounts.length).toBeGreaterThan(2);
    const assumed = sandbox.stats().rows.filter((r) => r.service === 'sts').reduce((n, r) => n + r.calls, 0);
    expect(assumed).toBe(1);
  });

  it('assumes every member role through one pooled STS client', async () => {
    const own = new ClientPool({ customEndpointUrl: sandbox.endpoint });
    try {
      const result = await discoverAccounts(source(), { pool: own });
      expect(result.accounts.length).toBeGreaterThan(2);
      // The admin's STS (GetCallerIdentity) and Organizations clients, and one STS client for every AssumeRole.
      expect(own.createdCount).toBe(3);
    } finally {
      own.destroy();
    }
  });
});

describe('streamAccounts', () => {
  const gate = () => {
    let open = (): void => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { opened, open };
  };

  it('hands over the first ready account, with what prepare gave, while the others are still being set up', async () => {
    const held = gate();
    let prepared = 0;
    const stream = streamAccounts(source({}, { initializationConcurrency: 3 }), {
      pool,
      prepare: async (account) => {
        // The first account goes through; every other one waits until the first has been received.
        if (++prepared > 1) await held.opened;
        return `regions of ${account.id}`;
      },
    });
    await stream.started;
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    let finished = false;
    void stream.result.then(() => (finished = true));
    expect(first.done).toBe(false);
    expect(first.value?.prepared).toBe(`regions of ${first.value?.account.id}`);
    expect(finished).toBe(false);
    held.open();
    const rest: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value.account.id);
    const result = await stream.result;
    expect([first.value?.account.id, ...rest].sort()).toEqual(result.accounts.map((a) => a.id));
    expect(result.accounts.length).toBe(sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').length);
  });

  it('sets up more than CloudQuery\'s 4 organization members at once when initialization_concurrency is unset', async () => {
    const enough = gate();
    let active = 0;
    let peak = 0;
    // Fallback so a regression fails on the assertion below instead of hanging.
    const fallback = setTimeout(enough.open, 3_000);
    const stream = streamAccounts(source({}, { initializationConcurrency: undefined }), {
      pool,
      prepare: async () => {
        active += 1;
        peak = Math.max(peak, active);
        if (active >= DEFAULT_INITIALIZATION_CONCURRENCY + 2) enough.open();
        await enough.opened;
        active -= 1;
      },
    });
    await stream.result;
    clearTimeout(fallback);
    expect(peak).toBeGreaterThanOrEqual(DEFAULT_INITIALIZATION_CONCURRENCY + 2);
  });

  it('stop() sets up no further accounts; the result holds the ones already set up', async () => {
    let prepared = 0;
    const stream = streamAccounts(source({}, { initializationConcurrency: 1 }), { pool, prepare: async () => void (prepared += 1) });
    for await (const ready of stream) {
      expect(ready.account.id).toBeTruthy();
      stream.stop();
      break;
    }
    const result = await stream.result;
    expect(prepared).toBeLessThanOrEqual(2);
    expect(result.accounts.length).toBe(prepared);
    expect(result.unknownOrganizationUnits).toEqual([]);
  });

  it('fails `started`, `result` and the iteration alike when the admin credentials do not work', async () => {
    const bad = source({ adminAccount: { accessKeyId: 'AKIAXXXXXXXXXXXXXXXX', secretAccessKey: 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6' } });
    const stream = streamAccounts(bad, { pool, prepare: async () => undefined });
    await expect(stream.started).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(stream.result).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });
});

describe('discoverAccounts: listed accounts', () => {
  it('resolves ids through GetCallerIdentity, keeps aliases and regions, reports bad keys without secrets', async () => {
    const member = sandbox.truth().organization.accounts[1]?.id ?? '';
    const keys = sandbox.credentialsFor(member);
    const bogusSecret = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6';
    lines.length = 0;
    const result = await discoverAccounts(
      {
        customEndpointUrl: sandbox.endpoint,
        regions: ['us-east-1'],
        accounts: [
          { id: 'dev', accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, regions: ['eu-west-1'] },
          { id: 'broken', accessKeyId: 'AKIAXXXXXXXXXXXXXXXX', secretAccessKey: bogusSecret },
          { id: 'prod', accessKeyId: sandbox.credentials.accessKeyId, secretAccessKey: sandbox.credentials.secretAccessKey },
        ],
      },
      { pool, log },
    );
    expect(result.accounts.map((a) => [a.alias, a.id, a.regions])).toEqual(
      [
        ['dev', member, ['eu-west-1']],
        ['prod', sandbox.managementAccountId, ['us-east-1']],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    expect(result.failed).toEqual([expect.objectContaining({ alias: 'broken', error: expect.objectContaining({ kind: 'not-opted-in', code: 'InvalidClientTokenId' }) })]);
    const everything = JSON.stringify(result.failed) + lines.join('\n');
    for (const secret of [bogusSecret, keys.secretAccessKey, sandbox.credentials.secretAccessKey]) expect(everything).not.toContain(secret);
  });
});
