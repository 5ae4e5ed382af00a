import type { Paginator, ServiceModel } from '../../models/types.js';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { SandboxError } from '../errors.js';
import type { IdentityStore, Principal } from '../identity.js';

export { SandboxError, notFound } from '../errors.js';

/** A request's decoded input: model member names to plain values. */
export type Input = Record<string, unknown>;
/**
 * A handler's result: model member names to plain values (strings, numbers, booleans, Date for
 * timestamps, arrays, nested objects, plain objects for maps). The protocol layer serialises it.
 */
export type Output = Record<string, unknown>;

export interface RequestContext {
  universe: Universe;
  model: ServiceModel;
  operation: string;
  /** The caller's account and the cell the request reads: its region, or 'global' for global services. */
  cell: Cell;
  /** The region the request was signed for (the endpoint region). */
  region: string;
  principal: Principal;
  identity: IdentityStore;
  requestId: string;
  /** The URL the request was sent to (scheme and host), for URLs the response hands back (SQS QueueUrl). */
  endpoint: string;
  now(): Date;
}

export type Handler = (input: Input, ctx: RequestContext) => Output | Promise<Output>;

/** A resource kind's ground-truth count in a cell, for truth() and /_sandbox/truth. */
export interface KindCount {
  kind: string;
  scope: 'regional' | 'global';
  count(universe: Universe, cell: Cell): number;
}

export interface ServiceDefinition {
  /** The signing name, which is also the key of the service's model in src/models. */
  name: string;
  /** Account-wide services (IAM, Organizations) answer in any region and ignore region opt-in. */
  global?: boolean;
  kinds?: KindCount[];
  handlers: Record<string, Handler>;
}

export function defineService(definition: ServiceDefinition): ServiceDefinition {
  return definition;
}

/** The page sizes an operation accepts and the error code it rejects any other value with. */
export interface PageLimits {
  min: number;
  max: number;
  code: string;
}

export interface PageOptions {
  /** Page size when the caller sets no limit (AWS's default for the operation). */
  defaultPageSize?: number;
  /** The most items one page holds whatever the limit asked (Lambda: 50), as AWS caps silently. */
  maxPageSize?: number;
  /** The limits the operation accepts; a limit outside them is rejected with `code`, as AWS does. */
  limits?: PageLimits;
  /** Keep only items this accepts (filters); pages are then filled by scanning forward. */
  filter?: (item: unknown) => boolean;
  /** The error code the service answers a bad token with (ECS and EKS: InvalidParameterException). */
  invalidTokenCode?: string;
}

/**
 * How many items one filtered call examines at most. Past it the page ends early with a token, as
 * AWS's own filtered Describe calls return short or empty pages, so one call never scans a whole cell.
 */
const SCAN_BUDGET = 5_000;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Tokens name the operation and cell they belong to, so one cannot be replayed elsewhere. */
function tokenScope(ctx: RequestContext): string {
  return `${ctx.operation}:${ctx.cell.accountId}:${ctx.cell.region}`;
}

function encodeToken(offset: number, ctx: RequestContext): string {
  return Buffer.from(JSON.stringify({ o: offset, k: tokenScope(ctx) })).toString('base64url');
}

function decodeToken(token: string, ctx: RequestContext, total: number, code = 'InvalidNextToken'): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; k?: unknown };
    const { o } = parsed;
    if (typeof o === 'number' && Number.isSafeInteger(o) && o >= 0 && o <= total && parsed.k === tokenScope(ctx)) return o;
  } catch {
    // fall through to the error below
  }
  throw new SandboxError(code, `The pagination token ${token} is invalid.`);
}

/** Limits for an operation that declares none: any positive whole number, as the model's integer allows. */
const ANY_PAGE_SIZE: PageLimits = { min: 1, max: Number.MAX_SAFE_INTEGER, code: 'ValidationException' };

/**
 * A page-size member checked against its operation's limits, as AWS validates input before doing
 * anything else: undefined when absent, the value when it is a whole number in [min, max], otherwise
 * the service's error code with the validation wording AWS's request validation uses (member name
 * in lower camel case). Handlers that page without paginate() (DynamoDB ListTables) call this too.
 */
export function checkPageSize(value: unknown, member: string, limits: PageLimits): number | undefined {
  if (value === undefined || value === null) return undefined;
  const { min, max, code } = limits;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const constraint =
    typeof value !== 'number' || !Number.isInteger(value)
      ? `Member must be a whole number between ${min} and ${max}`
      : value < min
        ? `Member must have value greater than or equal to ${min}`
        : `Member must have value less than or equal to ${max}`;
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  throw new SandboxError(code, `1 validation error detected: Value '${String(value)}' at '${name}' failed to satisfy constraint: ${constraint}`);
}

/** The requested page size: the default when absent, rejected when outside the operation's limits, then capped. */
function pageSize(value: unknown, member: string, options: PageOptions): number {
  const cap = options.maxPageSize ?? 1000;
  const requested = checkPageSize(value, member, options.limits ?? ANY_PAGE_SIZE);
  return Math.min(cap, requested ?? options.defaultPageSize ?? 100);
}

/** The model's paginator for the current operation, or an error naming the gap. */
export function paginatorOf(ctx: RequestContext): Paginator {
  const paginator = ctx.model.paginators[ctx.operation];
  if (!paginator) throw new Error(`${ctx.model.metadata.endpointPrefix}:${ctx.operation} has no paginator in the model`);
  return paginator;
}

/**
 * One page of a list operation, following the model's paginator: reads its input token and limit
 * key, writes its result key, output token and more-results flag. `itemAt(i)` builds item i of
 * `total`, so only the items of the requested page are ever built.
 */
export function paginate(
  input: Input,
  ctx: RequestContext,
  total: number,
  itemAt: (index: number) => unknown,
  options: PageOptions = {},
): Output {
  const paginator = paginatorOf(ctx);
  const inputToken = first(paginator.input_token);
  const outputToken = first(paginator.output_token);
  const resultKey = first(paginator.result_key);
  if (!inputToken || !outputToken || !resultKey) throw new Error(`${ctx.operation}: incomplete paginator`);
  const token = input[inputToken];
  let offset = typeof token === 'string' && token !== '' ? decodeToken(token, ctx, total, options.invalidTokenCode) : 0;
  const limitKey = paginator.limit_key;
  const limit = pageSize(limitKey ? input[limitKey] : undefined, limitKey ?? 'limit', options);
  const items: unknown[] = [];
  const scanEnd = options.filter ? offset + Math.max(limit, SCAN_BUDGET) : total;
  while (offset < total && offset < scanEnd && items.length < limit) {
    const item = itemAt(offset);
    offset += 1;
    if (!options.filter || options.filter(item)) items.push(item);
  }
  const output: Output = { [resultKey]: items };
  const more = offset < total;
  if (more) output[outputToken] = encodeToken(offset, ctx);
  if (paginator.more_results) output[paginator.more_results] = more;
  return output;
}

/** All items of a list (for operations without a paginator), filtered. */
export function listAll(total: number, itemAt: (index: number) => unknown, filter?: (item: unknown) => boolean): unknown[] {
  const items: unknown[] = [];
  for (let i = 0; i < total; i++) {
    const item = itemAt(i);
    if (!filter || filter(item)) items.push(item);
  }
  return items;
}
