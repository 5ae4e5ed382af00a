import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serviceModels } from '../src/models/index.js';
import { startSandbox } from '../src/sandbox/index.js';

/** A port that is free now, so two sandboxes in turn can serve on the same one (SQS URLs carry it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

type Call = [service: string, method: string, path: string, body: string];

const form = (action: string, version: string, extra = '') => `Action=${action}&Version=${version}${extra}`;
const calls: Call[] = [
  ['ec2', 'POST', '/', form('DescribeInstances', '2016-11-15', '&MaxResults=5')],
  ['ec2', 'POST', '/', form('DescribeVpcs', '2016-11-15')],
  ['ec2', 'POST', '/', form('DescribeRegions', '2016-11-15', '&AllRegions=true')],
  ['ec2', 'POST', '/', form('DescribeSecurityGroups', '2016-11-15', '&MaxResults=5')],
  ['iam', 'POST', '/', form('ListUsers', '2010-05-08')],
  ['iam', 'POST', '/', form('ListRoles', '2010-05-08', '&MaxItems=5')],
  ['iam', 'POST', '/', form('GetAccountAuthorizationDetails', '2010-05-08', '&MaxItems=5')],
  ['sts', 'POST', '/', form('GetCallerIdentity', '2011-06-15')],
  ['rds', 'POST', '/', form('DescribeDBInstances', '2014-10-31')],
  ['sns', 'POST', '/', form('ListTopics', '2010-03-31')],
  ['s3', 'GET', '/', ''],
  ['lambda', 'GET', '/2015-03-31/functions?MaxItems=5', ''],
  ['eks', 'GET', '/clusters', ''],
  ['dynamodb', 'POST', '/', '{}'],
  ['sqs', 'POST', '/', '{"MaxResults": 5}'],
  ['kms', 'POST', '/', '{}'],
  ['ecs', 'POST', '/', '{}'],
  ['cloudtrail', 'POST', '/', '{}'],
  ['organizations', 'POST', '/', '{}'],
];

const jsonOperation: Record<string, string> = {
  dynamodb: 'ListTables',
  sqs: 'ListQueues',
  kms: 'ListKeys',
  ecs: 'ListClusters',
  cloudtrail: 'DescribeTrails',
  organizations: 'ListAccounts',
};

async function responses(seed: number, port: number): Promise<string[]> {
  const sandbox = await startSandbox({ accounts: 4, scale: 3000, seed, port, throttling: false });
  try {
    const out: string[] = [];
    for (const [service, method, path, body] of calls) {
      const model = serviceModels[service];
      const headers: Record<string, string> = {
        // No pooled connection may outlive one sandbox and meet the next on the same port.
        connection: 'close',
        authorization: `AWS4-HMAC-SHA256 Credential=${sandbox.credentials.accessKeyId}/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      };
      if (model?.metadata.protocol === 'json') {
        headers['x-amz-target'] = `${model.metadata.targetPrefix}.${jsonOperation[service]}`;
        headers['content-type'] = `application/x-amz-json-${model.metadata.jsonVersion}`;
      } else if (method === 'POST') {
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      const res = await fetch(`${sandbox.endpoint}${path}`, { method, headers, body: method === 'GET' ? undefined : body });
      const kept = [...res.headers.entries()].filter(([k]) => k !== 'connection' && k !== 'keep-alive');
      out.push(`${service} ${res.status} ${JSON.stringify(kept)}\n${await res.text()}`);
    }
    return out;
  } finally {
    await sandbox.close();
  }
}

describe('sandbox determinism', () => {
  it('answers every service byte for byte the same under the same seed, and differently under another', async () => {
    const port = await freePort();
    const first = await responses(42, port);
    expect(first.filter((r) => !/ 200 /.test(r.split('\n')[0] ?? '')).map((r) => r.slice(0, 300))).toEqual([]);
    expect(await responses(42, port)).toEqual(first);
    const other = await responses(43, port);
    const differing = other.filter((r, i) => r !== first[i]);
    // Every answer names seed-derived ids, keys or request ids, so each one changes with the seed.
    expect(differing).toHaveLength(calls.length);
  });
});
