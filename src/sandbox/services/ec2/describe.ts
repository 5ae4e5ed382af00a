import {
  SandboxError,
  checkPageSize,
  listAll,
  paginate,
  paginatorOf,
  type Input,
  type Output,
  type PageLimits,
  type RequestContext,
} from '../service.js';
import { compileFilters, stringList, type FilterSpec, type TagLike } from './filters.js';

/** A family's items in one cell, built on demand by index. */
export interface Collection<T> {
  total: number;
  itemAt(index: number): T;
  filters: FilterSpec<T>;
  tags(item: T): readonly TagLike[] | undefined;
}

interface IdLookup {
  /** The input member that lists ids (InstanceIds, VpcIds, ...). */
  key: string;
  /** The item index an id names, or undefined when the cell holds no such item. */
  indexOf(id: string): number | undefined;
  /** AWS's error for ids that name nothing. */
  notFound(missing: string[]): SandboxError;
}

interface DescribeOptions<T> {
  /** Ways to name items (GroupIds and GroupNames both select security groups); their union is described. */
  ids?: IdLookup[];
  /** DescribeNatGateways names its filter list 'Filter'. */
  filtersKey?: string;
  /** A selection beyond Filters that the operation applies (DescribeImages' Owners). */
  where?: (item: T) => boolean;
}

/** The largest value the wire's 32-bit integer holds: the only upper bound of some operations. */
const INT32_MAX = 2_147_483_647;

interface Paging {
  /** The largest MaxResults the operation accepts (the smallest is always 5). */
  max: number;
  /** The id list AWS refuses beside MaxResults: its member and the name AWS's message gives it. */
  exclusive?: { key: string; wireName: string };
}

/**
 * MaxResults per paginated Describe*. Where the model declares a range (5..1000; route tables
 * 5..100) EC2 rejects anything outside it. Instances, volumes and images declare none: EC2 rejects
 * values under 5 and answers larger ones with at most 1000 items. Those three, VPCs and network
 * interfaces refuse MaxResults together with their id list (InvalidParameterCombination).
 */
const paging: Record<string, Paging> = {
  DescribeImages: { max: INT32_MAX, exclusive: { key: 'ImageIds', wireName: 'imageIdsSet' } },
  DescribeInstances: { max: INT32_MAX, exclusive: { key: 'InstanceIds', wireName: 'instancesSet' } },
  DescribeInternetGateways: { max: 1000 },
  DescribeNatGateways: { max: 1000 },
  DescribeNetworkInterfaces: { max: 1000, exclusive: { key: 'NetworkInterfaceIds', wireName: 'networkInterfaceIdSet' } },
  DescribeRouteTables: { max: 100 },
  DescribeSecurityGroups: { max: 1000 },
  DescribeSubnets: { max: 1000 },
  DescribeVolumes: { max: INT32_MAX, exclusive: { key: 'VolumeIds', wireName: 'volumeSet' } },
  DescribeVpcs: { max: 1000, exclusive: { key: 'VpcIds', wireName: 'VpcIds' } },
};

/**
 * The page limits of the current operation, after refusing MaxResults beside an id list. AWS checks
 * both before looking anything up, so a bad page size wins over ids that do not exist.
 */
function pageLimits(input: Input, ctx: RequestContext, limitKey: string): PageLimits {
  const rule = paging[ctx.operation];
  if (!rule) throw new Error(`ec2:${ctx.operation} has no MaxResults range`);
  const { exclusive } = rule;
  if (exclusive && input[limitKey] !== undefined && (stringList(input, exclusive.key)?.length ?? 0) > 0) {
    throw new SandboxError(
      'InvalidParameterCombination',
      `The parameter ${exclusive.wireName} cannot be used with the parameter maxResults`,
    );
  }
  const limits = { min: 5, max: rule.max, code: 'InvalidParameterValue' };
  checkPageSize(input[limitKey], limitKey, limits);
  return limits;
}

/**
 * The shared body of every Describe*: the listed ids (all must exist) or every item of the cell,
 * narrowed by the filters, then one page as the model's paginator says (or all of them when the
 * operation has no pagination, as DescribeAddresses).
 */
export function describe<T>(input: Input, ctx: RequestContext, collection: Collection<T>, options: DescribeOptions<T> = {}): Output {
  const paginator = paginatorOf(ctx);
  const limitKey = paginator.limit_key ?? 'MaxResults';
  const limits = paginator.input_token ? pageLimits(input, ctx, limitKey) : undefined;
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

  if (!limits) {
    const resultKey = Array.isArray(paginator.result_key) ? paginator.result_key[0] : paginator.result_key;
    return { [resultKey ?? 'Items']: listAll(total, itemAt, filter) };
  }
  return paginate(input, ctx, total, itemAt, { defaultPageSize: 1000, maxPageSize: 1000, limits, filter });
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
