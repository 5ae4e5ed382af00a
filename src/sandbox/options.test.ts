import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/yaml-source.js';
import { startSandbox } from './index.js';
import { resolveOptions } from './options.js';

function scenario(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'canopy-scenario-')), name);
  writeFileSync(file, text);
  return file;
}

describe('sandbox options', () => {
  it('applies AWS-like defaults', () => {
    const options = resolveOptions();
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      seed: 1,
      accounts: 4,
      suspendedAccounts: 0,
      regions: ['us-east-1', 'eu-west-1'],
      throttling: { enabled: true, buckets: {} },
      faults: { errorRate: 0, accessDenied: [], notOptedIn: [] },
    });
    expect(resolveOptions({ accounts: 41 }).suspendedAccounts).toBe(2);
  });

  it('reads a YAML scenario, and explicit options win over it', async () => {
    const file = scenario(
      'scenario.yml',
      [
        'accounts: 5',
        'regions: [us-east-1, eu-west-1]',
        'scale: 300',
        'seed: 9',
        'latency: { fixedMs: 1 }',
        'throttling:',
        '  buckets:',
        '    ec2: { burst: 5, refillPerSecond: 1 }',
        'faults:',
        '  notOptedIn: [{ account: 2, region: eu-west-1 }]',
        '  accessDenied: [{ account: 1, service: ec2 }]',
        '',
      ].join('\n'),
    );
    const options = resolveOptions({ scenario: file, scale: 100 });
    expect(options).toMatchObject({ accounts: 5, scale: 100, seed: 9, latency: { fixedMs: 1, jitterMs: 0 } });
    expect(options.throttling.buckets.ec2).toEqual({ burst: 5, refillPerSecond: 1 });
    const sandbox = await startSandbox({ scenario: file });
    try {
      const accounts = sandbox.truth().organization.accounts;
      expect(accounts).toHaveLength(5);
      expect(accounts[2]?.enabledRegions).toEqual(['us-east-1']);
      expect(accounts[1]?.enabledRegions).toEqual(['us-east-1', 'eu-west-1']);
    } finally {
      await sandbox.close();
    }
  });

  it('merges explicit faults into the scenario\'s instead of replacing them', () => {
    const file = scenario('faults.yml', 'faults:\n  accessDenied: [{ account: 1, service: ec2 }]\nthrottling:\n  buckets:\n    ec2: { burst: 5, refillPerSecond: 1 }\n');
    const options = resolveOptions({ scenario: file, faults: { errorRate: 0.25 }, throttling: { buckets: { s3: { burst: 9, refillPerSecond: 9 } } } });
    expect(options.faults).toMatchObject({ errorRate: 0.25, accessDenied: [{ account: 1, service: 'ec2' }] });
    expect(options.throttling.buckets).toEqual({ ec2: { burst: 5, refillPerSecond: 1 }, s3: { burst: 9, refillPerSecond: 9 } });
  });

  it('names an unknown service in a scenario', () => {
    const file = scenario('svc.yml', 'faults:\n  accessDenied: [{ account: 1, service: ec3 }]\n');
    expect(() => resolveOptions({ scenario: file })).toThrow(`${file}:2: faults.accessDenied[0].service: expected one of`);
  });

  it('reads JSON scenarios too', () => {
    const file = scenario('scenario.json', '{ "accounts": 7, "faults": { "errorRate": 0.5 } }');
    expect(resolveOptions({ scenario: file })).toMatchObject({ accounts: 7, faults: { errorRate: 0.5 } });
  });

  it('rejects a scenario naming an account the organization lacks', async () => {
    const file = scenario('bad.yml', 'accounts: 3\nfaults:\n  accessDenied: [{ account: 7, service: ec2 }]\n');
    await expect(startSandbox({ scenario: file })).rejects.toThrow('account #7, but the organization has 3');
  });

  it('rejects bad values with the file, line and key', () => {
    const file = scenario('bad.yml', 'accounts: 3\nregions: [us-east-1, moon-1]\n');
    expect(() => resolveOptions({ scenario: file })).toThrow(ConfigError);
    expect(() => resolveOptions({ scenario: file })).toThrow(`${file}:2: regions[1]: not an AWS region the sandbox knows`);
  });

  it('shapes the CloudTrail event stream from a scenario, with defaults of 6 an hour over 24 hours', async () => {
    expect(resolveOptions()).toMatchObject({ eventsPerHour: 6, eventHistoryHours: 24 });
    const file = scenario('events.yml', 'eventsPerHour: 2\neventHistoryHours: 3\n');
    expect(resolveOptions({ scenario: file })).toMatchObject({ eventsPerHour: 2, eventHistoryHours: 3 });
    const start = Date.UTC(2025, 3, 1, 12);
    const sandbox = await startSandbox({ scenario: file, eventsPerHour: 4, accounts: 1, now: () => new Date(start) });
    try {
      expect(sandbox.truth().events).toMatchObject({ perHour: 4, historyStart: new Date(start - 3 * 3_600_000).toISOString() });
      const counted = sandbox.truth().events.count(sandbox.managementAccountId, 'us-east-1');
      expect(counted === 12 || counted === 13).toBe(true);
    } finally {
      await sandbox.close();
    }
    const bad = scenario('bad-events.yml', 'eventsPerHour: -1\n');
    expect(() => resolveOptions({ scenario: bad })).toThrow(`${bad}:1: eventsPerHour`);
    expect(() => resolveOptions({ eventsPerHour: 1.5 })).toThrow();
  });

  it('adds the configured latency to every call', async () => {
    const sandbox = await startSandbox({ accounts: 2, throttling: false, latency: { fixedMs: 120, jitterMs: 0 } });
    try {
      const client = new STSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentials });
      await client.send(new GetCallerIdentityCommand({}));
      const started = performance.now();
      await client.send(new GetCallerIdentityCommand({}));
      // A lower bound only: noise can make a call slower, never faster than the injected latency.
      expect(performance.now() - started).toBeGreaterThanOrEqual(119);
    } finally {
      await sandbox.close();
    }
  });
});
