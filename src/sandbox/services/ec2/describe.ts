import { SandboxError, listAll, paginate, paginatorOf, type Input, type Output, type RequestContext } from '../service.js';
import { compileFilters, stringList, type FilterSpec, type TagLike } from './filters.js';

/** A family's items in one cell, built on demand by index. */
export interface Collection<T> {
  total: number;
  itemAt(index: number): T;
  filters: FilterSpec<T>;
  tags(item: T): readonly TagLike[] | undefined;
}

export interface IdLookup {
  /** The input member that lists ids (InstanceIds, VpcIds, ...). */
  key: string;
  /** The item index an id names, or undefined when the cell holds no such item. */
  indexOf(id: string): number | undefined;
  /** AWS's error for ids that name nothing. */
  notFound(missing: string[]): SandboxError;
}

export interface DescribeOptions<T> {
  /** Ways to name items (GroupIds and GroupNames both select security groups); their union is described. */
  ids?: IdLookup[];
  /** DescribeNatGateways names its filter list 'Filter'. */
  filtersKey?: string;
  /** A selection beyond Filters that the operation applies (DescribeImages' Owners). */
  where?: (item: T) => boolean;
}

/** EC2 rejects page sizes under 5 rather than clamping them. */
const MIN_PAGE = 5;
const PAGE = { defaultPageSize: 1000, maxPageSize: 1000 } as const;

/**
 * The shared body of every Describe*: the listed ids (all must exist) or every item of the cell,
 * narrowed by the filters, then one page as the model's paginator says (or all of them when the
 * operation has no pagination, as DescribeAddresses).
 */
export function describe<T>(input: Input, ctx: RequestContext, collection: Collection<T>, options: DescribeOptions<T> = {}): Output {
  const filters = compileFilters(input, collection.filters, (item: T) => collection.tags(item), options.filtersKey);
  const where = options.where;
  const keep = filters && where ? (item: T) => where(item) && filters(item) : (filters ?? where);
  const filter = keep ? (item: unknown) => keep(item as T) : undefined;

  let total = collection.total;
  let itemAt = (index: number): T => collection.itemAt(index);
  const named = selectByIds(input, options.ids);
  if (named) {
    total = named.length;
    itemAt = (position) => collection.itemAt(named[position] as number);
  }

  const paginator = paginatorOf(ctx);
  if (!paginator.input_token) {
    const resultKey = Array.isArray(paginator.result_key) ? paginator.result_key[0] : paginator.result_key;
    return { [resultKey ?? 'Items']: listAll(total, itemAt, filter) };
  }
  const maxResults = input[paginator.limit_key ?? 'MaxResults'];
  if (typeof maxResults === 'number' && maxResults < MIN_PAGE) {
    throw new SandboxError(
      'InvalidParameterValue',
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value greater than ${MIN_PAGE}.`,
    );
  }
  return paginate(input, ctx, total, itemAt, filter ? { ...PAGE, filter } : PAGE);
}

/** The indexes the request names through its id lists, or undefined when it names none. */
function selectByIds(input: Input, lookups: IdLookup[] = []): number[] | undefined {
  let indexes: number[] | undefined;
  for (const lookup of lookups) {
    const ids = stringList(input, lookup.key);
    if (!ids || ids.length === 0) continue;
    const unique = [...new Set(ids)];
    const found = unique.map((id) => lookup.indexOf(id));
    const missing = unique.filter((_, i) => found[i] === undefined);
    if (missing.length > 0) throw lookup.notFound(missing);
    indexes = [...new Set([...(indexes ?? []), ...(found as number[])])];
  }
  return indexes;
}

/** EC2 leaves out an empty tag set rather than sending an empty one. */
export function tagList<T>(tags: T[]): T[] | undefined {
  return tags.length > 0 ? tags : undefined;
}

/** EC2's not-found message, singular or plural as AWS words it ("The vpc ID 'vpc-1' does not exist"). */
export function notFoundError(code: string, noun: string, missing: string[]): SandboxError {
  const quoted = `'${missing.join(', ')}'`;
  return missing.length === 1
    ? new SandboxError(code, `The ${noun} ID ${quoted} does not exist`)
    : new SandboxError(code, `The ${noun} IDs ${quoted} do not exist`);
}
