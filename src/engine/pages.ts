import { serviceModels } from '../models/index.js';
import type { CallRef, Item, PartitionContext, TableDefinition } from './table.js';

/**
 * Sends one call for the engine. src/aws implements it with SDK clients (pooled per account and
 * region, with retries and rate limits); the engine only passes the table's call reference along.
 */
export interface Caller {
  send(ctx: PartitionContext, call: CallRef, input: Item, signal?: AbortSignal): Promise<Item>;
}

/** The values at a path such as `Reservations[].Instances[]` (objects) or `TableNames[]` (ids) in one page. */
export function valuesAt(page: Item, path: string): unknown[] {
  let values: unknown[] = [page];
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

/**
 * Every page of a table's list call in one partition, following the operation's paginator in the
 * AWS model (input token, output token, more-results flag). Pages are yielded one at a time, so a
 * slow consumer holds the reader back instead of pages piling up.
 */
export async function* readPages(
  table: TableDefinition,
  ctx: PartitionContext,
  caller: Caller,
  signal?: AbortSignal,
  input?: Item,
): AsyncGenerator<unknown[]> {
  const paginator = serviceModels[table.service]?.paginators[table.list.operation];
  const inputToken = first(paginator?.input_token);
  const outputToken = first(paginator?.output_token);
  const base = input ?? table.list.input?.(ctx) ?? {};
  let token: unknown;
  const seen = new Set<string>();
  do {
    signal?.throwIfAborted();
    const input = inputToken && token !== undefined ? { ...base, [inputToken]: token } : base;
    const page = await caller.send(ctx, table.list.call, input, signal);
    yield valuesAt(page, table.list.items);
    token = outputToken ? page[outputToken] : undefined;
    if (paginator?.more_results && page[paginator.more_results] !== true) token = undefined;
    if (typeof token === 'string') {
      // A service that hands back a token it already gave would page forever.
      if (seen.has(token)) throw new Error(`${table.name}: ${table.list.operation} returned the same page token twice`);
      seen.add(token);
    }
  } while (token !== undefined && token !== null && token !== '');
}
