import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AccessDeniedException,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Credentials, type Sandbox } from './index.js';

const region = 'us-east-1';

function sts(sandbox: Sandbox, credentials: Credentials = sandbox.credentials) {
  return new STSClient({ endpoint: sandbox.endpoint, region, credentials });
}

function orgs(sandbox: Sandbox, credentials: Credentials = sandbox.credentials) {
  return new OrganizationsClient({ endpoint: sandbox.endpoint, region, credentials });
}

async function assume(sandbox: Sandbox, accountId: string, role: string): Promise<Credentials> {
  const out = await sts(sandbox).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${role}`, RoleSessionName: 'canopy-test' }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

describe('sandbox organization and identity', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 12, scale: 500, seed: 3, throttling: false });
  });
  afterAll(() => sandbox.close());

  it('walks a nested OU tree that holds exactly the generated accounts', async () => {
    const client = orgs(sandbox);
    const root = (await client.send(new ListRootsCommand({}))).Roots?.[0];
    expect(root?.Id).toBe(sandbox.truth().organization.rootId);
    const found: Array<{ id: string; parentId: string; status: string }> = [];
    let depth = 0;
    const walk = async (parentId: string, level: number): Promise<void> => {
      depth = Math.max(depth, level);
      const accounts = await client.send(new ListAccountsForParentCommand({ ParentId: parentId }));
      for (const a of accounts.Accounts ?? []) found.push({ id: a.Id ?? '', parentId, status: a.Status ?? '' });
      const units = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId }));
      for (const unit of units.OrganizationalUnits ?? []) await walk(unit.Id ?? '', level + 1);
    };
    await walk(root?.Id ?? '', 0);
    const truth = sandbox.truth().organization.accounts;
    expect(found.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      truth.map((a) => ({ id: a.id, parentId: a.parentId, status: a.status })).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(depth).toBeGreaterThanOrEqual(2);
    expect(found.some((a) => a.status === 'SUSPENDED')).toBe(true);
  });

  it('pages ListAccounts one account at a time', async () => {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: orgs(sandbox), pageSize: 1 }, {})) {
      expect(page.Accounts?.length).toBeLessThanOrEqual(1);
      ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
    }
    expect(ids).toEqual(sandbox.truth().organization.accounts.map((a) => a.id));
  });

  it('answers GetCallerIdentity truthfully for static keys of every active account, and refuses suspended ones', async () => {
    for (const account of sandbox.truth().organization.accounts) {
      const call = sts(sandbox, sandbox.credentialsFor(account.id)).send(new GetCallerIdentityCommand({}));
      if (account.status === 'SUSPENDED') {
        await expect(call).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
        continue;
      }
      const me = await call;
      expect(me.Account).toBe(account.id);
      expect(me.Arn).toBe(`arn:aws:iam::${account.id}:user/sandbox-admin`);
    }
  });

  it('assumes both roles into every active member, and denies unknown roles and suspended accounts', async () => {
    const members = sandbox.truth().organization.accounts.filter((a) => a.id !== sandbox.managementAccountId);
    for (const member of members) {
      for (const role of ['OrganizationAccountAccessRole', 'CanopyReadOnly']) {
        if (member.status === 'SUSPENDED') {
          await expect(assume(sandbox, member.id, role)).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
          continue;
        }
        const me = await sts(sandbox, await assume(sandbox, member.id, role)).send(new GetCallerIdentityCommand({}));
        expect(me.Arn).toBe(`arn:aws:sts::${member.id}:assumed-role/${role}/canopy-test`);
      }
    }
    const active = members.find((m) => m.status === 'ACTIVE');
    await expect(assume(sandbox, active?.id ?? '', 'NoSuchRole')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('gives members what AWS gives them: their organization, but no account listing', async () => {
    const member = sandbox.truth().organization.accounts.find((a) => a.id !== sandbox.managementAccountId && a.status === 'ACTIVE');
    const client = orgs(sandbox, await assume(sandbox, member?.id ?? '', 'CanopyReadOnly'));
    await expect(client.send(new ListRootsCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
  });

  it('rejects unknown access keys as AWS does', async () => {
    const stranger = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) };
    await expect(sts(sandbox, stranger).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('serves the ground truth and call counters over HTTP', async () => {
    const truth = (await (await fetch(`${sandbox.endpoint}/_sandbox/truth`)).json()) as { organization: { accounts: unknown[] } };
    expect(truth.organization.accounts).toHaveLength(12);
    sandbox.resetStats();
    await sts(sandbox).send(new GetCallerIdentityCommand({}));
    const stats = (await (await fetch(`${sandbox.endpoint}/_sandbox/stats`)).json()) as { totals: { calls: number } };
    expect(stats.totals.calls).toBe(1);
    expect((await fetch(`${sandbox.endpoint}/_sandbox/nothing`)).status).toBe(404);
  });
});

describe('sandbox faults', () => {
  it('expires temporary credentials with ExpiredToken', async () => {
    const sandbox = await startSandbox({ accounts: 3, throttling: false, faults: { expireCredentialsAfterSeconds: 0.2 } });
    try {
      const member = sandbox.truth().organization.accounts[1]?.id ?? '';
      const client = sts(sandbox, await assume(sandbox, member, 'CanopyReadOnly'));
      await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: member });
      await new Promise((r) => setTimeout(r, 300));
      await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
    } finally {
      await sandbox.close();
    }
  });

  it('throttles with each protocol family\'s real error code, and the SDK retries through it', async () => {
    const sandbox = await startSandbox({
      accounts: 2,
      throttling: { buckets: { sts: { burst: 1, refillPerSecond: 20 }, organizations: { burst: 1, refillPerSecond: 0 } } },
    });
    try {
      const noRetry = new STSClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentials, maxAttempts: 1 });
      await noRetry.send(new GetCallerIdentityCommand({}));
      await expect(noRetry.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
      const org = new OrganizationsClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentials, maxAttempts: 1 });
      await org.send(new ListRootsCommand({}));
      await expect(org.send(new ListRootsCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
      sandbox.resetStats();
      const retrying = new STSClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentials, maxAttempts: 10 });
      const results = await Promise.all(Array.from({ length: 8 }, () => retrying.send(new GetCallerIdentityCommand({}))));
      expect(results.every((r) => r.Account === sandbox.managementAccountId)).toBe(true);
      expect(results.some((r) => (r.$metadata.attempts ?? 1) > 1)).toBe(true);
      expect(sandbox.stats().totals.throttles).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
    }
  });

  it('throttles EC2, S3, Lambda and DynamoDB with their own codes', async () => {
    const one = { burst: 1, refillPerSecond: 0 };
    const sandbox = await startSandbox({ accounts: 2, throttling: { buckets: { ec2: one, s3: one, lambda: one, dynamodb: one } } });
    try {
      const config = { endpoint: sandbox.endpoint, region, credentials: sandbox.credentials, maxAttempts: 1 };
      const cases: Array<[string, () => Promise<unknown>]> = [
        ['RequestLimitExceeded', () => new EC2Client(config).send(new DescribeRegionsCommand({}))],
        ['SlowDown', () => new S3Client({ ...config, forcePathStyle: true }).send(new ListBucketsCommand({}))],
        ['TooManyRequestsException', () => new LambdaClient(config).send(new ListFunctionsCommand({}))],
        ['ThrottlingException', () => new DynamoDBClient(config).send(new ListTablesCommand({}))],
      ];
      for (const [code, call] of cases) {
        await call();
        await expect(call(), code).rejects.toMatchObject({ name: code });
      }
    } finally {
      await sandbox.close();
    }
  });

  it('answers 503 at the configured error rate, which the SDK retries', async () => {
    const sandbox = await startSandbox({ accounts: 2, throttling: false, faults: { errorRate: 1 } });
    try {
      const client = new STSClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentials, maxAttempts: 2 });
      await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503, attempts: 2 },
      });
    } finally {
      await sandbox.close();
    }
  });

  it('denies chosen (account, service) pairs', async () => {
    const sandbox = await startSandbox({ accounts: 3, throttling: false, faults: { accessDenied: [{ account: 1, service: 'organizations' }, { account: 0, service: 'organizations' }] } });
    try {
      await expect(orgs(sandbox).send(new ListRootsCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
      await expect(sts(sandbox).send(new GetCallerIdentityCommand({}))).resolves.toBeTruthy();
    } finally {
      await sandbox.close();
    }
  });
});
