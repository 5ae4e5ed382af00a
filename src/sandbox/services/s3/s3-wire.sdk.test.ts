import http from 'node:http';
import type { LookupFunction } from 'node:net';
import {
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  S3Client,
  type Bucket,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../index.js';
import { clientConfig, sdkSandboxOptions } from '../sdk-testing.js';

/** Every name resolves to the loopback sandbox, so bucket.localhost and sandbox.test reach it. */
const loopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

describe('s3 on the wire', () => {
  let sandbox: Sandbox;
  let port: string;
  let accountId: string;
  let buckets: Bucket[];

  /** A client for `endpoint` that records the Host header of every request it sends. */
  function client(endpoint: string, region: string, options: S3ClientConfig = {}): { s3: S3Client; hosts: string[] } {
    const requestHandler = new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: loopback }) });
    const s3 = new S3Client({ ...clientConfig(sandbox, { accountId, region }), endpoint, maxAttempts: 1, requestHandler, ...options });
    const hosts: string[] = [];
    s3.middlewareStack.add(
      (next) => (args) => {
        hosts.push((args.request as { headers?: Record<string, string> }).headers?.host ?? '');
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordHost' },
    );
    return { s3, hosts };
  }

  /** A raw request with a SigV4 credential scope (the sandbox does not check signatures). */
  function raw(method: string, path: string, host: string, region: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    const { accessKeyId } = sandbox.credentialsFor(accountId);
    const authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240601/${region}/s3/aws4_request, SignedHeaders=host, Signature=0`;
    return new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method, path, headers: { host, authorization } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      request.on('error', reject);
      request.end();
    });
  }

  const inRegion = (region: string) => buckets.find((b) => b.BucketRegion === region) as Bucket;

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    port = new URL(sandbox.endpoint).port;
    accountId = sandbox.managementAccountId;
    const listed = await new S3Client({ ...clientConfig(sandbox, { accountId, region: 'us-east-1' }), forcePathStyle: true }).send(new ListBucketsCommand({}));
    buckets = listed.Buckets ?? [];
  });
  afterAll(() => sandbox.close());

  it('serves virtual-hosted requests to a localhost endpoint (bucket.localhost:PORT)', async () => {
    const bucket = inRegion('eu-west-1');
    const { s3, hosts } = client(`http://localhost:${port}`, 'eu-west-1', { forcePathStyle: false });
    const head = await s3.send(new HeadBucketCommand({ Bucket: bucket.Name }));
    expect(head.BucketRegion).toBe('eu-west-1');
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket.Name }));
    const pathStyle = await client(sandbox.endpoint, 'eu-west-1', { forcePathStyle: true }).s3.send(new GetBucketVersioningCommand({ Bucket: bucket.Name }));
    expect(versioning.Status).toBe(pathStyle.Status);
    expect(hosts).toEqual([`${bucket.Name}.localhost:${port}`, `${bucket.Name}.localhost:${port}`]);
    // ListBuckets names no bucket, so it goes to the endpoint itself.
    expect((await s3.send(new ListBucketsCommand({}))).Buckets).toEqual(buckets);
    expect(hosts[2]).toBe(`localhost:${port}`);
  });

  it('serves an IPv4 endpoint with forcePathStyle false (the SDK keeps IP endpoints path style)', async () => {
    const bucket = inRegion('us-east-1');
    const { s3, hosts } = client(sandbox.endpoint, 'us-east-1', { forcePathStyle: false });
    expect((await s3.send(new HeadBucketCommand({ Bucket: bucket.Name }))).BucketRegion).toBe('us-east-1');
    expect(hosts).toEqual([`127.0.0.1:${port}`]);
  });

  it('serves virtual-hosted requests addressed to bucket.<IPv4>:PORT', async () => {
    const bucket = inRegion('us-east-1');
    const virtual = await raw('GET', '/?versioning', `${bucket.Name}.127.0.0.1:${port}`, 'us-east-1');
    const path = await raw('GET', `/${bucket.Name}?versioning`, `127.0.0.1:${port}`, 'us-east-1');
    expect(virtual.status).toBe(200);
    expect(virtual.body).toContain('<VersioningConfiguration');
    expect(virtual.body).toBe(path.body);
  });

  it('serves path-style requests to an endpoint whose host has dots', async () => {
    const bucket = inRegion('eu-west-1');
    const { s3, hosts } = client(`http://sandbox.test:${port}`, 'eu-west-1', { forcePathStyle: true });
    expect((await s3.send(new HeadBucketCommand({ Bucket: bucket.Name }))).BucketRegion).toBe('eu-west-1');
    const tagging = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket.Name })).then(
      () => 'ok',
      (error: unknown) => (error as Error).name,
    );
    expect(['ok', 'NoSuchTagSet']).toContain(tagging);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets).toEqual(buckets);
    expect(new Set(hosts)).toEqual(new Set([`sandbox.test:${port}`]));
  });

  it('sends the documents with the root elements S3 uses', async () => {
    const bucket = inRegion('us-east-1');
    const host = `127.0.0.1:${port}`;
    const rootOf = async (path: string) => /^<\?xml[^>]*>\n<([A-Za-z]+)/.exec((await raw('GET', path, host, 'us-east-1')).body)?.[1];
    expect(await rootOf('/')).toBe('ListAllMyBucketsResult');
    expect(await rootOf(`/${bucket.Name}?versioning`)).toBe('VersioningConfiguration');
    expect(await rootOf(`/${bucket.Name}?logging`)).toBe('BucketLoggingStatus');
    expect(await rootOf(`/${bucket.Name}?acl`)).toBe('AccessControlPolicy');
    expect(await rootOf(`/${bucket.Name}?encryption`)).toBe('ServerSideEncryptionConfiguration');
    expect(await rootOf(`/${bucket.Name}?location`)).toBe('LocationConstraint');
    // Optional configurations: the document when the bucket has one, else the 404 <Error>.
    for (const [query, root] of [
      ['tagging', 'Tagging'],
      ['lifecycle', 'LifecycleConfiguration'],
      ['policyStatus', 'PolicyStatus'],
      ['publicAccessBlock', 'PublicAccessBlockConfiguration'],
      ['ownershipControls', 'OwnershipControls'],
    ]) {
      const roots = new Set<string | undefined>();
      for (const b of buckets.filter((x) => x.BucketRegion === 'us-east-1')) roots.add(await rootOf(`/${b.Name}?${query}`));
      expect(roots, query).toEqual(new Set([root, 'Error']));
    }
  });

  it('answers HEAD with headers and no body, and a wrong region with a 301 naming the region', async () => {
    const bucket = inRegion('eu-west-1');
    const head = await raw('HEAD', `/${bucket.Name}`, `127.0.0.1:${port}`, 'eu-west-1');
    expect([head.status, head.headers['x-amz-bucket-region'], head.body]).toEqual([200, 'eu-west-1', '']);
    const redirect = await raw('GET', `/${bucket.Name}?acl`, `127.0.0.1:${port}`, 'us-east-1');
    expect([redirect.status, redirect.headers['x-amz-bucket-region']]).toEqual([301, 'eu-west-1']);
    expect(redirect.body).toMatch(
      new RegExp(`<Error><Code>PermanentRedirect</Code><Message>[^<]+</Message><Endpoint>${bucket.Name}\\.s3\\.eu-west-1\\.amazonaws\\.com</Endpoint><Bucket>${bucket.Name}</Bucket>`),
    );
  });
});
