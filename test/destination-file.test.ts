import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { ConfigError } from '../src/config/yaml-source.js';
import { DestinationError } from '../src/destinations/destination.js';
import type { FileDestination } from '../src/destinations/file/file-destination.js';
import { createFileDestination } from '../src/destinations/file/file-destination.js';
import { destinationOpeners } from '../src/destinations/index.js';
import { describeDestinationConformance } from './destination-conformance.js';
import type { ReadOptions } from './destination-files.js';
import { countBack, filesUnder, formatCases, readBack, rememberSchemas } from './destination-files.js';
import { items, row, t1, typed, typedRows } from './destination-fixtures.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'canopy-file-test-'));
}

for (const format of formatCases) {
  describeDestinationConformance(
    `file (${format.label})`,
    async ({ writeMode }) => {
      const dir = tempDir();
      const spec = {
        path: join(dir, '{{TABLE}}', '{{UUID}}.{{FORMAT}}'),
        format: format.format,
        ...(format.gzip ? { compression: 'gzip' } : {}),
        ...(format.formatSpec ? { format_spec: format.formatSpec } : {}),
      };
      const created = await createFileDestination({ writeMode, spec }).catch((err: unknown) => {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      });
      const { destination, schemaOf } = rememberSchemas(created);
      const filesOf = async (table: string): Promise<string[]> => {
        await destination.flush();
        return filesUnder(join(dir, table));
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
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    // gzip's memory at scale is covered by the S3 suite's csv+gzip run.
    { appendOnly: true, skipScale: format.gzip === true },
  );
}

describe('file destination specifics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function open(spec: Record<string, unknown>, clock?: () => Date): Promise<{ destination: FileDestination; dir: string }> {
    const dir = tempDir();
    const resolved = { ...spec, ...(typeof spec.path === 'string' ? { path: join(dir, spec.path) } : {}), ...(typeof spec.directory === 'string' ? { directory: join(dir, spec.directory) } : {}) };
    const destination = await createFileDestination({ writeMode: 'append', spec: resolved, syncId: 'sync-1', ...(clock ? { clock } : {}) });
    cleanups.push(async () => {
      await destination.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return { destination, dir };
  }

  const relativeFiles = (dir: string): string[] => filesUnder(dir).map((f) => relative(dir, f));
  const rowsOf = (n: number, from = 0) => Array.from({ length: n }, (_, i) => row({ arn: `arn:${from + i}`, name: `n${from + i}`, size: from + i }));
  const read = (files: string[], options: ReadOptions) => readBack(files, options, items);

  it('fills every placeholder of the path template, times in UTC from when the file starts', async () => {
    const clock = () => new Date('2024-03-05T07:08:09.000Z');
    const { destination, dir } = await open(
      { path: 'out/{{TABLE}}/dt={{YEAR}}-{{MONTH}}-{{DAY}}/{{HOUR}}{{MINUTE}}/{{SYNC_ID}}-{{UUID}}.{{FORMAT}}', format: 'json', compression: 'gzip' },
      clock,
    );
    await destination.migrate([items], 'safe');
    await destination.write(items, rowsOf(2));
    await destination.close();
    const [file, ...rest] = relativeFiles(dir);
    expect(rest).toEqual([]);
    expect(file).toMatch(/^out\/conf_items\/dt=2024-03-05\/0708\/sync-1-[0-9a-f-]{36}\.json\.gz$/);
    expect(destination.files).toEqual([join(dir, file ?? '')]);
  });

  it('applies CloudQuery defaults: `directory` (file v3) and a path without {{TABLE}} (file v5)', async () => {
    const rotated = await open({ directory: 'out', format: 'csv' });
    await rotated.destination.migrate([items], 'safe');
    await rotated.destination.write(items, rowsOf(1));
    await rotated.destination.close();
    expect(relativeFiles(rotated.dir)).toEqual([expect.stringMatching(/^out\/conf_items\.csv\.[0-9a-f-]{36}$/)]);

    const single = await open({ directory: 'out', format: 'json', no_rotate: true });
    await single.destination.write(items, rowsOf(1));
    await single.destination.close();
    expect(relativeFiles(single.dir)).toEqual(['out/conf_items.json']);

    const bare = await open({ path: 'data', format: 'json', no_rotate: true, compression: 'gzip' });
    expect(bare.destination.pathTemplate).toBe(join(bare.dir, 'data', '{{TABLE}}.{{FORMAT}}'));
    await bare.destination.write(items, rowsOf(1));
    await bare.destination.close();
    expect(relativeFiles(bare.dir)).toEqual(['data/conf_items.json.gz']);
  });

  it('starts a new file every batch_size rows, and every batch_size_bytes', async () => {
    const { destination, dir } = await open({ path: '{{TABLE}}/{{UUID}}.{{FORMAT}}', format: 'json', batch_size: 3 });
    await destination.write(items, rowsOf(5));
    await destination.write(items, rowsOf(2, 5));
    await destination.flush();
    const files = destination.files.slice();
    expect(files).toHaveLength(3);
    const counts = await Promise.all(files.map(async (f) => (await read([f], { format: 'json' })).length));
    expect(counts).toEqual([3, 3, 1]);
    expect((await read(files, { format: 'json' })).map((r) => r.arn)).toEqual(rowsOf(7).map((r) => r.arn));
    expect(relativeFiles(dir)).toHaveLength(3);

    const bytes = await open({ path: '{{TABLE}}/{{UUID}}.{{FORMAT}}', format: 'csv', batch_size_bytes: 1 });
    await bytes.destination.write(items, rowsOf(4));
    await bytes.destination.flush();
    // Every row crosses a one-byte limit, so each file holds one row (and the header).
    expect(bytes.destination.files).toHaveLength(4);
  });

  it('completes a file after batch_timeout without another write or close', async () => {
    const { destination } = await open({ path: '{{TABLE}}/{{UUID}}.{{FORMAT}}', format: 'json', batch_timeout: '20ms' });
    await destination.write(items, rowsOf(2));
    await vi.waitFor(() => expect(destination.files).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(await read(destination.files.slice(), { format: 'json' })).toHaveLength(2);
  });

  it('writes one file per table with no_rotate, appended to by the next sync (json, csv) or replaced (parquet)', async () => {
    const dir = tempDir();
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const counts: Record<string, number[]> = {};
    for (const format of ['json', 'csv', 'parquet'] as const) {
      for (let sync = 0; sync < 2; sync++) {
        const destination = await createFileDestination({ writeMode: 'append', spec: { path: join(dir, format, '{{TABLE}}.{{FORMAT}}'), format, no_rotate: true } });
        await destination.migrate([items], 'safe');
        await destination.write(items, rowsOf(3));
        await destination.write(items, rowsOf(2, 3));
        await destination.close();
        expect(filesUnder(join(dir, format))).toEqual([join(dir, format, `conf_items.${format}`)]);
        (counts[format] ??= []).push((await read(filesUnder(join(dir, format)), { format })).length);
      }
    }
    expect(counts).toEqual({ json: [5, 10], csv: [5, 10], parquet: [5, 5] });
    // The appended CSV file has one header.
    expect(readFileSync(join(dir, 'csv', 'conf_items.csv'), 'utf8').split('\n').filter((l) => l.startsWith('_cq_id'))).toHaveLength(1);
  });

  it('gzips json and csv, naming them .json.gz and .csv.gz', async () => {
    for (const format of ['json', 'csv'] as const) {
      const { destination } = await open({ path: '{{TABLE}}/{{UUID}}.{{FORMAT}}', format, compression: 'gzip' });
      await destination.write(items, rowsOf(3));
      await destination.flush();
      const [file] = destination.files;
      expect(file).toMatch(new RegExp(`\\.${format}\\.gz$`));
      const raw = readFileSync(file ?? '');
      expect([...raw.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
      expect(gunzipSync(raw).toString('utf8').trim().split('\n')).toHaveLength(format === 'csv' ? 4 : 3);
    }
  });

  it('writes one JSON object per line: nested JSON, RFC 3339 timestamps, exact int64, every column', async () => {
    const { destination } = await open({ path: '{{TABLE}}/{{UUID}}.{{FORMAT}}', format: 'json' });
    await destination.write(typed, typedRows());
    await destination.flush();
    const lines = readFileSync(destination.files[0] ?? '', 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(typedRows().length);
    const full = lines[0] ?? '';
    expect(full).toContain('"at":"2024-02-29T23:59:59.123Z"');
    expect(full).toContain('"doc":{"nested":{"list":[1,"two",{"three":3}]');
    expect(full).toContain('"names":["a","b c","ü😀"]');
    expect(full).toContain(`"_cq_sync_time":"${t1.toISOString()}"`);
    expect(lines[3]).toContain('"int":9007199254740993,');
    expect(JSON.parse(lines[5] ?? '')).toMatchObject({ id: 'nulls', text: null, doc: null, flag: null, at: null });
    expect(Object.keys(JSON.parse(full) as object)).toEqual(typed.columns.map((c) => c.name));
  });

  it('honours format_spec for csv: delimiter and skip_header; NULL is an empty field, "" an empty string', async () => {
    const { destination } = await open({ path: '{{TABLE}}/{{UUID}}.{{FORMAT}}', format: 'csv', format_spec: { delimiter: '\t', skip_header: true } });
    await destination.write(items, [row({ arn: 'a\tb', name: '', size: null })]);
    await destination.flush();
    const [line] = readFileSync(destination.files[0] ?? '', 'utf8').split('\n');
    // ... "a<TAB>b" (quoted: it holds the delimiter), "" (an empty string), then nothing (NULL).
    expect(line?.split('\t').slice(-4)).toEqual(['"a', 'b"', '""', '']);
    const [back] = await read(destination.files.slice(), { format: 'csv', delimiter: '\t', skipHeader: true });
    expect(back).toMatchObject({ arn: 'a\tb', name: '', size: null });
  });

  it('names the column of a value that does not fit, and writes nothing of that batch', async () => {
    const { destination } = await open({ path: '{{TABLE}}/{{UUID}}.{{FORMAT}}', format: 'parquet' });
    const err = await destination.write(items, [row({ arn: 'ok', size: 1 }), row({ arn: 'bad', size: 1.5 })]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect(err).toMatchObject({ code: 'WRITE_FAILED', table: items.name, column: 'size' });
    await destination.flush();
    expect(destination.files).toEqual([]);
    await expect(destination.deleteStale(items, { sourceName: 'aws', syncTime: t1, partitions: [] })).rejects.toMatchObject({ code: 'WRITE_FAILED' });
  });

  it('fails a write whose file cannot be created, naming the table', async () => {
    const { destination, dir } = await open({ path: 'blocked/{{TABLE}}/{{UUID}}.{{FORMAT}}', format: 'json' });
    writeFileSync(join(dir, 'blocked'), 'a file where a directory should be');
    await expect(destination.write(items, rowsOf(1))).rejects.toMatchObject({ code: 'WRITE_FAILED', table: items.name, message: expect.stringContaining('conf_items') });
  });

  it('refuses specs CloudQuery refuses, naming the key', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ path: 'x/{{TABLE}}.{{FORMAT}}', format: 'json' }, 'spec.path: the {{UUID}} placeholder must be present'],
      [{ path: 'x/{{TABLE}}/{{UUID}}.json', format: 'json', no_rotate: true }, 'spec.path: the {{UUID}} placeholder must not be present'],
      [{ path: 'x/{{TABLE}}.json', format: 'json', no_rotate: true, batch_size: 10 }, 'spec.batch_size: batching options must not be present'],
      [{ path: 'x/{{UUID}}', format: 'parquet', compression: 'gzip' }, 'spec.compression: compression is not supported for parquet'],
      [{ path: 'x/{{UUID}}', format: 'csv', format_spec: { delimiter: ';', quote: "'" } }, 'spec.format_spec.quote: unknown key'],
      [{ path: 'x/{{UUID}}', format: 'csv', format_spec: { delimiter: ';;' } }, 'spec.format_spec.delimiter: expected a single character'],
      [{ path: 'x/{{UUID}}', format: 'xml' }, 'spec.format: Invalid option'],
      [{ path: 'x/{{UUID}}', formt: 'json' }, 'spec.formt: unknown key'],
      [{ format: 'json' }, 'spec.path: required'],
      [{ path: 'x/{{UUID}}', directory: 'y', format: 'json' }, 'spec.directory: only one of `directory` or `path`'],
      [{ path: 'x/{{UUID}}', format: 'json', batch_timeout: 'soon' }, 'spec.batch_timeout: expected a duration'],
    ];
    for (const [spec, message] of cases) {
      const err = await createFileDestination({ writeMode: 'append', spec }).then(
        async (d) => d.close(),
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(spec)).toBeInstanceOf(DestinationError);
      expect(err).toMatchObject({ code: 'INVALID_SPEC' });
      expect((err as Error).message, JSON.stringify(spec)).toContain(message);
    }
  });

  it('is opened from a config document, the top-level batch_size applying when the spec has none', async () => {
    const dir = tempDir();
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const open = destinationOpeners.file;
    if (!open) throw new Error('no file opener');
    const destination = (await open(
      { name: 'files', writeMode: 'append', migrateMode: 'safe', batchSize: 2, syncId: 's' },
      { path: join(dir, '{{SYNC_ID}}/{{TABLE}}/{{UUID}}.{{FORMAT}}'), format: 'csv' },
    )) as FileDestination;
    expect(destination.name).toBe('files');
    await destination.write(items, rowsOf(5));
    await destination.close();
    expect(filesUnder(join(dir, 's', 'conf_items'))).toHaveLength(3);
  });
});

describe('file destination config documents', () => {
  const source = 'kind: source\nspec:\n  name: aws\n  path: cloudquery/aws\n  tables: ["aws_ec2_instances"]\n  destinations: ["files"]\n';
  const dest = (spec: string, top = '') => `---\nkind: destination\nspec:\n  name: files\n  path: cloudquery/file\n${top}  spec:\n${spec}`;
  function mistake(text: string): string {
    try {
      parseConfig([{ file: 'config.yml', text }], { knownTables: ['aws_ec2_instances'], env: {} });
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    throw new Error('expected a ConfigError');
  }

  it('loads a CloudQuery file destination unchanged', () => {
    const config = parseConfig([{ file: 'config.yml', text: source + dest('    path: "out/{{TABLE}}/{{UUID}}.{{FORMAT}}"\n    format: parquet\n    batch_timeout: 10s\n') }], {
      knownTables: ['aws_ec2_instances'],
      env: {},
    });
    expect(config.destinations[0]).toMatchObject({ plugin: 'file', write_mode: 'append' });
  });

  it('reports wrong keys and values at their file, line and key path', () => {
    // The destination document starts on line 7; its plugin spec keys on line 13.
    expect(mistake(source + dest('    path: "out/{{UUID}}"\n    formt: json\n'))).toBe('config.yml:14: spec.spec.formt: unknown key');
    expect(mistake(source + dest('    path: "out/{{TABLE}}.json"\n    format: json\n'))).toMatch(/^config\.yml:13: spec\.spec\.path: the \{\{UUID\}\} placeholder must be present/);
    expect(mistake(source + dest('    path: "out/{{UUID}}"\n    format: csv\n    format_spec:\n      delimiter: ","\n      header: true\n'))).toBe(
      'config.yml:17: spec.spec.format_spec.header: unknown key',
    );
    expect(mistake(source + dest('    path: "out/{{UUID}}"\n    format: json\n    compression: zstd\n'))).toMatch(/^config\.yml:15: spec\.spec\.compression: Invalid option/);
    expect(mistake(source + dest('    path: "out/{{UUID}}"\n    format: json\n', '  write_mode: overwrite\n'))).toMatch(/^config\.yml:12: spec\.write_mode: /);
  });
});
