import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { startSandbox } from './index.js';

const START = Date.UTC(2025, 1, 3, 8, 0, 0);

describe('the sandbox clock', () => {
  it('starts at the injected time and moves only as far as advanceClock() says', async () => {
    const sandbox = await startSandbox({ accounts: 2, throttling: false, now: () => new Date(START) });
    try {
      expect(sandbox.now().getTime()).toBe(START);
      expect(sandbox.advanceClock(90_000).getTime()).toBe(START + 90_000);
      expect(sandbox.now().getTime()).toBe(START + 90_000);
      expect(() => sandbox.advanceClock(-1)).toThrow(/only moves forward/);
    } finally {
      await sandbox.close();
    }
  });

  it('issues temporary credentials on its time, and expires them when it has moved past their lifetime', async () => {
    const sandbox = await startSandbox({ accounts: 3, throttling: false, now: () => new Date(START) });
    try {
      const member = sandbox.truth().organization.accounts[1]?.id ?? '';
      const sts = new STSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentials, maxAttempts: 1 });
      const roleArn = `arn:aws:iam::${member}:role/CanopyReadOnly`;
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'clock', DurationSeconds: 900 }));
      expect(assumed.Credentials?.Expiration?.getTime()).toBe(START + 900_000);
      const { AccessKeyId = '', SecretAccessKey = '', SessionToken = '' } = assumed.Credentials ?? {};
      // No Expiration: the SDK would judge it by the real clock, and the point is that only the sandbox's counts.
      const session = new STSClient({
        endpoint: sandbox.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken },
        maxAttempts: 1,
      });
      sandbox.advanceClock(899_000);
      await expect(session.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: member });
      sandbox.advanceClock(1_000);
      await expect(session.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
    } finally {
      await sandbox.close();
    }
  });

  it('runs on real time when no clock is injected', async () => {
    const before = Date.now();
    const sandbox = await startSandbox({ accounts: 1, throttling: false });
    try {
      expect(sandbox.now().getTime()).toBeGreaterThanOrEqual(before);
      expect(sandbox.now().getTime()).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(sandbox.truth().events.historyStart)).toBeLessThanOrEqual(before - 24 * 3_600_000 + 1000);
    } finally {
      await sandbox.close();
    }
  });
});
