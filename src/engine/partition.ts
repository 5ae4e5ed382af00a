import type { StateStore } from '../state/state-store.js';
import { Cursor, cursorKey } from './cursor.js';
import { itemsAt, meteredCaller, readPages, type Caller } from './pages.js';
import { buildRow, type SyncInfo } from './rows.js';
import type { Partition } from './scheduler.js';
import type { Row } from './schema.js';
import type { PartitionResult } from './summary.js';
import { DestinationFailure, type Marks, type SyncWriter } from './writer.js';
import type { Details, Item, PartitionContext, Table } from './table.js';

/** What the AWS layer says about an error: skip the item (not found), skip the partition, or fail it. */
export interface ErrorVerdict {
  action: 'skip-item' | 'skip' | 'fail';
  code: string;
  reason: string;
}

export interface PartitionDeps {
  caller: Caller;
  classify: (err: unknown) => ErrorVerdict;
  /** Shared by every partition: rows are batched per table across partitions. */
  writer: SyncWriter;
  sync: SyncInfo;
  /** Child tables by parent table name. */
  children: ReadonlyMap<string, readonly Table[]>;
  /** Listed items worked on at once in a table with per-item calls (get, details, children). */
  fanOut: number;
  /** Cursors of incremental tables; without it they read from their default start every sync. */
  state?: StateStore;
  /** CloudQuery's table_options, by table name. */
  tableOptions?: Readonly<Record<string, unknown>>;
  signal?: AbortSignal;
}

/** The name under which a state backend failure is reported: like a destination's, it fails the sync. */
export const STATE_BACKEND = 'state backend';

/** What one partition read: a result per table of it, and how far its rows reach in the writer. */
export interface PartitionOutcome {
  results: PartitionResult[];
  marks: Marks;
}

/** One partition's rows: they go to the shared writer, and the partition remembers how far they reach. */
class Rows {
  readonly marks: Marks = new Map();

  constructor(private readonly writer: SyncWriter) {}

  async add(table: Table, row: Row): Promise<void> {
    const mark = await this.writer.add(table, row);
    // Adds of one table can finish out of order under fan-out: keep the furthest.
    if (mark > (this.marks.get(table) ?? 0)) this.marks.set(table, mark);
  }

  written(): Promise<void> {
    return this.writer.written(this.marks);
  }
}

/**
 * Runs `work` over the values with at most `limit` at once, in order of start. On the first
 * error no further value starts; the running ones finish (so no row is added after the partition
 * ends), then the error is thrown.
 */
async function forEachLimited<T>(values: readonly T[], limit: number, work: (value: T) => Promise<void>): Promise<void> {
  if (limit <= 1 || values.length <= 1) {
    for (const value of values) await work(value);
    return;
  }
  let next = 0;
  let failure: { err: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < values.length) {
      const value = values[next++] as T;
      try {
        await work(value);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, lane));
  if (failure) throw failure.err;
}

/** Whether a table makes calls per listed item: only then is fanning out worth it. */
function callsPerItem(table: Table, deps: PartitionDeps): boolean {
  return Boolean(table.get) || Object.keys(table.details ?? {}).length > 0 || (deps.children.get(table.name)?.length ?? 0) > 0;
}

function result(table: Table, ctx: PartitionContext): PartitionResult {
  return { table: table.name, accountId: ctx.accountId, region: ctx.region, status: 'ok', rows: 0, pages: 0, calls: 0, retries: 0, throttles: 0, durationMs: 0 };
}

/** Runs a call whose not-found answer means "nothing here" rather than a failure. */
async function optional(deps: PartitionDeps, send: () => Promise<Item>): Promise<Item | undefined> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof DestinationFailure || deps.classify(err).action !== 'skip-item') throw err;
    return undefined;
  }
}

/** What one page of listed values is worked in: each value, or each batch of values for a batched get. */
function unitsOf(table: Table, listed: unknown[]): unknown[] {
  const size = table.get?.batch;
  if (!size) return listed;
  const units: unknown[] = [];
  for (let i = 0; i < listed.length; i += size) units.push(listed.slice(i, i + size));
  return units;
}

/** The items behind one listed value (or batch of them): the value itself, or what `get` describes for it. */
async function itemsOf(table: Table, unit: unknown, ctx: PartitionContext, deps: PartitionDeps, caller: Caller, parent?: Item): Promise<Item[]> {
  const get = table.get;
  if (!get) return typeof unit === 'object' && unit !== null ? [unit as Item] : [];
  const output = await optional(deps, () => caller.send(ctx, get.call, get.input(unit, ctx, parent), deps.signal));
  if (!output) return [];
  const described = itemsAt(output, get.items);
  const key = get.batch ? undefined : get.listed;
  return key ? described.map((item) => ({ ...item, [key]: unit })) : described;
}

async function detailsOf(table: Table, item: Item, ctx: PartitionContext, deps: PartitionDeps, caller: Caller): Promise<Details> {
  const details: Details = {};
  for (const [name, detail] of Object.entries(table.details ?? {})) {
    if (detail.when && !detail.when(item, ctx)) continue;
    const where = { ...ctx, region: detail.region?.(item, details) ?? ctx.region };
    details[name] = await optional(deps, () => caller.send(where, detail.call, detail.input(item, where), deps.signal));
  }
  return details;
}

/** Reads one table (a child's input from its parent, an incremental table's from its cursor) and hands every row to the writer; children follow each parent row. */
async function readTable(
  table: Table,
  ctx: PartitionContext,
  deps: PartitionDeps,
  rows: Rows,
  results: Map<string, PartitionResult>,
  parent?: { item: Item; row: Row },
  incremental?: { input: Item; cursor: Cursor },
): Promise<void> {
  const own = results.get(table.name) ?? result(table, ctx);
  results.set(table.name, own);
  if (own.status !== 'ok') return;
  if (parent && table.parent?.when && !table.parent.when(parent.item, ctx)) return;
  const input = parent && table.parent ? table.parent.input(parent.item, ctx) : incremental?.input;
  // A child's calls may belong in another region than the partition's (S3 answers 301 elsewhere); its rows stay in the partition.
  const region = parent && table.parent?.region ? table.parent.region(parent.item, parent.row) : undefined;
  const where = region ? { ...ctx, region } : ctx;
  // Every call this table makes in the partition (list, get, details) is counted on its own result.
  const caller = meteredCaller(deps.caller, own);
  try {
    const fanOut = callsPerItem(table, deps) ? deps.fanOut : 1;
    for await (const listed of readPages(table, where, caller, deps.signal, input)) {
      own.pages += 1;
      await forEachLimited(unitsOf(table, listed), fanOut, async (unit) => {
        for (const item of await itemsOf(table, unit, where, deps, caller, parent?.item)) {
          const details = await detailsOf(table, item, where, deps, caller);
          const row = buildRow(table, item, ctx, deps.sync, (parent?.row._cq_id as string | undefined) ?? null, details, parent?.row);
          await rows.add(table, row);
          own.rows += 1;
          if (incremental) incremental.cursor.advance(table.incremental?.cursor(item));
          for (const child of deps.children.get(table.name) ?? []) await readTable(child, ctx, deps, rows, results, { item, row });
        }
      });
    }
  } catch (err) {
    if (err instanceof DestinationFailure) throw err;
    const verdict = deps.classify(err);
    // A child's failure for one parent marks the child table in this partition; the parent carries on.
    if (parent && verdict.action === 'skip-item') return;
    own.status = verdict.action === 'fail' ? 'failed' : 'skipped';
    own.code = verdict.code;
    own.reason = verdict.reason;
    if (!parent) throw new PartitionStop();
  }
}

class PartitionStop extends Error {}

/**
 * One read per query of an incremental table, each from its stored cursor. A cursor is stored
 * only once every row it covers is written to every destination: a sync that dies in between
 * reads those rows again next time, and upserts by primary key keep them single.
 */
async function readIncremental(table: Table, ctx: PartitionContext, deps: PartitionDeps, rows: Rows, results: Map<string, PartitionResult>): Promise<void> {
  const incremental = table.incremental;
  if (!incremental) return;
  for (const query of incremental.queries?.(deps.tableOptions?.[table.name]) ?? [{}]) {
    const cursor = await stateCall(() => Cursor.load(deps.state, cursorKey(table.name, ctx, query)));
    await readTable(table, ctx, deps, rows, results, undefined, { input: incremental.input(cursor.stored, ctx, query), cursor });
    await rows.written();
    const state = deps.state;
    if (state && cursor.moved && cursor.value !== undefined) {
      const value = cursor.value;
      await stateCall(() => state.set(cursor.key, value));
    }
  }
}

async function stateCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new DestinationFailure(STATE_BACKEND, err);
  }
}

/**
 * One partition: its table and the child tables under it, each with its own result. It ends when
 * its reading ends; its rows may still wait in the writer for their batch (see `marks`).
 */
export async function readPartition(p: Partition, deps: PartitionDeps): Promise<PartitionOutcome> {
  const started = performance.now();
  const rows = new Rows(deps.writer);
  const results = new Map<string, PartitionResult>();
  // Every descendant gets a result even when no parent item exists, so its stale rows are deleted too.
  const visit = (table: Table): void => {
    for (const child of deps.children.get(table.name) ?? []) {
      results.set(child.name, result(child, p.ctx));
      visit(child);
    }
  };
  visit(p.table);
  try {
    if (p.table.incremental) await readIncremental(p.table, p.ctx, deps, rows, results);
    else await readTable(p.table, p.ctx, deps, rows, results);
  } catch (err) {
    if (!(err instanceof PartitionStop)) throw err;
  }
  const durationMs = performance.now() - started;
  const parent = results.get(p.table.name);
  return {
    marks: rows.marks,
    results: [...results.values()].map((r) => {
      // An AWS error part-way keeps the rows read before it: they are written, and counted.
      const inherited = r !== parent && parent && parent.status !== 'ok' ? { status: parent.status, code: parent.code, reason: `parent ${p.table.name}: ${parent.reason ?? ''}` } : {};
      return { ...r, durationMs, ...inherited };
    }),
  };
}
