import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSubnetCommand, CreateVpcCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeVpcsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListAccountsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, ListBucketsCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import type { Table } from '../src/engine/table.js';
import { tableNamed } from '../src/tables/index.js';
import { syncConfig, type SourceResult } from '../src/sync/run.js';
import { motoUnavailable, startMoto, type MotoServer } from './moto-server.js';
import { orgConfigText } from './table-testing.js';

/**
 * The independent check of DESIGN.md "Tests": canopy's sync against moto, an emulator canopy's
 * authors did not write, so a shared misreading of AWS between the sandbox and the tables shows.
 * Everything expected is read back from moto through the SDK, not from canopy's own code.
 */

const REGIONS = ['us-east-1', 'eu-west-1'] as const;
const ROLE = 'OrganizationAccountAccessRole';
/** moto maps any access key it did not issue to its default account, which becomes the management account. */
const ADMIN = { accessKeyId: 'AKIAMOTOADMIN0000000', secretAccessKey: 'moto-fake-secret' };
const TABLE_NAMES = ['aws_ec2_vpcs', 'aws_ec2_instances', 'aws_s3_buckets', 'aws_iam_users', 'aws_sqs_queues', 'aws_organizations_accounts'];

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface SeededAccount {
  id: string;
  credentials: Credentials;
}

interface Seeded {
  management: SeededAccount;
  /** Members with resources, then one with none but moto's defaults (default VPCs). */
  members: SeededAccount[];
  vpcs: Array<{ account: string; region: string; id: string; cidr: string }>;
  instances: Array<{ account: string; region: string; id: string; vpcId: string; subnetId: string }>;
  buckets: Array<{ account: string; region: string; name: string }>;
  users: Array<{ account: string; name: string }>;
  queues: Array<{ account: string; region: string; url: string }>;
}

const reason = motoUnavailable();
if (reason) console.warn(`test/moto.test.ts skipped: ${reason}. Install moto[server] 5.x for python3 to run the independent check.`);
const suite = reason ? describe.skip : describe; // skip only when moto cannot run here (warned above); never fail for that

function clientConfig(endpoint: string, region: string, credentials: Credentials) {
  // moto serves every service on one port; path-style S3 keeps bucket names out of the host.
  return { endpoint, region, credentials, forcePathStyle: true, maxAttempts: 2 };
}

async function seed(endpoint: string): Promise<Seeded> {
  const org = new OrganizationsClient(clientConfig(endpoint, 'us-east-1', ADMIN));
  const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const managementId = created.Organization?.MasterAccountId ?? '';
  const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  const ous: string[] = [];
  for (const name of ['Workloads', 'Sandbox']) {
    const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }));
    ous.push(ou.OrganizationalUnit?.Id ?? '');
  }
  // moto completes CreateAccount at once (AWS is asynchronous) and draws a random 12-digit id.
  const memberIds: string[] = [];
  for (const [i, name] of ['workload-a', 'sandbox-b'].entries()) {
    const status = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com`, RoleName: ROLE }));
    const id = status.CreateAccountStatus?.AccountId ?? '';
    await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ous[i] ?? '' }));
    memberIds.push(id);
  }
  org.destroy();

  // moto's AssumeRole needs no role to exist: the session keys it issues act in the ARN's account.
  const sts = new STSClient(clientConfig(endpoint, 'us-east-1', ADMIN));
  const members: SeededAccount[] = [];
  for (const id of memberIds) {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/${ROLE}`, RoleSessionName: 'seed' }));
    const c = out.Credentials;
    members.push({ id, credentials: { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken } });
  }
  sts.destroy();

  const management: SeededAccount = { id: managementId, credentials: ADMIN };
  const seeded: Seeded = { management, members, vpcs: [], instances: [], buckets: [], users: [], queues: [] };
  // The management account and the first member get resources; the second keeps moto's defaults only.
  for (const [n, account] of [management, members[0]].entries()) {
    if (!account) continue;
    for (const [r, region] of REGIONS.entries()) {
      const ec2 = new EC2Client(clientConfig(endpoint, region, account.credentials));
      const cidr = `10.${10 + n}.${r}.0/24`;
      const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
      const vpcId = vpc.Vpc?.VpcId ?? '';
      const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }));
      const subnetId = subnet.Subnet?.SubnetId ?? '';
      // Any AMI moto ships for the region; its catalogue differs per region and version.
      const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
      const imageId = images.Images?.[0]?.ImageId ?? '';
      const run = await ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', SubnetId: subnetId }));
      seeded.vpcs.push({ account: account.id, region, id: vpcId, cidr });
      for (const instance of run.Instances ?? []) seeded.instances.push({ account: account.id, region, id: instance.InstanceId ?? '', vpcId, subnetId });
      ec2.destroy();

      const sqs = new SQSClient(clientConfig(endpoint, region, account.credentials));
      const queue = await sqs.send(new CreateQueueCommand({ QueueName: `canopy-${n}-${region}` }));
      seeded.queues.push({ account: account.id, region, url: queue.QueueUrl ?? '' });
      sqs.destroy();

      const s3 = new S3Client(clientConfig(endpoint, region, account.credentials));
      // Bucket names are global in S3 (and in moto), so each carries its account.
      const name = `canopy-moto-${account.id}-${region}`;
      await s3.send(new CreateBucketCommand({
        Bucket: name,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }));
      seeded.buckets.push({ account: account.id, region, name });
      s3.destroy();
    }
    const iam = new IAMClient(clientConfig(endpoint, 'us-east-1', account.credentials));
    for (const user of [`alice-${n}`, `bob-${n}`]) {
      await iam.send(new CreateUserCommand({ UserName: user }));
      seeded.users.push({ account: account.id, name: user });
    }
    iam.destroy();
  }
  return seeded;
}

function configText(endpoint: string, db: string): string {
  return orgConfigText({ endpoint, keys: ADMIN, db, regions: REGIONS });
}

type Row = Record<string, unknown>;

suite('independent check: org sync against moto', () => {
  let moto: MotoServer | undefined;
  let seeded: Seeded;
  let result: SourceResult | undefined;
  let sqlite: Database.Database;

  const rows = (table: string, where = '1 = 1', ...params: unknown[]): Row[] =>
    sqlite.prepare(`select * from ${table} where ${where}`).all(...params) as Row[];
  const accounts = (): SeededAccount[] => [seeded.management, ...seeded.members];

  beforeAll(async () => {
    moto = await startMoto();
    seeded = await seed(moto.endpoint);
    const db = join(mkdtempSync(join(tmpdir(), 'canopy-moto-')), 'inventory.db');
    const tables = TABLE_NAMES.map((name) => tableNamed(name) as Table);
    const config = parseConfig([{ file: 'config.yml', text: configText(moto.endpoint, db) }], {});
    [result] = await syncConfig(config, { tables });
    sqlite = new Database(db, { readonly: true });
  });

  afterAll(async () => {
    if (sqlite?.open) sqlite.close();
    await moto?.stop();
  });

  it('discovers the management account and both members and syncs every partition', () => {
    expect(result?.discovery.accounts.slice().sort()).toEqual(accounts().map((a) => a.id).sort());
    expect(result?.discovery.failed).toEqual([]);
    for (const r of result?.regions ?? []) expect(r.regions).toEqual([...REGIONS].sort());
    const bad = (result?.summary.partitions ?? []).filter((p) => p.status !== 'ok');
    expect(bad.map((p) => `${p.table} ${p.accountId} ${p.region}: ${p.code ?? ''} ${p.reason ?? ''}`)).toEqual([]);
  });

  it('has every VPC moto reports, default VPCs included, once with its account and region', async () => {
    for (const account of accounts()) {
      for (const region of REGIONS) {
        const ec2 = new EC2Client(clientConfig(moto?.endpoint ?? '', region, account.credentials));
        const expected = ((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).map((v) => v.VpcId).sort();
        ec2.destroy();
        const got = rows('aws_ec2_vpcs', 'account_id = ? and region = ?', account.id, region);
        expect(got.map((r) => r.vpc_id).sort()).toEqual(expected);
        // moto creates a default VPC in every account and region, as AWS does.
        expect(got.filter((r) => r.is_default === 1).length).toBe(1);
      }
    }
    for (const vpc of seeded.vpcs) {
      const got = rows('aws_ec2_vpcs', 'vpc_id = ?', vpc.id);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ account_id: vpc.account, region: vpc.region, cidr_block: vpc.cidr, arn: `arn:aws:ec2:${vpc.region}:${vpc.account}:vpc/${vpc.id}` });
    }
  });

  it('has each instance once, in its VPC and subnet, and nothing moto does not report', async () => {
    for (const account of accounts()) {
      for (const region of REGIONS) {
        const ec2 = new EC2Client(clientConfig(moto?.endpoint ?? '', region, account.credentials));
        const out = await ec2.send(new DescribeInstancesCommand({}));
        ec2.destroy();
        const expected = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId).sort();
        expect(rows('aws_ec2_instances', 'account_id = ? and region = ?', account.id, region).map((r) => r.instance_id).sort()).toEqual(expected);
      }
    }
    expect(seeded.instances.length).toBe(4);
    for (const instance of seeded.instances) {
      const got = rows('aws_ec2_instances', 'instance_id = ?', instance.id);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ account_id: instance.account, region: instance.region, vpc_id: instance.vpcId, subnet_id: instance.subnetId });
    }
  });

  it('has each bucket once, under its owner, located in its own region', async () => {
    for (const account of accounts()) {
      const s3 = new S3Client(clientConfig(moto?.endpoint ?? '', 'us-east-1', account.credentials));
      const expected = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).sort();
      s3.destroy();
      expect(rows('aws_s3_buckets', 'account_id = ?', account.id).map((r) => r.name).sort()).toEqual(expected);
    }
    expect(seeded.buckets.length).toBe(4);
    for (const bucket of seeded.buckets) {
      const got = rows('aws_s3_buckets', 'name = ?', bucket.name);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ account_id: bucket.account, region: bucket.region, arn: `arn:aws:s3:::${bucket.name}` });
    }
  });

  it('has each IAM user once per account (IAM is global: one partition per account)', async () => {
    for (const account of accounts()) {
      const iam = new IAMClient(clientConfig(moto?.endpoint ?? '', 'us-east-1', account.credentials));
      const expected = ((await iam.send(new ListUsersCommand({}))).Users ?? []).map((u) => u.Arn).sort();
      iam.destroy();
      expect(rows('aws_iam_users', 'account_id = ?', account.id).map((r) => r.arn).sort()).toEqual(expected);
    }
    for (const user of seeded.users) {
      const got = rows('aws_iam_users', 'user_name = ?', user.name);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ account_id: user.account, arn: `arn:aws:iam::${user.account}:user/${user.name}` });
    }
  });

  it('has each queue once with its account and region', async () => {
    for (const account of accounts()) {
      for (const region of REGIONS) {
        const sqs = new SQSClient(clientConfig(moto?.endpoint ?? '', region, account.credentials));
        const expected = ((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).slice().sort();
        sqs.destroy();
        expect(rows('aws_sqs_queues', 'account_id = ? and region = ?', account.id, region).map((r) => r.url).sort()).toEqual(expected);
      }
    }
    for (const queue of seeded.queues) {
      const got = rows('aws_sqs_queues', 'url = ?', queue.url);
      expect(got).toHaveLength(1);
      const name = queue.url.split('/').pop() ?? '';
      expect(got[0]).toMatchObject({ account_id: queue.account, region: queue.region, arn: `arn:aws:sqs:${queue.region}:${queue.account}:${name}` });
    }
  });

  it('lists the organization\'s accounts as the management account sees them', async () => {
    const org = new OrganizationsClient(clientConfig(moto?.endpoint ?? '', 'us-east-1', ADMIN));
    const expected = ((await org.send(new ListAccountsCommand({}))).Accounts ?? []).map((a) => a.Id).sort();
    org.destroy();
    expect(expected).toEqual(accounts().map((a) => a.id).sort());
    const got = rows('aws_organizations_accounts', 'request_account_id = ?', seeded.management.id);
    expect(got.map((r) => r.id).sort()).toEqual(expected);
    for (const row of got) expect(row.account_id).toBe(seeded.management.id);
    expect(got.find((r) => r.id === seeded.members[0]?.id)).toMatchObject({ name: 'workload-a', status: 'ACTIVE' });
    // moto differs from AWS here: a member's ListAccounts is answered from that account's own,
    // empty Organizations backend (200, no accounts) where AWS answers AccessDeniedException and
    // canopy skips the partition. Either way members contribute no rows, which is what is checked.
    for (const member of seeded.members) expect(rows('aws_organizations_accounts', 'request_account_id = ?', member.id)).toEqual([]);
  });
});
