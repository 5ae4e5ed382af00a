import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TableSchema } from '../../engine/schema.js';
import { formatOptions } from './format-spec.js';
import type { ObjectSink } from './rotating-writer.js';
import { RotatingWriter } from './rotating-writer.js';
import { createTextFormat } from './text-format.js';

const table: TableSchema = { name: 't', columns: [{ name: 'id', type: 'int' }] };
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i }));

describe('rotating writer', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function writer(sink: Partial<ObjectSink>, limits = { rows: 0, bytes: 0, timeoutMs: 0 }): { writer: RotatingWriter; published: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-rotating-'));
    dirs.push(dir);
    let n = 0;
    const published: string[] = [];
    const full: ObjectSink = {
      target: async (key) => ({ localPath: join(dir, key), append: false }),
      publish: async (key) => {
        published.push(readFileSync(join(dir, key), 'utf8'));
      },
      discard: async () => undefined,
      ...sink,
    };
    const format = createTextFormat(formatOptions({ format: 'json' }));
    return { writer: new RotatingWriter({ plugin: 'test', format, sink: full, keyOf: () => `o${++n}`, limits }), published };
  }

  it('splits a write across objects at batch_size, and completes the rest on flush', async () => {
    const { writer: w, published } = writer({}, { rows: 4, bytes: 0, timeoutMs: 0 });
    await w.write(table, rows(10));
    expect(published).toHaveLength(2);
    await w.flush();
    expect(published.map((text) => text.trim().split('\n').length)).toEqual([4, 4, 2]);
    expect(w.published).toEqual(['o1', 'o2', 'o3']);
  });

  it('reports a failed timed completion once: on the next call for the table, or on close', async () => {
    const attempts: string[] = [];
    const failing = {
      publish: async (key: string) => {
        attempts.push(key);
        throw new Error('bucket gone');
      },
    };
    const limits = { rows: 0, bytes: 0, timeoutMs: 5 };
    const first = writer(failing, limits).writer;
    await first.write(table, rows(1));
    await vi.waitFor(() => expect(attempts).toHaveLength(1));
    await expect(first.write(table, rows(1))).rejects.toMatchObject({ code: 'WRITE_FAILED', table: 't', message: expect.stringContaining('bucket gone') });
    await first.close();

    const second = writer(failing, limits).writer;
    await second.write(table, rows(1));
    await vi.waitFor(() => expect(attempts).toHaveLength(2));
    await expect(second.close()).rejects.toThrow(/bucket gone/);
    await expect(second.write(table, rows(1))).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });

  it('ends the object when the schema changes, so a file has one schema', async () => {
    const { writer: w, published } = writer({});
    await w.write(table, rows(2));
    await w.write({ ...table, columns: [...table.columns, { name: 'x', type: 'string' }] }, [{ id: 9, x: 'y' }]);
    await w.close();
    expect(published).toEqual(['{"id":0}\n{"id":1}\n', '{"id":9,"x":"y"}\n']);
  });
});
