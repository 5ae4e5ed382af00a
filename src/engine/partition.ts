import type { Destination } from '../destinations/destination.js';
import type { StateStore } from '../state/state-store.js';
import { Cursor, cursorKey } from './cursor.js';
import { itemsAt, meteredCaller, readPages, type Caller } from './pages.js';
import { buildRow, type SyncInfo } from './rows.js';
import type { Partition } from './scheduler.js';
import type { Row } from './schema.js';
import type { PartitionResult } from './summary.js';
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
  destinations: readonly Destination[];
  sync: SyncInfo;
  batchSize: number;
  /** Child tables by parent table name. */
  children: ReadonlyMap<string, readonly Table[]>;
  /** Cursors of incremental tables; without it they read from their default start every sync. */
  state?: StateStore;
  /** CloudQuery's table_options, by table name. */
  tableOptions?: Readonly<Record<string, unknown>>;
  signal?: AbortSignal;
}

/** The name under which a state backend failure is reported: like a destination's, it fails the sync. */
export const STATE_BACKEND = 'state backend';

/** A destination failed: it stops the whole sync, unlike an AWS error, which stays in its partition. */
export class DestinationFailure extends Error {
  constructor(
    readonly destination: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Collects rows per table and writes them to every destination in batches; the slowest destination paces reading. */
class Writer {
  private readonly pending = new Map<Table, Row[]>();
  readonly written = new Map<string, number>();

  constructor(private readonly deps: PartitionDeps) {}

  async add(table: Table, row: Row): Promise<void> {
    const rows = this.pending.get(table) ?? [];
    rows.push(row);
    this.pending.set(table, rows);
    if (rows.length >= this.deps.batchSize) await this.flush(table);
  }

  async flush(table?: Table): Promise<void> {
    for (const t of table ? [table] : [...this.pending.keys()]) {
      const rows = this.pending.get(t) ?? [];
      if (rows.length === 0) continue;
      this.pending.set(t, []);
      await Promise.all(
        this.deps.destinations.map((d) =>
          d.write(t.schema, rows).catch((err: unknown) => {
            throw new DestinationFailure(d.name, err);
          }),
        ),
      );
      this.written.set(t.name, (this.written.get(t.name) ?? 0) + rows.length);
    }
  }
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

/** The items behind one page of listed values: the values themselves, or what `get` describes for them. */
async function itemsOf(table: Table, listed: unknown[], ctx: PartitionContext, deps: PartitionDeps, caller: Caller, parent?: Item): Promise<Item[]> {
  const get = table.get;
  if (!get) return listed.filter((v): v is Item => typeof v === 'object' && v !== null);
  const items: Item[] = [];
  const size = get.batch ?? 1;
  for (let i = 0; i < listed.length; i += size) {
    const chunk = get.batch ? listed.slice(i, i + size) : listed[i];
    const output = await optional(deps, () => caller.send(ctx, get.call, get.input(chunk, ctx, parent), deps.signal));
    if (!output) continue;
    const described = itemsAt(output, get.items);
    const key = get.batch ? undefined : get.listed;
    items.push(...(key ? described.map((item) => ({ ...item, [key]: chunk })) : described));
  }
  return items;
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
  writer: Writer,
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
    for await (const listed of readPages(table, where, caller, deps.signal, input)) {
      own.pages += 1;
      for (const item of await itemsOf(table, listed, where, deps, caller, parent?.item)) {
        const details = await detailsOf(table, item, where, deps, caller);
        const row = buildRow(table, item, ctx, deps.sync, (parent?.row._cq_id as string | undefined) ?? null, details, parent?.row);
        await writer.add(table, row);
        own.rows += 1;
        if (incremental) incremental.cursor.advance(table.incremental?.cursor(item));
        for (const child of deps.children.get(table.name) ?? []) await readTable(child, ctx, deps, writer, results, { item, row });
      }
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
async function readIncremental(table: Table, ctx: PartitionContext, deps: PartitionDeps, writer: Writer, results: Map<string, PartitionResult>): Promise<void> {
  const incremental = table.incremental;
  if (!incremental) return;
  for (const query of incremental.queries?.(deps.tableOptions?.[table.name]) ?? [{}]) {
    const cursor = await stateCall(() => Cursor.load(deps.state, cursorKey(table.name, ctx, query)));
    await readTable(table, ctx, deps, writer, results, undefined, { input: incremental.input(cursor.stored, ctx, query), cursor });
    await writer.flush();
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

/** One partition: its table and the child tables under it, each with its own result. */
export async function readPartition(p: Partition, deps: PartitionDeps): Promise<PartitionResult[]> {
  const started = performance.now();
  const writer = new Writer(deps);
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
    if (p.table.incremental) {
      await readIncremental(p.table, p.ctx, deps, writer, results);
    } else {
      await readTable(p.table, p.ctx, deps, writer, results);
      await writer.flush();
    }
  } catch (err) {
    if (!(err instanceof PartitionStop)) throw err;
  }
  const durationMs = performance.now() - started;
  const parent = results.get(p.table.name);
  return [...results.values()].map((r) => {
    // Rows count only once written; an AWS error after a flush keeps what was written as written.
    const written = writer.written.get(r.table) ?? 0;
    const inherited = r !== parent && parent && parent.status !== 'ok' ? { status: parent.status, code: parent.code, reason: `parent ${p.table.name}: ${parent.reason ?? ''}` } : {};
    return { ...r, rows: written, durationMs, ...inherited };
  });
}
