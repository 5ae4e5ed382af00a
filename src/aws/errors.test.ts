import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { ClientPool } from './clients.js';
import { assumeRoleProvider, memoizeCredentials } from './credentials.js';
import { classifyError, errorCode, type ClassifiedError } from './errors.js';

let sandbox: Sandbox | undefined;
let pool: ClientPool | undefined;
afterEach(async () => {
  pool?.destroy();
  pool = undefined;
  await sandbox?.close();
  sandbox = undefined;
});

async function failure(run: () => Promise<unknown>): Promise<ClassifiedError> {
  try {
    await run();
  } catch (err) {
    return classifyError(err);
  }
  throw new Error('expected the call to fail');
}

function setup(s: Sandbox) {
  sandbox = s;
  pool = new ClientPool({ customEndpointUrl: s.endpoint, maxRetries: 0 });
  return pool;
}

function member(s: Sandbox, index: number) {
  const id = s.truth().organization.accounts[index]?.id ?? '';
  return { id, credentials: memoizeCredentials(async () => s.credentialsFor(id), 'static keys') };
}

describe('classifyError with real SDK errors from the sandbox', () => {
  it('throttled: ec2, query, json, rest-json and rest-xml codes with maxAttempts 1', async () => {
    const one = { burst: 1, refillPerSecond: 0 };
    const s = await startSandbox({ accounts: 2, throttling: { buckets: { ec2: one, iam: one, dynamodb: one, lambda: one, s3: one } } });
    const clients = setup(s);
    const account = member(s, 0);
    const calls: Array<() => Promise<unknown>> = [
      () => clients.client(account, 'us-east-1', EC2Client).send(new DescribeInstancesCommand({})),
      () => clients.client(account, 'us-east-1', IAMClient).send(new ListUsersCommand({})),
      () => clients.client(account, 'us-east-1', DynamoDBClient).send(new ListTablesCommand({})),
      () => clients.client(account, 'us-east-1', LambdaClient).send(new ListFunctionsCommand({})),
      () => clients.client(account, 'us-east-1', S3Client).send(new ListBucketsCommand({})),
    ];
    const codes: Array<string | undefined> = [];
    for (const call of calls) {
      await call();
      const c = await failure(call);
      expect(c).toMatchObject({ kind: 'throttled', action: 'retry' });
      codes.push(c.code);
    }
    expect(codes).toEqual(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'SlowDown']);
  });

  it('access-denied: UnauthorizedOperation, AccessDeniedException, AuthorizationError, AccessDenied', async () => {
    const s = await startSandbox({
      accounts: 3,
      throttling: false,
      faults: { accessDenied: ['ec2', 'dynamodb', 'sns', 's3'].map((service) => ({ account: 2, service })) },
    });
    const clients = setup(s);
    const account = member(s, 2);
    const results = [
      await failure(() => clients.client(account, 'us-east-1', EC2Client).send(new DescribeInstancesCommand({}))),
      await failure(() => clients.client(account, 'us-east-1', DynamoDBClient).send(new ListTablesCommand({}))),
      await failure(() => clients.client(account, 'us-east-1', SNSClient).send(new ListTopicsCommand({}))),
      await failure(() => clients.client(account, 'us-east-1', S3Client).send(new ListBucketsCommand({}))),
    ];
    expect(results.map((r) => [r.kind, r.action, r.code])).toEqual([
      ['access-denied', 'skip-partition', 'UnauthorizedOperation'],
      ['access-denied', 'skip-partition', 'AccessDeniedException'],
      ['access-denied', 'skip-partition', 'AuthorizationError'],
      ['access-denied', 'skip-partition', 'AccessDenied'],
    ]);
    expect(results[0]?.reason).toBe('access denied (UnauthorizedOperation)');
  });

  it('not-opted-in: the per-protocol auth failures of a region the account has not enabled', async () => {
    const s = await startSandbox({ accounts: 3, regions: ['us-east-1', 'af-south-1'], throttling: false, faults: { notOptedIn: [{ account: 1, region: 'af-south-1' }] } });
    const clients = setup(s);
    const account = member(s, 1);
    const results = [
      await failure(() => clients.client(account, 'af-south-1', EC2Client).send(new DescribeInstancesCommand({}))),
      await failure(() => clients.client(account, 'af-south-1', DynamoDBClient).send(new ListTablesCommand({}))),
      await failure(() => clients.client(account, 'af-south-1', SNSClient).send(new ListTopicsCommand({}))),
    ];
    expect(results.map((r) => [r.kind, r.code])).toEqual([
      ['not-opted-in', 'AuthFailure'],
      ['not-opted-in', 'UnrecognizedClientException'],
      ['not-opted-in', 'InvalidClientTokenId'],
    ]);
    expect(results.every((r) => r.action === 'skip-partition')).toBe(true);
  });

  it('expired-credentials: RequestExpired, ExpiredTokenException, ExpiredToken; one refresh fixes it', async () => {
    const s = await startSandbox({ accounts: 2, throttling: false, faults: { expireCredentialsAfterSeconds: 0.3 } });
    const clients = setup(s);
    const root = memoizeCredentials(async () => s.credentials, 'static keys');
    const role = assumeRoleProvider({ roleArn: `arn:aws:iam::${s.managementAccountId}:role/CanopyReadOnly` }, root, { endpoint: { customEndpointUrl: s.endpoint } });
    const account = { id: s.managementAccountId, credentials: role };
    const ec2 = () => clients.client(account, 'us-east-1', EC2Client).send(new DescribeInstancesCommand({}));
    await ec2();
    await new Promise((r) => setTimeout(r, 400));
    const results = [
      await failure(ec2),
      await failure(() => clients.client(account, 'us-east-1', DynamoDBClient).send(new ListTablesCommand({}))),
      await failure(() => clients.client(account, 'us-east-1', SNSClient).send(new ListTopicsCommand({}))),
    ];
    expect(results.map((r) => [r.kind, r.action, r.code])).toEqual([
      ['expired-credentials', 'refresh-credentials', 'RequestExpired'],
      ['expired-credentials', 'refresh-credentials', 'ExpiredTokenException'],
      ['expired-credentials', 'refresh-credentials', 'ExpiredToken'],
    ]);
    await role.refresh();
    await expect(ec2()).resolves.toBeTruthy();
  });

  it('not-found: NoSuchEntity (query) and ResourceNotFoundException (json) skip the item', async () => {
    const s = await startSandbox({ accounts: 2, throttling: false });
    const clients = setup(s);
    const account = member(s, 0);
    const results = [
      await failure(() => clients.client(account, 'us-east-1', IAMClient).send(new GetRoleCommand({ RoleName: 'no-such-role' }))),
      await failure(() => clients.client(account, 'us-east-1', DynamoDBClient).send(new DescribeTableCommand({ TableName: 'no-such-table' }))),
    ];
    expect(results.map((r) => [r.kind, r.action, r.code])).toEqual([
      ['not-found', 'skip-item', 'NoSuchEntity'],
      ['not-found', 'skip-item', 'ResourceNotFoundException'],
    ]);
  });
});

describe('classifyError rules', () => {
  const sdkError = (name: string, status = 400, message = 'boom') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('ignore_error_codes extends the skip set, with globs, but not-found stays skip-item', () => {
    const options = { ignoreErrorCodes: ['InvalidParameterValue', 'Custom*'] };
    expect(classifyError(sdkError('InvalidParameterValue'), options)).toMatchObject({ kind: 'ignored', action: 'skip-partition' });
    expect(classifyError(sdkError('CustomThing'), options)).toMatchObject({ kind: 'ignored' });
    expect(classifyError(sdkError('InvalidParameterValue'))).toMatchObject({ kind: 'failed', action: 'fail' });
    expect(classifyError(sdkError('NoSuchBucket'), { ignoreErrorCodes: ['*'] })).toMatchObject({ kind: 'not-found' });
  });

  it('covers the codes CloudQuery and Steampipe skip', () => {
    const kinds = Object.fromEntries(
      ['OptInRequired', 'SubscriptionRequiredException', 'InvalidAction', 'AWSOrganizationsNotInUseException', 'InvalidInstanceID.NotFound', 'NonExistentQueue', 'InsufficientPrivilegesException', 'InvalidAMIID.Unavailable'].map((code) => [code, classifyError(sdkError(code)).kind]),
    );
    expect(kinds).toEqual({
      OptInRequired: 'not-opted-in',
      SubscriptionRequiredException: 'not-opted-in',
      InvalidAction: 'service-unavailable-in-region',
      AWSOrganizationsNotInUseException: 'service-unavailable-in-region',
      'InvalidInstanceID.NotFound': 'not-found',
      NonExistentQueue: 'not-found',
      InsufficientPrivilegesException: 'access-denied',
      'InvalidAMIID.Unavailable': 'not-found',
    });
    expect(classifyError(sdkError('Whatever', 429)).kind).toBe('throttled');
  });

  it('treats a missing DNS name of an AWS endpoint as a service absent from the region', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND foo.ap-south-2.amazonaws.com'), { code: 'ENOTFOUND' });
    expect(classifyError(dns)).toMatchObject({ kind: 'service-unavailable-in-region', code: 'ENOTFOUND' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(classifyError(refused)).toMatchObject({ kind: 'failed', code: 'ECONNREFUSED' });
    expect(errorCode('text')).toBeUndefined();
  });

  it('never quotes a secret or key id in a reason', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY0';
    const err = sdkError('SomethingOdd', 500, `bad key AKIAIOSFODNN7EXAMPLE secret ${secret}`);
    const { reason } = classifyError(err);
    expect(reason).not.toContain(secret);
    expect(reason).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(reason).toMatch(/^failed \(SomethingOdd\): bad key <key-id> secret <redacted>$/);
  });
});
