import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { ClientPool } from './clients.js';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { assumeRoleProvider, createCredentialProvider, memoizeCredentials, type CredentialProvider } from './credentials.js';
import { AwsSetupError } from './errors.js';

let sandbox: Sandbox;
let pool: ClientPool;
beforeAll(async () => {
  sandbox = await startSandbox({ accounts: 3, throttling: false });
  pool = new ClientPool({ customEndpointUrl: sandbox.endpoint });
});
afterAll(async () => {
  pool.destroy();
  await sandbox.close();
});

/** Sets env vars for the duration of `body` and restores every one of them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

const cleanEnv = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_ENDPOINT_URL_STS: undefined,
  AWS_REGION: undefined,
};

async function whoAmI(credentials: CredentialProvider, endpoint: string | undefined = sandbox.endpoint) {
  const sts = new STSClient({ region: 'us-east-1', credentials, ...(endpoint ? { endpoint } : {}) });
  try {
    return await sts.send(new GetCallerIdentityCommand({}));
  } finally {
    sts.destroy();
  }
}

describe('memoizeCredentials', () => {
  const keys = (n: number, expiresInMs?: number, now = 0): AwsCredentialIdentity => ({
    accessKeyId: `key-${n}`,
    secretAccessKey: 'secret',
    ...(expiresInMs === undefined ? {} : { expiration: new Date(now + expiresInMs) }),
  });

  it('fetches once for concurrent callers and keeps keys without expiry', async () => {
    let calls = 0;
    const provider = memoizeCredentials(async () => keys(++calls), 'test');
    const all = await Promise.all([provider(), provider(), provider()]);
    expect(all.map((k) => k.accessKeyId)).toEqual(['key-1', 'key-1', 'key-1']);
    expect((await provider()).accessKeyId).toBe('key-1');
    expect(provider.memoized).toBe(true);
  });

  it('refreshes in the background inside the window, and waits once the keys expired', async () => {
    let clock = 0;
    let calls = 0;
    const provider = memoizeCredentials(async () => keys(++calls, 600_000, clock), 'test', { now: () => clock });
    expect((await provider()).accessKeyId).toBe('key-1');
    clock = 200_000; // 400 s left: outside the 300 s window
    expect((await provider()).accessKeyId).toBe('key-1');
    expect(calls).toBe(1);
    clock = 400_000; // 200 s left: the current keys are served while new ones are fetched
    expect((await provider()).accessKeyId).toBe('key-1');
    await new Promise((r) => setImmediate(r));
    expect((await provider()).accessKeyId).toBe('key-2');
    clock = 2_000_000; // long expired: callers wait for fresh keys
    expect((await provider()).accessKeyId).toBe('key-3');
  });

  it('refresh() forces one fetch shared by callers that ask together', async () => {
    let calls = 0;
    const provider = memoizeCredentials(async () => keys(++calls), 'test');
    await provider();
    const [a, b] = await Promise.all([provider.refresh(), provider.refresh()]);
    expect([a.accessKeyId, b.accessKeyId, calls]).toEqual(['key-2', 'key-2', 2]);
    expect((await provider.refresh()).accessKeyId).toBe('key-2'); // debounced
  });
});

describe('createCredentialProvider against the sandbox', () => {
  it('static keys; half a key pair is a setup error that quotes no secret', async () => {
    const keys = sandbox.credentialsFor(sandbox.managementAccountId);
    expect((await whoAmI(createCredentialProvider({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }))).Account).toBe(sandbox.managementAccountId);
    const half = () => createCredentialProvider({ id: 'x', secretAccessKey: keys.secretAccessKey });
    expect(half).toThrow(AwsSetupError);
    expect(half).toThrow(/access_key_id and secret_access_key must be set together/);
    try {
      half();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(keys.secretAccessKey);
    }
  });

  it('local_profile reads the shared files, the credentials file winning over the config file', async () => {
    const [, first, second] = sandbox.truth().organization.accounts;
    const a = sandbox.credentialsFor(first?.id ?? '');
    const b = sandbox.credentialsFor(second?.id ?? '');
    const dir = mkdtempSync(join(tmpdir(), 'canopy-aws-'));
    try {
      const credentialsFile = join(dir, 'credentials');
      const configFile = join(dir, 'config');
      writeFileSync(credentialsFile, `[team]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`);
      writeFileSync(
        configFile,
        `[profile team]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n[profile other]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n`,
      );
      await withEnv({ ...cleanEnv, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: configFile }, async () => {
        expect((await whoAmI(createCredentialProvider({ localProfile: 'team' }))).Account).toBe(first?.id);
        expect((await whoAmI(createCredentialProvider({ localProfile: 'other' }))).Account).toBe(second?.id);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('assumes role_arn with session name and external id from the default chain, through AWS_ENDPOINT_URL', async () => {
    const member = sandbox.truth().organization.accounts[1]?.id ?? '';
    const { accessKeyId, secretAccessKey } = sandbox.credentials;
    await withEnv({ ...cleanEnv, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_ENDPOINT_URL: sandbox.endpoint }, async () => {
      const provider = createCredentialProvider({ roleArn: `arn:aws:iam::${member}:role/CanopyReadOnly`, roleSessionName: 'ops', externalId: 'ext-1' });
      expect(provider.description).toBe(`role arn:aws:iam::${member}:role/CanopyReadOnly via default credential chain`);
      // No endpoint passed anywhere: both the inner STS client and this one follow AWS_ENDPOINT_URL.
      const who = await whoAmI(provider, undefined);
      expect(who.Arn).toBe(`arn:aws:sts::${member}:assumed-role/CanopyReadOnly/ops`);
    });
    expect(process.env.AWS_ENDPOINT_URL).toBeUndefined();
  });

  it('one provider per account serves every client and region with one AssumeRole', async () => {
    const member = sandbox.truth().organization.accounts[2]?.id ?? '';
    const { accessKeyId, secretAccessKey } = sandbox.credentials;
    const provider = createCredentialProvider(
      { accessKeyId, secretAccessKey, roleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole` },
      { endpoint: { customEndpointUrl: sandbox.endpoint } },
    );
    sandbox.resetStats();
    const account = { id: member, credentials: provider };
    const regions = ['us-east-1', 'eu-west-1'];
    await Promise.all(regions.map((r) => pool.client(account, r, STSClient).send(new GetCallerIdentityCommand({}))));
    await Promise.all(regions.map((r) => pool.client(account, r, STSClient).send(new GetCallerIdentityCommand({}))));
    const stsCalls = sandbox.stats().rows.filter((row) => row.service === 'sts' && row.accountId === sandbox.managementAccountId);
    expect(stsCalls.reduce((n, row) => n + row.calls, 0)).toBe(1);
  });
});

describe('assumeRoleProvider with an injected STS client', () => {
  const parent = memoizeCredentials(async () => ({ accessKeyId: 'parent', secretAccessKey: 'secret' }), 'static keys');

  it('asks the context for the client of its parent and region, sends AssumeRole there and maps the keys', async () => {
    const sent: AssumeRoleCommandInput[] = [];
    const asked: Array<[CredentialProvider, string]> = [];
    const expiration = new Date(Date.now() + 3_600_000);
    const provider = assumeRoleProvider({ roleArn: 'arn:aws:iam::111111111111:role/R', externalId: 'ext', region: 'eu-west-1' }, parent, {
      assumeRoleClient: (p, region) => {
        asked.push([p, region]);
        return async (input) => {
          sent.push(input);
          return { Credentials: { AccessKeyId: 'AK', SecretAccessKey: 'SK', SessionToken: 'ST', Expiration: expiration }, $metadata: {} };
        };
      },
    });
    expect(await provider()).toEqual({ accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST', expiration });
    expect(await provider()).toMatchObject({ accessKeyId: 'AK' });
    expect(asked).toEqual([[parent, 'eu-west-1']]);
    expect(sent).toEqual([{ RoleArn: 'arn:aws:iam::111111111111:role/R', RoleSessionName: 'canopy', ExternalId: 'ext' }]);
  });

  it('fails when STS answers without keys', async () => {
    const provider = assumeRoleProvider({ roleArn: 'arn:aws:iam::111111111111:role/R' }, parent, { assumeRoleClient: () => async () => ({ $metadata: {} }) });
    await expect(provider()).rejects.toThrow(/returned no credentials/);
  });
});
