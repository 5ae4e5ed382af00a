import { describe, expect, it } from 'vitest';
import type { Destination, WriteMode } from '../src/destinations/destination.js';
import { DestinationError } from '../src/destinations/destination.js';
import type { Row } from '../src/engine/schema.js';
import {
  byKey,
  collectGarbage,
  destructiveChanges,
  expectedTyped,
  items,
  itemsWithTags,
  partitioned,
  row,
  source,
  t1,
  t2,
  table,
  typed,
  typedRows,
} from './destination-fixtures.js';

function weakly(batch: Row[]): { batch: WeakRef<Row[]>; row: WeakRef<Row> } {
  const head = batch[0];
  if (!head) throw new Error('empty batch');
  return { batch: new WeakRef(batch), row: new WeakRef(head) };
}

/** What a destination's test file gives the suite: a fresh, empty destination per call. */
export interface ConformanceHarness {
  destination: Destination;
  /** Every row of a table, decoded to row values (integers beyond 2^53 as bigint). */
  readRows(table: string): Promise<Row[]>;
  /** Optional: a cheap row count, so the large test need not read a million rows back. */
  countRows?(table: string): Promise<number>;
  /** Closes the destination and removes everything it created. */
  cleanup(): Promise<void>;
}

export type ConformanceFactory = (opts: { writeMode: WriteMode }) => Promise<ConformanceHarness>;

export interface ConformanceOptions {
  /**
   * The destination only appends (file, S3, as in CloudQuery): the shared tests run in append mode,
   * the overwrite and delete-stale ones do not apply (and are not registered), the append-only ones run.
   */
  appendOnly?: boolean;
  /** Skips the 1,000,000-row test (for a second server of the same destination, e.g. moto beside s3rver). */
  skipScale?: boolean;
}

/**
 * The behaviour every destination must have (issue 4, point 1). A destination's test file calls
 * this with a factory; each test gets its own destination and cleans it up, pass or fail.
 */
export function describeDestinationConformance(name: string, factory: ConformanceFactory, options: ConformanceOptions = {}): void {
  const mode: WriteMode = options.appendOnly ? 'append' : 'overwrite-delete-stale';
  // Tests that do not apply to a destination are not registered at all: a skip in the report
  // should mean something could not run here, not that it never applies.
  const absent = (): void => undefined;
  const overwriting = options.appendOnly ? absent : it;
  const scaling = options.skipScale ? absent : it;
  // A describe block whose every test is absent would be an error (an empty suite): drop it too.
  const overwritingSuite = options.appendOnly ? absent : describe;
  const scalingSuite = options.skipScale ? absent : describe;
  async function using(writeMode: WriteMode, body: (h: ConformanceHarness) => Promise<void>): Promise<void> {
    const harness = await factory({ writeMode });
    try {
      await body(harness);
    } finally {
      await harness.cleanup();
    }
  }

  async function refusal(promise: Promise<unknown>): Promise<DestinationError> {
    const err: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, 'the call should have been refused').toBeInstanceOf(DestinationError);
    return err as DestinationError;
  }

  describe(`destination conformance: ${name}`, () => {
    describe('migrate', () => {
      it('creates a table that takes rows, and a second migrate changes nothing', () =>
        using(mode, async ({ destination, readRows }) => {
          await destination.migrate([items], 'safe');
          expect(await readRows(items.name)).toEqual([]);
          const written = row({ arn: 'arn:1', name: 'one', size: 1 });
          await destination.write(items, [written]);
          await destination.migrate([items], 'safe');
          expect(await readRows(items.name)).toEqual([written]);
        }));

      it('adds a column in safe mode: old rows keep their values, the new column is null', () =>
        using(mode, async ({ destination, readRows }) => {
          await destination.migrate([items], 'safe');
          const old = [row({ arn: 'arn:1', name: 'one', size: 1 }), row({ arn: 'arn:2', name: 'two', size: 2 })];
          await destination.write(items, old);
          await destination.migrate([itemsWithTags], 'safe');
          const fresh = row({ arn: 'arn:3', name: 'three', size: 3, tags: { env: 'prod' } });
          await destination.write(itemsWithTags, [fresh]);
          const rows = byKey(await readRows(items.name), 'arn');
          expect(rows.size).toBe(3);
          expect(rows.get('arn:1')).toEqual({ ...old[0], tags: null });
          expect(rows.get('arn:2')).toEqual({ ...old[1], tags: null });
          expect(rows.get('arn:3')).toEqual(fresh);
        }));

      for (const { change, column, schema } of destructiveChanges) {
        overwriting(`refuses in safe mode when ${change}, naming table and column, and keeps the rows`, () =>
          using('overwrite-delete-stale', async ({ destination, readRows }) => {
            await destination.migrate([items], 'safe');
            const kept = row({ arn: 'arn:1', name: 'one', size: 1 });
            await destination.write(items, [kept]);
            const err = await refusal(destination.migrate([schema], 'safe'));
            expect(err.code).toBe('MIGRATION_REFUSED');
            expect(err.message).toContain(schema.name);
            expect(err.message).toContain(column);
            expect(err.message).toContain('migrate_mode: forced');
            expect(err.table).toBe(schema.name);
            // The change may involve more than one column (leaving the key makes _cq_id the key).
            expect(err.column).toBeTypeOf('string');
            expect(err.message).toContain(String(err.column));
            expect(await readRows(items.name)).toEqual([kept]);
            // The table still works with the schema it has.
            await destination.write(items, [row({ arn: 'arn:2', name: 'two', size: 2 })]);
            expect(await readRows(items.name)).toHaveLength(2);
          }));
      }

      overwriting('refuses a whole migration when one table is destructive, creating none of the others', () =>
        using('overwrite-delete-stale', async ({ destination, readRows }) => {
          await destination.migrate([items], 'safe');
          const [typeChange] = destructiveChanges;
          if (!typeChange) throw new Error('no destructive change declared');
          await refusal(destination.migrate([partitioned, typeChange.schema], 'safe'));
          await expect(readRows(partitioned.name)).rejects.toThrow();
        }));

      overwriting('rebuilds the table in forced mode so the new schema holds', () =>
        using('overwrite-delete-stale', async ({ destination, readRows }) => {
          await destination.migrate([items], 'safe');
          await destination.write(items, [row({ arn: 'arn:1', name: 'one', size: 1 })]);
          const keyed = destructiveChanges.find((c) => c.change === 'a column joins the primary key')?.schema;
          if (!keyed) throw new Error('no primary-key change declared');
          await destination.migrate([keyed], 'forced');
          // With (arn, name) as the key, the same ARN under two names is two rows.
          await destination.write(keyed, [row({ arn: 'arn:9', name: 'a', size: 1 }), row({ arn: 'arn:9', name: 'b', size: 2 })]);
          const rows = (await readRows(items.name)).filter((r) => r.arn === 'arn:9');
          expect(rows.map((r) => r.name).sort()).toEqual(['a', 'b']);
        }));
    });

    describe('write modes', () => {
      overwriting('upserts by primary key in overwrite mode: the second write updates, the count stays', () =>
        using('overwrite', async ({ destination, readRows }) => {
          await destination.migrate([items], 'safe');
          await destination.write(items, [row({ arn: 'arn:1', name: 'before', size: 1 }), row({ arn: 'arn:2', name: 'other', size: 2 })]);
          const updated = row({ arn: 'arn:1', name: 'after', size: 10 }, t2);
          await destination.write(items, [updated]);
          const rows = byKey(await readRows(items.name), 'arn');
          expect(rows.size).toBe(2);
          expect(rows.get('arn:1')).toEqual(updated);
          expect(rows.get('arn:2')?.name).toBe('other');
        }));

      overwriting('upserts on composite keys: rows differing in any key column are distinct', () =>
        using('overwrite-delete-stale', async ({ destination, readRows }) => {
          await destination.migrate([partitioned], 'safe');
          const p = (account_id: string, region: string, id: string, state: string): Row => row({ account_id, region, id, state });
          await destination.write(partitioned, [p('111', 'us-east-1', 'i-1', 'running'), p('111', 'eu-west-1', 'i-1', 'running'), p('222', 'us-east-1', 'i-1', 'running')]);
          await destination.write(partitioned, [p('111', 'eu-west-1', 'i-1', 'stopped')]);
          const rows = await readRows(partitioned.name);
          expect(rows).toHaveLength(3);
          const states = rows.map((r) => `${String(r.account_id)}/${String(r.region)}/${String(r.state)}`).sort();
          expect(states).toEqual(['111/eu-west-1/stopped', '111/us-east-1/running', '222/us-east-1/running']);
        }));

      it('keeps duplicates in append mode', () =>
        using('append', async ({ destination, readRows }) => {
          await destination.migrate([items], 'safe');
          const batch = [row({ arn: 'arn:1', name: 'one', size: 1 }), row({ arn: 'arn:2', name: 'two', size: 2 })];
          await destination.write(items, batch);
          await destination.write(items, batch);
          await destination.write(items, [row({ arn: 'arn:1', name: 'one again', size: 1 }, t2)]);
          const rows = await readRows(items.name);
          expect(rows).toHaveLength(5);
          expect(rows.filter((r) => r.arn === 'arn:1')).toHaveLength(3);
        }));
    });

    overwritingSuite('delete-stale', () => {
      const p = (account_id: string, region: string, id: string, syncTime: Date, sourceName = source): Row => ({
        ...row({ account_id, region, id, state: 'x' }, syncTime),
        _cq_source_name: sourceName,
      });

      overwriting('removes only older rows of the same source inside the given partition', () =>
        using('overwrite-delete-stale', async ({ destination, readRows }) => {
          await destination.migrate([partitioned], 'safe');
          await destination.write(partitioned, [
            p('111', 'us-east-1', 'gone-1', t1),
            p('111', 'us-east-1', 'gone-2', new Date(t2.getTime() - 1)),
            p('111', 'us-east-1', 'seen-again', t1),
            p('111', 'eu-west-1', 'other-region', t1),
            p('222', 'us-east-1', 'other-account', t1),
            p('111', 'us-east-1', 'other-source', t1, 'aws-other'),
            // Written after the sync began (text timestamps must compare as times).
            p('111', 'us-east-1', 'later', new Date(t2.getTime() + 100)),
          ]);
          await destination.write(partitioned, [p('111', 'us-east-1', 'seen-again', t2), p('111', 'us-east-1', 'new', t2)]);
          const deleted = await destination.deleteStale(partitioned, {
            sourceName: source,
            syncTime: t2,
            partitions: [{ account_id: '111', region: 'us-east-1' }],
          });
          expect(deleted).toBe(2);
          const ids = (await readRows(partitioned.name)).map((r) => r.id).sort();
          expect(ids).toEqual(['later', 'new', 'other-account', 'other-region', 'other-source', 'seen-again']);
        }));

      overwriting('removes stale rows of many partitions in one call, more than one statement holds', () =>
        using('overwrite-delete-stale', async ({ destination, readRows }) => {
          await destination.migrate([partitioned], 'safe');
          // 1,200 completed partitions (over STALE_CHUNK, so the call spans several statements), each with one stale row.
          const accounts = Array.from({ length: 600 }, (_, i) => String(100_000 + i));
          const completed = accounts.flatMap((a) => ['us-east-1', 'eu-west-1'].map((region) => ({ account_id: a, region })));
          await destination.write(partitioned, [
            ...completed.map((w) => p(w.account_id, w.region, `stale-${w.account_id}-${w.region}`, t1)),
            // A partition that did not complete keeps its rows; so does a region not in the list.
            p('999999', 'us-east-1', 'failed-partition', t1),
            p(accounts[0] as string, 'us-west-2', 'unlisted-region', t1),
          ]);
          const deleted = await destination.deleteStale(partitioned, { sourceName: source, syncTime: t2, partitions: completed });
          expect(deleted).toBe(1200);
          expect((await readRows(partitioned.name)).map((r) => r.id).sort()).toEqual(['failed-partition', 'unlisted-region']);
        }));

      overwriting('scopes by account alone for account-wide tables, and does nothing for no partitions', () =>
        using('overwrite-delete-stale', async ({ destination, readRows }) => {
          await destination.migrate([partitioned], 'safe');
          await destination.write(partitioned, [p('111', 'us-east-1', 'a', t1), p('111', 'eu-west-1', 'b', t1), p('222', 'us-east-1', 'c', t1)]);
          expect(await destination.deleteStale(partitioned, { sourceName: source, syncTime: t2, partitions: [] })).toBe(0);
          expect(await destination.deleteStale(partitioned, { sourceName: source, syncTime: t2, partitions: [{ account_id: '111' }] })).toBe(2);
          expect((await readRows(partitioned.name)).map((r) => r.id)).toEqual(['c']);
        }));

      overwriting('refuses a scope on a column the table lacks, deleting nothing', () =>
        using('overwrite-delete-stale', async ({ destination, readRows }) => {
          await destination.migrate([partitioned], 'safe');
          await destination.write(partitioned, [p('111', 'us-east-1', 'old', t1)]);
          const scope = { sourceName: source, syncTime: t2, partitions: [{ account_id: '111', no_such_column: 'x' }] };
          const err = await refusal(destination.deleteStale(partitioned, scope));
          expect(err.message).toContain('no_such_column');
          expect(await readRows(partitioned.name)).toHaveLength(1);
        }));
    });

    describe('values', () => {
      it('round-trips strings, integers, floats, booleans, timestamps, JSON, lists and NULLs', () =>
        using(mode, async ({ destination, readRows }) => {
          await destination.migrate([typed], 'safe');
          const input = typedRows();
          await destination.write(typed, input);
          const rows = byKey(await readRows(typed.name), 'id');
          expect(rows.size).toBe(input.length);
          for (const written of input) expect(rows.get(written.id)).toEqual(expectedTyped(written));
          const at = rows.get('full')?.at;
          expect(at).toBeInstanceOf(Date);
          expect((at as Date).toISOString()).toBe('2024-02-29T23:59:59.123Z');
        }));

      it('writes a batch atomically: a failing row leaves the batch unwritten and earlier batches intact', () =>
        using(mode, async ({ destination, readRows }) => {
          await destination.migrate([items], 'safe');
          const first = [row({ arn: 'arn:1', name: 'one', size: 1 }), row({ arn: 'arn:2', name: 'two', size: 2 })];
          await destination.write(items, first);
          const failing = [
            row({ arn: 'arn:1', name: 'changed', size: 100 }),
            row({ arn: 'arn:3', name: 'three', size: 3 }),
            row({ arn: null, name: 'violates NOT NULL', size: 4 }),
          ];
          const err = await refusal(destination.write(items, failing));
          expect(err.code).toBe('WRITE_FAILED');
          expect(err.message).toContain(items.name);
          const rows = await readRows(items.name);
          expect(byKey(rows, 'arn')).toEqual(byKey(first, 'arn'));
        }));
    });

    // Registered only for append-only destinations, so the SQL destinations' reports are unchanged.
    if (options.appendOnly) {
      describe('append-only', () => {
        it('refuses every other write mode when opened, naming write_mode', async () => {
          for (const writeMode of ['overwrite', 'overwrite-delete-stale'] as const) {
            const err = await factory({ writeMode }).then(
              async (harness) => harness.cleanup(),
              (e: unknown) => e,
            );
            expect(err, `${writeMode} should have been refused`).toBeInstanceOf(DestinationError);
            expect(err).toMatchObject({ code: 'INVALID_SPEC', message: expect.stringContaining('write_mode') });
          }
        });

        it('accepts every schema change: what was written keeps the schema it was written with', () =>
          using('append', async ({ destination, readRows }) => {
            await destination.migrate([items], 'safe');
            await destination.write(items, [row({ arn: 'arn:1', name: 'one', size: 1 })]);
            for (const { schema } of destructiveChanges) await destination.migrate([schema], 'safe');
            await destination.migrate([items], 'forced');
            await destination.write(items, [row({ arn: 'arn:2', name: 'two', size: 2 })]);
            expect((await readRows(items.name)).map((r) => r.arn).sort()).toEqual(['arn:1', 'arn:2']);
          }));
      });
    }

    scalingSuite('scale', () => {
      scaling('writes 1,000,000 rows in batches without keeping them', { timeout: 600_000 }, () =>
        using(mode, async (harness) => {
          const big = table('conf_big', [
            { name: 'account_id', type: 'string', primaryKey: true, notNull: true },
            { name: 'id', type: 'int', primaryKey: true, notNull: true },
            { name: 'name', type: 'string' },
            { name: 'tags', type: 'json' },
          ]);
          const gc = collectGarbage();
          await harness.destination.migrate([big], 'safe');
          const total = 1_000_000;
          const batchSize = 10_000;
          const makeBatch = (start: number): Row[] =>
            Array.from({ length: batchSize }, (_, i) =>
              row({ account_id: '111122223333', id: start + i, name: `resource-${start + i}`, tags: { n: start + i } }),
            );
          // Weak references to the first batch prove, after a full GC, that nothing holds it. They
          // are made in a plain function: a local of this async function may outlive its scope in
          // the suspended frame and keep the row alive itself.
          let first: { batch: WeakRef<Row[]>; row: WeakRef<Row> } | undefined;
          let heapAfterWarmup = 0;
          for (let start = 0; start < total; start += batchSize) {
            let batch = makeBatch(start);
            if (start === 0) first = weakly(batch);
            await harness.destination.write(big, batch);
            batch = [];
            if (start === 10 * batchSize) {
              gc();
              heapAfterWarmup = process.memoryUsage().heapUsed;
            }
          }
          // Let the last job's strong references to WeakRef targets lapse before collecting.
          await new Promise((resolve) => setImmediate(resolve));
          gc();
          expect(first, 'the first batch was tracked').toBeDefined();
          expect(first?.batch.deref(), 'the first batch is still reachable').toBeUndefined();
          expect(first?.row.deref(), 'a row of the first batch is still reachable').toBeUndefined();
          // 990,000 more rows after warm-up; retaining them would cost hundreds of MB.
          const growth = process.memoryUsage().heapUsed - heapAfterWarmup;
          expect(growth).toBeLessThan(64 * 1024 * 1024);
          const count = harness.countRows ? await harness.countRows(big.name) : (await harness.readRows(big.name)).length;
          expect(count).toBe(total);
        }));
    });
  });
}
