import { removalSecond } from '../data/event-timeline.js';
import { hash32 } from '../data/random.js';
import type { RemovalRecord } from '../data/removals.js';
import { generatedEvent, lookupEventOf, parseEventId, removalEvent, type EventCore, type EventScope } from './cloudtrail-events.js';
import { SandboxError, type Input, type Output, type RequestContext } from './service.js';

/**
 * cloudtrail:LookupEvents over a cell's event stream, newest first, as AWS answers it: the last 90
 * days only, StartTime/EndTime inclusive, one lookup attribute, 1-50 events a page, and tokens
 * that only continue the query they came from. A page builds only the events it returns (and, with
 * a lookup attribute, the ones it examines: at most SCAN_BUDGET, after which it ends early with a
 * token, as AWS's own pages may come back short or empty).
 */
const MAX_RESULTS = 50;
const RETENTION_MS = 90 * 86_400_000;
const SCAN_BUDGET = 5_000;
const attributeKeys = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
type AttributeKey = (typeof attributeKeys)[number];

interface Attribute {
  key: AttributeKey;
  value: string;
}

interface Query {
  startSec: number;
  endSec: number;
  attribute?: Attribute;
  maxResults: number;
  /** What a token is bound to: the cell and every parameter but the page size. */
  fingerprint: number;
}

function timeOf(input: Input, member: string): Date | undefined {
  const value = input[member];
  return value instanceof Date ? value : undefined;
}

function maxResultsOf(input: Input): number {
  const value = input.MaxResults;
  if (value === undefined || value === null) return MAX_RESULTS;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_RESULTS) return value;
  throw new SandboxError('InvalidMaxResultsException', 'Value for parameter MaxResults is not valid. Valid values are 1 to 50.');
}

function attributeOf(input: Input): Attribute | undefined {
  const list = input.LookupAttributes;
  if (list === undefined || (Array.isArray(list) && list.length === 0)) return undefined;
  if (!Array.isArray(list) || list.length !== 1) {
    throw new SandboxError('InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
  }
  const entry = list[0] as { AttributeKey?: unknown; AttributeValue?: unknown } | undefined;
  const key = attributeKeys.find((k) => k === entry?.AttributeKey);
  if (!key) throw new SandboxError('InvalidLookupAttributesException', `Invalid attribute key: ${String(entry?.AttributeKey)}.`);
  const value = entry?.AttributeValue;
  if (typeof value !== 'string' || value === '' || value.length > 2000) {
    throw new SandboxError('InvalidLookupAttributesException', `Invalid value for the ${key} lookup attribute.`);
  }
  if (key === 'ReadOnly' && value !== 'true' && value !== 'false') {
    throw new SandboxError('InvalidLookupAttributesException', 'The value of the ReadOnly lookup attribute must be true or false.');
  }
  return { key, value };
}

function queryOf(input: Input, ctx: RequestContext, nowMs: number): Query | 'insight' {
  const category = input.EventCategory;
  const maxResults = maxResultsOf(input);
  const attribute = attributeOf(input);
  if (category !== undefined && category !== 'insight') {
    throw new SandboxError('InvalidEventCategoryException', `Invalid event category: ${String(category)}.`);
  }
  const start = timeOf(input, 'StartTime');
  const end = timeOf(input, 'EndTime');
  if (start && end && start.getTime() > end.getTime()) {
    throw new SandboxError('InvalidTimeRangeException', 'Start time must be before or equal to end time.');
  }
  // The sandbox records no Insights events.
  if (category === 'insight') return 'insight';
  const floorSec = Math.ceil((nowMs - RETENTION_MS) / 1000);
  const startSec = Math.max(floorSec, start ? Math.ceil(start.getTime() / 1000) : floorSec);
  const endSec = end ? Math.floor(end.getTime() / 1000) : Math.floor(nowMs / 1000);
  const fingerprint = hash32(
    ctx.cell.accountId,
    ctx.cell.region,
    start?.getTime() ?? 'none',
    end?.getTime() ?? 'none',
    attribute?.key ?? 'none',
    attribute?.value ?? 'none',
  );
  return { startSec, endSec, attribute, maxResults, fingerprint };
}

/** Where a query continues: below generated event g and below removal event position r. */
interface Cursor {
  g: number;
  r: number;
}

function checksum(ctx: RequestContext, q: number, cursor: Cursor): number {
  return hash32(ctx.universe.seed, 'lookup-events-token', q, cursor.g, cursor.r);
}

function encodeToken(ctx: RequestContext, query: Query, cursor: Cursor): string {
  const body = { q: query.fingerprint, g: cursor.g, r: cursor.r, c: checksum(ctx, query.fingerprint, cursor) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeToken(ctx: RequestContext, query: Query, token: string): Cursor {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { q, g, r, c } = body;
    if (q === query.fingerprint && Number.isSafeInteger(g) && Number.isSafeInteger(r)) {
      const cursor = { g: g as number, r: r as number };
      // Base64 decoding forgives stray characters; only the exact token this query issued is accepted.
      if (cursor.g >= 0 && cursor.r >= 0 && c === checksum(ctx, query.fingerprint, cursor) && encodeToken(ctx, query, cursor) === token) return cursor;
    }
  } catch {
    // fall through to the error below
  }
  throw new SandboxError('InvalidNextTokenException', 'Invalid NextToken. The token must come from a call with the same parameters.');
}

function matches(core: EventCore, attribute: Attribute | undefined): boolean {
  if (!attribute) return true;
  const { key, value } = attribute;
  switch (key) {
    case 'EventId':
      return core.id === value;
    case 'EventName':
      return core.name === value;
    case 'EventSource':
      return core.source === value;
    case 'ReadOnly':
      return String(core.readOnly) === value;
    case 'Username':
      return core.actor.username === value;
    case 'AccessKeyId':
      return core.actor.accessKeyId === value;
    case 'ResourceType':
      return core.resources.some((r) => r.ResourceType === value);
    case 'ResourceName':
      return core.resources.some((r) => r.ResourceName === value);
  }
}

/** A cell's removal events as one sequence, oldest first: position p is event k of a record. */
class RemovalEvents {
  private readonly starts: number[] = [];
  readonly lo: number;
  readonly hi: number;

  constructor(
    private readonly records: readonly RemovalRecord[],
    query: Query,
    nowMs: number,
  ) {
    let position = 0;
    let lo = -1;
    let hi = 0;
    for (const record of records) {
      this.starts.push(position);
      const sec = removalSecond(record.atMs);
      const inRange = record.atMs <= nowMs && sec >= query.startSec && sec <= query.endSec;
      if (inRange && lo < 0) lo = position;
      position += record.events;
      if (inRange) hi = position;
    }
    this.lo = lo < 0 ? hi : lo;
    this.hi = hi;
  }

  at(position: number): { record: RemovalRecord; k: number } {
    let i = this.records.length - 1;
    while (i > 0 && (this.starts[i] ?? 0) > position) i -= 1;
    const record = this.records[i] as RemovalRecord;
    return { record, k: position - (this.starts[i] ?? 0) };
  }
}

/** The one event an EventId names, if it exists now and is inside the time range. */
function lookupById(scope: EventScope, query: Query, nowMs: number, id: string): EventCore[] {
  const ref = parseEventId(scope.universe, scope.cell, id);
  if (!ref) return [];
  const core = ref.type === 'generated' ? generatedEvent(scope, ref.n) : removalEvent(scope, ref.record, ref.k);
  const exists = ref.type === 'generated' ? core.timeSec * 1000 <= nowMs : ref.record.atMs <= nowMs;
  return exists && core.timeSec >= query.startSec && core.timeSec <= query.endSec ? [core] : [];
}

export function lookupEvents(input: Input, ctx: RequestContext): Output {
  const nowMs = ctx.now().getTime();
  const query = queryOf(input, ctx, nowMs);
  if (query === 'insight') return { Events: [] };
  const { universe, cell } = ctx;
  const scope: EventScope = { universe, cell, adminKeyId: ctx.identity.staticCredentials(cell.accountId).accessKeyId };
  const token = typeof input.NextToken === 'string' && input.NextToken !== '' ? decodeToken(ctx, query, input.NextToken) : undefined;
  const emit = (cores: EventCore[]) => cores.map((core) => lookupEventOf(core, cell, universe.seed));
  if (query.attribute?.key === 'EventId') return { Events: token ? [] : emit(lookupById(scope, query, nowMs, query.attribute.value)) };

  const generated = universe.timeline.range(cell, query.startSec, query.endSec, nowMs);
  const removals = new RemovalEvents(universe.removals.inEventCell(cell), query, nowMs);
  // New events since the first page sit above the cursor, so a paged query never repeats or skips one.
  let g = Math.min(token?.g ?? generated.hi, generated.hi);
  let r = Math.min(token?.r ?? removals.hi, removals.hi);
  const found: EventCore[] = [];
  let examined = 0;
  while (found.length < query.maxResults && examined < SCAN_BUDGET && (g > generated.lo || r > removals.lo)) {
    const generatedMs = g > generated.lo ? universe.timeline.timeOf(cell, g - 1) * 1000 : Number.NEGATIVE_INFINITY;
    const removal = r > removals.lo ? removals.at(r - 1) : undefined;
    let core: EventCore;
    if (removal && removal.record.atMs >= generatedMs) {
      core = removalEvent(scope, removal.record, removal.k);
      r -= 1;
    } else {
      core = generatedEvent(scope, g - 1);
      g -= 1;
    }
    examined += 1;
    if (matches(core, query.attribute)) found.push(core);
  }
  const output: Output = { Events: emit(found) };
  if (g > generated.lo || r > removals.lo) output.NextToken = encodeToken(ctx, query, { g, r });
  return output;
}
