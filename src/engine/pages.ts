import { serviceModels } from '../models/index.js';
import type { CallRef, Item, PartitionContext, TableDefinition } from './table.js';

/**
 * Sends one call for the engine. src/aws implements it with SDK clients (pooled per account and
 * region, with retries and rate limits); the engine only passes the table's call reference along.
 */
export interface Caller {
  /** `meter`, when given, counts the attempts this call made, its retries and the attempts AWS throttled. */
  send(ctx: PartitionContext, call: CallRef, input: Item, signal?: AbortSignal, meter?: CallMeter): Promise<Item>;
}

/** What a table's calls cost in one partition; the retries happen inside the AWS layer, so it counts them. */
export interface CallMeter {
  /** Requests sent, retries included. */
  calls: number;
  retries: number;
  throttles: number;
}

/** A caller whose every call is counted into `meter`. */
export function meteredCaller(caller: Caller, meter: CallMeter): Caller {
  return { send: (ctx, call, input, signal) => caller.send(ctx, call, input, signal, meter) };
}

/** The values at a path such as `Reservations[].Instances[]` (objects) or `TableNames[]` (ids) in one page. */
export function valuesAt(page: Item, path: string): unknown[] {
  let values: unknown[] = [page];
  // The empty path is the page itself (an output that is the item, as Lambda's GetFunction).
  if (path === '') return values;
  for (const step of path.split('.')) {
    const list = step.endsWith('[]');
    const name = list ? step.slice(0, -2) : step;
    const next: unknown[] = [];
    for (const value of values) {
      const member = value && typeof value === 'object' ? (value as Item)[name] : undefined;
      if (member === undefined || member === null) continue;
      if (list) {
        if (Array.isArray(member)) next.push(...member);
      } else {
        next.push(member);
      }
    }
    values = next;
  }
  return values;
}

/** The objects at a path: the items of a table. */
export function itemsAt(page: Item, path: string): Item[] {
  return valuesAt(page, path).filter((v): v is Item => typeof v === 'object' && v !== null);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Every page of one paginated call, following its paginator in the AWS model (input token, output token, more-results flag). */
async function* pagesOf(
  name: string,
  service: string,
  call: { call: CallRef; operation: string; items: string },
  ctx: PartitionContext,
  caller: Caller,
  base: Item,
  signal?: AbortSignal,
): AsyncGenerator<unknown[]> {
  const paginator = serviceModels[service]?.paginators[call.operation];
  const inputToken = first(paginator?.input_token);
  const outputToken = first(paginator?.output_token);
  let token: unknown;
  const seen = new Set<string>();
  do {
    signal?.throwIfAborted();
    const input = inputToken && token !== undefined ? { ...base, [inputToken]: token } : base;
    const page = await caller.send(ctx, call.call, input, signal);
    yield valuesAt(page, call.items);
    token = outputToken ? page[outputToken] : undefined;
    if (paginator?.more_results && page[paginator.more_results] !== true) token = undefined;
    if (typeof token === 'string') {
      // A service that hands back a token it already gave would page forever.
      if (seen.has(token)) throw new Error(`${name}: ${call.operation} returned the same page token twice`);
      seen.add(token);
    }
  } while (token !== undefined && token !== null && token !== '');
}

/**
 * Every page of a table's list call in one partition. With `seed`, the list runs once per seeded
 * value; with `recurse`, once more per listed value that names a further parent (breadth first).
 * Pages are yielded one at a time, so a slow consumer holds the reader back instead of pages piling up.
 */
export async function* readPages(
  table: TableDefinition,
  ctx: PartitionContext,
  caller: Caller,
  signal?: AbortSignal,
  input?: Item,
): AsyncGenerator<unknown[]> {
  const { list } = table;
  const queue: Item[] = [];
  if (list.seed && !input) {
    for await (const values of pagesOf(table.name, table.service, list.seed, ctx, caller, list.input?.(ctx) ?? {}, signal)) {
      for (const value of values) queue.push(list.seed.input(value, ctx));
    }
  } else {
    queue.push(input ?? list.input?.(ctx) ?? {});
  }
  // A tree with a cycle (or a parent listed twice) must not be walked forever.
  const listed = new Set<string>();
  for (let base = queue.shift(); base !== undefined; base = queue.shift()) {
    const key = JSON.stringify(base);
    if (listed.has(key)) continue;
    listed.add(key);
    for await (const values of pagesOf(table.name, table.service, list, ctx, caller, base, signal)) {
      yield values;
      if (!list.recurse) continue;
      for (const value of values) {
        const next = list.recurse(value, ctx);
        if (next) queue.push(next);
      }
    }
  }
}
