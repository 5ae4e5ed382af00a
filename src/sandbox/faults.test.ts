import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { startSandbox, type Credentials, type Sandbox } from './index.js';

async function withSandbox(options: Parameters<typeof startSandbox>[0], body: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox(options);
  try {
    await body(sandbox);
  } finally {
    await sandbox.close();
  }
}

async function assume(sandbox: Sandbox, arn: string): Promise<Credentials> {
  const out = await new STSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentials }).send(
    new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'faults' }),
  );
  return {
    accessKeyId: out.Credentials?.AccessKeyId ?? '',
    secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
    sessionToken: out.Credentials?.SessionToken,
  };
}

describe('sandbox faults through the SDK', () => {
  it('rejects calls to a region the account has not opted into, as AWS does, and lists it as not-opted-in', async () => {
    await withSandbox({ accounts: 3, regions: ['us-east-1', 'af-south-1'], throttling: false, faults: { notOptedIn: [{ account: 1, region: 'af-south-1' }] } }, async (sandbox) => {
      const member = sandbox.truth().organization.accounts[1]?.id ?? '';
      const credentials = sandbox.credentialsFor(member);
      const home = new EC2Client({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials });
      const all = await home.send(new DescribeRegionsCommand({ AllRegions: true }));
      expect(all.Regions?.find((r) => r.RegionName === 'af-south-1')?.OptInStatus).toBe('not-opted-in');
      const enabled = await home.send(new DescribeRegionsCommand({}));
      expect(enabled.Regions?.map((r) => r.RegionName)).toEqual(['us-east-1']);
      const away = new EC2Client({ endpoint: sandbox.endpoint, region: 'af-south-1', credentials, maxAttempts: 1 });
      await expect(away.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({ name: 'AuthFailure' });
      const other = new EC2Client({ endpoint: sandbox.endpoint, region: 'af-south-1', credentials: sandbox.credentials });
      await expect(other.send(new DescribeInstancesCommand({}))).resolves.toBeTruthy();
    });
  });

  it('denies EC2 to a chosen account with UnauthorizedOperation', async () => {
    await withSandbox({ accounts: 3, throttling: false, faults: { accessDenied: [{ account: 2, service: 'ec2' }] } }, async (sandbox) => {
      const member = sandbox.truth().organization.accounts[2]?.id ?? '';
      const client = new EC2Client({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(member) });
      await expect(client.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    });
  });

  it('expires JSON-protocol sessions with ExpiredTokenException', async () => {
    await withSandbox({ accounts: 2, throttling: false, faults: { expireCredentialsAfterSeconds: 0.1 } }, async (sandbox) => {
      const credentials = await assume(sandbox, `arn:aws:iam::${sandbox.managementAccountId}:role/CanopyReadOnly`);
      await new Promise((r) => setTimeout(r, 200));
      const client = new OrganizationsClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      await expect(client.send(new ListRootsCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
    });
  });

  it('requires the session token of temporary keys, and refuses roles at another path', async () => {
    await withSandbox({ accounts: 3, throttling: false }, async (sandbox) => {
      const member = sandbox.truth().organization.accounts[1]?.id ?? '';
      const credentials = await assume(sandbox, `arn:aws:iam::${member}:role/CanopyReadOnly`);
      const { sessionToken: _dropped, ...withoutToken } = credentials;
      const client = new STSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: withoutToken });
      await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
      await expect(assume(sandbox, `arn:aws:iam::${member}:role/admin/CanopyReadOnly`)).rejects.toMatchObject({ name: 'AccessDenied' });
    });
  });

  it('keeps one rate limit per account for global services, whatever region signs', async () => {
    await withSandbox({ accounts: 2, throttling: { buckets: { iam: { burst: 2, refillPerSecond: 0 } } } }, async (sandbox) => {
      const iam = (region: string) => new IAMClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentials, maxAttempts: 1 });
      await iam('us-east-1').send(new ListUsersCommand({}));
      await iam('eu-west-1').send(new ListUsersCommand({}));
      await expect(iam('eu-west-1').send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
      const rows = sandbox.stats().rows.filter((r) => r.service === 'iam');
      expect(rows).toEqual([{ accountId: sandbox.managementAccountId, region: 'global', service: 'iam', calls: 3, throttles: 1, errors: 0 }]);
    });
  });

  it('rejects a page size that is not a number instead of looping', async () => {
    await withSandbox({ accounts: 2, throttling: false }, async (sandbox) => {
      const auth = `AWS4-HMAC-SHA256 Credential=${sandbox.credentials.accessKeyId}/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0`;
      const res = await fetch(sandbox.endpoint, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DescribeInstances&Version=2016-11-15&MaxResults=abc',
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('<Code>InvalidParameterValue</Code>');
    });
  });
});
