import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { IAMClient, paginateListUsers } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Credentials, type Sandbox } from '../src/sandbox/index.js';

/** Assuming a role into a member shows that member's resources and nobody else's. */
describe('sandbox account isolation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 4, regions: ['us-east-1', 'eu-west-1'], scale: 2000, seed: 9, throttling: false });
  });
  afterAll(() => sandbox.close());

  async function memberCredentials(accountId: string): Promise<Credentials> {
    const sts = new STSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentials });
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'isolation' }),
    );
    return {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken,
    };
  }

  it('lists only the assumed member\'s instances, users, buckets and functions', async () => {
    const truth = sandbox.truth();
    const members = truth.organization.accounts.filter((a) => a.id !== sandbox.managementAccountId && a.status === 'ACTIVE');
    expect(members.length).toBeGreaterThanOrEqual(2);
    for (const member of members) {
      const config = { endpoint: sandbox.endpoint, region: 'eu-west-1', credentials: await memberCredentials(member.id) };
      const owners = new Set<string>();
      let instances = 0;
      for await (const page of paginateDescribeInstances({ client: new EC2Client(config) }, {})) {
        for (const r of page.Reservations ?? []) {
          owners.add(r.OwnerId ?? '');
          instances += r.Instances?.length ?? 0;
        }
      }
      expect(instances).toBe(truth.resources['ec2.instance']?.[member.id]?.['eu-west-1']);
      expect([...owners]).toEqual(instances > 0 ? [member.id] : []);

      const users: string[] = [];
      for await (const page of paginateListUsers({ client: new IAMClient(config) }, {})) users.push(...(page.Users ?? []).map((u) => u.Arn ?? ''));
      expect(users).toHaveLength(truth.resources['iam.user']?.[member.id]?.global ?? -1);
      expect(users.every((arn) => arn.startsWith(`arn:aws:iam::${member.id}:`))).toBe(true);

      const buckets = (await new S3Client({ ...config, forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets ?? [];
      const expectedBuckets = Object.values(truth.resources['s3.bucket']?.[member.id] ?? {}).reduce((a, b) => a + b, 0);
      expect(buckets).toHaveLength(expectedBuckets);

      const functions: string[] = [];
      for await (const page of paginateListFunctions({ client: new LambdaClient(config) }, {})) {
        functions.push(...(page.Functions ?? []).map((f) => f.FunctionArn ?? ''));
      }
      expect(functions).toHaveLength(truth.resources['lambda.function']?.[member.id]?.['eu-west-1'] ?? -1);
      expect(functions.every((arn) => arn.includes(`:${member.id}:`))).toBe(true);
    }
  });
});
