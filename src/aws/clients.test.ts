import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { ClientPool } from './clients.js';
import { memoizeCredentials } from './credentials.js';
import { endpointClientConfig } from './endpoint.js';
import { BoundedBackoff, resolveRetryOptions } from './retry.js';
import { resolveRegions } from './regions.js';

let sandbox: Sandbox | undefined;
let pool: ClientPool | undefined;
afterEach(async () => {
  pool?.destroy();
  pool = undefined;
  await sandbox?.close();
  sandbox = undefined;
});

function account(s: Sandbox, index = 0) {
  const id = s.truth().organization.accounts[index]?.id ?? '';
  return { id, defaultRegion: 'us-east-1', regions: undefined as string[] | undefined, credentials: memoizeCredentials(async () => s.credentialsFor(id), 'static keys') };
}

describe('ClientPool', () => {
  it('creates clients lazily per (account, region, class) and reuses them; logs no secrets', async () => {
    sandbox = await startSandbox({ accounts: 2, throttling: false });
    const lines: string[] = [];
    pool = new ClientPool({ customEndpointUrl: sandbox.endpoint, log: (level, message, fields) => void lines.push(`${level} ${message} ${JSON.stringify(fields)}`) });
    const a = account(sandbox);
    const ec2 = pool.client(a, 'us-east-1', EC2Client);
    expect(pool.client(a, 'us-east-1', EC2Client)).toBe(ec2);
    expect(pool.client(a, 'eu-west-1', EC2Client)).not.toBe(ec2);
    expect(pool.client(a, 'us-east-1', IAMClient)).not.toBe(ec2);
    expect(pool.size).toBe(3);
    await ec2.send(new DescribeInstancesCommand({}));
    expect(await ec2.config.credentials()).toMatchObject({ accessKeyId: sandbox.credentialsFor(a.id).accessKeyId });
    // The account's provider is used as is (no per-client wrapper around it).
    expect(pool.client(a, 'eu-west-1', EC2Client).config.region).toBeTypeOf('function');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain(sandbox.credentialsFor(a.id).secretAccessKey);
    // A new provider for the account (the next sync's discovery) rebuilds its clients.
    const next = { ...a, credentials: memoizeCredentials(async () => sandbox?.credentialsFor(a.id) ?? { accessKeyId: '', secretAccessKey: '' }, 'static keys') };
    const rebuilt = pool.client(next, 'us-east-1', EC2Client);
    expect(rebuilt).not.toBe(ec2);
    await rebuilt.send(new DescribeInstancesCommand({}));
    expect(pool.createdCount).toBe(4);
  });

  it("releases an account's clients of one class in every region, and only those", () => {
    pool = new ClientPool({ customEndpointUrl: 'http://127.0.0.1:1' });
    const creds = memoizeCredentials(async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }), 'static keys');
    const a = { id: '111111111111', credentials: creds };
    const b = { id: '222222222222', credentials: creds };
    const ec2 = pool.client(a, 'us-east-1', EC2Client);
    pool.client(a, 'eu-west-1', EC2Client);
    const iam = pool.client(a, 'us-east-1', IAMClient);
    const other = pool.client(b, 'us-east-1', EC2Client);
    pool.release(a.id, EC2Client);
    expect(pool.size).toBe(2);
    expect(pool.client(a, 'us-east-1', IAMClient)).toBe(iam);
    expect(pool.client(b, 'us-east-1', EC2Client)).toBe(other);
    // A released client is made anew if the account calls again.
    expect(pool.client(a, 'us-east-1', EC2Client)).not.toBe(ec2);
  });

  it('retries throttling within max_retries and max_backoff until the call goes through', async () => {
    sandbox = await startSandbox({ accounts: 2, throttling: { buckets: { ec2: { burst: 1, refillPerSecond: 5 } } } });
    pool = new ClientPool({ customEndpointUrl: sandbox.endpoint, maxRetries: 6, maxBackoffSeconds: 0.3, minErrorRetryDelayMs: 50 });
    const ec2 = pool.client(account(sandbox), 'us-east-1', EC2Client);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await ec2.send(new DescribeInstancesCommand({})));
    expect(sandbox.stats().totals.throttles).toBeGreaterThan(0);
    expect(answers.every((a) => Array.isArray(a.Reservations))).toBe(true);
  });
});

describe('ClientPool: settings from the environment and shared files', () => {
  it('resolves them once, through the first client, and still applies them to every later client', async () => {
    const saved = { fips: process.env.AWS_USE_FIPS_ENDPOINT, appId: process.env.AWS_SDK_UA_APP_ID };
    process.env.AWS_USE_FIPS_ENDPOINT = 'true';
    process.env.AWS_SDK_UA_APP_ID = 'canopy-test-app';
    try {
      const credentials = memoizeCredentials(async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), 'static keys');
      pool = new ClientPool({ customEndpointUrl: 'http://127.0.0.1:1' });
      const first = pool.client({ id: '1', credentials }, 'us-east-1', EC2Client);
      const later = [pool.client({ id: '2', credentials }, 'eu-west-1', EC2Client), pool.client({ id: '1', credentials }, 'us-east-1', IAMClient)];
      for (const client of later) {
        // The pool's memoised providers: the env/ini chain is not walked again per client.
        expect(client.config.useDualstackEndpoint).toBe(first.config.useDualstackEndpoint);
        expect(client.config.authSchemePreference).toBe(first.config.authSchemePreference);
        expect(await client.config.useFipsEndpoint()).toBe(true);
        expect(await client.config.userAgentAppId()).toBe('canopy-test-app');
      }
    } finally {
      for (const [key, value] of [['AWS_USE_FIPS_ENDPOINT', saved.fips], ['AWS_SDK_UA_APP_ID', saved.appId]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('ClientPool: the SDK logger', () => {
  const hasLoggerMiddleware = (client: EC2Client) => client.middlewareStack.identify().some((m) => m.startsWith('loggerMiddleware'));

  it('leaves the SDK\'s log middleware out without aws_debug, and keeps it (with the output) with it', async () => {
    sandbox = await startSandbox({ accounts: 2, throttling: false });
    pool = new ClientPool({ customEndpointUrl: sandbox.endpoint });
    const a = account(sandbox);
    expect(hasLoggerMiddleware(pool.client(a, 'us-east-1', EC2Client))).toBe(false);
    expect(hasLoggerMiddleware(pool.client(a, 'eu-west-1', EC2Client))).toBe(false);
    const logged: unknown[] = [];
    const sdkLogger = { debug: () => undefined, info: (entry: unknown) => void logged.push(entry), warn: () => undefined, error: () => undefined };
    const debugging = new ClientPool({ customEndpointUrl: sandbox.endpoint, sdkLogger });
    try {
      const ec2 = debugging.client(a, 'us-east-1', EC2Client);
      expect(hasLoggerMiddleware(ec2)).toBe(true);
      await ec2.send(new DescribeInstancesCommand({}));
      expect(logged).toEqual([expect.objectContaining({ commandName: 'DescribeInstancesCommand', output: expect.objectContaining({ Reservations: expect.any(Array) }) })]);
    } finally {
      debugging.destroy();
    }
  });
});

describe('retry and endpoint options', () => {
  it('maxAttempts is max_retries + 1; delays stay within [min, max] whatever the base', () => {
    expect(resolveRetryOptions({ maxRetries: 3 }).maxAttempts).toBe(4);
    expect(resolveRetryOptions().maxAttempts).toBe(11);
    const high = new BoundedBackoff(25, 2_000, () => 0.999);
    high.setDelayBase(1_000);
    expect([0, 1, 5, 20].map((n) => high.computeNextBackoffDelay(n))).toEqual([999, 1998, 1998, 1998]);
    const low = new BoundedBackoff(25, 2_000, () => 0);
    expect(low.computeNextBackoffDelay(3)).toBe(25);
  });

  it('maps custom_endpoint_* onto the client config', () => {
    expect(endpointClientConfig({}, 'eu-west-1')).toEqual({ region: 'eu-west-1' });
    expect(endpointClientConfig({ customEndpointUrl: 'http://localhost:4566', customEndpointHostnameImmutable: true, customEndpointSigningRegion: 'us-east-1' }, 'eu-west-1')).toEqual({
      region: 'us-east-1',
      endpoint: 'http://localhost:4566',
      forcePathStyle: true,
      disableHostPrefix: true,
    });
  });

  it('S3 through a hostname-immutable endpoint keeps the host (path style)', async () => {
    sandbox = await startSandbox({ accounts: 2, throttling: false });
    pool = new ClientPool({ customEndpointUrl: sandbox.endpoint, customEndpointHostnameImmutable: true });
    const s3 = pool.client(account(sandbox), 'us-east-1', S3Client);
    expect(await s3.config.forcePathStyle).toBe(true);
  });
});

describe('resolveRegions', () => {
  it("gives a member with a not-opted-in region only its enabled ones, and reports the configured one it lacks", async () => {
    sandbox = await startSandbox({ accounts: 3, regions: ['us-east-1', 'eu-west-1', 'af-south-1'], throttling: false, faults: { notOptedIn: [{ account: 1, region: 'af-south-1' }] } });
    pool = new ClientPool({ customEndpointUrl: sandbox.endpoint });
    const truth = sandbox.truth().organization.accounts;
    const member = account(sandbox, 1);
    const all = await resolveRegions(member, pool);
    expect(all.regions).toEqual([...(truth[1]?.enabledRegions ?? [])].sort());
    expect(all.regions).toEqual(['eu-west-1', 'us-east-1']);
    const filtered = await resolveRegions({ ...member, regions: ['af-south-1', 'us-*'] }, pool);
    expect(filtered.regions).toEqual(['us-east-1']);
    expect(filtered.notEnabled).toEqual([{ region: 'af-south-1', status: 'not-opted-in' }]);
    const other = await resolveRegions({ ...account(sandbox, 2), regions: ['*'] }, pool);
    expect(other.regions).toEqual([...(truth[2]?.enabledRegions ?? [])].sort());
    expect(other.regions).toEqual(['af-south-1', 'eu-west-1', 'us-east-1']);
  });
});
