import { CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { DescribeInstancesCommand, EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { GetUserCommand, IAMClient, ListAccessKeysCommand, paginateListUsers } from '@aws-sdk/client-iam';
import { GetBucketLocationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient, paginateListTopics } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { clientConfig, drain, sdkSandboxOptions } from './services/sdk-testing.js';
import type { SandboxTruth } from './truth.js';

const START = Date.UTC(2025, 8, 1, 10, 0, 0);
type Where = { accountId: string; region: string };

function instanceIds(sandbox: Sandbox, cell: Where): Promise<string[]> {
  const client = new EC2Client(clientConfig(sandbox, cell));
  return drain(paginateDescribeInstances({ client }, {}), (p) => p.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId ?? '')).then((d) => d.items);
}

async function bucketNames(sandbox: Sandbox, accountId: string): Promise<string[]> {
  const s3 = new S3Client({ ...clientConfig(sandbox, { accountId, region: 'us-east-1' }), forcePathStyle: true });
  return ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name ?? '');
}

function userNames(sandbox: Sandbox, accountId: string): Promise<string[]> {
  const client = new IAMClient(clientConfig(sandbox, { accountId, region: 'us-east-1' }));
  return drain(paginateListUsers({ client }, {}), (p) => p.Users?.map((u) => u.UserName ?? '')).then((d) => d.items);
}

async function events(sandbox: Sandbox, cell: Where, eventName: string) {
  const client = new CloudTrailClient(clientConfig(sandbox, cell));
  const input = { LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: eventName }] };
  return (await drain(paginateLookupEvents({ client }, input), (p) => p.Events)).items;
}

/** Every (kind, account, region) whose count differs between two truths, with the difference. */
function truthChanges(before: SandboxTruth, after: SandboxTruth): Record<string, number> {
  const changes: Record<string, number> = {};
  for (const [kind, accounts] of Object.entries(before.resources)) {
    for (const [accountId, regions] of Object.entries(accounts)) {
      for (const [region, count] of Object.entries(regions)) {
        const delta = (after.resources[kind]?.[accountId]?.[region] ?? 0) - count;
        if (delta !== 0) changes[`${kind} ${accountId} ${region}`] = delta;
      }
    }
  }
  return changes;
}

describe('removing resources at runtime', () => {
  let sandbox: Sandbox;
  let accounts: string[];
  let cells: Where[];

  beforeAll(async () => {
    sandbox = await startSandbox({ ...sdkSandboxOptions, now: () => new Date(START) });
    accounts = sandbox.truth().organization.accounts.map((a) => a.id);
    cells = accounts.flatMap((accountId) => ['us-east-1', 'eu-west-1'].map((region) => ({ accountId, region })));
  });
  afterAll(() => sandbox.close());

  it('takes the last instances, buckets and IAM users out of every listing and the truth, and nothing else', async () => {
    const [a0 = '', a1 = '', a2 = ''] = accounts;
    const truthBefore = sandbox.truth();
    const instancesBefore = await Promise.all(cells.map((cell) => instanceIds(sandbox, cell)));
    const bucketsBefore = await Promise.all(accounts.map((id) => bucketNames(sandbox, id)));
    const usersBefore = await Promise.all(accounts.map((id) => userNames(sandbox, id)));
    const iam2 = new IAMClient(clientConfig(sandbox, { accountId: a2, region: 'us-east-1' }));
    const lastUsers = (usersBefore[2] ?? []).slice(-2);
    const keysOf = async (user: string) => (await iam2.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata?.length ?? 0;
    const removedKeys = (await Promise.all(lastUsers.map(keysOf))).reduce((a, b) => a + b, 0);

    const instances = sandbox.removeResources({ kind: 'ec2.instance', account: a1, region: 'eu-west-1', count: 3 });
    const buckets = sandbox.removeResources({ kind: 's3.bucket', account: 0, region: 'us-east-1', count: 2 });
    const users = sandbox.removeResources({ kind: 'iam.user', account: a2, count: 2 });

    const changedCell = cells.findIndex((c) => c.accountId === a1 && c.region === 'eu-west-1');
    expect(instances.removed).toEqual((instancesBefore[changedCell] ?? []).slice(-3));
    expect(instances.remaining).toBe((instancesBefore[changedCell] ?? []).length - 3);
    for (const [i, cell] of cells.entries()) {
      const expected = (instancesBefore[i] ?? []).filter((id) => !instances.removed.includes(id));
      expect(await instanceIds(sandbox, cell), `${cell.accountId} ${cell.region}`).toEqual(expected);
    }
    const ec2 = new EC2Client({ ...clientConfig(sandbox, { accountId: a1, region: 'eu-west-1' }), maxAttempts: 1 });
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: [instances.removed[0] ?? ''] }))).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });

    expect(buckets.accountId).toBe(a0);
    expect(buckets.removed.every((name) => bucketsBefore[0]?.includes(name) && name.includes('-us-east-1-'))).toBe(true);
    for (const [i, id] of accounts.entries()) {
      expect(await bucketNames(sandbox, id)).toEqual((bucketsBefore[i] ?? []).filter((name) => !buckets.removed.includes(name)));
    }
    const s3 = new S3Client({ ...clientConfig(sandbox, { accountId: a0, region: 'us-east-1' }), forcePathStyle: true, maxAttempts: 1 });
    await expect(s3.send(new GetBucketLocationCommand({ Bucket: buckets.removed[0] }))).rejects.toMatchObject({ name: 'NoSuchBucket' });

    expect(users.removed).toEqual(lastUsers);
    for (const [i, id] of accounts.entries()) {
      expect(await userNames(sandbox, id)).toEqual((usersBefore[i] ?? []).filter((name) => i !== 2 || !users.removed.includes(name)));
    }
    await expect(iam2.send(new GetUserCommand({ UserName: users.removed[0] }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(iam2.send(new ListAccessKeysCommand({ UserName: users.removed[0] }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });

    const changes = truthChanges(truthBefore, sandbox.truth());
    // Terminating an instance deletes its root volume and primary interface, as AWS does by default.
    const expected: Record<string, number> = {
      [`ec2.instance ${a1} eu-west-1`]: -3,
      [`ec2.volume ${a1} eu-west-1`]: -3,
      [`ec2.network_interface ${a1} eu-west-1`]: -3,
      [`s3.bucket ${a0} us-east-1`]: -2,
      [`iam.user ${a2} global`]: -2,
      [`iam.access_key ${a2} global`]: -removedKeys,
    };
    if (removedKeys === 0) delete expected[`iam.access_key ${a2} global`];
    // Bucket settings counted per bucket (CORS rules, websites...) go with their buckets.
    const bucketSettings = Object.entries(changes).filter(([key]) => key.startsWith('s3.') && !key.startsWith('s3.bucket '));
    for (const [key, delta] of bucketSettings) {
      expect(key.endsWith(`${a0} us-east-1`), key).toBe(true);
      expect(delta).toBeLessThan(0);
      delete changes[key];
    }
    expect(changes).toEqual(expected);
  });

  it("records each removal in CloudTrail at the clock's time, as the calls sandbox-admin made", async () => {
    const [a0 = '', a1 = '', a2 = ''] = accounts;
    const eventTime = new Date(START);
    const terminated = await events(sandbox, { accountId: a1, region: 'eu-west-1' }, 'TerminateInstances');
    expect(terminated).toHaveLength(1);
    expect(terminated[0]).toMatchObject({ EventSource: 'ec2.amazonaws.com', Username: 'sandbox-admin', ReadOnly: 'false', EventTime: eventTime });
    expect(terminated[0]?.AccessKeyId).toBe(sandbox.credentialsFor(a1).accessKeyId);
    const instanceIds = terminated[0]?.Resources?.map((r) => r.ResourceName) ?? [];
    expect(instanceIds).toHaveLength(3);
    const record = JSON.parse(terminated[0]?.CloudTrailEvent ?? '{}') as { requestParameters: { instancesSet: { items: Array<{ instanceId: string }> } } };
    expect(record.requestParameters.instancesSet.items.map((i) => i.instanceId)).toEqual(instanceIds);

    const deletedBuckets = await events(sandbox, { accountId: a0, region: 'us-east-1' }, 'DeleteBucket');
    expect(deletedBuckets.map((e) => e.Resources?.[0]?.ResourceType)).toEqual(['AWS::S3::Bucket', 'AWS::S3::Bucket']);
    // IAM is global: its events are in us-east-1, none in the other region.
    const deletedUsers = await events(sandbox, { accountId: a2, region: 'us-east-1' }, 'DeleteUser');
    expect(deletedUsers.map((e) => e.EventTime)).toEqual([eventTime, eventTime]);
    expect(await events(sandbox, { accountId: a2, region: 'eu-west-1' }, 'DeleteUser')).toEqual([]);
  });

  it('refuses removals that cannot apply, and changes nothing then', () => {
    const version = JSON.stringify(sandbox.truth().resources);
    const refuse = (request: Parameters<Sandbox['removeResources']>[0], message: RegExp) =>
      expect(() => sandbox.removeResources(request)).toThrow(message);
    refuse({ kind: 'ec2.teapot', account: 0, region: 'us-east-1', count: 1 }, /removable kinds are/);
    refuse({ kind: 'iam.access_key', account: 0, count: 1 }, /go with their parent/);
    refuse({ kind: 'ec2.instance', account: 0, count: 1 }, /regional: name the region/);
    refuse({ kind: 'iam.user', account: 0, region: 'us-east-1', count: 1 }, /global: leave out the region/);
    refuse({ kind: 'ec2.instance', account: 0, region: 'ap-south-1', count: 1 }, /not enabled/);
    refuse({ kind: 'ec2.instance', account: 9, region: 'us-east-1', count: 1 }, /no account 9/);
    refuse({ kind: 'ec2.instance', account: 0, region: 'us-east-1', count: 0 }, /at least 1/);
    refuse({ kind: 'ec2.instance', account: 0, region: 'us-east-1', count: 1_000_000 }, /fewer than 1000000/);
    expect(JSON.stringify(sandbox.truth().resources)).toBe(version);
  });

  it('works over HTTP too: remove, the clock and the event count', async () => {
    const [, a1 = ''] = accounts;
    const post = (path: string, body: unknown) => fetch(`${sandbox.endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const topics = async () => {
      const client = new SNSClient(clientConfig(sandbox, { accountId: a1, region: 'us-east-1' }));
      return (await drain(paginateListTopics({ client }, {}), (p) => p.Topics)).items.map((t) => t.TopicArn);
    };
    const before = await topics();
    const removed = await post('/_sandbox/remove', { kind: 'sns.topic', account: 1, region: 'us-east-1', count: 1 });
    expect(removed.status).toBe(200);
    const body = (await removed.json()) as { removed: string[]; remaining: number };
    expect(body.removed).toEqual(before.slice(-1));
    expect(await topics()).toEqual(before.slice(0, -1));
    const refused = await post('/_sandbox/remove', { kind: 'sns.topic', account: 1, count: 1 });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'InvalidRemoval' });
    expect((await post('/_sandbox/remove', 'not an object')).status).toBe(400);

    const clock = (await (await fetch(`${sandbox.endpoint}/_sandbox/clock`)).json()) as { now: string };
    const advanced = (await (await post('/_sandbox/clock/advance', { ms: 60_000 })).json()) as { now: string };
    expect(Date.parse(advanced.now) - Date.parse(clock.now)).toBe(60_000);
    expect(sandbox.now().toISOString()).toBe(advanced.now);

    const query = `account=${a1}&region=us-east-1&start=${new Date(START - 3_600_000).toISOString()}`;
    const counted = (await (await fetch(`${sandbox.endpoint}/_sandbox/events?${query}`)).json()) as { count: number };
    expect(counted.count).toBe(sandbox.truth().events.count(a1, 'us-east-1', new Date(START - 3_600_000)));
    expect(counted.count).toBeGreaterThan(0);
    const truth = (await (await fetch(`${sandbox.endpoint}/_sandbox/truth`)).json()) as SandboxTruth;
    expect(truth.events).toEqual({ perHour: 6, historyStart: new Date(START - 24 * 3_600_000).toISOString() });
    expect(truth.resources['sns.topic']?.[a1]?.['us-east-1']).toBe(before.length - 1);
  });

  it('gives the same answers for the same seed and the same removals', async () => {
    const answers = async () => {
      const other = await startSandbox({ ...sdkSandboxOptions, now: () => new Date(START) });
      try {
        const id = other.truth().organization.accounts[1]?.id ?? '';
        other.removeResources({ kind: 'ec2.instance', account: id, region: 'us-east-1', count: 4 });
        other.removeResources({ kind: 'iam.user', account: id, count: 1 });
        const cell = { accountId: id, region: 'us-east-1' };
        const client = new CloudTrailClient(clientConfig(other, cell));
        const trail = await drain(paginateLookupEvents({ client }, {}), (p) => p.Events);
        return JSON.stringify([await instanceIds(other, cell), await userNames(other, id), trail.items, other.truth().resources]);
      } finally {
        await other.close();
      }
    };
    expect(await answers()).toBe(await answers());
  });
});
