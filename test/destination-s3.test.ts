import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { ConfigError } from '../src/config/yaml-source.js';
import { DestinationError } from '../src/destinations/destination.js';
import { destinationOpeners } from '../src/destinations/index.js';
import type { S3Destination } from '../src/destinations/s3/s3-destination.js';
import { createS3Destination } from '../src/destinations/s3/s3-destination.js';
import type { ConformanceFactory } from './destination-conformance.js';
import { describeDestinationConformance } from './destination-conformance.js';
import type { FormatCase } from './destination-files.js';
import { countBack, formatCases, readBack, rememberSchemas } from './destination-files.js';
import { items, row, typed } from './destination-fixtures.js';
import { motoUnavailable, startMoto, type MotoServer } from './moto-server.js';
import type { RecordedRequest, S3Reader, S3Server } from './s3-servers.js';
import { motoBucket, operationOf, startRecorder, startS3rver, testKeys, testRegion, withEnv } from './s3-servers.js';

const bucket = 'canopy-test';
let s3rver: S3Server | undefined;
let env: { restore(): void } | undefined;

// The destination uses the SDK's default chain; the environment is its first link. Files and the
// instance metadata service are pointed nowhere so a developer's ~/.aws never takes part.
const isolated = {
  AWS_ACCESS_KEY_ID: testKeys.accessKeyId,
  AWS_SECRET_ACCESS_KEY: testKeys.secretAccessKey,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'canopy-no-such-credentials'),
  AWS_CONFIG_FILE: join(tmpdir(), 'canopy-no-such-config'),
  AWS_EC2_METADATA_DISABLED: 'true',
};

beforeAll(async () => {
  env = withEnv(isolated);
  s3rver = await startS3rver(bucket);
});
afterAll(async () => {
  await s3rver?.stop();
  env?.restore();
});

function server(): S3Server {
  if (!s3rver) throw new Error('s3rver is not running');
  return s3rver;
}

/** A destination writing under a fresh prefix of the server's bucket; rows are read back by downloading. */
function s3Harness(target: () => { endpoint: string; reader: S3Reader }, format: FormatCase): ConformanceFactory {
  return async ({ writeMode }) => {
    const { endpoint, reader } = target();
    const prefix = `run-${randomUUID()}`;
    const spec = {
      bucket: reader.bucket,
      region: testRegion,
      endpoint,
      use_path_style: true,
      path: `${prefix}/{{TABLE}}/{{UUID}}.{{FORMAT}}`,
      format: format.format,
      ...(format.gzip ? { compression: 'gzip' } : {}),
      ...(format.formatSpec ? { format_spec: format.formatSpec } : {}),
    };
    const { destination, schemaOf } = rememberSchemas(await createS3Destination({ writeMode, spec }));
    const scratch = mkdtempSync(join(tmpdir(), 'canopy-s3-read-'));
    let reads = 0;
    const filesOf = async (table: string): Promise<string[]> => {
      await destination.flush();
      return reader.download(`${prefix}/${table}/`, join(scratch, String(++reads)));
    };
    return {
      destination,
      readRows: async (table) => {
        const files = await filesOf(table);
        return files.length === 0 ? [] : readBack(files, format, schemaOf(table));
      },
      countRows: async (table) => countBack(await filesOf(table), format, schemaOf(table)),
      cleanup: async () => {
        await destination.close();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  };
}

const s3Formats = formatCases.filter((c) => ['json', 'parquet', 'csv+gzip (delimiter ;)'].includes(c.label));
for (const format of s3Formats) {
  describeDestinationConformance(`s3 on s3rver (${format.label})`, s3Harness(server, format), { appendOnly: true });
}

const motoMissing = motoUnavailable();
if (motoMissing) console.warn(`test/destination-s3.test.ts: the moto S3 suite is skipped: ${motoMissing}.`);
// Skipped only where moto cannot run on this machine (warned above, with why): never a failure for that.
(motoMissing ? describe.skip : describe)('s3 on moto', () => {
  let moto: MotoServer | undefined;
  let reader: S3Reader | undefined;
  beforeAll(async () => {
    moto = await startMoto();
    reader = await motoBucket(moto.endpoint, bucket);
  });
  afterAll(async () => {
    reader?.destroy();
    await moto?.stop();
  });
  const target = () => {
    if (!moto || !reader) throw new Error('moto is not running');
    return { endpoint: moto.endpoint, reader };
  };
  // The scale test runs on s3rver; moto checks the wire format and the values.
  describeDestinationConformance('s3 on moto (json)', s3Harness(target, { label: 'json', format: 'json' }), { appendOnly: true, skipScale: true });
  describeDestinationConformance('s3 on moto (parquet)', s3Harness(target, { label: 'parquet', format: 'parquet' }), { appendOnly: true, skipScale: true });

  it('sends the server-side encryption settings S3 stores with the object', async () => {
    const { endpoint, reader: r } = target();
    const sse = { sse_kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/canopy', server_side_encryption: 'aws:kms' };
    const destination = await createS3Destination({
      writeMode: 'append',
      spec: { bucket, region: testRegion, endpoint, use_path_style: true, path: 'sse/{{TABLE}}/{{UUID}}.{{FORMAT}}', format: 'json', server_side_encryption_configuration: sse },
    });
    await destination.write(items, [row({ arn: 'arn:1' })]);
    await destination.close();
    const [key] = destination.keys;
    const head = await r.head(key ?? '');
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: sse.sse_kms_key_id, ContentType: 'application/json' });
  });
  it('assumes credentials.role_arn through STS and signs with the role session', async () => {
    const { endpoint } = target();
    const recorder = await startRecorder(endpoint);
    // The SDK's service-specific endpoint variable sends the STS call to moto too.
    const sts = withEnv({ AWS_ENDPOINT_URL_STS: endpoint });
    try {
      const credentials = { role_arn: 'arn:aws:iam::123456789012:role/canopy-writer', role_session_name: 'canopy-test', external_id: 'ext' };
      const destination = await createS3Destination({
        writeMode: 'append',
        spec: { bucket, region: testRegion, endpoint: recorder.endpoint, use_path_style: true, path: 'role/{{TABLE}}/{{UUID}}', format: 'json', credentials },
      });
      await destination.close();
      const [put] = recorder.requests;
      expect(operationOf(put ?? { method: '', url: '', headers: {} })).toBe('PutObject');
      expect(put?.headers.authorization).not.toContain(`Credential=${testKeys.accessKeyId}/`);
      expect(put?.headers['x-amz-security-token']).toEqual(expect.any(String));
    } finally {
      sts.restore();
      await recorder.stop();
    }
  });
});

describe('s3 destination specifics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A destination behind a recording proxy, under a fresh prefix. */
  async function open(spec: Record<string, unknown>): Promise<{ destination: S3Destination; prefix: string; requests: RecordedRequest[] }> {
    const recorder = await startRecorder(server().endpoint);
    cleanups.push(() => recorder.stop());
    const prefix = `t-${randomUUID()}`;
    const path = typeof spec.path === 'string' ? `${prefix}/${spec.path}` : `${prefix}/{{TABLE}}/{{UUID}}.{{FORMAT}}`;
    const destination = await createS3Destination({
      writeMode: 'append',
      syncId: 'sync-1',
      spec: { bucket, region: testRegion, endpoint: recorder.endpoint, use_path_style: true, format: 'json', ...spec, path },
    });
    cleanups.push(() => destination.close());
    return { destination, prefix, requests: recorder.requests };
  }

  const rowsOf = (n: number, from = 0) => Array.from({ length: n }, (_, i) => row({ arn: `arn:${from + i}`, name: `n${from + i}`, size: from + i }));

  it('sends nothing but PutObject: test_write, rotated objects, empty-table objects, failures', async () => {
    const { destination, requests } = await open({ format: 'parquet', batch_size: 2, write_empty_objects_for_empty_tables: true });
    await destination.migrate([items, typed], 'safe');
    await destination.write(items, rowsOf(5));
    await destination.close();
    const bad = await open({ bucket: 'no-such-bucket', test_write: false });
    await bad.destination.write(items, rowsOf(1));
    await expect(bad.destination.flush()).rejects.toMatchObject({ code: 'WRITE_FAILED', message: expect.stringContaining('NoSuchBucket') });
    const all = [...requests, ...bad.requests];
    // test_write, an empty object per table, 3 objects for 5 rows (the first replaces items' empty one), the failed one.
    expect(all).toHaveLength(1 + 2 + 3 + 1);
    expect(new Set(all.map(operationOf))).toEqual(new Set(['PutObject']));
    expect(all.every((r) => r.method === 'PUT')).toBe(true);
  });

  it('writes the test_write object where a table would go, and fails at open when it cannot', async () => {
    const { prefix, requests } = await open({ path: 'x/{{TABLE}}/{{SYNC_ID}}/{{UUID}}.{{FORMAT}}', compression: 'gzip' });
    expect(requests).toHaveLength(1);
    expect(await server().reader.keys(prefix)).toEqual([`${prefix}/x/TEST_TABLE/sync-1/TEST_UUID.json.gz`]);
    expect(await server().reader.body(`${prefix}/x/TEST_TABLE/sync-1/TEST_UUID.json.gz`)).toHaveLength(0);

    const skipped = await open({ test_write: false });
    expect(skipped.requests).toHaveLength(0);
    const err = await open({ bucket: 'no-such-bucket' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect(err).toMatchObject({ code: 'CONNECTION_FAILED', message: expect.stringMatching(/test_write failed.*NoSuchBucket/) });
  });

  it('uploads one object per table with no_rotate, named by the template', async () => {
    const { destination, prefix } = await open({ path: 'data/{{TABLE_HYPHEN}}/{{YEAR}}/{{TABLE}}.{{FORMAT}}', no_rotate: true, test_write: false });
    await destination.write(items, rowsOf(3));
    await destination.write(items, rowsOf(4, 3));
    await destination.flush();
    const year = new Date().getUTCFullYear();
    const key = `${prefix}/data/conf-items/${year}/conf_items.json`;
    expect(await server().reader.keys(prefix)).toEqual([key]);
    expect((await server().reader.body(key)).toString('utf8').trim().split('\n')).toHaveLength(7);
  });

  it('applies the default path: {{TABLE}}.{{FORMAT}}.{{UUID}} under a path without {{TABLE}}', async () => {
    const recorder = await startRecorder(server().endpoint);
    cleanups.push(() => recorder.stop());
    const destination = await createS3Destination({
      writeMode: 'append',
      spec: { bucket, region: testRegion, endpoint: recorder.endpoint, use_path_style: true, path: 'legacy/{{UUID}}', format: 'csv', test_write: false },
    });
    cleanups.push(() => destination.close());
    expect(destination.keyTemplate).toBe('legacy/{{UUID}}/{{TABLE}}.{{FORMAT}}.{{UUID}}');
  });

  it('sets content types as CloudQuery does, gzips, and honours content_type and athena', async () => {
    const { destination, prefix } = await open({ compression: 'gzip', athena: true, test_write: false });
    const withTags = { ...items, columns: [...items.columns, { name: 'tags', type: 'json' as const }] };
    await destination.write(withTags, [row({ arn: 'arn:1', tags: { 'aws:cloudformation:stack-name': 's', 'a b': { 'c-d': 1 } } })]);
    await destination.flush();
    const [key] = await server().reader.keys(prefix);
    expect(key).toMatch(/\.json\.gz$/);
    expect((await server().reader.head(key ?? '')).ContentType).toBe('application/gzip');
    const line = JSON.parse(gunzipSync(await server().reader.body(key ?? '')).toString('utf8')) as { tags: unknown };
    expect(line.tags).toEqual({ aws_cloudformation_stack_name: 's', a_b: { c_d: 1 } });

    const custom = await open({ format: 'parquet', content_type: 'application/x-parquet', test_write: false });
    await custom.destination.write(items, rowsOf(1));
    await custom.destination.flush();
    const [parquet] = await server().reader.keys(custom.prefix);
    expect((await server().reader.head(parquet ?? '')).ContentType).toBe('application/x-parquet');
  });

  it('sends server-side encryption and ACL headers on every PutObject', async () => {
    const sse = { sse_kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/k', server_side_encryption: 'aws:kms:dsse' };
    const { destination, requests } = await open({ server_side_encryption_configuration: sse, acl: 'bucket-owner-full-control' });
    await destination.write(items, rowsOf(1));
    await destination.flush();
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r.headers).toMatchObject({
        'x-amz-server-side-encryption': 'aws:kms:dsse',
        'x-amz-server-side-encryption-aws-kms-key-id': sse.sse_kms_key_id,
        'x-amz-acl': 'bucket-owner-full-control',
      });
    }
  });

  it('uses the whole credential chain: a session token from the environment, a local_profile from the shared files', async () => {
    const session = withEnv({ AWS_SESSION_TOKEN: 'canopy-mfa-session-token' });
    try {
      const { requests } = await open({});
      expect(requests[0]?.headers['x-amz-security-token']).toBe('canopy-mfa-session-token');
    } finally {
      session.restore();
    }
    const dir = mkdtempSync(join(tmpdir(), 'canopy-aws-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, `[canopy-test]\naws_access_key_id = ${testKeys.accessKeyId}\naws_secret_access_key = ${testKeys.secretAccessKey}\n`);
    // No keys in the environment: the only ones are the profile's, in the shared credentials file.
    const profile = withEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    try {
      const viaSpec = await open({ local_profile: 'canopy-test' });
      expect(viaSpec.requests).toHaveLength(1);
      const viaCredentials = await open({ credentials: { local_profile: 'canopy-test' } });
      expect(viaCredentials.requests).toHaveLength(1);
    } finally {
      profile.restore();
    }
  });

  it('never puts a secret in an error, even one a server echoes back', async () => {
    const secret = 'canopy-secret-key-that-must-not-leak';
    const token = 'canopy-session-token-that-must-not-leak';
    // An endpoint that answers AccessDenied and quotes the session token it was sent.
    const echo = createServer((req, res) => {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>denied for ${String(req.headers['x-amz-security-token'])}</Message></Error>`);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => echo.close(() => resolve())));
    const wrong = withEnv({ AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token });
    try {
      const endpoint = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      const spec = { bucket, region: testRegion, endpoint, use_path_style: true, path: 'p/{{UUID}}', format: 'json', max_retries: 1 };
      const err = await createS3Destination({ writeMode: 'append', spec }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DestinationError);
      const text = `${(err as Error).message} ${(err as Error).stack ?? ''}`;
      expect(text).toContain('AccessDenied: denied for ***');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(token);
    } finally {
      wrong.restore();
    }
  });

  it('refuses specs CloudQuery refuses, naming the key', async () => {
    const base = { bucket, region: testRegion, format: 'json', path: 'p/{{UUID}}', test_write: false };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, bucket: undefined }, 'spec.bucket: required'],
      [{ ...base, region: '' }, 'spec.region: Too small'],
      [{ ...base, path: '/p/{{UUID}}' }, 'spec.path: value should not start with /'],
      [{ ...base, path: 'p//{{UUID}}' }, 'spec.path: value must not contain ./ or //'],
      [{ ...base, path: 'p/{{TABLE}}' }, 'spec.path: the {{UUID}} placeholder must be present'],
      [{ ...base, write_empty_objects_for_empty_tables: true }, 'spec.write_empty_objects_for_empty_tables: can only be used with `format: parquet`'],
      [{ ...base, local_profile: 'a', credentials: { role_arn: 'arn:aws:iam::1:role/r' } }, 'spec.local_profile: `local_profile` cannot be used with `credentials`'],
      [{ ...base, server_side_encryption_configuration: { server_side_encryption: 'aws:kms' } }, 'spec.server_side_encryption_configuration.sse_kms_key_id: required'],
      [{ ...base, acl: 'everyone' }, 'spec.acl: Invalid option'],
      [{ ...base, endpoint: 'localhost:9000' }, 'spec.endpoint: expected an http(s) URL'],
      [{ ...base, bukket: 'x' }, 'spec.bukket: unknown key'],
    ];
    for (const [spec, message] of cases) {
      const err = await createS3Destination({ writeMode: 'append', spec }).then(
        async (d) => d.close(),
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(spec)).toMatchObject({ code: 'INVALID_SPEC' });
      expect((err as Error).message, JSON.stringify(spec)).toContain(message);
    }
  });

  it('is opened from a config document (top-level batch_size applies) and reports wrong keys where they are', async () => {
    const open = destinationOpeners.s3;
    if (!open) throw new Error('no s3 opener');
    const recorder = await startRecorder(server().endpoint);
    cleanups.push(() => recorder.stop());
    const prefix = `cfg-${randomUUID()}`;
    const spec = { bucket, region: testRegion, endpoint: recorder.endpoint, use_path_style: true, path: `${prefix}/{{TABLE}}/{{UUID}}.{{FORMAT}}`, format: 'csv' };
    const destination = await open({ name: 'lake', writeMode: 'append', migrateMode: 'safe', batchSize: 2 }, spec);
    await destination.write(items, rowsOf(5));
    await destination.close();
    expect(await server().reader.keys(`${prefix}/conf_items/`)).toHaveLength(3);

    const text = (s3: string) =>
      'kind: source\nspec:\n  name: aws\n  path: cloudquery/aws\n  tables: ["aws_ec2_instances"]\n  destinations: ["lake"]\n' +
      `---\nkind: destination\nspec:\n  name: lake\n  path: cloudquery/s3\n  spec:\n    bucket: b\n    region: us-east-1\n${s3}`;
    const mistake = (s3: string): string => {
      try {
        parseConfig([{ file: 'lake.yml', text: text(s3) }], { knownTables: ['aws_ec2_instances'], env: {} });
      } catch (err) {
        if (err instanceof ConfigError) return err.message;
        throw err;
      }
      return 'no error';
    };
    expect(mistake('    path: "p/{{TABLE}}/{{UUID}}.{{FORMAT}}"\n    format: parquet\n')).toBe('no error');
    expect(mistake('    path: "p/{{UUID}}"\n    format: json\n    test_writes: false\n')).toBe('lake.yml:17: spec.spec.test_writes: unknown key');
    expect(mistake('    path: "/p/{{UUID}}"\n    format: json\n')).toBe('lake.yml:15: spec.spec.path: value should not start with /');
    expect(mistake('    path: "p/{{UUID}}"\n    format: json\n    server_side_encryption_configuration:\n      sse_kms_key_id: k\n      server_side_encryption: aes\n')).toMatch(
      /^lake\.yml:19: spec\.spec\.server_side_encryption_configuration\.server_side_encryption: Invalid option/,
    );
  });
});
