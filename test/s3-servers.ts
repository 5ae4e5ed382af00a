import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';

/** What the S3 tests need from a server: its endpoint, a bucket, and a client that reads (the destination never does). */
export interface S3Server {
  endpoint: string;
  bucket: string;
  reader: S3Reader;
  stop(): Promise<void>;
}

export const testRegion = 'us-east-1';
/** s3rver checks signatures against this key pair; moto accepts any. */
export const testKeys = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/** s3rver (a devDependency without types) on a free loopback port, storing in its own temp directory. */
export async function startS3rver(bucket: string): Promise<S3Server> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = mkdtempSync(join(tmpdir(), 'canopy-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const reader = new S3Reader(endpoint, bucket);
  return {
    endpoint,
    bucket,
    reader,
    async stop() {
      reader.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A bucket on a moto server started by the caller (test/moto-server.ts). */
export async function motoBucket(endpoint: string, bucket: string): Promise<S3Reader> {
  const reader = new S3Reader(endpoint, bucket);
  await reader.client.send(new CreateBucketCommand({ Bucket: bucket }));
  return reader;
}

/** Lists and downloads objects, for reading back what a destination wrote. */
export class S3Reader {
  readonly client: S3Client;
  constructor(
    endpoint: string,
    readonly bucket: string,
  ) {
    this.client = new S3Client({ endpoint, region: testRegion, forcePathStyle: true, credentials: testKeys });
  }

  async keys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.NextContinuationToken;
    } while (token);
    return keys.sort();
  }

  async body(key: string): Promise<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
  }

  head(key: string): Promise<HeadObjectCommandOutput> {
    return this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Downloads every object under a prefix into `dir`; returns the local files in key order. */
  async download(prefix: string, dir: string): Promise<string[]> {
    const files: string[] = [];
    for (const [i, key] of (await this.keys(prefix)).entries()) {
      const file = join(dir, `${String(i).padStart(6, '0')}-${key.split('/').pop() ?? 'object'}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, await this.body(key));
      files.push(file);
    }
    return files;
  }

  destroy(): void {
    this.client.destroy();
  }
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * A loopback HTTP proxy in front of a server that records every request a destination sends, so a
 * test sees exactly what went over the wire (S3 names the operation in `?x-id=`).
 */
export async function startRecorder(upstream: string): Promise<{ endpoint: string; requests: RecordedRequest[]; stop(): Promise<void> }> {
  const target = new URL(upstream);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    out.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The S3 operation of a recorded request: `?x-id=PutObject`, or what a bare request would be. */
export function operationOf(req: RecordedRequest): string {
  const query = new URL(req.url, 'http://x').searchParams;
  const id = query.get('x-id');
  if (id) return id;
  if (query.has('uploads') || query.has('uploadId')) return `${req.method} multipart`;
  return `${req.method} ${req.url}`;
}

/** Environment for the SDK's credential chain during a test; restore() puts the previous values back. */
export function withEnv(values: Record<string, string | undefined>): { restore(): void } {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  const set = (entries: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(entries)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(values);
  return { restore: () => set(saved) };
}
